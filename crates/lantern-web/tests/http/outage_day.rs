//! The outage day as it is worked: a device failure the size of one unit, closing with what is
//! still open, refused forms that come back by redirect, and care staff working the day.

use crate::helpers::*;
use lantern_core::EntityKind;
use lantern_store::ListQuery;
use serde_json::Value;

async fn devices_of(app: &TestApp, service: i64) -> Vec<lantern_store::Stored> {
    let q = ListQuery {
        service: Some(service),
        limit: 1000,
        ..Default::default()
    };
    app.store.list(EntityKind::Device, &q).await.unwrap().items
}

async fn people_of(app: &TestApp, service: i64) -> Vec<lantern_store::Stored> {
    let q = ListQuery {
        service: Some(service),
        limit: 1000,
        ..Default::default()
    };
    app.store.list(EntityKind::Person, &q).await.unwrap().items
}

fn id_of(location: &str) -> i64 {
    location
        .trim_start_matches("/disruptions/")
        .split(['?', '/'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_device_failure_on_one_unit_is_the_size_of_the_problem() {
    let app = spawn_app().await;
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let person = app.first_in(EntityKind::Person, "residential").await;
    let home = app
        .store
        .get(EntityKind::Person, person)
        .await
        .unwrap()
        .service_id
        .unwrap();
    let tablets: Vec<_> = devices_of(&app, home)
        .await
        .into_iter()
        .filter(|d| d.record.text("device_type") == "tablet" && !d.record.text("unit").is_empty())
        .collect();
    let unit = tablets[0].record.text("unit").to_string();
    let failed: Vec<String> = tablets
        .iter()
        .filter(|d| d.record.text("unit") == unit && d.record.text("status") != "faulty")
        .map(|d| d.id.to_string())
        .collect();
    assert!(!failed.is_empty(), "the demo has working tablets on {unit}");
    let declare = |fields: Vec<(&'static str, String)>| {
        let admin = admin.clone();
        let url = app.url("/disruptions");
        async move { admin.post(url).form(&fields).send().await.unwrap() }
    };
    let base = vec![
        ("csrf", csrf.clone()),
        ("kind", "device_failure".to_string()),
        ("started_at", "2026-11-24T08:30".to_string()),
        ("coordinator", "Priya Shah".to_string()),
        ("safe_care", "not_threatened".to_string()),
    ];

    // Without the devices, or with a unit the home does not have: refused, nothing declared.
    let res = declare(base.clone()).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("choose the devices that failed"), "{page}");
    let mut bad_unit = base.clone();
    bad_unit.push(("devices", failed[0].clone()));
    bad_unit.push(("unit", "Nowhere".into()));
    let res = declare(bad_unit).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("is not a unit of the affected services"), "{page}");
    assert!(
        page.contains(&format!(
            "name=\"devices\" value=\"{}\" data-services=\"{home}\" checked",
            failed[0]
        )),
        "the ticked device stays ticked"
    );
    assert_eq!(app.store.disruptions().await.unwrap().len(), 0);

    // The devices alone: their home and their unit follow.
    let mut fields = base.clone();
    for d in &failed {
        fields.push(("devices", d.clone()));
    }
    let res = declare(fields).await;
    assert_eq!(res.status(), 303);
    let id = id_of(res.headers()["location"].to_str().unwrap());
    let d = app.store.disruption(id).await.unwrap();
    assert_eq!(
        (d.services.as_slice(), d.unit.as_deref()),
        (&[home][..], Some(unit.as_str()))
    );
    for t in &failed {
        let now = app.store.get(EntityKind::Device, t.parse().unwrap()).await.unwrap();
        assert_eq!(now.record.text("status"), "faulty", "marked faulty in the same step");
        assert!(now.record.text("notes").contains("Faulty since Tue 24 Nov 2026, 09:00"));
    }
    let page = page_text(&admin, app.url(&format!("/disruptions/{id}"))).await;
    assert!(
        page.contains("Devices out of use") && !page.contains("No systems were named"),
        "{page}"
    );
    assert!(page.contains(&format!("{unit} only")), "the unit is shown");

    // Families, rounds: the unit's people only.
    let token = app.token(ADMIN).await;
    let c = app.client();
    let families: Value = c
        .get(app.url(&format!("/api/v1/disruptions/{id}/families")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let people = people_of(&app, home).await;
    let unit_of = |pid: i64| {
        people
            .iter()
            .find(|p| p.id == pid)
            .map(|p| p.record.text("unit").to_string())
    };
    let items = families["items"].as_array().unwrap();
    assert!(!items.is_empty(), "someone on {unit} has a family to ring");
    for l in items {
        let pid = l["person"]["person_id"].as_i64().unwrap();
        assert_eq!(unit_of(pid).as_deref(), Some(unit.as_str()), "{l}");
    }
    let board: Value = c
        .get(app.url(&format!("/api/v1/disruptions/{id}/board")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rounds = board["services"][0]["rounds"].as_array().unwrap();
    assert!(!rounds.is_empty());
    for r in rounds {
        assert_eq!(r["unit"].as_str(), Some(unit.as_str()), "{r}");
    }
}

#[tokio::test]
async fn closing_says_what_is_still_open_and_the_report_keeps_it() {
    let app = spawn_app().await;
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let home_care = app.first_in(EntityKind::Visit, "home_care").await;
    let branch = app
        .store
        .get(EntityKind::Visit, home_care)
        .await
        .unwrap()
        .service_id
        .unwrap();
    let res = post_form(
        &admin,
        app.url("/disruptions"),
        &[
            ("csrf", csrf.as_str()),
            ("kind", "cyber_incident"),
            ("services", branch.to_string().as_str()),
            ("started_at", "2026-11-24T07:00"),
            ("coordinator", "Priya Shah"),
            ("safe_care", "not_threatened"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let id = id_of(res.headers()["location"].to_str().unwrap());
    let steps = app.store.disruption_steps(id).await.unwrap();
    // Ticking a step returns to that step, not to the top of a long page.
    let res = post_form(
        &admin,
        app.url(&format!("/disruptions/{id}/steps/{}", steps[0].id)),
        &[("csrf", csrf.as_str()), ("done", "yes")],
    )
    .await;
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with(&format!("#step-{}", steps[0].id)),
        "{:?}",
        res.headers()["location"]
    );
    let page = page_text(&admin, app.url(&format!("/disruptions/{id}"))).await;
    let open_steps = steps.len() - 1;
    assert!(page.contains("Still open:"), "{page}");
    assert!(
        page.contains(&format!("{open_steps} checklist steps not ticked")),
        "{page}"
    );
    assert!(page.contains("with no final status on the board"), "{page}");

    let res = post_form(
        &admin,
        app.url(&format!("/disruptions/{id}/close")),
        &[
            ("csrf", csrf.as_str()),
            ("restored_at", "2026-11-24T09:00"),
            ("note", "Back on"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303, "still allowed to close");
    let closing = app.store.timeline(id).await.unwrap().pop().unwrap();
    assert!(
        closing.text.contains(&format!(
            "Left open at closing: {open_steps} checklist steps not ticked"
        )),
        "{}",
        closing.text
    );
    let report = page_text(&admin, app.url(&format!("/disruptions/{id}/report"))).await;
    assert!(report.contains("Left open at closing"), "{report}");
    assert!(report.contains(&format!("Checklist step not ticked: {}", steps[1].text)));
    assert!(
        report.contains("Visit with no final status:"),
        "{}",
        &report[report.find("Left open").unwrap()..]
    );
    let api: Value = app
        .client()
        .get(app.url(&format!("/api/v1/disruptions/{id}/report")))
        .bearer_auth(app.token(ADMIN).await)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        api["left_open"].as_array().is_some_and(|l| !l.is_empty()),
        "{}",
        api["left_open"]
    );
}

#[tokio::test]
async fn a_refused_form_comes_back_by_redirect_with_what_was_typed_once() {
    let app = spawn_app().await;
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let token = app.token(ADMIN).await;
    let branch = app
        .store
        .get(EntityKind::Visit, app.first_in(EntityKind::Visit, "home_care").await)
        .await
        .unwrap()
        .service_id
        .unwrap();
    let declared: Value = app
        .client()
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(&token)
        .json(
            &serde_json::json!({"kind": "power", "services": [branch], "started_at": "2026-11-24T08:00",
                                  "coordinator": "Priya Shah", "safe_care": "not_threatened"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = declared["id"].as_i64().unwrap();
    let page_url = app.url(&format!("/disruptions/{id}"));
    let res = admin
        .post(app.url(&format!("/disruptions/{id}/close")))
        .header("referer", &page_url)
        .form(&[
            ("csrf", csrf.as_str()),
            ("restored_at", "2026-11-24T23:00"),
            ("note", "Typed note"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "post/redirect/get: no POST left in the history");
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(&format!("/disruptions/{id}?shown=")) && location.ends_with("#error-summary"));
    let again = admin.get(app.url(&location)).send().await.unwrap();
    assert_eq!(again.status(), 422);
    let page = again.text().await.unwrap();
    let summary = page.find("id=\"error-summary\"").expect("an error summary");
    assert!(
        summary < page.find("Checklist").unwrap(),
        "the error is at the top, in view"
    );
    assert!(page.contains("Restored at: is later than now"), "{page}");
    assert!(
        page.contains("Typed note") && page.contains("2026-11-24T23:00"),
        "what was typed is kept"
    );
    // Shown once, and only to the session that sent it.
    let (other, _) = app.signed_in(ADMIN).await;
    assert_eq!(other.get(app.url(&location)).send().await.unwrap().status(), 200);
    assert_eq!(admin.get(app.url(&location)).send().await.unwrap().status(), 200);
    assert!(app.store.disruption(id).await.unwrap().is_open(), "nothing was closed");
    // Another site's page is never a redirect target.
    let res = admin
        .post(app.url(&format!("/disruptions/{id}/close")))
        .header("referer", "http://evil.example/x")
        .form(&[("csrf", csrf.as_str()), ("restored_at", "bad")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn care_staff_work_the_day_of_their_own_service_and_only_it() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let visit = app.first_in(EntityKind::Visit, "home_care").await;
    let branch = app
        .store
        .get(EntityKind::Visit, visit)
        .await
        .unwrap()
        .service_id
        .unwrap();
    let home = app
        .store
        .get(
            EntityKind::Person,
            app.first_in(EntityKind::Person, "residential").await,
        )
        .await
        .unwrap()
        .service_id
        .unwrap();
    let declare = |service: i64| {
        let c = app.client();
        let url = app.url("/api/v1/disruptions");
        let token = token.clone();
        async move {
            let v: Value = c
                .post(url)
                .bearer_auth(&token)
                .json(&serde_json::json!({"kind": "cyber_incident", "services": [service], "started_at": "2026-11-24T08:00",
                                          "coordinator": "Priya Shah", "safe_care": "not_threatened"}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v["id"].as_i64().unwrap()
        }
    };
    let ours = declare(branch).await;
    let theirs = declare(home).await;
    let (staff, csrf) = app.signed_in(STAFF).await;
    let step = app.store.disruption_steps(ours).await.unwrap()[0].id;
    let res = post_form(
        &staff,
        app.url(&format!("/disruptions/{ours}/steps/{step}")),
        &[("csrf", csrf.as_str()), ("done", "yes")],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert!(
        app.store.disruption_steps(ours).await.unwrap()[0].done_at.is_some(),
        "ticked"
    );
    let res = post_form(
        &staff,
        app.url(&format!("/disruptions/{ours}/visits/{visit}")),
        &[("csrf", csrf.as_str()), ("status", "completed")],
    )
    .await;
    assert_eq!(res.status(), 303, "the board");
    assert_eq!(app.store.visit_statuses(ours).await.unwrap().len(), 1);
    let families: Value = app
        .client()
        .get(app.url(&format!("/api/v1/disruptions/{ours}/families")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let contact = families["items"][0]["contact"]["contact_id"].as_i64().unwrap();
    let res = post_form(
        &staff,
        app.url(&format!("/disruptions/{ours}/families/{contact}")),
        &[("csrf", csrf.as_str()), ("outcome", "spoke")],
    )
    .await;
    assert_eq!(res.status(), 303, "a family call");
    assert_eq!(app.store.family_calls(ours).await.unwrap().len(), 1);
    let res = post_form(
        &staff,
        app.url(&format!("/disruptions/{ours}/timeline")),
        &[
            ("csrf", csrf.as_str()),
            ("kind", "decision"),
            ("text", "Paper MAR in use"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303, "a timeline entry");
    // Another service's disruption does not exist for them; nor may they close their own.
    let step = app.store.disruption_steps(theirs).await.unwrap()[0].id;
    let res = post_form(
        &staff,
        app.url(&format!("/disruptions/{theirs}/steps/{step}")),
        &[("csrf", csrf.as_str()), ("done", "yes")],
    )
    .await;
    assert_eq!(res.status(), 404);
    assert!(app.store.disruption_steps(theirs).await.unwrap()[0].done_at.is_none());
    let page = page_text(&staff, app.url(&format!("/disruptions/{ours}"))).await;
    assert!(!page.contains("Close disruption"), "no button that leads to a refusal");
    let res = post_form(
        &staff,
        app.url(&format!("/disruptions/{ours}/close")),
        &[("csrf", csrf.as_str()), ("restored_at", "2026-11-24T08:55")],
    )
    .await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn a_read_only_user_sees_no_save_button_on_the_paper_sheets() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let person = app.first_in(EntityKind::Person, "residential").await;
    let home = app
        .store
        .get(EntityKind::Person, person)
        .await
        .unwrap()
        .service_id
        .unwrap();
    let declared: Value = app
        .client()
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(&token)
        .json(
            &serde_json::json!({"kind": "power", "services": [home], "started_at": "2026-11-24T07:00",
                                  "coordinator": "Priya Shah", "safe_care": "not_threatened"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = declared["id"].as_i64().unwrap();
    let url = app.url(&format!("/disruptions/{id}/entry/mar/{person}/2026-11-24"));
    let (admin, _) = app.signed_in(ADMIN).await;
    assert!(page_text(&admin, url.clone()).await.contains("Save sheet"));
    let (viewer, _) = app.signed_in(VIEWER).await;
    let page = page_text(&viewer, url).await;
    assert!(!page.contains("Save sheet") && !page.contains("Add a row"), "{page}");
    assert!(page.contains("can read the paper records but not enter them"));
}
