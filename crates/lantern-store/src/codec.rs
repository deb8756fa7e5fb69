//! Between parsed values and what the `Any` driver binds: only integers and text travel, so
//! both backends store the same thing (flags as 0/1, lists as JSON text, times as RFC 3339).

use crate::StoreError;
use jiff::Timestamp;
use lantern_core::{EntityKind, FieldKind, Input, InputVal, Record, Val};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A value ready to bind. A null keeps its column type: PostgreSQL refuses a text-typed
/// null in an integer column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DbVal {
    Int(Option<i64>),
    Text(Option<String>),
}

/// Fixed-width UTC text, so that string order is time order in both backends.
pub(crate) fn ts(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// A time column read back; text that is not a time is a corrupt store, said with the column.
pub(crate) fn stamp(row: &AnyRow, column: &str) -> Result<Timestamp, StoreError> {
    let text: String = row.try_get(column)?;
    text.parse()
        .map_err(|e| StoreError::Corrupt(format!("{column} '{text}': {e}")))
}

pub(crate) fn maybe_stamp(row: &AnyRow, column: &str) -> Result<Option<Timestamp>, StoreError> {
    match row.try_get::<Option<String>, _>(column)? {
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|e| StoreError::Corrupt(format!("{column} '{text}': {e}"))),
        None => Ok(None),
    }
}

pub(crate) fn to_db(kind: FieldKind, v: &Val) -> DbVal {
    let json = |value: serde_json::Value| DbVal::Text(Some(value.to_string()));
    match v {
        Val::Empty if kind == FieldKind::Bool => DbVal::Int(Some(0)),
        Val::Empty if is_int_column(kind) => DbVal::Int(None),
        Val::Empty => DbVal::Text(None),
        Val::Bool(b) => DbVal::Int(Some(i64::from(*b))),
        Val::Int(n) | Val::Ref(n) => DbVal::Int(Some(*n)),
        Val::Nhs(n) => DbVal::Text(Some(n.digits())),
        Val::Phone(p) => DbVal::Text(Some(p.digits().to_string())),
        Val::Times(t) => json(serde_json::json!(t.iter().map(|t| t.to_string()).collect::<Vec<_>>())),
        Val::Texts(t) => json(serde_json::json!(t)),
        Val::Refs(ids) => json(serde_json::json!(ids)),
        Val::Pairs(p) => json(serde_json::json!(p)),
        other => DbVal::Text(Some(other.text())),
    }
}

/// Binds values in order onto `$1, $2, …`.
pub(crate) fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    values: &'q [DbVal],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for v in values {
        query = match v {
            DbVal::Int(n) => query.bind(*n),
            DbVal::Text(s) => query.bind(s.as_deref()),
        };
    }
    query
}

fn is_int_column(kind: FieldKind) -> bool {
    matches!(kind, FieldKind::Bool | FieldKind::Int { .. } | FieldKind::Ref(_))
}

/// Reads a register row's fields back into a record.
pub(crate) fn record_from_row(kind: EntityKind, row: &AnyRow) -> Result<Record, StoreError> {
    let spec = kind.spec();
    let mut input = Input::new();
    for f in spec.fields {
        let raw = if is_int_column(f.kind) {
            row.try_get::<Option<i64>, _>(f.name)?
                .map(|n| InputVal::One(n.to_string()))
        } else {
            match row.try_get::<Option<String>, _>(f.name)? {
                None => None,
                Some(text) if f.kind.is_list() => Some(list_from_json(f.name, f.kind, &text)?),
                Some(text) => Some(InputVal::One(text)),
            }
        };
        if let Some(raw) = raw {
            input.insert(f.name.to_string(), raw);
        }
    }
    Record::parse_stored(kind, &input).map_err(|e| {
        let id = row.try_get::<i64, _>("id").unwrap_or_default();
        StoreError::Corrupt(format!("{} {id}: {:?}", spec.table, e.0))
    })
}

fn list_from_json(field: &str, kind: FieldKind, text: &str) -> Result<InputVal, StoreError> {
    let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("{field}: {e}"));
    Ok(match kind {
        FieldKind::Pairs { .. } => InputVal::Pairs(serde_json::from_str(text).map_err(corrupt)?),
        FieldKind::RefList(_) => {
            let ids: Vec<i64> = serde_json::from_str(text).map_err(corrupt)?;
            InputVal::Many(ids.iter().map(|n| n.to_string()).collect())
        }
        _ => InputVal::Many(serde_json::from_str(text).map_err(corrupt)?),
    })
}

/// Placeholders for `n` values bound after `before` others: "$3, $4, $5" — or "?, ?, ?" on
/// SQLite. sqlx binds each numbered SQLite parameter by asking its name, which SQLite finds by
/// scanning the statement's list of names from the start: quadratic in the values of one
/// statement, and most of an import's time with a few thousand (bench/README.md). Plain `?`
/// parameters have no names, so the scan is skipped. Used by the statements that bind many.
pub(crate) fn params(conn: &sqlx::AnyConnection, before: usize, n: usize) -> String {
    let positional = conn.backend_name() == "SQLite";
    (before + 1..=before + n)
        .map(|i| if positional { "?".to_string() } else { format!("${i}") })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `"name"` quoted, so that columns such as `date` or `start` never clash with SQL keywords.
pub(crate) fn quote(name: &str) -> String {
    format!("\"{name}\"")
}
