//! The one writer of register rows and their record_history versions. The import writes many
//! rows per statement: each statement is a round trip to the database (for SQLite, to its
//! worker thread), which cost more than the writing itself when done per record. A single
//! write from the register (create, update, end, restore) is a batch of one through the same
//! statements, so that both leave the same rows (the contract's `one_writer` case).

use crate::codec::{DbVal, bind_all, params, quote, to_db, ts};
use crate::register::Stored;
use crate::{Actor, StoreError};
use jiff::Timestamp;
use lantern_core::{EntityKind, Record, Scope};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;
use std::task::Poll;

/// Bound values per statement: under SQLite's limit (32,766) and PostgreSQL's (65,535).
const MAX_BINDS: usize = 30_000;
/// Rows per statement at most; more made no difference in bench/import.sh.
const MAX_ROWS: usize = 250;

/// Bookkeeping columns every register table has after `id`, before the entity's own fields,
/// in table order (migrations/*/0001_init.sql). The one list: reads, inserts and overwrites
/// are all built from it.
pub(crate) const BOOKKEEPING: [&str; 11] = [
    "version",
    "external_id",
    "title",
    "search_text",
    "scope_service_id",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "ended_at",
    "ended_by",
];

/// Written from the record on every write and never read back into [`Stored`].
const DERIVED: [&str; 2] = ["title", "search_text"];

/// Kept from the first version when a record is overwritten.
const KEPT: [&str; 3] = ["external_id", "created_at", "created_by"];

/// "id, version, …, ended_by, \"field\", …": what a read of `kind` selects for [`Stored`].
pub(crate) fn select_columns(kind: EntityKind) -> String {
    let mut cols = vec!["id".to_string()];
    cols.extend(
        BOOKKEEPING
            .iter()
            .filter(|c| !DERIVED.contains(c))
            .map(|c| c.to_string()),
    );
    cols.extend(kind.spec().fields.iter().map(|f| quote(f.name)));
    cols.join(", ")
}

/// A new record to insert.
pub(crate) struct NewRow<'a> {
    pub record: &'a Record,
    pub external_id: Option<&'a str>,
    pub scope: Option<i64>,
}

/// A stored record to overwrite: a new version of it, or this import's own version again.
pub(crate) struct ChangedRow<'a> {
    pub current: &'a Stored,
    pub record: &'a Record,
    pub version: i64,
    pub scope: Option<i64>,
    /// When and by whom it ended, kept through an edit of an ended record; `None` for a
    /// current record and for one restored (as an import restores what it lists).
    pub ended: Option<(Timestamp, &'a str)>,
}

/// One version for record_history, its data already written out.
pub(crate) struct HistoryRow {
    pub table: &'static str,
    pub id: i64,
    pub version: i64,
    pub action: &'static str,
    pub scope: Option<i64>,
    pub data: String,
}

/// What record_history keeps of a record.
pub(crate) fn history_data(record: &Record) -> String {
    lantern_core::json::record_to_json_text(record)
}

pub(crate) fn rows_per_statement(columns: usize) -> usize {
    (MAX_BINDS / columns.max(1)).clamp(1, MAX_ROWS)
}

/// "($1, $2), ($3, $4)" for `rows` rows of `columns` values (see `codec::params`).
fn values_list(conn: &AnyConnection, rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", params(conn, r * columns, columns)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn columns(kind: EntityKind, with_id: bool) -> Vec<String> {
    let mut cols: Vec<String> = Vec::new();
    if with_id {
        cols.push("id".into());
    }
    cols.extend(BOOKKEEPING.iter().map(|c| c.to_string()));
    cols.extend(kind.spec().fields.iter().map(|f| quote(f.name)));
    cols
}

/// Bookkeeping then field values, in `columns` order (without the id).
#[allow(clippy::too_many_arguments)]
fn push_row(
    values: &mut Vec<DbVal>,
    record: &Record,
    version: i64,
    external_id: Option<&str>,
    scope: Option<i64>,
    created: (&str, &str),
    stamp: &str,
    actor: &Actor,
    ended: Option<(Timestamp, &str)>,
) {
    values.extend([
        DbVal::Int(Some(version)),
        DbVal::Text(external_id.map(String::from)),
        DbVal::Text(Some(record.title())),
        DbVal::Text(Some(record.search_text())),
        DbVal::Int(scope),
        DbVal::Text(Some(created.0.to_string())),
        DbVal::Text(Some(created.1.to_string())),
        DbVal::Text(Some(stamp.to_string())),
        DbVal::Text(Some(actor.label.clone())),
        DbVal::Text(ended.map(|e| ts(e.0))),
        DbVal::Text(ended.map(|e| e.1.to_string())),
    ]);
    values.extend(record.values().map(|(f, v)| to_db(f.kind, v)));
}

