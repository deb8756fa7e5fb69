//! Applying an import: every record upserted by its source id, references resolved, records
//! missing from a full import ended — in one transaction that commits only if nothing at all
//! was wrong (PRODUCT.md: imports are all-or-nothing).

use crate::codec::ts;
use crate::register::{get_in, insert_in, set_ended_in, update_in};
use crate::{Actor, Store, StoreError};
use jiff::Timestamp;
use lantern_core::incoming::{ImportError, Incoming};
use lantern_core::{EntityKind, FieldKind, InputVal, Record};
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, HashMap};

/// How to apply an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Work everything out, then roll back: what would change.
    pub dry_run: bool,
    /// Kinds whose files are complete lists: their imported records not in this import are ended.
    pub full: Vec<EntityKind>,
}

/// What an import changed (or would change), per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub new: BTreeMap<EntityKind, usize>,
    pub updated: BTreeMap<EntityKind, usize>,
    pub unchanged: BTreeMap<EntityKind, usize>,
    pub ended: BTreeMap<EntityKind, usize>,
}

impl ImportSummary {
    /// One line per kind of change that happened: "new: 2 people supported, 4 medicines".
    pub fn lines(&self) -> Vec<String> {
        [
            ("new", &self.new),
            ("updated", &self.updated),
            ("unchanged", &self.unchanged),
            ("ended", &self.ended),
        ]
        .into_iter()
        .filter(|(_, counts)| !counts.is_empty())
        .map(|(what, counts)| {
            let parts: Vec<String> = counts
                .iter()
                .map(|(k, n)| format!("{n} {}", k.spec().plural_in_text()))
                .collect();
            format!("{what}: {}", parts.join(", "))
        })
        .collect()
    }
}

/// Why an import changed nothing.
#[derive(Debug)]
pub enum ImportFailure {
    /// The input is wrong: every problem, located.
    Invalid(Vec<ImportError>),
    Store(StoreError),
}

impl From<StoreError> for ImportFailure {
    fn from(e: StoreError) -> Self {
        ImportFailure::Store(e)
    }
}

impl From<sqlx::Error> for ImportFailure {
    fn from(e: sqlx::Error) -> Self {
        ImportFailure::Store(StoreError::Db(e))
    }
}

/// Kinds that can be found by their name when a source refers to them by name.
fn by_name(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Service | EntityKind::Practice | EntityKind::Staff | EntityKind::Supplier
    )
}

async fn find(conn: &mut AnyConnection, kind: EntityKind, reference: &str) -> Result<Option<i64>, StoreError> {
    if let Some(id) = reference.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
        let row = sqlx::query(&format!("SELECT id FROM {} WHERE id = $1", kind.table()))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        return Ok(row.map(|_| id));
    }
    let row = sqlx::query(&format!("SELECT id FROM {} WHERE external_id = $1", kind.table()))
        .bind(reference)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(r) = row {
        return Ok(Some(r.try_get("id")?));
    }
    if by_name(kind) {
        let row = sqlx::query(&format!(
            "SELECT id FROM {} WHERE LOWER(title) = $1 AND ended_at IS NULL",
            kind.table()
        ))
        .bind(reference.to_lowercase())
        .fetch_optional(&mut *conn)
        .await?;
        return Ok(row.map(|r| r.try_get("id")).transpose()?);
    }
    Ok(None)
}

