//! Finding what an import refers to, many at a time: a query per kind and chunk instead of
//! one per record (the per-record queries were most of an import's time, bench/README.md).
//! A source id names a record by its external id, by "#id", or, for kinds people name
//! (services, practices, staff, suppliers, courses), by its current name.

use crate::StoreError;
use crate::codec::params;
use crate::register::{Stored, select_columns, stored_from_row};
use lantern_core::EntityKind;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::{HashMap, HashSet};

/// Values bound in one `IN (…)` list: far below both backends' limits on bound values.
const IN_LIST: usize = 500;

/// Kinds that can be found by their name when a source refers to them by name (a training
/// record's course is written as "Phishing awareness" in a spreadsheet).
pub(crate) fn by_name(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Service | EntityKind::Practice | EntityKind::Staff | EntityKind::Supplier | EntityKind::Course
    )
}

/// "#12" → 12: a record named by Lantern's own id.
fn own_id(source: &str) -> Option<i64> {
    source.strip_prefix('#').and_then(|n| n.parse::<i64>().ok())
}

/// Rows whose `column` is one of `values`.
async fn rows_where_in<T>(
    conn: &mut AnyConnection,
    kind: EntityKind,
    select: &str,
    column: &str,
    values: &[T],
) -> Result<Vec<AnyRow>, StoreError>
where
    T: for<'q> sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any> + Clone + Send,
{
    let mut rows = Vec::new();
    for chunk in values.chunks(IN_LIST) {
        let sql = format!(
            "SELECT {select} FROM {} WHERE {column} IN ({}) ORDER BY id",
            kind.table(),
            params(conn, 0, chunk.len())
        );
        // Only the full-length list repeats often enough to be worth keeping prepared.
        let mut query = sqlx::query(&sql).persistent(chunk.len() == IN_LIST);
        for v in chunk {
            query = query.bind(v.clone());
        }
        rows.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(rows)
}

/// The rows the source ids name, as (source id, row), read with `select` (which must include
/// `id`, `external_id` and `title`). A source id that names nothing is left out.
async fn named(
    conn: &mut AnyConnection,
    kind: EntityKind,
    sources: &[&str],
    select: &str,
) -> Result<Vec<(String, AnyRow)>, StoreError> {
    let mut found = Vec::new();
    let mut by_own_id: HashMap<i64, Vec<&str>> = HashMap::new();
    for s in sources {
        if let Some(id) = own_id(s) {
            by_own_id.entry(id).or_default().push(s);
        }
    }
    let own_ids: Vec<i64> = by_own_id.keys().copied().collect();
    for row in rows_where_in(conn, kind, select, "id", &own_ids).await? {
        let id: i64 = row.try_get("id")?;
        for s in by_own_id.get(&id).into_iter().flatten() {
            found.push((s.to_string(), row.clone()));
        }
    }
    let external: Vec<String> = sources
        .iter()
        .filter(|s| own_id(s).is_none())
        .map(|s| s.to_string())
        .collect();
    let mut left: HashSet<&str> = external.iter().map(String::as_str).collect();
    for row in rows_where_in(conn, kind, select, "external_id", &external).await? {
        let ext: String = row.try_get("external_id")?;
        left.remove(ext.as_str());
        found.push((ext, row));
    }
    if by_name(kind) && !left.is_empty() {
        // Compared as the one-at-a-time lookup did: LOWER() in SQL against Rust's lower case.
        let mut wanted: HashMap<String, Vec<&str>> = HashMap::new();
        for s in left {
            wanted.entry(s.to_lowercase()).or_default().push(s);
        }
        let names: Vec<String> = wanted.keys().cloned().collect();
        let select = format!("{select}, LOWER(title) AS lantern_lower_title");
        let rows = rows_where_in(conn, kind, &select, "LOWER(title)", &names).await?;
        let mut taken = HashSet::new();
        for row in rows {
            if row.try_get::<Option<String>, _>("ended_at")?.is_some() {
                continue;
            }
            let name: String = row.try_get("lantern_lower_title")?;
            // The lowest id wins when two current records share a name, as before.
            if !taken.insert(name.clone()) {
                continue;
            }
            for s in wanted.get(&name).into_iter().flatten() {
                found.push((s.to_string(), row.clone()));
            }
        }
    }
    Ok(found)
}

/// The stored records that these source ids name.
pub(crate) async fn records(
    conn: &mut AnyConnection,
    kind: EntityKind,
    sources: &[&str],
) -> Result<HashMap<String, Stored>, StoreError> {
    let mut out = HashMap::new();
    for (source, row) in named(conn, kind, sources, &select_columns(kind)).await? {
        out.insert(source, stored_from_row(kind, &row)?);
    }
    Ok(out)
}

/// The ids of the records these source ids name.
pub(crate) async fn ids(
    conn: &mut AnyConnection,
    kind: EntityKind,
    sources: &[&str],
) -> Result<HashMap<String, i64>, StoreError> {
    let mut out = HashMap::new();
    for (source, row) in named(conn, kind, sources, "id, external_id, title, ended_at").await? {
        out.insert(source, row.try_get("id")?);
    }
    Ok(out)
}

/// Stored records by id.
pub(crate) async fn records_by_id(
    conn: &mut AnyConnection,
    kind: EntityKind,
    ids: &[i64],
) -> Result<HashMap<i64, Stored>, StoreError> {
    let mut out = HashMap::new();
    for row in rows_where_in(conn, kind, &select_columns(kind), "id", ids).await? {
        let s = stored_from_row(kind, &row)?;
        out.insert(s.id, s);
    }
    Ok(out)
}

/// What a reference check needs of a target: whether it has ended, and its service.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target {
    pub ended: bool,
    pub service: Option<i64>,
}

/// Reference targets by id.
pub(crate) async fn targets(
    conn: &mut AnyConnection,
    kind: EntityKind,
    ids: &[i64],
) -> Result<HashMap<i64, Target>, StoreError> {
    let mut out = HashMap::new();
    for row in rows_where_in(conn, kind, "id, ended_at, scope_service_id", "id", ids).await? {
        let target = Target {
            ended: row.try_get::<Option<String>, _>("ended_at")?.is_some(),
            service: row.try_get("scope_service_id")?,
        };
        out.insert(row.try_get("id")?, target);
    }
    Ok(out)
}
