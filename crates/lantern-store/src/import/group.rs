//! Applying the merged records of one kind from one chunk: read what they name in a few
//! queries, build and check every record, then write them many rows per statement.
//!
//! A record that cannot be applied yet — a reference to something not imported so far, a
//! part of a record whose main part is still to come, a problem — is handed back to be held:
//! a later chunk may complete it. Only once the import has ended (`last`) is it an error.

use super::ImportFailure;
use super::merge::Part;
use super::refs::{check_refs, reference_ids, reference_targets};
use super::seen::{Outcome, SeenMap};
use super::{access, lookup, own};
use crate::Actor;
use crate::register::Stored;
use crate::writer::{self, ChangedRow, HistoryRow, NewRow};
use jiff::Timestamp;
use lantern_core::incoming::{ImportError, Incoming, add_value};
use lantern_core::user::ServiceAccess;
use lantern_core::{EntityKind, FieldKind, InputVal, Record, Scope};
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

/// What became of a group's records.
#[derive(Default)]
pub(crate) struct GroupOut {
    /// Records now applied (written, or found unchanged), by source id.
    pub applied: Vec<String>,
    /// Records to hold, with what they wait for: a record of some kind and source id, or
    /// (`None`) a later part of themselves or the end of the import.
    pub held: Vec<(Part, Option<(EntityKind, String)>)>,
    /// Records naming the same stored row as another of the group: applied in the next round.
    pub retry: Vec<Part>,
    pub errors: Vec<ImportError>,
}

/// Where a record's current values come from.
pub(crate) enum Base {
    New,
    /// The register's record, not yet touched by this import.
    Register(Stored),
    /// The version this import already wrote, or found unchanged.
    Own(Stored, Outcome),
}

impl Base {
    pub(crate) fn stored(&self) -> Option<&Stored> {
        match self {
            Base::New => None,
            Base::Register(s) | Base::Own(s, _) => Some(s),
        }
    }
}

/// A record built and ready to check and write.
pub(crate) struct Ready {
    pub part: Part,
    pub record: Record,
    pub base: Base,
    /// The source id each reference was named by, per (field, id): for messages.
    pub sources: HashMap<(&'static str, i64), String>,
}

fn problem(incoming: &Incoming, field: &str, reason: String) -> ImportError {
    ImportError {
        location: incoming.origin.clone(),
        field: Some(incoming.element_of(field)),
        reason,
    }
}

/// Holds a record that failed now, or reports it once nothing more can come.
fn fail(out: &mut GroupOut, part: Part, errors: Vec<ImportError>, waits_for: Option<(EntityKind, String)>, last: bool) {
    if last {
        out.errors.extend(errors);
    } else {
        out.held.push((part, waits_for));
    }
}

pub(crate) struct Ctx<'a> {
    pub actor: &'a Actor,
    pub now: Timestamp,
    pub last: bool,
    /// The services the importing user may change (access.rs).
    pub access: &'a ServiceAccess,
}