impl Store {
    /// Applies `records`, or nothing. On success returns what changed; `dry_run` rolls back.
    pub async fn import(
        &self,
        records: &[Incoming],
        options: &ImportOptions,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<ImportSummary, ImportFailure> {
        let _w = self.write_lock.lock().await;
        let mut tx = self.pool.begin().await?;
        let mut summary = ImportSummary::default();
        let mut errors = Vec::new();
        let mut ids: HashMap<(EntityKind, String), i64> = HashMap::new();
        let merged = merge_same_record(records);
        let mut ordered: Vec<&Incoming> = merged.iter().collect();
        let rank = |k: EntityKind| EntityKind::ALL.iter().position(|x| *x == k).unwrap_or(usize::MAX);
        ordered.sort_by_key(|r| rank(r.kind));
        for incoming in ordered {
            match apply_one(&mut tx, incoming, &ids, actor, now).await? {
                Ok((id, outcome)) => {
                    ids.insert((incoming.kind, incoming.source_id.clone()), id);
                    let counter = match outcome {
                        Outcome::New => &mut summary.new,
                        Outcome::Updated => &mut summary.updated,
                        Outcome::Unchanged => &mut summary.unchanged,
                    };
                    *counter.entry(incoming.kind).or_default() += 1;
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        for kind in &options.full {
            let ended = end_missing(&mut tx, *kind, &ids, actor, now).await?;
            if ended > 0 {
                summary.ended.insert(*kind, ended);
            }
        }
        if !errors.is_empty() {
            tx.rollback().await?;
            return Err(ImportFailure::Invalid(errors));
        }
        if options.dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(summary)
    }
}

/// Several parts of one record (a FHIR Patient in one file, its allergies in another) become one,
/// later parts adding to or replacing the fields of earlier ones.
fn merge_same_record(records: &[Incoming]) -> Vec<Incoming> {
    let mut out: Vec<Incoming> = Vec::with_capacity(records.len());
    let mut index: HashMap<(EntityKind, &str), usize> = HashMap::new();
    for r in records {
        match index.get(&(r.kind, r.source_id.as_str())) {
            Some(&i) => {
                let into = &mut out[i];
                into.input.extend(r.input.clone());
                into.defaults.extend(r.defaults.clone());
                for (field, targets) in &r.refs {
                    into.refs.retain(|(f, _)| f != field);
                    into.refs.push((field, targets.clone()));
                }
            }
            None => {
                index.insert((r.kind, r.source_id.as_str()), out.len());
                out.push(r.clone());
            }
        }
    }
    out
}

enum Outcome {
    New,
    Updated,
    Unchanged,
}

/// Upserts one record. The outer `Result` is the database failing; the inner one the input.
async fn apply_one(
    conn: &mut AnyConnection,
    incoming: &Incoming,
    ids: &HashMap<(EntityKind, String), i64>,
    actor: &Actor,
    now: Timestamp,
) -> Result<Result<(i64, Outcome), Vec<ImportError>>, ImportFailure> {
    let kind = incoming.kind;
    let spec = kind.spec();
    let problem = |field: &str, reason: String| ImportError {
        location: incoming.origin.clone(),
        field: Some(field.to_string()),
        reason,
    };
    let mut errors = Vec::new();
    let mut resolved = Vec::new();
    for (field, targets) in &incoming.refs {
        let Some((_, target)) = spec.references().find(|(f, _)| f.name == *field) else {
            errors.push(problem(field, format!("{} has no reference '{field}'", spec.singular)));
            continue;
        };
        let mut found = Vec::new();
        for t in targets {
            let id = match ids.get(&(target, t.clone())) {
                Some(id) => Some(*id),
                None => find(conn, target, t).await?,
            };
            match id {
                Some(id) => found.push(id.to_string()),
                None => errors.push(problem(
                    field,
                    format!("there is no {} '{t}'", target.spec().singular_in_text()),
                )),
            }
        }
        resolved.push((field.to_string(), InputVal::Many(found)));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let existing_id = find(conn, kind, &incoming.source_id).await?;
    let existing = match existing_id {
        Some(id) => Some(get_in(conn, kind, id).await?),
        None => None,
    };
    let mut input = match &existing {
        Some(s) => s.record.to_input(),
        None => incoming.defaults.clone(),
    };
    input.extend(incoming.input.clone());
    input.extend(resolved);
    // A part of a record (a FHIR allergy for a patient) whose record exists nowhere: say that,
    // rather than listing every field the missing record would need.
    let naming = spec
        .fields
        .iter()
        .find(|f| f.required && matches!(f.kind, FieldKind::Text { .. }));
    if let Some(f) = naming.filter(|f| existing.is_none() && !input.contains_key(f.name)) {
        let reason = format!(
            "no {} for the new {} '{}': it is not in this import (import related files together) or in the register",
            f.label.to_lowercase(),
            spec.singular_in_text(),
            incoming.source_id
        );
        return Ok(Err(vec![ImportError {
            location: incoming.origin.clone(),
            field: None,
            reason,
        }]));
    }
    let record = match Record::parse(kind, &input) {
        Ok(r) => r,
        Err(fields) => {
            return Ok(Err(fields
                .0
                .into_iter()
                .map(|(f, reason)| problem(&f, reason))
                .collect()));
        }
    };
    match existing {
        None => {
            let external = (!incoming.source_id.starts_with('#')).then_some(incoming.source_id.as_str());
            match insert_in(conn, &record, external, actor, now).await {
                Ok(id) => Ok(Ok((id, Outcome::New))),
                Err(StoreError::Invalid(fields)) => Ok(Err(fields
                    .0
                    .into_iter()
                    .map(|(f, reason)| problem(&f, reason))
                    .collect())),
                Err(e) => Err(e.into()),
            }
        }
        Some(current) if current.record == record && current.ended_at.is_none() => {
            Ok(Ok((current.id, Outcome::Unchanged)))
        }
        Some(current) => {
            // Back in the source after being ended: the person returned, or the medicine restarted.
            let restore = current.ended_at.is_some();
            match update_in(conn, &current, &record, restore, actor, now).await {
                Ok(()) => {}
                Err(StoreError::Invalid(fields)) => {
                    return Ok(Err(fields
                        .0
                        .into_iter()
                        .map(|(f, reason)| problem(&f, reason))
                        .collect()));
                }
                Err(e) => return Err(e.into()),
            }
            Ok(Ok((current.id, Outcome::Updated)))
        }
    }
}

/// Ends the imported records of `kind` that this import no longer lists.
async fn end_missing(
    conn: &mut AnyConnection,
    kind: EntityKind,
    seen: &HashMap<(EntityKind, String), i64>,
    actor: &Actor,
    now: Timestamp,
) -> Result<usize, ImportFailure> {
    let rows = sqlx::query(&format!(
        "SELECT id FROM {} WHERE external_id IS NOT NULL AND ended_at IS NULL",
        kind.table()
    ))
    .fetch_all(&mut *conn)
    .await?;
    let kept: std::collections::HashSet<i64> = seen
        .iter()
        .filter(|((k, _), _)| *k == kind)
        .map(|(_, id)| *id)
        .collect();
    let mut ended = 0;
    for row in rows {
        let id: i64 = row.try_get("id")?;
        if kept.contains(&id) {
            continue;
        }
        let current = get_in(conn, kind, id).await?;
        set_ended_in(conn, &current, Some(ts(now)), actor, now).await?;
        ended += 1;
    }
    Ok(ended)
}
