//! A downtime report as a real supported-living outage would produce it: twelve people, sixty
//! findings (enough to run over several pages), a correction in the timeline and names that
//! are not ASCII.

use lantern_core::disruption::report::{
    ReportCall, ReportDocument, ReportEntry, ReportFinding, ReportPerson, ReportSheet, ReportSystem, ReportVisits,
};
use lantern_core::reconcile::DoseSummary;

pub const PEOPLE: [(&str, &str); 12] = [
    ("Zoë Ó Briain", "Riverside House"),
    ("Łukasz Nowak", "Riverside House"),
    ("Siân Ọkafor", "Riverside House"),
    ("Ana Wróbel", "Maple Court"),
    ("José Müller", "Maple Court"),
    ("Björn Åström", "Maple Court"),
    ("Aoife Ní Dhónaill", "Elm Lodge"),
    ("Chloé Dupont", "Elm Lodge"),
    ("Mehmet Yılmaz", "Elm Lodge"),
    ("Dafydd ap Gruffydd", "Canal Street"),
    ("Niamh O'Connor", "Canal Street"),
    ("Grace Adébáyọ̀", "Canal Street"),
];

/// (severity, kind, explanation with {p} for the person and {m} for a minute, next step).
const KINDS: [(&str, &str, &str, &str); 6] = [
    (
        "High",
        "Time-critical dose late",
        "Levodopa 100 mg/25 mg due 08:00 was given at 09:{m}, outside its window of ±30 minutes (paper MAR for {p}).",
        "Seek clinical advice now (GP, or NHS 111 out of hours) and watch for stiffness or falls.",
    ),
    (
        "High",
        "Missed dose",
        "Apixaban 5 mg due 18:00 has no entry on the paper MAR for {p}; the box is blank and there is no code.",
        "Ask the carer on shift, then seek clinical advice before the next dose.",
    ),
    (
        "Medium",
        "Dose outside its window",
        "Sertraline 50 mg due 08:00 was given at 10:{m}, more than 120 minutes late (paper MAR for {p}).",
        "Check the next dose is on time; no clinical advice needed unless unwell.",
    ),
    (
        "Medium",
        "PRN given too soon",
        "Paracetamol 1 g was given at 12:{m}, less than 4 hours after the 09:00 dose, for pain (PRN sheet for {p}).",
        "Check the 24-hour total and record the reason with the senior on shift.",
    ),
    (
        "Low",
        "Dose with no schedule",
        "Senna 7.5 mg was recorded at 21:{m}, but {p} has no current medicine that matches it.",
        "Check the medicine against the pharmacy list and update the register.",
    ),
    (
        "Low",
        "Duplicate dose",
        "Metformin 500 mg due 08:00 is recorded twice for {p}, at 08:05 (AB) and 08:{m} (CD).",
        "Ask both carers whether one dose or two was given.",
    ),
];

const RESOLUTIONS: [&str; 3] = [
    "Clinical advice sought: GP said give the next dose as normal (Priya Shah, 14:02)",
    "Checked with the carer: written twice in error, one dose given (Tom Reid, 13:20)",
    "No harm found; discussed at handover and noted in the daily record (Priya Shah, 15:05)",
];

/// Every seventh finding (from the fourth) is left unresolved: nine in sixty.
pub fn unresolved(i: usize) -> bool {
    i % 7 == 3
}

pub fn findings() -> Vec<ReportFinding> {
    (0..60)
        .map(|i| {
            let (severity, kind, explanation, next) = KINDS[i % KINDS.len()];
            let (person, _) = PEOPLE[i % PEOPLE.len()];
            ReportFinding {
                person: person.into(),
                severity: severity.into(),
                kind: kind.into(),
                explanation: explanation.replace("{p}", person).replace("{m}", &format!("{:02}", i)),
                next_step: next.into(),
                resolution: if unresolved(i) {
                    String::new()
                } else {
                    RESOLUTIONS[i % RESOLUTIONS.len()].into()
                },
                not_given: false,
            }
        })
        .collect()
}

/// (time, kind, who, what, what it corrects): one supplier reference typed wrong and corrected.
pub const TIMELINE: [(&str, &str, &str, &str, &str); 8] = [
    (
        "07:40",
        "Started",
        "System",
        "CareNotes Cloud stopped loading on every tablet at Riverside House.",
        "",
    ),
    (
        "07:52",
        "Noticed",
        "Łukasz Nowak",
        "Shift leader rang on call: no care plans or eMAR on any device.",
        "",
    ),
    (
        "08:05",
        "Declared",
        "Priya Shah",
        "Disruption declared for all four services; paper packs in use.",
        "",
    ),
    (
        "08:20",
        "Supplier contact",
        "Priya Shah",
        "Supplier confirmed a data-centre failure; next update at 10:00, reference INC-48213.",
        "",
    ),
    (
        "08:25",
        "Supplier contact",
        "Priya Shah",
        "Reference corrected: INC-48231.",
        "Corrects the entry of 08:20",
    ),
    (
        "09:15",
        "Note",
        "Zoë Ó Briain",
        "All 08:00 time-critical doses given from paper MAR except one at Riverside House (late).",
        "",
    ),
    (
        "10:00",
        "Supplier contact",
        "Priya Shah",
        "Supplier expects service back before midday.",
        "",
    ),
    (
        "11:30",
        "Restored",
        "Priya Shah",
        "CareNotes Cloud back on all tablets; staff told to keep paper until entered.",
        "",
    ),
];

