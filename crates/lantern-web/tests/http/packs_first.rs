//! Packs from the first minute: a new service has its pack as it is saved, care staff build
//! their service's pack when it has no current one (and never another service's), and the
//! packs list says when each printed pack was last checked and when its next check is due.
//! (The demo's and `lantern init`'s packs: crates/lantern-cli/tests/packs.rs.)

use crate::helpers::*;
use lantern_app::packs;
use lantern_core::user::{Role, ServiceAccess};
use lantern_core::{EntityKind, InputVal, Record};
use lantern_store::{Actor, ListQuery, NewUser};
use serde_json::{Value, json};

async fn service_of_type(app: &TestApp, service_type: &str) -> i64 {
    let q = ListQuery {
        limit: 100,
        ..Default::default()
    };
    let all = app.store.list(EntityKind::Service, &q).await.unwrap();
    all.items
        .iter()
        .find(|s| s.record.text("service_type") == service_type)
        .unwrap()
        .id
}

fn now(app: &TestApp) -> jiff::Timestamp {
    *app.clock.lock().unwrap()
}

/// Whether the service has a pack and it is up to date.
async fn current(app: &TestApp, service: i64) -> bool {
    let policy = packs::policy(&app.store).await.unwrap();
    let (latest, fresh) = packs::freshness(&app.store, service, &policy, now(app)).await.unwrap();
    latest.is_some() && fresh.fresh
}

/// The packs list's row for a service, as text.
fn row_of(page: &str, service: i64) -> &str {
    let start = page.find(&format!("href=\"/packs/{service}\"")).unwrap();
    let end = page[start..].find("</tr>").unwrap();
    &page[start..start + end]
}

#[tokio::test]
async fn a_service_added_from_a_page_or_the_api_has_its_pack_at_once() {
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
    assert_eq!(res.status(), 201);
    let by_api = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert!(
        current(&app, by_api).await,
        "the new service's pack was built as it was saved"
    );

    let (admin, csrf) = app.signed_in(ADMIN).await;
    let fields = [
        ("csrf", csrf.as_str()),
        ("name", "Hazel Row"),
        ("service_type", "supported_living"),
        ("address", "2 Hazel Row"),
        ("manager_name", "Ana Lima"),
        ("on_call_phone", "0113 496 0456"),
    ];
    let res = post_form(&admin, app.url("/services"), &fields).await;
    assert_eq!(res.status(), 303);
    let by_page: i64 = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/services/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(current(&app, by_page).await);
    let list = page_text(&admin, app.url("/packs")).await;
    for id in [by_api, by_page] {
        let row = row_of(&list, id);
        assert!(row.contains("Up to date") && row.contains("v1"), "{row}");
    }
    // The services of the demo (seeded without packs here) still have none: only new ones.
    let branch = service_of_type(&app, "home_care").await;
    assert!(app.store.latest_pack(branch).await.unwrap().is_none());
}

