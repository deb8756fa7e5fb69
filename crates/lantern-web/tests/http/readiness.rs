//! Readiness per service (issue [11], point 5) over HTTP: eight lights with why and the page
//! that fixes each; a past date reads as it was kept then, whatever changed since; fixing a
//! cause from the page its light links to turns it green; a branch manager reaches only their
//! branch's readiness, by page and API; bad dates are refused, named.

use crate::helpers::*;
use lantern_core::EntityKind;
use reqwest::Method;
use serde_json::{Value, json};

fn light<'a>(r: &'a Value, aspect: &str) -> &'a Value {
    r["lights"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["aspect"] == aspect)
        .unwrap_or_else(|| panic!("no {aspect} light in {r}"))
}

#[tokio::test]
async fn readiness_on_a_past_date_is_what_it_was_then_and_today_moves_on() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let branch = app.first_in(EntityKind::Service, "home_care").await;
    let then = app.get_json(&token, &format!("/api/v1/readiness/{branch}")).await;
    assert_eq!(then["day"], "2026-11-24");
    assert_eq!(then["lights"].as_array().unwrap().len(), 8, "{then}");
    let contacts = light(&then, "contacts");
    assert_ne!(
        contacts["light"], "green",
        "nobody has checked the contacts yet: {contacts}"
    );
    assert_eq!(contacts["fix_url"], format!("/packs/{branch}"));

    // The next day the coordinator checks the printed pack and its contact sheet.
    app.advance_minutes(24 * 60);
    let (code, c) = app
        .api(
            &token,
            Method::POST,
            &format!("/api/v1/packs/{branch}/checks"),
            Some(json!({"problems": "", "contacts_verified": true})),
        )
        .await;
    assert_eq!(code, 201, "{c}");
    assert_eq!(c["contacts_verified"], true);
    app.advance_minutes(24 * 60);

    let now = app.get_json(&token, &format!("/api/v1/readiness/{branch}")).await;
    assert_eq!(now["day"], "2026-11-26");
    assert_eq!(light(&now, "contacts")["light"], "green", "{now}");
    assert!(light(&now, "contacts")["why"].as_str().unwrap().contains("25 Nov 2026"));

    let past = app
        .get_json(&token, &format!("/api/v1/readiness/{branch}?on=2026-11-24"))
        .await;
    assert_eq!(
        past["lights"], then["lights"],
        "the 24th reads as it was worked out that day"
    );
    assert_eq!(
        (past["light"].clone(), past["recorded_at"].clone()),
        (then["light"].clone(), then["recorded_at"].clone())
    );
    assert_eq!(past["kept_on"], Value::Null);

    // The 25th kept nothing (nobody looked and no server ticked): it reads as the 24th, said so.
    let gap = app
        .get_json(&token, &format!("/api/v1/readiness/{branch}?on=2026-11-25"))
        .await;
    assert_eq!(
        (gap["kept_on"].as_str(), &gap["lights"]),
        (Some("2026-11-24"), &then["lights"])
    );
    let before = app
        .get_json(&token, &format!("/api/v1/readiness/{branch}?on=2026-11-01"))
        .await;
    assert_eq!(
        (before["light"].clone(), before["lights"].clone()),
        (Value::Null, json!([]))
    );

    let trend = app
        .get_json(
            &token,
            &format!("/api/v1/readiness/{branch}/history?from=2026-11-01&to=2026-11-30"),
        )
        .await;
    let days: Vec<&str> = trend["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["day"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2026-11-24", "2026-11-26"]);

    // The page says it is a past day, and shows that day's sentences.
    let (client, _) = app.signed_in(ADMIN).await;
    let page = page_text(&client, app.url(&format!("/readiness/{branch}?on=2026-11-24"))).await;
    assert!(page.contains("Tuesday 24 November 2026"), "{page}");
    let why = contacts["why"].as_str().unwrap();
    assert!(
        page.contains(&why.replace('\'', "&#x27;")) || page.contains(why),
        "{why}"
    );
}

