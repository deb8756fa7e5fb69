//! The audit log (who viewed, printed, exported or signed in) and the history of every
//! register record (who changed what, and what it was).

use crate::codec::{stamp, ts};
use crate::{Store, StoreError};
use jiff::Timestamp;
use lantern_core::EntityKind;
use sqlx::Row;

/// The `entity` of audit entries about user accounts.
pub const USERS: &str = "users";

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub at: Timestamp,
    pub user_id: Option<i64>,
    pub actor: String,
    /// "view", "export", "login", "login_failed", "sign_in_throttled", "logout", "token_used"…
    pub action: String,
    pub entity: Option<String>,
    pub record_id: Option<i64>,
    pub service_id: Option<i64>,
    pub detail: String,
}

/// One saved version of a register record.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub version: i64,
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    pub data: serde_json::Value,
}

/// Writes one audit line on `conn`: inside a caller's transaction when the change and its
/// audit line must commit together.
pub(crate) async fn insert_audit(conn: &mut sqlx::AnyConnection, entry: &AuditEntry) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, actor, action, entity, record_id, service_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(ts(entry.at))
    .bind(entry.user_id)
    .bind(&entry.actor)
    .bind(&entry.action)
    .bind(entry.entity.as_deref())
    .bind(entry.record_id)
    .bind(entry.service_id)
    .bind(&entry.detail)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An "update" entry about one register record, written in the transaction that changed it
/// (a device's log, a risk's review, a device marked faulty by a disruption).
pub(crate) async fn record_update(
    conn: &mut sqlx::AnyConnection,
    (kind, id, service_id): (EntityKind, i64, Option<i64>),
    actor: &crate::Actor,
    now: Timestamp,
    detail: String,
) -> Result<(), StoreError> {
    let entry = AuditEntry::new(now, actor.user_id, &actor.label, "update", detail).about(kind, id, service_id);
    insert_audit(conn, &entry).await
}

impl Store {
    pub async fn audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let _w = self.write_lock.lock().await;
        let mut conn = self.pool.acquire().await?;
        insert_audit(&mut conn, entry).await
    }

    /// The newest entries first.
    pub async fn audit_entries(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, user_id, actor, action, entity, record_id, service_id, detail FROM audit_log \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: stamp(r, "at")?,
                    user_id: r.try_get("user_id")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    entity: r.try_get("entity")?,
                    record_id: r.try_get("record_id")?,
                    service_id: r.try_get("service_id")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }

    /// Every version of a record, newest first.
    pub async fn history(&self, kind: EntityKind, id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT version, at, actor, action, data FROM record_history WHERE entity = $1 AND record_id = $2 \
             ORDER BY version DESC",
        )
        .bind(kind.table())
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let data: String = r.try_get("data")?;
                Ok(HistoryEntry {
                    version: r.try_get("version")?,
                    at: stamp(r, "at")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    data: serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(format!("history: {e}")))?,
                })
            })
            .collect()
    }
}

impl Store {
    /// The records of `kind` in `services` as they stood at `at`: each one's last version saved
    /// by then, or — for a record first entered after `at` but before `until` (an import during
    /// the outage) — its first version. Records ended by `at` are left out, and so are records
    /// that were in another service at `at` (a person who moved away before, or arrived after).
    pub async fn versions_at(
        &self,
        kind: EntityKind,
        services: &[i64],
        at: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<(i64, lantern_core::Record)>, StoreError> {
        if services.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..services.len()).map(|i| format!("${}", i + 2)).collect();
        // Every version of each record that was ever in these services, so that the version
        // in force at `at` is chosen before its service is looked at.
        let sql = format!(
            "SELECT record_id, version, at, action, service_id, data FROM record_history WHERE entity = $1 \
             AND record_id IN (SELECT record_id FROM record_history WHERE entity = $1 AND service_id IN ({})) \
             ORDER BY record_id, version",
            marks.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(kind.table());
        for s in services {
            query = query.bind(*s);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let (at, until) = (ts(at), ts(until));
        let mut out: Vec<(i64, lantern_core::Record)> = Vec::new();
        let mut current: Option<Version> = None;
        let mut flush = |c: Option<Version>| -> Result<(), StoreError> {
            let in_force =
                c.filter(|v| v.action != "end" && v.when <= until && v.service.is_some_and(|s| services.contains(&s)));
            if let Some(v) = in_force {
                let value: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(&v.data).map_err(|e| StoreError::Corrupt(format!("history: {e}")))?;
                let record = lantern_core::json::record_from_stored_json(kind, &value).ok_or_else(|| {
                    StoreError::Corrupt(format!("history of {} {} no longer parses", kind.table(), v.id))
                })?;
                out.push((v.id, record));
            }
            Ok(())
        };
        for r in &rows {
            let v = Version {
                id: r.try_get("record_id")?,
                when: r.try_get("at")?,
                action: r.try_get("action")?,
                service: r.try_get("service_id")?,
                data: r.try_get("data")?,
            };
            match &current {
                Some(c) if c.id == v.id => {
                    if v.when <= at {
                        current = Some(v);
                    }
                }
                _ => {
                    flush(current.take())?;
                    current = Some(v);
                }
            }
        }
        flush(current)?;
        Ok(out)
    }
}

/// One version of a record, as `versions_at` reads it.
struct Version {
    id: i64,
    when: String,
    action: String,
    service: Option<i64>,
    data: String,
}

impl AuditEntry {
    /// An entry stamped `now` for a user's action.
    pub fn new(now: Timestamp, user_id: Option<i64>, actor: &str, action: &str, detail: impl Into<String>) -> Self {
        Self {
            at: now,
            user_id,
            actor: actor.to_string(),
            action: action.to_string(),
            entity: None,
            record_id: None,
            service_id: None,
            detail: detail.into(),
        }
    }

    /// An entry about a user account (added, changed, password reset, signed out, unlocked).
    pub fn about_user(mut self, user_id: i64) -> Self {
        self.entity = Some(USERS.to_string());
        self.record_id = Some(user_id);
        self
    }

    pub fn about(mut self, kind: EntityKind, id: i64, service_id: Option<i64>) -> Self {
        self.entity = Some(kind.table().to_string());
        self.record_id = Some(id);
        self.service_id = service_id;
        self
    }
}
