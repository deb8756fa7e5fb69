//! Looking after user accounts: the users page, its API and `lantern user add` change accounts
//! through these. Each change commits together with its audit entry, or not at all.

use crate::audit::insert_audit;
use crate::auth::{USER_COLUMNS, insert_user_in, services_column, user_from_row};
use crate::codec::{maybe_stamp, stamp, ts};
use crate::{ApiToken, AuditEntry, NewUser, Store, StoreError, User};
use jiff::{SignedDuration, Timestamp};
use lantern_core::signin::LOOKBACK;
use lantern_core::user::{Role, ServiceAccess};
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// A live sign-in of a user, as their page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// What ending someone's sign-ins took away.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Revoked {
    pub sessions: u64,
    pub tokens: u64,
}

/// A token's last use is written at most this often: an API client calling every few seconds
/// must not turn every read into a write.
const TOKEN_USE_EVERY: SignedDuration = SignedDuration::from_hours(1);

/// Administrators of every service other than `except`: the accounts that can still look
/// after users if `except` stops being one.
async fn other_administrators(conn: &mut AnyConnection, except: i64) -> Result<usize, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM users WHERE role = $1 AND services IS NULL AND disabled_at IS NULL AND id <> $2",
    )
    .bind(Role::Admin.as_str())
    .bind(except)
    .fetch_one(&mut *conn)
    .await?;
    Ok(usize::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0))
}

async fn user_in(conn: &mut AnyConnection, id: i64) -> Result<User, StoreError> {
    let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound("That user".into()))?;
    user_from_row(&row)
}

/// Ends a user's sessions, all but `keep` (the acting administrator's own, when they sign
/// themselves out everywhere else).
async fn end_sessions_in(conn: &mut AnyConnection, user_id: i64, keep: Option<&str>) -> Result<u64, StoreError> {
    let r = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected())
}

impl Store {
    pub async fn user(&self, id: i64) -> Result<User, StoreError> {
        let mut conn = self.pool.acquire().await?;
        user_in(&mut conn, id).await
    }

    /// Adds a user and its audit entry (which is made about the new account).
    pub async fn add_user(&self, user: &NewUser, audit: AuditEntry, now: Timestamp) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let organisation = sqlx::query("SELECT 1 FROM organisation WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
        if organisation.is_none() {
            return Err(StoreError::Conflict(
                "there is no organisation yet: create it with `lantern init`".into(),
            ));
        }
        let id = insert_user_in(&mut tx, user, now).await?;
        insert_audit(&mut tx, &audit.about_user(id)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Gives a user a new name, role and services. `allowed` sees the account as it is and how
    /// many other administrators of every service there are, inside the transaction, so that
    /// two administrators demoting each other at once cannot leave none; its refusal is a
    /// Conflict carrying its words.
    pub async fn change_user(
        &self,
        id: i64,
        name: &str,
        role: Role,
        access: &ServiceAccess,
        allowed: impl FnOnce(&User, usize) -> Result<(), String>,
        audit: AuditEntry,
    ) -> Result<User, StoreError> {
        let mut tx = self.write().await?;
        let before = user_in(&mut tx, id).await?;
        let others = other_administrators(&mut tx, id).await?;
        allowed(&before, others).map_err(StoreError::Conflict)?;
        sqlx::query("UPDATE users SET name = $1, role = $2, services = $3 WHERE id = $4")
            .bind(name)
            .bind(role.as_str())
            .bind(services_column(access))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut tx, &audit.about_user(id)).await?;
        tx.commit().await?;
        Ok(before)
    }

    /// Sets a user's password and ends their sessions but `keep`: whoever knew the old one is
    /// signed out with it. Returns the sessions ended.
    pub async fn set_password(
        &self,
        id: i64,
        password_hash: &str,
        keep: Option<&str>,
        audit: AuditEntry,
    ) -> Result<u64, StoreError> {
        let mut tx = self.write().await?;
        user_in(&mut tx, id).await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let ended = end_sessions_in(&mut tx, id, keep).await?;
        insert_audit(&mut tx, &audit.about_user(id)).await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Signs a user out everywhere (but `keep`) and revokes their API tokens; the audit entry
    /// is made from what was taken away.
    pub async fn revoke_access(
        &self,
        id: i64,
        keep: Option<&str>,
        now: Timestamp,
        audit: impl FnOnce(Revoked) -> AuditEntry,
    ) -> Result<Revoked, StoreError> {
        let mut tx = self.write().await?;
        user_in(&mut tx, id).await?;
        let sessions = end_sessions_in(&mut tx, id, keep).await?;
        let tokens = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(ts(now))
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        // A calendar feed address is a credential too (it reads the user's duties).
        sqlx::query("UPDATE calendar_feeds SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(ts(now))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let revoked = Revoked { sessions, tokens };
        insert_audit(&mut tx, &audit(revoked).about_user(id)).await?;
        tx.commit().await?;
        Ok(revoked)
    }

    /// Forgets every failed sign-in recorded for an account, from every address and browser,
    /// so that its owner can sign in at once. Returns how many were forgotten.
    pub async fn clear_sign_in_failures(
        &self,
        id: i64,
        audit: impl FnOnce(u64) -> AuditEntry,
    ) -> Result<u64, StoreError> {
        let mut tx = self.write().await?;
        let user = user_in(&mut tx, id).await?;
        let cleared = sqlx::query("DELETE FROM login_failures WHERE email = $1")
            .bind(&user.email)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        insert_audit(&mut tx, &audit(cleared).about_user(id)).await?;
        tx.commit().await?;
        Ok(cleared)
    }

    /// A user's API tokens, newest first, revoked ones included.
    pub async fn user_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, label, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ApiToken {
                    id: r.try_get("id")?,
                    label: r.try_get("label")?,
                    created_at: stamp(r, "created_at")?,
                    last_used_at: maybe_stamp(r, "last_used_at")?,
                    revoked_at: maybe_stamp(r, "revoked_at")?,
                })
            })
            .collect()
    }

    /// A user's sessions that have not expired, newest first.
    pub async fn live_sessions(&self, user_id: i64, now: Timestamp) -> Result<Vec<SessionRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT created_at, expires_at FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC",
        )
        .bind(user_id)
        .bind(ts(now))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SessionRow {
                    created_at: stamp(r, "created_at")?,
                    expires_at: stamp(r, "expires_at")?,
                })
            })
            .collect()
    }

    /// Failed sign-ins per email over the throttle's look-back: who may be held back.
    pub async fn sign_in_failure_counts(&self, now: Timestamp) -> Result<BTreeMap<String, i64>, StoreError> {
        let rows = sqlx::query("SELECT email, COUNT(*) AS n FROM login_failures WHERE at > $1 GROUP BY email")
            .bind(ts(now - LOOKBACK))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("email")?, r.try_get("n")?)))
            .collect()
    }

    /// Records that a token was used, when its last recorded use is over an hour old: read
    /// first, so that most requests write nothing.
    pub async fn note_token_use(&self, token_hash: &str, now: Timestamp) -> Result<(), StoreError> {
        let row = sqlx::query("SELECT last_used_at FROM api_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(()) };
        let last: Option<String> = row.try_get("last_used_at")?;
        let recent = ts(now - TOKEN_USE_EVERY);
        if last.is_some_and(|l| l > recent) {
            return Ok(());
        }
        let _w = self.write_lock.lock().await;
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
            .bind(ts(now))
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
