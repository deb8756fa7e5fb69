//! The risk register's governance over HTTP (issue [10] point 1): the heat map before and with
//! controls, reviews that keep who, when and the scores then, overdue reviews, and a risk raised
//! from a disruption in one step, linked to it.

use crate::helpers::*;
use lantern_core::EntityKind;
use serde_json::{Value, json};

async fn send(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    app.api(token, reqwest::Method::POST, path, Some(body)).await
}

fn cell(map: &Value, l: i64, i: i64) -> Vec<i64> {
    map["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["likelihood"] == l && c["impact"] == i)
        .unwrap()["risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_review_moves_the_risk_on_the_heat_map_and_keeps_the_scores_then() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let map = app.get_json(&token, "/api/v1/risks/heat-map?basis=inherent").await;
    let total: usize = map["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["risks"].as_array().unwrap().len())
        .sum();
    assert_eq!(total, 5, "the demo's five open risks");
    let phishing = cell(&map, 4, 4)[0];
    assert_eq!(
        map["reviews_overdue"],
        json!([phishing]),
        "the phishing risk's review is overdue"
    );
    let residual = app.get_json(&token, "/api/v1/risks/heat-map").await;
    assert!(cell(&residual, 2, 4).contains(&phishing));

    let before = app.get_json(&token, &format!("/api/v1/risks/{phishing}/reviews")).await;
    let past = before["reviews"].as_array().unwrap().len();
    assert!(past >= 2, "a year of reviews in the demo: {before}");
    let version = before["version"].as_i64().unwrap();
    let path = format!("/api/v1/risks/{phishing}/reviews");
    // A score outside 1–5 and a next review in the past: refused by field, nothing changed.
    let (code, e) = send(
        &app,
        &token,
        &path,
        json!({"version": version, "residual_likelihood": "6", "residual_impact": "4",
        "next_review": "2027-02-24", "note": "Checked"}),
    )
    .await;
    assert_eq!(
        (code, e["fields"]["residual_likelihood"].is_string()),
        (422, true),
        "{e}"
    );
    let (code, e) = send(
        &app,
        &token,
        &path,
        json!({"version": version, "residual_likelihood": "1", "residual_impact": "4",
        "next_review": "2026-01-01", "note": "Checked"}),
    )
    .await;
    assert_eq!((code, e["fields"]["review_date"].is_string()), (422, true), "{e}");
    let same = app.get_json(&token, &path).await;
    assert_eq!(same["reviews"].as_array().unwrap().len(), past);

    let (code, e) = send(
        &app,
        &token,
        &path,
        json!({"version": version, "residual_likelihood": "1", "residual_impact": "4",
        "next_review": "2027-02-24", "note": "Phishing training at 96%; simulated phish clicked by 2 of 40"}),
    )
    .await;
    assert_eq!(code, 204, "{e}");
    let after = app.get_json(&token, &path).await;
    let newest = &after["reviews"][0];
    assert_eq!(
        (newest["residual_likelihood"].as_i64(), newest["reviewed_by"].as_str()),
        (Some(1), Some("admin@test.example (API)")),
        "{newest}"
    );
    let residual = app.get_json(&token, "/api/v1/risks/heat-map").await;
    assert!(cell(&residual, 1, 4).contains(&phishing));
    assert_eq!(residual["reviews_overdue"], json!([]), "reviewed: no longer overdue");
    // The same version again is someone else's stale form.
    let (code, _) = send(
        &app,
        &token,
        &path,
        json!({"version": version, "residual_likelihood": "2", "residual_impact": "4",
        "next_review": "2027-02-24", "note": "Again"}),
    )
    .await;
    assert_eq!(code, 409);
}

#[tokio::test]
async fn a_disruption_raises_a_risk_in_one_step_and_is_linked_to_it() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let home = app.first_in(EntityKind::Person, "home_care").await;
    let branch = app
        .store
        .get(EntityKind::Person, home)
        .await
        .unwrap()
        .service_id
        .unwrap();
    let (code, d) = send(&app, &token, "/api/v1/disruptions", json!({"kind": "cyber_incident", "title": "Phishing: e-mail isolated",
        "services": [branch], "started_at": "2026-11-24T08:00", "coordinator": "Tom Evans", "safe_care": "not_threatened"})).await;
    assert_eq!(code, 201, "{d}");
    let id = d["id"].as_i64().unwrap();
    let raise = format!("/api/v1/disruptions/{id}/risks");
    let (code, e) = send(
        &app,
        &token,
        &raise,
        json!({"name": "Emergency contact sheet out of date", "effect_on_care": "Families not reached",
        "likelihood": "9", "impact": "3", "note": "Two numbers were wrong"}),
    )
    .await;
    assert_eq!((code, e["fields"]["likelihood"].is_string()), (422, true), "{e}");
    let (code, r) = send(
        &app,
        &token,
        &raise,
        json!({"name": "Emergency contact sheet out of date", "effect_on_care": "Families not reached",
        "likelihood": "3", "impact": "3", "note": "Two numbers were wrong"}),
    )
    .await;
    assert_eq!(code, 201, "{r}");
    let risk = app
        .store
        .get(EntityKind::Risk, r["risk_id"].as_i64().unwrap())
        .await
        .unwrap();
    assert_eq!(risk.service_id, Some(branch));
    assert!(risk.record.text("cause").contains("Phishing: e-mail isolated"));
    let reviews = app
        .get_json(&token, &format!("/api/v1/risks/{}/reviews", risk.id))
        .await;
    assert_eq!(
        (
            reviews["reviews"][0]["kind"].as_str(),
            reviews["reviews"][0]["disruption_id"].as_i64()
        ),
        (Some("raised"), Some(id))
    );
    let (admin, _) = app.signed_in(ADMIN).await;
    let page = page_text(&admin, app.url(&format!("/disruptions/{id}/risks"))).await;
    assert!(
        page.contains("Emergency contact sheet out of date") && page.contains("Raised by"),
        "{page}"
    );
    // Staff read the register but do not change it.
    let staff = app.token(STAFF).await;
    let (code, _) = send(
        &app,
        &staff,
        &raise,
        json!({"name": "x", "effect_on_care": "y", "likelihood": "1", "impact": "1", "note": "z"}),
    )
    .await;
    assert_eq!(code, 403);
}
