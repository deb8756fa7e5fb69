//! The references of an import's records: the ids of targets this import has not applied
//! itself, looked up per kind and chunk, and the checks `register::check_refs` makes on one
//! record, made here on a chunk's records with their targets read at once.

use super::ImportFailure;
use super::group::Ready;
use super::lookup::{self, Target};
use super::merge::Part;
use super::seen::SeenMap;
use lantern_core::{EntityKind, FieldErrors, FieldKind, Scope};
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

/// Ids of the reference targets this import has not applied itself, looked up per kind.
pub(crate) async fn reference_ids(
    conn: &mut AnyConnection,
    kind: EntityKind,
    group: &[Part],
    seen: &SeenMap,
) -> Result<HashMap<(EntityKind, String), i64>, ImportFailure> {
    let mut wanted: HashMap<EntityKind, HashSet<&str>> = HashMap::new();
    for (_, r) in group {
        for (field, targets) in &r.refs {
            if let Some((_, target)) = kind.spec().references().find(|(f, _)| f.name == *field) {
                for t in targets.iter().filter(|t| seen.get(target, t).is_none()) {
                    wanted.entry(target).or_default().insert(t.as_str());
                }
            }
        }
    }
    let mut found = HashMap::new();
    for (target, sources) in wanted {
        let sources: Vec<&str> = sources.into_iter().collect();
        for (source, id) in lookup::ids(conn, target, &sources).await? {
            found.insert((target, source), id);
        }
    }
    Ok(found)
}

/// Every target of the records' references, read once per target kind.
pub(crate) async fn reference_targets(
    conn: &mut AnyConnection,
    kind: EntityKind,
    records: &[Ready],
) -> Result<HashMap<(EntityKind, i64), Target>, ImportFailure> {
    let mut wanted: HashMap<EntityKind, HashSet<i64>> = HashMap::new();
    for r in records {
        for (f, target) in kind.spec().references() {
            wanted.entry(target).or_default().extend(r.record.refs(f.name));
        }
    }
    let mut out = HashMap::new();
    for (target, ids) in wanted {
        let ids: Vec<i64> = ids.into_iter().collect();
        for (id, t) in lookup::targets(conn, target, &ids).await? {
            out.insert((target, id), t);
        }
    }
    Ok(out)
}

/// As `register::check_refs`: every reference exists, a new one is not to an ended record, a
/// visit's person belongs to its service. Returns the record's service.
pub(crate) fn check_refs(r: &Ready, targets: &HashMap<(EntityKind, i64), Target>) -> Result<Option<i64>, FieldErrors> {
    let record = &r.record;
    let spec = record.spec();
    let mut errors = FieldErrors::default();
    let mut person_service = None;
    for (f, target) in spec.references() {
        let before = r.base.stored().map(|s| s.record.refs(f.name)).unwrap_or_default();
        for id in record.refs(f.name) {
            let name = target.spec().singular_in_text();
            let Some(t) = targets.get(&(target, id)) else {
                errors.add(f.name, format!("there is no {name} with id {id}"));
                continue;
            };
            if t.ended && !before.contains(&id) {
                errors.add(f.name, format!("that {name} has ended; choose a current one"));
            }
            if let (FieldKind::Ref(EntityKind::Person), Scope::Service(sf)) = (f.kind, spec.scope)
                && t.service.is_some()
                && t.service != record.int(sf)
            {
                errors.add(f.name, "this person is supported by a different service");
            }
            if matches!(spec.scope, Scope::Person(pf) if pf == f.name) {
                person_service = t.service;
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(match spec.scope {
        Scope::Service(f) => record.int(f),
        Scope::Person(_) => person_service,
        Scope::Itself | Scope::Organisation => None,
    })
}
