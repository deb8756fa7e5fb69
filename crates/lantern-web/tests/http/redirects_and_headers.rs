//! Where a saved form sends people, and the headers on every kind of response.

use crate::helpers::*;
use lantern_core::{EntityKind, InputVal};
use lantern_store::ListQuery;
use lantern_web::WebConfig;

/// A supplier's edit form as a browser would send it, with `return_to`.
async fn supplier_form(app: &TestApp, id: i64, csrf: &str, return_to: &str) -> (Vec<(String, String)>, i64) {
    let stored = app.store.get(EntityKind::Supplier, id).await.unwrap();
    let mut form: Vec<(String, String)> = Vec::new();
    for (k, v) in stored.record.to_input() {
        match v {
            InputVal::One(s) => form.push((k, s)),
            InputVal::Many(items) => form.extend(items.into_iter().map(|s| (k.clone(), s))),
            InputVal::Pairs(_) => {}
        }
    }
    form.retain(|(_, v)| v != "false");
    form.push(("csrf".into(), csrf.into()));
    form.push(("version".into(), stored.version.to_string()));
    form.push(("return_to".into(), return_to.into()));
    (form, stored.version)
}

#[tokio::test]
async fn a_return_to_off_the_site_is_ignored_before_anything_is_saved() {
    let app = spawn_app().await;
    let (c, csrf) = app.signed_in(ADMIN).await;
    let q = ListQuery {
        limit: 1,
        ..Default::default()
    };
    let id = app.store.list(EntityKind::Supplier, &q).await.unwrap().items[0].id;
    let record_page = format!("/suppliers/{id}?saved=1");
    let cases = [
        ("/x\r\nSet-Cookie: a=b", record_page.clone()),
        ("/\r\n", record_page.clone()),
        ("/\\evil.example", record_page.clone()),
        ("/\t/evil.example", record_page.clone()),
        ("//evil.example", record_page.clone()),
        ("https://evil.example", record_page.clone()),
        // Encoded twice: what arrives is the text "%0d%0a", a harmless path on this site.
        (
            "/%0d%0aSet-Cookie:%20a=b",
            "/%0d%0aSet-Cookie:%20a=b?saved=1".to_string(),
        ),
        // A path of Lantern's own is still followed.
        ("/suppliers", "/suppliers?saved=1".to_string()),
    ];
    for (return_to, expected) in cases {
        let (form, before) = supplier_form(&app, id, &csrf, return_to).await;
        let res = c
            .post(app.url(&format!("/suppliers/{id}")))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{return_to:?}");
        let location = res.headers()["location"].to_str().unwrap();
        assert_eq!(location, expected, "{return_to:?}");
        assert!(
            !res.headers()
                .get_all("set-cookie")
                .iter()
                .any(|v| v.to_str().unwrap().starts_with("a=")),
            "{return_to:?}"
        );
        let after = app.store.get(EntityKind::Supplier, id).await.unwrap().version;
        assert_eq!(after, before + 1, "saved exactly once for {return_to:?}");
    }
}

fn assert_private(res: &reqwest::Response, what: &str) {
    let h = res.headers();
    assert_eq!(h["cache-control"], "no-store", "{what}");
    let policy = h["permissions-policy"].to_str().unwrap();
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"] {
        assert!(policy.contains(feature), "{what}: {policy}");
    }
    assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(h["x-frame-options"], "DENY", "{what}");
    assert_eq!(h["referrer-policy"], "same-origin", "{what}");
    assert!(h.contains_key("content-security-policy"), "{what}");
    assert!(!h.contains_key("strict-transport-security"), "{what}: plain HTTP");
}

#[tokio::test]
async fn every_response_but_the_assets_is_no_store_with_a_permissions_policy() {
    let app = spawn_app().await;
    let (c, _csrf) = app.signed_in(ADMIN).await;
    let token = app.token(ADMIN).await;
    let anonymous = app.client();
    let api = |path: &str| c.get(app.url(path)).bearer_auth(&token).send();

    let res = c.get(app.url("/people")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_private(&res, "a page");
    let res = api("/api/v1/people").await.unwrap();
    assert_eq!(res.status(), 200);
    assert_private(&res, "an API answer");
    let res = c.get(app.url("/no-such-page/at/all")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_private(&res, "a 404 page");
    let res = api("/api/v1/no-such-thing").await.unwrap();
    assert_eq!(res.status(), 404);
    assert_private(&res, "an API 404");
    let res = anonymous.get(app.url("/api/v1/people")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert_private(&res, "a 401");
    let res = anonymous.get(app.url("/people")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_private(&res, "a redirect");
    let res = c
        .post(app.url("/suppliers"))
        .form(&[("name", "No token Ltd")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_private(&res, "an error page");
    let res = anonymous.get(app.url("/login")).send().await.unwrap();
    assert_private(&res, "the sign-in page");

    let res = anonymous.get(app.url("/assets/lantern.css")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "public, max-age=3600");
    assert!(res.headers().contains_key("permissions-policy"));
    let res = anonymous.get(app.url("/assets/no-such.css")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn strict_transport_security_only_with_secure_cookies() {
    let app = spawn_app_with(WebConfig {
        secure_cookies: true,
        ..WebConfig::default()
    })
    .await;
    let c = app.client();
    for path in ["/login", "/assets/lantern.css", "/no-such-page"] {
        let res = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
    let plain = spawn_app().await;
    let res = plain.client().get(plain.url("/login")).send().await.unwrap();
    assert!(!res.headers().contains_key("strict-transport-security"));
}
