//! The downtime report (PRODUCT.md, "Downtime report"): what happened, for how long against the
//! recovery targets, who was affected, what was entered afterwards, what reconciliation found
//! and how each finding was resolved, and who was rung. A plain, serialisable document: the
//! web page and the PDF (lantern-pdf's `report.typ`) lay out the same data.

use serde::{Deserialize, Serialize};

/// Every value is already text as people read it (UK time, labels not codes).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReportDocument {
    pub organisation: String,
    /// "Downtime report: Phishing e-mail — e-mail and shared files isolated".
    pub title: String,
    pub kind: String,
    pub scenario: String,
    pub coordinator: String,
    pub started: String,
    pub detected: String,
    pub declared: String,
    /// "Tue 24 Nov 2026, 11:30", or "Still in progress".
    pub restored: String,
    /// "3 h 50 min".
    pub duration: String,
    pub generated: String,
    pub generated_by: String,
    pub services: Vec<String>,
    pub systems: Vec<ReportSystem>,
    /// "Notified … reference …" / "REQUIRED and not yet recorded. …" / "Not recorded as
    /// required: …" (cqc.rs).
    pub cqc: String,
    /// The regulation the CQC line is judged by, quoted beneath it (cqc::REGULATION).
    pub cqc_rule: String,
    pub timeline: Vec<ReportEntry>,
    pub people: Vec<ReportPerson>,
    pub sheets: Vec<ReportSheet>,
    pub findings: Vec<ReportFinding>,
    /// What reconciliation says about medicines: "no missed doses" only when true, doses
    /// recorded as not given counted apart, an empty register said to be one.
    #[serde(default)]
    pub doses: crate::reconcile::DoseSummary,
    /// (severity label, count), High first.
    pub finding_counts: Vec<(String, usize)>,
    /// "Signed off by Priya Shah on 24 Nov 2026, 15:10: …", or "Not signed off yet".
    pub sign_off: String,
    pub visits: ReportVisits,
    pub calls: Vec<ReportCall>,
    /// Families still to reach when the report was made.
    pub calls_outstanding: usize,
    /// Follow-up raised from findings: incidents, safeguarding, actions.
    pub actions: Vec<String>,
    /// What was still open when the disruption closed (left_open.rs); empty while it is open.
    #[serde(default)]
    pub left_open: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReportSystem {
    pub name: String,
    pub rto_hours: i64,
    pub mtpd_hours: i64,
    /// "Restored within its RTO (8 h)" / "Past its MTPD (4 h) by 1 h 10 min".
    pub outcome: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReportEntry {
    pub at: String,
    pub kind: String,
    pub author: String,
    pub text: String,
    /// "Corrects the entry of 09:10".
    pub corrects: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReportPerson {
    pub name: String,
    pub service: String,
    pub risk: String,
    pub doses_due: usize,
    pub doses_recorded: usize,
    pub findings: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReportSheet {
    /// "MAR: Ana Wróbel, Tue 24 Nov" / "Visits: Northgate branch, Tue 24 Nov".
    pub sheet: String,
    pub entered_by: String,
    pub entered_at: String,
    pub records: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReportFinding {
    pub person: String,
    pub severity: String,
    pub kind: String,
    pub explanation: String,
    pub next_step: String,
    /// "Clinical advice sought — GP said give now (Priya Shah, 14:02)", or "" if unresolved.
    pub resolution: String,
    /// A dose recorded as not given (refused, omitted, …): listed apart from missed doses.
    #[serde(default)]
    pub not_given: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReportVisits {
    pub planned: usize,
    pub completed: usize,
    pub missed: usize,
    pub cancelled: usize,
    pub not_recorded: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReportCall {
    pub at: String,
    pub person: String,
    pub contact: String,
    pub outcome: String,
    pub by: String,
    pub note: String,
}

/// One reconciled dose record for re-entry into the care system (CSV and FHIR
/// MedicationAdministration): what the paper said, with who entered it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReentryDose {
    pub record_id: i64,
    pub person_id: i64,
    pub person: String,
    /// Digits only, or empty.
    pub nhs_number: String,
    /// The person's and medicine's identifiers in the source care system, if imported.
    pub person_source_id: String,
    pub medicine_id: Option<i64>,
    pub medicine_source_id: String,
    /// "Levodopa 100 mg/25 mg — 1 tablet".
    pub medicine: String,
    pub dose: String,
    pub route: String,
    /// snake_case outcome: given, refused, omitted, not_available, away, other.
    pub outcome: String,
    /// RFC 3339 UTC, or empty (not given / no time written).
    pub given_at: String,
    /// RFC 3339 UTC of the MAR row it was written in, or empty (PRN).
    pub due_at: String,
    pub initials: String,
    pub note: String,
    pub entered_by: String,
    /// RFC 3339 UTC.
    pub entered_at: String,
    pub disruption_id: i64,
}
