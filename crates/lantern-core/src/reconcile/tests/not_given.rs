//! Doses recorded as not given — refused, omitted, not available, away, other — are outcomes on
//! record, not missed doses; and the headline says "no missed doses" only when that is true.

use super::*;
use DoseOutcome::*;
use FindingKind::*;
use Severity::*;

#[test]
fn recorded_non_administrations_have_their_own_kinds() {
    let tc = || vec![levodopa(1, &["08:00"])];
    let ordinary = || vec![med(1, &["08:00"])];
    let row = |outcome| dose(1, 1, outcome, Some("08:00"), Some("08:05"));
    check_table(&[
        Case {
            name: "refused on time, ordinary: a refusal for review, not a missed dose",
            meds: ordinary(),
            doses: vec![DoseRecord {
                note: "spat it out".into(),
                ..row(Refused)
            }],
            expect: vec![expect(
                DoseRefused,
                Low,
                "dose_refused:m1:2026-11-24T08:00:00Z",
                &["due 08:00: recorded as refused at 08:05 (“spat it out”)", "Review"],
            )],
            ..Case::default()
        },
        Case {
            name: "refused, time-critical: high, clinical advice",
            meds: tc(),
            doses: vec![row(Refused)],
            expect: vec![expect(
                DoseRefused,
                High,
                "dose_refused:m1:2026-11-24T08:00:00Z",
                &["recorded as refused", "GP, pharmacist or NHS 111"],
            )],
            ..Case::default()
        },
        Case {
            name: "a refusal not written in a row is matched by its time",
            meds: ordinary(),
            doses: vec![dose(1, 1, Refused, None, Some("08:10"))],
            expect: vec![expect(DoseRefused, Low, "dose_refused:m1:2026-11-24T08:00:00Z", &[])],
            ..Case::default()
        },
        Case {
            name: "omitted, ordinary",
            meds: ordinary(),
            doses: vec![row(Omitted)],
            expect: vec![expect(
                DoseNotGiven,
                Medium,
                "dose_not_given:m1:2026-11-24T08:00:00Z",
                &["recorded as omitted", "reason written on the MAR"],
            )],
            ..Case::default()
        },
        Case {
            name: "other reason, ordinary",
            meds: ordinary(),
            doses: vec![row(Other)],
            expect: vec![expect(
                DoseNotGiven,
                Medium,
                "dose_not_given:m1:2026-11-24T08:00:00Z",
                &["recorded as other"],
            )],
            ..Case::default()
        },
        Case {
            name: "omitted, time-critical",
            meds: tc(),
            doses: vec![row(Omitted)],
            expect: vec![expect(
                DoseNotGiven,
                High,
                "dose_not_given:m1:2026-11-24T08:00:00Z",
                &["NHS 111"],
            )],
            ..Case::default()
        },
        Case {
            name: "not available, ordinary",
            meds: ordinary(),
            doses: vec![dose(1, 1, NotAvailable, Some("08:00"), None)],
            expect: vec![expect(
                DoseNotAvailable,
                Medium,
                "dose_not_available:m1:2026-11-24T08:00:00Z",
                &["recorded as not available", "supply from the pharmacy"],
            )],
            ..Case::default()
        },
        Case {
            name: "not available, time-critical",
            meds: tc(),
            doses: vec![dose(1, 1, NotAvailable, Some("08:00"), None)],
            expect: vec![expect(
                DoseNotAvailable,
                High,
                "dose_not_available:m1:2026-11-24T08:00:00Z",
                &["out-of-hours pharmacy", "medication incident"],
            )],
            ..Case::default()
        },
        Case {
            name: "away or in hospital is low, even time-critical",
            meds: tc(),
            doses: vec![dose(1, 1, Away, Some("08:00"), None)],
            expect: vec![expect(
                DoseAway,
                Low,
                "dose_away:m1:2026-11-24T08:00:00Z",
                &["away or in hospital", "discharge letter"],
            )],
            ..Case::default()
        },
        Case {
            name: "refused, then not available later: the latest outcome",
            meds: ordinary(),
            doses: vec![row(Refused), dose(2, 1, NotAvailable, Some("08:00"), Some("09:00"))],
            expect: vec![expect(
                DoseNotAvailable,
                Medium,
                "dose_not_available:m1:2026-11-24T08:00:00Z",
                &[],
            )],
            ..Case::default()
        },
        Case {
            name: "nothing recorded on an entered MAR is the only missed dose",
            meds: tc(),
            expect: vec![expect(
                MissedDose,
                High,
                "missed_dose:m1:2026-11-24T08:00:00Z",
                &["nothing recorded", "NHS 111"],
            )],
            ..Case::default()
        },
        Case {
            name: "every 6 hours, time-critical, refused in the gap",
            meds: vec![MedicineSchedule {
                time_critical: true,
                ..every(1, 6)
            }],
            doses: vec![
                loose(1, 1, "02:00"),
                dose(2, 1, Refused, None, Some("08:05")),
                loose(3, 1, "14:00"),
            ],
            expect: vec![expect(
                DoseRefused,
                High,
                "dose_refused:m1:2026-11-24T08:00:00Z",
                &["; refused at 08:05", "GP, pharmacist or NHS 111"],
            )],
            ..Case::default()
        },
    ]);
}

