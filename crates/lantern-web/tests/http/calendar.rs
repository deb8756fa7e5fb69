//! The assurance calendar over HTTP: "last done" comes from the records (a pack check, a held
//! drill move their duties), a branch manager meets no care-home duty by page, API or feed,
//! the private feed parses back into the page's duties and a revoked address answers 404, a
//! supplier's awkward name survives the feed, and who may name someone responsible.

use crate::helpers::*;
use lantern_core::EntityKind;
use reqwest::Method;
use serde_json::{Value, json};

async fn service(app: &TestApp, service_type: &str) -> i64 {
    let q = lantern_store::ListQuery {
        limit: 100,
        ..Default::default()
    };
    app.store
        .list(EntityKind::Service, &q)
        .await
        .unwrap()
        .items
        .iter()
        .find(|s| s.record.text("service_type") == service_type)
        .unwrap()
        .id
}

async fn duties(app: &TestApp, token: &str) -> Vec<Value> {
    let answer = app.get_json(token, "/api/v1/calendar").await;
    answer["duties"].as_array().unwrap().clone()
}

fn duty<'a>(all: &'a [Value], key: &str) -> &'a Value {
    all.iter()
        .find(|d| d["key"] == key)
        .unwrap_or_else(|| panic!("no duty {key} in {all:#?}"))
}

fn today(app: &TestApp) -> jiff::civil::Date {
    app.clock
        .lock()
        .unwrap()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .date()
}

/// Text as askama writes it into a page.
fn esc(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('\'', "&#39;")
        .replace('"', "&#34;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
}

fn days(n: i64) -> i64 {
    n * 24 * 60
}

/// A minimal RFC 5545 reader: checks CRLF endings and the 75-octet fold, unfolds, and answers
/// the events as maps of property name (parameters dropped) to unescaped value.
/// An event's properties: name (parameters dropped) → unescaped value.
type Event = std::collections::BTreeMap<String, String>;

fn parse_ics(ics: &str) -> (Vec<(String, String)>, Vec<Event>) {
    assert!(ics.ends_with("\r\n"), "lines end in CRLF");
    let mut logical: Vec<String> = Vec::new();
    for l in ics.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(!l.contains('\r') && !l.contains('\n'), "a bare line break: {l:?}");
        assert!(l.len() <= 75, "a line of {} octets: {l:?}", l.len());
        match l.strip_prefix(' ') {
            Some(rest) => logical.last_mut().expect("a fold after a line").push_str(rest),
            None => logical.push(l.to_string()),
        }
    }
    let unescape = |v: &str| {
        let mut out = String::new();
        let mut chars = v.chars();
        while let Some(c) = chars.next() {
            match (c, c == '\\') {
                (_, true) => match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(o) => out.push(o),
                    None => {}
                },
                (c, false) => out.push(c),
            }
        }
        out
    };
    let mut header = Vec::new();
    let mut events = Vec::new();
    let mut current: Option<Event> = None;
    for l in &logical {
        let (name, value) = l.split_once(':').unwrap_or_else(|| panic!("no colon in {l:?}"));
        let name = name.split(';').next().unwrap().to_string();
        match (name.as_str(), value) {
            ("BEGIN", "VEVENT") => {
                assert!(current.is_none(), "an event inside an event");
                current = Some(Default::default());
            }
            ("END", "VEVENT") => events.push(current.take().expect("END without BEGIN")),
            _ => match current.as_mut() {
                Some(e) => {
                    e.insert(name, unescape(value));
                }
                None => header.push((name, unescape(value))),
            },
        }
    }
    assert!(current.is_none(), "an event left open");
    (header, events)
}

/// A feed address made through the API, as a path.
async fn feed_path(app: &TestApp, token: &str) -> String {
    let (status, answer) = app.api(token, Method::POST, "/api/v1/calendar/feed", None).await;
    assert_eq!(status, 201, "{answer}");
    let url = answer["url"].as_str().unwrap();
    assert!(url.starts_with("http://127.0.0.1") && url.ends_with(".ics"), "{url}");
    let path = url.split_once("://").unwrap().1;
    format!("/{}", path.split_once('/').unwrap().1)
}

