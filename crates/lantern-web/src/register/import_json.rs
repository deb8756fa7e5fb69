//! What an import answers through the API, as types (`api::schema` says why): the changes made
//! (or, with `dry_run`, that would be made), or every problem, located, when nothing was
//! changed. The same keys as `lantern_app::imports::Report::to_json`, which the CLI prints.

use lantern_app::imports::Report;
use lantern_core::EntityKind;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// An import's report: 200 when it went through, 422 (with `errors`) when it was refused.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    /// The changes were saved (no problems, and not a dry run).
    pub applied: bool,
    /// Null when the import was refused before working them out.
    pub changes: Option<ImportChanges>,
    /// Every problem, located; empty when the import went through.
    pub errors: Vec<ImportProblem>,
    /// Columns or resources not used, with how often they came.
    pub not_used: BTreeMap<String, usize>,
}

/// How many records of each kind (by slug, as in `/api/v1/{slug}`) are new, changed,
/// unchanged or ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportChanges {
    pub new: BTreeMap<String, usize>,
    pub updated: BTreeMap<String, usize>,
    pub unchanged: BTreeMap<String, usize>,
    pub ended: BTreeMap<String, usize>,
}

/// A problem in an import, located.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportProblem {
    /// "people.csv row 14", "bundle.json Patient/abc", "data.ndjson line 3".
    pub location: String,
    /// The column or JSON path at fault; empty when none is.
    pub field: String,
    pub reason: String,
}

fn by_slug(counts: &BTreeMap<EntityKind, usize>) -> BTreeMap<String, usize> {
    counts.iter().map(|(k, n)| (k.slug().to_string(), *n)).collect()
}

impl From<&Report> for ImportReport {
    fn from(r: &Report) -> Self {
        Self {
            dry_run: r.dry_run,
            applied: r.applied(),
            changes: r.summary.as_ref().map(|s| ImportChanges {
                new: by_slug(&s.new),
                updated: by_slug(&s.updated),
                unchanged: by_slug(&s.unchanged),
                ended: by_slug(&s.ended),
            }),
            errors: r
                .errors()
                .into_iter()
                .map(|(location, field, reason)| ImportProblem {
                    location,
                    field,
                    reason,
                })
                .collect(),
            not_used: r.not_used.clone(),
        }
    }
}

/// The import answer, for `components.schemas`.
pub fn schemas(out: &mut serde_json::Map<String, serde_json::Value>) {
    crate::api::schema::add::<ImportReport>(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use lantern_store::ImportSummary;

    /// The API's report and the CLI's (`Report::to_json`) are the same JSON.
    #[test]
    fn the_typed_report_is_the_json_the_cli_prints() {
        let mut counts = BTreeMap::new();
        counts.insert(EntityKind::Person, 2);
        let summary = ImportSummary {
            new: counts.clone(),
            updated: counts,
            ..Default::default()
        };
        let problem = lantern_import::ImportError {
            location: "people.csv row 3".into(),
            field: Some("nhs_number".into()),
            reason: "the check digit is wrong".into(),
        };
        let unlocated = lantern_import::ImportError {
            field: None,
            ..problem.clone()
        };
        let report = Report {
            dry_run: true,
            summary: Some(summary),
            problems: vec![problem, unlocated],
            not_used: [("Observation".to_string(), 3)].into_iter().collect(),
        };
        let typed = serde_json::to_value(ImportReport::from(&report)).unwrap_or_default();
        assert_eq!(typed, report.to_json());
        let empty = Report {
            dry_run: false,
            summary: None,
            problems: Vec::new(),
            not_used: BTreeMap::new(),
        };
        let typed = serde_json::to_value(ImportReport::from(&empty)).unwrap_or_default();
        assert_eq!(typed, empty.to_json());
    }
}
