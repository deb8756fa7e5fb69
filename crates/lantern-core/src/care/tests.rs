//! Every demo record reads as its struct, agrees with the record it came from, and a record
//! that does not fit names its field.

use super::*;
use crate::demo::{DemoParams, generate};
use crate::entity::{EntityKind, Record};
use crate::field::{Input, InputVal, Val};
use jiff::civil::Date;

fn demo() -> Vec<(EntityKind, Record)> {
    generate(&DemoParams::default(), Date::constant(2026, 3, 16)).records
}

fn of(kind: EntityKind) -> Vec<Record> {
    demo().into_iter().filter(|(k, _)| *k == kind).map(|(_, r)| r).collect()
}

fn stored(kind: EntityKind, pairs: &[(&str, &str)]) -> Record {
    let input: Input = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), InputVal::One(v.to_string())))
        .collect();
    Record::parse_stored(kind, &input).unwrap()
}

#[test]
fn every_demo_person_and_contact_reads_as_its_struct() {
    let people = of(EntityKind::Person);
    assert!(people.len() > 20);
    for r in &people {
        let p = Person::parse(r).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.full_name, r.text("full_name"));
        assert_eq!(p.risk_tier.code(), r.text("risk_tier"));
        assert_eq!(Some(p.service_id.get()), r.int("service_id"));
        assert_eq!(
            p.nhs_number.map(|n| n.to_string()).unwrap_or_default(),
            r.get("nhs_number").text()
        );
        assert_eq!(p.allergies.join(", "), r.get("allergies").text());
    }
    for r in &of(EntityKind::Contact) {
        let c = Contact::parse(r).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (Some(c.rank), Some(c.person_id.get())),
            (r.int("rank"), r.int("person_id"))
        );
        assert_eq!(
            (c.phone.to_string(), c.proactive),
            (r.get("phone").text(), r.flag("proactive"))
        );
    }
}

#[test]
fn every_demo_medicine_reads_with_one_schedule() {
    let meds = of(EntityKind::Medicine);
    let mut seen = [0; 3];
    for r in &meds {
        let m = Medicine::parse(r).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((m.name.as_str(), m.route.code()), (r.text("name"), r.text("route")));
        match &m.schedule {
            Schedule::AtTimes(times) => {
                seen[0] += 1;
                assert!(!times.is_empty() && !r.flag("prn"));
                assert_eq!(Val::Times(times.clone()), *r.get("times"));
            }
            Schedule::EveryHours(h) => {
                seen[1] += 1;
                assert_eq!(Some(*h), r.int("interval_hours"));
            }
            Schedule::WhenRequired(limits) => {
                seen[2] += 1;
                assert!(r.flag("prn") && r.get("times").is_empty());
                assert_eq!(limits.indication, r.text("prn_indication"));
                assert_eq!(Some(limits.max_doses_24h), r.int("prn_max_doses_24h"));
            }
        }
        assert_eq!((m.window.early_minutes, m.window.late_minutes), crate::pack::window(r));
    }
    assert!(
        seen[0] > 0 && seen[2] > 0,
        "fixed and PRN medicines in the demo: {seen:?}"
    );
}

