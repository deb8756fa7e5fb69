//! The governance log contract: entries appended with their audit line, listed by filter and
//! service scope, corrections found; UPDATE and DELETE refused by the database itself.

use jiff::Timestamp;
use jiff::civil::date;
use lantern_core::EntityKind;
use lantern_core::demo::{DemoParams, generate};
use lantern_core::govern::governance_log::{Filter, GovKind, ServiceFilter};
use lantern_store::{Actor, ListQuery, NewGovEntry, Store};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub async fn the_governance_log_appends_and_refuses_change_in_the_database_itself(store: &Store) {
    let demo = generate(&DemoParams::default(), date(2026, 11, 24));
    store
        .seed_demo(&demo, &[], &Actor::system("lantern demo"), at("2026-11-24T06:00:00Z"))
        .await
        .unwrap();
    let services = store
        .list(EntityKind::Service, &ListQuery::default())
        .await
        .unwrap()
        .items;
    let (a, b) = (services[0].id, services[1].id);
    let actor = Actor {
        user_id: None,
        label: "Jo Patel".into(),
    };
    let entry = |service_id, title| NewGovEntry {
        occurred_on: date(2026, 11, 20),
        kind: GovKind::Decision,
        service_id,
        title,
        body: "",
        about: None,
        corrects_id: None,
    };
    let first = store
        .append_governance_entry(&entry(Some(a), "Keep a spare"), &actor, at("2026-11-24T09:00:00Z"))
        .await
        .unwrap();
    let other = store
        .append_governance_entry(&entry(Some(b), "Other service"), &actor, at("2026-11-24T09:01:00Z"))
        .await
        .unwrap();
    let correction = NewGovEntry {
        corrects_id: Some(first),
        ..entry(Some(a), "Keep two spares")
    };
    let fixed = store
        .append_governance_entry(&correction, &actor, at("2026-11-24T09:02:00Z"))
        .await
        .unwrap();
    let audit = store.audit_entries(3).await.unwrap();
    assert!(
        audit[0]
            .detail
            .contains(&format!("Corrected governance log entry {first}")),
        "{audit:?}"
    );
    assert_eq!(audit[0].record_id, Some(fixed));

    let only_a = [a];
    let seen = store
        .governance_entries(&Filter::default(), Some(&only_a))
        .await
        .unwrap();
    assert!(seen.iter().all(|e| e.service_id.is_none_or(|s| s == a)));
    assert!(
        seen.iter().any(|e| e.service_id.is_none()),
        "organisation-wide entries are seen"
    );
    assert!(!seen.iter().any(|e| e.id == other));
    let decisions = Filter {
        service: ServiceFilter::Service(a),
        kind: Some(GovKind::Decision),
        from: Some(date(2026, 11, 20)),
        to: Some(date(2026, 11, 20)),
    };
    let ids: Vec<i64> = store
        .governance_entries(&decisions, None)
        .await
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids, vec![fixed, first]);
    let corrections = store.governance_corrections(first).await.unwrap();
    assert_eq!(corrections.len(), 1);
    assert_eq!(corrections[0].title, "Keep two spares");

    for sql in [
        "UPDATE governance_log SET title = 'changed'",
        "DELETE FROM governance_log",
    ] {
        let r = store.execute_unchecked_for_tests(sql).await;
        assert!(r.is_err(), "{sql} must be refused");
    }
    assert_eq!(store.governance_entry(first).await.unwrap().title, "Keep a spare");
}
