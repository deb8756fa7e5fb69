//! Drills (issue [10] items 4–5): a drill's what-if is lantern-app's `what_if::run` over its
//! saved systems, start and hours; its briefing sheet is a PDF of the same figures; a manager of
//! another service meets none of it; a held drill dated tomorrow is refused, naming the date.

use crate::helpers::*;
use crate::packs::poppler;
use lantern_app::what_if::{self, Ask};
use lantern_core::EntityKind;
use lantern_core::disruption::DisruptionKind;
use lantern_core::user::ServiceAccess;
use lantern_store::{Actor, ListQuery, Stored};
use serde_json::Value;

async fn drills(app: &TestApp) -> Vec<Stored> {
    let q = ListQuery {
        limit: 100,
        ..Default::default()
    };
    app.store.list(EntityKind::Drill, &q).await.unwrap().items
}

/// The demo's drills: the home-care branch's tabletop and the residential home's live drill.
async fn drill_of(app: &TestApp, service_type: &str) -> Stored {
    let service = app.first_in(EntityKind::Service, service_type).await;
    drills(app)
        .await
        .into_iter()
        .find(|d| d.service_id == Some(service))
        .unwrap_or_else(|| panic!("a demo drill of the {service_type} service"))
}

fn app_of(app: &TestApp) -> lantern_web::App {
    let (clock, _) = lantern_web::Clock::manual(*app.clock.lock().unwrap());
    lantern_web::App {
        store: app.store.clone(),
        clock,
        builds_packs: false,
    }
}

#[tokio::test]
async fn a_drill_s_what_if_is_the_what_if_of_its_saved_systems_start_and_hours() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let drill = drill_of(&app, "home_care").await;
    let r = &drill.record;
    let got = app
        .get_json(&token, &format!("/api/v1/drills/{}/what-if", drill.id))
        .await;

    let date = r.date("whatif_date").unwrap();
    let lantern_core::Val::Time(time) = r.get("whatif_time") else {
        panic!("a saved start time")
    };
    let ask = Ask {
        kind: DisruptionKind::SupplierOutage,
        systems: r.refs("whatif_systems"),
        services: Vec::new(),
        start: lantern_core::schedule::due_at(date, *time).0,
        hours: r.int("whatif_hours").unwrap(),
    };
    let service = drill.service_id.unwrap();
    let expected = what_if::run(
        &app_of(&app),
        &ServiceAccess::Only(vec![service]),
        &Actor::system("test"),
        &ask,
    )
    .await
    .unwrap();
    let expected = serde_json::to_value(&expected).unwrap();
    assert_eq!(got["window"]["hours"], 4);
    assert!(got["doses"].as_array().unwrap().len() + got["visits"].as_array().unwrap().len() > 0);
    // The same answer, field for field: the one function over the same register.
    assert_eq!(got, expected);
    assert_eq!(got["services"].as_array().unwrap().len(), 1, "the drill's service only");
}

