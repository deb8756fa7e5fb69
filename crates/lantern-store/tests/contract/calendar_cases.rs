//! The assurance calendar's tables: a named responsible person set, replaced and cleared with
//! an audit line each; a feed found by its token's hash only while live, a new feed revoking the
//! old, revoking leaving no live feed, and signing a user out everywhere revoking it too; the
//! latest check of each device.

use jiff::Timestamp;
use jiff::civil::date;
use lantern_core::EntityKind;
use lantern_core::user::{Role, ServiceAccess};
use lantern_store::{Actor, AuditEntry, CALENDAR, DeviceCheck, ListQuery, NewUser, Store};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

async fn user(store: &Store, email: &str) -> i64 {
    let u = NewUser {
        email: email.into(),
        name: email.into(),
        role: Role::Manager,
        access: ServiceAccess::All,
        password_hash: "x".into(),
    };
    store.create_user(&u, at("2026-11-24T08:00:00Z")).await.unwrap()
}

pub async fn calendar_responsible_people_and_feeds_are_kept_with_their_audit_lines(store: &Store) {
    let now = at("2026-11-24T09:00:00Z");
    store.create_organisation("Test care", &[], now).await.unwrap();
    let jo = user(store, "jo@example.org").await;
    let sam = user(store, "sam@example.org").await;
    let actor = Actor {
        user_id: Some(jo),
        label: "Jo Patel".into(),
    };
    let audited = |store: &Store| {
        let store = store.clone();
        async move {
            store
                .audit_entries(100)
                .await
                .unwrap()
                .into_iter()
                .filter(|e| e.entity.as_deref() == Some(CALENDAR))
                .count()
        }
    };

    assert!(store.calendar_responsible().await.unwrap().is_empty());
    store
        .set_calendar_responsible("pack-check-3", Some(jo), Some(3), &actor, now, "Named Jo".into())
        .await
        .unwrap();
    store
        .set_calendar_responsible("pack-check-3", Some(sam), Some(3), &actor, now, "Named Sam".into())
        .await
        .unwrap();
    store
        .set_calendar_responsible("plan-review", Some(jo), None, &actor, now, "Named Jo".into())
        .await
        .unwrap();
    let named = store.calendar_responsible().await.unwrap();
    assert_eq!(
        named.get("pack-check-3"),
        Some(&sam),
        "the second naming replaces the first"
    );
    assert_eq!(named.get("plan-review"), Some(&jo));
    store
        .set_calendar_responsible("pack-check-3", None, Some(3), &actor, now, "Back to default".into())
        .await
        .unwrap();
    assert_eq!(store.calendar_responsible().await.unwrap().len(), 1);
    assert_eq!(audited(store).await, 4);
    let last: AuditEntry = store.audit_entries(1).await.unwrap().remove(0);
    assert_eq!((last.detail.as_str(), last.service_id), ("Back to default", Some(3)));
    // Nobody can be named who does not exist.
    assert!(
        store
            .set_calendar_responsible("drill-3", Some(9_999), Some(3), &actor, now, "x".into())
            .await
            .is_err()
    );
    assert_eq!(audited(store).await, 4, "a refused naming leaves no audit line");

    assert!(store.calendar_feed(jo).await.unwrap().is_none());
    let first = store.create_calendar_feed(jo, "hash-one", &actor, now).await.unwrap();
    assert_eq!(store.calendar_feed(jo).await.unwrap().map(|f| f.id), Some(first));
    assert_eq!(
        store.user_by_calendar_feed("hash-one").await.unwrap().map(|u| u.id),
        Some(jo)
    );
    assert!(store.user_by_calendar_feed("hash-two").await.unwrap().is_none());
    let second = store
        .create_calendar_feed(jo, "hash-two", &actor, at("2026-11-24T10:00:00Z"))
        .await
        .unwrap();
    assert!(
        store.user_by_calendar_feed("hash-one").await.unwrap().is_none(),
        "the old feed is revoked"
    );
    assert_eq!(
        store.user_by_calendar_feed("hash-two").await.unwrap().map(|u| u.id),
        Some(jo)
    );
    let live = store.calendar_feed(jo).await.unwrap().unwrap();
    assert_eq!((live.id, live.created_at), (second, at("2026-11-24T10:00:00Z")));
    // Another user's feed is theirs alone.
    store.create_calendar_feed(sam, "hash-sam", &actor, now).await.unwrap();
    assert_eq!(store.revoke_calendar_feed(jo, &actor, now).await.unwrap(), 1);
    assert_eq!(store.revoke_calendar_feed(jo, &actor, now).await.unwrap(), 0);
    assert!(store.user_by_calendar_feed("hash-two").await.unwrap().is_none());
    assert!(store.calendar_feed(jo).await.unwrap().is_none());
    assert_eq!(
        store.user_by_calendar_feed("hash-sam").await.unwrap().map(|u| u.id),
        Some(sam)
    );
    // Made, made again, Sam's, revoked: four more lines; revoking nothing writes none.
    assert_eq!(audited(store).await, 8);
    // A token hash is unique: the same one twice is refused.
    assert!(store.create_calendar_feed(jo, "hash-sam", &actor, now).await.is_err());
    // Signing someone out everywhere revokes their feed too.
    store
        .revoke_access(sam, None, now, |_| {
            AuditEntry::new(now, None, "test", "revoke", "Signed Sam out")
        })
        .await
        .unwrap();
    assert!(store.user_by_calendar_feed("hash-sam").await.unwrap().is_none());
}

pub async fn the_latest_check_of_each_device_is_found(store: &Store) {
    let demo = lantern_core::demo::generate(&lantern_core::demo::DemoParams::default(), date(2026, 11, 24));
    store
        .seed_demo(&demo, &[], &Actor::system("lantern demo"), at("2026-11-24T06:00:00Z"))
        .await
        .unwrap();
    let devices = store
        .list(EntityKind::Device, &ListQuery::default())
        .await
        .unwrap()
        .items;
    let (a, b) = (devices[0].id, devices[1].id);
    let check = |device_id, on, kind: &str| DeviceCheck {
        id: 0,
        device_id,
        checked_on: on,
        check_type: kind.into(),
        result: "pass".into(),
        battery_health: (kind == "battery").then_some(80),
        note: String::new(),
        recorded_by: "Jo Patel".into(),
    };
    let actor = Actor::system("test");
    let now = at("2026-11-24T09:00:00Z");
    store
        .record_device_check(&check(a, date(2026, 11, 20), "test"), &actor, now)
        .await
        .unwrap();
    let newest = store
        .record_device_check(&check(a, date(2026, 11, 22), "battery"), &actor, now)
        .await
        .unwrap();
    // Recorded later but about an earlier day: not the latest.
    store
        .record_device_check(&check(a, date(2026, 11, 21), "test"), &actor, now)
        .await
        .unwrap();
    store
        .record_device_check(&check(b, date(2026, 11, 1), "test"), &actor, now)
        .await
        .unwrap();
    let latest = store.latest_device_checks().await.unwrap();
    let of_a = latest.iter().find(|c| c.device_id == a).unwrap();
    assert_eq!(
        (of_a.check_id, of_a.checked_on, of_a.check_type.as_str()),
        (newest, date(2026, 11, 22), "battery")
    );
    assert_eq!(latest.iter().filter(|c| c.device_id == a).count(), 1);
    assert!(
        latest
            .iter()
            .any(|c| c.device_id == b && c.checked_on == date(2026, 11, 1))
    );
}
