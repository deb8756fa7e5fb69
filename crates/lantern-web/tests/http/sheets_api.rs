//! Paper sheets entered through the API (issue [9] point 3): the same operation as the pages,
//! so a sheet sent as JSON lines leaves exactly the rows the form leaves — on both clock-change
//! days, the repeated autumn hour included — and a bad line is refused whole, named as the
//! request names it.

use crate::helpers::*;
use crate::recovery_entry::{filled, held, night_register};
use crate::sheets::*;
use lantern_core::EntityKind;
use serde_json::{Value, json};

/// The lines a script would send for the sheet the form `form` fills: each grid row by its
/// medicine and printed time, the rows at the foot by medicine, the visits by visit.
fn lines_of(form: &[(String, String)]) -> Value {
    let mut doses = Vec::new();
    for i in 0..count(form, "slot_") {
        let key: Vec<&str> = get(form, &format!("slot_{i}")).split('|').collect();
        doses.push(json!({"medicine_id": key[0].parse::<i64>().unwrap(), "due": key[2],
            "outcome": get(form, &format!("outcome_{i}")), "time": get(form, &format!("time_{i}")),
            "initials": get(form, &format!("initials_{i}")), "note": get(form, &format!("note_{i}"))}));
    }
    for x in 0..count(form, "xmed_") {
        if !get(form, &format!("xmed_{x}")).is_empty() {
            doses.push(
                json!({"medicine_id": get(form, &format!("xmed_{x}")).parse::<i64>().unwrap(),
                "outcome": get(form, &format!("xoutcome_{x}")), "time": get(form, &format!("xtime_{x}")),
                "initials": get(form, &format!("xinitials_{x}")), "note": get(form, &format!("xnote_{x}"))}),
            );
        }
    }
    let visits: Vec<Value> = (0..count(form, "visit_"))
        .map(|i| {
            json!({"visit_id": get(form, &format!("visit_{i}")).parse::<i64>().unwrap(),
                "outcome": get(form, &format!("outcome_{i}")), "arrived": get(form, &format!("arrived_{i}")),
                "departed": get(form, &format!("departed_{i}")), "note": get(form, &format!("note_{i}"))})
        })
        .collect();
    if visits.is_empty() {
        json!({"doses": doses, "notes": get(form, "notes")})
    } else {
        json!({ "visits": visits })
    }
}

#[tokio::test]
async fn sheets_sent_as_json_leave_the_rows_the_forms_leave_on_both_clock_change_days() {
    let app = spawn_app().await;
    let services = night_register(&app).await;
    let (web, csrf) = app.signed_in(ADMIN).await;
    let token = app.token(ADMIN).await;
    let api = app.client();
    for (start, end) in [
        ("2026-03-29T00:00", "2026-03-29T12:00"),
        ("2026-10-25T00:00", "2026-10-25T12:00"),
    ] {
        let by_page = disruption(&app, &services, start, end).await;
        let by_api = disruption(&app, &services, start, end).await;
        let list = app
            .get_json(&token, &format!("/api/v1/disruptions/{by_api}/sheets"))
            .await;
        let items = list["items"].as_array().unwrap();
        assert!(
            items.iter().any(|s| s["kind"] == "mar") && items.iter().any(|s| s["kind"] == "visits"),
            "{list}"
        );
        assert!(
            items.iter().all(|s| s["entered"].is_null()),
            "nothing entered yet: {list}"
        );
        for item in items {
            let (kind, subject, day) = (
                item["kind"].as_str().unwrap(),
                item["subject_id"].as_i64().unwrap(),
                item["day"].as_str().unwrap(),
            );
            let sheet = format!("/disruptions/{by_page}/entry/{kind}/{subject}/{day}");
            let mut form = filled(form_fields(&page(&web, &app, &sheet).await), day == "2026-10-25");
            set(&mut form, "csrf", &csrf);
            let res = web.post(app.url(&sheet)).form(&form).send().await.unwrap();
            assert_eq!(res.status(), 303, "{sheet}: {}", res.text().await.unwrap());
            let path = item["path"].as_str().unwrap().to_string();
            assert_eq!(
                path,
                format!("/api/v1/disruptions/{by_api}/sheets/{kind}/{subject}/{day}")
            );
            let res = api
                .post(app.url(&path))
                .bearer_auth(&token)
                .json(&lines_of(&form))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201, "{path}: {}", res.text().await.unwrap());
            let back: Value = res.json().await.unwrap();
            assert!(back["entered"]["by"].as_str().unwrap().starts_with(ADMIN), "{back}");
            if kind == "mar" {
                // What the API answers is what the page shows, row for row.
                let shown = form_fields(&page(&web, &app, &sheet).await);
                for (i, row) in back["due"].as_array().unwrap().iter().enumerate() {
                    assert_eq!(row["time"], get(&shown, &format!("time_{i}")), "{path} row {i}");
                    assert_eq!(row["initials"], get(&shown, &format!("initials_{i}")));
                }
                assert_eq!(
                    back["foot"].as_array().unwrap().len(),
                    1,
                    "the second initials at the foot"
                );
            }
        }
        let (page_rows, api_rows) = (held(&app, by_page).await, held(&app, by_api).await);
        assert!(
            page_rows.0.len() >= 4 && page_rows.1.len() >= 3,
            "entered: {page_rows:?}"
        );
        assert_eq!(
            api_rows, page_rows,
            "{start}: the API and the page entered the same rows"
        );
    }
}

