//! The downtime report of the API as types (`api::schema` says why): lantern-core's
//! `ReportDocument`, which the page and the PDF lay out too, field by field. Every value is
//! already text as people read it (UK time, labels not codes).

use super::api_json::Doses;
use crate::api::schema;
use lantern_core::disruption::report::{
    ReportCall, ReportDocument, ReportEntry, ReportFinding, ReportPerson, ReportSheet, ReportSystem, ReportVisits,
};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

/// `GET /api/v1/disruptions/{id}/report`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Report {
    pub organisation: String,
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
    pub systems: Vec<ReportSystemJson>,
    /// Whether and when CQC was notified, or that it is required.
    pub cqc: String,
    /// The regulation the CQC line is judged by.
    pub cqc_rule: String,
    pub timeline: Vec<ReportEntryJson>,
    pub people: Vec<ReportPersonJson>,
    pub sheets: Vec<ReportSheetJson>,
    pub findings: Vec<ReportFindingJson>,
    pub doses: Doses,
    /// [severity label, count], High first.
    #[schema(schema_with = finding_counts)]
    pub finding_counts: Vec<(String, usize)>,
    /// "Signed off by … on …", or "Not signed off yet".
    pub sign_off: String,
    pub visits: ReportVisitsJson,
    pub calls: Vec<ReportCallJson>,
    /// Families still to reach when the report was made.
    pub calls_outstanding: usize,
    /// Follow-up raised from findings: incidents, safeguarding, actions.
    pub actions: Vec<String>,
    /// What was still open when the disruption closed; empty while it is open.
    pub left_open: Vec<String>,
}

fn finding_counts() -> RefOr<Schema> {
    schema::literal(serde_json::json!({"type": "array", "items": {
        "type": "array", "prefixItems": [{"type": "string"}, {"type": "integer", "minimum": 0}],
        "minItems": 2, "maxItems": 2}}))
}

/// A system the disruption took down, against its recovery targets.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ReportSystem)]
pub struct ReportSystemJson {
    pub name: String,
    pub rto_hours: i64,
    pub mtpd_hours: i64,
    /// "Restored within its RTO (8 h)".
    pub outcome: String,
}

/// A timeline entry as the report prints it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ReportEntry)]
pub struct ReportEntryJson {
    pub at: String,
    pub kind: String,
    pub author: String,
    pub text: String,
    /// "Corrects the entry of 09:10", or empty.
    pub corrects: String,
}

/// A person affected.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ReportPerson)]
pub struct ReportPersonJson {
    pub name: String,
    pub service: String,
    pub risk: String,
    pub doses_due: usize,
    pub doses_recorded: usize,
    pub findings: usize,
}

/// A paper sheet entered afterwards.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ReportSheet)]
pub struct ReportSheetJson {
    pub sheet: String,
    pub entered_by: String,
    pub entered_at: String,
    pub records: usize,
}

/// A finding and how it was resolved.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ReportFinding)]
pub struct ReportFindingJson {
    pub person: String,
    pub severity: String,
    pub kind: String,
    pub explanation: String,
    pub next_step: String,
    /// Empty if unresolved.
    pub resolution: String,
    /// A dose recorded as not given: listed apart from missed doses.
    pub not_given: bool,
}

/// The visits of the window by outcome.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ReportVisits)]
pub struct ReportVisitsJson {
    pub planned: usize,
    pub completed: usize,
    pub missed: usize,
    pub cancelled: usize,
    pub not_recorded: usize,
}

/// A call to a family.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ReportCall)]
pub struct ReportCallJson {
    pub at: String,
    pub person: String,
    pub contact: String,
    pub outcome: String,
    pub by: String,
    pub note: String,
}

impl From<ReportSystem> for ReportSystemJson {
    fn from(s: ReportSystem) -> Self {
        Self {
            name: s.name,
            rto_hours: s.rto_hours,
            mtpd_hours: s.mtpd_hours,
            outcome: s.outcome,
        }
    }
}

