//! Recover: paper sheets entered after a disruption, resolutions of reconciliation findings and
//! the manager's sign-off. Entering a sheet again supersedes its earlier records (kept, marked),
//! so a mistake is put right without anything being lost.

use crate::codec::ts;
use crate::codec::{maybe_stamp, stamp};
use crate::disruptions::{audit_in, code, get_disruption_in};
use crate::{Actor, Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::reconcile::{DoseOutcome, VisitOutcome};
use lantern_core::values::DoseTime;
use sqlx::{AnyConnection, Row};

/// Which paper sheet: a person's MAR for a day, or a branch's visit sheet for a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Mar,
    Visits,
}

impl SheetKind {
    fn code(self) -> &'static str {
        match self {
            SheetKind::Mar => "mar",
            SheetKind::Visits => "visits",
        }
    }

    fn parse(text: &str) -> Result<Self, String> {
        match text {
            "mar" => Ok(SheetKind::Mar),
            "visits" => Ok(SheetKind::Visits),
            other => Err(format!("'{other}' is not a sheet")),
        }
    }
}

/// One line of a MAR sheet as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDose {
    pub person_id: i64,
    pub medicine_id: Option<i64>,
    pub due_at: Option<Timestamp>,
    /// The time printed on the MAR row it was written in: on the spring change day the 01:30
    /// and 02:30 rows are both due at 02:30 BST, so `due_at` alone does not say which row.
    /// `None` for a dose at the foot of the sheet, or one entered before rows were kept.
    pub sheet_time: Option<DoseTime>,
    pub outcome: DoseOutcome,
    pub given_at: Option<Timestamp>,
    pub initials: String,
    pub note: String,
}

/// One line of a visit sheet as entered.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVisitRecord {
    pub visit_id: i64,
    pub outcome: VisitOutcome,
    pub arrived_at: Option<Timestamp>,
    pub departed_at: Option<Timestamp>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    pub id: i64,
    pub kind: SheetKind,
    pub subject_id: i64,
    pub day: Date,
    pub notes: String,
    pub records: i64,
    pub entered_at: Timestamp,
    pub entered_by: String,
}

