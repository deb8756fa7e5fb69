//! The reconciliation page, API and report as a manager relies on them: a refusal reported as
//! a refusal and not a missed dose, a window over an empty register said to be one, and a
//! resolution that stays as recorded (and, when refused, comes back on the page as typed).

use crate::helpers::*;
use lantern_core::EntityKind;
use lantern_core::reconcile::{DoseOutcome, due_doses};
use lantern_store::{Actor, MarSheet, NewDose};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Declares a disruption over `services` from 06:30 and closes it at 12:30 on Tue 24 Nov.
async fn outage(app: &TestApp, token: &str, services: &[i64]) -> i64 {
    let c = app.client();
    let res = c
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(token)
        .json(&json!({"kind": "supplier_outage", "services": services,
                      "started_at": "2026-11-24T06:30", "coordinator": "Priya Shah",
                      "safe_care": "not_threatened"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.advance_minutes(4 * 60);
    let res = c
        .post(app.url(&format!("/api/v1/disruptions/{id}/close")))
        .bearer_auth(token)
        .json(&json!({"restored_at": "2026-11-24T12:30"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    id
}

/// A supported-living service's outage with every due dose entered as given on time, except
/// those `outcome` picks (by medicine, and whether it is time-critical), entered as that.
async fn entered_outage(app: &TestApp, token: &str, outcome: impl Fn(i64, bool) -> Option<DoseOutcome>) -> i64 {
    let person = app.first_in(EntityKind::Person, "supported_living").await;
    let service = app
        .store
        .get(EntityKind::Person, person)
        .await
        .unwrap()
        .service_id
        .unwrap();
    let id = outage(app, token, &[service]).await;
    let d = app.store.disruption(id).await.unwrap();
    let now = *app.clock.lock().unwrap();
    let l = lantern_app::reconciliation::load(&app.store, d, now).await.unwrap();
    let mut sheets: BTreeMap<(i64, jiff::civil::Date), Vec<NewDose>> = BTreeMap::new();
    for due in due_doses(l.period, &l.medicines) {
        let critical = l
            .medicines
            .iter()
            .any(|m| m.medicine_id == due.medicine_id && m.time_critical);
        let outcome = outcome(due.medicine_id, critical).unwrap_or(DoseOutcome::Given);
        sheets.entry((due.person_id, due.date)).or_default().push(NewDose {
            person_id: due.person_id,
            medicine_id: Some(due.medicine_id),
            due_at: Some(due.due_at),
            sheet_time: Some(due.time),
            outcome,
            given_at: Some(due.due_at + jiff::SignedDuration::from_mins(5)),
            initials: "JP".into(),
            note: if outcome == DoseOutcome::Given {
                ""
            } else {
                "Said no, calmly"
            }
            .into(),
        });
    }
    assert!(sheets.len() >= 2, "several people with doses due");
    for ((person_id, day), doses) in &sheets {
        let mar = MarSheet {
            person_id: *person_id,
            day: *day,
            doses,
            notes: "",
        };
        app.store
            .save_mar_sheet(id, &mar, &Actor::system("test"), now)
            .await
            .unwrap();
    }
    id
}

async fn get_json(app: &TestApp, token: &str, path: &str) -> Value {
    let res = app.client().get(app.url(path)).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

/// Fails on the main before this change: a dose refused on time was reported as "Missed dose"
/// and the headline said nothing about missed doses.
#[tokio::test]
async fn reconciliation_reports_a_refusal_on_time_as_a_refusal_not_a_missed_dose() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let refused = std::sync::Mutex::new(None::<i64>);
    // The first ordinary medicine with a dose due is refused at every dose.
    let id = entered_outage(&app, &token, |m, critical| {
        let mut r = refused.lock().unwrap();
        if r.is_none() && !critical {
            *r = Some(m);
        }
        (*r == Some(m)).then_some(DoseOutcome::Refused)
    })
    .await;
    let r = get_json(&app, &token, &format!("/api/v1/disruptions/{id}/reconciliation")).await;
    let kinds: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(
        !kinds.is_empty() && kinds.iter().all(|k| *k == "dose_refused"),
        "{kinds:?}"
    );
    let first = &r["findings"][0];
    assert_eq!(first["severity"], "low", "an ordinary refusal is for review: {first}");
    assert!(first["key"].as_str().unwrap().starts_with("dose_refused:m"));
    assert!(
        first["explanation"]
            .as_str()
            .unwrap()
            .contains("recorded as refused at"),
        "{first}"
    );
    assert!(first["next_step"].as_str().unwrap().starts_with("Review"), "{first}");
    assert_eq!(r["doses"]["no_missed_doses"], true, "{}", r["doses"]);
    assert_eq!(r["doses"]["not_given"], json!([format!("{} refused", kinds.len())]));

    let (web, _) = app.signed_in(ADMIN).await;
    let page = web
        .get(app.url(&format!("/disruptions/{id}/reconciliation")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("No missed doses: every dose due has an outcome recorded."));
    assert!(page.contains("Recorded as not given, so not missed:"));
    assert!(page.contains("Dose refused") && !page.contains("Missed dose"));
    let report = get_json(&app, &token, &format!("/api/v1/disruptions/{id}/report")).await;
    assert_eq!(report["doses"]["headline"], r["doses"]["headline"]);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["not_given"] == true)
    );
}

/// Fails on the main before this change: the page said "No findings" and offered "Sign off
/// the reconciliation" over services with nobody in the register.
#[tokio::test]
async fn reconciliation_over_an_empty_register_says_nothing_was_due() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let res = app
        .client()
        .post(app.url("/api/v1/services"))
        .bearer_auth(&token)
        .json(
            &json!({"name": "Willow Court", "service_type": "supported_living", "address": "1 Willow Lane",
                      "manager_name": "Sam Okoro", "on_call_phone": "0113 496 0123"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let service = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let id = outage(&app, &token, &[service]).await;
    let r = get_json(&app, &token, &format!("/api/v1/disruptions/{id}/reconciliation")).await;
    assert_eq!(r["doses"]["nothing_due"], true);
    assert_eq!(r["doses"]["no_missed_doses"], false, "no claim about medication");

    let (web, csrf) = app.signed_in(ADMIN).await;
    let url = app.url(&format!("/disruptions/{id}/reconciliation"));
    let page = web.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Nothing to reconcile"), "the heading says so");
    assert!(page.contains("the register held nobody for these services when the disruption began"));
    assert!(!page.contains("No missed doses") && !page.contains("Sign off the reconciliation"));
    assert!(page.contains("Sign off: nothing was due"));
    let res = web
        .post(app.url(&format!("/disruptions/{id}/reconciliation/sign-off")))
        .form(&[("csrf", csrf.as_str()), ("note", "Willow Court opens in January")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = web.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("as nothing due"), "the sign-off says what it covers");
    let report = get_json(&app, &token, &format!("/api/v1/disruptions/{id}/report")).await;
    assert!(
        report["doses"]["headline"]
            .as_str()
            .unwrap()
            .starts_with("Nothing was due")
    );
    assert!(
        report["sign_off"].as_str().unwrap().contains("as nothing due"),
        "{}",
        report["sign_off"]
    );
}

/// The `<select name="action">` of the finding `key`, as served.
fn select_of<'a>(page: &'a str, key: &str) -> &'a str {
    let at = page
        .find(&format!("name=\"key\" value=\"{key}\""))
        .expect("the finding's form");
    let rest = &page[at..];
    &rest[..rest.find("</form>").unwrap()]
}

/// Fails on the main before this change: the select came back on its first choice after a
/// resolution, and a refused one gave a bare error page with nothing typed kept.
#[tokio::test]
async fn reconciliation_keeps_a_resolution_as_recorded_and_a_refused_one_as_typed() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let id = entered_outage(&app, &token, |_, _| Some(DoseOutcome::Refused)).await;
    let r = get_json(&app, &token, &format!("/api/v1/disruptions/{id}/reconciliation")).await;
    let key = r["findings"][0]["key"].as_str().unwrap().to_string();
    let (web, csrf) = app.signed_in(ADMIN).await;
    let resolve = app.url(&format!("/disruptions/{id}/reconciliation/resolve"));
    let res = web
        .post(&resolve)
        .form(&[
            ("csrf", csrf.as_str()),
            ("key", &key),
            ("action", "family_informed"),
            ("note", "Daughter rang"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = web
        .get(app.url(&format!("/disruptions/{id}/reconciliation")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form = select_of(&page, &key);
    assert!(form.contains("<option value=\"family_informed\" selected>"), "{form}");
    assert_eq!(form.matches(" selected>").count(), 1, "{form}");
    assert!(form.contains("value=\"Daughter rang\""), "the recorded note: {form}");

    // "No action needed" without a note: refused, on the page, beside the finding, as typed.
    let res = web
        .post(&resolve)
        .form(&[
            ("csrf", csrf.as_str()),
            ("key", &key),
            ("action", "no_action"),
            ("note", "  "),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("<h1>") && page.contains("Sign-off"),
        "the whole reconciliation page"
    );
    let form = select_of(&page, &key);
    assert!(
        form.contains("<option value=\"no_action\" selected>"),
        "what was typed: {form}"
    );
    assert!(form.contains("Not recorded: say why no action is needed."), "{form}");
    assert!(
        form.contains("name=\"note\" value=\"  \" aria-invalid=\"true\""),
        "{form}"
    );
    let r = get_json(&app, &token, &format!("/api/v1/disruptions/{id}/reconciliation")).await;
    let now = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key.as_str())
        .unwrap();
    assert_eq!(
        now["resolution"]["action"], "family_informed",
        "nothing was overwritten"
    );
}

/// Fails on the main before this change: there was no way to resolve a finding through the API.
#[tokio::test]
async fn reconciliation_api_refuses_a_resolution_with_a_422_naming_the_field() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let id = entered_outage(&app, &token, |_, _| Some(DoseOutcome::Refused)).await;
    let r = get_json(&app, &token, &format!("/api/v1/disruptions/{id}/reconciliation")).await;
    let key = r["findings"][0]["key"].as_str().unwrap().to_string();
    let url = app.url(&format!("/api/v1/disruptions/{id}/reconciliation/resolutions"));
    let post = |body: Value| {
        let req = app.client().post(&url).bearer_auth(&token).json(&body);
        async move { req.send().await.unwrap() }
    };
    let res = post(json!({"key": key, "action": "no_action"})).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "invalid");
    assert_eq!(body["fields"]["note"], "say why no action is needed", "{body}");
    let res = post(json!({"key": key, "action": "shrugged"})).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["fields"]["action"].is_string());
    let res = post(json!({"key": "missed_dose:m0:nowhere", "action": "no_harm"})).await;
    assert_eq!(res.status(), 404);
    let res = post(json!({"key": key, "action": "no_action", "note": "Refusal is in her care plan"})).await;
    assert_eq!(res.status(), 201);
    let finding: Value = res.json().await.unwrap();
    assert_eq!(finding["resolution"]["action"], "no_action");
    assert_eq!(finding["resolution"]["note"], "Refusal is in her care plan");
    let viewer = app.token(VIEWER).await;
    let res = app
        .client()
        .post(&url)
        .bearer_auth(&viewer)
        .json(&json!({"key": key, "action": "no_harm"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}