/// Polls `statement` once — which hands it to the database — then does `work` while the
/// database runs it. On two cores the import otherwise either waits for the database or
/// keeps it waiting.
pub(crate) async fn while_waiting<F: Future, T>(statement: F, work: impl FnOnce() -> T) -> (F::Output, T) {
    let mut statement = std::pin::pin!(statement);
    let first = std::future::poll_fn(|cx| Poll::Ready(statement.as_mut().poll(cx))).await;
    let done = work();
    let out = match first {
        Poll::Ready(out) => out,
        Poll::Pending => statement.await,
    };
    (out, done)
}

/// Runs `sql(n)` once per chunk of `per` rows, each row's values pushed by `row`, building the
/// next chunk's values while the database works on the current one; returns what the
/// statements return. The statement for full chunks is built once and kept prepared, and so
/// is a single row's (every single write from the register repeats it); a short last chunk's
/// is not kept (its row count rarely repeats, and a prepared statement of thousands of values
/// is large).
pub(crate) async fn each_chunk<R>(
    conn: &mut AnyConnection,
    rows: &[R],
    per: usize,
    sql: impl Fn(&AnyConnection, usize) -> String,
    row: impl Fn(&R, &mut Vec<DbVal>),
) -> Result<Vec<AnyRow>, StoreError> {
    let build = |chunk: &[R]| {
        let mut values = Vec::new();
        for r in chunk {
            row(r, &mut values);
        }
        values
    };
    let mut chunks = rows.chunks(per.max(1));
    let mut next = chunks.next().map(|c| (c.len(), build(c)));
    let mut full: Option<String> = None;
    let mut out = Vec::new();
    while let Some((n, values)) = next.take() {
        let tail;
        let text = if n == per {
            full.get_or_insert_with(|| sql(conn, n)).as_str()
        } else {
            tail = sql(conn, n);
            tail.as_str()
        };
        let query = bind_all(sqlx::query(text).persistent(n == per || n == 1), &values);
        let (rows, following) = while_waiting(query.fetch_all(&mut *conn), || {
            chunks.next().map(|c| (c.len(), build(c)))
        })
        .await;
        out.extend(rows?);
        next = following;
    }
    Ok(out)
}

/// Inserts new records of `kind`; returns their ids in the order of `rows`. Ids come back
/// matched by external id, not by position (neither backend promises RETURNING rows in VALUES
/// order), so a record without one (a "#12" that named nothing) is inserted on its own.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    kind: EntityKind,
    rows: &[NewRow<'_>],
    actor: &Actor,
    now: Timestamp,
) -> Result<Vec<i64>, StoreError> {
    let cols = columns(kind, false);
    let stamp = ts(now);
    let (named, unnamed): (Vec<&NewRow>, Vec<&NewRow>) = rows.iter().partition(|r| r.external_id.is_some());
    let sql = |conn: &AnyConnection, n: usize| {
        format!(
            "INSERT INTO {} ({}) VALUES {} RETURNING id, external_id",
            kind.table(),
            cols.join(", "),
            values_list(conn, n, cols.len())
        )
    };
    let row = |r: &&NewRow, values: &mut Vec<DbVal>| {
        let created = (stamp.as_str(), actor.label.as_str());
        push_row(
            values,
            r.record,
            1,
            r.external_id,
            r.scope,
            created,
            &stamp,
            actor,
            None,
        );
    };
    let mut by_external: HashMap<String, i64> = HashMap::new();
    let mut lone = Vec::new();
    let per = rows_per_statement(cols.len());
    let mut returned = each_chunk(conn, &named, per, sql, row).await?;
    returned.extend(each_chunk(conn, &unnamed, 1, sql, row).await?);
    for r in returned {
        let id: i64 = r.try_get("id")?;
        match r.try_get::<Option<String>, _>("external_id")? {
            Some(ext) => {
                by_external.insert(ext, id);
            }
            None => lone.push(id),
        }
    }
    let mut lone = lone.into_iter();
    let mut ids = Vec::with_capacity(rows.len());
    for r in rows {
        let id = match r.external_id {
            Some(ext) => by_external.get(ext).copied(),
            None => lone.next(),
        };
        ids.push(
            id.ok_or_else(|| StoreError::Corrupt(format!("{}: an inserted row did not come back", kind.table())))?,
        );
    }
    if kind.spec().scope == Scope::Itself && !ids.is_empty() {
        // A service is its own scope, known only once it has an id.
        for chunk in ids.chunks(MAX_ROWS) {
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let sql = format!(
                "UPDATE {} SET scope_service_id = id WHERE id IN ({})",
                kind.table(),
                list.join(", ")
            );
            sqlx::query(&sql).execute(&mut *conn).await?;
        }
    }
    Ok(ids)
}