#[tokio::test]
async fn the_briefing_pdf_names_the_drill_and_a_time_critical_dose_of_the_screen() {
    let app = spawn_app().await;
    let drill = drill_of(&app, "residential").await;
    let (client, _) = app.signed_in(ADMIN).await;
    let page = page_text(&client, app.url(&format!("/drills/{}", drill.id))).await;
    assert!(page.contains("Time-critical doses in the window"), "{page}");
    assert!(page.contains("Save this what-if with the drill"));
    let res = client
        .get(app.url(&format!("/drills/{}/briefing.pdf", drill.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let pdf = res.bytes().await.unwrap().to_vec();
    assert!(pdf.starts_with(b"%PDF"));
    let token = app.token(ADMIN).await;
    let w = app
        .get_json(&token, &format!("/api/v1/drills/{}/what-if", drill.id))
        .await;
    let critical: Vec<&Value> = w["doses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["time_critical"] == true)
        .collect();
    assert!(
        !critical.is_empty(),
        "the live drill's morning round has a time-critical dose"
    );
    let person = critical[0]["person"].as_str().unwrap();
    assert!(page.contains(person), "the screen lists {person}");
    let Some(text) = poppler("pdftotext", &pdf, &[]) else {
        return;
    };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&drill.record.title()), "{flat}");
    assert!(flat.contains(person), "{person} in {flat}");
    assert!(flat.contains("Riverside House"));
    if let Some(fonts) = poppler("pdffonts", &pdf, &[]) {
        assert!(fonts.lines().skip(2).all(|l| l.contains(" yes ")), "{fonts}");
    }
    let audit = app.get_json(&token, "/api/v1/audit").await.to_string();
    assert!(audit.contains("briefing sheet"), "printing is audited");
}

#[tokio::test]
async fn a_manager_of_another_service_meets_no_drill_of_the_branch() {
    let app = spawn_app().await;
    // The residential home's drill, seen by the home-care branch's manager.
    let theirs = drill_of(&app, "residential").await.id;
    let (client, _) = app.signed_in(BRANCH_MANAGER).await;
    for path in [format!("/drills/{theirs}"), format!("/drills/{theirs}/briefing.pdf")] {
        let res = client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
    let token = app.token(BRANCH_MANAGER).await;
    for path in [
        format!("/api/v1/drills/{theirs}"),
        format!("/api/v1/drills/{theirs}/what-if"),
        format!("/api/v1/drills/{theirs}/briefing.pdf"),
    ] {
        let res = app
            .client()
            .get(app.url(&path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
    // Their schedule holds their branch alone, drilled in the tabletop.
    let due = app.get_json(&token, "/api/v1/drills/due").await;
    let services = due["services"].as_array().unwrap();
    assert_eq!(services.len(), 1, "{due}");
    assert!(services[0]["last_drill"].as_str().unwrap().contains("Tabletop"));
    assert_eq!(services[0]["overdue"], false);
}

#[tokio::test]
async fn the_schedule_flags_services_never_drilled_and_overdue() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let due = app.get_json(&token, "/api/v1/drills/due").await;
    let services = due["services"].as_array().unwrap();
    let home = services.iter().find(|s| s["service"] == "Riverside House").unwrap();
    assert_eq!(home["overdue"], true, "the live drill was 250 days ago: {home}");
    assert!(
        services
            .iter()
            .any(|s| s["last_drill"].is_null() && s["overdue"] == true)
    );
    let (client, _) = app.signed_in(ADMIN).await;
    let page = page_text(&client, app.url("/drills/due")).await;
    assert!(page.contains("Never drilled") && page.contains("Overdue"), "{page}");
}

#[tokio::test]
async fn a_held_drill_dated_tomorrow_is_refused_naming_the_date() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let before = app.count(EntityKind::Drill).await;
    let scenario = app
        .store
        .list(EntityKind::DrillScenario, &ListQuery::default())
        .await
        .unwrap()
        .items[0]
        .id;
    let res = app
        .client()
        .post(app.url("/api/v1/drills"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"name": "Tomorrow's drill", "scenario_id": scenario,
            "drill_type": "tabletop", "status": "held", "date": "2026-11-25"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert!(body["fields"]["date"].as_str().unwrap().contains("future"), "{body}");
    assert_eq!(app.count(EntityKind::Drill).await, before, "nothing saved");

    // Planned for tomorrow is fine; and so is held today.
    for status in ["planned"] {
        let res = app
            .client()
            .post(app.url("/api/v1/drills"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"name": "Tomorrow's drill", "scenario_id": scenario,
                "drill_type": "tabletop", "status": status, "date": "2026-11-25"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{status}");
    }
}

#[tokio::test]
async fn saving_the_what_if_with_the_drill_stores_its_hours() {
    let app = spawn_app().await;
    let drill = drill_of(&app, "home_care").await;
    // A coordinator reads the drill and drags the hours, but saving is an editor's.
    let (coordinator, _) = app.signed_in(COORDINATOR).await;
    let page = page_text(&coordinator, app.url(&format!("/drills/{}?hours=9", drill.id))).await;
    assert!(page.contains("9 hours from") && !page.contains("Save this what-if"));
    let (client, csrf) = app.signed_in(BRANCH_MANAGER).await;
    let page = page_text(&client, app.url(&format!("/drills/{}?hours=9", drill.id))).await;
    assert!(page.contains("9 hours from"), "the slider's hours drive the answer");
    let version = hidden(&page, "version");
    let start = hidden(&page, "start");
    let systems: Vec<String> = drill.record.refs("whatif_systems").iter().map(i64::to_string).collect();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("start", start.as_str()),
        ("hours", "9"),
    ];
    fields.extend(systems.iter().map(|s| ("systems", s.as_str())));
    let res = post_form(&client, app.url(&format!("/drills/{}/what-if", drill.id)), &fields).await;
    assert_eq!(res.status(), 303);
    let saved = app.store.get(EntityKind::Drill, drill.id).await.unwrap();
    assert_eq!(saved.record.int("whatif_hours"), Some(9));
    assert_eq!(saved.version, drill.version + 1, "a new version, in the history");
    // The API's saved what-if follows.
    let token = app.token(BRANCH_MANAGER).await;
    let w = app
        .get_json(&token, &format!("/api/v1/drills/{}/what-if", drill.id))
        .await;
    assert_eq!(w["window"]["hours"], 9);
    // A stale version is refused, nothing changed.
    let res = post_form(&client, app.url(&format!("/drills/{}/what-if", drill.id)), &fields).await;
    assert_eq!(res.status(), 409);
    assert_eq!(
        app.store.get(EntityKind::Drill, drill.id).await.unwrap().version,
        saved.version
    );
}

#[tokio::test]
async fn an_imported_held_drill_dated_tomorrow_refuses_the_file() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let before = app.count(EntityKind::Drill).await;
    let csv = "source_id,name,scenario_id,drill_type,status,date\n\
               d-1,Last month's tabletop,briefs-1,tabletop,held,24/10/2026\n\
               d-2,Tomorrow's drill,briefs-1,tabletop,held,25/11/2026\n";
    let res = app
        .client()
        .post(app.url("/api/v1/import/csv/drills"))
        .bearer_auth(&token)
        .body(csv)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let body = res.text().await.unwrap();
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("row 3") && body.contains("cannot be in the future"),
        "{body}"
    );
    assert_eq!(app.count(EntityKind::Drill).await, before, "nothing imported");
}

#[tokio::test]
async fn a_held_drill_raises_a_risk_and_re_scores_another_naming_the_drill_and_a_planned_one_cannot() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let tabletop = drill_of(&app, "home_care").await;
    let id = tabletop.id;
    let raise = format!("/api/v1/drills/{id}/risks");
    let body = serde_json::json!({"name": "Visit lists printed the evening before miss late changes",
        "effect_on_care": "A carer goes to a cancelled visit and misses an added one",
        "likelihood": "3", "impact": "4", "note": "Two runs printed the day before missed changes"});
    let (code, r) = app.api(&token, reqwest::Method::POST, &raise, Some(body.clone())).await;
    assert_eq!(code, 201, "{r}");
    let risk = app
        .store
        .get(EntityKind::Risk, r["risk_id"].as_i64().unwrap())
        .await
        .unwrap();
    assert_eq!(risk.service_id, tabletop.service_id, "the drill's service");
    assert!(
        risk.record.text("cause").contains("Tabletop: CarePlan Cloud")
            && risk
                .record
                .text("cause")
                .contains("Carers had their visit lists on paper"),
        "the drill and what it found are the cause: {}",
        risk.record.text("cause")
    );
    assert_eq!(
        risk.record.refs("systems"),
        tabletop.record.refs("whatif_systems"),
        "the systems it took down"
    );
    let reviews = app
        .get_json(&token, &format!("/api/v1/risks/{}/reviews", risk.id))
        .await;
    assert_eq!(
        (
            reviews["reviews"][0]["drill_id"].as_i64(),
            reviews["reviews"][0]["disruption_id"].as_i64()
        ),
        (Some(id), None)
    );

    // Re-scoring another risk from the drill's page: the review names the drill, the drill's
    // page lists both.
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let page = page_text(&admin, app.url(&format!("/drills/{id}/risks"))).await;
    assert!(
        page.contains("Raised by") && page.contains("What the drill showed"),
        "{page}"
    );
    let other = app
        .store
        .list(EntityKind::Risk, &ListQuery::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|s| s.id != risk.id && (s.service_id.is_none() || s.service_id == tabletop.service_id))
        .expect("a risk of the branch or the organisation");
    let form_page = page_text(&admin, app.url(&format!("/risks/{}/reviews?drill={id}", other.id))).await;
    assert!(form_page.contains(&format!("From drill {id}")), "{form_page}");
    let res = admin
        .post(app.url(&format!("/risks/{}/reviews", other.id)))
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", &other.version.to_string()),
            ("residual_likelihood", "2"),
            ("residual_impact", "2"),
            ("next_review", "2027-02-24"),
            ("note", "The tabletop showed the paper board works"),
            ("drill_id", &id.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        (res.status().as_u16(), res.headers()["location"].to_str().unwrap()),
        (303, format!("/drills/{id}/risks?done=review").as_str()),
        "back to the drill's risks"
    );
    let page = page_text(&admin, app.url(&format!("/drills/{id}/risks"))).await;
    assert!(page.contains("Re-scored by"), "{page}");
    let reviews = app
        .get_json(&token, &format!("/api/v1/risks/{}/reviews", other.id))
        .await;
    assert_eq!(reviews["reviews"][0]["drill_id"].as_i64(), Some(id));

    // A planned drill has tested nothing yet: refused, nothing raised.
    let scenario = tabletop.record.int("scenario_id").unwrap();
    let (code, planned) = app
        .api(
            &token,
            reqwest::Method::POST,
            "/api/v1/drills",
            Some(
                serde_json::json!({"name": "Next spring's tabletop", "scenario_id": scenario,
                "drill_type": "tabletop", "status": "planned", "date": "2027-03-29"}),
            ),
        )
        .await;
    assert_eq!(code, 201, "{planned}");
    let risks_before = app.count(EntityKind::Risk).await;
    let (code, e) = app
        .api(
            &token,
            reqwest::Method::POST,
            &format!("/api/v1/drills/{}/risks", planned["id"]),
            Some(body),
        )
        .await;
    assert_eq!(code, 409, "{e}");
    assert!(e["message"].as_str().unwrap_or_default().contains("planned"), "{e}");
    assert_eq!(app.count(EntityKind::Risk).await, risks_before);
}
