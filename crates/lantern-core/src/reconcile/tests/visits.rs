//! Visits against the manual call-monitoring sheet, and the order findings come out in.

use super::*;
use FindingKind::*;
use Severity::*;
use VisitOutcome::*;

fn visit(id: i64, start: &str, minutes: i64) -> PlannedVisit {
    PlannedVisit {
        visit_id: id,
        person_id: 1,
        service_id: 9,
        due: at(start),
        date: date("2026-11-24"),
        duration_minutes: minutes,
        priority: false,
        label: format!("Visit {start} ({minutes} min)"),
    }
}

fn record(id: i64, visit_id: i64, outcome: VisitOutcome, arrived: Option<&str>, departed: Option<&str>) -> VisitRecord {
    VisitRecord {
        id,
        visit_id,
        outcome,
        arrived: arrived.map(at),
        departed: departed.map(at),
    }
}

fn done(id: i64, arrived: &str, departed: &str) -> Vec<VisitRecord> {
    vec![record(id, 1, Completed, Some(arrived), Some(departed))]
}

#[test]
fn visits() {
    let one = || vec![visit(1, "07:30", 45)];
    check_table(&[
        Case {
            name: "completed on time and in full",
            visits: one(),
            visit_records: done(1, "07:35", "08:20"),
            ..Case::default()
        },
        Case {
            name: "recorded as missed",
            visits: one(),
            visit_records: vec![record(1, 1, Missed, None, None)],
            expect: vec![expect(
                MissedVisit,
                Medium,
                "missed_visit:v1",
                &[
                    "Visit 07:30 (45 min): recorded as missed",
                    "Ring the person or their family now",
                ],
            )],
            ..Case::default()
        },
        Case {
            name: "a missed priority visit is high",
            visits: vec![PlannedVisit {
                priority: true,
                ..visit(1, "07:30", 45)
            }],
            visit_records: vec![record(1, 1, Missed, None, None)],
            expect: vec![expect(MissedVisit, High, "missed_visit:v1", &["; a priority visit"])],
            ..Case::default()
        },
        Case {
            name: "a missed visit when a time-critical dose was due is high",
            visits: one(),
            meds: vec![levodopa(5, &["08:00"])],
            doses: vec![given(1, 5, "08:00", "08:00")],
            visit_records: vec![record(1, 1, Missed, None, None)],
            expect: vec![expect(
                MissedVisit,
                High,
                "missed_visit:v1",
                &["a time-critical dose was due during it"],
            )],
            ..Case::default()
        },
        Case {
            name: "time-critical doses before and after the visit's time do not raise it",
            visits: one(),
            meds: vec![levodopa(5, &["06:00", "12:00"])],
            doses: vec![given(1, 5, "06:00", "06:00"), given(2, 5, "12:00", "12:00")],
            visit_records: vec![record(1, 1, Missed, None, None)],
            expect: vec![expect(MissedVisit, Medium, "missed_visit:v1", &[])],
            ..Case::default()
        },
        Case {
            name: "declined by the person",
            visits: one(),
            visit_records: vec![record(1, 1, Refused, None, None)],
            expect: vec![expect(
                MissedVisit,
                Medium,
                "missed_visit:v1",
                &["the person declined the visit", "why the visit was declined"],
            )],
            ..Case::default()
        },
        Case {
            name: "cancelled by the branch",
            visits: one(),
            visit_records: vec![record(1, 1, Cancelled, None, None)],
            ..Case::default()
        },
        Case {
            name: "no entry on an entered sheet",
            visits: one(),
            expect: vec![expect(
                MissedVisit,
                Medium,
                "missed_visit:v1",
                &["no entry on the visit sheet for Tue 24 Nov"],
            )],
            ..Case::default()
        },
        Case {
            name: "the visit sheet not entered",
            visits: one(),
            entered: vec![],
            expect: vec![expect(
                NotEntered,
                Medium,
                "not_entered:v1",
                &["Enter the visit sheet for Tue 24 Nov"],
            )],
            ..Case::default()
        },
        Case {
            name: "began before the start and ran into it: in the window",
            visits: vec![visit(1, "05:40", 45), visit(2, "05:00", 60)],
            entered: vec![],
            expect: vec![expect(
                NotEntered,
                Medium,
                "not_entered:v1",
                &["Enter the visit sheet for Tue 24 Nov"],
            )],
            ..Case::default()
        },
        Case {
            name: "late",
            visits: one(),
            visit_records: done(1, "08:10", "08:55"),
            expect: vec![expect(
                LateVisit,
                Low,
                "late_visit:v1",
                &["arrived 08:10, 40 min after the planned start; late means more than 30 min"],
            )],
            ..Case::default()
        },
        Case {
            name: "30 minutes late is not late",
            visits: one(),
            visit_records: done(1, "08:00", "08:45"),
            ..Case::default()
        },
        Case {
            name: "late and short",
            visits: one(),
            visit_records: done(1, "08:10", "08:30"),
            expect: vec![
                expect(
                    ShortVisit,
                    Medium,
                    "short_visit:v1",
                    &["20 min on site (arrived 08:10, left 08:30), 44%"],
                ),
                expect(LateVisit, Low, "late_visit:v1", &[]),
            ],
            ..Case::default()
        },
        Case {
            name: "short, but more than half",
            visits: one(),
            visit_records: done(1, "07:30", "08:00"),
            expect: vec![expect(
                ShortVisit,
                Low,
                "short_visit:v1",
                &["30 min on site (arrived 07:30, left 08:00), 66% of the planned 45 min; short means under 75%"],
            )],
            ..Case::default()
        },
        Case {
            name: "a completed record outweighs a missed one",
            visits: one(),
            visit_records: vec![
                record(1, 1, Completed, Some("07:30"), Some("08:15")),
                record(2, 1, Missed, None, None),
            ],
            ..Case::default()
        },
        Case {
            name: "a visit outside the period, and a completed one with no times",
            visits: vec![visit(1, "07:30", 45), visit(2, "19:00", 30)],
            visit_records: vec![record(1, 1, Completed, None, None)],
            ..Case::default()
        },
    ]);
}

#[test]
fn findings_sort_by_person_then_severity_then_time() {
    let mut v2 = visit(2, "07:00", 30);
    v2.person_id = 2;
    let found = run(&Case {
        meds: vec![med(1, &["08:00", "12:00"]), levodopa(2, &["16:00"])],
        visits: vec![v2, visit(1, "09:00", 30)],
        entered: vec![],
        ..Case::default()
    });
    let got: Vec<(i64, Severity, String)> = found.iter().map(|f| (f.person_id, f.severity, f.key.clone())).collect();
    assert_eq!(
        got,
        vec![
            (1, Medium, "not_entered:m1:2026-11-24T08:00:00Z".to_string()),
            (1, Medium, "not_entered:v1".to_string()),
            (1, Medium, "not_entered:m1:2026-11-24T12:00:00Z".to_string()),
            (1, Medium, "not_entered:m2:2026-11-24T16:00:00Z".to_string()),
            (2, Medium, "not_entered:v2".to_string()),
        ]
    );
    let entered = run(&Case {
        meds: vec![med(1, &["08:00", "12:00"]), levodopa(2, &["16:00"])],
        ..Case::default()
    });
    let kinds: Vec<(Severity, String)> = entered.iter().map(|f| (f.severity, f.key.clone())).collect();
    assert_eq!(kinds[0], (High, "missed_dose:m2:2026-11-24T16:00:00Z".to_string()));
    assert_eq!(kinds.len(), 3);
}
