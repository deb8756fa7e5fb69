use crate::helpers::*;
use lantern_core::EntityKind;

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    let c = app.client();
    assert_eq!(c.get(app.url("/healthz")).send().await.unwrap().status(), 200);
    assert_eq!(c.get(app.url("/readyz")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn pages_need_a_sign_in_and_a_wrong_password_is_refused() {
    let app = spawn_app().await;
    let c = app.client();
    let res = c.get(app.url("/people")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/login");
    let res = app.sign_in(&c, ADMIN, "wrong password").await;
    assert_eq!(res.status(), 401);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("The email or password is not right.")
    );
    let res = app.sign_in(&c, ADMIN, PASSWORD).await;
    assert_eq!(res.status(), 303);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let home = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), 200);
    assert_eq!(home.headers()["x-frame-options"], "DENY");
    assert!(
        home.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    assert!(home.text().await.unwrap().contains("Riverside Care Group"));
}

#[tokio::test]
async fn failed_sign_ins_wait_a_little_and_then_the_right_password_works() {
    let app = spawn_app().await;
    let c = app.client();
    for _ in 0..5 {
        assert_eq!(app.sign_in(&c, ADMIN, "guess").await.status(), 401);
    }
    let res = app.sign_in(&c, ADMIN, PASSWORD).await;
    assert_eq!(
        res.status(),
        429,
        "from the guessing address, even the right password waits"
    );
    assert_eq!(res.headers()["retry-after"], "5");
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Too many sign-in attempts. Wait 5 seconds")
    );
    app.advance_minutes(1);
    assert_eq!(app.sign_in(&c, ADMIN, PASSWORD).await.status(), 303);
    let audit = app.store.audit_entries(50).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "sign_in_throttled").count(), 1);
    assert_eq!(audit.iter().filter(|e| e.action == "login_failed").count(), 5);
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (c, _csrf) = app.signed_in(ADMIN).await;
    let before = app.count(EntityKind::Supplier).await;
    let res = c
        .post(app.url("/suppliers"))
        .form(&[("name", "Sneaky Ltd")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = c
        .post(app.url("/suppliers"))
        .form(&[("name", "Sneaky Ltd"), ("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(app.count(EntityKind::Supplier).await, before);
}

#[tokio::test]
async fn bad_input_comes_back_beside_its_field_with_the_input_kept() {
    let app = spawn_app().await;
    let (c, csrf) = app.signed_in(ADMIN).await;
    let service = app.first_in(EntityKind::Person, "home_care").await;
    let service = app
        .store
        .get(EntityKind::Person, service)
        .await
        .unwrap()
        .service_id
        .unwrap()
        .to_string();
    let before = app.count(EntityKind::Person).await;
    let res = c
        .post(app.url("/people"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("service_id", &service),
            ("full_name", ""),
            ("date_of_birth", "1941-02-03"),
            ("risk_tier", "high"),
            ("nhs_number", "943 476 5918"),
            ("communication", "Hard of hearing: face her when speaking"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"e-nhs_number\""), "NHS error beside its field");
    assert!(html.contains("check digit"));
    assert!(html.contains("id=\"e-full_name\""));
    assert!(html.contains("value=\"943 476 5918\""), "input kept");
    assert!(html.contains("Hard of hearing: face her when speaking"));
    assert_eq!(app.count(EntityKind::Person).await, before);
}

#[tokio::test]
async fn editing_a_medicine_is_saved_attributed_and_kept_in_history() {
    let app = spawn_app().await;
    let (c, csrf) = app.signed_in(ADMIN).await;
    let person = app.first_in(EntityKind::Person, "residential").await;
    let meds = app
        .store
        .list(
            EntityKind::Medicine,
            &lantern_store::ListQuery {
                parent: Some(("person_id", person)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let med = &meds.items[0];
    let form_page = c
        .get(app.url(&format!("/medicines/{}/edit", med.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let version = hidden(&form_page, "version");
    let mut form: Vec<(String, String)> = Vec::new();
    for (k, v) in med.record.to_input() {
        match v {
            lantern_core::InputVal::One(s) => form.push((k, s)),
            lantern_core::InputVal::Many(items) => form.extend(items.into_iter().map(|s| (k.clone(), s))),
            lantern_core::InputVal::Pairs(_) => {}
        }
    }
    form.retain(|(k, v)| k != "dose" && v != "false");
    form.push(("dose".into(), "2 tablets".into()));
    form.push(("csrf".into(), csrf.clone()));
    form.push(("version".into(), version.clone()));
    form.push(("return_to".into(), format!("/people/{person}")));
    let res = c
        .post(app.url(&format!("/medicines/{}", med.id)))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("/people/{person}?saved=1"));
    let page = c
        .get(app.url(&format!("/people/{person}?saved=1")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("2 tablets") && page.contains("Saved."));
    let stored = app.store.get(EntityKind::Medicine, med.id).await.unwrap();
    assert_eq!(stored.record.text("dose"), "2 tablets");
    assert_eq!(stored.updated_by, ADMIN);
    let med_page = c
        .get(app.url(&format!("/medicines/{}", med.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(med_page.contains("Changed dose"), "the history says what changed");
    // The same form sent again carries a stale version: refused, not silently overwritten.
    let res = c
        .post(app.url(&format!("/medicines/{}", med.id)))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("changed by"));
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    let (c, csrf) = app.signed_in(ADMIN).await;
    let person = app.first_in(EntityKind::Person, "home_care").await;
    assert_eq!(
        c.get(app.url(&format!("/people/{person}")))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let res = c
        .post(app.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = c.get(app.url(&format!("/people/{person}"))).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/login");
}

#[tokio::test]
async fn roles_and_services_limit_what_a_user_sees_and_changes() {
    let app = spawn_app().await;
    let (viewer, csrf) = app.signed_in(VIEWER).await;
    let res = viewer
        .post(app.url("/suppliers"))
        .form(&[("csrf", csrf.as_str()), ("name", "X")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        viewer.get(app.url("/suppliers/new")).send().await.unwrap().status(),
        403
    );

    let (branch, _) = app.signed_in(BRANCH_MANAGER).await;
    let theirs = app.first_in(EntityKind::Person, "home_care").await;
    let other = app.first_in(EntityKind::Person, "supported_living").await;
    assert_eq!(
        branch
            .get(app.url(&format!("/people/{theirs}")))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        branch
            .get(app.url(&format!("/people/{other}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let list = branch
        .get(app.url("/people"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("of 40 people supported"), "only the branch's 40 people");
}

#[tokio::test]
async fn viewing_personal_data_is_audited() {
    let app = spawn_app().await;
    let (c, _) = app.signed_in(ADMIN).await;
    let person = app.first_in(EntityKind::Person, "home_care").await;
    c.get(app.url(&format!("/people/{person}"))).send().await.unwrap();
    let audit = app.store.audit_entries(10).await.unwrap();
    let view = audit.iter().find(|e| e.action == "view").expect("a view entry");
    assert_eq!(view.record_id, Some(person));
    assert_eq!(view.actor, ADMIN);
}

#[tokio::test]
async fn a_server_error_shows_only_an_error_id() {
    let app = spawn_app().await;
    let (c, _) = app.signed_in(ADMIN).await;
    let person = app.first_in(EntityKind::Person, "home_care").await;
    // Damage the stored row behind the app's back, as a bad hand edit would.
    let url = format!("sqlite://{}", app.dir.path().join("lantern.db").display());
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    sqlx::query("UPDATE people SET nhs_number = '123' WHERE id = ?")
        .bind(person)
        .execute(&mut conn)
        .await
        .unwrap();
    let res = c.get(app.url(&format!("/people/{person}"))).send().await.unwrap();
    assert_eq!(res.status(), 500);
    let body = res.text().await.unwrap();
    // The page is inside the menu (whose links name `/people`): look at what it says.
    assert!(body.contains("<nav aria-label=\"Main\">"), "{body}");
    let said = &body[body.find("<main").unwrap()..body.find("</main>").unwrap()];
    assert!(said.contains("Error id"), "{said}");
    assert!(
        !said.contains("nhs_number") && !said.contains("people"),
        "no internals leak: {said}"
    );
}
