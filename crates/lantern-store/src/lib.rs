//! Lantern's persistence: one query set over sqlx's `Any` driver for the embedded SQLite file
//! and for PostgreSQL. Every write commits whole or not at all.

mod audit;
mod auth;
mod calendar;
mod codec;
mod connect;
mod device_log;
mod disruptions;
mod error;
mod follow;
mod governance_log;
mod import;
mod incident_reviews;
mod migrate;
mod packs;
mod raw;
mod readiness;
mod recovery;
mod register;
mod respond;
mod risk_reviews;
mod schema;
mod seed;
mod signin;
mod users;
mod write;
mod writer;

pub use audit::{AuditEntry, HistoryEntry, USERS};
pub use auth::{ApiToken, NewUser, SessionInfo, User};
pub use calendar::{CALENDAR, CalendarFeed, LatestDeviceCheck};
pub use connect::SQLITE_FILE;
pub use device_log::{DeviceCheck, OutOfUseRow};
pub use disruptions::{DisruptionRow, NewDisruption, NewEntry, StepRow, TimelineRow};
pub use error::StoreError;
pub use governance_log::{GOVERNANCE_LOG, GovEntry, NewGovEntry};
pub use import::{ImportFailure, ImportOptions, ImportSession, ImportSummary};
pub use incident_reviews::IncidentReview;
pub use packs::{ChangeRow, MOVED_OUT, NewPack, PackCheck, PackRow};
pub use raw::{RawRow, RawValue};
pub use readiness::ReadinessDay;
pub use recovery::{
    DoseRow, MarSheet, NewDose, NewVisitRecord, ResolutionRow, SheetKind, SheetRow, SignOffRow, VisitRecordRow,
};
pub use register::{ListQuery, Page, Stored};
pub use respond::{CallRow, NewVisitStatus, VisitStatusRow};
pub use risk_reviews::{NewReview, ReviewSource, RiskReview};
pub use schema::{Column, ForeignKey, Index, Schema, Table, Trigger};

/// The migrations this build applies, oldest first: (version, name).
pub fn migrations() -> Vec<(i64, &'static str)> {
    migrate::known()
}
pub use seed::SeedSummary;
pub use signin::SignInAttempt;
pub use users::{Revoked, SessionRow};

use jiff::Timestamp;
use sqlx::AnyPool;
use std::sync::Arc;
use tokio::sync::Mutex;

/// Which database the store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Who made a change: a user, or a process such as an import.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    /// What the audit log and "changed by" show: "Jo Patel", "lantern demo".
    pub label: String,
}

impl Actor {
    pub fn system(label: &str) -> Self {
        Self {
            user_id: None,
            label: label.to_string(),
        }
    }
}

/// The database handle. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite allows one writer at a time; writers queue here instead of failing with
    /// "database is locked" when two transactions upgrade to writing at once.
    write_lock: Arc<Mutex<()>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("backend", &self.backend).finish()
    }
}

impl Store {
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// True when the database answers a trivial query (for `/readyz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// The organisation's name, once `init` or `demo` has created it.
    pub async fn organisation(&self) -> Result<Option<String>, StoreError> {
        use sqlx::Row;
        let row = sqlx::query("SELECT name FROM organisation WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get::<String, _>("name")).transpose()?)
    }

    /// Creates the organisation and its first users together: never an organisation that
    /// nobody can sign in to. It starts with the six drill briefs of the continuity plan's
    /// scenarios, for it to edit (the demo brings its own copies of them).
    pub async fn create_organisation(&self, name: &str, users: &[NewUser], now: Timestamp) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        insert_organisation_in(&mut tx, name, now).await?;
        for user in users {
            auth::insert_user_in(&mut tx, user, now).await?;
        }
        let briefs = lantern_core::govern::drill_briefs::seeded()
            .map_err(|e| StoreError::Corrupt(format!("a seeded drill brief does not parse: {:?}", e.0)))?;
        for brief in &briefs {
            register::insert_in(&mut tx, brief, None, &Actor::system("Lantern"), now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Refuses a second organisation: one database holds one provider.
pub(crate) async fn insert_organisation_in(
    conn: &mut sqlx::AnyConnection,
    name: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let existing = sqlx::query("SELECT 1 FROM organisation WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?;
    if existing.is_some() {
        return Err(StoreError::Conflict(
            "an organisation already exists in this database".into(),
        ));
    }
    sqlx::query("INSERT INTO organisation (id, name, settings, created_at) VALUES (1, $1, '{}', $2)")
        .bind(name)
        .bind(codec::ts(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}
