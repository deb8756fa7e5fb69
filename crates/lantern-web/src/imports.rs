//! Applying an import from the web or the API: the same batch → store path as the CLI, with
//! the report as data for a page or a JSON body.

use crate::error::AppError;
use lantern_core::EntityKind;
use lantern_import::Batch;
use lantern_store::{Actor, ImportFailure, ImportOptions, ImportSummary, Store};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// What an import did, or why it did nothing.
#[derive(Debug, Clone)]
pub struct Report {
    pub dry_run: bool,
    pub summary: Option<ImportSummary>,
    /// Every problem, located: (location, field, reason).
    pub errors: Vec<(String, String, String)>,
    pub not_used: BTreeMap<String, usize>,
}

impl Report {
    pub fn applied(&self) -> bool {
        self.errors.is_empty() && !self.dry_run
    }

    pub fn to_json(&self) -> Value {
        let counts = |m: &BTreeMap<EntityKind, usize>| -> Value {
            m.iter()
                .map(|(k, n)| (k.slug().to_string(), json!(n)))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        let summary = self.summary.as_ref().map(|s| {
            json!({"new": counts(&s.new), "updated": counts(&s.updated), "unchanged": counts(&s.unchanged), "ended": counts(&s.ended)})
        });
        let errors: Vec<Value> = self
            .errors
            .iter()
            .map(|(l, f, r)| json!({"location": l, "field": f, "reason": r}))
            .collect();
        json!({"dry_run": self.dry_run, "applied": self.applied(), "changes": summary, "errors": errors, "not_used": self.not_used})
    }
}

/// Applies a parsed batch all or nothing.
pub async fn apply(
    store: &Store,
    batch: Batch,
    options: ImportOptions,
    actor: &Actor,
    now: jiff::Timestamp,
) -> Result<Report, AppError> {
    let mut report = Report {
        dry_run: options.dry_run,
        summary: None,
        errors: Vec::new(),
        not_used: batch.unused.clone(),
    };
    let located = |e: &lantern_import::ImportError| {
        (
            e.location.clone(),
            e.field.clone().unwrap_or_default(),
            e.reason.clone(),
        )
    };
    if !batch.errors.is_empty() {
        report.errors = batch.errors.iter().map(located).collect();
        return Ok(report);
    }
    match store.import(&batch.records, &options, actor, now).await {
        Ok(summary) => report.summary = Some(summary),
        Err(ImportFailure::Invalid(errors)) => report.errors = errors.iter().map(located).collect(),
        Err(ImportFailure::Store(e)) => return Err(e.into()),
    }
    let detail = if report.applied() {
        "Imported"
    } else {
        "Tried an import (nothing changed)"
    };
    let entry = lantern_store::AuditEntry::new(
        now,
        actor.user_id,
        &actor.label,
        "import",
        format!("{detail}: {} records", batch.records.len()),
    );
    store.audit(&entry).await?;
    Ok(report)
}
