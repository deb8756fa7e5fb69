//! The live board on the outage day (issue [8]): statuses a coordinator needs (Late with the
//! time the carer gave, Missed only with a reason and a confirmation), figures that follow each
//! change, filters that survive a tap, the refreshing part of the page, the window rule (a
//! visit under way when the system failed is in it) and the visit sheet filled in from what the
//! board learnt.

use crate::helpers::*;
use crate::sheets::{entered, form_fields, get, page, service_of};
use lantern_core::EntityKind;
use serde_json::{Value, json};

async fn json_of(res: reqwest::Response) -> Value {
    let status = res.status();
    let text = res.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}"))
}

/// An open cyber incident at the branch, declared by the coordinator; its id.
async fn declared(app: &TestApp, started_at: &str) -> i64 {
    let token = app.token(COORDINATOR).await;
    let branch = service_of(app, EntityKind::Visit, "home_care").await;
    let res = app
        .client()
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(&token)
        .json(
            &json!({"kind": "cyber_incident", "services": [branch], "started_at": started_at,
                      "coordinator": "Tom Evans", "safe_care": "not_threatened"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    json_of(res).await["id"].as_i64().unwrap()
}

async fn board(app: &TestApp, token: &str, id: i64, query: &str) -> Value {
    let res = app
        .client()
        .get(app.url(&format!("/api/v1/disruptions/{id}/board?{query}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    json_of(res).await["services"][0].clone()
}

fn row(board: &Value, visit: i64) -> Value {
    board["visits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["visit"]["visit_id"] == visit)
        .cloned()
        .unwrap_or(Value::Null)
}

async fn post_status(app: &TestApp, token: &str, id: i64, visit: i64, body: Value) -> reqwest::Response {
    app.client()
        .post(app.url(&format!("/api/v1/disruptions/{id}/visits/{visit}")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// The number in a tally item of the board's HTML: `<strong>3</strong> overdue`.
fn tally(html: &str, label: &str) -> usize {
    let marker = format!("</strong> {label}</li>");
    let end = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no '{label}' in the tally"));
    let start = html[..end].rfind("<strong>").unwrap() + "<strong>".len();
    html[start..end].parse().unwrap()
}

/// The count in a group's heading: `<h2 id="g-overdue">… <span …>(3)</span>`, 0 when absent.
fn group_total(html: &str, code: &str) -> usize {
    let Some(at) = html.find(&format!("<h2 id=\"g-{code}\">")) else {
        return 0;
    };
    let rest = &html[at..];
    let open = rest.find("group-count\">(").unwrap() + "group-count\">(".len();
    rest[open..open + rest[open..].find(')').unwrap()].parse().unwrap()
}

/// A visit still to happen after the board's clock, not yet on anyone's list.
fn later_visit(board: &Value) -> i64 {
    board["visits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["group"] == "waiting" && v["visit"]["start"].as_str().unwrap() > "09:30")
        .unwrap()["visit"]["visit_id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn late_needs_a_time_and_missed_a_reason_and_a_confirmation_or_nothing_changes() {
    let app = spawn_app().await;
    let token = app.token(COORDINATOR).await;
    let id = declared(&app, "2026-11-24T08:30").await;
    let b = board(&app, &token, id, "").await;
    let visit = later_visit(&b);

    // Late without the time the carer gave: refused, named, nothing written.
    let res = post_status(&app, &token, id, visit, json!({"status": "late"})).await;
    assert_eq!(res.status(), 422);
    let body = json_of(res).await;
    assert!(
        body["fields"]["expected_at"]
            .as_str()
            .unwrap()
            .contains("expects to arrive"),
        "{body}"
    );
    let res = post_status(
        &app,
        &token,
        id,
        visit,
        json!({"status": "late", "expected_at": "08:50"}),
    )
    .await;
    assert_eq!(res.status(), 422, "a time already past");
    assert!(app.store.visit_statuses(id).await.unwrap().is_empty());

    // Late at 10:15: watched, with the numbers to ring, not overdue until 10:15 has passed.
    let res = post_status(
        &app,
        &token,
        id,
        visit,
        json!({"status": "late", "expected_at": "10:15", "note": "Stuck behind a bus"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(json_of(res).await["expected_at"], "2026-11-24T10:15:00Z");
    let r = row(&board(&app, &token, id, "").await, visit);
    assert_eq!(
        (r["status"].as_str(), r["group"].as_str()),
        (Some("late"), Some("watching"))
    );
    assert_eq!(r["updated"]["expected_at"], "2026-11-24T10:15:00Z");
    assert_eq!(r["needs_action"], false);
    assert!(
        !r["visit"]["person_phone"].as_str().unwrap().is_empty(),
        "the person's own phone is on the board"
    );
    app.advance_minutes(80); // 10:20
    let r = row(&board(&app, &token, id, "").await, visit);
    assert_eq!(r["group"], "overdue");
    assert_eq!(r["warning"], "Expected at 10:15: not confirmed 5 min later");

    // Missed without the confirmation, or without a reason: refused, and nothing changes —
    // no status, no timeline entry.
    let before = app.store.visit_statuses(id).await.unwrap().len();
    let res = post_status(
        &app,
        &token,
        id,
        visit,
        json!({"status": "missed", "reason": "No carer free"}),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = json_of(res).await;
    assert!(
        body["fields"]["confirm"].as_str().unwrap().contains("did not happen"),
        "{body}"
    );
    let res = post_status(&app, &token, id, visit, json!({"status": "missed", "confirm": true})).await;
    assert_eq!(json_of(res).await["fields"]["reason"], "say why the visit was missed");
    // The same from the page without scripts: the board again, the card saying why, what was
    // typed kept.
    let (web, csrf) = app.signed_in(COORDINATOR).await;
    let res = post_form(
        &web,
        app.url(&format!("/disruptions/{id}/visits/{visit}")),
        &[("csrf", &csrf), ("status", "missed"), ("reason", "No carer free")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Nothing was changed: confirm that the visit did not happen and will not happen today."),
        "a clear message"
    );
    assert!(html.contains("value=\"No carer free\""), "the reason typed is kept");
    assert_eq!(app.store.visit_statuses(id).await.unwrap().len(), before);
    let timeline = app.store.timeline(id).await.unwrap();
    assert!(!timeline.iter().any(|t| t.text.contains("marked missed")));

    // Confirmed and with a reason: done, in the timeline with its reason.
    let res = post_form(
        &web,
        app.url(&format!("/disruptions/{id}/visits/{visit}")),
        &[
            ("csrf", &csrf),
            ("status", "missed"),
            ("reason", "No carer free"),
            ("confirm", "yes"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let timeline = app.store.timeline(id).await.unwrap();
    assert!(timeline.iter().any(|t| t.text.contains("marked missed: No carer free")));
    let r = row(&board(&app, &token, id, "").await, visit);
    assert_eq!(
        (r["group"].as_str(), r["needs_action"].as_bool()),
        (Some("missed_to_tell"), Some(true))
    );

    // Carer delayed, family told: watched, not done.
    let other = later_visit(&board(&app, &token, id, "").await);
    let res = post_status(&app, &token, id, other, json!({"status": "delayed_family_told"})).await;
    assert_eq!(res.status(), 200);
    let r = row(&board(&app, &token, id, "").await, other);
    assert_eq!(
        (r["status"].as_str(), r["group"].as_str()),
        (Some("delayed_family_told"), Some("watching"))
    );
}

#[tokio::test]
async fn every_figure_follows_a_tap_and_filters_survive_it() {
    let app = spawn_app().await;
    let token = app.token(COORDINATOR).await;
    let id = declared(&app, "2026-11-24T08:00").await;
    let (web, csrf) = app.signed_in(COORDINATOR).await;
    let b = board(&app, &token, id, "").await;
    let overdue: Vec<i64> = b["visits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["group"] == "overdue")
        .map(|v| v["visit"]["visit_id"].as_i64().unwrap())
        .collect();
    assert!(overdue.len() >= 2, "visits unconfirmed at 09:00");
    let service = b["service_id"].as_i64().unwrap();

    // A tap from the page's script answers the whole refreshing part: tally and headings too.
    let url = |visit: i64| app.url(&format!("/disruptions/{id}/visits/{visit}?service={service}&part=live"));
    let html = post_form(&web, url(overdue[0]), &[("csrf", &csrf), ("status", "confirmed")])
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.trim_start().starts_with("<div id=\"board-live\""),
        "{}",
        &html[..200.min(html.len())]
    );
    assert_eq!(tally(&html, "overdue"), overdue.len() - 1);
    assert_eq!(tally(&html, "confirmed"), 1);
    assert_eq!(group_total(&html, "overdue"), overdue.len() - 1);
    assert_eq!(group_total(&html, "underway"), 1);
    let html = post_form(&web, url(overdue[1]), &[("csrf", &csrf), ("status", "completed")])
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(tally(&html, "overdue"), overdue.len() - 2);
    assert_eq!((tally(&html, "completed"), group_total(&html, "done")), (1, 1));
    let total = b["counts"]["total"].as_u64().unwrap() as usize;
    let groups: usize = [
        "overdue",
        "missed_to_tell",
        "watching",
        "first",
        "waiting",
        "underway",
        "done",
    ]
    .iter()
    .map(|g| group_total(&html, g))
    .sum();
    assert_eq!(groups, total, "every visit in one group");
    assert_eq!(html.matches("<li class=\"visit ").count(), total);
    assert!(
        !html.contains("role=\"alert\""),
        "no alert per card: one live region on the page"
    );

    // Filtered by a carer: only their visits, the tally still of the whole board, and a tap
    // without scripts comes back to the same filter at the visit.
    let carer = b["carers"][0]["staff_id"].as_i64().unwrap();
    let theirs = board(&app, &token, id, &format!("carer={carer}")).await;
    let shown = theirs["shown"].as_u64().unwrap() as usize;
    assert!(shown > 0 && shown < total);
    assert!(theirs["visits"].as_array().unwrap().iter().all(|v| {
        v["visit"]["carers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["staff_id"] == carer)
    }));
    let page_html = page(
        &web,
        &app,
        &format!("/disruptions/{id}/board?service={service}&carer={carer}"),
    )
    .await;
    assert_eq!(page_html.matches("<li class=\"visit ").count(), shown);
    assert!(page_html.contains(&format!("Showing <strong>{shown}</strong> of {total} visits")));
    let their_overdue = theirs["visits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["group"] == "overdue")
        .count();
    assert_eq!(
        tally(&page_html, "overdue"),
        their_overdue,
        "the page's figures are of what it shows"
    );
    let visit = theirs["visits"][0]["visit"]["visit_id"].as_i64().unwrap();
    let res = post_form(
        &web,
        app.url(&format!(
            "/disruptions/{id}/visits/{visit}?service={service}&carer={carer}"
        )),
        &[("csrf", &csrf), ("status", "cancelled")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(
        location,
        format!("/disruptions/{id}/board?service={service}&carer={carer}&open={visit}#visit-{visit}")
    );
    let needs = board(&app, &token, id, "needs_action=true").await;
    assert!(
        needs["visits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["needs_action"] == true)
    );
    assert_eq!(needs["shown"], needs["counts"]["needs_action"]);
    let res = app
        .client()
        .get(app.url(&format!("/api/v1/disruptions/{id}/board?status=done")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "an unknown status is named, not ignored");
}

#[tokio::test]
async fn the_refreshing_part_is_small_when_nothing_changed() {
    let app = spawn_app().await;
    let id = declared(&app, "2026-11-24T08:00").await;
    let (web, _) = app.signed_in(COORDINATOR).await;
    let url = app.url(&format!("/disruptions/{id}/board?part=live"));
    let res = web.get(&url).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    let zipped = res.bytes().await.unwrap().len();
    let plain = web.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(plain.starts_with("<div id=\"board-live\""));
    assert!(zipped * 5 < plain.len(), "gzip: {zipped} of {} bytes", plain.len());
    let res = web.get(&url).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(res.status(), 304, "nothing changed since");
    // The page view is audited once; its refreshes are not written again.
    let views = |entries: Vec<lantern_store::AuditEntry>| {
        entries
            .iter()
            .filter(|a| a.detail.starts_with("Viewed the live board"))
            .count()
    };
    let before = views(app.store.audit_entries(1000).await.unwrap());
    web.get(&url).send().await.unwrap();
    assert_eq!(views(app.store.audit_entries(1000).await.unwrap()), before);
    web.get(app.url(&format!("/disruptions/{id}/board")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        views(app.store.audit_entries(1000).await.unwrap()),
        before + 1,
        "the page itself is"
    );
}

#[tokio::test]
async fn a_visit_under_way_when_the_system_failed_is_in_the_window_and_the_sheet_starts_from_the_board() {
    let app = spawn_app().await;
    let branch = service_of(&app, EntityKind::Visit, "home_care").await;
    let person = app.first_in(EntityKind::Person, "home_care").await.to_string();
    let b = branch.to_string();
    let visit = |start: &'static str, minutes: &'static str| {
        [
            ("service_id", b.clone()),
            ("person_id", person.clone()),
            ("date", "2026-11-24".to_string()),
            ("start", start.to_string()),
            ("duration_minutes", minutes.to_string()),
        ]
    };
    let as_pairs = |v: &[(&'static str, String); 5]| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let mut ids = Vec::new();
    // 07:50–08:35 was under way at 08:20; 07:30–08:00 had ended.
    for v in [visit("07:50", "45"), visit("07:30", "30")] {
        let pairs = as_pairs(&v);
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        ids.push(entered(&app, "2026-11-20T09:00:00Z", EntityKind::Visit, &refs).await);
    }
    let (running, ended) = (ids[0], ids[1]);
    let id = declared(&app, "2026-11-24T08:20").await;
    let token = app.token(COORDINATOR).await;
    let b = board(&app, &token, id, "").await;
    assert!(!row(&b, running).is_null(), "on the board");
    assert!(row(&b, ended).is_null(), "ended before the disruption");

    // What the board learns by phone: one visit confirmed then completed, one missed (an
    // overdue one: the sheet holds the window up to now).
    let later = b["visits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["visit"]["visit_id"].as_i64().unwrap())
        .find(|v| *v != running && row(&b, *v)["group"] == "overdue")
        .unwrap();
    for (visit, body, minutes) in [
        (running, json!({"status": "confirmed"}), 5),
        (running, json!({"status": "completed", "note": "All well"}), 0),
        (
            later,
            json!({"status": "missed", "reason": "Person in hospital", "confirm": true}),
            0,
        ),
    ] {
        assert_eq!(post_status(&app, &token, id, visit, body).await.status(), 200);
        app.advance_minutes(minutes);
    }

    // The reconciliation holds the visit under way at the start, and not the one that ended.
    let rec = json_of(
        app.client()
            .get(app.url(&format!("/api/v1/disruptions/{id}/reconciliation")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    // (An unrecorded visit in the window would be "not entered"; the one that ended is not.)
    let about = |v: i64| rec["findings"].as_array().unwrap().iter().any(|f| f["visit_id"] == v);
    assert!(!about(ended), "{rec}");
    assert!(
        rec["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "not_entered"),
        "other visits in the window are not entered yet: {rec}"
    );

    // The visit sheet: the rows start from the board, marked, editable; nothing is saved
    // until the coordinator saves it.
    let (web, _) = app.signed_in(COORDINATOR).await;
    let sheet_url = format!("/disruptions/{id}/entry/visits/{branch}/2026-11-24");
    let html = page(&web, &app, &sheet_url).await;
    assert!(
        html.contains("From the board: Completed at 09:05 by coordinator@test.example (API)"),
        "the marker"
    );
    assert!(html.contains("From the board: Missed at 09:05"));
    assert!(html.contains("rows start from the live board"));
    let form = form_fields(&html);
    let index = |v: i64| {
        form.iter()
            .find(|(k, val)| k.starts_with("visit_") && *val == v.to_string())
            .map(|(k, _)| k.trim_start_matches("visit_").to_string())
            .unwrap_or_else(|| panic!("visit {v} has a row on the sheet"))
    };
    let r = index(running);
    assert_eq!(get(&form, &format!("outcome_{r}")), "completed");
    assert_eq!(get(&form, &format!("arrived_{r}")), "09:00");
    assert_eq!(get(&form, &format!("departed_{r}")), "09:05");
    assert_eq!(get(&form, &format!("note_{r}")), "All well");
    let m = index(later);
    assert_eq!(get(&form, &format!("outcome_{m}")), "missed");
    assert_eq!(get(&form, &format!("note_{m}")), "Person in hospital");
    assert!(
        !form
            .iter()
            .any(|(k, v)| k.starts_with("visit_") && *v == ended.to_string())
    );
    assert!(
        app.store.visit_records(id).await.unwrap().is_empty(),
        "nothing saved yet"
    );
}
