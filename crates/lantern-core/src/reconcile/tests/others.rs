//! Interval ("every N hours") and PRN medicines.

use super::*;
use DoseOutcome::*;
use FindingKind::*;
use Severity::*;

#[test]
fn interval_medicines_are_checked_by_spacing() {
    let six = || vec![every(1, 6)];
    check_table(&[
        Case {
            name: "every 6 hours, the first dose before the period",
            meds: six(),
            doses: vec![loose(1, 1, "02:00"), loose(2, 1, "08:00"), loose(3, 1, "14:00")],
            ..Case::default()
        },
        Case {
            name: "7 h 30 min apart is inside the late window",
            meds: six(),
            doses: vec![loose(1, 1, "02:00"), loose(2, 1, "09:30"), loose(3, 1, "15:30")],
            ..Case::default()
        },
        Case {
            name: "a gap longer than 6 h plus the 2 h late window",
            meds: six(),
            doses: vec![loose(1, 1, "02:00"), loose(2, 1, "12:00")],
            expect: vec![expect(
                MissedDose,
                Medium,
                "missed_dose:m1:2026-11-24T08:00:00Z",
                &["(every 6 hours): no dose given after the dose at 02:00 until 12:00 (10 h;"],
            )],
            ..Case::default()
        },
        Case {
            name: "a recorded refusal in the gap is its reason",
            meds: six(),
            doses: vec![
                loose(1, 1, "02:00"),
                dose(2, 1, Refused, None, Some("08:05")),
                loose(3, 1, "14:00"),
            ],
            expect: vec![expect(
                DoseRefused,
                Low,
                "dose_refused:m1:2026-11-24T08:00:00Z",
                &["; refused at 08:05", "Review"],
            )],
            ..Case::default()
        },
        Case {
            name: "no dose at all in a 12-hour period",
            meds: six(),
            expect: vec![expect(
                MissedDose,
                Medium,
                "missed_dose:m1:since:2026-11-24T06:00:00Z",
                &["from the start of the period at 06:00 up to the end of the period at 18:00 (12 h;"],
            )],
            ..Case::default()
        },
        Case {
            name: "no dose and the MAR not entered",
            meds: six(),
            entered: vec![],
            expect: vec![expect(
                NotEntered,
                Medium,
                "not_entered:m1:since:2026-11-24T06:00:00Z",
                &["Enter the paper MAR for Tue 24 Nov"],
            )],
            ..Case::default()
        },
        Case {
            name: "no dose for the rest of the period",
            meds: six(),
            doses: vec![loose(1, 1, "02:00"), loose(2, 1, "08:00")],
            expect: vec![expect(
                MissedDose,
                Medium,
                "missed_dose:m1:2026-11-24T14:00:00Z",
                &["up to the end of the period at 18:00"],
            )],
            ..Case::default()
        },
        Case {
            name: "too soon after the last dose",
            meds: six(),
            doses: vec![loose(1, 1, "08:00"), loose(2, 1, "11:00")],
            expect: vec![expect(
                OutsideWindow,
                Medium,
                "outside_window:m1:r2",
                &["given 11:00, 3 h after the dose at 08:00"],
            )],
            ..Case::default()
        },
        Case {
            name: "twice inside the early window: a duplicate, then nothing for over 8 h",
            meds: vec![MedicineSchedule {
                time_critical: true,
                late_minutes: 30,
                ..every(1, 6)
            }],
            doses: vec![loose(1, 1, "08:00"), loose(2, 1, "08:20")],
            expect: vec![
                expect(
                    DuplicateDose,
                    High,
                    "duplicate_dose:m1:r2",
                    &["20 min after the dose at 08:00"],
                ),
                expect(MissedDose, High, "missed_dose:m1:2026-11-24T14:20:00Z", &["NHS 111"]),
            ],
            ..Case::default()
        },
    ]);
}