#[tokio::test]
async fn care_staff_build_their_service_s_pack_when_it_has_no_current_one_and_never_another_s() {
    let app = spawn_app().await;
    let own = service_of_type(&app, "supported_living").await;
    let branch = service_of_type(&app, "home_care").await;
    let user = NewUser {
        email: "shift.leader@test.example".into(),
        name: "Shift Leader".into(),
        role: Role::Staff,
        access: ServiceAccess::Only(vec![own]),
        password_hash: lantern_web::hash_password(PASSWORD).unwrap(),
    };
    app.store.create_user(&user, now(&app)).await.unwrap();
    let (staff, csrf) = app.signed_in("shift.leader@test.example").await;
    let build = |service: i64| app.url(&format!("/packs/{service}/build"));

    // No pack yet: the shift leader is offered the build and may make it.
    let page = page_text(&staff, app.url(&format!("/packs/{own}"))).await;
    assert!(page.contains("Build pack"), "{page}");
    let res = post_form(&staff, build(own), &[("csrf", csrf.as_str())]).await;
    assert_eq!(res.status(), 303);
    assert!(current(&app, own).await);
    let built = app.store.latest_pack(own).await.unwrap().unwrap();
    assert_eq!((built.version, built.built_by.as_str()), (1, "Shift Leader"));

    // Current: nothing for them to build, and no button.
    let page = page_text(&staff, app.url(&format!("/packs/{own}"))).await;
    assert!(!page.contains("Build pack"), "{page}");
    let res = post_form(&staff, build(own), &[("csrf", csrf.as_str())]).await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("This pack is up to date"));
    assert_eq!(
        app.store.packs(own).await.unwrap().len(),
        1,
        "no version built for nothing"
    );

    // Stale after a change: they may build again.
    let person = app
        .store
        .list(
            EntityKind::Person,
            &ListQuery {
                service: Some(own),
                limit: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .items
        .remove(0);
    let mut input = person.record.to_input();
    input.insert("preferred_name".into(), InputVal::One("Bea".into()));
    let record = Record::parse(EntityKind::Person, &input).unwrap();
    app.advance_minutes(5);
    app.store
        .update(person.id, &record, None, &Actor::system("test"), now(&app))
        .await
        .unwrap();
    assert!(!current(&app, own).await, "stale");
    let res = post_form(&staff, build(own), &[("csrf", csrf.as_str())]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.store.packs(own).await.unwrap().len(), 2);

    // Another service's pack, current or not, "does not exist" for them.
    let res = post_form(&staff, build(branch), &[("csrf", csrf.as_str())]).await;
    assert_eq!(res.status(), 404);
    assert!(
        app.store.packs(branch).await.unwrap().is_empty(),
        "nothing built for the branch"
    );

    // A read-only user never builds, even when there is no pack.
    let (viewer, vcsrf) = app.signed_in(VIEWER).await;
    let other = service_of_type(&app, "residential").await;
    let res = post_form(&viewer, build(other), &[("csrf", vcsrf.as_str())]).await;
    assert_eq!(res.status(), 403);
    assert!(app.store.packs(other).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_packs_list_says_when_each_pack_was_last_checked_and_when_the_next_check_is_due() {
    let app = spawn_app().await;
    let own = service_of_type(&app, "supported_living").await;
    let branch = service_of_type(&app, "home_care").await;
    let day = jiff::civil::date(2026, 11, 24);
    // Built at 09:00 UTC on 24 Nov 2026 (09:00 in London: GMT).
    packs::build(&app.store, own, day, &Actor::system("test"), now(&app))
        .await
        .unwrap();
    let (admin, _) = app.signed_in(ADMIN).await;
    let list = page_text(&admin, app.url("/packs")).await;
    assert!(list.contains("Last checked") && list.contains("Next check due"));
    let row = row_of(&list, own);
    assert!(row.contains("Not checked yet"), "{row}");
    assert!(row.contains("Fri 25 Dec 2026"), "31 days after the build: {row}");
    assert!(row_of(&list, branch).contains("After the first build"));

    // A check of the printed pack on 3 Dec at 14:30 London time moves the next to 3 Jan.
    *app.clock.lock().unwrap() = "2026-12-03T14:30:00Z".parse().unwrap();
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let res = post_form(
        &admin,
        app.url(&format!("/packs/{own}/check")),
        &[("csrf", csrf.as_str()), ("problems", "")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let list = page_text(&admin, app.url("/packs")).await;
    let row = row_of(&list, own);
    assert!(row.contains("3 Dec 2026, 14:30 by admin@test.example"), "{row}");
    assert!(row.contains("Sun 3 Jan 2027") && !row.contains("overdue"), "{row}");

    // A month and more later, the check is overdue, and the list says so.
    *app.clock.lock().unwrap() = "2027-01-04T09:00:00Z".parse().unwrap();
    let (admin, _) = app.signed_in(ADMIN).await;
    let list = page_text(&admin, app.url("/packs")).await;
    assert!(row_of(&list, own).contains("overdue"), "{}", row_of(&list, own));
}
