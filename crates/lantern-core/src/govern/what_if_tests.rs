//! The what-if: what an outage touches, the doses being the reconciliation's own.

use super::what_if::*;
use crate::disruption::DisruptionKind;
use crate::disruption::clocks::SystemTarget;
use crate::disruption::cqc::Urgency;
use crate::disruption::families::{FamilyContact, FamilyPerson};
use crate::reconcile::{MedicineSchedule, Period, PlannedVisit, due_doses};
use crate::values::DoseTime;
use jiff::Timestamp;
use jiff::civil::DateTime;

/// Europe/London wall clock "2026-11-24 08:00".
fn at(s: &str) -> Timestamp {
    let dt: DateTime = s.replace(' ', "T").parse().unwrap();
    dt.to_zoned_datetime(crate::schedule::london()).unwrap().timestamp()
}

fn system(id: i64, category: &str, rto: i64, mtpd: i64, services: &[i64]) -> OutageSystem {
    OutageSystem {
        target: SystemTarget {
            system_id: id,
            name: format!("System {id}"),
            category: category.into(),
            rto_hours: rto,
            mtpd_hours: mtpd,
        },
        services: services.to_vec(),
    }
}

fn person(id: i64, service: i64, tier: &str) -> PersonInService {
    PersonInService {
        service_id: service,
        person: FamilyPerson {
            person_id: id,
            name: format!("Person {id}"),
            risk_tier: tier.into(),
            service: format!("Service {service}"),
        },
    }
}

fn medicine(id: i64, person: i64, times: &[&str], critical: bool) -> MedicineSchedule {
    MedicineSchedule {
        medicine_id: id,
        person_id: person,
        label: format!("Medicine {id}"),
        times: times.iter().map(|t| DoseTime::parse(t).unwrap()).collect(),
        interval_hours: None,
        time_critical: critical,
        early_minutes: 30,
        late_minutes: if critical { 30 } else { 120 },
        prn: None,
        start_date: None,
        end_date: None,
    }
}

fn visit(id: i64, person: i64, service: i64, start: &str, minutes: i64) -> PlannedVisit {
    let due = at(start);
    PlannedVisit {
        visit_id: id,
        person_id: person,
        service_id: service,
        due,
        date: due.to_zoned_datetime(crate::schedule::london()).date(),
        duration_minutes: minutes,
        priority: false,
        label: format!("Visit {start}"),
    }
}

fn contact(id: i64, person: i64, rank: i64) -> FamilyContact {
    FamilyContact {
        contact_id: id,
        person_id: person,
        name: format!("Contact {id}"),
        relationship: "Daughter".into(),
        phone: "07700 900123".into(),
        rank,
        proactive: true,
    }
}

struct Org {
    services: Vec<i64>,
    people: Vec<PersonInService>,
    contacts: Vec<FamilyContact>,
    medicines: Vec<MedicineSchedule>,
    visits: Vec<PlannedVisit>,
    shifts: Vec<PlannedShift>,
}

impl Org {
    /// Two services: 1 a supported-living house, 2 a home-care branch.
    fn new() -> Self {
        Org {
            services: vec![1, 2],
            people: vec![person(10, 1, "high"), person(11, 1, "low"), person(20, 2, "medium")],
            contacts: vec![contact(100, 10, 1), contact(101, 11, 1), contact(200, 20, 1)],
            medicines: vec![
                medicine(1000, 10, &["08:00", "12:00", "17:00", "22:00"], true),
                medicine(1001, 11, &["08:00", "20:00"], false),
                medicine(2000, 20, &["09:00"], false),
            ],
            visits: vec![
                visit(5000, 20, 2, "2026-11-24 07:30", 45),
                visit(5001, 20, 2, "2026-11-24 12:30", 30),
                visit(5002, 20, 2, "2026-11-24 18:00", 30),
            ],
            shifts: vec![PlannedShift {
                shift_id: 7000,
                service_id: 1,
                staff: "Jo Patel".into(),
                start: at("2026-11-24 07:00"),
                end: at("2026-11-24 15:00"),
            }],
        }
    }

    fn register(&self) -> Register<'_> {
        Register {
            services: &self.services,
            people: &self.people,
            contacts: &self.contacts,
            medicines: &self.medicines,
            visits: &self.visits,
            shifts: &self.shifts,
        }
    }
}

fn outage(kind: DisruptionKind, systems: Vec<OutageSystem>, start: &str, hours: i64) -> Outage {
    Outage {
        kind,
        systems,
        services: Vec::new(),
        start: at(start),
        minutes: hours * 60,
    }
}

#[test]
fn a_four_hour_care_planning_outage_of_one_house_touches_its_people_doses_and_shift_only() {
    let org = Org::new();
    let o = outage(
        DisruptionKind::SupplierOutage,
        vec![system(1, "care_planning", 2, 8, &[1])],
        "2026-11-24 09:00",
        4,
    );
    let w = what_if(&o, org.register());
    assert_eq!(w.services, vec![1]);
    assert_eq!(w.people, vec![10, 11]);
    // 09:00–13:00: only the 12:00 dose of the time-critical medicine; 08:00 is before it.
    let due: Vec<(i64, String)> = w.doses.iter().map(|d| (d.medicine_id, d.time.to_string())).collect();
    assert_eq!(due, vec![(1000, "12:00".to_string())]);
    assert_eq!(w.time_critical.len(), 1);
    assert!(w.visits.is_empty(), "the branch's visits are not touched");
    assert_eq!(w.shifts.len(), 1, "the shift running through the window");
    assert_eq!(
        w.families.first().map(|f| f.person.person_id),
        Some(10),
        "the high-risk person's family first"
    );
    assert!(w.families.iter().all(|f| f.person.person_id != 20));
    let m = &w.milestones[0];
    assert_eq!((m.rto_at, m.mtpd_at), (at("2026-11-24 11:00"), at("2026-11-24 17:00")));
    assert!(m.passes_rto && !m.passes_mtpd);
    assert_eq!(
        w.cqc, None,
        "four hours of a care system with safe care held: nothing for CQC yet"
    );
}

