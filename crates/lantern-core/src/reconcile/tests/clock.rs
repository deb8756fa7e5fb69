//! The clock changes: a dose is neither created nor lost (PRODUCT.md, Rules that matter).

use super::*;
use crate::schedule::ClockChange;
use FindingKind::*;
use Severity::*;

fn spring() -> Period {
    period("2026-03-29 00:00", "2026-03-30 00:00")
}

fn autumn() -> Period {
    period("2026-10-25 00:00", "2026-10-26 00:00")
}

#[test]
fn spring_day_has_one_0130_dose_due_at_0230_bst() {
    let due = due_doses(spring(), &[med(1, &["01:30", "08:00"])]);
    let got: Vec<(String, ClockChange)> = due.iter().map(|d| (d.due_at.to_string(), d.change)).collect();
    assert_eq!(
        got,
        vec![
            ("2026-03-29T01:30:00Z".to_string(), ClockChange::Skipped),
            ("2026-03-29T07:00:00Z".to_string(), ClockChange::None),
        ]
    );
    assert_eq!((due[0].date, due[0].time), (date("2026-03-29"), t("01:30")));
}

#[test]
fn spring_day_reconciles() {
    let entered = vec![mar(1, "2026-03-29")];
    let base = || Case {
        period: spring(),
        meds: vec![med(1, &["01:30"])],
        entered: entered.clone(),
        ..Case::default()
    };
    check_table(&[
        Case {
            name: "given at 02:30 BST in its row: not missed, not duplicated",
            doses: vec![given(1, 1, "2026-03-29T01:30:00Z", "2026-03-29 02:30")],
            ..base()
        },
        Case {
            name: "given loose at 02:35 BST",
            doses: vec![loose(1, 1, "2026-03-29 02:35")],
            ..base()
        },
        Case {
            name: "not given: one missed dose, shown at its new time",
            expect: vec![expect(
                MissedDose,
                Medium,
                "missed_dose:m1:2026-03-29T01:30:00Z:skipped",
                &["due 02:30 (01:30 on the sheet: the clocks went forward)"],
            )],
            ..base()
        },
        Case {
            name: "01:30 and 02:30 both land at 02:30 BST: two doses, two records",
            meds: vec![med(1, &["01:30", "02:30"])],
            doses: vec![
                given(1, 1, "2026-03-29T01:30:00Z", "2026-03-29 02:30"),
                given(2, 1, "2026-03-29T01:30:00Z", "2026-03-29 02:31"),
            ],
            ..base()
        },
        Case {
            name: "01:30 and 02:30 with one record: one missed",
            meds: vec![med(1, &["01:30", "02:30"])],
            doses: vec![given(1, 1, "2026-03-29T01:30:00Z", "2026-03-29 02:30")],
            expect: vec![expect(
                MissedDose,
                Medium,
                "missed_dose:m1:2026-03-29T01:30:00Z",
                &["due 02:30: nothing recorded"],
            )],
            ..base()
        },
    ]);
}

#[test]
fn autumn_day_has_one_0130_dose_at_the_first_occurrence() {
    let due = due_doses(autumn(), &[med(1, &["01:30"])]);
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0].due_at.to_string(), "2026-10-25T00:30:00Z");
    assert_eq!(due[0].change, ClockChange::Repeated);
}

#[test]
fn autumn_day_reconciles() {
    let entered = vec![mar(1, "2026-10-25")];
    let base = || Case {
        period: autumn(),
        meds: vec![med(1, &["01:30"])],
        entered: entered.clone(),
        ..Case::default()
    };
    check_table(&[
        Case {
            name: "given once at the first 01:30",
            doses: vec![given(1, 1, "2026-10-25T00:30:00Z", "2026-10-25T00:30:00Z")],
            ..base()
        },
        Case {
            name: "given again at the second 01:30, in the same row: a duplicate",
            doses: vec![
                given(1, 1, "2026-10-25T00:30:00Z", "2026-10-25T00:30:00Z"),
                given(2, 1, "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"),
            ],
            expect: vec![expect(
                DuplicateDose,
                High,
                "duplicate_dose:m1:2026-10-25T00:30:00Z",
                &["due 01:30 BST recorded as given 2 times: 01:30 BST, 01:30 GMT"],
            )],
            ..base()
        },
        Case {
            name: "given again an hour later, loose: still a duplicate, not a second slot",
            doses: vec![loose(1, 1, "2026-10-25T00:30:00Z"), loose(2, 1, "2026-10-25T01:30:00Z")],
            expect: vec![expect(
                DuplicateDose,
                High,
                "duplicate_dose:m1:2026-10-25T00:30:00Z",
                &[],
            )],
            ..base()
        },
        Case {
            name: "given only at the second 01:30: 60 min late, inside the window",
            doses: vec![loose(2, 1, "2026-10-25T01:30:00Z")],
            ..base()
        },
    ]);
}

#[test]
fn a_day_is_shown_only_when_the_period_spans_days() {
    let f = run(&Case {
        period: period("2026-11-24 20:00", "2026-11-25 08:00"),
        meds: vec![med(1, &["22:00"])],
        entered: vec![mar(1, "2026-11-24")],
        ..Case::default()
    });
    assert_eq!(f.len(), 1);
    assert!(
        f[0].explanation.contains("due Tue 24 Nov 22:00"),
        "{}",
        f[0].explanation
    );
}
