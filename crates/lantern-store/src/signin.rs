//! Failed sign-ins and trusted browsers. They live in the database, so that the throttle
//! (lantern-core/src/signin.rs) holds across several `lantern serve` instances sharing it.

use crate::codec::stamp;
use crate::codec::ts;
use crate::{Store, StoreError};
use jiff::Timestamp;
use lantern_core::signin::{Decision, LOOKBACK, Recent, decide};
use sqlx::Row;

/// One sign-in attempt, as the throttle sees it.
#[derive(Debug, Clone, Copy)]
pub struct SignInAttempt<'a> {
    /// Lower-cased, whether or not an account has it.
    pub email: &'a str,
    /// The client's address ("unknown" without one).
    pub address: &'a str,
    /// The hashed trusted-device token the browser sent, if any.
    pub device_hash: Option<&'a str>,
}

/// Failures read per count. Past the threshold plus the eight doublings to the longest delay
/// more make no difference, so a long run need not be read whole.
const RECENT_ROWS: i64 = 100;

impl Store {
    /// The failures that concern `attempt`: per address, account at the address, account,
    /// and (when the browser's device token is valid for the account) per device.
    pub async fn sign_in_failures(&self, attempt: &SignInAttempt<'_>, now: Timestamp) -> Result<Recent, StoreError> {
        let (email, address) = (attempt.email, attempt.address);
        let device = match attempt.device_hash {
            Some(hash) if self.device_trusted_for(hash, email, now).await? => {
                Some(self.failure_times("device_hash = $1", &[hash], now).await?)
            }
            _ => None,
        };
        Ok(Recent {
            address: self.failure_times("address = $1", &[address], now).await?,
            account_at_address: self
                .failure_times("email = $1 AND address = $2", &[email, address], now)
                .await?,
            account: self.failure_times("email = $1", &[email], now).await?,
            device,
        })
    }

    /// The latest failures matching `filter` (which uses `binds` as $1, $2…) that can count.
    async fn failure_times(&self, filter: &str, binds: &[&str], now: Timestamp) -> Result<Vec<Timestamp>, StoreError> {
        let sql = format!(
            "SELECT at FROM login_failures WHERE {filter} AND at > ${} ORDER BY at DESC LIMIT {RECENT_ROWS}",
            binds.len() + 1
        );
        let mut query = sqlx::query(&sql);
        for b in binds {
            query = query.bind(b.to_string());
        }
        let rows = query.bind(ts(now - LOOKBACK)).fetch_all(&self.pool).await?;
        rows.iter().map(|r| stamp(r, "at")).collect()
    }

    /// Reads the failures that concern `attempt` and, unless the rule holds it back, records
    /// it as a failure in the same step, before any password is checked: parallel guesses then
    /// each count, and a held-back attempt writes nothing. A successful sign-in removes the row
    /// again ([`Store::sign_in_succeeded`]). Returns what was read (without this attempt).
    pub async fn begin_sign_in(
        &self,
        attempt: &SignInAttempt<'_>,
        now: Timestamp,
    ) -> Result<(Recent, Decision), StoreError> {
        // Writers queue here, so two attempts in this process cannot both read the same count.
        let _w = self.write_lock.lock().await;
        let recent = self.sign_in_failures(attempt, now).await?;
        let decision = decide(&recent, now);
        if decision == Decision::Allowed {
            let device = recent.device.as_ref().and(attempt.device_hash);
            sqlx::query("INSERT INTO login_failures (email, address, device_hash, at) VALUES ($1, $2, $3, $4)")
                .bind(attempt.email)
                .bind(attempt.address)
                .bind(device)
                .bind(ts(now))
                .execute(&self.pool)
                .await?;
        }
        Ok((recent, decision))
    }

    /// The right password: that account's failures from this address and this browser are
    /// forgotten; its failures elsewhere still count.
    pub async fn sign_in_succeeded(&self, attempt: &SignInAttempt<'_>) -> Result<(), StoreError> {
        let _w = self.write_lock.lock().await;
        sqlx::query("DELETE FROM login_failures WHERE email = $1 AND (address = $2 OR device_hash = $3)")
            .bind(attempt.email)
            .bind(attempt.address)
            .bind(attempt.device_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Trusts a browser for a user until `expires` (again, if it was already).
    pub async fn trust_device(
        &self,
        token_hash: &str,
        user_id: i64,
        now: Timestamp,
        expires: Timestamp,
    ) -> Result<(), StoreError> {
        let _w = self.write_lock.lock().await;
        sqlx::query(
            "INSERT INTO trusted_devices (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (token_hash, user_id) DO UPDATE SET expires_at = excluded.expires_at",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(ts(now))
        .bind(ts(expires))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Whether a device token is one Lantern issued and still trusts for someone: a browser
    /// shared by several staff keeps one token, trusted for each of them.
    pub async fn device_known(&self, token_hash: &str, now: Timestamp) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT 1 FROM trusted_devices WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash)
            .bind(ts(now))
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    async fn device_trusted_for(&self, token_hash: &str, email: &str, now: Timestamp) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT 1 FROM trusted_devices d JOIN users u ON u.id = d.user_id \
             WHERE d.token_hash = $1 AND u.email = $2 AND d.expires_at > $3",
        )
        .bind(token_hash)
        .bind(email)
        .bind(ts(now))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    /// Deletes failures too old to count and expired trusted browsers, so that neither table
    /// grows without bound. Returns the rows removed.
    pub async fn prune_sign_in(&self, now: Timestamp) -> Result<u64, StoreError> {
        let _w = self.write_lock.lock().await;
        let failures = sqlx::query("DELETE FROM login_failures WHERE at <= $1")
            .bind(ts(now - LOOKBACK))
            .execute(&self.pool)
            .await?;
        let devices = sqlx::query("DELETE FROM trusted_devices WHERE expires_at <= $1")
            .bind(ts(now))
            .execute(&self.pool)
            .await?;
        Ok(failures.rows_affected() + devices.rows_affected())
    }

    /// How many failed sign-ins are kept in all: what shows the table stays bounded.
    pub async fn login_failure_rows(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM login_failures")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }
}
