//! The reconciliation of the API as types (`api::schema` says why): every finding with its
//! resolution, the medicines summary and the sign-off. Built from lantern-app's loaded
//! reconciliation with the same keys and values as `lantern_app::reconciliation::to_json`
//! (what `lantern reconcile --json` prints), which the API tests compare against.

use crate::api::schema;
use jiff::Timestamp;
use lantern_app::reconciliation::{ACTIONS, Loaded};
use lantern_core::reconcile::{DoseSummary, Finding, FindingKind, Severity};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

/// `GET /api/v1/disruptions/{id}/reconciliation` (and the answer to a sign-off).
#[derive(Debug, Serialize, ToSchema)]
pub struct Reconciliation {
    pub disruption_id: i64,
    /// From the disruption's start to its restoration (or now).
    pub window: Window,
    pub doses: Doses,
    pub findings: Vec<ReconciliationFinding>,
    /// Findings with no resolution yet.
    pub unresolved: usize,
    /// Null until signed off, and again once the findings change after a sign-off.
    pub signed_off: Option<SignedOff>,
}

/// The reconciliation's window.
#[derive(Debug, Serialize, ToSchema)]
pub struct Window {
    #[schema(schema_with = schema::moment)]
    pub start: Timestamp,
    #[schema(schema_with = schema::moment)]
    pub end: Timestamp,
}

/// What the reconciliation says about medicines, as people read it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Doses {
    /// "No missed doses: …" only when it is true.
    pub headline: String,
    /// Doses recorded as not given, by kind, with their counts: "1 refused".
    pub not_given: Vec<String>,
    /// The register held nothing that could be due.
    pub nothing_due: bool,
    /// Every due dose in the window has an outcome recorded.
    pub no_missed_doses: bool,
}

impl From<&DoseSummary> for Doses {
    fn from(d: &DoseSummary) -> Self {
        Self {
            headline: d.headline.clone(),
            not_given: d.not_given.clone(),
            nothing_due: d.nothing_due,
            no_missed_doses: d.no_missed_doses,
        }
    }
}

/// One discrepancy, explained, with what was done about it (docs/reconciliation.md).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReconciliationFinding {
    /// missed_dose is a due dose with nothing recorded; dose_refused, dose_not_given,
    /// dose_not_available and dose_away are doses recorded as not given, never counted as missed.
    #[schema(schema_with = finding_kind)]
    pub kind: FindingKind,
    #[schema(schema_with = severity)]
    pub severity: Severity,
    pub person_id: i64,
    pub medicine_id: Option<i64>,
    pub visit_id: Option<i64>,
    /// The due slot or planned visit it is about.
    #[schema(schema_with = schema::moment_or_null)]
    pub due_at: Option<Timestamp>,
    /// The time it is shown and sorted by.
    #[schema(schema_with = schema::moment_or_null)]
    pub when: Option<Timestamp>,
    /// The dose or visit records behind it.
    pub record_ids: Vec<i64>,
    /// Stable across re-runs while the kind and the slot or record stay the same:
    /// `<kind>:m<medicine>:<due>`, `<kind>:v<visit>`, `<kind>:m<medicine>:r<record>`.
    pub key: String,
    pub explanation: String,
    pub next_step: String,
    /// The person's name.
    pub person: String,
    /// The latest resolution; null while unresolved.
    pub resolution: Option<FindingResolution>,
}

fn finding_kind() -> RefOr<Schema> {
    schema::serialized(&FindingKind::ALL)
}

fn severity() -> RefOr<Schema> {
    schema::serialized(&[Severity::High, Severity::Medium, Severity::Low])
}

/// What was done about a finding.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingResolution {
    /// One of the actions `POST …/reconciliation/resolutions` takes.
    #[schema(schema_with = action)]
    pub action: String,
    pub note: String,
    pub by: String,
    #[schema(schema_with = schema::moment)]
    pub at: Timestamp,
}

fn action() -> RefOr<Schema> {
    schema::coded(ACTIONS.iter().map(|(code, _)| *code))
}

/// Who signed the reconciliation off.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedOff {
    pub by: String,
    #[schema(schema_with = schema::moment)]
    pub at: Timestamp,
    pub note: String,
}

impl ReconciliationFinding {
    fn of(l: &Loaded, f: &Finding) -> Self {
        Self {
            kind: f.kind,
            severity: f.severity,
            person_id: f.person_id,
            medicine_id: f.medicine_id,
            visit_id: f.visit_id,
            due_at: f.due_at,
            when: f.when,
            record_ids: f.record_ids.clone(),
            key: f.key.clone(),
            explanation: f.explanation.clone(),
            next_step: f.next_step.clone(),
            person: l.person_name(f.person_id),
            resolution: l.resolutions.get(&f.key).map(|r| FindingResolution {
                action: r.action.clone(),
                note: r.note.clone(),
                by: r.by.clone(),
                at: r.at,
            }),
        }
    }
}

impl From<&Loaded> for Reconciliation {
    fn from(l: &Loaded) -> Self {
        Self {
            disruption_id: l.disruption.id,
            window: Window {
                start: l.period.start,
                end: l.period.end,
            },
            doses: Doses::from(&l.summary()),
            findings: l.findings.iter().map(|f| ReconciliationFinding::of(l, f)).collect(),
            unresolved: l.unresolved(),
            signed_off: l.signed_off().map(|s| SignedOff {
                by: s.by.clone(),
                at: s.at,
                note: s.note.clone(),
            }),
        }
    }
}

/// The reconciliation answers, for `components.schemas`.
pub fn schemas(out: &mut serde_json::Map<String, serde_json::Value>) {
    schema::add::<Reconciliation>(out);
    schema::add::<ReconciliationFinding>(out);
    super::report_json::schemas(out);
}