/// The feed fetched with no cookie and no token: (status, content type, body).
async fn fetch_feed(app: &TestApp, path: &str) -> (u16, String, String) {
    let res = reqwest::Client::new().get(app.url(path)).send().await.unwrap();
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, res.text().await.unwrap())
}

#[tokio::test]
async fn recording_a_pack_check_moves_the_pack_check_duty() {
    let app = spawn_app().await;
    let admin = app.token(ADMIN).await;
    let branch = service(&app, "home_care").await;
    let key = format!("pack-check-{branch}");
    let before = duty(&duties(&app, &admin).await, &key).clone();
    assert_eq!(before["kind"], "pack-check");
    assert_eq!(before["service_id"], branch);

    app.advance_minutes(days(3));
    let (status, answer) = app
        .api(
            &admin,
            Method::POST,
            &format!("/api/v1/packs/{branch}/checks"),
            Some(json!({"problems": ""})),
        )
        .await;
    assert!((200..300).contains(&status), "{status} {answer}");
    let after = duty(&duties(&app, &admin).await, &key).clone();
    let day = today(&app);
    assert_eq!(after["last_done"]["on"], day.to_string(), "{after}");
    assert_eq!(after["last_done"]["href"], format!("/packs/{branch}#checks"));
    assert_eq!(
        after["next"],
        day.checked_add(jiff::Span::new().days(31)).unwrap().to_string()
    );
    assert_ne!(before["next"], after["next"], "the next date moved");
    assert_eq!(after["overdue"], false);

    // The page says the same.
    let (client, _) = app.signed_in(ADMIN).await;
    let page = page_text(&client, app.url("/calendar")).await;
    let row = page.split(&format!("id=\"duty-{key}\"")).nth(1).unwrap();
    let row = row.split("</tr>").next().unwrap();
    let shown = lantern_core::govern::calendar::show_date(day);
    assert!(row.contains(&shown) && row.contains("Checked by"), "{row}");
}

