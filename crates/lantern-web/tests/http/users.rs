//! The users pages and API: only an administrator of every service reaches them; a refused
//! form comes back as typed; nobody locks the organisation out; every change is audited,
//! never with a password.

use crate::helpers::*;
use lantern_core::user::{Role, ServiceAccess};
use lantern_store::NewUser;
use lantern_web::WebConfig;
use serde_json::{Value, json};

const TARGET: &str = "target@test.example";

async fn add(app: &TestApp, email: &str, role: Role, access: ServiceAccess) -> i64 {
    let user = NewUser {
        email: email.into(),
        name: format!("{} user", role.label()),
        role,
        access,
        password_hash: lantern_web::hash_password(PASSWORD).unwrap(),
    };
    let now = *app.clock.lock().unwrap();
    app.store.create_user(&user, now).await.unwrap()
}

/// Two supported-living services: (a, b).
async fn two_services(app: &TestApp) -> (i64, i64) {
    let q = lantern_store::ListQuery {
        limit: 100,
        ..Default::default()
    };
    let ids: Vec<i64> = app
        .store
        .list(lantern_core::EntityKind::Service, &q)
        .await
        .unwrap()
        .items
        .iter()
        .filter(|s| s.record.text("service_type") == "supported_living")
        .map(|s| s.id)
        .collect();
    (ids[0], ids[1])
}

async fn user_actions(app: &TestApp) -> Vec<lantern_store::AuditEntry> {
    let mut all = app.store.audit_entries(1000).await.unwrap();
    all.retain(|e| e.action.starts_with("user_"));
    all
}

fn form<'a>(csrf: &'a str, pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut out = vec![("csrf", csrf)];
    out.extend_from_slice(pairs);
    out
}

async fn signed_in_now(app: &TestApp, client: &reqwest::Client) -> bool {
    client.get(app.url("/")).send().await.unwrap().status() == 200
}