fn register(people: usize, medicines: usize, visits: usize) -> Register {
    Register {
        people,
        medicines,
        visits,
    }
}

fn finding(kind: FindingKind, medicine: Option<i64>) -> Finding {
    let mut f = Finding::new(kind, Low, 1, format!("{}:x", kind.as_str()));
    f.medicine_id = medicine;
    f
}

#[test]
fn the_headline_says_no_missed_doses_only_when_true() {
    let refused = finding(DoseRefused, Some(1));
    let away = finding(DoseAway, Some(2));
    let s = summarise(register(3, 4, 0), &[refused.clone(), away]);
    assert!(s.no_missed_doses && !s.nothing_due);
    assert_eq!(s.headline, "No missed doses: every dose due has an outcome recorded.");
    assert_eq!(
        s.not_given,
        ["1 refused", "1 not given because the person was away or in hospital"]
    );

    let s = summarise(register(3, 4, 0), &[refused.clone(), finding(MissedDose, Some(1))]);
    assert!(!s.no_missed_doses);
    assert_eq!(
        s.headline,
        "1 dose missed: nothing was recorded for it on the entered MAR."
    );
    assert_eq!(s.not_given, ["1 refused"]);

    let missed = finding(MissedDose, Some(1));
    let later = finding(NotEntered, Some(1));
    let s = summarise(
        register(3, 4, 0),
        &[missed.clone(), missed, later.clone(), later.clone()],
    );
    assert_eq!(
        s.headline,
        "2 doses missed: nothing was recorded for them on the entered MAR; 2 more on MAR sheets not entered yet."
    );

    // A visit sheet not entered says nothing about doses.
    let visit_sheet = finding(NotEntered, None);
    let s = summarise(register(3, 4, 2), &[later, visit_sheet.clone()]);
    assert!(!s.no_missed_doses);
    assert_eq!(
        s.headline,
        "Missed doses not yet known: 1 dose on MAR sheets not entered yet."
    );
    assert!(summarise(register(3, 4, 2), &[visit_sheet]).no_missed_doses);
}

#[test]
fn an_empty_register_says_nothing_was_due() {
    let s = summarise(register(0, 0, 0), &[]);
    assert!(s.nothing_due && !s.no_missed_doses, "no claim about medication: {s:?}");
    assert!(
        s.headline.contains("the register held nobody for these services"),
        "{}",
        s.headline
    );
    let s = summarise(register(2, 0, 0), &[]);
    assert!(s.nothing_due && !s.no_missed_doses);
    assert_eq!(
        s.headline,
        "No doses were due: the register held 2 people but no medicines or visits for them when the disruption began."
    );
    // Visits were due: there is a reconciliation to sign, though no doses.
    let s = summarise(register(1, 0, 3), &[]);
    assert!(!s.nothing_due);
    assert!(
        s.headline.contains("1 person but no medicines for them"),
        "{}",
        s.headline
    );
}
