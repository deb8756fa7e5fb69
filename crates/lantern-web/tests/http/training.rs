//! Training coverage, the assurance settings and supplier assurance over HTTP (issue [10]
//! items 3 and 6): the page and the API give the same figures from the demo's year of records,
//! a branch manager sees their branch's only, a completion in the future or a CSV row naming an
//! unknown course is refused by field or by row and column with nothing changed, and only an
//! administrator sets the threshold, within range.

use crate::helpers::*;
use lantern_core::EntityKind;
use lantern_store::ListQuery;
use serde_json::{Value, json};

async fn named(app: &TestApp, kind: EntityKind, name: &str) -> i64 {
    let q = ListQuery {
        search: Some(name.into()),
        ..Default::default()
    };
    app.store.list(kind, &q).await.unwrap().items[0].id
}

fn cell(cov: &Value, service: i64, course: i64) -> &Value {
    cov["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["service_id"] == service && c["course_id"] == course)
        .unwrap()
}

#[tokio::test]
async fn the_page_and_the_api_show_the_demos_coverage_and_the_branch_below_the_line() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let cov = app.get_json(&token, "/api/v1/training/coverage").await;
    assert_eq!(cov["threshold_percent"], 95);
    assert_eq!(cov["day"], "2026-11-24");
    let home_care = app.first_in(EntityKind::Service, "home_care").await;
    let phishing = named(&app, EntityKind::Course, "Phishing awareness").await;
    let services = cov["services"].as_array().unwrap();
    assert_eq!(services.len() as i64, app.count(EntityKind::Service).await);
    for s in services {
        let id = s["id"].as_i64().unwrap();
        let c = cell(&cov, id, phishing);
        assert_eq!(c["meets_threshold"], id != home_care, "{}: {c}", s["name"]);
    }
    let below = cell(&cov, home_care, phishing);
    let (covered, counted) = (below["covered"].as_i64().unwrap(), below["counted"].as_i64().unwrap());
    assert!(covered < counted && counted > 10, "{below}");
    assert_eq!(below["percent"].as_i64().unwrap(), covered * 100 / counted);
    let overdue: Vec<&Value> = below["to_train"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["standing"] == "overdue")
        .collect();
    assert_eq!(overdue.len(), 2, "{below}");

    // The page shows the same figure, marked below the target, and links to its list.
    let (client, _) = app.signed_in(ADMIN).await;
    let page = page_text(&client, app.url("/training")).await;
    let figure = format!("{covered} of {counted} · {}%", below["percent"]);
    assert!(page.contains(&figure), "{figure} not on the page");
    assert!(page.contains("below the target"));
    assert!(page.contains("Assurance settings"));
    let list = page_text(&client, app.url(&format!("/training/{home_care}/{phishing}"))).await;
    let name = overdue[0]["name"].as_str().unwrap();
    assert!(list.contains(name) && list.contains("Overdue"), "{name}");
    // Someone in the demo never did the downtime procedure.
    assert!(
        cov["cells"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["to_train"].as_array().unwrap())
            .any(|p| p["standing"] == "never")
    );
}

