//! The report's reconciliation says "no missed doses" only when it is true and lists doses
//! recorded as not given (refused, …) apart from missed doses; an empty register says so.

use super::{at, poppler, squeeze};
use lantern_core::disruption::report::{ReportDocument, ReportFinding};
use lantern_core::reconcile::{Finding, FindingKind, Register, Severity, summarise};
use lantern_pdf::render_report;

/// A finding as lantern-web lays one into the report.
fn finding(kind: FindingKind, explanation: &str) -> ReportFinding {
    ReportFinding {
        person: "Ana Wróbel".into(),
        severity: "Low".into(),
        kind: kind.label().into(),
        explanation: explanation.into(),
        next_step: "Review: check the reason is on the MAR".into(),
        resolution: String::new(),
        not_given: kind.is_not_given(),
    }
}

/// A finding as the engine makes one (only its kind and medicine matter to the summary).
fn finding_of(kind: FindingKind) -> Finding {
    Finding {
        kind,
        severity: Severity::Low,
        person_id: 1,
        medicine_id: None,
        visit_id: None,
        due_at: None,
        when: None,
        record_ids: Vec::new(),
        key: kind.as_str().into(),
        explanation: String::new(),
        next_step: String::new(),
    }
}

fn text_of(doc: &ReportDocument) -> Option<String> {
    let rendered = render_report(doc, at()).unwrap();
    poppler("pdftotext", &rendered.pdf, &["-raw"])
}

#[test]
fn a_refusal_is_listed_as_not_given_and_the_headline_says_no_missed_doses() {
    // The engine's own summary of one refusal and one late visit.
    let mut refused = finding_of(FindingKind::DoseRefused);
    refused.medicine_id = Some(3);
    let findings = [refused, finding_of(FindingKind::LateVisit)];
    let doses = summarise(
        Register {
            people: 4,
            medicines: 9,
            visits: 2,
        },
        &findings,
    );
    let doc = ReportDocument {
        findings: vec![
            finding(
                FindingKind::LateVisit,
                "Visit 07:30 (45 min) arrived 08:40: 70 min late",
            ),
            finding(
                FindingKind::DoseRefused,
                "Sertraline 50 mg — 1 tablet due 08:00: recorded as refused at 08:05",
            ),
        ],
        doses,
        ..ReportDocument::default()
    };
    let Some(text) = text_of(&doc) else { return };
    let flat = squeeze(&text);
    assert!(
        flat.contains(&squeeze("No missed doses: every dose due has an outcome recorded.")),
        "{text}"
    );
    assert!(
        flat.contains(&squeeze("Recorded as not given, so not missed: 1 refused.")),
        "{text}"
    );
    let apart = flat
        .find(&squeeze("Doses recorded as not given (not missed doses)"))
        .expect("a table of its own");
    let refusal = flat.find(&squeeze("recorded as refused at 08:05")).unwrap();
    let visit = flat.find(&squeeze("arrived 08:40")).unwrap();
    assert!(
        visit < apart && apart < refusal,
        "the refusal is listed apart, after the other findings: {text}"
    );
    assert!(!text.contains("Missed dose"), "a refusal is not a missed dose: {text}");
}

#[test]
fn an_empty_register_says_nothing_was_due() {
    let doc = ReportDocument {
        doses: summarise(Register::default(), &[]),
        sign_off: "Signed off by Priya Shah on Tue 24 Nov 2026, 15:10 as nothing due.".into(),
        ..ReportDocument::default()
    };
    let Some(text) = text_of(&doc) else { return };
    let flat = squeeze(&text);
    assert!(
        flat.contains(&squeeze("Nothing was due: the register held nobody for these services")),
        "{text}"
    );
    assert!(!flat.contains(&squeeze("no missed")), "{text}");
    assert!(flat.contains(&squeeze("as nothing due")), "{text}");
}
