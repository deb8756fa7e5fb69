//! Properties over random schedules: a complete record gives no findings, and each record
//! taken away gives exactly the one finding it should.

use super::*;
use crate::schedule::due_at;
use jiff::SignedDuration;
use proptest::prelude::*;
use proptest::sample::Index;

/// Days that include both clock changes of 2026 and an ordinary one.
const DAYS: [&str; 5] = ["2026-03-28", "2026-03-29", "2026-10-24", "2026-10-25", "2026-11-24"];

fn arb_period() -> impl Strategy<Value = Period> {
    (0..DAYS.len(), 0i64..1440, 30i64..2880).prop_map(|(d, offset, length)| {
        let midnight = due_at(date(DAYS[d]), t("00:00")).0;
        let start = midnight.checked_add(SignedDuration::from_mins(offset)).unwrap();
        let end = start.checked_add(SignedDuration::from_mins(length)).unwrap();
        Period { start, end }
    })
}

fn arb_medicine() -> impl Strategy<Value = MedicineSchedule> {
    (
        1i64..4,
        proptest::collection::btree_set(0u16..1440, 1..6),
        any::<bool>(),
        0i64..90,
        0i64..240,
        proptest::option::of(-1i64..3),
        proptest::option::of(-1i64..3),
        any::<bool>(),
    )
        .prop_map(|(person, times, critical, early, late, from, until, is_prn)| {
            let day = |n: i64| date("2026-11-24").checked_add(jiff::Span::new().days(n)).unwrap();
            let mut m = med(0, &[]);
            m.person_id = person;
            m.times = times.into_iter().filter_map(DoseTime::from_minutes).collect();
            m.time_critical = critical;
            m.early_minutes = early;
            m.late_minutes = late;
            // Dates relative to the period's day are shifted in `with_dates` below.
            m.start_date = from.map(day);
            m.end_date = until.map(day);
            if is_prn && person == 3 {
                m.times.clear();
                m.prn = Some(PrnRule {
                    min_interval_minutes: Some(240),
                    max_doses_24h: Some(4),
                });
            }
            m
        })
}

/// Medicines with ids, their start and end dates moved next to the period's first day.
fn with_dates(period: Period, mut meds: Vec<MedicineSchedule>) -> Vec<MedicineSchedule> {
    let first = crate::schedule::london().to_datetime(period.start).date();
    let shift = |d: Date| {
        let n = (d - date("2026-11-24")).get_days();
        first.checked_add(jiff::Span::new().days(n)).unwrap()
    };
    for (i, m) in meds.iter_mut().enumerate() {
        m.medicine_id = i as i64 + 1;
        m.start_date = m.start_date.map(shift);
        m.end_date = m.end_date.map(shift);
    }
    meds
}

/// Every MAR and visit sheet from the day before the period to three days after it.
fn all_sheets(period: Period) -> BTreeSet<Sheet> {
    let first = crate::schedule::london().to_datetime(period.start).date();
    let mut set = BTreeSet::new();
    for n in -1..=3 {
        let date = first.checked_add(jiff::Span::new().days(n)).unwrap();
        for person_id in 1..4 {
            set.insert(Sheet::Mar { person_id, date });
        }
        set.insert(Sheet::Visits { service_id: 9, date });
    }
    set
}

fn reconcile_doses(
    period: Period,
    meds: &[MedicineSchedule],
    doses: &[DoseRecord],
    entered: &BTreeSet<Sheet>,
) -> Vec<Finding> {
    reconcile(&Input {
        period,
        policy: Policy::default(),
        medicines: meds,
        visits: &[],
        doses,
        visit_records: &[],
        entered,
    })
}

proptest! {
    #[test]
    fn given_on_time_for_every_due_dose_means_no_findings_and_each_gap_is_one_missed_dose(
        period in arb_period(),
        meds in proptest::collection::vec(arb_medicine(), 1..6),
        pick in any::<Index>(),
    ) {
        let meds = with_dates(period, meds);
        let due = due_doses(period, &meds);
        let person_of = |id: i64| meds.iter().find(|m| m.medicine_id == id).map(|m| m.person_id);
        let doses: Vec<DoseRecord> = due
            .iter()
            .enumerate()
            .map(|(i, d)| DoseRecord {
                id: i as i64 + 1,
                person_id: person_of(d.medicine_id).unwrap(),
                medicine_id: Some(d.medicine_id),
                due_at: Some(d.due_at),
                outcome: DoseOutcome::Given,
                at: Some(d.due_at),
                note: String::new(),
            })
            .collect();
        let entered = all_sheets(period);
        let found = reconcile_doses(period, &meds, &doses, &entered);
        prop_assert!(found.is_empty(), "{found:#?}");
        for d in &due {
            prop_assert!(period.contains(d.due_at));
            prop_assert!(meds.iter().any(|m| m.medicine_id == d.medicine_id && m.taken_on(d.date)));
        }

        if !doses.is_empty() {
            let k = pick.index(doses.len());
            let mut fewer = doses.clone();
            fewer.remove(k);
            let found = reconcile_doses(period, &meds, &fewer, &entered);
            prop_assert_eq!(found.len(), 1, "{:#?}", found);
            let f = &found[0];
            prop_assert_eq!(f.kind, FindingKind::MissedDose);
            prop_assert_eq!(f.medicine_id, Some(due[k].medicine_id));
            prop_assert_eq!(f.due_at, Some(due[k].due_at));
            prop_assert_eq!(f.person_id, doses[k].person_id);
        }
    }

    #[test]
    fn every_visit_completed_in_full_means_no_findings_and_each_gap_is_one_missed_visit(
        period in arb_period(),
        starts in proptest::collection::vec((0i64..2880, 10i64..120, any::<bool>()), 1..8),
        pick in any::<Index>(),
    ) {
        let visits: Vec<PlannedVisit> = starts
            .iter()
            .enumerate()
            .map(|(i, &(offset, minutes, priority))| {
                let due = period.start.checked_add(SignedDuration::from_mins(offset % 2880)).unwrap();
                PlannedVisit {
                    visit_id: i as i64 + 1,
                    person_id: 1,
                    service_id: 9,
                    due,
                    date: crate::schedule::london().to_datetime(due).date(),
                    duration_minutes: minutes,
                    priority,
                    label: format!("Visit {i}"),
                }
            })
            .collect();
        let records: Vec<VisitRecord> = visits
            .iter()
            .map(|v| VisitRecord {
                id: v.visit_id + 100,
                visit_id: v.visit_id,
                outcome: VisitOutcome::Completed,
                arrived: Some(v.due),
                departed: v.due.checked_add(SignedDuration::from_mins(v.duration_minutes)).ok(),
            })
            .collect();
        let entered = all_sheets(period);
        let input = |records: &[VisitRecord]| {
            reconcile(&Input {
                period,
                policy: Policy::default(),
                medicines: &[],
                visits: &visits,
                doses: &[],
                visit_records: records,
                entered: &entered,
            })
        };
        prop_assert!(input(&records).is_empty());
        let k = pick.index(records.len());
        let mut fewer = records.clone();
        fewer.remove(k);
        let found = input(&fewer);
        if period.contains(visits[k].due) {
            prop_assert_eq!(found.len(), 1, "{:#?}", found);
            prop_assert_eq!(found[0].kind, FindingKind::MissedVisit);
            prop_assert_eq!(found[0].visit_id, Some(visits[k].visit_id));
            let high = visits[k].priority;
            prop_assert_eq!(found[0].severity, if high { Severity::High } else { Severity::Medium });
        } else {
            prop_assert!(found.is_empty());
        }
    }
}
