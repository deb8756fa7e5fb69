//! Post-incident reviews (issue [11], point 1) over HTTP: a closed disruption awaits its
//! review until it is complete; the first draft tells its timeline; completing needs the
//! lessons; a stale save is refused; an action raised from it is listed with it and is done only
//! with evidence; another service's disruption has no review for a branch manager.

use crate::helpers::*;
use lantern_core::EntityKind;
use reqwest::Method;
use serde_json::{Value, json};

/// A closed phishing disruption of the home-care branch, with one timeline entry: its id.
async fn closed_phishing(app: &TestApp, token: &str) -> (i64, i64) {
    let branch = app.first_in(EntityKind::Service, "home_care").await;
    let (code, d) = app
        .api(
            token,
            Method::POST,
            "/api/v1/disruptions",
            Some(
                json!({"kind": "cyber_incident", "title": "Phishing: e-mail isolated", "services": [branch],
                "started_at": "2026-11-24T07:30", "coordinator": "Tom Evans", "safe_care": "not_threatened"}),
            ),
        )
        .await;
    assert_eq!(code, 201, "{d}");
    let id = d["id"].as_i64().unwrap();
    let (code, e) = app
        .api(
            token,
            Method::POST,
            &format!("/api/v1/disruptions/{id}/timeline"),
            Some(json!({"kind": "note", "text": "Emergency contact sheet two numbers out of date"})),
        )
        .await;
    assert_eq!(code, 201, "{e}");
    let (code, c) = app
        .api(
            token,
            Method::POST,
            &format!("/api/v1/disruptions/{id}/close"),
            Some(json!({"restored_at": "2026-11-24T08:45", "note": "Accounts cleared"})),
        )
        .await;
    assert_eq!(code, 200, "{c}");
    (id, branch)
}

/// A staff member who works at `service`.
async fn staff_of(app: &TestApp, service: i64) -> i64 {
    let q = lantern_store::ListQuery {
        limit: 10_000,
        ..Default::default()
    };
    let staff = app.store.list(EntityKind::Staff, &q).await.unwrap().items;
    staff
        .iter()
        .find(|s| s.record.refs("services").contains(&service))
        .expect("a staff member of the service")
        .id
}

async fn review(app: &TestApp, token: &str, id: i64) -> Value {
    app.get_json(token, &format!("/api/v1/disruptions/{id}/review")).await
}

