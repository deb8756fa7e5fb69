//! The governance log over HTTP: adding, the filters, corrections that keep the old entry,
//! refusals that name the field and write nothing, a branch manager's scope by every route
//! (page, entry, API, CSV, PDF), a formula neutralised in the CSV, and the printed log naming
//! the organisation and the filter on every page.

use crate::helpers::*;
use crate::packs::poppler;
use lantern_core::EntityKind;
use reqwest::Method;
use serde_json::json;

async fn add(app: &TestApp, token: &str, body: serde_json::Value) -> i64 {
    let (status, answer) = app.api(token, Method::POST, "/api/v1/governance", Some(body)).await;
    assert_eq!(status, 201, "{answer}");
    answer["id"].as_i64().unwrap()
}

async fn list(app: &TestApp, token: &str, query: &str) -> Vec<serde_json::Value> {
    let answer = app.get_json(token, &format!("/api/v1/governance{query}")).await;
    answer["entries"].as_array().unwrap().clone()
}

fn ids(entries: &[serde_json::Value]) -> Vec<i64> {
    entries.iter().map(|e| e["id"].as_i64().unwrap()).collect()
}

async fn service(app: &TestApp, service_type: &str) -> i64 {
    let q = lantern_store::ListQuery {
        limit: 100,
        ..Default::default()
    };
    app.store
        .list(EntityKind::Service, &q)
        .await
        .unwrap()
        .items
        .iter()
        .find(|s| s.record.text("service_type") == service_type)
        .unwrap()
        .id
}