#[test]
fn a_system_naming_no_service_touches_every_service_and_a_visit_under_way_counts() {
    let org = Org::new();
    let o = outage(
        DisruptionKind::CyberIncident,
        vec![system(2, "emar", 4, 24, &[])],
        "2026-11-24 08:00",
        5,
    );
    let w = what_if(&o, org.register());
    assert_eq!(w.services, vec![1, 2]);
    let visits: Vec<i64> = w.visits.iter().map(|v| v.visit_id).collect();
    assert_eq!(
        visits,
        vec![5000, 5001],
        "07:30 was under way at 08:00; 18:00 is after the window"
    );
    assert!(w.doses.iter().any(|d| d.medicine_id == 2000), "the branch's 09:00 dose");
}

#[test]
fn the_doses_are_the_reconciliations_own_across_the_spring_change() {
    let mut org = Org::new();
    org.medicines
        .push(medicine(1002, 10, &["01:30", "02:30", "03:30"], true));
    let o = outage(
        DisruptionKind::SupplierOutage,
        vec![system(3, "emar", 1, 4, &[1])],
        "2026-03-29 00:00",
        6,
    );
    let w = what_if(&o, org.register());
    let own: Vec<_> = org
        .medicines
        .iter()
        .filter(|m| [10, 11].contains(&m.person_id))
        .cloned()
        .collect();
    assert_eq!(
        w.doses,
        due_doses(o.period(), &own),
        "the same function, the same doses"
    );
    assert_eq!(
        w.doses.iter().filter(|d| d.medicine_id == 1002).count(),
        3,
        "the 01:30 of the missing hour is due at 02:30 BST, not lost"
    );
}

#[test]
fn cqc_clocks_run_only_where_the_regulation_sets_them() {
    let org = Org::new();
    let power = Outage {
        services: vec![2, 99],
        ..outage(DisruptionKind::Power, vec![], "2026-11-24 08:00", 25)
    };
    let w = what_if(&power, org.register());
    assert_eq!(w.services, vec![2], "the branch struck directly; no service 99 exists");
    assert_eq!(w.people, vec![20]);
    assert_eq!(
        w.cqc.map(|c| c.urgency),
        Some(Urgency::NotifyNow),
        "power off beyond 24 hours"
    );
    let short = outage(DisruptionKind::Power, vec![], "2026-11-24 08:00", 23);
    assert_eq!(what_if(&short, org.register()).cqc, None);
    let nurse_call = outage(
        DisruptionKind::SupplierOutage,
        vec![system(4, "safety_equipment", 1, 12, &[1])],
        "2026-11-24 08:00",
        24,
    );
    let w = what_if(&nurse_call, org.register());
    assert_eq!(
        w.cqc.map(|c| c.urgency),
        Some(Urgency::NotifyNow),
        "safety equipment 24 hours"
    );
    let care = outage(
        DisruptionKind::SupplierOutage,
        vec![system(1, "care_planning", 2, 8, &[1])],
        "2026-11-24 08:00",
        24,
    );
    let w = what_if(&care, org.register());
    assert_eq!(
        w.cqc.map(|c| c.urgency),
        Some(Urgency::Consider),
        "a day on paper: ask again"
    );
}

#[test]
fn a_duration_beyond_a_week_or_below_nothing_is_held_to_the_bounds() {
    let o = outage(DisruptionKind::Power, vec![], "2026-11-24 08:00", 1000);
    assert_eq!(o.period().end, o.start + jiff::SignedDuration::from_hours(MAX_HOURS));
    let none = Outage {
        minutes: -60,
        ..o.clone()
    };
    assert_eq!(
        none.period(),
        Period {
            start: o.start,
            end: o.start
        }
    );
    let w = what_if(&none, Org::new().register());
    assert!(w.doses.is_empty() && w.visits.is_empty() && w.shifts.is_empty());
}

#[test]
fn an_overnight_shift_ends_the_next_morning_and_counts_when_it_overlaps() {
    let record = crate::entity::Record::parse(
        crate::EntityKind::Shift,
        &[
            ("service_id", "1"),
            ("staff_id", "3"),
            ("date", "2026-11-24"),
            ("start", "21:00"),
            ("finish", "07:30"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), crate::InputVal::One(v.to_string())))
        .collect(),
    )
    .unwrap();
    let shift = crate::care::Shift::parse(&record).unwrap();
    let planned = PlannedShift::of(9, &shift, "Sam Night");
    assert_eq!(
        (planned.start, planned.end),
        (at("2026-11-24 21:00"), at("2026-11-25 07:30"))
    );
    let mut org = Org::new();
    org.shifts = vec![planned];
    let o = outage(
        DisruptionKind::SupplierOutage,
        vec![system(1, "rostering", 2, 8, &[1])],
        "2026-11-25 06:00",
        2,
    );
    assert_eq!(what_if(&o, org.register()).shifts.len(), 1, "still on shift at 06:00");
}