#[tokio::test]
async fn a_sheet_with_a_bad_line_is_refused_whole_and_each_line_named() {
    let app = spawn_app().await;
    let living = service_of(&app, EntityKind::Person, "supported_living").await;
    let id = disruption(&app, &[living], "2026-11-24T06:30", "2026-11-24T12:30").await;
    let token = app.token(ADMIN).await;
    let c = app.client();
    let list = app.get_json(&token, &format!("/api/v1/disruptions/{id}/sheets")).await;
    // A MAR with two doses due: one line good, the other bad in each way in turn.
    let mut found = None;
    for item in list["items"].as_array().unwrap().iter().filter(|s| s["kind"] == "mar") {
        let path = item["path"].as_str().unwrap().to_string();
        let sheet = app.get_json(&token, &path).await;
        if sheet["due"].as_array().unwrap().len() >= 2 {
            found = Some((path, sheet));
            break;
        }
    }
    let (path, sheet) = found.expect("a MAR with two doses due");
    let (due, other) = (&sheet["due"][1], &sheet["due"][0]);
    assert!(due["medicine_id"].is_i64() && due["due"].is_string(), "{sheet}");
    let good = json!({"medicine_id": other["medicine_id"], "due": other["due"], "outcome": "given", "time": other["due"], "initials": "JP"});
    let send = |body: Value, who: String| {
        let c = c.clone();
        let url = app.url(&path);
        async move { c.post(url).bearer_auth(who).json(&body).send().await.unwrap() }
    };
    let cases = [
        (
            json!({"medicine_id": due["medicine_id"], "due": due["due"], "outcome": "given", "time": "2500"}),
            "doses[1].time",
            "Time given:",
        ),
        (
            json!({"medicine_id": 999_999, "outcome": "given", "time": "0900"}),
            "doses[1].medicine_id",
            "not on this sheet",
        ),
        (
            json!({"medicine_id": due["medicine_id"], "due": "03:17", "outcome": "given", "time": "0317"}),
            "doses[1].due",
            "no dose of this medicine is due at '03:17'",
        ),
        (
            json!({"medicine_id": due["medicine_id"], "due": due["due"], "outcome": "swallowed"}),
            "doses[1].outcome",
            "What happened:",
        ),
        (
            json!({"medicine_id": due["medicine_id"], "outcome": "given"}),
            "doses[1].time",
            "write the time it was given",
        ),
    ];
    for (bad, field, says) in cases {
        let res = send(json!({"doses": [good, bad]}), token.clone()).await;
        assert_eq!(res.status(), 422, "{bad}");
        let body: Value = res.json().await.unwrap();
        let text = body["fields"][field]
            .as_str()
            .unwrap_or_else(|| panic!("{field} named: {body}"));
        assert!(text.contains(says), "{field}: {text}");
        assert!(
            body["fields"].get("doses[0].time").is_none(),
            "the good line is not named: {body}"
        );
    }
    let res = send(json!({"doses": [good], "extra": 1}), token.clone()).await;
    assert_eq!(res.status(), 400, "an unknown key is malformed JSON");
    let many: Vec<Value> = (0..501).map(|_| good.clone()).collect();
    let res = send(json!({ "doses": many }), token.clone()).await;
    assert_eq!(res.status(), 422, "more lines than a sheet holds");
    let viewer = app.token(VIEWER).await;
    let res = send(json!({"doses": [good]}), viewer).await;
    assert_eq!(res.status(), 403, "a read-only user enters nothing");
    assert!(
        app.store.entered_sheets(id).await.unwrap().is_empty(),
        "nothing was saved by any refusal"
    );
    let res = send(json!({"doses": [good], "notes": "Quiet morning"}), token.clone()).await;
    assert_eq!(res.status(), 201);
    let audit = app.store.audit_entries(20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "back_entry" && e.actor.starts_with(ADMIN) && e.detail.contains("(1 record)")),
        "the entry is audited as the page's is"
    );
}