/// Overwrites stored records (restoring ended ones): an insert that meets the existing id
/// and updates it instead, which both backends accept with many rows at once.
pub(crate) async fn overwrite(
    conn: &mut AnyConnection,
    kind: EntityKind,
    rows: &[ChangedRow<'_>],
    actor: &Actor,
    now: Timestamp,
) -> Result<(), StoreError> {
    let cols = columns(kind, true);
    let sets: Vec<String> = cols
        .iter()
        .filter(|c| c.as_str() != "id" && !KEPT.contains(&c.as_str()))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let stamp = ts(now);
    let sql = |conn: &AnyConnection, n: usize| {
        format!(
            "INSERT INTO {} ({}) VALUES {} ON CONFLICT (id) DO UPDATE SET {}",
            kind.table(),
            cols.join(", "),
            values_list(conn, n, cols.len()),
            sets.join(", ")
        )
    };
    let row = |r: &ChangedRow, values: &mut Vec<DbVal>| {
        values.push(DbVal::Int(Some(r.current.id)));
        let c = &r.current;
        let created_at = ts(c.created_at);
        let created = (created_at.as_str(), c.created_by.as_str());
        let ext = c.external_id.as_deref();
        push_row(
            values, r.record, r.version, ext, r.scope, created, &stamp, actor, r.ended,
        );
    };
    each_chunk(conn, rows, rows_per_statement(cols.len()), sql, row).await?;
    Ok(())
}

/// Adds versions to record_history.
pub(crate) async fn history(
    conn: &mut AnyConnection,
    rows: &[HistoryRow],
    actor: &Actor,
    now: Timestamp,
) -> Result<(), StoreError> {
    const COLS: usize = 8;
    let stamp = ts(now);
    let sql = |conn: &AnyConnection, n: usize| {
        format!(
            "INSERT INTO record_history (entity, record_id, version, at, actor, action, service_id, data) VALUES {}",
            values_list(conn, n, COLS)
        )
    };
    let row = |r: &HistoryRow, values: &mut Vec<DbVal>| {
        values.extend([
            DbVal::Text(Some(r.table.to_string())),
            DbVal::Int(Some(r.id)),
            DbVal::Int(Some(r.version)),
            DbVal::Text(Some(stamp.clone())),
            DbVal::Text(Some(actor.label.clone())),
            DbVal::Text(Some(r.action.to_string())),
            DbVal::Int(r.scope),
            DbVal::Text(Some(r.data.clone())),
        ]);
    };
    each_chunk(conn, rows, rows_per_statement(COLS), sql, row).await?;
    Ok(())
}

/// Ends stored records (`end`) or restores ended ones, each with its history version
/// ("end" / "restore"); only the bookkeeping changes.
pub(crate) async fn set_ended(
    conn: &mut AnyConnection,
    kind: EntityKind,
    rows: &[Stored],
    end: bool,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), StoreError> {
    let stamp = ts(now);
    let (ended_at, ended_by) = if end {
        (Some(stamp.as_str()), Some(actor.label.as_str()))
    } else {
        (None, None)
    };
    for chunk in rows.chunks(MAX_ROWS) {
        let list: Vec<String> = chunk.iter().map(|s| s.id.to_string()).collect();
        let sql = format!(
            "UPDATE {} SET version = version + 1, ended_at = $1, ended_by = $2, updated_at = $3, updated_by = $4 \
             WHERE id IN ({})",
            kind.table(),
            list.join(", ")
        );
        sqlx::query(&sql)
            .bind(ended_at)
            .bind(ended_by)
            .bind(stamp.as_str())
            .bind(actor.label.as_str())
            .execute(&mut *conn)
            .await?;
        let versions: Vec<HistoryRow> = chunk
            .iter()
            .map(|s| HistoryRow {
                table: kind.table(),
                id: s.id,
                version: s.version + 1,
                action: if end { "end" } else { "restore" },
                scope: s.service_id,
                data: history_data(&s.record),
            })
            .collect();
        history(conn, &versions, actor, now).await?;
    }
    Ok(())
}
