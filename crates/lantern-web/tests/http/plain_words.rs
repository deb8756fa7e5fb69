//! Every message is written for care staff: an address that leads nowhere, a form that cannot
//! be read, a choice left empty or a time mistyped is answered inside the normal page with its
//! menu, in plain words, never with framework, serde or Rust text or a stored code; the API
//! answers the same in its JSON problem shape. The audit log shows UK time.

use crate::helpers::*;
use lantern_core::EntityKind;

/// Words from developer messages that must never reach a person.
const DEVELOPER_TEXT: [&str; 10] = [
    "Invalid URL",
    "Cannot parse",
    "i64",
    "deserialize",
    "serde",
    "axum",
    "Failed to",
    "supplier_outage",
    "length limit",
    "`",
];

fn plain(page: &str, what: &str) {
    for bad in DEVELOPER_TEXT {
        assert!(!page.contains(bad), "{what}: developer text {bad:?} in\n{page}");
    }
}

/// Inside the normal layout, with the signed-in menu.
fn in_layout(page: &str, what: &str) {
    assert!(page.contains("<nav aria-label=\"Main\">"), "{what}: no menu in\n{page}");
    assert!(page.contains("Sign out"), "{what}: not signed in on the page");
    assert!(page.contains("<main id=\"main\""), "{what}: not the site's page");
}

#[tokio::test]
async fn addresses_that_lead_nowhere_answer_a_page_with_the_menu() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in(ADMIN).await;
    for path in [
        "/people/abc",
        "/people/abc/edit",
        "/disruptions/abc",
        "/disruptions/abc/board",
        "/disruptions/1/entry/mar/abc/2026-11-24",
        "/packs/abc",
        "/no-such-page",
        "/no/such/page/at/all",
        "/people/999999",
        "/assets/nothing.css",
    ] {
        let res = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        assert!(
            res.headers()["content-type"].to_str().unwrap().starts_with("text/html"),
            "{path}"
        );
        let page = res.text().await.unwrap();
        in_layout(&page, path);
        plain(&page, path);
        assert!(page.contains("<h1>Not found</h1>"), "{path}: {page}");
    }
    let page = page_text(&client, app.url("/people/abc")).await;
    assert!(page.contains("There is no such page."), "{page}");
    assert!(page.contains("check the link"), "{page}");
}

