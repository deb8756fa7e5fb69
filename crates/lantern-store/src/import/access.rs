//! An import by a user limited to some services touches only records of those services: the
//! rules the forms apply one record at a time (lantern-web access.rs `ensure_writable`), here
//! for every row of an import. A row that breaks them is a located problem, so the whole import
//! is refused and every such row named. The messages say nothing of the other service — no
//! name, no value — only what the row itself said.
//!
//! With [`ServiceAccess::All`] (the CLI, system imports, administrators) nothing here applies.

use super::group::Ready;
use super::lookup::Target;
use crate::register::Stored;
use lantern_core::incoming::{ImportError, Incoming};
use lantern_core::user::ServiceAccess;
use lantern_core::{EntityKind, Scope};
use std::collections::HashMap;

/// A record of no service (staff, practices, systems, suppliers, a device of no service) is the
/// organisation's: any editor may import it, as any editor may change it in a form.
pub(crate) fn allows(access: &ServiceAccess, service: Option<i64>) -> bool {
    service.is_none_or(|s| access.allows(s))
}

fn refused(incoming: &Incoming, field: Option<&str>, reason: String) -> ImportError {
    ImportError {
        location: incoming.origin.clone(),
        field: field.map(|f| incoming.element_of(f)),
        reason,
    }
}

/// The record a row names, before anything else: an existing record of another service may not
/// be changed, ended or restored — nor even compared, since "unchanged" would tell its values —
/// and only an all-services user may add a service.
pub(crate) fn named_record(
    access: &ServiceAccess,
    kind: EntityKind,
    incoming: &Incoming,
    stored: Option<&Stored>,
) -> Option<ImportError> {
    if *access == ServiceAccess::All {
        return None;
    }
    let theirs = stored.is_some_and(|s| allows(access, s.service_id));
    if kind.spec().scope == Scope::Itself {
        // One message for a new service and another's, so that a row cannot tell which
        // service names exist.
        return (!theirs).then(|| {
            let reason = "only a user with access to every service can add a service or change another's";
            refused(incoming, None, reason.into())
        });
    }
    match stored {
        Some(_) if !theirs => Some(refused(
            incoming,
            Some("source_id"),
            format!("'{}' is not a record of your services", incoming.source_id),
        )),
        _ => None,
    }
}

/// References the record gains to records of another service: a visit naming their person, a
/// staff member's `services` listing their service. References it already had may stay.
/// The message names a reference by the source id the row gave ([`Ready::sources`]).
pub(crate) fn references(
    access: &ServiceAccess,
    r: &Ready,
    targets: &HashMap<(EntityKind, i64), Target>,
) -> Vec<ImportError> {
    let mut errors = Vec::new();
    if *access == ServiceAccess::All {
        return errors;
    }
    let spec = r.record.spec();
    for (f, target) in spec.references() {
        let before = r.base.stored().map(|s| s.record.refs(f.name)).unwrap_or_default();
        for id in r.record.refs(f.name) {
            let Some(t) = targets.get(&(target, id)) else { continue };
            if before.contains(&id) || allows(access, t.service) {
                continue;
            }
            let reason = match (target, r.sources.get(&(f.name, id))) {
                (EntityKind::Service, _) => "you can import only into your own services".to_string(),
                (_, Some(source)) => format!("'{source}' is not a record of your services"),
                (_, None) => format!(
                    "that {} is not a record of your services",
                    target.spec().singular_in_text()
                ),
            };
            errors.push(refused(&r.part.1, Some(f.name), reason));
        }
    }
    errors
}

/// The service the record would be written with. The reference checks above catch a new
/// reference to another service; this catches a service given as a plain value (a FHIR
/// import's `--service`) and anything else that would place the record outside the access.
pub(crate) fn scope(access: &ServiceAccess, r: &Ready, scope: Option<i64>) -> Option<ImportError> {
    if allows(access, scope) {
        return None;
    }
    let field = match r.record.spec().scope {
        Scope::Service(f) | Scope::Person(f) => Some(f),
        Scope::Itself | Scope::Organisation => None,
    };
    Some(refused(
        &r.part.1,
        field,
        "you can import only into your own services".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_wide_records_are_everyone_s() {
        let a = ServiceAccess::Only(vec![1]);
        assert!(allows(&a, None));
        assert!(allows(&a, Some(1)));
        assert!(!allows(&a, Some(2)));
        assert!(!allows(&ServiceAccess::Only(Vec::new()), Some(1)));
        assert!(allows(&ServiceAccess::All, Some(2)));
    }
}