async fn count(app: &TestApp) -> usize {
    app.store
        .governance_entries(&Default::default(), None)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn an_entry_is_added_listed_by_each_filter_and_corrected_leaving_the_old_one() {
    let app = spawn_app().await;
    let (client, csrf) = app.signed_in(ADMIN).await;
    let home = service(&app, "residential").await;
    // By the page's form, as a person would.
    let res = post_form(
        &client,
        app.url("/governance"),
        &[
            ("csrf", &csrf),
            ("service_id", &home.to_string()),
            ("kind", "decision"),
            ("occurred_on", "2026-11-20"),
            ("title", "Order two more tablets for Ash"),
            ("body", "Agreed at the managers' meeting."),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = to
        .trim_start_matches("/governance/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let page = page_text(&client, app.url(&to)).await;
    assert!(page.contains("Order two more tablets for Ash") && page.contains("The entry is recorded"));
    let listing = page_text(&client, app.url("/governance")).await;
    assert!(listing.contains("Order two more tablets for Ash"));
    assert!(
        listing.contains("Continuity plan signed off by the board"),
        "the demo's entries"
    );

    let token = app.token(ADMIN).await;
    let note = add(
        &app,
        &token,
        json!({"kind": "note", "title": "A note for the whole organisation", "occurred_on": "2026-06-01"}),
    )
    .await;
    let all = ids(&list(&app, &token, "").await);
    assert!(all.contains(&id) && all.contains(&note));
    // Each filter on its own.
    let of_home = list(&app, &token, &format!("?service={home}")).await;
    assert!(ids(&of_home).contains(&id) && !ids(&of_home).contains(&note));
    assert!(of_home.iter().all(|e| e["service_id"] == json!(home)));
    let org = list(&app, &token, "?service=organisation").await;
    assert!(ids(&org).contains(&note) && !ids(&org).contains(&id));
    let notes = list(&app, &token, "?kind=note").await;
    assert!(notes.iter().all(|e| e["kind"] == "note") && ids(&notes).contains(&note));
    let june = ids(&list(&app, &token, "?from=2026-06-01&to=2026-06-30").await);
    assert!(june.contains(&note) && !june.contains(&id));
    let from = ids(&list(&app, &token, "?from=2026-11-01").await);
    assert!(from.contains(&id) && !from.contains(&note));
    let (status, answer) = app
        .api(
            &token,
            Method::GET,
            "/api/v1/governance?from=2026-07-01&to=2026-06-01",
            None,
        )
        .await;
    assert_eq!(status, 422, "{answer}");
    assert!(answer.to_string().contains("\"to\""), "{answer}");

    // A correction names the old entry, keeps its service, and leaves it as it was.
    let before = app.get_json(&token, &format!("/api/v1/governance/{id}")).await;
    let res = post_form(
        &client,
        app.url(&format!("/governance/{id}/corrections")),
        &[
            ("csrf", &csrf),
            ("kind", "decision"),
            ("occurred_on", "2026-11-20"),
            ("title", "Order three more tablets for Ash"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let page = page_text(&client, app.url(&to)).await;
    assert!(
        page.contains(&format!("href=\"/governance/{id}\"")),
        "names the corrected entry"
    );
    let fixed: i64 = to
        .trim_start_matches("/governance/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let after = app.get_json(&token, &format!("/api/v1/governance/{id}")).await;
    assert_eq!(after["entry"]["title"], before["entry"]["title"]);
    assert_eq!(after["entry"]["corrected_by"], json!([fixed]));
    assert_eq!(after["corrections"][0]["id"], json!(fixed));
    let new = app.get_json(&token, &format!("/api/v1/governance/{fixed}")).await;
    assert_eq!(new["entry"]["corrects_id"], json!(id));
    assert_eq!(new["entry"]["service_id"], json!(home));
    let old_page = page_text(&client, app.url(&format!("/governance/{id}"))).await;
    assert!(old_page.contains("This entry has been corrected") && old_page.contains("Order two more tablets for Ash"));
    // By the API too.
    let (status, answer) = app
        .api(
            &token,
            Method::POST,
            &format!("/api/v1/governance/{note}/corrections"),
            Some(json!({"kind": "note", "title": "The note, corrected"})),
        )
        .await;
    assert_eq!(status, 201, "{answer}");
}

#[tokio::test]
async fn a_future_date_or_a_missing_title_is_refused_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let (client, csrf) = app.signed_in(ADMIN).await;
    let before = count(&app).await;
    let res = post_form(
        &client,
        app.url("/governance"),
        &[
            ("csrf", &csrf),
            ("service_id", ""),
            ("kind", "lesson"),
            ("occurred_on", "2026-11-25"),
            ("title", "A lesson dated tomorrow"),
            ("body", "Typed with care"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Date it is about: cannot be after today"),
        "names the field"
    );
    assert!(page.contains("value=\"A lesson dated tomorrow\""), "the title is kept");
    assert!(page.contains("Typed with care"), "the body is kept");
    let token = app.token(ADMIN).await;
    let (status, answer) = app
        .api(
            &token,
            Method::POST,
            "/api/v1/governance",
            Some(json!({"kind": "lesson", "title": "  "})),
        )
        .await;
    assert_eq!(status, 422);
    assert!(answer.to_string().contains("title"), "{answer}");
    let (status, _) = app
        .api(
            &token,
            Method::POST,
            "/api/v1/governance",
            Some(json!({"kind": "lesson", "title": "x", "colour": "red"})),
        )
        .await;
    assert_eq!(status, 400, "unknown keys are refused");
    let (status, answer) = app
        .api(
            &token,
            Method::POST,
            "/api/v1/governance",
            Some(json!({"kind": "lesson", "title": "x", "occurred_on": "2026-11-25"})),
        )
        .await;
    assert_eq!(status, 422);
    assert!(answer.to_string().contains("occurred_on"), "{answer}");
    assert_eq!(count(&app).await, before, "nothing written");
    // A viewer reads but does not write.
    let viewer = app.token(VIEWER).await;
    let (status, _) = app
        .api(
            &viewer,
            Method::POST,
            "/api/v1/governance",
            Some(json!({"kind": "note", "title": "x"})),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(count(&app).await, before);
}

#[tokio::test]
async fn a_branch_manager_sees_their_branch_and_the_organisation_only_by_every_route() {
    let app = spawn_app().await;
    let admin = app.token(ADMIN).await;
    let branch = service(&app, "home_care").await;
    let home = service(&app, "residential").await;
    let theirs = add(
        &app,
        &admin,
        json!({"kind": "lesson", "title": "Osprey: a lesson of the residential home", "service_id": home}),
    )
    .await;
    let ours = add(
        &app,
        &admin,
        json!({"kind": "lesson", "title": "A lesson of the branch", "service_id": branch}),
    )
    .await;
    let manager = app.token(BRANCH_MANAGER).await;
    let seen = list(&app, &manager, "").await;
    assert!(ids(&seen).contains(&ours));
    assert!(!ids(&seen).contains(&theirs));
    assert!(
        seen.iter().any(|e| e["service_id"].is_null()),
        "organisation-wide entries are seen"
    );
    assert!(
        seen.iter()
            .all(|e| e["service_id"].is_null() || e["service_id"] == json!(branch))
    );
    let (status, _) = app
        .api(&manager, Method::GET, &format!("/api/v1/governance/{theirs}"), None)
        .await;
    assert_eq!(status, 404);
    let (client, csrf) = app.signed_in(BRANCH_MANAGER).await;
    let page = page_text(&client, app.url("/governance")).await;
    assert!(page.contains("A lesson of the branch") && !page.contains("Osprey"));
    let res = client
        .get(app.url(&format!("/governance/{theirs}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let csv = client.get(app.url("/governance/export.csv")).send().await.unwrap();
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    assert!(csv.contains("A lesson of the branch") && !csv.contains("Osprey"));
    let pdf = client.get(app.url("/governance/print.pdf")).send().await.unwrap();
    assert_eq!(pdf.status(), 200);
    let pdf = pdf.bytes().await.unwrap();
    if let Some(text) = poppler("pdftotext", &pdf, &[]) {
        assert!(
            text.contains("A lesson of the branch") && !text.contains("Osprey"),
            "{text}"
        );
    }
    // Correcting their entry, or writing for their service, is refused and writes nothing.
    let before = count(&app).await;
    let res = post_form(
        &client,
        app.url(&format!("/governance/{theirs}/corrections")),
        &[("csrf", &csrf), ("kind", "lesson"), ("title", "Mine now")],
    )
    .await;
    assert_eq!(res.status(), 404);
    let (status, _) = app
        .api(
            &manager,
            Method::POST,
            "/api/v1/governance",
            Some(json!({"kind": "lesson", "title": "For the home", "service_id": home})),
        )
        .await;
    assert_eq!(status, 404);
    // An entry about a record they may not see: "does not exist".
    let q = lantern_store::ListQuery {
        limit: 100,
        ..Default::default()
    };
    let their_drill = app
        .store
        .list(EntityKind::Drill, &q)
        .await
        .unwrap()
        .items
        .iter()
        .find(|d| d.service_id == Some(home))
        .unwrap()
        .id;
    let (status, answer) = app
        .api(
            &manager,
            Method::POST,
            "/api/v1/governance",
            Some(
                json!({"kind": "lesson", "title": "About their drill", "service_id": branch,
                        "about_kind": "drills", "about_id": their_drill}),
            ),
        )
        .await;
    assert_eq!(status, 422);
    assert!(answer.to_string().contains("does not exist"), "{answer}");
    assert_eq!(count(&app).await, before);
}

#[tokio::test]
async fn a_formula_in_a_title_is_neutralised_in_the_csv() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    add(&app, &token, json!({"kind": "note", "title": "=HYPERLINK(\"x\")"})).await;
    let (client, _) = app.signed_in(ADMIN).await;
    let res = client
        .get(app.url("/governance/export.csv?kind=note"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = res.text().await.unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"), "{csv}");
}

#[tokio::test]
async fn the_printed_log_names_the_organisation_and_the_filter_on_every_page() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let long = "The plan was read aloud and every contact rung to check it. ".repeat(20);
    for n in 0..30 {
        add(
            &app,
            &token,
            json!({"kind": "note", "title": format!("Note {n} from the governance meeting"), "body": long,
                   "occurred_on": "2026-10-01"}),
        )
        .await;
    }
    let (client, _) = app.signed_in(ADMIN).await;
    let res = client
        .get(app.url("/governance/print.pdf?kind=note&from=2026-09-01&to=2026-10-31"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let pdf = res.bytes().await.unwrap();
    let Some(text) = poppler("pdftotext", &pdf, &["-layout"]) else {
        return;
    };
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let total = pages.len();
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("Riverside Care Group"), "page {}", i + 1);
        assert!(page.contains("Governance log"), "page {}", i + 1);
        assert!(
            page.contains("All services · Note · 1 September 2026 to 31 October 2026"),
            "page {}: {page}",
            i + 1
        );
        assert!(page.contains(&format!("Page {} of {total}", i + 1)), "page {}", i + 1);
    }
}
