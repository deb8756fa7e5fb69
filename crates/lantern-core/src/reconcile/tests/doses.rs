//! Fixed-time doses: matching records to slots and judging each slot.

use super::*;
use DoseOutcome::*;
use FindingKind::*;
use Severity::*;

#[test]
fn fixed_time_doses() {
    let tc = || vec![levodopa(1, &["08:00"])];
    let ordinary = || vec![med(1, &["08:00"])];
    check_table(&[
        Case {
            name: "given inside the window",
            meds: ordinary(),
            doses: vec![given(1, 1, "08:00", "09:55")],
            ..Case::default()
        },
        Case {
            name: "given late, ordinary medicine",
            meds: ordinary(),
            doses: vec![given(1, 1, "08:00", "10:30")],
            expect: vec![expect(
                OutsideWindow,
                Medium,
                "outside_window:m1:2026-11-24T08:00:00Z",
                &[
                    "due 08:00 given 10:30: 2 h 30 min late; window 30 min early to 120 min late",
                    "spaced safely",
                ],
            )],
            ..Case::default()
        },
        Case {
            name: "given early, ordinary medicine",
            meds: ordinary(),
            doses: vec![given(1, 1, "08:00", "07:20")],
            expect: vec![expect(
                OutsideWindow,
                Medium,
                "outside_window:m1:2026-11-24T08:00:00Z",
                &["40 min early"],
            )],
            ..Case::default()
        },
        Case {
            name: "time-critical late",
            meds: tc(),
            doses: vec![given(1, 1, "08:00", "09:10")],
            expect: vec![expect(
                TimeCriticalLate,
                High,
                "time_critical_late:m1:2026-11-24T08:00:00Z",
                &[
                    "Levodopa 100 mg — 1 tablet due 08:00 given 09:10: 70 min late; time-critical window ±30 min",
                    "Seek clinical advice now from the GP or NHS 111",
                ],
            )],
            ..Case::default()
        },
        Case {
            name: "time-critical on the edge of its window is fine",
            meds: tc(),
            doses: vec![given(1, 1, "08:00", "08:30")],
            ..Case::default()
        },
        Case {
            name: "time-critical early is outside its window, high",
            meds: tc(),
            doses: vec![given(1, 1, "08:00", "07:15")],
            expect: vec![expect(
                OutsideWindow,
                High,
                "outside_window:m1:2026-11-24T08:00:00Z",
                &["45 min early"],
            )],
            ..Case::default()
        },
        Case {
            name: "two given in one row",
            meds: ordinary(),
            doses: vec![given(1, 1, "08:00", "08:05"), given(2, 1, "08:00", "09:05")],
            expect: vec![expect(
                DuplicateDose,
                High,
                "duplicate_dose:m1:2026-11-24T08:00:00Z",
                &["recorded as given 2 times: 08:05, 09:05", "possible overdose"],
            )],
            ..Case::default()
        },
        Case {
            name: "a second loose dose inside a given slot's window is a duplicate",
            meds: ordinary(),
            doses: vec![given(1, 1, "08:00", "08:00"), loose(2, 1, "09:30")],
            expect: vec![expect(
                DuplicateDose,
                High,
                "duplicate_dose:m1:2026-11-24T08:00:00Z",
                &["2 times"],
            )],
            ..Case::default()
        },
        Case {
            name: "refused then taken: the given record counts",
            meds: ordinary(),
            doses: vec![
                dose(1, 1, Refused, Some("08:00"), Some("08:00")),
                given(2, 1, "08:00", "08:40"),
            ],
            ..Case::default()
        },
        Case {
            name: "no record on an entered sheet",
            meds: ordinary(),
            expect: vec![expect(
                MissedDose,
                Medium,
                "missed_dose:m1:2026-11-24T08:00:00Z",
                &["nothing recorded on the paper MAR for Tue 24 Nov"],
            )],
            ..Case::default()
        },
        Case {
            name: "no record and the sheet not entered",
            meds: ordinary(),
            entered: vec![],
            expect: vec![expect(
                NotEntered,
                Medium,
                "not_entered:m1:2026-11-24T08:00:00Z",
                &["Enter the paper MAR for Tue 24 Nov"],
            )],
            ..Case::default()
        },
        Case {
            name: "a given with no time in a row counts as given at the row's time",
            meds: tc(),
            doses: vec![dose(1, 1, Given, Some("08:00"), None)],
            ..Case::default()
        },
    ]);
}

