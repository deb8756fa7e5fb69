//! Readiness kept per day: a day's row replaced by a later working-out that day, an earlier
//! day untouched; a day with nothing kept reads the latest day before it.

use jiff::Timestamp;
use jiff::civil::date;
use lantern_core::EntityKind;
use lantern_core::demo::{DemoParams, generate};
use lantern_core::govern::readiness::{Aspect, Fix, Lamp, Rag, Readiness};
use lantern_store::{Actor, ListQuery, Store};

fn readiness(light: Rag, why: &str) -> Readiness {
    Readiness {
        light,
        lamps: vec![Lamp {
            aspect: Aspect::Actions,
            light,
            why: why.into(),
            fix: Fix::Action(4),
        }],
    }
}

pub async fn readiness_is_kept_per_day_and_a_past_day_reads_as_it_was(store: &Store) {
    let demo = generate(&DemoParams::default(), date(2026, 11, 24));
    let at = |s: &str| -> Timestamp { s.parse().unwrap() };
    store
        .seed_demo(&demo, &[], &Actor::system("lantern demo"), at("2026-11-24T06:00:00Z"))
        .await
        .unwrap();
    let services = store
        .list(EntityKind::Service, &ListQuery::default())
        .await
        .unwrap()
        .items;
    let (s, other) = (services[0].id, services[1].id);
    let red = readiness(Rag::Red, "1 action is overdue");
    let green = readiness(Rag::Green, "No action is overdue.");
    store
        .keep_readiness(s, date(2026, 11, 20), at("2026-11-20T09:00:00Z"), &red)
        .await
        .unwrap();
    store
        .keep_readiness(s, date(2026, 11, 21), at("2026-11-21T09:00:00Z"), &red)
        .await
        .unwrap();
    // Later the same day: that day's row is replaced, the day before is not.
    store
        .keep_readiness(s, date(2026, 11, 21), at("2026-11-21T15:30:00Z"), &green)
        .await
        .unwrap();
    store
        .keep_readiness(other, date(2026, 11, 21), at("2026-11-21T15:30:00Z"), &red)
        .await
        .unwrap();

    let on_20 = store.readiness_on(s, date(2026, 11, 20)).await.unwrap().unwrap();
    assert_eq!(on_20.readiness, red);
    let on_21 = store.readiness_on(s, date(2026, 11, 21)).await.unwrap().unwrap();
    assert_eq!(
        (on_21.readiness.clone(), on_21.recorded_at),
        (green.clone(), at("2026-11-21T15:30:00Z"))
    );
    let on_23 = store.readiness_on(s, date(2026, 11, 23)).await.unwrap().unwrap();
    assert_eq!(
        on_23.day,
        date(2026, 11, 21),
        "a day with nothing kept reads the day before"
    );
    assert!(store.readiness_on(s, date(2026, 11, 19)).await.unwrap().is_none());
    let trend = store
        .readiness_between(s, date(2026, 11, 1), date(2026, 11, 30))
        .await
        .unwrap();
    assert_eq!(
        trend.iter().map(|d| (d.day, d.readiness.light)).collect::<Vec<_>>(),
        vec![(date(2026, 11, 20), Rag::Red), (date(2026, 11, 21), Rag::Green)],
        "one row per day, oldest first, this service only"
    );
}
