//! The report's wording decisions: the CQC line, the sign-off line, each system against its
//! targets, the corrections in the timeline and the counts.

use super::clocks::SystemTarget;
use super::families::Call;
use super::report_build::*;
use super::{CallOutcome, DisruptionKind, EntryKind, SafeCare, Scenario, VisitStatus};
use crate::care::{Contact, Person, PersonId, ServiceId};
use crate::entity::{EntityKind, Record};
use crate::field::{Input, InputVal};
use crate::reconcile::{DoseSummary, Finding, FindingKind, PlannedVisit, Severity, Sheet};
use jiff::Timestamp;
use std::collections::HashMap;

fn record(kind: EntityKind, fields: &[(&str, &str)]) -> Record {
    let input: Input = fields
        .iter()
        .map(|(k, v)| (k.to_string(), InputVal::One(v.to_string())))
        .collect();
    Record::parse(kind, &input).unwrap()
}

fn person(name: &str, tier: &str) -> Person {
    Person::parse(&record(
        EntityKind::Person,
        &[("service_id", "1"), ("full_name", name), ("risk_tier", tier)],
    ))
    .unwrap()
}

fn contact(person: &str, name: &str) -> Contact {
    Contact::parse(&record(
        EntityKind::Contact,
        &[
            ("person_id", person),
            ("rank", "1"),
            ("name", name),
            ("relationship", "Son"),
            ("phone", "07700 900123"),
        ],
    ))
    .unwrap()
}

/// 08:00 London on Tue 24 Nov 2026 (GMT), plus `minutes`.
fn at(minutes: i64) -> Timestamp {
    Timestamp::from_second(1_795_507_200 + minutes * 60).unwrap()
}

fn system(name: &str, category: &str, rto: i64, mtpd: i64) -> SystemTarget {
    SystemTarget {
        system_id: 1,
        name: name.into(),
        category: category.into(),
        rto_hours: rto,
        mtpd_hours: mtpd,
    }
}

fn disruption() -> ReportedDisruption<'static> {
    ReportedDisruption {
        title: "eMAR down",
        kind: DisruptionKind::SupplierOutage,
        scenario: Scenario::SupplierDown,
        coordinator: "Priya Shah",
        started_at: at(0),
        detected_at: at(5),
        declared_at: at(10),
        declared_by: "Priya Shah",
        restored_at: None,
        safe_care: Some(SafeCare::NotThreatened),
        cqc_notified: None,
        left_open: Vec::new(),
    }
}

fn finding(person_id: i64, severity: Severity, key: &str) -> Finding {
    Finding {
        kind: FindingKind::MissedDose,
        severity,
        person_id,
        medicine_id: Some(1),
        visit_id: None,
        due_at: Some(at(0)),
        when: Some(at(0)),
        record_ids: Vec::new(),
        key: key.into(),
        explanation: "Nothing recorded".into(),
        next_step: "Check".into(),
    }
}

/// The facts every test starts from: nothing entered, nothing signed.
struct World {
    d: ReportedDisruption<'static>,
    services: Vec<(ServiceId, String)>,
    systems: Vec<SystemTarget>,
    timeline: Vec<TimelineItem<'static>>,
    people: Vec<(PersonId, Person)>,
    findings: Vec<Finding>,
    resolutions: HashMap<String, Resolved<'static>>,
    sheets: Vec<EnteredSheet<'static>>,
    sign_off: SignOffState<'static>,
    doses: DoseSummary,
    visits: Vec<PlannedVisit>,
    statuses: HashMap<i64, VisitStatus>,
    calls: Vec<(Call, Contact)>,
    now: Timestamp,
}

impl World {
    fn new() -> Self {
        Self {
            d: disruption(),
            services: vec![(ServiceId::new(1), "Riverside House".into())],
            systems: vec![system("MedsTrack eMAR", "emar", 2, 4)],
            timeline: Vec::new(),
            people: Vec::new(),
            findings: Vec::new(),
            resolutions: HashMap::new(),
            sheets: Vec::new(),
            sign_off: SignOffState::NotYet,
            doses: DoseSummary::default(),
            visits: Vec::new(),
            statuses: HashMap::new(),
            calls: Vec::new(),
            now: at(60),
        }
    }

