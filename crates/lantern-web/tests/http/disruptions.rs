//! Story 2 (PRODUCT.md): a phishing incident at the home-care branch, run through the API with
//! the clock set by the test — declared, checklist worked, visits marked, an overdue warning for
//! an unconfirmed visit, families rung, closed. And the timeline has no route to change it.

use crate::helpers::*;
use lantern_core::EntityKind;
use serde_json::{Value, json};

async fn json_of(res: reqwest::Response) -> Value {
    let status = res.status();
    let text = res.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}"))
}

#[tokio::test]
async fn story_2_phishing_at_the_home_care_branch_over_the_api() {
    let app = spawn_app().await;
    let token = app.token(COORDINATOR).await;
    let c = app.client();
    let api = |path: &str| app.url(&format!("/api/v1{path}"));
    let email = app.system_id("email").await;
    let files = app.system_id("shared_files").await;

    // Declared at 09:00 London; the coordinator sees only the branch, so only it is proposed.
    let res = c
        .post(api("/disruptions"))
        .bearer_auth(&token)
        .json(
            &json!({"kind": "cyber_incident", "title": "Phishing: e-mail and shared files isolated",
                      "systems": [email, files], "started_at": "2026-11-24T08:40", "coordinator": "Tom Evans", "safe_care": "not_threatened"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let d = json_of(res).await;
    let id = d["id"].as_i64().unwrap();
    let branch = app.first_in(EntityKind::Visit, "home_care").await;
    let branch_service = app
        .store
        .get(EntityKind::Visit, branch)
        .await
        .unwrap()
        .service_id
        .unwrap();
    assert_eq!(d["services"], json!([branch_service]));
    assert_eq!(d["scenario"], "cyber_attack");
    assert_eq!(d["clocks"].as_array().unwrap().len(), 2);
    assert_eq!(
        d["cqc_notification_due"], false,
        "e-mail and files are not care systems"
    );
    let steps = d["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["text"].as_str().unwrap().contains("disconnect")));

    // Work the checklist.
    let step = steps[0]["id"].as_i64().unwrap();
    let res = c
        .post(api(&format!("/disruptions/{id}/steps/{step}")))
        .bearer_auth(&token)
        .json(&json!({"done": true}))
        .send()
        .await
        .unwrap();
    let d = json_of(res).await;
    assert_eq!(d["steps"][0]["done_by"], "coordinator@test.example (API)");

    // The board: visits due from early morning; at 09:00 the ones before 08:30 are overdue.
    let board = json_of(
        c.get(api(&format!("/disruptions/{id}/board")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let visits = board["services"][0]["visits"].as_array().unwrap().clone();
    assert!(visits.len() > 100, "the branch's day of visits");
    let pending_later: Vec<&Value> = visits
        .iter()
        .filter(|v| v["group"] != "overdue" && v["visit"]["start"].as_str().unwrap() > "09:00")
        .collect();
    let watched = pending_later[0];
    let watched_id = watched["visit"]["visit_id"].as_i64().unwrap();
    let start = watched["visit"]["start"].as_str().unwrap().to_string();
    assert!(watched["warning"].is_null());

    // A phone call confirms one visit; another is marked missed.
    let first_overdue = visits.iter().find(|v| v["group"] == "overdue").unwrap();
    let confirmed_id = first_overdue["visit"]["visit_id"].as_i64().unwrap();
    for (visit, status) in [(confirmed_id, "confirmed"), (confirmed_id, "completed")] {
        let res = c
            .post(api(&format!("/disruptions/{id}/visits/{visit}")))
            .bearer_auth(&token)
            .json(&json!({"status": status}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let bad = c
        .post(api(&format!("/disruptions/{id}/visits/{confirmed_id}")))
        .bearer_auth(&token)
        .json(&json!({"status": "done"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    assert!(
        json_of(bad).await["fields"]["status"]
            .as_str()
            .unwrap()
            .contains("not a visit status")
    );

    // Move the clock (no sleeping) to 31 minutes after the watched visit's start.
    let (h, m) = start.split_once(':').unwrap();
    let minutes_after_nine = (h.parse::<i64>().unwrap() - 9) * 60 + m.parse::<i64>().unwrap();
    app.advance_minutes(minutes_after_nine + 31);
    let board = json_of(
        c.get(api(&format!("/disruptions/{id}/board")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let visits = board["services"][0]["visits"].as_array().unwrap();
    let row = visits.iter().find(|v| v["visit"]["visit_id"] == watched_id).unwrap();
    assert_eq!(row["group"], "overdue");
    assert_eq!(row["warning"], "Not confirmed 31 min after its start");
    let done = visits.iter().find(|v| v["visit"]["visit_id"] == confirmed_id).unwrap();
    assert_eq!(
        (done["group"].as_str(), done["status"].as_str()),
        (Some("done"), Some("completed"))
    );
    assert!(board["services"][0]["counts"]["overdue"].as_u64().unwrap() >= 1);

    // Families: higher-risk first; a call that reaches them settles the line.
    let fam = json_of(
        c.get(api(&format!("/disruptions/{id}/families")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let items = fam["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert_eq!(items[0]["person"]["risk_tier"], "high");
    let outstanding = fam["outstanding"].as_u64().unwrap();
    let contact = items[0]["contact"]["contact_id"].as_i64().unwrap();
    for outcome in ["no_answer", "spoke"] {
        let res = c
            .post(api(&format!("/disruptions/{id}/families/{contact}/calls")))
            .bearer_auth(&token)
            .json(&json!({"outcome": outcome, "note": "All well"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    let fam = json_of(
        c.get(api(&format!("/disruptions/{id}/families")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(fam["outstanding"].as_u64().unwrap(), outstanding - 1);

    // Supplier contact, then a correction that refers to it.
    let res = c
        .post(api(&format!("/disruptions/{id}/timeline")))
        .bearer_auth(&token)
        .json(&json!({"kind": "supplier_contact", "text": "IT support: call ref 4411"}))
        .send()
        .await
        .unwrap();
    let entry = json_of(res).await["id"].as_i64().unwrap();
    let res = c
        .post(api(&format!("/disruptions/{id}/timeline")))
        .bearer_auth(&token)
        .json(&json!({"kind": "note", "text": "Ref is 4417", "corrects": entry}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);

    // No route changes or deletes a timeline entry.
    for method in [reqwest::Method::PUT, reqwest::Method::PATCH, reqwest::Method::DELETE] {
        for path in [
            format!("/api/v1/disruptions/{id}/timeline/{entry}"),
            format!("/api/v1/disruptions/{id}/timeline"),
            format!("/api/v1/timeline_entries/{entry}"),
            format!("/disruptions/{id}/timeline/{entry}"),
        ] {
            let res = c
                .request(method.clone(), app.url(&path))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert!(
                [404, 405].contains(&res.status().as_u16()),
                "{method} {path}: {}",
                res.status()
            );
        }
    }
    let del = c
        .delete(api(&format!("/disruptions/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), 405, "a disruption is never deleted");

    // Close it; afterwards nothing more is recorded, and the timeline tells the story.
    let res = c
        .post(api(&format!("/disruptions/{id}/close")))
        .bearer_auth(&token)
        .json(&json!({"restored_at": app.clock.lock().unwrap().to_string(), "note": "IT cleared the accounts"}))
        .send()
        .await
        .unwrap();
    let d = json_of(res).await;
    assert_eq!(d["status"], "closed");
    let texts: Vec<String> = d["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap().to_string())
        .collect();
    assert!(texts[0].starts_with("Declared"));
    assert!(texts.iter().any(|t| t.starts_with("Done: ")));
    assert!(
        texts.iter().any(|t| t == "IT support: call ref 4411"),
        "the original stays"
    );
    assert!(texts.last().unwrap().starts_with("Closed"));
    let late = c
        .post(api(&format!("/disruptions/{id}/steps/{step}")))
        .bearer_auth(&token)
        .json(&json!({"done": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), 409);

    // Everything is in the audit log.
    let audit = app.store.audit_entries(200).await.unwrap();
    for action in [
        "declare",
        "checklist",
        "visit_status",
        "family_call",
        "timeline",
        "close",
    ] {
        assert!(audit.iter().any(|a| a.action == action), "audited: {action}");
    }
}

#[tokio::test]
async fn declaring_needs_the_role_and_a_readable_declaration() {
    let app = spawn_app().await;
    let c = app.client();
    let viewer = app.token(VIEWER).await;
    let body = json!({"kind": "power", "services": [1], "started_at": "2026-11-24T08:00", "coordinator": "X", "safe_care": "not_threatened"});
    let res = c
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(&viewer)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let admin = app.token(ADMIN).await;
    let res = c
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(&admin)
        .json(&json!({"kind": "flood", "started_at": "tomorrow", "coordinator": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let e = json_of(res).await;
    for field in ["kind", "started_at", "coordinator", "services"] {
        assert!(e["fields"][field].is_string(), "{field}: {e}");
    }
    assert_eq!(app.store.disruptions().await.unwrap().len(), 0, "nothing stored");
}

/// Regulation 18(2)(g) as it is written: an event that threatens safe care is notified at once;
/// a power cut at 24 hours; a care system down a day gets only the softer prompt. Each prompt
/// stays until the notification is recorded.
#[tokio::test]
async fn cqc_is_prompted_as_the_regulation_says() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let c = app.client();
    let care = app.system_id("care_planning").await;
    let declare = |body: serde_json::Value| {
        let (c, token, url) = (c.clone(), token.clone(), app.url("/api/v1/disruptions"));
        async move { json_of(c.post(url).bearer_auth(&token).json(&body).send().await.unwrap()).await }
    };
    let get = |id: i64| {
        let (c, token, url) = (c.clone(), token.clone(), app.url(&format!("/api/v1/disruptions/{id}")));
        async move { json_of(c.get(url).bearer_auth(&token).send().await.unwrap()).await }
    };
    // Asked at declaration: leaving the question out is refused, naming it.
    let refused = c
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(&token)
        .json(&json!({"kind": "supplier_outage", "systems": [care], "started_at": "2026-11-24T08:00", "coordinator": "Priya"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("safe_care"));

    let outage = declare(
        json!({"kind": "supplier_outage", "systems": [care], "started_at": "2026-11-24T08:00",
        "coordinator": "Priya", "safe_care": "not_threatened"}),
    )
    .await;
    let outage = outage["id"].as_i64().unwrap();
    assert!(
        get(outage).await["services"].as_array().unwrap().len() > 1,
        "every service on the system is proposed"
    );
    let threat = declare(
        json!({"kind": "cyber_incident", "systems": [care], "started_at": "2026-11-24T08:30",
        "coordinator": "Priya", "safe_care": "threatened"}),
    )
    .await;
    let threat = threat["id"].as_i64().unwrap();
    let power = declare(
        json!({"kind": "power", "services": [1], "started_at": "2026-11-24T08:00",
        "coordinator": "Priya", "safe_care": "not_threatened"}),
    )
    .await;
    let power = power["id"].as_i64().unwrap();

    let at_declaration = get(threat).await;
    assert_eq!(
        at_declaration["cqc_notification_due"], true,
        "threatens safe care: at once"
    );
    assert_eq!(at_declaration["cqc_prompt"]["urgency"], "notify_now");
    assert_eq!(get(outage).await["cqc_prompt"], serde_json::Value::Null);
    assert_eq!(get(power).await["cqc_notification_due"], false);

    app.advance_minutes(23 * 60);
    let power_now = get(power).await;
    assert_eq!(
        power_now["cqc_notification_due"], true,
        "24 hours after 08:00 is 08:00 tomorrow"
    );
    assert!(
        power_now["cqc_prompt"]["reason"]
            .as_str()
            .unwrap()
            .contains("electricity")
    );
    let outage_now = get(outage).await;
    assert_eq!(
        outage_now["cqc_notification_due"], false,
        "an IT failure alone has no fixed clock"
    );
    assert_eq!(outage_now["cqc_prompt"]["urgency"], "consider");
    assert_eq!(outage_now["clocks"][0]["state"], "past_mtpd");

    // Asked again on the disruption: the answer changes the prompt, and is in the timeline.
    let res = c
        .post(app.url(&format!("/api/v1/disruptions/{outage}/safe-care")))
        .bearer_auth(&token)
        .json(&json!({"safe_care": "threatened"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let outage_now = get(outage).await;
    assert_eq!(outage_now["cqc_prompt"]["urgency"], "notify_now");
    assert!(
        outage_now["timeline"]
            .to_string()
            .contains("Stops or threatens safe care: yes"),
        "{}",
        outage_now["timeline"]
    );
    let res = c
        .post(app.url(&format!("/api/v1/disruptions/{outage}/safe-care")))
        .bearer_auth(&token)
        .json(&json!({"safe_care": "maybe"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);

    for id in [outage, threat, power] {
        let res = c
            .post(app.url(&format!("/api/v1/disruptions/{id}/cqc-notification")))
            .bearer_auth(&token)
            .json(&json!({"reference": "CQC-ENQ-1"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let d = get(id).await;
        assert_eq!(
            (d["cqc_notification_due"].clone(), d["cqc_prompt"].clone()),
            (json!(false), json!(null))
        );
    }
}

/// The pages: a declaration with mistakes comes back with them named; a branch coordinator
/// sees only disruptions touching the branch; a read-only user cannot tick.
#[tokio::test]
async fn pages_declare_show_and_guard_a_disruption() {
    let app = spawn_app().await;
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let res = admin
        .post(app.url("/disruptions"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", ""),
            ("started_at", "soon"),
            ("coordinator", "Priya"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("There is a problem"));
    assert!(page.contains("choose the type of disruption"), "{page}");
    assert!(!page.contains("supplier_outage, "), "no codes for people: {page}");
    assert!(page.contains("choose at least one affected service"));
    assert_eq!(app.store.disruptions().await.unwrap().len(), 0);

    // A power cut at a residential home only: the branch coordinator must not see it.
    let residential = app.first_in(EntityKind::Person, "residential").await;
    let home = app
        .store
        .get(EntityKind::Person, residential)
        .await
        .unwrap()
        .service_id
        .unwrap()
        .to_string();
    let res = admin
        .post(app.url("/disruptions"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "power"),
            ("services", home.as_str()),
            ("started_at", "2026-11-24T08:30"),
            ("coordinator", "Priya Shah"),
            ("safe_care", "not_threatened"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let url = res.headers()["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let page = admin.get(app.url(&url)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Power cut") && page.contains("Ring the network operator on 105"));
    let board = admin
        .get(app.url(&format!("{url}/board")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        board.contains("medicine rounds by unit"),
        "a residential home shows rounds"
    );

    let (coordinator, _) = app.signed_in(COORDINATOR).await;
    assert_eq!(coordinator.get(app.url(&url)).send().await.unwrap().status(), 404);
    let list = coordinator
        .get(app.url("/disruptions"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!list.contains("Power cut"), "not listed for the branch either");

    let (viewer, viewer_csrf) = app.signed_in(VIEWER).await;
    let page = viewer.get(app.url(&url)).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("Mark done"), "no checklist buttons for read-only users");
    let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
    let step = app.store.disruption_steps(id).await.unwrap()[0].id;
    let res = viewer
        .post(app.url(&format!("{url}/steps/{step}")))
        .form(&[("csrf", viewer_csrf.as_str()), ("done", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = admin
        .post(app.url(&format!("{url}/steps/{step}")))
        .form(&[("done", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "no CSRF token, no change");
    assert!(app.store.disruption_steps(id).await.unwrap()[0].done_at.is_none());
}

#[tokio::test]
async fn a_status_from_the_board_answers_the_refreshed_board_and_a_bad_time_is_named() {
    let app = spawn_app().await;
    let (c, csrf) = app.signed_in(COORDINATOR).await;
    let visit = app.first_in(EntityKind::Visit, "home_care").await;
    let branch = app
        .store
        .get(EntityKind::Visit, visit)
        .await
        .unwrap()
        .service_id
        .unwrap()
        .to_string();
    let res = c
        .post(app.url("/disruptions"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "cyber_incident"),
            ("services", branch.as_str()),
            ("started_at", "2026-11-24T08:30"),
            ("coordinator", "Tom Evans"),
            ("safe_care", "not_threatened"),
        ])
        .send()
        .await
        .unwrap();
    let url = res.headers()["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    // A visit on the board (today's, in the window).
    let token = app.token(COORDINATOR).await;
    let board = json_of(
        c.get(app.url(&format!("/api/v1{url}/board")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let visit = board["services"][0]["visits"][0]["visit"]["visit_id"].as_i64().unwrap();
    let res = c
        .post(app.url(&format!("{url}/visits/{visit}?part=live")))
        .form(&[("csrf", csrf.as_str()), ("status", "confirmed")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let part = res.text().await.unwrap();
    assert!(part.trim_start().starts_with("<div id=\"board-live\""), "{part}");
    let card = &part[part.find(&format!("id=\"visit-{visit}\"")).unwrap()..];
    let card = &card[..card.find("</li>\n").unwrap()];
    assert!(
        card.contains("Confirmed by phone") && card.contains("aria-pressed=\"true\""),
        "{card}"
    );
    assert!(
        part.contains("<strong>1</strong> confirmed</li>"),
        "the tally follows the tap"
    );
    let res = c
        .post(app.url(&format!("{url}/timeline")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "decision"),
            ("text", "Stop e-mail"),
            ("at", "2026-11-24T23:00"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("is in the future") && page.contains("Stop e-mail"),
        "the draft is kept"
    );
}

#[tokio::test]
async fn scenario_checklists_through_the_api_start_the_next_declaration() {
    let app = spawn_app().await;
    let c = app.client();
    let viewer = app.token(VIEWER).await;
    let plans = c
        .get(app.url("/api/v1/scenarios"))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap();
    let plans = json_of(plans).await;
    assert_eq!(plans["items"].as_array().map(Vec::len), Some(6), "{plans}");
    let put = |token: String, steps: serde_json::Value| {
        c.put(app.url("/api/v1/scenarios/power_cut"))
            .bearer_auth(token)
            .json(&json!({"steps": steps}))
            .send()
    };
    assert_eq!(put(viewer.clone(), json!(["Ring 105"])).await.unwrap().status(), 403);
    let admin = app.token(ADMIN).await;
    assert_eq!(put(admin.clone(), json!([" ", ""])).await.unwrap().status(), 422);
    let res = put(admin.clone(), json!(["Ring 105", "Check people on oxygen"]))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let person = app.first_in(EntityKind::Person, "residential").await;
    let home = app
        .store
        .get(EntityKind::Person, person)
        .await
        .unwrap()
        .service_id
        .unwrap();
    let res = c
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(&admin)
        .json(&json!({"kind": "power", "services": [home], "started_at": "2026-11-24T08:00", "coordinator": "Priya", "safe_care": "not_threatened"}))
        .send()
        .await
        .unwrap();
    let d = json_of(res).await;
    let steps: Vec<&str> = d["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(steps, vec!["Ring 105", "Check people on oxygen"]);
}