#[tokio::test]
async fn a_stranger_gets_the_same_words_without_a_menu() {
    let app = spawn_app().await;
    let res = app.client().get(app.url("/no/such/page/at/all")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let page = res.text().await.unwrap();
    plain(&page, "signed out");
    assert!(
        page.contains("There is no such page.") && !page.contains("Sign out"),
        "{page}"
    );
}

#[tokio::test]
async fn forms_and_methods_the_framework_refuses_are_said_in_words() {
    let app = spawn_app().await;
    let (client, csrf) = app.signed_in(ADMIN).await;
    let person = app.first_in(EntityKind::Person, "residential").await;

    // A method the page does not take.
    let res = client.delete(app.url("/people")).send().await.unwrap();
    assert_eq!(res.status(), 405);
    assert!(res.headers().contains_key("allow"));
    let page = res.text().await.unwrap();
    in_layout(&page, "405");
    plain(&page, "405");
    assert!(page.contains("That page cannot be used that way."), "{page}");

    // A form far larger than any form (a pasted file): refused before it is read.
    let res = client
        .post(app.url(&format!("/people/{person}")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("full_name", "x".repeat(3 * 1024 * 1024).as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let page = res.text().await.unwrap();
    in_layout(&page, "too large");
    plain(&page, "too large");
    assert!(page.contains("That is more than Lantern takes at once."), "{page}");

    // A filter in the address of the wrong shape.
    let res = client.get(app.url("/people?page=abc")).send().await.unwrap();
    assert_eq!(res.status(), 400);
    let page = res.text().await.unwrap();
    in_layout(&page, "bad filter");
    plain(&page, "bad filter");
    assert!(page.contains("Part of the address could not be read."), "{page}");
}

#[tokio::test]
async fn errors_from_handlers_are_inside_the_menu_too() {
    let app = spawn_app().await;
    let (client, _) = app.signed_in(VIEWER).await;
    // A read-only user at the audit log: refused, inside the page.
    let res = client.get(app.url("/audit")).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let page = res.text().await.unwrap();
    in_layout(&page, "403");
    assert!(page.contains("<h1>Not allowed</h1>"), "{page}");
    // A form posted without its token (expired, or from elsewhere).
    let res = post_form(&client, app.url("/disruptions"), &[("kind", "power")]).await;
    assert_eq!(res.status(), 403);
    let page = res.text().await.unwrap();
    in_layout(&page, "csrf");
    assert!(page.contains("This form has expired"), "{page}");
}

#[tokio::test]
async fn the_api_answers_refusals_as_json_problems_in_plain_words() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let client = reqwest::Client::new();
    let cases = [
        (reqwest::Method::GET, "/api/v1/people/abc", 404, "not_found"),
        (reqwest::Method::GET, "/api/v1/disruptions/abc", 404, "not_found"),
        (reqwest::Method::GET, "/api/v1/people?limit=abc", 400, "bad_request"),
        (reqwest::Method::PATCH, "/api/v1/people/1", 405, "method_not_allowed"),
        (reqwest::Method::GET, "/api/v1/nothing/here/at/all", 404, "not_found"),
    ];
    for (method, path, status, code) in cases {
        let res = client
            .request(method.clone(), app.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{method} {path}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{method} {path}"
        );
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"], code, "{method} {path}: {body}");
        let message = body["message"].as_str().unwrap();
        plain(message, path);
        assert!(!message.is_empty());
    }
}

#[tokio::test]
async fn declaring_with_nothing_chosen_asks_for_each_choice_in_words() {
    let app = spawn_app().await;
    let (client, csrf) = app.signed_in(ADMIN).await;
    let res = post_form(&client, app.url("/disruptions"), &[("csrf", csrf.as_str())]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    in_layout(&page, "empty declaration");
    assert!(page.contains("choose the type of disruption"), "{page}");
    assert!(page.contains("choose at least one affected service"), "{page}");
    assert!(!page.contains("is not a type of disruption"), "{page}");
    assert!(
        !page.contains("supplier_outage, cyber_incident"),
        "no codes listed: {page}"
    );
    // A choice the list never offered names no code either.
    let res = post_form(
        &client,
        app.url("/disruptions"),
        &[("csrf", csrf.as_str()), ("kind", "flood")],
    )
    .await;
    let page = res.text().await.unwrap();
    assert!(
        page.contains("&#39;flood&#39; is not a type of disruption Lantern knows")
            || page.contains("'flood' is not a type of disruption Lantern knows"),
        "{page}"
    );
    assert!(!page.contains("supplier_outage, cyber_incident"), "{page}");
}

#[tokio::test]
async fn a_mistyped_dose_time_says_so_in_words() {
    let app = spawn_app().await;
    let (client, csrf) = app.signed_in(ADMIN).await;
    let medicine = app.first_in(EntityKind::Medicine, "residential").await;
    let form = page_text(&client, app.url(&format!("/medicines/{medicine}/edit"))).await;
    let version = hidden(&form, "version");
    let res = post_form(
        &client,
        app.url(&format!("/medicines/{medicine}")),
        &[
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("times", "2500"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    in_layout(&page, "bad time");
    plain(&page, "bad time");
    assert!(
        page.contains("is not a time of day; write it on the 24-hour clock, like 08:00 or 17:30"),
        "{page}"
    );
    assert!(!page.contains("HH:MM"), "{page}");
}

#[tokio::test]
async fn the_audit_log_shows_uk_time_across_both_clock_changes() {
    let app = spawn_app().await;
    let set = |t: &str| *app.clock.lock().unwrap() = t.parse().unwrap();
    for t in [
        "2026-03-29T00:59:00Z", // 00:59 GMT
        "2026-03-29T01:00:00Z", // 02:00 BST: the clocks went forward
        "2026-10-25T00:40:00Z", // 01:40 BST, the first time
        "2026-10-25T01:40:00Z", // 01:40 GMT, the second
        "2026-11-24T09:40:00Z",
    ] {
        set(t);
        app.signed_in(ADMIN).await;
    }
    let (client, _) = app.signed_in(ADMIN).await;
    let page = page_text(&client, app.url("/audit")).await;
    in_layout(&page, "audit log");
    for shown in [
        "29 Mar 2026, 00:59",
        "29 Mar 2026, 02:00",
        "25 Oct 2026, 01:40 BST",
        "25 Oct 2026, 01:40 GMT",
        "24 Nov 2026, 09:40",
    ] {
        assert!(page.contains(&format!(">{shown}<")), "{shown} in\n{page}");
    }
    assert!(page.contains("When (UK time)") && !page.contains("UTC"), "{page}");
    assert!(!page.contains("2026-11-24T09:40"), "no ISO times: {page}");
    assert!(
        page.contains(">Signed in<") && !page.contains(">login<"),
        "actions in words"
    );
}

#[tokio::test]
async fn a_mistyped_time_on_a_paper_sheet_names_the_row_and_the_box_in_words() {
    use crate::sheets::{disruption, form_fields, links, page, service_of, set};
    let app = spawn_app().await;
    let branch = service_of(&app, EntityKind::Visit, "home_care").await;
    let id = disruption(&app, &[branch], "2026-11-24T06:00", "2026-11-24T12:00").await;
    let (web, csrf) = app.signed_in(ADMIN).await;
    let entry = page(&web, &app, &format!("/disruptions/{id}/entry")).await;
    let sheet = links(&entry, &format!("/disruptions/{id}/entry/visits/"))[0].clone();
    let mut form = form_fields(&page(&web, &app, &sheet).await);
    set(&mut form, "csrf", &csrf);
    set(&mut form, "outcome_0", "completed");
    set(&mut form, "arrived_0", "2500");
    let res = web.post(app.url(&sheet)).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap().replace("&#39;", "'");
    in_layout(&html, "visit sheet");
    plain(&html, "visit sheet");
    assert!(
        html.contains(". Arrived: '2500' is not a time of day; write it as on the sheet, like 0805 or 08:05"),
        "{html}"
    );
    assert!(!html.contains(", arrived:"), "{html}");
}