async fn api_status(app: &TestApp, token: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> u16 {
    let mut req = app.client().request(method, app.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn only_an_administrator_of_every_service_reaches_the_users_pages_and_api() {
    let app = spawn_app_with(WebConfig {
        trust_forwarded_for: true,
        ..WebConfig::default()
    })
    .await;
    let (a, _) = two_services(&app).await;
    let target = add(&app, TARGET, Role::Staff, ServiceAccess::Only(vec![a])).await;
    add(&app, "staff.a@test.example", Role::Staff, ServiceAccess::Only(vec![a])).await;
    add(&app, "all.manager@test.example", Role::Manager, ServiceAccess::All).await;
    add(
        &app,
        "limited.admin@test.example",
        Role::Admin,
        ServiceAccess::Only(vec![a]),
    )
    .await;
    // The target is signed in, has a token and failed sign-ins elsewhere: none of it may change.
    let (target_client, _) = app.signed_in(TARGET).await;
    let target_token = app.token(TARGET).await;
    for _ in 0..3 {
        app.sign_in_from(&app.client(), TARGET, "not it", Some("203.0.113.9"))
            .await;
    }
    let users_before = app.store.users().await.unwrap();
    let now = *app.clock.lock().unwrap();
    let failures_before = app.store.sign_in_failure_counts(now).await.unwrap();
    let id = target.to_string();
    let pages = [
        "/users".to_string(),
        "/users/new".into(),
        format!("/users/{id}"),
        format!("/users/{id}/edit"),
    ];
    let change = [("name", "Taken over"), ("role", "admin"), ("every_service", "yes")];
    let create = [
        ("email", "intruder@test.example"),
        ("name", "Intruder"),
        ("role", "admin"),
        ("every_service", "yes"),
        ("password", "a long enough password"),
    ];
    let password = [("password", "a password I chose")];
    let posts: Vec<(String, &[(&str, &str)])> = vec![
        ("/users".into(), &create),
        (format!("/users/{id}"), &change),
        (format!("/users/{id}/password"), &password),
        (format!("/users/{id}/revoke"), &[]),
        (format!("/users/{id}/unlock"), &[]),
    ];
    let everyone_else = [
        VIEWER,
        BRANCH_MANAGER,
        COORDINATOR,
        "staff.a@test.example",
        "all.manager@test.example",
        "limited.admin@test.example",
    ];
    for email in everyone_else {
        let (client, csrf) = app.signed_in(email).await;
        for path in &pages {
            let res = client.get(app.url(path)).send().await.unwrap();
            assert_eq!(res.status(), 403, "GET {path} as {email}");
        }
        for (path, fields) in &posts {
            let res = post_form(&client, app.url(path), &form(&csrf, fields)).await;
            assert_eq!(res.status(), 403, "POST {path} as {email}");
        }
        let token = app.token(email).await;
        let get = reqwest::Method::GET;
        let post = reqwest::Method::POST;
        let api = [
            (get.clone(), "/api/v1/users".to_string(), None),
            (get, format!("/api/v1/users/{id}"), None),
            (
                post.clone(),
                "/api/v1/users".into(),
                Some(json!({"email": "intruder@test.example", "name": "Intruder", "role": "admin", "services": "all"})),
            ),
            (
                reqwest::Method::PUT,
                format!("/api/v1/users/{id}"),
                Some(json!({"name": "Taken over", "role": "admin", "services": "all"})),
            ),
            (post.clone(), format!("/api/v1/users/{id}/password"), Some(json!({}))),
            (post.clone(), format!("/api/v1/users/{id}/revoke"), None),
            (post, format!("/api/v1/users/{id}/unlock"), None),
        ];
        for (method, path, body) in api {
            assert_eq!(
                api_status(&app, &token, method.clone(), &path, body).await,
                403,
                "{method} {path} as {email}"
            );
        }
        // Nor is there a link to the page.
        let home = page_text(&client, app.url("/")).await;
        assert!(!home.contains("href=\"/users\""), "{email} sees the Users link");
    }
    assert_eq!(app.store.users().await.unwrap(), users_before, "no account changed");
    let now = *app.clock.lock().unwrap();
    assert_eq!(app.store.sign_in_failure_counts(now).await.unwrap(), failures_before);
    assert!(
        signed_in_now(&app, &target_client).await,
        "the target is still signed in"
    );
    let services = app
        .client()
        .get(app.url("/api/v1/services"))
        .bearer_auth(&target_token)
        .send()
        .await
        .unwrap();
    assert_eq!(services.status(), 200, "the target's token still works");
    assert!(user_actions(&app).await.is_empty(), "nothing was done to anyone");

    let (admin, _) = app.signed_in(ADMIN).await;
    let list = page_text(&admin, app.url("/users")).await;
    assert!(list.contains(TARGET) && list.contains("3 failed sign-ins"), "{list}");
    let home = page_text(&admin, app.url("/")).await;
    assert!(home.contains("href=\"/users\""), "the administrator has the link");
}

#[tokio::test]
async fn a_refused_account_form_keeps_everything_typed_but_the_password_and_says_why() {
    let app = spawn_app().await;
    let (a, _) = two_services(&app).await;
    let a_text = a.to_string();
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let users = app.store.users().await.unwrap().len();
    let cases: [(&str, &str, &str, &str, &str, &str); 5] = [
        // email, role, every service, service, password, what is said
        (
            "jo.patel-at-example.org",
            "coordinator",
            "",
            &a_text,
            "",
            "is not an e-mail address",
        ),
        (ADMIN, "coordinator", "", &a_text, "", "already exists"),
        (
            "jo.patel@example.org",
            "staff",
            "",
            "",
            "",
            "Choose the services they work in",
        ),
        (
            "jo.patel@example.org",
            "staff",
            "",
            &a_text,
            "tiny-pw-9",
            "at least 12 characters",
        ),
        (
            "jo.patel@example.org",
            "admin",
            "",
            &a_text,
            "",
            "An administrator works across every service",
        ),
    ];
    for (email, role, every, service, password, said) in cases {
        let mut fields = vec![
            ("email", email),
            ("name", "Jo Patel"),
            ("role", role),
            ("password", password),
        ];
        if !every.is_empty() {
            fields.push(("every_service", every));
        }
        if !service.is_empty() {
            fields.push(("services", service));
        }
        let res = post_form(&admin, app.url("/users"), &form(&csrf, &fields)).await;
        assert_eq!(res.status(), 422, "{said}");
        let page = res.text().await.unwrap();
        assert!(page.contains(said), "{said}: {page}");
        assert!(page.contains("There is a problem"), "an error summary");
        assert!(page.contains(&format!("value=\"{email}\"")), "the email is kept");
        assert!(page.contains("value=\"Jo Patel\""), "the name is kept");
        assert!(
            page.contains(&format!("<option value=\"{role}\" selected>")),
            "the role is kept"
        );
        if !service.is_empty() {
            assert!(
                page.contains(&format!("value=\"{service}\" checked")),
                "the service is kept"
            );
        }
        // A typed password is never sent back into a page.
        assert!(
            password.is_empty() || !page.contains(password),
            "the password was echoed"
        );
    }
    assert_eq!(app.store.users().await.unwrap().len(), users, "nobody was added");

    // The change form too: a limited role with no services.
    let target = add(&app, TARGET, Role::Staff, ServiceAccess::Only(vec![a])).await;
    let res = post_form(
        &admin,
        app.url(&format!("/users/{target}")),
        &form(&csrf, &[("name", "Sam Renamed"), ("role", "coordinator")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("Choose the services they work in") && page.contains("value=\"Sam Renamed\""));
    assert!(page.contains("<option value=\"coordinator\" selected>"));
    assert_eq!(app.store.user(target).await.unwrap().role, Role::Staff, "unchanged");

    // A weak reset password, beside its box; nothing changed.
    let hash = app.store.user(target).await.unwrap().password_hash;
    let res = post_form(
        &admin,
        app.url(&format!("/users/{target}/password")),
        &form(&csrf, &[("password", "short-one")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("at least 12 characters") && !page.contains("short-one"));
    assert_eq!(app.store.user(target).await.unwrap().password_hash, hash);

    // The API names the same fields.
    let token = app.token(ADMIN).await;
    let res = app
        .client()
        .post(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .json(&json!({"email": "nope", "name": "Jo", "role": "staff", "services": [], "password": "short"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    for field in ["email", "services", "password"] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
}

#[tokio::test]
async fn an_administrator_adds_a_user_changes_them_resets_signs_out_and_unlocks_with_every_change_audited() {
    let app = spawn_app().await;
    let (a, b) = two_services(&app).await;
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let a_text = a.to_string();
    let fields = [
        ("email", "Sam.Okoro@Test.example"),
        ("name", "Sam Okoro"),
        ("role", "staff"),
        ("services", a_text.as_str()),
        ("password", ""),
    ];
    let res = post_form(&admin, app.url("/users"), &form(&csrf, &fields)).await;
    assert_eq!(res.status(), 200, "the password is shown on the answer itself");
    let page = res.text().await.unwrap();
    let marker = "<p class=\"secret\"><code>";
    let start = page.find(marker).expect("the new password is shown") + marker.len();
    let first = page[start..].split('<').next().unwrap().to_string();
    assert_eq!(first.len(), 19, "{first}");
    let sam = app
        .store
        .user_by_email("sam.okoro@test.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (sam.role, sam.access.clone()),
        (Role::Staff, ServiceAccess::Only(vec![a]))
    );
    let again = page_text(&admin, app.url(&format!("/users/{}", sam.id))).await;
    assert!(!again.contains(&first), "shown once only");

    // Sam signs in and sees only their service.
    let sam_client = app.client();
    assert_eq!(app.sign_in(&sam_client, &sam.email, &first).await.status(), 303);
    let services = page_text(&sam_client, app.url("/services")).await;
    assert!(services.contains(&format!("href=\"/services/{a}\"")));
    assert!(
        !services.contains(&format!("href=\"/services/{b}\"")),
        "only their service"
    );

    // Coordinator of both services.
    let b_text = b.to_string();
    let change = [
        ("name", "Sam Okoro"),
        ("role", "coordinator"),
        ("services", a_text.as_str()),
        ("services", b_text.as_str()),
    ];
    let res = post_form(&admin, app.url(&format!("/users/{}", sam.id)), &form(&csrf, &change)).await;
    assert_eq!(res.status(), 303);
    let services = page_text(&sam_client, app.url("/services")).await;
    assert!(
        services.contains(&format!("href=\"/services/{b}\"")),
        "the change applies at once"
    );
    assert!(page_text(&sam_client, app.url("/")).await.contains("(Coordinator)"));

    // A typed password: the old no longer works, the new one does, and Sam was signed out.
    let second = "river stones at dawn";
    let res = post_form(
        &admin,
        app.url(&format!("/users/{}/password", sam.id)),
        &form(&csrf, &[("password", second)]),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert!(!signed_in_now(&app, &sam_client).await, "signed out by the reset");
    assert_eq!(app.sign_in(&app.client(), &sam.email, &first).await.status(), 401);
    let sam_client = app.client();
    assert_eq!(app.sign_in(&sam_client, &sam.email, second).await.status(), 303);

    // Signed out everywhere, the token revoked.
    let token = app.token(&sam.email).await;
    let ok = app
        .client()
        .get(app.url("/api/v1/services"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let detail = page_text(&admin, app.url(&format!("/users/{}", sam.id))).await;
    assert!(
        detail.contains("In use") && !detail.contains("Not yet"),
        "the token's use is recorded: {detail}"
    );
    let res = post_form(&admin, app.url(&format!("/users/{}/revoke", sam.id)), &form(&csrf, &[])).await;
    assert_eq!(res.status(), 303);
    let next = sam_client.get(app.url("/")).send().await.unwrap();
    assert_eq!(next.status(), 303, "the next request signs Sam out");
    assert!(next.headers()["location"].to_str().unwrap().ends_with("/login"));
    let refused = app
        .client()
        .get(app.url("/api/v1/services"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);

    // Held back by the throttle, then let in.
    for _ in 0..5 {
        app.sign_in(&app.client(), &sam.email, "wrong guess").await;
    }
    assert_eq!(app.sign_in(&app.client(), &sam.email, second).await.status(), 429);
    let list = page_text(&admin, app.url("/users")).await;
    assert!(list.contains("5 failed sign-ins"), "{list}");
    let res = post_form(&admin, app.url(&format!("/users/{}/unlock", sam.id)), &form(&csrf, &[])).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.sign_in(&app.client(), &sam.email, second).await.status(),
        303,
        "in at once"
    );

    // Every change names who changed whom and what; no password is ever written down.
    let entries = user_actions(&app).await;
    let details: Vec<String> = entries.iter().map(|e| format!("{} {}", e.action, e.detail)).collect();
    for (action, words) in [
        ("user_add", "Added Sam Okoro (sam.okoro@test.example) as Care staff for"),
        ("user_change", "role Care staff → Coordinator; services"),
        (
            "user_password",
            "Reset the password of Sam Okoro (sam.okoro@test.example)",
        ),
        ("user_revoke", "revoked 1 API token"),
        ("user_unlock", "Cleared 5 failed sign-ins of Sam Okoro"),
    ] {
        assert!(
            entries
                .iter()
                .any(|e| e.action == action && e.detail.contains(words) && e.actor == ADMIN),
            "{action} '{words}' by {ADMIN}: {details:#?}"
        );
    }
    assert!(
        entries
            .iter()
            .all(|e| e.record_id == Some(sam.id) && e.entity.as_deref() == Some("users"))
    );
    let everything = app.store.audit_entries(10_000).await.unwrap();
    for e in &everything {
        assert!(
            !e.detail.contains(&first) && !e.detail.contains(second),
            "a password in the audit log: {e:?}"
        );
    }
}

#[tokio::test]
async fn nobody_takes_away_their_own_administrator_role_or_the_last_one_or_signs_themselves_out_of_it() {
    let app = spawn_app().await;
    let me = app.store.user_by_email(ADMIN).await.unwrap().unwrap();
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let res = post_form(
        &admin,
        app.url(&format!("/users/{}", me.id)),
        &form(
            &csrf,
            &[("name", &me.name), ("role", "manager"), ("every_service", "yes")],
        ),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("You cannot take away your own administrator role")
    );
    assert_eq!(app.store.user(me.id).await.unwrap().role, Role::Admin);

    // The only administrator stays one, whoever asks (here the command line).
    let acting = lantern_app::users::Acting::command_line(lantern_store::Actor::system("test"));
    let input = lantern_core::account::AccountInput {
        name: me.name.clone(),
        role: "viewer".into(),
        every_service: true,
        ..Default::default()
    };
    let now = *app.clock.lock().unwrap();
    let refused = lantern_app::users::change(&app.store, &acting, me.id, &input, now).await;
    assert!(
        matches!(&refused, Err(lantern_app::Error::Invalid(f)) if f.get("role").is_some_and(|m| m.contains("only administrator"))),
        "{refused:?}"
    );
    // With a second administrator, the first may be made a manager by them.
    let second = add(&app, "second.admin@test.example", Role::Admin, ServiceAccess::All).await;
    let (second_client, second_csrf) = app.signed_in("second.admin@test.example").await;
    let (second_elsewhere, _) = app.signed_in("second.admin@test.example").await;
    let res = post_form(
        &second_client,
        app.url(&format!("/users/{}", me.id)),
        &form(
            &second_csrf,
            &[("name", &me.name), ("role", "manager"), ("every_service", "yes")],
        ),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.store.user(me.id).await.unwrap().role, Role::Manager);

    // Signing oneself out everywhere keeps the browser doing it.
    let res = post_form(
        &second_client,
        app.url(&format!("/users/{second}/revoke")),
        &form(&second_csrf, &[]),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert!(signed_in_now(&app, &second_client).await, "still signed in here");
    assert!(!signed_in_now(&app, &second_elsewhere).await, "signed out elsewhere");
    let page = page_text(&second_client, app.url(&format!("/users/{second}?done=revoked"))).await;
    assert!(page.contains("Signed out everywhere"));
    assert!(signed_in_now(&app, &admin).await, "nobody else was signed out");
    // Through the API there is no session to keep: the token would revoke itself.
    let token = app.token("second.admin@test.example").await;
    let status = api_status(
        &app,
        &token,
        reqwest::Method::POST,
        &format!("/api/v1/users/{second}/revoke"),
        None,
    )
    .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn the_api_adds_and_changes_an_account_and_answers_a_made_password_once() {
    let app = spawn_app().await;
    let (a, _) = two_services(&app).await;
    let token = app.token(ADMIN).await;
    let res = app
        .client()
        .post(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .json(&json!({"email": "ana@test.example", "name": "Ana Lima", "role": "staff", "services": [a]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let made: Value = res.json().await.unwrap();
    let password = made["password"].as_str().unwrap().to_string();
    assert_eq!(made["services"], json!([a]));
    let id = made["id"].as_i64().unwrap();
    let read: Value = app
        .client()
        .get(app.url(&format!("/api/v1/users/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(read.get("password").is_none() && read["role"] == "staff");
    assert_eq!(
        app.sign_in(&app.client(), "ana@test.example", &password).await.status(),
        303
    );
    let res = app
        .client()
        .put(app.url(&format!("/api/v1/users/{id}")))
        .bearer_auth(&token)
        .json(&json!({"name": "Ana Lima", "role": "manager", "services": "all"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let changed: Value = res.json().await.unwrap();
    assert_eq!(
        (changed["role"].as_str(), changed["services"].as_str()),
        (Some("manager"), Some("all"))
    );
    let reset: Value = app
        .client()
        .post(app.url(&format!("/api/v1/users/{id}/password")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reset["signed_out"], 1);
    let new_password = reset["password"].as_str().unwrap();
    assert_eq!(
        app.sign_in(&app.client(), "ana@test.example", &password).await.status(),
        401
    );
    assert_eq!(
        app.sign_in(&app.client(), "ana@test.example", new_password)
            .await
            .status(),
        303
    );
}
