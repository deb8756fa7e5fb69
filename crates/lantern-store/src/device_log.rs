//! The device log: tests and battery checks, and the times a device was out of use. Each write
//! updates the device's register entry in the same transaction (last test, battery health,
//! status), so the register and its log never disagree.

use crate::codec::{maybe_stamp, stamp, ts};
use crate::register::{get_in, update_in};
use crate::{Actor, Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::EntityKind;
use lantern_core::field::Val;
use sqlx::{AnyConnection, Row};

/// A test or battery check as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceCheck {
    pub id: i64,
    pub device_id: i64,
    pub checked_on: Date,
    /// "test" or "battery".
    pub check_type: String,
    /// "pass" or "fail".
    pub result: String,
    pub battery_health: Option<i64>,
    pub note: String,
    pub recorded_by: String,
}

/// A time a device was out of use.
#[derive(Debug, Clone, PartialEq)]
pub struct OutOfUseRow {
    pub id: i64,
    pub device_id: i64,
    pub from: Timestamp,
    pub fault: String,
    pub disruption_id: Option<i64>,
    pub reported_by: String,
    pub back: Option<Timestamp>,
    pub repair: String,
    pub back_by: String,
}

fn check_from(r: &sqlx::any::AnyRow) -> Result<DeviceCheck, StoreError> {
    let on: String = r.try_get("checked_on")?;
    Ok(DeviceCheck {
        id: r.try_get("id")?,
        device_id: r.try_get("device_id")?,
        checked_on: on
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("device check date '{on}'")))?,
        check_type: r.try_get("check_type")?,
        result: r.try_get("result")?,
        battery_health: r.try_get("battery_health")?,
        note: r.try_get("note")?,
        recorded_by: r.try_get("recorded_by")?,
    })
}

fn out_from(r: &sqlx::any::AnyRow) -> Result<OutOfUseRow, StoreError> {
    Ok(OutOfUseRow {
        id: r.try_get("id")?,
        device_id: r.try_get("device_id")?,
        from: stamp(r, "from_at")?,
        fault: r.try_get("fault")?,
        disruption_id: r.try_get("disruption_id")?,
        reported_by: r.try_get("reported_by")?,
        back: maybe_stamp(r, "back_at")?,
        repair: r.try_get::<Option<String>, _>("repair")?.unwrap_or_default(),
        back_by: r.try_get::<Option<String>, _>("back_by")?.unwrap_or_default(),
    })
}

const OUT_COLUMNS: &str = "id, device_id, from_at, fault, disruption_id, reported_by, back_at, repair, back_by";

impl Store {
    /// The checks of one device, newest first.
    pub async fn device_checks(&self, device_id: i64) -> Result<Vec<DeviceCheck>, StoreError> {
        self.rows_for(
            "SELECT id, device_id, checked_on, check_type, result, battery_health, note, recorded_by \
             FROM device_checks WHERE device_id = $1 ORDER BY checked_on DESC, id DESC",
            device_id,
            check_from,
        )
        .await
    }

    /// The times one device was out of use, newest first.
    pub async fn device_out_of_use(&self, device_id: i64) -> Result<Vec<OutOfUseRow>, StoreError> {
        let sql =
            format!("SELECT {OUT_COLUMNS} FROM device_out_of_use WHERE device_id = $1 ORDER BY from_at DESC, id DESC");
        self.rows_for(&sql, device_id, out_from).await
    }

    /// Every time any device was out of use that overlaps `[since, ∞)`: for downtime per month.
    pub async fn out_of_use_since(&self, since: Timestamp) -> Result<Vec<OutOfUseRow>, StoreError> {
        let sql = format!(
            "SELECT {OUT_COLUMNS} FROM device_out_of_use WHERE back_at IS NULL OR back_at >= $1 ORDER BY from_at"
        );
        let rows = sqlx::query(&sql).bind(ts(since)).fetch_all(&self.pool).await?;
        rows.iter().map(out_from).collect()
    }