    fn report(&self) -> super::report::ReportDocument {
        let people: Vec<(PersonId, &Person)> = self.people.iter().map(|(id, p)| (*id, p)).collect();
        let calls: Vec<ReportedCall> = self
            .calls
            .iter()
            .map(|(call, contact)| ReportedCall { call, contact })
            .collect();
        report(&ReportFacts {
            organisation: "Riverside Care Group",
            disruption: self.d.clone(),
            services: &self.services,
            systems: &self.systems,
            timeline: &self.timeline,
            people: &people,
            due: &[],
            recorded: &[PersonId::new(7), PersonId::new(7)],
            findings: &self.findings,
            resolutions: &self.resolutions,
            sheets: &self.sheets,
            sign_off: self.sign_off,
            doses: self.doses.clone(),
            visits: &self.visits,
            statuses: &self.statuses,
            calls: &calls,
            calls_outstanding: 2,
            now: self.now,
            by: "Tom Reed",
        })
    }
}

#[test]
fn the_cqc_line_says_notified_required_or_not_required() {
    let mut w = World::new();
    w.d.cqc_notified = Some(CqcNotice {
        at: at(30),
        by: "Priya Shah",
        reference: "CQC-123",
    });
    assert_eq!(
        w.report().cqc,
        "Notified Tue 24 Nov 2026, 08:30 by Priya Shah, reference CQC-123"
    );
    w.d.cqc_notified = Some(CqcNotice {
        at: at(30),
        by: "Priya Shah",
        reference: "",
    });
    assert_eq!(w.report().cqc, "Notified Tue 24 Nov 2026, 08:30 by Priya Shah");

    w.d.cqc_notified = None;
    w.d.safe_care = Some(SafeCare::Threatened);
    assert_eq!(
        w.report().cqc,
        "REQUIRED and not yet recorded. You recorded that this stops or threatens safe care: notify CQC without delay."
    );
    w.d.safe_care = None;
    assert!(
        w.report().cqc.starts_with("Not recorded. Nobody has recorded whether"),
        "unanswered: asked again, not required"
    );
    w.d.safe_care = Some(SafeCare::NotThreatened);
    assert!(
        w.report()
            .cqc
            .starts_with("Not recorded as required: the provider judged")
    );
    assert!(w.report().cqc_rule.starts_with("Regulation 18(2)(g)"));
}

#[test]
fn the_sign_off_line_holds_changed_since_or_not_yet() {
    let mut w = World::new();
    assert_eq!(w.report().sign_off, "Not signed off yet");
    w.sign_off = SignOffState::ChangedSince {
        by: "Priya Shah",
        at: at(120),
    };
    assert_eq!(
        w.report().sign_off,
        "Signed off by Priya Shah on Tue 24 Nov 2026, 10:00, but the findings have changed since: not signed off as they stand"
    );
    w.sign_off = SignOffState::Holds {
        by: "Priya Shah",
        at: at(120),
        note: "All checked.",
    };
    assert_eq!(
        w.report().sign_off,
        "Signed off by Priya Shah on Tue 24 Nov 2026, 10:00. All checked."
    );
    w.sign_off = SignOffState::Holds {
        by: "Priya Shah",
        at: at(120),
        note: "",
    };
    w.doses.nothing_due = true;
    assert_eq!(
        w.report().sign_off,
        "Signed off by Priya Shah on Tue 24 Nov 2026, 10:00 as nothing due.",
        "no note: no trailing space"
    );
}

#[test]
fn each_system_is_judged_against_its_rto_and_mtpd() {
    let mut w = World::new();
    w.systems = vec![
        system("Email", "email", 8, 24),
        system("MedsTrack eMAR", "emar", 2, 4),
        system("Rota", "rostering", 1, 6),
    ];
    w.now = at(4 * 60 + 10);
    let outcomes: Vec<String> = w.report().systems.into_iter().map(|s| s.outcome).collect();
    assert_eq!(
        outcomes,
        [
            "Still down within its RTO (8 h)",
            "Still down: past its MTPD (4 h) by 10 min",
            "Still down: past its RTO (1 h) by 3 h 10 min, within its MTPD",
        ]
    );
    w.d.restored_at = Some(at(90));
    w.now = at(600);
    let r = w.report();
    assert_eq!(
        r.systems[1].outcome, "Restored within its RTO (2 h)",
        "the clock stops at restoration"
    );
    assert_eq!(
        (r.duration.as_str(), r.restored.as_str()),
        ("1 h 30 min", "Tue 24 Nov 2026, 09:30")
    );
}

#[test]
fn a_correction_names_the_entry_it_corrects() {
    let mut w = World::new();
    w.timeline = vec![
        TimelineItem {
            id: 1,
            at: at(70),
            kind: EntryKind::Note,
            author: "Tom",
            text: "Rang MedsTrack",
            corrects: None,
        },
        TimelineItem {
            id: 2,
            at: at(80),
            kind: EntryKind::Note,
            author: "Tom",
            text: "It was 09:15",
            corrects: Some(1),
        },
    ];
    let t = w.report().timeline;
    assert_eq!(
        (t[0].corrects.as_str(), t[1].corrects.as_str()),
        ("", "Corrects the entry of 09:10")
    );
}

