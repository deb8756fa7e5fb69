//! The packs of the demo organisation, fingerprinted: a change to how the builder reads the
//! register must not change a line of any pack (the fingerprint is over the whole content).

use super::{PackInput, PackPolicy, Rec, build, fingerprint};
use crate::demo::{DemoParams, generate};
use crate::entity::EntityKind;
use jiff::civil::Date;

/// Demo records with their local ids (the 1-based position among their kind), as seeded.
fn register(today: Date) -> (String, Vec<(EntityKind, Rec)>) {
    let org = generate(&DemoParams::default(), today);
    let mut counts = std::collections::BTreeMap::new();
    let recs = org
        .records
        .into_iter()
        .map(|(kind, record)| {
            let n = counts.entry(kind).or_insert(0);
            *n += 1;
            (
                kind,
                Rec {
                    id: *n,
                    version: 1,
                    record,
                },
            )
        })
        .collect();
    (org.organisation, recs)
}

/// The input of every demo service's pack for `day`, as the app loads it.
pub(super) fn demo_inputs(day: Date) -> Vec<PackInput> {
    let (organisation, recs) = register(day);
    let all = |kind: EntityKind| -> Vec<Rec> {
        recs.iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, r)| r.clone())
            .collect()
    };
    all(EntityKind::Service)
        .into_iter()
        .map(|service| {
            let people: Vec<Rec> = all(EntityKind::Person)
                .into_iter()
                .filter(|p| p.record.int("service_id") == Some(service.id))
                .collect();
            let theirs = |kind| -> Vec<Rec> {
                all(kind)
                    .into_iter()
                    .filter(|r| people.iter().any(|p| r.record.int("person_id") == Some(p.id)))
                    .collect()
            };
            PackInput {
                organisation: organisation.clone(),
                contacts: theirs(EntityKind::Contact),
                medicines: theirs(EntityKind::Medicine),
                visits: all(EntityKind::Visit)
                    .into_iter()
                    .filter(|v| v.record.int("service_id") == Some(service.id))
                    .collect(),
                people,
                service,
                staff: all(EntityKind::Staff),
                practices: all(EntityKind::Practice),
                systems: all(EntityKind::System),
                suppliers: all(EntityKind::Supplier),
                day,
                policy: PackPolicy::default(),
            }
        })
        .collect()
}

#[test]
fn the_demo_packs_are_the_same_line_for_line() {
    // A week across the spring clock change (29 March 2026).
    let prints: Vec<String> = demo_inputs(Date::constant(2026, 3, 25))
        .iter()
        .map(|input| {
            let (content, sources) = build(input);
            format!(
                "{} {} {}",
                content.service.name,
                sources.len(),
                &fingerprint(&content)[..16]
            )
        })
        .collect();
    // Taken from the builder before it read typed records (commit 35a52ba).
    let expected = [
        "Riverside Supported Living — Alder House 59 61e1533aa9a0de2e",
        "Riverside Supported Living — Birch Court 50 49e0867ce80c1037",
        "Riverside Supported Living — Cedar Lodge 58 2a62a16df80c7d68",
        "Riverside Supported Living — Damson Mews 55 b199e42e5f97643e",
        "Riverside Home Care — Northgate branch 636 283d56c09b4a3e4f",
        "Riverside House 521 34e9e0534b20a3af",
    ];
    assert_eq!(prints, expected);
}

#[test]
fn a_record_that_does_not_read_is_named_by_try_build_and_left_out_by_build() {
    let mut input = demo_inputs(Date::constant(2026, 3, 25)).swap_remove(0);
    let (whole, _) = build(&input);
    let prn = input
        .medicines
        .iter_mut()
        .find(|m| m.record.flag("prn"))
        .expect("the first service has a PRN medicine");
    let id = prn.id;
    prn.record.set(
        "times",
        crate::field::Val::Times(vec![crate::values::DoseTime::parse("08:00").unwrap()]),
    );
    let e = super::try_build(&input).unwrap_err();
    assert_eq!(e.field(), Some("times"));
    assert!(
        e.to_string().starts_with(&format!("Medicine #{id}: Dose times:")),
        "{e}"
    );
    let (less, sources) = build(&input);
    let prn_rows = |c: &super::PackContent| c.mar.iter().map(|m| m.prn.len()).sum::<usize>();
    assert_eq!(prn_rows(&less) + 1, prn_rows(&whole));
    assert!(!sources.iter().any(|s| s.kind == EntityKind::Medicine && s.id == id));
}