#[tokio::test]
async fn a_held_drill_moves_the_drill_duty() {
    let app = spawn_app().await;
    let admin = app.token(ADMIN).await;
    let home = service(&app, "residential").await;
    let key = format!("drill-{home}");
    let before = duty(&duties(&app, &admin).await, &key).clone();
    let scenario = app
        .store
        .list(EntityKind::DrillScenario, &Default::default())
        .await
        .unwrap()
        .items[0]
        .id;
    let day = today(&app);
    let (status, answer) = app
        .api(
            &admin,
            Method::POST,
            "/api/v1/drills",
            Some(
                json!({"name": "Calendar drill", "scenario_id": scenario, "drill_type": "tabletop",
                "status": "held", "date": day.to_string(), "service_id": home}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{answer}");
    let id = answer["id"].as_i64().unwrap();
    let after = duty(&duties(&app, &admin).await, &key).clone();
    assert_eq!(after["last_done"]["on"], day.to_string(), "{after}");
    assert_eq!(after["last_done"]["href"], format!("/drills/{id}"));
    assert_eq!(after["last_done"]["what"], "Calendar drill");
    assert_eq!(
        after["next"],
        day.checked_add(jiff::Span::new().months(6)).unwrap().to_string()
    );
    assert_eq!(after["overdue"], false);
    assert_ne!(before["last_done"], after["last_done"]);
}

#[tokio::test]
async fn a_branch_manager_meets_no_care_home_duty_by_page_api_or_feed() {
    let app = spawn_app().await;
    let branch = service(&app, "home_care").await;
    let home = service(&app, "residential").await;
    let home_name = app.store.get(EntityKind::Service, home).await.unwrap().record.title();
    let token = app.token(BRANCH_MANAGER).await;
    let all = duties(&app, &token).await;
    assert!(all.iter().any(|d| d["service_id"] == branch));
    assert!(
        all.iter().any(|d| d["key"] == "plan-review"),
        "the organisation's duties are everyone's"
    );
    assert!(
        all.iter()
            .all(|d| d["service_id"].is_null() || d["service_id"] == branch),
        "{all:#?}"
    );
    // Asking for the home by the filter is refused, not answered empty.
    let (status, _) = app
        .api(&token, Method::GET, &format!("/api/v1/calendar?service={home}"), None)
        .await;
    assert_eq!(status, 422);
    // Nor can they name someone for a duty of the home: it does not exist for them.
    let (status, _) = app
        .api(
            &token,
            Method::PUT,
            &format!("/api/v1/calendar/duties/pack-check-{home}/responsible"),
            Some(json!({"user_id": null})),
        )
        .await;
    assert_eq!(status, 404);

    let (client, _) = app.signed_in(BRANCH_MANAGER).await;
    let page = page_text(&client, app.url("/calendar")).await;
    assert!(page.contains(&format!("duty-pack-check-{branch}")));
    for leak in [
        format!("duty-pack-check-{home}\""),
        format!("duty-drill-{home}\""),
        esc(&home_name),
    ] {
        assert!(!page.contains(&leak), "the home leaked: {leak}");
    }

    let path = feed_path(&app, &token).await;
    let (status, _, ics) = fetch_feed(&app, &path).await;
    assert_eq!(status, 200);
    let (_, events) = parse_ics(&ics);
    assert_eq!(events.len(), all.len());
    assert!(!ics.contains(&home_name), "the home's name is in the feed");
    assert!(
        events
            .iter()
            .all(|e| !e["UID"].starts_with(&format!("pack-check-{home}@"))),
        "a duty of the home is in the feed"
    );
}

#[tokio::test]
async fn the_feed_parses_back_into_the_page_s_duties_and_a_revoked_address_answers_404() {
    let app = spawn_app().await;
    let admin = app.token(ADMIN).await;
    let path = feed_path(&app, &admin).await;
    let (status, kind, ics) = fetch_feed(&app, &path).await;
    assert_eq!(status, 200);
    assert_eq!(kind, "text/calendar; charset=utf-8");
    let (header, events) = parse_ics(&ics);
    let get = |k: &str| header.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("VERSION"), Some("2.0"));
    assert!(get("PRODID").is_some_and(|p| p.contains("Lantern")));
    assert_eq!(get("CALSCALE"), Some("GREGORIAN"));
    assert!(get("X-WR-CALNAME").is_some_and(|n| n.contains("Lantern")));

    let all = duties(&app, &admin).await;
    assert!(all.len() >= 6, "{all:#?}");
    assert_eq!(events.len(), all.len());
    for (d, e) in all.iter().zip(&events) {
        let key = d["key"].as_str().unwrap();
        assert!(e["UID"].starts_with(&format!("{key}@")), "{e:?} for {key}");
        assert_eq!(e["DTSTART"], d["next"].as_str().unwrap().replace('-', ""), "{key}");
        assert!(e["SUMMARY"].contains(d["kind_label"].as_str().unwrap()), "{e:?}");
        assert!(e["SUMMARY"].contains(d["subject"].as_str().unwrap()), "{e:?}");
        assert!(e["DTSTAMP"].ends_with('Z'));
        assert!(e["URL"].ends_with(d["act_href"].as_str().unwrap()));
        assert!(e["DESCRIPTION"].contains("Last done:") && e["DESCRIPTION"].contains("Responsible:"));
        if let Some(on) = d["last_done"]["on"].as_str() {
            let on: jiff::civil::Date = on.parse().unwrap();
            assert!(e["DESCRIPTION"].contains(&lantern_core::govern::calendar::show_date(on)));
        }
    }
    // The same duties fetched again keep their UIDs: a calendar updates them in place.
    let (_, _, again) = fetch_feed(&app, &path).await;
    let uids = |evs: &[Event]| -> Vec<String> { evs.iter().map(|e| e["UID"].clone()).collect() };
    assert_eq!(uids(&parse_ics(&again).1), uids(&events));

    // Making a new address revokes the old one; revoking the new one leaves nothing.
    let newer = feed_path(&app, &admin).await;
    assert_ne!(newer, path);
    assert_eq!(fetch_feed(&app, &path).await.0, 404);
    assert_eq!(fetch_feed(&app, &newer).await.0, 200);
    let (status, _) = app.api(&admin, Method::DELETE, "/api/v1/calendar/feed", None).await;
    assert_eq!(status, 204);
    assert_eq!(fetch_feed(&app, &newer).await.0, 404);
    assert_eq!(fetch_feed(&app, "/calendar/feed/not-a-token.ics").await.0, 404);
    assert_eq!(fetch_feed(&app, &newer.replace(".ics", "")).await.0, 404);

    // Made, made again and revoked: three audit lines, and none for the fetches.
    let audit = app.store.audit_entries(200).await.unwrap();
    let lines: Vec<&str> = audit
        .iter()
        .filter(|e| e.entity.as_deref() == Some(lantern_store::CALENDAR))
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    // The token is never in the database: only its hash.
    let token = newer.trim_start_matches("/calendar/feed/").trim_end_matches(".ics");
    assert!(audit.iter().all(|e| !e.detail.contains(token)));
}

#[tokio::test]
async fn the_feed_survives_a_supplier_name_with_commas_semicolons_and_a_carriage_return() {
    let app = spawn_app().await;
    let admin = app.token(ADMIN).await;
    let supplier = app
        .store
        .list(EntityKind::Supplier, &Default::default())
        .await
        .unwrap()
        .items[0]
        .clone();
    let name = "Acme, Care; Cloud \\ Ltd\rEND:VCALENDAR";
    let mut body = serde_json::Map::new();
    for f in supplier.record.spec().fields {
        if let Some(lantern_core::InputVal::One(v)) = supplier.record.get(f.name).to_input() {
            body.insert(f.name.into(), Value::String(v));
        }
    }
    body.insert("name".into(), Value::String(name.into()));
    body.insert("version".into(), json!(supplier.version));
    let (status, answer) = app
        .api(
            &admin,
            Method::PUT,
            &format!("/api/v1/suppliers/{}", supplier.id),
            Some(Value::Object(body)),
        )
        .await;
    assert_eq!(status, 200, "{answer}");

    let path = feed_path(&app, &admin).await;
    let (_, _, ics) = fetch_feed(&app, &path).await;
    assert_eq!(ics.matches("BEGIN:VCALENDAR").count(), 1);
    assert_eq!(
        ics.matches("\r\nEND:VCALENDAR\r\n").count(),
        1,
        "the name ended the calendar"
    );
    let (_, events) = parse_ics(&ics);
    assert_eq!(events.len(), duties(&app, &admin).await.len());
    let event = events
        .iter()
        .find(|e| e["UID"].starts_with(&format!("supplier-review-{}@", supplier.id)))
        .unwrap();
    // The carriage return reads back as a line break; the rest as typed.
    assert_eq!(
        event["SUMMARY"],
        format!("Supplier review: {}", name.replace('\r', "\n"))
    );
}

#[tokio::test]
async fn a_manager_names_who_is_responsible_and_a_carer_may_not() {
    let app = spawn_app().await;
    let branch = service(&app, "home_care").await;
    let key = format!("pack-check-{branch}");
    let manager = app.token(BRANCH_MANAGER).await;
    let coordinator = app.store.user_by_email(COORDINATOR).await.unwrap().unwrap();
    let viewer = app.store.user_by_email(VIEWER).await.unwrap().unwrap();

    // By default the branch's managers (and the administrators of every service).
    let d = duty(&duties(&app, &manager).await, &key).clone();
    assert_eq!(d["responsible_named"], false);
    let names: Vec<&str> = d["responsible"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&BRANCH_MANAGER) && names.contains(&ADMIN), "{names:?}");
    assert!(!names.contains(&COORDINATOR));

    let path = format!("/api/v1/calendar/duties/{key}/responsible");
    let (status, answer) = app
        .api(&manager, Method::PUT, &path, Some(json!({"user_id": coordinator.id})))
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["responsible_named"], true);
    assert_eq!(
        answer["responsible"],
        json!([{"user_id": coordinator.id, "name": COORDINATOR}])
    );
    let audit = app.store.audit_entries(50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.detail.contains(&format!("Named {COORDINATOR} responsible")) && e.service_id == Some(branch)),
        "audited"
    );

    // A read-only user cannot be named, and a carer cannot name anyone.
    let (status, answer) = app
        .api(&manager, Method::PUT, &path, Some(json!({"user_id": viewer.id})))
        .await;
    assert_eq!(status, 422, "{answer}");
    assert!(answer["fields"]["user_id"].is_string(), "{answer}");
    let carer = app.token(STAFF).await;
    let (status, _) = app
        .api(&carer, Method::PUT, &path, Some(json!({"user_id": null})))
        .await;
    assert_eq!(status, 403);
    // A branch manager does not name who reviews the organisation's plan.
    let (status, _) = app
        .api(
            &manager,
            Method::PUT,
            "/api/v1/calendar/duties/plan-review/responsible",
            Some(json!({"user_id": coordinator.id})),
        )
        .await;
    assert_eq!(status, 403);

    // By the page, as a carer: no form, and a forged post is refused.
    let (client, csrf) = app.signed_in(STAFF).await;
    let page = page_text(&client, app.url("/calendar")).await;
    assert!(!page.contains("Change who is responsible"));
    let res = post_form(
        &client,
        app.url(&format!("/calendar/duties/{key}/responsible")),
        &[("csrf", &csrf), ("user_id", "")],
    )
    .await;
    assert_eq!(res.status(), 403);
    let d = duty(&duties(&app, &manager).await, &key).clone();
    assert_eq!(d["responsible"][0]["user_id"], coordinator.id, "unchanged");

    // The manager puts it back to the default by the page.
    let (client, csrf) = app.signed_in(BRANCH_MANAGER).await;
    let page = page_text(&client, app.url("/calendar")).await;
    assert!(page.contains("Change who is responsible"));
    let res = post_form(
        &client,
        app.url(&format!("/calendar/duties/{key}/responsible")),
        &[("csrf", &csrf), ("user_id", "")],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        format!("/calendar?done=responsible#duty-{key}").as_str()
    );
    let d = duty(&duties(&app, &manager).await, &key).clone();
    assert_eq!(d["responsible_named"], false);
}