#[test]
fn counts_of_people_findings_visits_calls_and_follow_up() {
    let mut w = World::new();
    w.people = vec![
        (PersonId::new(7), person("Ada Khan", "high")),
        (PersonId::new(8), person("Ben Ode", "low")),
    ];
    w.findings = vec![
        finding(7, Severity::High, "a"),
        finding(7, Severity::Low, "b"),
        finding(9, Severity::High, "c"),
    ];
    let resolved = |action, follow_up| Resolved {
        action,
        follow_up,
        note: "GP rung",
        by: "Priya Shah",
        at: at(90),
    };
    w.resolutions
        .insert("a".into(), resolved("Reported as a medication incident", true));
    w.resolutions
        .insert("b".into(), resolved("Checked: no harm came to the person", false));
    w.sheets = vec![
        EnteredSheet {
            sheet: Sheet::Mar {
                person_id: 7,
                date: jiff::civil::date(2026, 11, 24),
            },
            entered_by: "Tom",
            entered_at: at(100),
            records: 3,
        },
        EnteredSheet {
            sheet: Sheet::Visits {
                service_id: 1,
                date: jiff::civil::date(2026, 11, 24),
            },
            entered_by: "Tom",
            entered_at: at(100),
            records: 0,
        },
    ];
    let visit = |id| PlannedVisit {
        visit_id: id,
        person_id: 7,
        service_id: 1,
        due: at(0),
        date: jiff::civil::date(2026, 11, 24),
        duration_minutes: 30,
        priority: false,
        label: String::new(),
    };
    w.visits = vec![visit(1), visit(2), visit(3), visit(4)];
    w.statuses = HashMap::from([
        (1, VisitStatus::Completed),
        (2, VisitStatus::Missed),
        (3, VisitStatus::Late),
    ]);
    let call = |contact_id| Call {
        contact_id,
        outcome: CallOutcome::Spoke,
        at: at(50),
        by: "Tom".into(),
        note: String::new(),
    };
    w.calls = vec![
        (call(1), contact("7", "Sam Khan")),
        (call(2), contact("99", "Elsewhere")),
    ];

    let r = w.report();
    let people: Vec<_> = r
        .people
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.service.as_str(),
                p.risk.as_str(),
                p.doses_recorded,
                p.findings,
            )
        })
        .collect();
    assert_eq!(
        people,
        [
            ("Ada Khan", "Riverside House", "high", 2, 2),
            ("Ben Ode", "Riverside House", "low", 0, 0)
        ]
    );
    assert_eq!(
        r.finding_counts,
        [
            ("High".to_string(), 2),
            ("Medium".to_string(), 0),
            ("Low".to_string(), 1)
        ]
    );
    assert_eq!(
        r.findings[2].person, "Person 9",
        "someone not among the people is named by id"
    );
    assert_eq!(
        r.findings[0].resolution,
        "Reported as a medication incident — GP rung (Priya Shah, Tue 24 Nov 2026, 09:30)"
    );
    assert_eq!(r.findings[2].resolution, "");
    assert_eq!(
        r.actions,
        ["Ada Khan: Reported as a medication incident — GP rung (Priya Shah)"],
        "only actions that raise follow-up"
    );
    let sheets: Vec<_> = r.sheets.iter().map(|s| (s.sheet.as_str(), s.records)).collect();
    assert_eq!(
        sheets,
        [
            ("MAR: Ada Khan, Tue 24 Nov", 3),
            ("Visits: Riverside House, Tue 24 Nov", 0)
        ]
    );
    let v = &r.visits;
    assert_eq!(
        (v.planned, v.completed, v.missed, v.cancelled, v.not_recorded),
        (4, 1, 1, 0, 1),
        "a late visit is recorded but neither completed nor missed"
    );
    let calls: Vec<_> = r
        .calls
        .iter()
        .map(|c| (c.person.as_str(), c.contact.as_str()))
        .collect();
    assert_eq!(
        calls,
        [("Ada Khan", "Sam Khan (Son)")],
        "only calls about the report's people"
    );
    assert_eq!((r.calls_outstanding, r.generated_by.as_str()), (2, "Tom Reed"));
    assert_eq!(r.title, "Downtime report: eMAR down");
    assert_eq!(r.declared, "Tue 24 Nov 2026, 08:10 by Priya Shah");
}