/// A current dose record with the sheet it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct DoseRow {
    pub id: i64,
    pub sheet_id: i64,
    pub dose: NewDose,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VisitRecordRow {
    pub id: i64,
    pub sheet_id: i64,
    pub record: NewVisitRecord,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResolutionRow {
    pub key: String,
    pub action: String,
    pub note: String,
    pub at: Timestamp,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SignOffRow {
    pub at: Timestamp,
    pub by: String,
    pub note: String,
    /// The findings as they stood when signed.
    pub keys: Vec<String>,
}

fn date_of(row: &sqlx::any::AnyRow) -> Result<Date, StoreError> {
    let text: String = row.try_get("day")?;
    text.parse()
        .map_err(|e| StoreError::Corrupt(format!("day '{text}': {e}")))
}

fn sheet_time(row: &sqlx::any::AnyRow) -> Result<Option<DoseTime>, StoreError> {
    let text: Option<String> = row.try_get("sheet_time")?;
    text.map(|t| DoseTime::parse(&t).map_err(|e| StoreError::Corrupt(format!("sheet_time: {e}"))))
        .transpose()
}

/// A person's MAR sheet for a day, as entered: its dose lines and daily notes.
#[derive(Debug, Clone)]
pub struct MarSheet<'a> {
    pub person_id: i64,
    pub day: Date,
    pub doses: &'a [NewDose],
    pub notes: &'a str,
}

/// Which sheet an entry is of.
struct SheetKey {
    disruption_id: i64,
    kind: SheetKind,
    subject_id: i64,
    day: Date,
}

/// Supersedes the current records of a sheet and starts its new entry.
async fn new_sheet_in(
    conn: &mut AnyConnection,
    key: SheetKey,
    notes: &str,
    records: usize,
    actor: &Actor,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let SheetKey {
        disruption_id,
        kind,
        subject_id,
        day,
    } = key;
    get_disruption_in(conn, disruption_id).await?;
    let table = match kind {
        SheetKind::Mar => "dose_records",
        SheetKind::Visits => "visit_records",
    };
    sqlx::query(&format!(
        "UPDATE {table} SET superseded_at = $1 WHERE superseded_at IS NULL AND sheet_id IN \
         (SELECT id FROM entered_sheets WHERE disruption_id = $2 AND sheet = $3 AND subject_id = $4 AND day = $5)"
    ))
    .bind(ts(now))
    .bind(disruption_id)
    .bind(kind.code())
    .bind(subject_id)
    .bind(day.to_string())
    .execute(&mut *conn)
    .await?;
    let row = sqlx::query(
        "INSERT INTO entered_sheets (disruption_id, sheet, subject_id, day, notes, records, entered_at, entered_by, user_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(disruption_id)
    .bind(kind.code())
    .bind(subject_id)
    .bind(day.to_string())
    .bind(notes)
    .bind(i64::try_from(records).unwrap_or(i64::MAX))
    .bind(ts(now))
    .bind(&actor.label)
    .bind(actor.user_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

fn opt(t: Option<Timestamp>) -> Option<String> {
    t.map(ts)
}

impl Store {
    /// Enters (or enters again) a person's MAR sheet for a day, with its daily notes.
    pub async fn save_mar_sheet(
        &self,
        disruption_id: i64,
        mar: &MarSheet<'_>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let MarSheet {
            person_id,
            day,
            doses,
            notes,
        } = *mar;
        let mut tx = self.write().await?;
        let key = SheetKey {
            disruption_id,
            kind: SheetKind::Mar,
            subject_id: person_id,
            day,
        };
        let sheet = new_sheet_in(&mut tx, key, notes, doses.len(), actor, now).await?;
        for d in doses {
            sqlx::query(
                "INSERT INTO dose_records (disruption_id, sheet_id, person_id, medicine_id, due_at, outcome, given_at, initials, note, sheet_time) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(disruption_id)
            .bind(sheet)
            .bind(d.person_id)
            .bind(d.medicine_id)
            .bind(opt(d.due_at))
            .bind(d.outcome.as_str())
            .bind(opt(d.given_at))
            .bind(&d.initials)
            .bind(&d.note)
            .bind(d.sheet_time.map(|t| t.to_string()))
            .execute(&mut *tx)
            .await?;
        }
        let detail = format!(
            "Entered the paper MAR of person {person_id} for {} ({})",
            day.strftime("%a %-d %b %Y"),
            lantern_core::words::count(doses.len(), "record", "records")
        );
        audit_in(&mut tx, actor, now, "back_entry", Some(disruption_id), detail).await?;
        tx.commit().await?;
        Ok(sheet)
    }

    /// Enters (or enters again) a branch's visit sheet for a day.
    pub async fn save_visit_sheet(
        &self,
        disruption_id: i64,
        service_id: i64,
        day: Date,
        visits: &[NewVisitRecord],
        actor: &Actor,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let key = SheetKey {
            disruption_id,
            kind: SheetKind::Visits,
            subject_id: service_id,
            day,
        };
        let sheet = new_sheet_in(&mut tx, key, "", visits.len(), actor, now).await?;
        for v in visits {
            sqlx::query(
                "INSERT INTO visit_records (disruption_id, sheet_id, visit_id, outcome, arrived_at, departed_at, note) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(disruption_id)
            .bind(sheet)
            .bind(v.visit_id)
            .bind(v.outcome.as_str())
            .bind(opt(v.arrived_at))
            .bind(opt(v.departed_at))
            .bind(&v.note)
            .execute(&mut *tx)
            .await?;
        }
        let detail = format!(
            "Entered the visit sheet of service {service_id} for {} ({})",
            day.strftime("%a %-d %b %Y"),
            lantern_core::words::count(visits.len(), "visit", "visits")
        );
        audit_in(&mut tx, actor, now, "back_entry", Some(disruption_id), detail).await?;
        tx.commit().await?;
        Ok(sheet)
    }

    /// Every entry of every sheet, oldest first (the last per sheet is current).
    pub async fn entered_sheets(&self, disruption_id: i64) -> Result<Vec<SheetRow>, StoreError> {
        self.rows_for(
            "SELECT id, sheet, subject_id, day, notes, records, entered_at, entered_by FROM entered_sheets \
             WHERE disruption_id = $1 ORDER BY id",
            disruption_id,
            |r| {
                Ok(SheetRow {
                    id: r.try_get("id")?,
                    kind: code(r, "sheet", SheetKind::parse)?,
                    subject_id: r.try_get("subject_id")?,
                    day: date_of(r)?,
                    notes: r.try_get("notes")?,
                    records: r.try_get("records")?,
                    entered_at: stamp(r, "entered_at")?,
                    entered_by: r.try_get("entered_by")?,
                })
            },
        )
        .await
    }

    /// The current dose records (not superseded).
    pub async fn dose_records(&self, disruption_id: i64) -> Result<Vec<DoseRow>, StoreError> {
        self.rows_for(
            "SELECT id, sheet_id, person_id, medicine_id, due_at, sheet_time, outcome, given_at, initials, note FROM dose_records \
             WHERE disruption_id = $1 AND superseded_at IS NULL ORDER BY id",
            disruption_id,
            |r| {
                Ok(DoseRow {
                    id: r.try_get("id")?,
                    sheet_id: r.try_get("sheet_id")?,
                    dose: NewDose {
                        person_id: r.try_get("person_id")?,
                        medicine_id: r.try_get("medicine_id")?,
                        due_at: maybe_stamp(r, "due_at")?,
                        sheet_time: sheet_time(r)?,
                        outcome: code(r, "outcome", DoseOutcome::parse)?,
                        given_at: maybe_stamp(r, "given_at")?,
                        initials: r.try_get("initials")?,
                        note: r.try_get("note")?,
                    },
                })
            },
        )
        .await
    }

    /// The current visit records (not superseded).
    pub async fn visit_records(&self, disruption_id: i64) -> Result<Vec<VisitRecordRow>, StoreError> {
        self.rows_for(
            "SELECT id, sheet_id, visit_id, outcome, arrived_at, departed_at, note FROM visit_records \
             WHERE disruption_id = $1 AND superseded_at IS NULL ORDER BY id",
            disruption_id,
            |r| {
                Ok(VisitRecordRow {
                    id: r.try_get("id")?,
                    sheet_id: r.try_get("sheet_id")?,
                    record: NewVisitRecord {
                        visit_id: r.try_get("visit_id")?,
                        outcome: code(r, "outcome", VisitOutcome::parse)?,
                        arrived_at: maybe_stamp(r, "arrived_at")?,
                        departed_at: maybe_stamp(r, "departed_at")?,
                        note: r.try_get("note")?,
                    },
                })
            },
        )
        .await
    }

    pub async fn resolve_finding(
        &self,
        disruption_id: i64,
        key: &str,
        action: &str,
        note: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        get_disruption_in(&mut tx, disruption_id).await?;
        sqlx::query(
            "INSERT INTO finding_resolutions (disruption_id, finding_key, action, note, resolved_at, resolved_by, user_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(disruption_id)
        .bind(key)
        .bind(action)
        .bind(note)
        .bind(ts(now))
        .bind(&actor.label)
        .bind(actor.user_id)
        .execute(&mut *tx)
        .await?;
        audit_in(
            &mut tx,
            actor,
            now,
            "resolve_finding",
            Some(disruption_id),
            format!("Resolved {key}: {action}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every resolution, oldest first (the last per finding is current).
    pub async fn resolutions(&self, disruption_id: i64) -> Result<Vec<ResolutionRow>, StoreError> {
        self.rows_for(
            "SELECT finding_key, action, note, resolved_at, resolved_by FROM finding_resolutions \
             WHERE disruption_id = $1 ORDER BY id",
            disruption_id,
            |r| {
                Ok(ResolutionRow {
                    key: r.try_get("finding_key")?,
                    action: r.try_get("action")?,
                    note: r.try_get("note")?,
                    at: stamp(r, "resolved_at")?,
                    by: r.try_get("resolved_by")?,
                })
            },
        )
        .await
    }

    pub async fn sign_off(
        &self,
        disruption_id: i64,
        note: &str,
        keys: &[String],
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        get_disruption_in(&mut tx, disruption_id).await?;
        sqlx::query(
            "INSERT INTO reconciliation_signoffs (disruption_id, signed_at, signed_by, user_id, note, finding_keys) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(disruption_id)
        .bind(ts(now))
        .bind(&actor.label)
        .bind(actor.user_id)
        .bind(note)
        .bind(serde_json::json!(keys).to_string())
        .execute(&mut *tx)
        .await?;
        let detail = format!("Signed off the reconciliation ({} findings)", keys.len());
        audit_in(&mut tx, actor, now, "sign_off", Some(disruption_id), detail).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn sign_offs(&self, disruption_id: i64) -> Result<Vec<SignOffRow>, StoreError> {
        self.rows_for(
            "SELECT signed_at, signed_by, note, finding_keys FROM reconciliation_signoffs WHERE disruption_id = $1 ORDER BY id",
            disruption_id,
            |r| {
                let keys: String = r.try_get("finding_keys")?;
                Ok(SignOffRow {
                    at: stamp(r, "signed_at")?,
                    by: r.try_get("signed_by")?,
                    note: r.try_get("note")?,
                    keys: serde_json::from_str(&keys)
                        .map_err(|e| StoreError::Corrupt(format!("sign-off keys: {e}")))?,
                })
            },
        )
        .await
    }
}