pub(crate) async fn apply(
    conn: &mut AnyConnection,
    kind: EntityKind,
    group: Vec<Part>,
    seen: &mut SeenMap,
    ctx: &Ctx<'_>,
) -> Result<GroupOut, ImportFailure> {
    let spec = kind.spec();
    let mut out = GroupOut::default();
    let own_ids: Vec<i64> = group
        .iter()
        .filter_map(|(_, r)| seen.get(kind, &r.source_id))
        .map(|s| s.id)
        .collect();
    let mut own = lookup::records_by_id(conn, kind, &own_ids).await?;
    let unseen: Vec<&str> = group
        .iter()
        .map(|(_, r)| r.source_id.as_str())
        .filter(|s| seen.get(kind, s).is_none())
        .collect();
    let mut register = lookup::records(conn, kind, &unseen).await?;
    let found = reference_ids(conn, kind, &group, seen).await?;

    let mut ready = Vec::new();
    let mut claimed = HashSet::new();
    for (seq, incoming) in group {
        // A record of another service is refused outright, whatever else the row holds: no
        // later chunk can make it theirs.
        if seen.get(kind, &incoming.source_id).is_none()
            && let Some(e) = access::named_record(ctx.access, kind, &incoming, register.get(&incoming.source_id))
        {
            out.errors.push(e);
            continue;
        }
        let mut errors = Vec::new();
        let mut waits_for = None;
        let mut resolved = Vec::new();
        let mut sources = HashMap::new();
        for (field, targets) in &incoming.refs {
            let Some((_, target)) = spec.references().find(|(f, _)| f.name == *field) else {
                errors.push(problem(
                    &incoming,
                    field,
                    format!("{} has no reference '{field}'", spec.singular),
                ));
                continue;
            };
            let mut ids = Vec::new();
            for t in targets {
                match seen
                    .get(target, t)
                    .map(|s| s.id)
                    .or_else(|| found.get(&(target, t.clone())).copied())
                {
                    Some(id) => {
                        sources.insert((*field, id), t.clone());
                        ids.push(id.to_string());
                    }
                    None => {
                        waits_for.get_or_insert((target, t.clone()));
                        let reason = format!("there is no {} '{t}'", target.spec().singular_in_text());
                        errors.push(problem(&incoming, field, reason));
                    }
                }
            }
            resolved.push((field.to_string(), InputVal::Many(ids)));
        }
        if !errors.is_empty() {
            fail(&mut out, (seq, incoming), errors, waits_for, ctx.last);
            continue;
        }
        // Two source ids naming one stored record ("#12" and its external id): the second
        // goes in the next round, against what the first wrote.
        let id = match seen.get(kind, &incoming.source_id) {
            Some(s) => Some(s.id),
            None => register.get(&incoming.source_id).map(|s| s.id),
        };
        if let Some(id) = id
            && !claimed.insert(id)
        {
            out.retry.push((seq, incoming));
            continue;
        }
        let base = match seen.get(kind, &incoming.source_id) {
            Some(s) => match own.remove(&s.id) {
                Some(stored) => Base::Own(stored, s.outcome),
                None => return Err(missing(kind, s.id)),
            },
            None => match register.remove(&incoming.source_id) {
                Some(stored) => Base::Register(stored),
                None => Base::New,
            },
        };
        let mut input = match base.stored() {
            Some(s) => s.record.to_input(),
            None => incoming.defaults.clone(),
        };
        let given = seen.get(kind, &incoming.source_id).map_or(0, |s| s.given);
        for (field, value) in &incoming.input {
            let adds = incoming.additive.contains(field) && given & seen.bits(kind, std::iter::once(field)) != 0;
            match input.get_mut(field) {
                Some(existing) if adds => add_value(existing, value.clone()),
                _ => {
                    input.insert(field.clone(), value.clone());
                }
            }
        }
        input.extend(resolved);
        // A part of a record (a FHIR allergy for a patient) whose record exists nowhere: say that,
        // rather than listing every field the missing record would need.
        let naming = spec
            .fields
            .iter()
            .find(|f| f.required && matches!(f.kind, FieldKind::Text { .. }));
        if let Some(f) = naming.filter(|f| matches!(base, Base::New) && !input.contains_key(f.name)) {
            let reason = format!(
                "no {} for the new {} '{}': it is not in this import (import related files together) or in the register",
                f.label.to_lowercase(),
                spec.singular_in_text(),
                incoming.source_id
            );
            let error = ImportError {
                location: incoming.origin.clone(),
                field: None,
                reason,
            };
            fail(&mut out, (seq, incoming), vec![error], None, ctx.last);
            continue;
        }
        match Record::parse(kind, &input) {
            Ok(record) => ready.push(Ready {
                part: (seq, incoming),
                record,
                base,
                sources,
            }),
            Err(fields) => {
                let errors = fields.0.into_iter().map(|(f, r)| problem(&incoming, &f, r)).collect();
                fail(&mut out, (seq, incoming), errors, None, ctx.last);
            }
        }
    }
    write_ready(conn, kind, ready, seen, ctx, &mut out).await?;
    Ok(out)
}

fn missing(kind: EntityKind, id: i64) -> ImportFailure {
    ImportFailure::Store(crate::StoreError::Corrupt(format!(
        "{} {id} written by this import is gone",
        kind.table()
    )))
}

