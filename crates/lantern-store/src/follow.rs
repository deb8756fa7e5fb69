//! Records whose service is their parent's (a person's emergency contacts and medicines,
//! `Scope::Person` in the entity specs) follow the parent when it moves to another service, in
//! the caller's transaction. Otherwise the new service's pack would print no MAR and "no
//! emergency contacts" for the person, while the old service's manager could still read them
//! (issue [6], point 2). Visits and shifts name their own service — the rota of the service
//! that runs them — and stay as they are.
//!
//! Each record that moves gets a version, tagged with its new service, so that the history says
//! where it was when: a pack turns stale, a reconciliation reads the record in the service it
//! was in at the time (`Store::versions_at`), and the old service no longer reads it.

use crate::codec::{quote, ts};
use crate::register::{history, select_columns, stored_from_row};
use crate::{Actor, StoreError};
use jiff::Timestamp;
use lantern_core::{EntityKind, FieldKind, Scope};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Ids per statement: far below both backends' limits.
const IN_LIST: usize = 500;

/// The kinds whose service is derived from a record of `parent`, each with the field that
/// names the parent — read from the specs, so that a new such kind follows without being named.
pub(crate) fn children_of(parent: EntityKind) -> Vec<(EntityKind, &'static str)> {
    EntityKind::ALL
        .into_iter()
        .filter_map(|kind| match kind.spec().scope {
            Scope::Person(field) => {
                let names_parent = kind
                    .spec()
                    .field(field)
                    .is_some_and(|f| f.kind == FieldKind::Ref(parent));
                names_parent.then_some((kind, field))
            }
            _ => None,
        })
        .collect()
}

/// Moves every record (current or ended) derived from the `moved` parents — (parent id, its
/// new service) — into its parent's service, one version each.
pub(crate) async fn follow(
    conn: &mut AnyConnection,
    parent: EntityKind,
    moved: &[(i64, Option<i64>)],
    actor: &Actor,
    now: Timestamp,
) -> Result<usize, StoreError> {
    if moved.is_empty() {
        return Ok(0);
    }
    let service_of: HashMap<i64, Option<i64>> = moved.iter().copied().collect();
    let parents: Vec<i64> = service_of.keys().copied().collect();
    let stamp = ts(now);
    let mut n = 0;
    for (kind, field) in children_of(parent) {
        for chunk in parents.chunks(IN_LIST) {
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let sql = format!(
                "SELECT {} FROM {} WHERE {} IN ({}) ORDER BY id",
                select_columns(kind),
                kind.table(),
                quote(field),
                list.join(", ")
            );
            let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
            for row in rows {
                let child = stored_from_row(kind, &row)?;
                let Some(&service) = child.record.int(field).and_then(|p| service_of.get(&p)) else {
                    continue;
                };
                if child.service_id == service {
                    continue;
                }
                let version = child.version + 1;
                sqlx::query(&format!(
                    "UPDATE {} SET scope_service_id = $1, version = $2, updated_at = $3, updated_by = $4 WHERE id = $5",
                    kind.table()
                ))
                .bind(service)
                .bind(version)
                .bind(stamp.as_str())
                .bind(actor.label.as_str())
                .bind(child.id)
                .execute(&mut *conn)
                .await?;
                history(conn, &child.record, child.id, version, "update", service, actor, now).await?;
                n += 1;
            }
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_and_medicines_follow_a_person_and_nothing_follows_a_service() {
        let kinds: Vec<EntityKind> = children_of(EntityKind::Person).into_iter().map(|(k, _)| k).collect();
        assert!(kinds.contains(&EntityKind::Contact) && kinds.contains(&EntityKind::Medicine));
        assert!(!kinds.contains(&EntityKind::Visit), "a visit names its own service");
        assert!(children_of(EntityKind::Service).is_empty());
    }
}
