//! Schedules read from register records, and the codes that round-trip.

use super::*;
use crate::care::{Medicine, MedicineId, Visit, VisitId};
use crate::entity::{EntityKind, Record};
use crate::field::InputVal;

fn record(kind: EntityKind, pairs: &[(&str, &str)]) -> Record {
    let input = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), InputVal::One(v.to_string())))
        .collect();
    Record::parse(kind, &input).unwrap()
}

#[test]
fn a_medicine_record_becomes_a_schedule() {
    let r = record(
        EntityKind::Medicine,
        &[
            ("person_id", "4"),
            ("name", "Levodopa"),
            ("strength", "100 mg"),
            ("dose", "1 tablet"),
            ("route", "oral"),
            ("times", "18:00, 08:00"),
            ("time_critical", "on"),
            ("end_date", "2026-12-01"),
        ],
    );
    let m = MedicineSchedule::of(MedicineId::new(12), &Medicine::parse(&r).unwrap());
    assert_eq!(m.label, "Levodopa 100 mg — 1 tablet");
    assert_eq!((m.medicine_id, m.person_id), (12, 4));
    assert_eq!(m.times, vec![t("08:00"), t("18:00")]);
    assert_eq!((m.early_minutes, m.late_minutes, m.time_critical), (30, 30, true));
    assert_eq!((m.prn, m.interval_hours, m.start_date), (None, None, None));
    assert_eq!(m.end_date, Some(date("2026-12-01")));
    assert!(m.taken_on(date("2026-12-01")) && !m.taken_on(date("2026-12-02")));

    let no_strength = record(
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
            ("window_late_minutes", "60"),
        ],
    );
    let p = MedicineSchedule::of(MedicineId::new(13), &Medicine::parse(&no_strength).unwrap());
    assert_eq!(p.label, "Paracetamol — 2 tablets");
    assert_eq!((p.early_minutes, p.late_minutes), (30, 60));
    assert_eq!(
        p.prn,
        Some(PrnRule {
            min_interval_minutes: Some(240),
            max_doses_24h: Some(4)
        })
    );
    let service = record(
        EntityKind::Practice,
        &[
            ("name", "Riverside Surgery"),
            ("phone", "01632 960000"),
            ("practice_type", "gp"),
        ],
    );
    assert!(Medicine::parse(&service).is_err(), "not a medicine: no schedule");
}

#[test]
fn a_visit_record_becomes_a_planned_visit() {
    let r = record(
        EntityKind::Visit,
        &[
            ("service_id", "9"),
            ("person_id", "4"),
            ("date", "2026-03-29"),
            ("start", "01:30"),
            ("duration_minutes", "45"),
            ("priority", "on"),
        ],
    );
    let v = PlannedVisit::of(VisitId::new(3), &Visit::parse(&r).unwrap());
    assert_eq!(v.label, "Visit 01:30 (45 min)");
    assert_eq!(v.due.to_string(), "2026-03-29T01:30:00Z", "02:30 BST: the spring rule");
    assert_eq!((v.visit_id, v.person_id, v.service_id, v.priority), (3, 4, 9, true));
}

#[test]
fn codes_round_trip() {
    for o in DoseOutcome::ALL {
        assert_eq!(DoseOutcome::parse(o.as_str()), Ok(o));
        assert!(!o.label().is_empty());
    }
    assert_eq!(DoseOutcome::NotAvailable.as_str(), "not_available");
    assert!(DoseOutcome::parse("lost").is_err());
    for o in VisitOutcome::ALL {
        assert_eq!(VisitOutcome::parse(o.as_str()), Ok(o));
    }
    assert!(VisitOutcome::parse("late").is_err());
    for k in FindingKind::ALL {
        assert_eq!(FindingKind::parse(k.as_str()), Ok(k));
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
    }
    assert_eq!(FindingKind::TimeCriticalLate.as_str(), "time_critical_late");
    assert!(Severity::High < Severity::Medium && Severity::Medium < Severity::Low);
    assert_eq!(Severity::parse("low"), Ok(Severity::Low));
}
