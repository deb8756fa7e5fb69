//! Shared builders and the table runner for the reconciliation tests.

mod clock;
mod doses;
mod model;
mod not_given;
mod others;
mod props;
mod visits;

use super::*;
use crate::values::DoseTime;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

/// An instant: "…Z" is UTC; otherwise a Europe/London wall-clock "2026-11-24 08:00", or just
/// "08:00" on Tuesday 24 November 2026 (GMT, so UTC and London agree).
pub(super) fn at(s: &str) -> Timestamp {
    if s.ends_with('Z') {
        return s.parse().unwrap();
    }
    let full = if s.len() == 5 {
        format!("2026-11-24 {s}")
    } else {
        s.to_string()
    };
    let dt: DateTime = full.replace(' ', "T").parse().unwrap();
    dt.to_zoned_datetime(crate::schedule::london()).unwrap().timestamp()
}

pub(super) fn t(s: &str) -> DoseTime {
    DoseTime::parse(s).unwrap()
}

pub(super) fn date(s: &str) -> Date {
    s.parse().unwrap()
}

pub(super) fn period(start: &str, end: &str) -> Period {
    Period {
        start: at(start),
        end: at(end),
    }
}

/// An ordinary regular medicine for person 1 with the default 30/120 window.
pub(super) fn med(id: i64, times: &[&str]) -> MedicineSchedule {
    MedicineSchedule {
        medicine_id: id,
        person_id: 1,
        label: format!("Med{id} 10 mg — 1 tablet"),
        times: times.iter().map(|s| t(s)).collect(),
        interval_hours: None,
        time_critical: false,
        early_minutes: 30,
        late_minutes: 120,
        prn: None,
        start_date: None,
        end_date: None,
    }
}

/// Levodopa, time-critical, ±30 min.
pub(super) fn levodopa(id: i64, times: &[&str]) -> MedicineSchedule {
    MedicineSchedule {
        label: "Levodopa 100 mg — 1 tablet".into(),
        time_critical: true,
        late_minutes: 30,
        ..med(id, times)
    }
}

pub(super) fn prn(id: i64, min_interval: Option<i64>, max: Option<i64>) -> MedicineSchedule {
    MedicineSchedule {
        label: format!("Paracetamol 500 mg — 2 tablets #{id}"),
        prn: Some(PrnRule {
            min_interval_minutes: min_interval,
            max_doses_24h: max,
        }),
        ..med(id, &[])
    }
}

pub(super) fn every(id: i64, hours: i64) -> MedicineSchedule {
    MedicineSchedule {
        interval_hours: Some(hours),
        ..med(id, &[])
    }
}

/// A dose record for person 1: `row` is the sheet row (due time) it was written in.
pub(super) fn dose(id: i64, medicine: i64, outcome: DoseOutcome, row: Option<&str>, when: Option<&str>) -> DoseRecord {
    DoseRecord {
        id,
        person_id: 1,
        medicine_id: Some(medicine),
        due_at: row.map(at),
        outcome,
        at: when.map(at),
        note: String::new(),
    }
}

/// Given, written in the row for `row`, at `when`.
pub(super) fn given(id: i64, medicine: i64, row: &str, when: &str) -> DoseRecord {
    dose(id, medicine, DoseOutcome::Given, Some(row), Some(when))
}

/// Given at `when`, not written in any row.
pub(super) fn loose(id: i64, medicine: i64, when: &str) -> DoseRecord {
    dose(id, medicine, DoseOutcome::Given, None, Some(when))
}

pub(super) fn mar(person_id: i64, day: &str) -> Sheet {
    Sheet::Mar {
        person_id,
        date: date(day),
    }
}

/// A table row: what goes in, and every finding expected out, in the sorted order.
pub(super) struct Case {
    pub name: &'static str,
    pub period: Period,
    pub meds: Vec<MedicineSchedule>,
    pub visits: Vec<PlannedVisit>,
    pub doses: Vec<DoseRecord>,
    pub visit_records: Vec<VisitRecord>,
    pub entered: Vec<Sheet>,
    pub expect: Vec<Expect>,
}

impl Default for Case {
    /// 06:00–18:00 on Tue 24 Nov 2026, person 1's MAR and branch 9's visit sheet entered.
    fn default() -> Self {
        Self {
            name: "",
            period: period("06:00", "18:00"),
            meds: Vec::new(),
            visits: Vec::new(),
            doses: Vec::new(),
            visit_records: Vec::new(),
            entered: vec![
                mar(1, "2026-11-24"),
                Sheet::Visits {
                    service_id: 9,
                    date: date("2026-11-24"),
                },
            ],
            expect: Vec::new(),
        }
    }
}

/// One expected finding: its kind, severity, key, and words its explanation and next step hold.
pub(super) struct Expect {
    pub kind: FindingKind,
    pub severity: Severity,
    pub key: &'static str,
    pub says: &'static [&'static str],
}

pub(super) fn expect(
    kind: FindingKind,
    severity: Severity,
    key: &'static str,
    says: &'static [&'static str],
) -> Expect {
    Expect {
        kind,
        severity,
        key,
        says,
    }
}

pub(super) fn run(case: &Case) -> Vec<Finding> {
    let entered = case.entered.iter().copied().collect();
    reconcile(&Input {
        period: case.period,
        policy: Policy::default(),
        medicines: &case.meds,
        visits: &case.visits,
        doses: &case.doses,
        visit_records: &case.visit_records,
        entered: &entered,
    })
}

/// Runs every case and fails with the case's name and what came out instead.
pub(super) fn check_table(cases: &[Case]) {
    for case in cases {
        let found = run(case);
        let summary: Vec<String> = found
            .iter()
            .map(|f| {
                format!(
                    "{:?} {:?} {} — {} → {}",
                    f.kind, f.severity, f.key, f.explanation, f.next_step
                )
            })
            .collect();
        assert_eq!(found.len(), case.expect.len(), "{}: got {summary:#?}", case.name);
        for (f, e) in found.iter().zip(&case.expect) {
            assert_eq!(
                (f.kind, f.severity, f.key.as_str()),
                (e.kind, e.severity, e.key),
                "{}: got {summary:#?}",
                case.name
            );
            for word in e.says {
                let both = format!("{} → {}", f.explanation, f.next_step);
                assert!(both.contains(word), "{}: '{word}' not in '{both}'", case.name);
            }
        }
    }
}
