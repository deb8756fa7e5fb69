//! Imports by a manager limited to one service (issue [6], point 1), over the API and the
//! upload page: a row naming another service's record is refused, the row named, nothing
//! changed and nothing of the other service told; a complete list ends only their records.

use crate::helpers::*;
use lantern_core::EntityKind;
use lantern_store::{ListQuery, Store};
use serde_json::Value;

/// (id, name) of the first service of a type.
async fn service(store: &Store, service_type: &str) -> (i64, String) {
    let q = ListQuery {
        limit: 100,
        ..Default::default()
    };
    let s = store
        .list(EntityKind::Service, &q)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|s| s.record.text("service_type") == service_type)
        .unwrap();
    (s.id, s.record.title())
}

/// Every person, ended or not, with their version, service and values.
async fn people(store: &Store) -> Vec<(i64, i64, Option<i64>, Option<jiff::Timestamp>, String)> {
    let q = ListQuery {
        include_ended: true,
        limit: 10_000,
        ..Default::default()
    };
    let items = store.list(EntityKind::Person, &q).await.unwrap().items;
    items
        .into_iter()
        .map(|s| {
            let values = lantern_core::json::record_to_json_text(&s.record);
            (s.id, s.version, s.service_id, s.ended_at, values)
        })
        .collect()
}

/// The file, with a real person and service of another service than the manager's,
/// then another person of theirs moved into the manager's service, then a new person in theirs.
async fn hostile_csv(app: &TestApp) -> (String, lantern_store::Stored, String) {
    let (other, other_name) = service(&app.store, "supported_living").await;
    let (home_care, _) = service(&app.store, "home_care").await;
    let q = ListQuery {
        service: Some(other),
        limit: 2,
        ..Default::default()
    };
    let mut two = app.store.list(EntityKind::Person, &q).await.unwrap().items;
    let (person, next) = (two.remove(0), two.remove(0));
    let (id, next) = (person.id, next.id);
    let body = format!(
        "source_id,service_id,full_name,risk_tier\r\n#{id},#{other},HACKED VIA IMPORT,high\r\n\
         #{next},#{home_care},Moved Into Mine,high\r\nN1,#{other},Planted Person,high\r\n"
    );
    (body, person, other_name)
}

fn located(report: &Value) -> Vec<(String, String, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (text("location"), text("field"), text("reason"))
        })
        .collect()
}

#[tokio::test]
async fn a_branch_manager_cannot_import_into_another_service_by_the_api() {
    let app = spawn_app().await;
    let (body, person, other_name) = hostile_csv(&app).await;
    let token = app.token(BRANCH_MANAGER).await;
    let before = people(&app.store).await;
    for query in ["?dry_run=true", ""] {
        let res = app
            .client()
            .post(app.url(&format!("/api/v1/import/csv/people{query}")))
            .bearer_auth(&token)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{query}");
        let text = res.text().await.unwrap();
        let report: Value = serde_json::from_str(&text).unwrap();
        let not_theirs = |id: i64| format!("'#{id}' is not a record of your services");
        let next = body.lines().nth(2).unwrap().split(',').next().unwrap()[1..]
            .parse()
            .unwrap();
        assert_eq!(
            located(&report),
            vec![
                ("people.csv row 2".into(), "source_id".into(), not_theirs(person.id)),
                ("people.csv row 3".into(), "source_id".into(), not_theirs(next)),
                (
                    "people.csv row 4".into(),
                    "service_id".into(),
                    "you can import only into your own services".into()
                ),
            ],
            "{query}"
        );
        assert_eq!(report["applied"], false);
        let secrets = [
            person.record.text("full_name"),
            &other_name,
            person.record.text("nhs_number"),
        ];
        for secret in secrets.into_iter().filter(|s| !s.is_empty()) {
            assert!(!text.contains(secret), "'{secret}' told: {text}");
        }
        assert_eq!(people(&app.store).await, before, "nothing changed ({query})");
    }
}

#[tokio::test]
async fn the_upload_page_refuses_the_same_file_naming_the_rows() {
    let app = spawn_app().await;
    let (body, person, other_name) = hostile_csv(&app).await;
    let before = people(&app.store).await;
    let (c, csrf) = app.signed_in(BRANCH_MANAGER).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("format", "people")
        .part(
            "file",
            reqwest::multipart::Part::bytes(body.into_bytes()).file_name("people.csv"),
        );
    let res = c.post(app.url("/import")).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    for row in ["people.csv row 2", "people.csv row 3", "people.csv row 4"] {
        assert!(html.contains(row), "{row} named: {html}");
    }
    assert!(html.contains("is not a record of your services"), "{html}");
    assert!(html.contains("you can import only into your own services"), "{html}");
    assert!(!html.contains(person.record.text("full_name")) && !html.contains(&other_name));
    assert_eq!(people(&app.store).await, before);
}

#[tokio::test]
async fn a_branch_manager_s_complete_list_ends_only_their_service_s_people() {
    let app = spawn_app().await;
    let (home_care, home_care_name) = service(&app.store, "home_care").await;
    let (other, other_name) = service(&app.store, "supported_living").await;
    let c = app.client();
    let row = |source: &str, service: &str| format!("{source},{service},Person {source},low\r\n");
    let setup = format!(
        "source_id,service_id,full_name,risk_tier\r\n{}{}{}{}",
        row("HC1", &home_care_name),
        row("HC2", &home_care_name),
        row("SL1", &other_name),
        row("SL2", &other_name)
    );
    let admin = app.token(ADMIN).await;
    let res = c
        .post(app.url("/api/v1/import/csv/people?partial=true"))
        .bearer_auth(&admin)
        .body(setup)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let current = |service: i64| {
        let store = app.store.clone();
        async move {
            let q = ListQuery {
                service: Some(service),
                limit: 10_000,
                ..Default::default()
            };
            let mut ids: Vec<String> = store
                .list(EntityKind::Person, &q)
                .await
                .unwrap()
                .items
                .into_iter()
                .filter_map(|s| s.external_id)
                .collect();
            ids.sort();
            ids
        }
    };
    // Not partial: a complete list — of the branch manager's own service.
    let manager = app.token(BRANCH_MANAGER).await;
    let res = c
        .post(app.url("/api/v1/import/csv/people"))
        .bearer_auth(&manager)
        .body(format!(
            "source_id,service_id,full_name,risk_tier\r\n{}",
            row("HC1", &home_care_name)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["changes"]["ended"]["people"], 1, "{report}");
    assert_eq!(current(home_care).await, vec!["HC1"]);
    assert_eq!(
        current(other).await,
        vec!["SL1", "SL2"],
        "another service's people stay"
    );
}
