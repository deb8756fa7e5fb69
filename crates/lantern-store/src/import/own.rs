//! This import's own versions: rewritten when a later part of a record arrives in another
//! chunk, and taken back when later parts bring the record back to what it was — so that an
//! import applied in chunks leaves the history it would have left applied whole.

use crate::StoreError;
use crate::codec::{DbVal, params};
use crate::writer::{HistoryRow, each_chunk, rows_per_statement};
use lantern_core::{EntityKind, Record};
use sqlx::{AnyConnection, Row};

/// The version before `version` of a record, as record_history keeps it — (record, when, by
/// whom) — when `version` updated a current record (not a restore of an ended one).
pub(crate) async fn before_update(
    conn: &mut AnyConnection,
    kind: EntityKind,
    id: i64,
    version: i64,
) -> Result<Option<(Record, String, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT version, at, actor, action, data FROM record_history \
         WHERE entity = $1 AND record_id = $2 AND version IN ($3, $4)",
    )
    .bind(kind.table())
    .bind(id)
    .bind(version - 1)
    .bind(version)
    .fetch_all(&mut *conn)
    .await?;
    let mut before = None;
    let mut was_update = false;
    for row in rows {
        let v: i64 = row.try_get("version")?;
        if v == version {
            was_update = row.try_get::<String, _>("action")? == "update";
            continue;
        }
        let data: String = row.try_get("data")?;
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(format!("history: {e}")))?;
        if let Some(record) = lantern_core::json::record_from_stored_json(kind, &object) {
            before = Some((record, row.try_get("at")?, row.try_get("actor")?));
        }
    }
    Ok(before.filter(|_| was_update))
}

/// Replaces what this import wrote as versions, when later parts of the same records
/// arrived: one version per record per import, as when the parts were merged beforehand. All
/// `rows` are of `kind`. `UPDATE … FROM (VALUES …)` updates many rows at once on both backends
/// (VALUES columns are `column1`… on both; the casts give PostgreSQL their types).
pub(crate) async fn rewrite_history(
    conn: &mut AnyConnection,
    kind: EntityKind,
    rows: &[HistoryRow],
) -> Result<(), StoreError> {
    const COLS: usize = 4;
    let sql = |conn: &AnyConnection, n: usize| {
        let values: Vec<String> = (0..n)
            .map(|r| {
                let p = |c: usize| params(conn, r * COLS + c, 1);
                format!(
                    "(CAST({} AS BIGINT), CAST({} AS BIGINT), CAST({} AS TEXT), CAST({} AS BIGINT))",
                    p(0),
                    p(1),
                    p(2),
                    p(3)
                )
            })
            .collect();
        format!(
            "UPDATE record_history SET data = v.column3, service_id = v.column4 FROM (VALUES {}) AS v \
             WHERE record_history.entity = '{}' AND record_history.record_id = v.column1 \
             AND record_history.version = v.column2",
            values.join(", "),
            kind.table()
        )
    };
    let row = |r: &HistoryRow, values: &mut Vec<DbVal>| {
        values.extend([
            DbVal::Int(Some(r.id)),
            DbVal::Int(Some(r.version)),
            DbVal::Text(Some(r.data.clone())),
            DbVal::Int(r.scope),
        ]);
    };
    each_chunk(conn, rows, rows_per_statement(COLS), sql, row).await?;
    Ok(())
}

/// Takes back the version this import wrote when its later parts brought the record back to
/// what it was: the row returns to the earlier version's number and stamp, and the version
/// (written in this same transaction) goes, as if the parts had been merged beforehand.
pub(crate) async fn undo_version(
    conn: &mut AnyConnection,
    kind: EntityKind,
    id: i64,
    version: i64,
    (at, by): &(String, String),
) -> Result<(), StoreError> {
    let sql = format!(
        "UPDATE {} SET version = $1, updated_at = $2, updated_by = $3 WHERE id = $4",
        kind.table()
    );
    sqlx::query(&sql)
        .bind(version - 1)
        .bind(at.as_str())
        .bind(by.as_str())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM record_history WHERE entity = $1 AND record_id = $2 AND version = $3")
        .bind(kind.table())
        .bind(id)
        .bind(version)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