#[test]
fn records_that_match_no_schedule() {
    check_table(&[
        Case {
            name: "loose dose far from any slot: no schedule, and the slot is missed",
            meds: vec![med(1, &["08:00"])],
            doses: vec![loose(5, 1, "14:00")],
            expect: vec![
                expect(MissedDose, Medium, "missed_dose:m1:2026-11-24T08:00:00Z", &[]),
                expect(
                    NoSchedule,
                    Medium,
                    "no_schedule:m1:r5",
                    &["Given at 14:00 matches no dose due (due at 08:00"],
                ),
            ],
            ..Case::default()
        },
        Case {
            name: "written in a row when nothing is due",
            meds: vec![med(1, &["08:00"])],
            doses: vec![given(1, 1, "08:00", "08:00"), dose(2, 1, Refused, Some("12:00"), None)],
            expect: vec![expect(
                NoSchedule,
                Low,
                "no_schedule:m1:r2",
                &["Refused at 12:00 is written in a row when no dose is due"],
            )],
            ..Case::default()
        },
        Case {
            name: "no medicine, an unknown medicine, another person's medicine",
            meds: vec![med(1, &["08:00"])],
            doses: vec![
                given(1, 1, "08:00", "08:00"),
                DoseRecord {
                    medicine_id: None,
                    ..loose(2, 0, "09:00")
                },
                loose(3, 77, "10:00"),
                DoseRecord {
                    person_id: 2,
                    ..loose(4, 1, "11:00")
                },
                DoseRecord {
                    medicine_id: None,
                    ..loose(5, 0, "05:00")
                },
            ],
            expect: vec![
                expect(
                    NoSchedule,
                    Medium,
                    "no_schedule:r2",
                    &["Given at 09:00 recorded with no medicine"],
                ),
                expect(NoSchedule, Medium, "no_schedule:m77:r3", &["not in the register"]),
                expect(NoSchedule, Medium, "no_schedule:m1:r4", &["does not belong to"]),
            ],
            ..Case::default()
        },
        Case {
            name: "a medicine with neither times, interval nor PRN",
            meds: vec![med(1, &[])],
            doses: vec![loose(1, 1, "09:00")],
            expect: vec![expect(
                NoSchedule,
                Medium,
                "no_schedule:m1:r1",
                &["no dose times, interval or PRN rule"],
            )],
            ..Case::default()
        },
    ]);
}

#[test]
fn back_to_back_slots_each_take_their_own_record() {
    let meds = || vec![med(1, &["08:00", "09:00"])];
    check_table(&[
        Case {
            name: "rows 08:00 and 09:00, each given on time",
            meds: meds(),
            doses: vec![given(1, 1, "08:00", "08:00"), given(2, 1, "09:00", "09:00")],
            ..Case::default()
        },
        Case {
            name: "only the 09:00 row given: 08:00 is missed, not 09:00 duplicated",
            meds: meds(),
            doses: vec![given(2, 1, "09:00", "09:00")],
            expect: vec![expect(
                MissedDose,
                Medium,
                "missed_dose:m1:2026-11-24T08:00:00Z",
                &["due 08:00"],
            )],
            ..Case::default()
        },
        Case {
            name: "loose doses go to the nearest free slot",
            meds: meds(),
            doses: vec![loose(1, 1, "08:02"), loose(2, 1, "09:01")],
            ..Case::default()
        },
        Case {
            name: "the nearest slot is taken: a loose dose goes to a free one whose window holds it",
            meds: meds(),
            doses: vec![loose(1, 1, "08:50"), loose(2, 1, "09:05")],
            ..Case::default()
        },
        Case {
            name: "one loose dose near 08:00 leaves 09:00 missed",
            meds: meds(),
            doses: vec![loose(1, 1, "08:02")],
            expect: vec![expect(
                MissedDose,
                Medium,
                "missed_dose:m1:2026-11-24T09:00:00Z",
                &["due 09:00"],
            )],
            ..Case::default()
        },
    ]);
}

#[test]
fn the_period_and_the_medicine_dates_bound_the_slots() {
    check_table(&[
        Case {
            name: "a period starting mid-day: only the slots inside it",
            period: period("12:00", "18:00"),
            meds: vec![med(1, &["08:00", "14:00", "20:00"])],
            doses: vec![loose(1, 1, "10:00")],
            expect: vec![expect(
                MissedDose,
                Medium,
                "missed_dose:m1:2026-11-24T14:00:00Z",
                &["due 14:00"],
            )],
            ..Case::default()
        },
        Case {
            name: "a dose given just before the period for a slot before it is not taken for one inside",
            period: period("08:00", "18:00"),
            meds: vec![med(1, &["07:30", "08:15"])],
            doses: vec![loose(1, 1, "07:50"), loose(2, 1, "08:20")],
            ..Case::default()
        },
        Case {
            name: "the end of the period is not in it",
            meds: vec![med(1, &["18:00"])],
            ..Case::default()
        },
        Case {
            name: "start and end dates over three days, with the day shown",
            period: period("2026-11-24 00:00", "2026-11-27 00:00"),
            meds: vec![
                MedicineSchedule {
                    start_date: Some(date("2026-11-25")),
                    ..med(1, &["08:00"])
                },
                MedicineSchedule {
                    end_date: Some(date("2026-11-24")),
                    ..med(2, &["09:00"])
                },
            ],
            doses: vec![
                given(1, 1, "2026-11-26 08:00", "2026-11-26 08:00"),
                loose(2, 1, "2026-11-24 08:00"),
            ],
            entered: ["2026-11-24", "2026-11-25", "2026-11-26"]
                .iter()
                .map(|d| mar(1, d))
                .collect(),
            expect: vec![
                expect(
                    NoSchedule,
                    Medium,
                    "no_schedule:m1:r2",
                    &["Given at Tue 24 Nov 08:00", "from Wed 25 Nov"],
                ),
                expect(
                    MissedDose,
                    Medium,
                    "missed_dose:m2:2026-11-24T09:00:00Z",
                    &["due Tue 24 Nov 09:00"],
                ),
                expect(
                    MissedDose,
                    Medium,
                    "missed_dose:m1:2026-11-25T08:00:00Z",
                    &["due Wed 25 Nov 08:00"],
                ),
            ],
            ..Case::default()
        },
    ]);
}