#[test]
fn prn_interval_and_maximum() {
    let para = || vec![prn(1, Some(240), Some(4))];
    check_table(&[
        Case {
            name: "four hours apart",
            meds: para(),
            doses: vec![loose(1, 1, "08:00"), loose(2, 1, "12:00"), loose(3, 1, "16:00")],
            ..Case::default()
        },
        Case {
            name: "given before the minimum interval",
            meds: para(),
            doses: vec![loose(1, 1, "08:00"), loose(2, 1, "10:00")],
            expect: vec![expect(
                PrnTooSoon,
                Medium,
                "prn_too_soon:m1:r2",
                &["(PRN) given 10:00, 2 h after the dose at 08:00; minimum interval 4 h"],
            )],
            ..Case::default()
        },
        Case {
            name: "over the maximum, counting a dose the evening before the period",
            meds: para(),
            doses: vec![
                loose(1, 1, "2026-11-23 20:00"),
                loose(2, 1, "02:00"),
                loose(3, 1, "06:30"),
                loose(4, 1, "11:00"),
                loose(5, 1, "15:30"),
            ],
            expect: vec![expect(
                PrnOverMax,
                High,
                "prn_over_max:m1:r5",
                &[
                    "given 15:30: the 5th dose in 24 hours (given at Mon 23 Nov 20:00, 02:00, 06:30, 11:00, 15:30); maximum 4",
                    "report as a medication incident",
                ],
            )],
            ..Case::default()
        },
        Case {
            name: "overlapping 24-hour windows report each dose once",
            period: period("2026-11-24 00:00", "2026-11-25 00:00"),
            meds: vec![prn(1, None, Some(2))],
            doses: vec![
                loose(1, 1, "2026-11-23 20:00"),
                loose(2, 1, "06:00"),
                loose(3, 1, "10:00"),
                loose(4, 1, "21:00"),
            ],
            expect: vec![
                expect(
                    PrnOverMax,
                    High,
                    "prn_over_max:m1:r3",
                    &["the 3rd dose in 24 hours (given at Mon 23 Nov 20:00, 06:00, 10:00)"],
                ),
                expect(
                    PrnOverMax,
                    High,
                    "prn_over_max:m1:r4",
                    &["the 3rd dose in 24 hours (given at 06:00, 10:00, 21:00)"],
                ),
            ],
            ..Case::default()
        },
        Case {
            name: "exactly 24 hours apart is not in the same 24 hours",
            period: period("2026-11-24 00:00", "2026-11-26 00:00"),
            meds: vec![prn(1, None, Some(1))],
            doses: vec![loose(1, 1, "2026-11-24 08:00"), loose(2, 1, "2026-11-25 08:00")],
            ..Case::default()
        },
        Case {
            name: "a minute under 24 hours is",
            period: period("2026-11-24 00:00", "2026-11-26 00:00"),
            meds: vec![prn(1, None, Some(1))],
            doses: vec![loose(1, 1, "2026-11-24 08:00"), loose(2, 1, "2026-11-25 07:59")],
            expect: vec![expect(PrnOverMax, High, "prn_over_max:m1:r2", &["2nd dose"])],
            ..Case::default()
        },
        Case {
            name: "doses before the period count but are not reported",
            meds: vec![prn(1, None, Some(2))],
            doses: vec![
                loose(1, 1, "2026-11-23 01:00"),
                loose(2, 1, "2026-11-23 02:00"),
                loose(3, 1, "2026-11-23 03:00"),
                loose(4, 1, "07:00"),
            ],
            ..Case::default()
        },
        Case {
            name: "a refusal is not a finding; a dose with no time cannot be checked",
            meds: para(),
            doses: vec![dose(1, 1, Refused, None, Some("09:00")), dose(2, 1, Given, None, None)],
            expect: vec![expect(
                NoSchedule,
                Medium,
                "no_schedule:m1:r2",
                &["recorded with no time", "Find the time"],
            )],
            ..Case::default()
        },
    ]);
}
