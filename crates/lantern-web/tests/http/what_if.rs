//! The outage what-if through the API (issue [10] point 5): the doses it lists for the demo's
//! care-planning system over four hours are exactly those the reconciliation of the same
//! outage, declared and closed, calls due — the same function over the same register.

use crate::helpers::*;
use lantern_core::EntityKind;
use lantern_store::ListQuery;
use serde_json::{Value, json};
use std::collections::BTreeSet;

async fn system_named(app: &TestApp, name: &str) -> i64 {
    let q = ListQuery {
        search: Some(name.into()),
        ..Default::default()
    };
    app.store.list(EntityKind::System, &q).await.unwrap().items[0].id
}

async fn ask(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let res = app
        .client()
        .post(app.url("/api/v1/what-if"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn a_four_hour_care_planning_what_if_lists_the_doses_its_reconciliation_calls_due() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let care_plan = system_named(&app, "CarePlan Cloud").await;
    let (status, w) = ask(
        &app,
        &token,
        json!({"systems": [care_plan], "start": "2026-11-24T09:00", "hours": 4}),
    )
    .await;
    assert_eq!(status, 200, "{w}");
    let doses: BTreeSet<(i64, i64, String)> = w["doses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["person_id"].as_i64().unwrap(),
                d["medicine_id"].as_i64().unwrap(),
                d["due_at"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(doses.len() > 20, "a morning of the demo's medicines: {}", doses.len());
    assert!(w["time_critical_doses"].as_i64().unwrap() > 0);
    assert_eq!(w["systems"][0]["passes_rto"], false, "CarePlan Cloud's RTO is 8 hours");

    // The same outage, declared and closed: what its reconciliation calls due.
    let res = app
        .client()
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(&token)
        .json(
            &json!({"kind": "supplier_outage", "systems": [care_plan], "started_at": "2026-11-24T09:00",
                      "coordinator": "Priya Shah", "safe_care": "not_threatened"}),
        )
        .send()
        .await
        .unwrap();
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    {
        let mut now = app.clock.lock().unwrap();
        *now = lantern_core::schedule::parse_moment("2026-11-24T13:30").unwrap();
    }
    let res = app
        .client()
        .post(app.url(&format!("/api/v1/disruptions/{id}/close")))
        .bearer_auth(&token)
        .json(&json!({"restored_at": "2026-11-24T13:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let d = app.store.disruption(id).await.unwrap();
    let services: BTreeSet<i64> = d.services.iter().copied().collect();
    let now = *app.clock.lock().unwrap();
    let l = lantern_app::reconciliation::load(&app.store, d, now).await.unwrap();
    let due: BTreeSet<(i64, i64, String)> = lantern_core::reconcile::due_doses(l.period, &l.medicines)
        .iter()
        .map(|d| (d.person_id, d.medicine_id, d.due_at.to_string()))
        .collect();
    let touched: BTreeSet<i64> = w["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        touched, services,
        "the what-if touches the services the declaration proposed"
    );
    assert_eq!(doses, due, "exactly the doses the reconciliation calls due");
}

#[tokio::test]
async fn a_what_if_asked_wrongly_is_refused_in_words_and_a_branch_coordinator_sees_their_branch() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let care_plan = system_named(&app, "CarePlan Cloud").await;
    for (body, field) in [
        (
            json!({"systems": [care_plan], "start": "2026-11-24T09:00", "hours": 0}),
            "hours",
        ),
        (
            json!({"systems": [care_plan], "start": "2026-11-24T09:00", "hours": 169}),
            "hours",
        ),
        (
            json!({"systems": [], "start": "2026-11-24T09:00", "hours": 4}),
            "systems",
        ),
        (
            json!({"systems": [999_999], "start": "2026-11-24T09:00", "hours": 4}),
            "systems",
        ),
        (
            json!({"systems": [care_plan], "start": "tomorrow-ish", "hours": 4}),
            "start",
        ),
        (
            json!({"systems": [care_plan], "kind": "meteor", "start": "2026-11-24T09:00", "hours": 4}),
            "kind",
        ),
    ] {
        let (status, problem) = ask(&app, &token, body.clone()).await;
        assert_eq!(status, 422, "{body}: {problem}");
        assert!(problem["fields"][field].is_string(), "{field} named: {problem}");
    }
    let coordinator = app.token(COORDINATOR).await;
    let (status, w) = ask(
        &app,
        &coordinator,
        json!({"systems": [care_plan], "start": "2026-11-24T09:00", "hours": 4}),
    )
    .await;
    assert_eq!(status, 200, "{w}");
    let user = app.store.user_by_email(COORDINATOR).await.unwrap().unwrap();
    for s in w["services"].as_array().unwrap() {
        assert!(
            user.access.allows(s["id"].as_i64().unwrap()),
            "only their services: {s}"
        );
    }
    let audit = app.store.audit_entries(10).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "view" && e.detail.starts_with("Ran an outage what-if of 4 hours"))
    );
}
