//! The seed's third story over HTTP (issue [10]): two of the three tablets on the residential
//! home's Ash unit failed over the weekend and it keeps no spare, so the unit is red with its
//! reasons; a spare and a replacement are added, the faulty ones repaired or retired, tests
//! recorded, and the unit turns green, with the month's device downtime shown.

use crate::helpers::*;
use lantern_core::EntityKind;
use serde_json::{Value, json};

async fn send(app: &TestApp, token: &str, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
    app.api(token, method, path, Some(body)).await
}

async fn ash(app: &TestApp, token: &str) -> Value {
    let units = app.get_json(token, "/api/v1/units").await;
    units["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "Ash" && u["service"] == "Riverside House")
        .cloned()
        .expect("the demo's Ash unit")
}

fn tablets_with(unit: &Value, status: &str) -> Vec<i64> {
    unit["devices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] == status)
        .map(|d| d["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn two_failed_tablets_turn_the_unit_red_and_a_spare_a_replacement_and_tests_turn_it_green() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let unit = ash(&app, &token).await;
    assert_eq!(unit["light"], "red", "{unit}");
    assert_eq!(
        unit["reasons"][0], "2 of 3 tablets faulty; policy needs 3 in use + 1 spare",
        "{unit}"
    );
    assert_eq!(unit["reasons"][1], "No spare tablet to take from the cupboard");
    assert!(
        unit["reasons"][2].as_str().unwrap().contains("recording is queued"),
        "{unit}"
    );
    let service = unit["service_id"].as_i64().unwrap();
    let (admin, _) = app.signed_in(ADMIN).await;
    let page = page_text(&admin, app.url(&format!("/units/{service}/Ash"))).await;
    assert!(
        page.contains("Not enough devices") && page.contains("2 of 3 tablets faulty"),
        "{page}"
    );

    // Tests and faults are refused when they did not happen yet, and nothing changes.
    let faulty = tablets_with(&unit, "faulty");
    assert_eq!(faulty.len(), 2);
    let (status, e) = send(
        &app,
        &token,
        reqwest::Method::POST,
        &format!("/api/v1/devices/{}/back-in-use", faulty[0]),
        json!({"at": "2026-11-25T09:00", "status": "in_use"}),
    )
    .await;
    assert_eq!((status, e["fields"]["at"].is_string()), (422, true), "{e}");
    let (status, e) = send(
        &app,
        &token,
        reqwest::Method::POST,
        &format!("/api/v1/devices/{}/checks", faulty[0]),
        json!({"checked_on": "2026-11-24", "check_type": "battery", "result": "pass", "battery_health": "140"}),
    )
    .await;
    assert_eq!((status, e["fields"]["battery_health"].is_string()), (422, true), "{e}");
    assert_eq!(ash(&app, &token).await, unit, "nothing changed");

    // A replacement in use and a spare, both new, then every tablet tested.
    let mut added = Vec::new();
    for (tag, status) in [("RCG-TAB-0900", "in_use"), ("RCG-TAB-0901", "spare")] {
        let (code, d) = send(
            &app,
            &token,
            reqwest::Method::POST,
            "/api/v1/devices",
            json!({"asset_tag": tag, "device_type": "tablet", "service_id": service, "unit": "Ash",
                   "status": status, "purchase_date": "2026-11-23", "os_supported": true}),
        )
        .await;
        assert_eq!(code, 201, "{d}");
        added.push(d["id"].as_i64().unwrap());
    }
    let (code, e) = send(
        &app,
        &token,
        reqwest::Method::POST,
        &format!("/api/v1/devices/{}/back-in-use", faulty[0]),
        json!({"at": "2026-11-24T08:30", "repair": "New battery fitted", "status": "in_use"}),
    )
    .await;
    assert_eq!(code, 204, "{e}");
    let (code, e) = send(
        &app,
        &token,
        reqwest::Method::POST,
        &format!("/api/v1/devices/{}/back-in-use", faulty[1]),
        json!({"at": "2026-11-24T08:45", "repair": "Beyond repair: replaced by RCG-TAB-0900", "status": "retired"}),
    )
    .await;
    assert_eq!(code, 204, "{e}");
    for id in added.iter().chain(&faulty[..1]) {
        let (code, e) = send(
            &app,
            &token,
            reqwest::Method::POST,
            &format!("/api/v1/devices/{id}/checks"),
            json!({"checked_on": "2026-11-24", "check_type": "battery", "result": "pass", "battery_health": "98"}),
        )
        .await;
        assert_eq!(code, 201, "{e}");
    }
    let unit = ash(&app, &token).await;
    assert_eq!(unit["light"], "green", "{unit}");
    assert_eq!(
        (unit["in_use"].as_i64(), unit["spare"].as_i64(), unit["faulty"].as_i64()),
        (Some(3), Some(1), Some(0))
    );
    let november = unit["downtime"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(november["month"], "2026-11");
    // Saturday 21:40 and Sunday 07:15 to Tuesday morning: well over two days between them,
    // and the earlier freezes of the month besides.
    let minutes = november["minutes"].as_i64().unwrap();
    assert!(minutes > (58 + 49) * 60, "{november}");
    let page = page_text(&admin, app.url(&format!("/units/{service}/Ash"))).await;
    assert!(
        page.contains("Ready") && page.contains("Device downtime by month"),
        "{page}"
    );

    // The log keeps what happened, and the register follows it.
    let log = app
        .get_json(&token, &format!("/api/v1/devices/{}/log", faulty[0]))
        .await;
    assert_eq!(log["out_of_use"][0]["repair"], "New battery fitted");
    let device = app.store.get(EntityKind::Device, faulty[0]).await.unwrap();
    assert_eq!(device.record.text("status"), "in_use");
    assert_eq!(device.record.text("last_test_result"), "pass");
    assert_eq!(device.record.int("battery_health"), Some(98));
}

#[tokio::test]
async fn a_manager_of_another_service_cannot_reach_the_unit_or_its_tablets() {
    let app = spawn_app().await;
    let admin = app.token(ADMIN).await;
    let unit = ash(&app, &admin).await;
    let service = unit["service_id"].as_i64().unwrap();
    let tablet = tablets_with(&unit, "in_use")[0];
    let branch = app.token(BRANCH_MANAGER).await;
    let units = app.get_json(&branch, "/api/v1/units").await;
    assert!(
        units["units"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["service"] != "Riverside House"),
        "{units}"
    );
    for path in [
        format!("/api/v1/units/{service}/Ash"),
        format!("/api/v1/devices/{tablet}/log"),
    ] {
        let (code, _) = send(&app, &branch, reqwest::Method::GET, &path, Value::Null).await;
        assert_eq!(code, 404, "{path}");
    }
    let (code, _) = send(
        &app,
        &branch,
        reqwest::Method::POST,
        &format!("/api/v1/devices/{tablet}/out-of-use"),
        json!({"from": "2026-11-24T08:00", "fault": "Dropped"}),
    )
    .await;
    assert_eq!(code, 404);
    let device = app.store.get(EntityKind::Device, tablet).await.unwrap();
    assert_eq!(device.record.text("status"), "in_use", "nothing changed");
}