/// Checks every record's references, then writes the new and changed ones.
async fn write_ready(
    conn: &mut AnyConnection,
    kind: EntityKind,
    ready: Vec<Ready>,
    seen: &mut SeenMap,
    ctx: &Ctx<'_>,
    out: &mut GroupOut,
) -> Result<(), ImportFailure> {
    // Unchanged records need no check and no write; neither does this import's own version
    // when a later part changed nothing.
    let (same, changed): (Vec<Ready>, Vec<Ready>) = ready.into_iter().partition(|r| match &r.base {
        Base::New => false,
        Base::Register(s) => s.record == r.record && s.ended_at.is_none(),
        Base::Own(s, _) => s.record == r.record,
    });
    for r in same {
        let outcome = match r.base {
            Base::Own(_, outcome) => outcome,
            _ => Outcome::Unchanged,
        };
        let (id, before) = r.base.stored().map_or((0, 0), |s| (s.id, s.version));
        seen.record(kind, &r.part.1, id, outcome, before);
        out.applied.push(r.part.1.source_id);
    }
    let targets = reference_targets(conn, kind, &changed).await?;
    let mut ok = Vec::new();
    for r in changed {
        let refused = access::references(ctx.access, &r, &targets);
        if !refused.is_empty() {
            out.errors.extend(refused);
            continue;
        }
        match check_refs(&r, &targets) {
            Ok(scope) => match access::scope(ctx.access, &r, scope) {
                Some(refused) => out.errors.push(refused),
                None => ok.push((r, scope)),
            },
            Err(fields) => {
                let errors = fields
                    .0
                    .into_iter()
                    .map(|(f, why)| problem(&r.part.1, &f, why))
                    .collect();
                fail(out, r.part, errors, None, ctx.last);
            }
        }
    }
    let new: Vec<NewRow> = ok
        .iter()
        .filter(|(r, _)| matches!(r.base, Base::New))
        .map(|(r, scope)| NewRow {
            record: &r.record,
            external_id: (!r.part.1.source_id.starts_with('#')).then_some(r.part.1.source_id.as_str()),
            scope: *scope,
        })
        .collect();
    // The history's text is written out while the database inserts.
    let (new_ids, mut data) = writer::while_waiting(writer::insert(conn, kind, &new, ctx.actor, ctx.now), || {
        ok.iter()
            .map(|(r, _)| writer::history_data(&r.record))
            .collect::<Vec<_>>()
            .into_iter()
    })
    .await;
    let mut new_ids = new_ids?.into_iter();
    // A record this import updated, which a later part brought back to what it was.
    let mut undone = HashMap::new();
    for (r, _) in &ok {
        let first_version = |s: &Stored| {
            let seen = seen.get(kind, &r.part.1.source_id);
            seen.is_some_and(|seen| seen.before == s.version - 1)
        };
        if let Base::Own(s, Outcome::Updated) = &r.base
            && first_version(s)
            && let Some((before, at, by)) = own::before_update(conn, kind, s.id, s.version).await?
            && before == r.record
        {
            undone.insert(s.id, (s.version, (at, by)));
        }
    }
    let mut overwrite = Vec::new();
    let mut versions = Vec::new();
    let mut rewrites = Vec::new();
    let mut applied = Vec::new();
    for (r, scope) in &ok {
        let (id, version, action, outcome) = match &r.base {
            Base::New => {
                let id = new_ids.next().ok_or_else(|| missing(kind, 0))?;
                (id, 1, "create", Outcome::New)
            }
            Base::Register(s) | Base::Own(s, Outcome::Unchanged) => {
                let action = if s.ended_at.is_some() { "restore" } else { "update" };
                (s.id, s.version + 1, action, Outcome::Updated)
            }
            Base::Own(s, _) if undone.contains_key(&s.id) => (s.id, s.version, "", Outcome::Unchanged),
            // This import's own version, rewritten with the later part: still one version.
            Base::Own(s, outcome) => (s.id, s.version, "", *outcome),
        };
        let scope = if kind.spec().scope == Scope::Itself {
            Some(id)
        } else {
            *scope
        };
        if let Some(current) = r.base.stored() {
            overwrite.push(ChangedRow {
                current,
                record: &r.record,
                version,
                scope,
                ended: None,
            });
        }
        let row = HistoryRow {
            table: kind.table(),
            id,
            version,
            action,
            scope,
            data: data.next().unwrap_or_default(),
        };
        match (undone.contains_key(&id), action.is_empty()) {
            // Taken back below: no version to write.
            (true, _) => {}
            (false, true) => rewrites.push(row),
            (false, false) => versions.push(row),
        }
        applied.push((id, outcome));
    }
    writer::overwrite(conn, kind, &overwrite, ctx.actor, ctx.now).await?;
    // People moved to another service (or restored into one) take their contacts and medicines.
    let moved: Vec<(i64, Option<i64>)> = overwrite
        .iter()
        .filter(|c| c.current.service_id != c.scope)
        .map(|c| (c.current.id, c.scope))
        .collect();
    crate::follow::follow(conn, kind, &moved, ctx.actor, ctx.now).await?;
    writer::history(conn, &versions, ctx.actor, ctx.now).await?;
    own::rewrite_history(conn, kind, &rewrites).await?;
    for (id, (version, stamp)) in &undone {
        own::undo_version(conn, kind, *id, *version, stamp).await?;
    }
    for ((r, _), (id, outcome)) in ok.into_iter().zip(applied) {
        let before = r.base.stored().map_or(0, |s| s.version);
        seen.record(kind, &r.part.1, id, outcome, before);
        out.applied.push(r.part.1.source_id);
    }
    Ok(())
}
