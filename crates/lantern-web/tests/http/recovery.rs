//! Story 1 (PRODUCT.md) over HTTP: a supplier outage at a supported-living service. Paper MAR
//! sheets are entered after restoration; reconciliation explains the one late dose; a manager
//! resolves it and signs off; entering the sheet again changes the findings and the sign-off
//! says so.

use crate::helpers::*;
use lantern_core::EntityKind;
use serde_json::json;

/// Every `name="{prefix}N" value="…"` in a page, in order.
fn values(html: &str, prefix: &str) -> Vec<String> {
    let marker = format!("name=\"{prefix}");
    html.match_indices(&marker)
        .filter_map(|(i, _)| {
            let rest = &html[i..];
            let v = rest.find("value=\"")? + 7;
            Some(rest[v..].split('"').next()?.to_string())
        })
        .collect()
}

fn links(html: &str, prefix: &str) -> Vec<String> {
    html.match_indices(&format!("href=\"{prefix}"))
        .map(|(i, _)| html[i + 6..].split('"').next().unwrap().to_string())
        .collect()
}

/// Fills every due row of a MAR form as given at its due time, the first `late` minutes late.
fn given_on_time(html: &str, csrf: &str, late: i64) -> Vec<(String, String)> {
    let mut form = vec![("csrf".to_string(), csrf.to_string())];
    for (i, slot) in values(html, "slot_").iter().enumerate() {
        let due: jiff::Timestamp = slot.split('|').nth(1).unwrap().parse().unwrap();
        let at = due + jiff::SignedDuration::from_mins(if i == 0 { late } else { 0 });
        let time = lantern_core::schedule::show_time(at);
        form.push((format!("outcome_{i}"), "given".into()));
        form.push((format!("time_{i}"), time));
        form.push((format!("initials_{i}"), "JP".into()));
    }
    form.push(("notes".into(), "Quiet morning; all well".into()));
    form
}

