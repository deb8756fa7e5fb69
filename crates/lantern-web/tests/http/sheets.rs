//! Helpers for the paper-sheet tests: a sheet form read the way a browser would send it, a
//! register entered before a disruption, and the disruption itself.

use crate::helpers::*;
use jiff::Timestamp;
use jiff::tz::AmbiguousOffset;
use lantern_core::{EntityKind, Input, InputVal, Record};
use lantern_store::Actor;
use serde_json::json;

/// Reverses HTML escaping: named and numeric character references.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').unwrap();
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ if entity.starts_with("#x") => char::from_u32(u32::from_str_radix(&entity[2..], 16).unwrap()).unwrap(),
            _ => char::from_u32(entity[1..].parse().unwrap()).unwrap(),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    Some(unescape(tag[start..].split('"').next()?))
}

/// What a browser would send for the sheet form as shown: each input's value, each select's
/// chosen option (or its first), each textarea's text, in page order. Buttons are not sent.
pub fn form_fields(html: &str) -> Vec<(String, String)> {
    let start = html.find("class=\"record-form sheet-form\"").expect("a sheet form");
    let form = &html[start..start + html[start..].find("</form>").unwrap()];
    let mut out = Vec::new();
    let mut rest = form;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..end];
        if tag.starts_with("<input ") {
            if let Some(name) = attr(tag, "name") {
                out.push((name, attr(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("<select ") {
            let close = rest.find("</select>").unwrap();
            let options: Vec<&str> = rest[..close].split("<option ").skip(1).collect();
            let chosen = options
                .iter()
                .find(|o| o[..o.find('>').unwrap()].contains(" selected"))
                .or(options.first())
                .and_then(|o| attr(&format!(" {o}"), "value"))
                .unwrap_or_default();
            out.push((attr(tag, "name").unwrap(), chosen));
            rest = &rest[close..];
            continue;
        } else if tag.starts_with("<textarea ") {
            let close = rest.find("</textarea>").unwrap();
            out.push((attr(tag, "name").unwrap(), unescape(&rest[end + 1..close])));
            rest = &rest[close..];
            continue;
        }
        rest = &rest[end..];
    }
    out
}

/// Sets `name` in a form to `value`, adding it if absent.
pub fn set(form: &mut Vec<(String, String)>, name: &str, value: &str) {
    match form.iter_mut().find(|(k, _)| k == name) {
        Some(kv) => kv.1 = value.to_string(),
        None => form.push((name.to_string(), value.to_string())),
    }
}

pub fn get<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// Every `href="{prefix}…"` in a page.
pub fn links(html: &str, prefix: &str) -> Vec<String> {
    html.match_indices(&format!("href=\"{prefix}"))
        .map(|(i, _)| html[i + 6..].split('"').next().unwrap().to_string())
        .collect()
}

/// London wall-clock `HH:MM` as a coordinator types it from the sheet: with BST or GMT in the
/// hour the autumn change repeats.
pub fn typed(t: Timestamp) -> String {
    let tz = lantern_core::schedule::london();
    let z = t.to_zoned_datetime(tz.clone());
    let hhmm = z.strftime("%H:%M").to_string();
    match tz.to_ambiguous_timestamp(z.datetime()).offset() {
        AmbiguousOffset::Fold { .. } if z.offset() == jiff::tz::Offset::UTC => format!("{hhmm} GMT"),
        AmbiguousOffset::Fold { .. } => format!("{hhmm} BST"),
        _ => hhmm,
    }
}

pub fn record(kind: EntityKind, pairs: &[(&str, &str)]) -> Record {
    let input: Input = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), InputVal::One(v.to_string())))
        .collect();
    Record::parse(kind, &input).unwrap()
}

/// Puts records into the register at `at` (before the disruption they are read for).
pub async fn entered(app: &TestApp, at: &str, kind: EntityKind, pairs: &[(&str, &str)]) -> i64 {
    let at: Timestamp = at.parse().unwrap();
    app.store
        .insert(&record(kind, pairs), &Actor::system("test"), at)
        .await
        .unwrap()
}

pub async fn service_of(app: &TestApp, kind: EntityKind, service_type: &str) -> i64 {
    let id = app.first_in(kind, service_type).await;
    app.store.get(kind, id).await.unwrap().service_id.unwrap()
}

/// A disruption of `services` from `start` to `end` (London wall clock), declared and closed;
/// the clock moves on past `end` if it has to.
pub async fn disruption(app: &TestApp, services: &[i64], start: &str, end: &str) -> i64 {
    let restored = lantern_core::schedule::parse_moment(end).unwrap();
    {
        let mut now = app.clock.lock().unwrap();
        if *now < restored {
            *now = restored + jiff::SignedDuration::from_mins(5);
        }
    }
    let token = app.token(ADMIN).await;
    let c = app.client();
    let res = c
        .post(app.url("/api/v1/disruptions"))
        .bearer_auth(&token)
        .json(
            &json!({"kind": "power", "services": services, "started_at": start, "coordinator": "Priya Shah",
                      "safe_care": "not_threatened"}),
        )
        .send()
        .await
        .unwrap();
    let id = res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = c
        .post(app.url(&format!("/api/v1/disruptions/{id}/close")))
        .bearer_auth(&token)
        .json(&json!({ "restored_at": end }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    id
}

pub async fn page(web: &reqwest::Client, app: &TestApp, path: &str) -> String {
    web.get(app.url(path)).send().await.unwrap().text().await.unwrap()
}

/// The due instant of MAR row `i` (from its hidden row key).
pub fn due_of(form: &[(String, String)], i: usize) -> Timestamp {
    get(form, &format!("slot_{i}"))
        .split('|')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap()
}

/// How many rows of a kind the form has: `slot_`, `xmed_`, `visit_`.
pub fn count(form: &[(String, String)], prefix: &str) -> usize {
    form.iter().filter(|(k, _)| k.starts_with(prefix)).count()
}