#[tokio::test]
async fn a_closed_disruption_awaits_its_review_until_the_lessons_are_written_and_completed() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let (id, branch) = closed_phishing(&app, &token).await;
    let path = format!("/api/v1/disruptions/{id}/review");

    let first = review(&app, &token, id).await;
    assert_eq!(
        (first["status"].as_str(), first["version"].as_i64()),
        (Some("not_started"), Some(0))
    );
    let draft = first["what_happened"].as_str().unwrap();
    assert!(
        draft.starts_with("Phishing: e-mail isolated — started Tue 24 Nov 2026, 07:30")
            && draft.contains("Emergency contact sheet two numbers out of date")
            && draft.contains("Accounts cleared"),
        "drafted from the record: {draft}"
    );
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let list = page_text(&admin, app.url("/disruptions")).await;
    assert!(
        list.contains(&format!("/disruptions/{id}/review\">Awaiting review")),
        "{list}"
    );
    let page = page_text(&admin, app.url(&format!("/disruptions/{id}"))).await;
    assert!(page.contains("Awaiting its post-incident review"), "{page}");

    // Completing without lessons is refused, naming them; nothing is saved.
    let (code, e) = app
        .api(
            &token,
            Method::PUT,
            &path,
            Some(json!({"version": 0, "what_happened": draft, "complete": true})),
        )
        .await;
    assert_eq!((code, e["fields"]["lessons"].is_string()), (422, true), "{e}");
    assert_eq!(review(&app, &token, id).await["status"], "not_started");

    // A draft, then a save over the old version is refused.
    let body = json!({"version": 0, "what_happened": draft, "went_well": "Families rung within the hour",
        "weaknesses": "The emergency contact sheet was out of date"});
    let (code, saved) = app.api(&token, Method::PUT, &path, Some(body.clone())).await;
    assert_eq!(
        (code, saved["status"].as_str(), saved["version"].as_i64()),
        (200, Some("draft"), Some(1)),
        "{saved}"
    );
    let (code, e) = app.api(&token, Method::PUT, &path, Some(body)).await;
    assert_eq!(code, 409, "a stale version: {e}");

    // From the page: a refused completion keeps everything typed.
    let res = post_form(
        &admin,
        app.url(&format!("/disruptions/{id}/review")),
        &[
            ("csrf", csrf.as_str()),
            ("version", "1"),
            ("what_happened", draft),
            ("went_well", "Paper MAR worked <first time>"),
            ("weaknesses", ""),
            ("lessons", ""),
            ("complete", "yes"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Paper MAR worked &#60;first time&#62;") && html.contains("write the lessons learned"),
        "{html}"
    );
    let res = post_form(
        &admin,
        app.url(&format!("/disruptions/{id}/review")),
        &[
            ("csrf", csrf.as_str()),
            ("version", "1"),
            ("what_happened", draft),
            ("went_well", "Families rung within the hour"),
            ("weaknesses", "The emergency contact sheet was out of date"),
            (
                "lessons",
                "Check the printed pack every month; rehearse a cyber downtime",
            ),
            ("complete", "yes"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let done = review(&app, &token, id).await;
    assert_eq!(
        (done["status"].as_str(), done["version"].as_i64()),
        (Some("complete"), Some(2))
    );
    assert!(done["completed_by"].as_str().unwrap().contains("admin"), "{done}");
    let list = page_text(&admin, app.url("/disruptions")).await;
    assert!(
        !list.contains(&format!("/disruptions/{id}/review\">Awaiting review")),
        "reviewed now"
    );

    // An action raised from the review is listed with it; done only with evidence and a day.
    let owner = staff_of(&app, branch).await;
    let action = json!({"name": "Monthly check of the printed pack", "service_id": branch, "owner_id": owner,
        "due_date": "2026-12-31", "status": "open", "raised_from": "incident_review", "disruption_id": id});
    let (code, a) = app.api(&token, Method::POST, "/api/v1/actions", Some(action)).await;
    assert_eq!(code, 201, "{a}");
    let action_id = a["id"].as_i64().unwrap();
    assert_eq!(review(&app, &token, id).await["actions"], json!([action_id]));
    let mut done_now = a.clone();
    done_now["status"] = json!("done");
    let put = format!("/api/v1/actions/{action_id}");
    let (code, e) = app.api(&token, Method::PUT, &put, Some(done_now.clone())).await;
    assert_eq!(
        (
            code,
            e["fields"]["evidence"].is_string(),
            e["fields"]["done_on"].is_string()
        ),
        (422, true, true),
        "{e}"
    );
    done_now["evidence"] = json!("Pack check of 1 Dec recorded");
    done_now["done_on"] = json!("2026-11-25");
    let (code, e) = app.api(&token, Method::PUT, &put, Some(done_now.clone())).await;
    assert_eq!(
        (code, e["fields"]["done_on"].is_string()),
        (422, true),
        "tomorrow has not happened: {e}"
    );
    done_now["done_on"] = json!("2026-11-24");
    let (code, e) = app.api(&token, Method::PUT, &put, Some(done_now)).await;
    assert_eq!(code, 200, "{e}");
}

#[tokio::test]
async fn an_open_disruption_or_a_planned_drill_is_not_reviewed_yet_and_others_services_are_not_yours() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let house = app.first_in(EntityKind::Service, "supported_living").await;
    let (code, d) = app
        .api(
            &token,
            Method::POST,
            "/api/v1/disruptions",
            Some(
                json!({"kind": "power", "title": "Power cut at the house", "services": [house],
                "started_at": "2026-11-24T08:00", "coordinator": "Ann Lee", "safe_care": "not_threatened"}),
            ),
        )
        .await;
    assert_eq!(code, 201, "{d}");
    let id = d["id"].as_i64().unwrap();
    let path = format!("/api/v1/disruptions/{id}/review");
    let (code, e) = app
        .api(
            &token,
            Method::PUT,
            &path,
            Some(json!({"version": 0, "lessons": "Torches", "what_happened": "Dark"})),
        )
        .await;
    assert_eq!(code, 409, "still open: {e}");
    assert!(
        review(&app, &token, id).await["not_yet"]
            .as_str()
            .unwrap()
            .contains("still open")
    );

    // A planned drill has nothing to review yet.
    let scenario = app
        .store
        .list(EntityKind::DrillScenario, &Default::default())
        .await
        .unwrap()
        .items[0]
        .id;
    let (code, drill) = app
        .api(
            &token,
            Method::POST,
            "/api/v1/drills",
            Some(
                json!({"name": "Spring tabletop", "scenario_id": scenario, "drill_type": "tabletop",
                "status": "planned", "date": "2027-03-29"}),
            ),
        )
        .await;
    assert_eq!(code, 201, "{drill}");
    let (code, e) = app
        .api(
            &token,
            Method::PUT,
            &format!("/api/v1/drills/{}/review", drill["id"]),
            Some(json!({"version": 0, "lessons": "x", "what_happened": "y", "complete": true})),
        )
        .await;
    assert_eq!(code, 409, "planned: {e}");

    // The home-care branch's manager meets no review of the house's disruption.
    let manager = app.token(BRANCH_MANAGER).await;
    let (code, _) = app.api(&manager, Method::GET, &path, None).await;
    assert_eq!(code, 404);
    let (client, _) = app.signed_in(BRANCH_MANAGER).await;
    let res = client
        .get(app.url(&format!("/disruptions/{id}/review")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // Care staff read a review of their branch but do not write it.
    let (branch_disruption, _) = closed_phishing(&app, &token).await;
    let staff = app.token(STAFF).await;
    let (code, _) = app
        .api(
            &staff,
            Method::PUT,
            &format!("/api/v1/disruptions/{branch_disruption}/review"),
            Some(json!({"version": 0, "lessons": "x", "what_happened": "y"})),
        )
        .await;
    assert_eq!(code, 403);
}

#[tokio::test]
async fn the_home_page_shows_overdue_actions_to_the_service_s_manager_and_disruptions_awaiting_review() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let (id, branch) = closed_phishing(&app, &token).await;
    let owner = staff_of(&app, branch).await;
    let action = json!({"name": "Ring the supplier about the spare router", "service_id": branch, "owner_id": owner,
        "due_date": "2026-11-20", "status": "open"});
    let (code, a) = app.api(&token, Method::POST, "/api/v1/actions", Some(action)).await;
    assert_eq!(code, 201, "{a}");
    let (manager, _) = app.signed_in(BRANCH_MANAGER).await;
    let home = page_text(&manager, app.url("/")).await;
    assert!(
        home.contains("is overdue (due 20 Nov 2026): Ring the supplier about the spare router"),
        "{home}"
    );
    assert!(
        home.contains(&format!("/disruptions/{id}/review")),
        "awaits its review: {home}"
    );
    // A manager of another service meets neither.
    let house = app.first_in(EntityKind::Service, "supported_living").await;
    let other = app.user_limited_to(house).await;
    let home = page_text(&other, app.url("/")).await;
    assert!(
        !home.contains("Ring the supplier") && !home.contains("Phishing: e-mail isolated"),
        "{home}"
    );
}

#[tokio::test]
async fn the_demo_s_phishing_story_is_reviewed_logged_checked_and_leaves_only_training_to_make_the_branch_ready() {
    let app = spawn_app().await;
    let admin = app.store.user_by_email(ADMIN).await.unwrap().unwrap();
    let now = *app.clock.lock().unwrap();
    lantern_app::demo_story::phishing(&app.store, &admin, now)
        .await
        .unwrap();
    let token = app.token(ADMIN).await;
    let list = app.get_json(&token, "/api/v1/disruptions").await;
    let d = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"].as_str().is_some_and(|t| t.starts_with("Phishing")))
        .cloned()
        .unwrap_or_else(|| panic!("the story's disruption: {list}"));
    assert_eq!(d["status"], "closed", "{d}");
    let r = review(&app, &token, d["id"].as_i64().unwrap()).await;
    assert_eq!(r["status"], "complete", "{r}");
    assert!(
        r["weaknesses"].as_str().unwrap().contains("emergency-contact sheet"),
        "{r}"
    );
    assert!(
        r["what_happened"]
            .as_str()
            .unwrap()
            .contains("Two numbers on the printed emergency-contact sheet")
    );
    let mut states = Vec::new();
    for a in r["actions"].as_array().unwrap() {
        let action = app.get_json(&token, &format!("/api/v1/actions/{a}")).await;
        states.push((
            action["name"].as_str().unwrap().to_string(),
            action["status"].as_str().unwrap().to_string(),
        ));
    }
    states.sort();
    assert_eq!(
        states,
        [
            (
                "Cyber downtime drill at the branch assurance meeting".to_string(),
                "open".to_string()
            ),
            (
                "Monthly check of the printed continuity pack, emergency contacts first".to_string(),
                "done".to_string()
            ),
            (
                "Phishing awareness refresher for the carers who are overdue".to_string(),
                "open".to_string()
            ),
        ]
    );
    // Its lesson is in the governance log, about the disruption; the check was recorded with
    // the contact sheet compared; the phishing risk was re-scored against the disruption.
    let log = app.get_json(&token, "/api/v1/governance?kind=lesson").await;
    let lesson = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["about_id"] == d["id"])
        .unwrap_or_else(|| panic!("the lesson about the disruption: {log}"));
    assert_eq!(lesson["about_kind"], "disruption");
    let branch = app.first_in(EntityKind::Service, "home_care").await;
    let pack = app.get_json(&token, &format!("/api/v1/packs/{branch}")).await;
    assert!(pack.to_string().contains("\"contacts_verified\":true"), "{pack}");
    // Readiness reads all of it: once today's pack is built (the test app builds none by
    // itself), only the branch's phishing-awareness training is left.
    let (code, built) = app
        .api(
            &token,
            Method::POST,
            &format!("/api/v1/packs/{branch}/build"),
            Some(json!({})),
        )
        .await;
    assert!(code == 200 || code == 201, "{built}");
    let r = app.get_json(&token, &format!("/api/v1/readiness/{branch}")).await;
    let not_green: Vec<&str> = r["lights"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["light"] != "green")
        .map(|l| l["aspect"].as_str().unwrap())
        .collect();
    assert_eq!(not_green, ["training"], "{r}");
}

#[tokio::test]
async fn actions_are_raised_from_pack_checks_device_tests_supplier_reviews_and_reconciliation() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let (disruption, branch) = closed_phishing(&app, &token).await;
    let device = app.first_in(EntityKind::Device, "residential").await;
    let supplier = {
        let q = lantern_store::ListQuery {
            limit: 1,
            ..Default::default()
        };
        app.store.list(EntityKind::Supplier, &q).await.unwrap().items[0].id
    };
    let (client, _) = app.signed_in(ADMIN).await;
    for (page, from) in [
        (format!("/packs/{branch}"), "pack_check"),
        (format!("/devices/{device}/log"), "device_check"),
        (format!("/suppliers/{supplier}/assurance"), "supplier_review"),
        (format!("/disruptions/{disruption}/reconciliation"), "reconciliation"),
    ] {
        let html = page_text(&client, app.url(&page)).await;
        let marker = format!("href=\"/actions/new?raised_from={from}");
        let start = html
            .find(&marker)
            .unwrap_or_else(|| panic!("{page} has no 'Raise an action' for {from}"))
            + 6;
        let href = html[start..].split('"').next().unwrap().replace("&amp;", "&");
        let form = page_text(&client, app.url(&href)).await;
        assert!(
            form.contains(&format!("value=\"{from}\" selected")) || form.contains(&format!("value=\"{from}\" checked")),
            "{href}: the form says where the action comes from"
        );
    }
    // A carer reads the pages but raises nothing: no link.
    let (carer, _) = app.signed_in(STAFF).await;
    let html = page_text(&carer, app.url(&format!("/packs/{branch}"))).await;
    assert!(!html.contains("/actions/new?"), "no raise link for care staff");
}