#[test]
fn every_demo_visit_service_system_practice_supplier_and_staff_member_reads() {
    for (kind, r) in demo() {
        let read = match kind {
            EntityKind::Visit => Visit::parse(&r).map(|v| {
                assert_eq!(Val::Time(v.start), *r.get("start"));
                assert_eq!(v.carers.iter().map(|c| c.get()).collect::<Vec<_>>(), r.refs("carers"));
            }),
            EntityKind::Service => Service::parse(&r).map(|s| {
                assert_eq!(s.service_type.code(), r.text("service_type"));
                assert_eq!(s.on_call_phone.to_string(), r.get("on_call_phone").text());
            }),
            EntityKind::System => System::parse(&r).map(|s| {
                assert_eq!(
                    (s.category.code(), Some(s.rto_hours)),
                    (r.text("category"), r.int("rto_hours"))
                );
            }),
            EntityKind::Practice => Practice::parse(&r).map(|p| assert_eq!(p.name, r.text("name"))),
            EntityKind::Supplier => Supplier::parse(&r).map(|s| assert_eq!(s.name, r.text("name"))),
            EntityKind::Staff => StaffMember::parse(&r).map(|s| assert_eq!(s.role.code(), r.text("role"))),
            EntityKind::Device => Device::parse(&r).map(|d| {
                assert_eq!((d.title(), d.unit.as_str()), (r.title(), r.text("unit")));
                assert_eq!(d.service_id.map(|s| s.get()), r.int("service_id"));
            }),
            _ => Ok(()),
        };
        if let Err(e) = read {
            panic!("{kind:?} {}: {e}", r.title());
        }
    }
}

#[test]
fn a_prn_medicine_with_times_names_the_times_field() {
    let r = stored(
        EntityKind::Medicine,
        &[
            ("person_id", "4"),
            ("name", "Paracetamol"),
            ("dose", "2 tablets"),
            ("route", "oral"),
            ("prn", "on"),
            ("prn_indication", "pain"),
            ("prn_min_interval_minutes", "240"),
            ("prn_max_doses_24h", "4"),
            ("times", "08:00"),
        ],
    );
    let e = Medicine::parse(&r).unwrap_err().at(12);
    assert_eq!(e.field(), Some("times"));
    assert_eq!(
        e.to_string(),
        "Medicine #12: Dose times: a PRN medicine has no fixed dose times or interval; untick PRN for a regular one"
    );
}

#[test]
fn a_prn_medicine_without_limits_or_a_regular_one_without_times_is_refused_by_field() {
    let base = [
        ("person_id", "4"),
        ("name", "Oramorph"),
        ("dose", "5 ml"),
        ("route", "oral"),
    ];
    let prn = stored(
        EntityKind::Medicine,
        &[&base[..], &[("prn", "on"), ("prn_indication", "pain")]].concat(),
    );
    assert_eq!(
        Medicine::parse(&prn).unwrap_err().field(),
        Some("prn_min_interval_minutes")
    );
    let nothing = stored(EntityKind::Medicine, &base);
    let e = Medicine::parse(&nothing).unwrap_err();
    assert_eq!(e.field(), Some("times"), "{e}");
    let both = stored(
        EntityKind::Medicine,
        &[&base[..], &[("times", "08:00"), ("interval_hours", "4")]].concat(),
    );
    assert_eq!(Medicine::parse(&both).unwrap_err().field(), Some("interval_hours"));
}

#[test]
fn a_missing_or_unknown_value_names_its_field() {
    let no_name = stored(EntityKind::Person, &[("service_id", "1"), ("risk_tier", "high")]);
    let e = Person::parse(&no_name).unwrap_err();
    assert_eq!(e.to_string(), "Person supported: Full name: is missing");

    let mut odd = stored(
        EntityKind::Person,
        &[("service_id", "1"), ("full_name", "Ada"), ("risk_tier", "low")],
    );
    odd.set("risk_tier", Val::Text("urgent".into()));
    let e = Person::parse(&odd).unwrap_err();
    assert_eq!(e.field(), Some("risk_tier"));
    assert!(e.to_string().contains("'urgent' is not one of its choices"), "{e}");

    let visit = stored(
        EntityKind::Visit,
        &[("service_id", "1"), ("person_id", "2"), ("date", "2026-03-16")],
    );
    assert_eq!(Visit::parse(&visit).unwrap_err().field(), Some("start"));
}

#[test]
fn a_record_of_another_kind_is_refused() {
    let r = stored(EntityKind::Practice, &[("name", "Riverside Surgery")]);
    assert_eq!(
        Medicine::parse(&r),
        Err(CareRecordError::WrongKind {
            expected: EntityKind::Medicine,
            found: EntityKind::Practice
        })
    );
}