#[tokio::test]
async fn story_1_supplier_outage_entered_reconciled_and_signed_off() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let c = app.client();
    let care = app.system_id("care_planning").await;
    let emar = app.system_id("emar").await;
    let person = app.first_in(EntityKind::Person, "supported_living").await;
    let service = app
        .store
        .get(EntityKind::Person, person)
        .await
        .unwrap()
        .service_id
        .unwrap();
    let res = c
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(&token)
        .json(
            &json!({"kind": "supplier_outage", "systems": [care, emar], "services": [service],
                      "started_at": "2026-11-24T06:30", "coordinator": "Priya Shah", "safe_care": "not_threatened"}),
        )
        .send()
        .await
        .unwrap();
    let id = res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    app.advance_minutes(4 * 60);
    let res = c
        .post(app.url(&format!("/api/v1/disruptions/{id}/close")))
        .bearer_auth(&token)
        .json(&json!({"restored_at": "2026-11-24T12:30"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let (web, csrf) = app.signed_in(ADMIN).await;
    let get = |path: String| {
        let web = web.clone();
        let url = app.url(&path);
        async move { web.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let reconciliation = get(format!("/disruptions/{id}/reconciliation")).await;
    assert!(
        reconciliation.contains("Not entered"),
        "before entry, doses are only not entered"
    );

    let entry = get(format!("/disruptions/{id}/entry")).await;
    let sheets = links(&entry, &format!("/disruptions/{id}/entry/mar/"));
    assert!(
        sheets.len() >= 3,
        "a MAR sheet per person with doses due: {}",
        sheets.len()
    );
    for (n, sheet) in sheets.iter().enumerate() {
        let form = get(sheet.clone()).await;
        let late = if n == 0 { 150 } else { 0 };
        let res = web
            .post(app.url(sheet))
            .form(&given_on_time(&form, &csrf, late))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{sheet}");
    }
    let entry = get(format!("/disruptions/{id}/entry")).await;
    assert!(entry.contains("Every sheet has been entered"));

    let page = get(format!("/disruptions/{id}/reconciliation")).await;
    assert!(
        page.contains("1 finding, 1 not resolved"),
        "{}",
        &page[page.find("<h1>").unwrap()..][..200]
    );
    let explained = page.find("class=\"finding ").map(|i| &page[i..i + 600]).unwrap_or("");
    assert!(
        page.contains("given 10:30: 2 h 30 min late") || page.contains("2 h 30 min late"),
        "the finding explains itself: {explained}"
    );
    let key = values(&page, "key").pop().unwrap();

    // Sign-off waits for the resolution.
    let res = web
        .post(app.url(&format!("/disruptions/{id}/reconciliation/sign-off")))
        .form(&[("csrf", csrf.as_str()), ("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let res = web
        .post(app.url(&format!("/disruptions/{id}/reconciliation/resolve")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("key", &key),
            ("action", "clinical_advice"),
            ("note", "GP: no harm, carry on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = web
        .post(app.url(&format!("/disruptions/{id}/reconciliation/sign-off")))
        .form(&[("csrf", csrf.as_str()), ("note", "No missed medication.")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = get(format!("/disruptions/{id}/reconciliation")).await;
    assert!(page.contains("Signed off.") && page.contains("GP: no harm, carry on"));

    // The downtime report: as a page, as a PDF, and the records for re-entry.
    let report = get(format!("/disruptions/{id}/report")).await;
    for text in [
        "Systems and recovery targets",
        "past its MTPD",
        "Paper records entered",
        "Signed off by",
        "GP: no harm",
    ] {
        assert!(report.contains(text), "report page has {text}");
    }
    let pdf = web
        .get(app.url(&format!("/disruptions/{id}/report.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let pdf = pdf.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = crate::packs::poppler("pdftotext", &pdf, &[]) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for words in [
            "Downtime report",
            "Reconciliation",
            "2 h 30 min late",
            "Clinical advice sought",
        ] {
            assert!(flat.contains(words), "the PDF says {words}: {flat}");
        }
    }
    let csv = get(format!("/disruptions/{id}/export/reentry.csv")).await;
    let rows = csv.lines().count();
    assert!(rows > sheets.len(), "a header and a row per dose: {rows}");
    assert!(csv.contains("JP"));
    let fhir: serde_json::Value =
        serde_json::from_str(&get(format!("/disruptions/{id}/export/reentry.fhir.json")).await).unwrap();
    assert_eq!(fhir["resourceType"], "Bundle");
    let entries = fhir["entry"].as_array().unwrap();
    assert_eq!(entries.len(), rows - 1, "one MedicationAdministration per CSV row");
    assert!(
        entries
            .iter()
            .all(|e| e["resource"]["resourceType"] == "MedicationAdministration")
    );

    // The first sheet entered again, on time: the finding goes, the sign-off no longer holds.
    let form = get(sheets[0].clone()).await;
    assert!(
        form.contains("Quiet morning; all well"),
        "the entered sheet comes back filled in"
    );
    let res = web
        .post(app.url(&sheets[0]))
        .form(&given_on_time(&form, &csrf, 0))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = get(format!("/disruptions/{id}/reconciliation")).await;
    assert!(page.contains("No findings"));
    assert!(page.contains("The findings changed after sign-off"));
    let audit = app.store.audit_entries(500).await.unwrap();
    for action in ["back_entry", "resolve_finding", "sign_off"] {
        assert!(audit.iter().any(|a| a.action == action), "audited: {action}");
    }
}

#[tokio::test]
async fn a_bad_row_is_named_and_nothing_is_saved() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let person = app.first_in(EntityKind::Person, "supported_living").await;
    let service = app
        .store
        .get(EntityKind::Person, person)
        .await
        .unwrap()
        .service_id
        .unwrap();
    let res = app
        .client()
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(&token)
        .json(
            &json!({"kind": "power", "services": [service], "started_at": "2026-11-24T06:30", "coordinator": "Priya", "safe_care": "not_threatened"}),
        )
        .send()
        .await
        .unwrap();
    let id = res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    let (web, csrf) = app.signed_in(ADMIN).await;
    let entry = web
        .get(app.url(&format!("/disruptions/{id}/entry")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let sheet = links(&entry, &format!("/disruptions/{id}/entry/mar/"))[0].clone();
    let form = web.get(app.url(&sheet)).send().await.unwrap().text().await.unwrap();
    let mut post = given_on_time(&form, &csrf, 0);
    post.retain(|(k, _)| k != "time_0");
    post.push(("time_0".into(), "25:99".into()));
    let res = web.post(app.url(&sheet)).form(&post).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("There is a problem") && page.contains("25:99"),
        "the row and the value are named"
    );
    assert!(app.store.dose_records(id).await.unwrap().is_empty());
    assert!(app.store.entered_sheets(id).await.unwrap().is_empty());
}

/// A branch's visit sheet: a late arrival and a blank row on an entered sheet are findings; a
/// departure before the arrival is refused with the row named.
#[tokio::test]
async fn a_visit_sheet_entered_gives_late_and_missed_visits() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let visit = app.first_in(EntityKind::Visit, "home_care").await;
    let branch = app
        .store
        .get(EntityKind::Visit, visit)
        .await
        .unwrap()
        .service_id
        .unwrap();
    let res = app
        .client()
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(&token)
        .json(&json!({"kind": "cyber_incident", "services": [branch], "started_at": "2026-11-24T06:00", "coordinator": "Tom", "safe_care": "not_threatened"}))
        .send()
        .await
        .unwrap();
    let id = res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    let (web, csrf) = app.signed_in(ADMIN).await;
    let entry = web
        .get(app.url(&format!("/disruptions/{id}/entry")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let sheet = links(&entry, &format!("/disruptions/{id}/entry/visits/"))[0].clone();
    let form = web.get(app.url(&sheet)).send().await.unwrap().text().await.unwrap();
    let visits = values(&form, "visit_");
    assert!(visits.len() >= 2, "visits planned 06:00–09:00: {}", visits.len());
    let bad = [
        ("csrf", csrf.clone()),
        ("outcome_0", "completed".into()),
        ("arrived_0", "09:00".into()),
        ("departed_0", "08:00".into()),
    ];
    let res = web.post(app.url(&sheet)).form(&bad).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("left before arriving"));
    // The first visit 50 minutes late; the second row left blank; the rest on time.
    let mut post = vec![("csrf".to_string(), csrf.clone())];
    let times: Vec<String> = form
        .match_indices("<th scope=\"row\" data-label=\"Planned\">")
        .map(|(i, m)| form[i + m.len()..i + m.len() + 5].to_string())
        .collect();
    for (i, planned) in times.iter().enumerate() {
        if i == 1 {
            continue;
        }
        let (h, m) = planned.split_once(':').unwrap();
        let start = h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap() + if i == 0 { 50 } else { 0 };
        let hhmm = |t: i64| format!("{:02}:{:02}", t / 60, t % 60);
        post.push((format!("outcome_{i}"), "completed".into()));
        post.push((format!("arrived_{i}"), hhmm(start)));
        post.push((format!("departed_{i}"), hhmm(start + 30)));
    }
    let res = web.post(app.url(&sheet)).form(&post).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let page = web
        .get(app.url(&format!("/disruptions/{id}/reconciliation")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Late visit"), "the late arrival is a finding");
    assert!(
        page.contains("Missed visit"),
        "a blank row on an entered sheet is a missed visit"
    );
}
