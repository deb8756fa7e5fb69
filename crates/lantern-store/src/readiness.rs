//! Readiness kept per service per day: the lights as last worked out that day, replaced by
//! each later working-out on the same day and never touched once the day is over (a later
//! day is a new row). Readiness on a past date is read from here, as it was then.

use crate::codec::{stamp, ts};
use crate::{Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::govern::readiness::{Rag, Readiness};
use sqlx::Row;
use sqlx::any::AnyRow;

/// One service's readiness as kept for one day.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadinessDay {
    pub service_id: i64,
    pub day: Date,
    /// When it was last worked out that day.
    pub recorded_at: Timestamp,
    pub readiness: Readiness,
}

fn from_row(r: &AnyRow) -> Result<ReadinessDay, StoreError> {
    let day: String = r.try_get("day")?;
    let light: String = r.try_get("light")?;
    let lamps: String = r.try_get("lamps")?;
    let corrupt = |what: &str| StoreError::Corrupt(format!("readiness_days {what}"));
    Ok(ReadinessDay {
        service_id: r.try_get("service_id")?,
        day: day.parse().map_err(|_| corrupt("day"))?,
        recorded_at: stamp(r, "recorded_at")?,
        readiness: Readiness {
            light: Rag::from_code(&light).ok_or_else(|| corrupt("light"))?,
            lamps: serde_json::from_str(&lamps).map_err(|_| corrupt("lamps"))?,
        },
    })
}

const COLUMNS: &str = "service_id, day, recorded_at, light, lamps";

impl Store {
    /// Keeps `readiness` as service `service_id`'s for `day`, replacing what that day held.
    pub async fn keep_readiness(
        &self,
        service_id: i64,
        day: Date,
        at: Timestamp,
        readiness: &Readiness,
    ) -> Result<(), StoreError> {
        let lamps = serde_json::to_string(&readiness.lamps).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let _w = self.write_lock.lock().await;
        sqlx::query(
            "INSERT INTO readiness_days (service_id, day, recorded_at, light, lamps) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (service_id, day) DO UPDATE SET recorded_at = excluded.recorded_at, \
             light = excluded.light, lamps = excluded.lamps",
        )
        .bind(service_id)
        .bind(day.to_string())
        .bind(ts(at))
        .bind(readiness.light.code())
        .bind(lamps)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The readiness kept for the service on `day`, or on the latest day before it that has
    /// one (a day Lantern was not running keeps nothing).
    pub async fn readiness_on(&self, service_id: i64, day: Date) -> Result<Option<ReadinessDay>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM readiness_days WHERE service_id = $1 AND day <= $2 ORDER BY day DESC LIMIT 1"
        ))
        .bind(service_id)
        .bind(day.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The readiness kept for the service from `from` to `to` inclusive, oldest first.
    pub async fn readiness_between(
        &self,
        service_id: i64,
        from: Date,
        to: Date,
    ) -> Result<Vec<ReadinessDay>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM readiness_days WHERE service_id = $1 AND day >= $2 AND day <= $3 ORDER BY day"
        ))
        .bind(service_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }
}