    /// Records a test or battery check, and puts its date, result and battery reading on the
    /// device's register entry when it is the newest.
    pub async fn record_device_check(
        &self,
        check: &DeviceCheck,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let current = get_in(&mut tx, EntityKind::Device, check.device_id).await?;
        let row = sqlx::query(
            "INSERT INTO device_checks (device_id, checked_on, check_type, result, battery_health, note, \
             recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(check.device_id)
        .bind(check.checked_on.to_string())
        .bind(&check.check_type)
        .bind(&check.result)
        .bind(check.battery_health)
        .bind(&check.note)
        .bind(&actor.label)
        .bind(ts(now))
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        let mut record = current.record.clone();
        if current
            .record
            .date("last_test_date")
            .is_none_or(|d| d <= check.checked_on)
        {
            record.set("last_test_date", Val::Date(check.checked_on));
            record.set("last_test_result", Val::Text(check.result.clone()));
            if let Some(b) = check.battery_health {
                record.set("battery_health", Val::Int(b));
            }
        }
        if record != current.record {
            update_in(&mut tx, &current, &record, false, actor, now).await?;
        }
        let what = if check.check_type == "battery" {
            "battery check"
        } else {
            "test"
        };
        let detail = format!("Recorded a {what} of {} ({})", record.title(), check.result);
        device_audit(&mut tx, &current, actor, now, detail).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Takes a device out of use from `from`: it becomes faulty in the register.
    pub async fn report_device_fault(
        &self,
        device_id: i64,
        from: Timestamp,
        fault: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let id = out_of_use_in(&mut tx, device_id, from, fault, None, actor, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Puts a device back in use (or in the cupboard as a spare) at `at`, closing its open fault.
    pub async fn device_back_in_use(
        &self,
        device_id: i64,
        at: Timestamp,
        repair: &str,
        status: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        let current = get_in(&mut tx, EntityKind::Device, device_id).await?;
        let open = sqlx::query("SELECT id, from_at FROM device_out_of_use WHERE device_id = $1 AND back_at IS NULL")
            .bind(device_id)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = &open {
            let from = stamp(row, "from_at")?;
            if at < from {
                return Err(StoreError::invalid(
                    "back_at",
                    "it cannot be back in use before it went out of use",
                ));
            }
            sqlx::query("UPDATE device_out_of_use SET back_at = $1, repair = $2, back_by = $3 WHERE id = $4")
                .bind(ts(at))
                .bind(repair)
                .bind(&actor.label)
                .bind(row.try_get::<i64, _>("id")?)
                .execute(&mut *tx)
                .await?;
        } else if current.record.text("status") != "faulty" {
            return Err(StoreError::invalid("status", "this device is not out of use"));
        }
        let mut record = current.record.clone();
        record.set("status", Val::Text(status.to_string()));
        update_in(&mut tx, &current, &record, false, actor, now).await?;
        let detail = format!("Put {} back in use", record.title());
        device_audit(&mut tx, &current, actor, now, detail).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Opens an out-of-use time and marks the device faulty (also when a disruption names it).
pub(crate) async fn out_of_use_in(
    conn: &mut AnyConnection,
    device_id: i64,
    from: Timestamp,
    fault: &str,
    disruption_id: Option<i64>,
    actor: &Actor,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let current = get_in(conn, EntityKind::Device, device_id).await?;
    let Some(id) = open_out_of_use(conn, device_id, from, fault, disruption_id, actor).await? else {
        return Err(StoreError::invalid(
            "fault",
            format!("{} is already out of use", current.record.title()),
        ));
    };
    let mut record = current.record.clone();
    record.set("status", Val::Text("faulty".into()));
    if record != current.record {
        update_in(conn, &current, &record, false, actor, now).await?;
    }
    let detail = format!("Took {} out of use: {fault}", record.title());
    device_audit(conn, &current, actor, now, detail).await?;
    Ok(id)
}

/// Opens device `device_id`'s out-of-use time from `from`, unless one is open already (then
/// None: a device is out of use once at a time).
pub(crate) async fn open_out_of_use(
    conn: &mut AnyConnection,
    device_id: i64,
    from: Timestamp,
    fault: &str,
    disruption_id: Option<i64>,
    actor: &Actor,
) -> Result<Option<i64>, StoreError> {
    let open = sqlx::query("SELECT 1 FROM device_out_of_use WHERE device_id = $1 AND back_at IS NULL")
        .bind(device_id)
        .fetch_optional(&mut *conn)
        .await?;
    if open.is_some() {
        return Ok(None);
    }
    let row = sqlx::query(
        "INSERT INTO device_out_of_use (device_id, from_at, fault, disruption_id, reported_by) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(device_id)
    .bind(ts(from))
    .bind(fault)
    .bind(disruption_id)
    .bind(&actor.label)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Some(row.try_get("id")?))
}

async fn device_audit(
    conn: &mut AnyConnection,
    device: &crate::Stored,
    actor: &Actor,
    now: Timestamp,
    detail: String,
) -> Result<(), StoreError> {
    crate::audit::record_update(
        conn,
        (EntityKind::Device, device.id, device.service_id),
        actor,
        now,
        detail,
    )
    .await
}