#[tokio::test]
async fn a_branch_manager_sees_only_their_branchs_coverage() {
    let app = spawn_app().await;
    let token = app.token(BRANCH_MANAGER).await;
    let home_care = app.first_in(EntityKind::Service, "home_care").await;
    let residential = app.first_in(EntityKind::Service, "residential").await;
    let cov = app.get_json(&token, "/api/v1/training/coverage").await;
    let ids: Vec<i64> = cov["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [home_care]);
    assert!(
        cov["cells"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["service_id"] == home_care)
    );
    let (status, _) = app
        .api(
            &token,
            reqwest::Method::GET,
            &format!("/api/v1/training/coverage?service={residential}"),
            None,
        )
        .await;
    assert_eq!(status, 404);

    let (client, _) = app.signed_in(BRANCH_MANAGER).await;
    let residential_name = app
        .store
        .get(EntityKind::Service, residential)
        .await
        .unwrap()
        .record
        .title();
    let page = page_text(&client, app.url("/training")).await;
    assert!(!page.contains(&residential_name));
    assert!(!page.contains("Assurance settings"), "only administrators set them");
    let phishing = named(&app, EntityKind::Course, "Phishing awareness").await;
    let res = client
        .get(app.url(&format!("/training/{residential}/{phishing}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

fn tomorrow() -> &'static str {
    // The test clock stands at 24 November 2026.
    "2026-11-25"
}

#[tokio::test]
async fn a_completion_in_the_future_is_refused_by_field_and_nothing_is_saved() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let staff = app
        .store
        .list(EntityKind::Staff, &ListQuery::default())
        .await
        .unwrap()
        .items[0]
        .id;
    let course = named(&app, EntityKind::Course, "Paper MAR").await;
    let before = app.count(EntityKind::TrainingRecord).await;
    let record = |on: &str| json!({"staff_id": staff, "course_id": course, "completed_on": on});
    let (status, body) = app
        .api(
            &token,
            reqwest::Method::POST,
            "/api/v1/training-records",
            Some(record(tomorrow())),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["fields"]["completed_on"].as_str().unwrap().contains("future"),
        "{body}"
    );
    assert_eq!(app.count(EntityKind::TrainingRecord).await, before);
    // Today is fine.
    let (status, body) = app
        .api(
            &token,
            reqwest::Method::POST,
            "/api/v1/training-records",
            Some(record("2026-11-24")),
        )
        .await;
    assert!(status == 201 || status == 200, "{status} {body}");

    // The form keeps what was typed and names the box.
    let (client, csrf) = app.signed_in(ADMIN).await;
    let res = post_form(
        &client,
        app.url("/training-records"),
        &[
            ("csrf", &csrf),
            ("staff_id", &staff.to_string()),
            ("course_id", &course.to_string()),
            ("completed_on", "25/11/2026"),
            ("certificate_ref", "CERT-77"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("is in the future") && html.contains("CERT-77"));
}

fn training_csv(rows: &[(&str, &str, &str, &str)]) -> String {
    let header = lantern_import::csv_in::columns(EntityKind::TrainingRecord).join(",");
    let mut text = format!("{header}\r\n");
    for (source, staff, course, on) in rows {
        text += &format!("{source},{staff},{course},{on},,,\r\n");
    }
    text
}

#[tokio::test]
async fn a_csv_row_with_an_unknown_course_or_a_future_date_is_refused_by_row_and_column() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let staff = app
        .store
        .list(EntityKind::Staff, &ListQuery::default())
        .await
        .unwrap()
        .items[0]
        .id;
    let who = format!("#{staff}");
    let before = app.count(EntityKind::TrainingRecord).await;
    let csv = training_csv(&[
        ("T1", &who, "Phishing awareness", "01/11/2026"),
        ("T2", &who, "Basket weaving", "02/11/2026"),
    ]);
    let post = |body: String| {
        app.client()
            .post(app.url("/api/v1/import/csv/training-records"))
            .bearer_auth(&token)
            .body(body)
            .send()
    };
    let res = post(csv).await.unwrap();
    assert_eq!(res.status(), 422);
    let report: Value = res.json().await.unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(errors[0]["location"], "training-records.csv row 3");
    assert_eq!(errors[0]["field"], "course_id");
    assert_eq!(app.count(EntityKind::TrainingRecord).await, before);

    let csv = training_csv(&[
        ("T1", &who, "Phishing awareness", "01/11/2026"),
        ("T2", &who, "Paper MAR", "25/11/2026"),
    ]);
    let res = post(csv).await.unwrap();
    assert_eq!(res.status(), 422);
    let report: Value = res.json().await.unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(errors[0]["location"], "training-records.csv row 3");
    assert_eq!(errors[0]["field"], "completed_on");
    assert_eq!(app.count(EntityKind::TrainingRecord).await, before);

    // Both good: imported, the course found by its name.
    let csv = training_csv(&[("T1", &who, "Phishing awareness", "01/11/2026")]);
    let res = post(csv).await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(app.count(EntityKind::TrainingRecord).await, before + 1);
}

#[tokio::test]
async fn only_an_administrator_sets_the_assurance_settings_within_range() {
    let app = spawn_app().await;
    let admin = app.token(ADMIN).await;
    let settings = app.get_json(&admin, "/api/v1/settings/assurance").await;
    assert_eq!(settings["training"]["threshold_percent"], 95);
    assert_eq!(settings["devices"]["tablet"], 36);
    let wanted = json!({"training": {"threshold_percent": 80, "window_months": 12}, "devices": {"tablet": 24}});
    for user in [BRANCH_MANAGER, COORDINATOR, STAFF, VIEWER] {
        let token = app.token(user).await;
        let (status, _) = app
            .api(
                &token,
                reqwest::Method::PUT,
                "/api/v1/settings/assurance",
                Some(wanted.clone()),
            )
            .await;
        assert_eq!(status, 403, "{user}");
    }
    let bad = json!({"training": {"threshold_percent": 0, "window_months": 121}, "devices": {"tablet": 2}});
    let (status, body) = app
        .api(&admin, reqwest::Method::PUT, "/api/v1/settings/assurance", Some(bad))
        .await;
    assert_eq!(status, 422, "{body}");
    for field in ["training.threshold_percent", "training.window_months", "devices.tablet"] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
    assert_eq!(app.get_json(&admin, "/api/v1/settings/assurance").await, settings);

    let (status, body) = app
        .api(&admin, reqwest::Method::PUT, "/api/v1/settings/assurance", Some(wanted))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["training"]["threshold_percent"], 80);
    assert_eq!(body["devices"]["tablet"], 24);
    assert_eq!(body["devices"]["laptop"], 48, "left out: its default");
    let cov = app.get_json(&admin, "/api/v1/training/coverage").await;
    assert_eq!(cov["threshold_percent"], 80);
    let audit = app.get_json(&admin, "/api/v1/audit").await.to_string();
    assert!(
        audit.contains("training coverage 80% of staff within 12 months"),
        "audited"
    );

    // The page: a manager may read it but not post; an administrator's bad box is named and
    // what was typed is kept.
    let (client, csrf) = app.signed_in(BRANCH_MANAGER).await;
    let res = post_form(
        &client,
        app.url("/settings/assurance"),
        &[("csrf", &csrf), ("training.threshold_percent", "90")],
    )
    .await;
    assert_eq!(res.status(), 403);
    let (client, csrf) = app.signed_in(ADMIN).await;
    let mut fields: Vec<(&str, &str)> = vec![
        ("csrf", &csrf),
        ("training.threshold_percent", "101"),
        ("training.window_months", "12"),
    ];
    for d in ["tablet", "phone", "laptop", "desktop", "router", "printer", "other"] {
        fields.push((Box::leak(format!("devices.{d}").into_boxed_str()), "36"));
    }
    let res = post_form(&client, app.url("/settings/assurance"), &fields).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("must be a percentage from 1 to 100") && html.contains("value=\"101\""));
    fields[1] = ("training.threshold_percent", "90");
    let res = post_form(&client, app.url("/settings/assurance"), &fields).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.get_json(&admin, "/api/v1/settings/assurance").await["training"]["threshold_percent"],
        90
    );
}

#[tokio::test]
async fn a_suppliers_assurance_lists_its_reviews_and_the_disruptions_of_its_systems_you_may_see() {
    let app = spawn_app().await;
    let admin = app.token(ADMIN).await;
    let careplan = named(&app, EntityKind::Supplier, "CarePlan Cloud").await;
    let northnet = named(&app, EntityKind::Supplier, "NorthNet").await;
    let a = app
        .get_json(&admin, &format!("/api/v1/suppliers/{careplan}/assurance"))
        .await;
    assert_eq!(a["reviews"].as_array().unwrap().len(), 2);
    assert_eq!(a["review_overdue"], false);
    let n = app
        .get_json(&admin, &format!("/api/v1/suppliers/{northnet}/assurance"))
        .await;
    assert_eq!(n["review_overdue"], true, "{n}");

    // An outage of CarePlan Cloud at the residential home: attributed to its supplier, seen by
    // the administrator, not by the home-care branch manager.
    let system = named(&app, EntityKind::System, "CarePlan Cloud").await;
    let residential = app.first_in(EntityKind::Service, "residential").await;
    let (status, d) = app
        .api(
            &admin,
            reqwest::Method::POST,
            "/api/v1/disruptions",
            Some(
                json!({"kind": "supplier_outage", "title": "CarePlan Cloud down at the home", "services": [residential],
                    "systems": [system], "started_at": "2026-11-24T07:00:00Z", "coordinator": "Priya Shah",
                    "safe_care": "not_threatened"}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{d}");
    let a = app
        .get_json(&admin, &format!("/api/v1/suppliers/{careplan}/assurance"))
        .await;
    let listed = a["disruptions"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{a}");
    assert_eq!(listed[0]["open"], true);
    assert_eq!(listed[0]["minutes"], 120, "07:00 to the clock's 09:00");
    let manager = app.token(BRANCH_MANAGER).await;
    let m = app
        .get_json(&manager, &format!("/api/v1/suppliers/{careplan}/assurance"))
        .await;
    assert!(m["disruptions"].as_array().unwrap().is_empty(), "{m}");

    // The supplier's page links to it, and the page shows the overdue review.
    let (client, _) = app.signed_in(ADMIN).await;
    let record = page_text(&client, app.url(&format!("/suppliers/{northnet}"))).await;
    assert!(record.contains(&format!("/suppliers/{northnet}/assurance")));
    let page = page_text(&client, app.url(&format!("/suppliers/{northnet}/assurance"))).await;
    assert!(page.contains("Review overdue"));
    let page = page_text(&client, app.url(&format!("/suppliers/{careplan}/assurance"))).await;
    assert!(page.contains("CarePlan Cloud down at the home") && page.contains("In progress"));
}

/// A learning platform's export: learners matched by email, then by name; an unknown learner
/// or course refused by row and the platform's own column, nothing imported; then imported.
#[tokio::test]
async fn a_learning_platforms_export_is_matched_by_email_then_name_or_refused_by_row_and_column() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let staff = app
        .store
        .list(EntityKind::Staff, &ListQuery::default())
        .await
        .unwrap()
        .items;
    let (first, second) = (&staff[0].record, &staff[1].record);
    let email = first.get("email").text();
    let name = second.title();
    let before = app.count(EntityKind::TrainingRecord).await;
    let header = "Learner name,Learner email,Course title,Completion date,Status,Certificate number\r\n";
    let good = format!(
        "Someone Else,{email},Phishing awareness,03/11/2026 14:05,Completed,C-100\r\n\
         {name},,Paper MAR,04/11/2026,Passed,\r\n\
         {name},,Downtime procedure,05/11/2026,In progress,\r\n"
    );
    let bad = format!(
        "Nobody Known,nobody@elsewhere.example,Phishing awareness,03/11/2026,Completed,\r\n\
         {name},,=HYPERLINK(\"http://x\"),04/11/2026,Completed,\r\n\
         {name},,Paper MAR,25/11/2026,Completed,\r\n"
    );
    let post = |body: String| {
        app.client()
            .post(app.url("/api/v1/import/csv/training-provider"))
            .bearer_auth(&token)
            .body(body)
            .send()
    };
    let res = post(format!("{header}{good}{bad}")).await.unwrap();
    assert_eq!(res.status(), 422);
    let report: Value = res.json().await.unwrap();
    let errors: Vec<(String, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["location"].as_str().unwrap().into(),
                e["field"].as_str().unwrap().into(),
            )
        })
        .collect();
    let at = |row: u32, column: &str| (format!("training-provider.csv row {row}"), column.to_string());
    assert_eq!(
        errors,
        [at(5, "Learner email"), at(6, "Course title"), at(7, "Completion date")],
        "{report}"
    );
    assert_eq!(app.count(EntityKind::TrainingRecord).await, before);

    let res = post(format!("{header}{good}")).await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(app.count(EntityKind::TrainingRecord).await, before + 2);
    // The same export again changes nothing.
    let res = post(format!("{header}{good}")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.count(EntityKind::TrainingRecord).await, before + 2);
}
