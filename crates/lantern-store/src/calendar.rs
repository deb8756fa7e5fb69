//! The assurance calendar's own tables: who is named responsible for a duty, and each user's
//! private calendar feed (the token kept only as its hash). Every change commits with its
//! audit line. The duties themselves are read from the records they come from.

use crate::auth::user_from_row;
use crate::codec::{stamp, ts};
use crate::{Actor, AuditEntry, Store, StoreError, User};
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::Row;
use std::collections::BTreeMap;

/// The audit log's `entity` for the calendar's changes.
pub const CALENDAR: &str = "calendar";

/// A user's live calendar feed (its address is never stored, only the token's hash).
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarFeed {
    pub id: i64,
    pub user_id: i64,
    pub created_at: Timestamp,
}

/// The latest recorded check of one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestDeviceCheck {
    pub device_id: i64,
    pub check_id: i64,
    pub checked_on: Date,
    /// "test" or "battery".
    pub check_type: String,
}

impl Store {
    /// The named responsible person of each duty that has one: duty key → user id.
    pub async fn calendar_responsible(&self) -> Result<BTreeMap<String, i64>, StoreError> {
        let rows = sqlx::query("SELECT duty_key, user_id FROM calendar_responsible")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get::<String, _>("duty_key")?, r.try_get::<i64, _>("user_id")?)))
            .collect()
    }

    /// Names `user_id` responsible for duty `key`, or (with `None`) goes back to the default;
    /// with its audit line (`detail`, about `service_id`) in the same transaction.
    pub async fn set_calendar_responsible(
        &self,
        key: &str,
        user_id: Option<i64>,
        service_id: Option<i64>,
        actor: &Actor,
        now: Timestamp,
        detail: String,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        match user_id {
            Some(u) => {
                sqlx::query(
                    "INSERT INTO calendar_responsible (duty_key, user_id, set_by, set_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (duty_key) DO UPDATE SET user_id = excluded.user_id, set_by = excluded.set_by, set_at = excluded.set_at",
                )
                .bind(key)
                .bind(u)
                .bind(&actor.label)
                .bind(ts(now))
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM calendar_responsible WHERE duty_key = $1")
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let mut audit = AuditEntry::new(now, actor.user_id, &actor.label, "update", detail);
        audit.entity = Some(CALENDAR.into());
        audit.service_id = service_id;
        crate::audit::insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Gives `user_id` a new feed whose token hashes to `token_hash`, revoking any feed they
    /// had (a new address replaces the old one); audited. Answers the new feed's id.
    pub async fn create_calendar_feed(
        &self,
        user_id: i64,
        token_hash: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let replaced =
            sqlx::query("UPDATE calendar_feeds SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                .bind(ts(now))
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        let row = sqlx::query(
            "INSERT INTO calendar_feeds (token_hash, user_id, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(ts(now))
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        let detail = if replaced > 0 {
            format!("Made a new calendar feed address (feed {id}); the old address no longer works")
        } else {
            format!("Made a calendar feed address (feed {id})")
        };
        let mut audit = AuditEntry::new(now, actor.user_id, &actor.label, "create", detail).about_user(user_id);
        audit.entity = Some(CALENDAR.into());
        crate::audit::insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Revokes `user_id`'s feed; audited when there was one. Answers how many were revoked.
    pub async fn revoke_calendar_feed(&self, user_id: i64, actor: &Actor, now: Timestamp) -> Result<u64, StoreError> {
        let mut tx = self.write().await?;
        let n = sqlx::query("UPDATE calendar_feeds SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(ts(now))
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n > 0 {
            let mut audit = AuditEntry::new(
                now,
                actor.user_id,
                &actor.label,
                "revoke",
                "Revoked the calendar feed address: it no longer works",
            )
            .about_user(user_id);
            audit.entity = Some(CALENDAR.into());
            crate::audit::insert_audit(&mut tx, &audit).await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// The user's live feed, if they have one.
    pub async fn calendar_feed(&self, user_id: i64) -> Result<Option<CalendarFeed>, StoreError> {
        let row = sqlx::query(
            "SELECT id, user_id, created_at FROM calendar_feeds WHERE user_id = $1 AND revoked_at IS NULL \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(CalendarFeed {
                id: r.try_get("id")?,
                user_id: r.try_get("user_id")?,
                created_at: stamp(&r, "created_at")?,
            })
        })
        .transpose()
    }

    /// The user behind a live feed token's hash; none for a revoked feed or a disabled user.
    pub async fn user_by_calendar_feed(&self, token_hash: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.name, u.role, u.services, u.password_hash, u.disabled_at \
             FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
             WHERE f.token_hash = $1 AND f.revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(user_from_row).transpose()?.filter(|u| !u.disabled))
    }

    /// The latest check (test or battery) of every device that has one.
    pub async fn latest_device_checks(&self) -> Result<Vec<LatestDeviceCheck>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, device_id, checked_on, check_type FROM device_checks ORDER BY checked_on DESC, id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for r in &rows {
            let device_id: i64 = r.try_get("device_id")?;
            if !seen.insert(device_id) {
                continue;
            }
            let on: String = r.try_get("checked_on")?;
            out.push(LatestDeviceCheck {
                device_id,
                check_id: r.try_get("id")?,
                check_type: r.try_get("check_type")?,
                checked_on: on
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("device_checks checked_on '{on}'")))?,
            });
        }
        Ok(out)
    }
}
