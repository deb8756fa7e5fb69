//! Tests of the organisation as a whole: its shape, validity, order and determinism.

use super::*;
use std::collections::BTreeMap;

pub(super) fn today() -> Date {
    Date::constant(2026, 3, 16)
}

pub(super) fn default_org() -> DemoOrg {
    generate(&DemoParams::default(), today())
}

pub(super) fn of(org: &DemoOrg, kind: EntityKind) -> Vec<&Record> {
    org.records.iter().filter(|(k, _)| *k == kind).map(|(_, r)| r).collect()
}

/// The local ids of the services of one type.
fn services_of(org: &DemoOrg, service_type: &str) -> Vec<i64> {
    of(org, EntityKind::Service)
        .iter()
        .enumerate()
        .filter(|(_, s)| s.text("service_type") == service_type)
        .map(|(i, _)| i as i64 + 1)
        .collect()
}

#[test]
fn the_default_shape_has_the_services_people_and_visits_described() {
    let org = default_org();
    assert_eq!(org.organisation, "Riverside Care Group");
    let [supported, home_care, residential] =
        ["supported_living", "home_care", "residential"].map(|t| services_of(&org, t));
    assert_eq!((supported.len(), home_care.len(), residential.len()), (4, 1, 1));
    let people = of(&org, EntityKind::Person);
    let in_services = |ids: &[i64]| {
        people
            .iter()
            .filter(|p| p.int("service_id").is_some_and(|s| ids.contains(&s)))
            .count()
    };
    assert_eq!(in_services(&supported), 24);
    assert_eq!(in_services(&home_care), 40);
    assert_eq!(in_services(&residential), 60);
    let units: Vec<&str> = people
        .iter()
        .map(|p| p.text("unit"))
        .filter(|u| !u.is_empty())
        .collect();
    assert_eq!(units.len(), 60);
    assert!(
        ["Ash", "Beech", "Cedar"]
            .iter()
            .all(|u| units.iter().filter(|x| *x == u).count() == 20)
    );

    let visits_today = of(&org, EntityKind::Visit)
        .into_iter()
        .filter(|v| v.date("date") == Some(today()))
        .count();
    assert!((200..=300).contains(&visits_today), "{visits_today} visits today");

    let carers = of(&org, EntityKind::Staff)
        .into_iter()
        .filter(|s| matches!(s.text("role"), "care_worker" | "senior_carer"))
        .filter(|s| s.refs("services") == home_care)
        .count();
    assert_eq!(carers, 12);
    let high = people.iter().filter(|p| p.text("risk_tier") == "high").count();
    assert!((20..=45).contains(&high), "{high} high-risk people");
}

#[test]
fn every_record_parses_and_none_is_skipped() {
    let b = build(&DemoParams::default(), today());
    assert!(b.failures.is_empty(), "{:#?}", &b.failures[..b.failures.len().min(5)]);
    assert_eq!(b.records.len(), b.attempted);
    let scaled = build(
        &DemoParams {
            scale: Some(Scale {
                services: 12,
                people_per_service: 25,
            }),
            seed: 9,
        },
        today(),
    );
    assert!(
        scaled.failures.is_empty(),
        "{:#?}",
        &scaled.failures[..scaled.failures.len().min(5)]
    );
}

#[test]
fn records_come_in_dependency_order_and_local_refs_are_in_range() {
    for params in [
        DemoParams::default(),
        DemoParams {
            scale: Some(Scale {
                services: 8,
                people_per_service: 10,
            }),
            seed: 3,
        },
    ] {
        let org = generate(&params, today());
        let mut seen: BTreeMap<EntityKind, i64> = BTreeMap::new();
        let mut last = 0;
        for (kind, record) in &org.records {
            let position = EntityKind::ALL.iter().position(|k| k == kind).unwrap_or(99);
            assert!(position >= last, "{kind:?} out of order");
            last = position;
            for (field, target) in record.spec().references() {
                for id in record.refs(field.name) {
                    let created = seen.get(&target).copied().unwrap_or(0);
                    assert!(
                        (1..=created).contains(&id),
                        "{kind:?}.{} = {id}, {created} {target:?} so far",
                        field.name
                    );
                }
            }
            *seen.entry(*kind).or_default() += 1;
        }
    }
}

#[test]
fn the_register_shows_a_gap_and_devices_needing_attention() {
    let org = default_org();
    let systems = of(&org, EntityKind::System);
    assert_eq!(systems.len(), 9);
    let gaps = systems
        .iter()
        .filter(|s| s.warnings().iter().any(|w| w.starts_with("Gap")))
        .count();
    assert_eq!(gaps, 1);
    let devices = of(&org, EntityKind::Device);
    for status in ["in_use", "spare", "faulty", "retired"] {
        assert!(devices.iter().any(|d| d.text("status") == status), "{status}");
    }
    assert!(
        devices
            .iter()
            .any(|d| d.int("battery_health").is_some_and(|b| b < 70) && d.text("status") == "in_use")
    );
    let tablets_on_units = devices
        .iter()
        .filter(|d| d.text("device_type") == "tablet" && !d.text("unit").is_empty())
        .count();
    // Ash keeps three (the seed's third story); Beech and Cedar three and a spare each.
    assert_eq!(tablets_on_units, 11);
    let ash: Vec<&str> = devices
        .iter()
        .filter(|d| d.text("unit") == "Ash" && d.text("device_type") == "tablet")
        .map(|d| d.text("status"))
        .collect();
    assert_eq!(ash, ["in_use", "faulty", "faulty"]);
    assert_eq!(of(&org, EntityKind::DevicePolicy).len(), 3, "a policy per unit");
    let still_out: Vec<_> = org.device_out.iter().filter(|o| o.back.is_none()).collect();
    assert_eq!(still_out.len(), 2, "Ash's two tablets, out since the weekend");
    assert!(
        org.device_checks.len() > 100,
        "a year of tests: {}",
        org.device_checks.len()
    );
    assert!(!org.risk_reviews.is_empty());
}

#[test]
fn the_same_parameters_give_the_same_organisation() {
    assert_eq!(default_org(), default_org());
    let other = generate(
        &DemoParams {
            seed: 7,
            ..DemoParams::default()
        },
        today(),
    );
    assert_ne!(default_org(), other);
    let scaled = DemoParams {
        scale: Some(Scale {
            services: 6,
            people_per_service: 8,
        }),
        seed: 1,
    };
    assert_eq!(generate(&scaled, today()), generate(&scaled, today()));
}

#[test]
fn a_scaled_organisation_has_the_people_asked_for() {
    let params = DemoParams {
        scale: Some(Scale {
            services: 10,
            people_per_service: 5,
        }),
        seed: 2026,
    };
    let org = generate(&params, today());
    assert_eq!(of(&org, EntityKind::Person).len(), 50);
    assert_eq!(services_of(&org, "nursing").len(), 2);
    let dates: Vec<Option<Date>> = of(&org, EntityKind::Visit).iter().map(|v| v.date("date")).collect();
    assert!(!dates.is_empty() && dates.iter().all(|d| *d == Some(today())));
}