#[tokio::test]
async fn an_overdue_duty_is_on_the_home_page_of_who_is_responsible() {
    let app = spawn_app().await;
    let branch = service(&app, "home_care").await;
    let key = format!("pack-check-{branch}");
    // Checked today, and two months on the branch's printed pack check is overdue.
    let manager = app.token(BRANCH_MANAGER).await;
    let (status, _) = app
        .api(
            &manager,
            Method::POST,
            &format!("/api/v1/packs/{branch}/checks"),
            Some(json!({"problems": ""})),
        )
        .await;
    assert!((200..300).contains(&status));
    app.advance_minutes(days(62));
    let d = duty(&duties(&app, &manager).await, &key).clone();
    assert_eq!(d["overdue"], true, "{d}");
    let (client, _) = app.signed_in(BRANCH_MANAGER).await;
    let home = page_text(&client, app.url("/")).await;
    assert!(home.contains("printed downtime pack was due on"), "{home}");
    assert!(home.contains(&format!("href=\"/packs/{branch}\"")));
    // Named to the coordinator, it leaves the manager's home page and reaches theirs.
    let coordinator = app.store.user_by_email(COORDINATOR).await.unwrap().unwrap();
    let (status, _) = app
        .api(
            &manager,
            Method::PUT,
            &format!("/api/v1/calendar/duties/{key}/responsible"),
            Some(json!({"user_id": coordinator.id})),
        )
        .await;
    assert_eq!(status, 200);
    let home = page_text(&client, app.url("/")).await;
    let sentence = esc(&format!("{}'s printed downtime pack", d["subject"].as_str().unwrap()));
    assert!(!home.contains(&sentence));
    let (theirs, _) = app.signed_in(COORDINATOR).await;
    let home = page_text(&theirs, app.url("/")).await;
    assert!(home.contains(&sentence));
}