#[tokio::test]
async fn each_light_links_to_the_page_that_fixes_it_and_fixing_it_there_turns_it_green() {
    let app = spawn_app().await;
    let (client, csrf) = app.signed_in(ADMIN).await;
    let token = app.token(ADMIN).await;
    let branch = app.first_in(EntityKind::Service, "home_care").await;
    let r = app.get_json(&token, &format!("/api/v1/readiness/{branch}")).await;
    for l in r["lights"].as_array().unwrap() {
        let url = l["fix_url"].as_str().unwrap();
        let res = client.get(app.url(url)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{} links to {url}", l["aspect"]);
    }
    // An overdue action turns the actions light red and links to it.
    let q = lantern_store::ListQuery {
        limit: 10_000,
        ..Default::default()
    };
    let staff = app.store.list(EntityKind::Staff, &q).await.unwrap().items;
    let owner = staff
        .iter()
        .find(|s| s.record.refs("services").contains(&branch))
        .unwrap()
        .id;
    let (code, a) = app
        .api(
            &token,
            Method::POST,
            "/api/v1/actions",
            Some(
                json!({"name": "Replace the on-call phone", "service_id": branch, "owner_id": owner,
                "due_date": "2026-11-20", "status": "open"}),
            ),
        )
        .await;
    assert_eq!(code, 201, "{a}");
    let action = a["id"].as_i64().unwrap();
    let r = app.get_json(&token, &format!("/api/v1/readiness/{branch}")).await;
    let actions = light(&r, "actions");
    assert_eq!(
        (actions["light"].as_str(), actions["fix_url"].as_str()),
        (Some("red"), Some(format!("/actions/{action}").as_str()))
    );
    assert_eq!(r["light"], "red");
    assert!(
        actions["why"]
            .as_str()
            .unwrap()
            .contains("Replace the on-call phone (due 20 Nov 2026)")
    );

    // The pack page's check, with the contact sheet ticked: the contacts light turns green.
    let res = post_form(
        &client,
        app.url(&format!("/packs/{branch}/check")),
        &[("csrf", &csrf), ("problems", ""), ("contacts_verified", "yes")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let page = page_text(&client, app.url(&format!("/readiness/{branch}"))).await;
    assert!(
        page.contains("Checked against the care records on 24 Nov 2026 by"),
        "{page}"
    );
    let home = page_text(&client, app.url("/")).await;
    assert!(
        home.contains(&format!("href=\"/readiness/{branch}\"")),
        "the home page rolls readiness up"
    );
}

#[tokio::test]
async fn a_branch_manager_reaches_only_their_branch_s_readiness() {
    let app = spawn_app().await;
    let token = app.token(BRANCH_MANAGER).await;
    let branch = app.first_in(EntityKind::Service, "home_care").await;
    let other = app.first_in(EntityKind::Service, "residential").await;
    let all = app.get_json(&token, "/api/v1/readiness").await;
    let ids: Vec<i64> = all["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [branch]);
    for path in [
        format!("/api/v1/readiness/{other}"),
        format!("/api/v1/readiness/{other}?on=2026-11-20"),
        format!("/api/v1/readiness/{other}/history"),
    ] {
        let (code, _) = app.api(&token, Method::GET, &path, None).await;
        assert_eq!(code, 404, "{path}");
    }
    let (client, _) = app.signed_in(BRANCH_MANAGER).await;
    let res = client
        .get(app.url(&format!("/readiness/{other}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let overview = page_text(&client, app.url("/readiness")).await;
    let other_name = app.store.get(EntityKind::Service, other).await.unwrap().record.title();
    assert!(
        !overview.contains(&other_name),
        "another service's name on the overview"
    );
}

#[tokio::test]
async fn a_day_that_does_not_read_or_is_to_come_is_refused_and_named() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let branch = app.first_in(EntityKind::Service, "home_care").await;
    for path in [
        "/api/v1/readiness?on=24/11/2026".to_string(),
        format!("/api/v1/readiness/{branch}?on=2026-11-25"),
        format!("/api/v1/readiness/{branch}/history?from=2026-11-20&to=2026-11-01"),
        format!("/api/v1/readiness/{branch}/history?from=2020-01-01&to=2026-11-01"),
        format!("/api/v1/readiness/{branch}/history?to=%0D%0Ax"),
    ] {
        let (code, e) = app.api(&token, Method::GET, &path, None).await;
        assert_eq!(code, 422, "{path}: {e}");
        assert!(e["fields"].as_object().is_some_and(|f| !f.is_empty()), "{path}: {e}");
    }
    let (client, _) = app.signed_in(ADMIN).await;
    let res = client.get(app.url("/readiness?on=tomorrow")).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("must be a date"));
}
