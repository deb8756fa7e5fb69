//! What the pages do, a script does through the API, by the same operations and rules: the
//! packs (state, build, a check of the printed pack, a version's PDF), signing off, the downtime
//! report as a PDF, the re-entry exports and the audit log — each refused in the pages' words.

use crate::helpers::*;
use lantern_core::EntityKind;
use reqwest::Method;
use serde_json::{Value, json};

async fn call(app: &TestApp, token: &str, method: Method, path: &str, body: Option<Value>) -> (u16, Vec<u8>, String) {
    let mut req = app.client().request(method, app.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, res.bytes().await.unwrap().to_vec(), kind)
}

fn json_of(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(bytes)))
}

#[tokio::test]
async fn packs_through_the_api_build_check_and_download_as_the_pages_do() {
    let app = spawn_app().await;
    let admin = app.token(ADMIN).await;
    let branch = app.first_in(EntityKind::Visit, "home_care").await;
    let branch = app
        .store
        .get(EntityKind::Visit, branch)
        .await
        .unwrap()
        .service_id
        .unwrap();

    let (status, body, _) = call(
        &app,
        &admin,
        Method::POST,
        &format!("/api/v1/packs/{branch}/build"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let built = json_of(&body);
    let version = built["version"].as_i64().unwrap();
    assert!(built["pages"].as_i64().unwrap() > 0);

    let (status, body, _) = call(
        &app,
        &admin,
        Method::POST,
        &format!("/api/v1/packs/{branch}/checks"),
        Some(json!({"problems": "Page 3 was missing from the folder"})),
    )
    .await;
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    assert_eq!(json_of(&body)["pack_version"], version);

    let (status, body, _) = call(&app, &admin, Method::GET, &format!("/api/v1/packs/{branch}"), None).await;
    assert_eq!(status, 200);
    let detail = json_of(&body);
    assert_eq!(detail["latest"]["version"], version);
    assert_eq!(detail["checks"][0]["problems"], "Page 3 was missing from the folder");
    assert_eq!(detail["may_build"], true);

    let (_, body, _) = call(&app, &admin, Method::GET, "/api/v1/packs", None).await;
    let list = json_of(&body);
    assert!(
        list["items"].as_array().unwrap().len() >= 5,
        "every service's pack: {list}"
    );

    let pdf_path = format!("/api/v1/packs/{branch}/versions/{version}/pdf");
    let (status, pdf, kind) = call(&app, &admin, Method::GET, &pdf_path, None).await;
    assert_eq!((status, kind.as_str()), (200, "application/pdf"));
    assert!(pdf.starts_with(b"%PDF"));

    // A day that is not a date is named, as on the page; a read-only user is told why not.
    let (status, body, _) = call(
        &app,
        &admin,
        Method::POST,
        &format!("/api/v1/packs/{branch}/build"),
        Some(json!({"day": "31/02/2026"})),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        json_of(&body)["fields"]["day"].is_string(),
        "{}",
        String::from_utf8_lossy(&body)
    );
    let viewer = app.token(VIEWER).await;
    let (status, body, _) = call(
        &app,
        &viewer,
        Method::POST,
        &format!("/api/v1/packs/{branch}/checks"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(json_of(&body)["message"], "A read-only user cannot record checks.");
    // Staff build only when the pack is not current: this one is.
    let staff = app.token(STAFF).await;
    let (status, body, _) = call(
        &app,
        &staff,
        Method::POST,
        &format!("/api/v1/packs/{branch}/build"),
        None,
    )
    .await;
    assert_eq!(status, 403);
    assert!(json_of(&body)["message"].as_str().unwrap().contains("up to date"));

    // The audit log: the download is in it, for an administrator of every service only.
    let (status, body, _) = call(&app, &admin, Method::GET, "/api/v1/audit?limit=50", None).await;
    assert_eq!(status, 200);
    let audit = json_of(&body);
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "download"
                && e["detail"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("pack version {version}"))),
        "{audit}"
    );
    let manager = app.token(BRANCH_MANAGER).await;
    let (status, _, _) = call(&app, &manager, Method::GET, "/api/v1/audit", None).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_disruptions_report_pdf_exports_and_sign_off_are_the_apis_too() {
    let app = spawn_app().await;
    let manager = app.token(BRANCH_MANAGER).await;
    let branch = app.first_in(EntityKind::Visit, "home_care").await;
    let branch = app
        .store
        .get(EntityKind::Visit, branch)
        .await
        .unwrap()
        .service_id
        .unwrap();
    let (status, body, _) = call(
        &app,
        &manager,
        Method::POST,
        "/api/v1/disruptions",
        Some(
            json!({"kind": "cyber_incident", "services": [branch], "started_at": "2026-11-24T08:00",
                    "coordinator": "Tom Evans", "safe_care": "not_threatened"}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let id = json_of(&body)["id"].as_i64().unwrap();
    let (status, body, _) = call(
        &app,
        &manager,
        Method::POST,
        &format!("/api/v1/disruptions/{id}/close"),
        Some(json!({"restored_at": "2026-11-24T09:00"})),
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));

    let (status, pdf, kind) = call(
        &app,
        &manager,
        Method::GET,
        &format!("/api/v1/disruptions/{id}/report.pdf"),
        None,
    )
    .await;
    assert_eq!((status, kind.as_str()), (200, "application/pdf"));
    assert!(pdf.starts_with(b"%PDF"));
    let (status, csv, kind) = call(
        &app,
        &manager,
        Method::GET,
        &format!("/api/v1/disruptions/{id}/export/reentry.csv"),
        None,
    )
    .await;
    assert_eq!((status, kind.starts_with("text/csv")), (200, true));
    assert!(
        String::from_utf8_lossy(&csv)
            .lines()
            .next()
            .is_some_and(|h| h.contains(','))
    );
    let (status, _, _) = call(
        &app,
        &manager,
        Method::GET,
        &format!("/api/v1/disruptions/{id}/export/reentry.xlsx"),
        None,
    )
    .await;
    assert_eq!(status, 404);

    // Nothing was entered from paper: every dose due is a finding to resolve first.
    let sign_off = format!("/api/v1/disruptions/{id}/reconciliation/sign-off");
    let (status, body, _) = call(
        &app,
        &manager,
        Method::POST,
        &sign_off,
        Some(json!({"note": "checked"})),
    )
    .await;
    let (_, rec, _) = call(
        &app,
        &manager,
        Method::GET,
        &format!("/api/v1/disruptions/{id}/reconciliation"),
        None,
    )
    .await;
    let findings = json_of(&rec)["findings"].as_array().unwrap().len();
    assert!(findings > 0, "the branch's visits of the hour are findings");
    assert_eq!(status, 409, "{}", String::from_utf8_lossy(&body));
    assert!(json_of(&body)["message"].as_str().unwrap().contains("not resolved yet"));
    let coordinator = app.token(COORDINATOR).await;
    let (status, body, _) = call(&app, &coordinator, Method::POST, &sign_off, None).await;
    assert_eq!(status, 403);
    assert_eq!(
        json_of(&body)["message"],
        "Only a manager can sign off a reconciliation."
    );
}