impl From<ReportEntry> for ReportEntryJson {
    fn from(e: ReportEntry) -> Self {
        Self {
            at: e.at,
            kind: e.kind,
            author: e.author,
            text: e.text,
            corrects: e.corrects,
        }
    }
}

impl From<ReportPerson> for ReportPersonJson {
    fn from(p: ReportPerson) -> Self {
        Self {
            name: p.name,
            service: p.service,
            risk: p.risk,
            doses_due: p.doses_due,
            doses_recorded: p.doses_recorded,
            findings: p.findings,
        }
    }
}

impl From<ReportSheet> for ReportSheetJson {
    fn from(s: ReportSheet) -> Self {
        Self {
            sheet: s.sheet,
            entered_by: s.entered_by,
            entered_at: s.entered_at,
            records: s.records,
        }
    }
}

impl From<ReportFinding> for ReportFindingJson {
    fn from(f: ReportFinding) -> Self {
        Self {
            person: f.person,
            severity: f.severity,
            kind: f.kind,
            explanation: f.explanation,
            next_step: f.next_step,
            resolution: f.resolution,
            not_given: f.not_given,
        }
    }
}

impl From<ReportCall> for ReportCallJson {
    fn from(c: ReportCall) -> Self {
        Self {
            at: c.at,
            person: c.person,
            contact: c.contact,
            outcome: c.outcome,
            by: c.by,
            note: c.note,
        }
    }
}

fn all<A, B: From<A>>(items: Vec<A>) -> Vec<B> {
    items.into_iter().map(B::from).collect()
}

impl From<ReportDocument> for Report {
    fn from(d: ReportDocument) -> Self {
        // Taken apart whole, so that a field added to the document fails to compile here
        // until the API type (and so the OpenAPI document) has it too.
        let ReportDocument {
            organisation,
            title,
            kind,
            scenario,
            coordinator,
            started,
            detected,
            declared,
            restored,
            duration,
            generated,
            generated_by,
            services,
            systems,
            cqc,
            cqc_rule,
            timeline,
            people,
            sheets,
            findings,
            doses,
            finding_counts,
            sign_off,
            visits,
            calls,
            calls_outstanding,
            actions,
            left_open,
        } = d;
        let ReportVisits {
            planned,
            completed,
            missed,
            cancelled,
            not_recorded,
        } = visits;
        Self {
            organisation,
            title,
            kind,
            scenario,
            coordinator,
            started,
            detected,
            declared,
            restored,
            duration,
            generated,
            generated_by,
            services,
            systems: all(systems),
            cqc,
            cqc_rule,
            timeline: all(timeline),
            people: all(people),
            sheets: all(sheets),
            findings: all(findings),
            doses: Doses::from(&doses),
            finding_counts,
            sign_off,
            visits: ReportVisitsJson {
                planned,
                completed,
                missed,
                cancelled,
                not_recorded,
            },
            calls: all(calls),
            calls_outstanding,
            actions,
            left_open,
        }
    }
}

/// The report answer, for `components.schemas`.
pub fn schemas(out: &mut serde_json::Map<String, serde_json::Value>) {
    schema::add::<Report>(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The API's report is lantern-core's document as serde writes it, key for key.
    #[test]
    fn the_typed_report_is_the_document_as_serde_writes_it() {
        let doc = ReportDocument {
            title: "Downtime report".into(),
            systems: vec![ReportSystem::default()],
            timeline: vec![ReportEntry::default()],
            people: vec![ReportPerson::default()],
            sheets: vec![ReportSheet::default()],
            findings: vec![ReportFinding::default()],
            finding_counts: vec![("High".into(), 2)],
            calls: vec![ReportCall::default()],
            actions: vec!["Incident raised".into()],
            left_open: vec!["Ring Ann".into()],
            ..Default::default()
        };
        let typed = serde_json::to_value(Report::from(doc.clone())).unwrap_or_default();
        assert_eq!(typed, serde_json::to_value(&doc).unwrap_or_default());
    }
}