pub fn report() -> ReportDocument {
    let findings = findings();
    let count = |s: &str| findings.iter().filter(|f| f.severity == s).count();
    let missed = findings.iter().filter(|f| f.kind == "Missed dose").count();
    ReportDocument {
        organisation: "Riverside Care Ltd".into(),
        title: "Downtime report: Supplier outage — care planning system unavailable".into(),
        kind: "Supplier outage".into(),
        scenario: "Cloud care-planning and eMAR system unavailable: supplier data-centre failure".into(),
        coordinator: "Priya Shah".into(),
        started: "Tue 24 Nov 2026, 07:40".into(),
        detected: "Tue 24 Nov 2026, 07:52".into(),
        declared: "Tue 24 Nov 2026, 08:05".into(),
        restored: "Tue 24 Nov 2026, 11:30".into(),
        duration: "3 h 50 min".into(),
        generated: "Tue 24 Nov 2026, 16:00".into(),
        generated_by: "Priya Shah".into(),
        services: vec![
            "Riverside House".into(),
            "Maple Court".into(),
            "Elm Lodge".into(),
            "Canal Street".into(),
        ],
        systems: vec![
            ReportSystem {
                name: "CareNotes Cloud (care planning and eMAR)".into(),
                rto_hours: 4,
                mtpd_hours: 24,
                outcome: "Restored within its RTO (4 h)".into(),
            },
            ReportSystem {
                name: "Rota and call monitoring".into(),
                rto_hours: 2,
                mtpd_hours: 8,
                outcome: "Past its RTO (2 h) by 1 h 50 min; within its MTPD (8 h)".into(),
            },
        ],
        cqc: "Not recorded as required: the provider judged that safe care was not threatened".into(),
        cqc_rule: lantern_core::disruption::cqc::REGULATION.into(),
        timeline: TIMELINE
            .iter()
            .map(|(at, kind, author, text, corrects)| ReportEntry {
                at: (*at).into(),
                kind: (*kind).into(),
                author: (*author).into(),
                text: (*text).into(),
                corrects: (*corrects).into(),
            })
            .collect(),
        people: PEOPLE
            .iter()
            .enumerate()
            .map(|(i, (name, service))| ReportPerson {
                name: (*name).into(),
                service: (*service).into(),
                risk: if i % 3 == 0 { "High" } else { "Medium" }.into(),
                doses_due: 6 + i % 4,
                doses_recorded: 6 + i % 4 - usize::from(i % 5 == 0),
                findings: findings.iter().filter(|f| f.person == *name).count(),
            })
            .collect(),
        sheets: PEOPLE
            .iter()
            .map(|(name, _)| ReportSheet {
                sheet: format!("MAR: {name}, Tue 24 Nov"),
                entered_by: "Tom Reid".into(),
                entered_at: "Tue 24 Nov, 13:05".into(),
                records: 7,
            })
            .collect(),
        finding_counts: vec![
            ("High".into(), count("High")),
            ("Medium".into(), count("Medium")),
            ("Low".into(), count("Low")),
        ],
        findings,
        sign_off: "Not signed off yet".into(),
        visits: ReportVisits::default(),
        calls: vec![
            ReportCall {
                at: "09:30".into(),
                person: "Zoë Ó Briain".into(),
                contact: "Máire Ó Briain (daughter)".into(),
                outcome: "Reached".into(),
                by: "Priya Shah".into(),
                note: "Told about the late Parkinson's dose, and that the GP has been asked.".into(),
            },
            ReportCall {
                at: "09:45".into(),
                person: "Łukasz Nowak".into(),
                contact: "Ewa Nowak (sister)".into(),
                outcome: "Voicemail".into(),
                by: "Priya Shah".into(),
                note: "Left a message; will ring again after lunch.".into(),
            },
        ],
        calls_outstanding: 1,
        doses: DoseSummary {
            headline: format!("{missed} doses missed: nothing was recorded for them on the entered MAR."),
            ..DoseSummary::default()
        },
        actions: vec![
            "Incident report: late time-critical dose for Zoë Ó Briain (IR-2026-118)".into(),
            "Action: check every paper MAR has the time-critical symbol printed (owner Priya Shah, due 1 Dec 2026)"
                .into(),
        ],
        left_open: vec![
            "Checklist step not ticked: Ask the supplier for a written incident report".into(),
            "Family not yet reached: Tom Ellis (son) for Margaret Ellis".into(),
        ],
    }
}
