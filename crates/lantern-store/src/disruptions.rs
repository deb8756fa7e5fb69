//! Disruptions: declared, worked and closed — never deleted. Every write checks the disruption
//! is still open, happens in one transaction with its timeline event and its audit line.

use crate::codec::{maybe_stamp, stamp, ts};
use crate::{Actor, AuditEntry, Store, StoreError};
use jiff::Timestamp;
use lantern_core::disruption::left_open::LeftOpen;
use lantern_core::disruption::{DisruptionKind, EntryKind, SafeCare, Scenario};
use lantern_core::{EntityKind, Val};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A declaration about to be stored, with the checklist it starts from.
#[derive(Debug, Clone)]
pub struct NewDisruption<'a> {
    pub kind: DisruptionKind,
    pub scenario: Scenario,
    pub title: &'a str,
    pub summary: &'a str,
    pub coordinator: &'a str,
    pub started_at: Timestamp,
    pub detected_at: Timestamp,
    pub systems: &'a [i64],
    pub services: &'a [i64],
    pub steps: &'a [String],
    pub safe_care: SafeCare,
    /// The devices that failed: marked faulty in the register in the same transaction.
    pub devices: &'a [i64],
    /// The one unit (floor, wing) the disruption is confined to, if it is.
    pub unit: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DisruptionRow {
    pub id: i64,
    pub kind: DisruptionKind,
    pub scenario: Scenario,
    pub title: String,
    pub summary: String,
    pub coordinator: String,
    pub started_at: Timestamp,
    pub detected_at: Timestamp,
    pub declared_at: Timestamp,
    pub declared_by: String,
    pub restored_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub closed_by: Option<String>,
    pub closing_note: Option<String>,
    pub cqc_notified_at: Option<Timestamp>,
    pub cqc_notified_by: Option<String>,
    pub cqc_reference: Option<String>,
    /// Whether this stops or threatens safe care, as last recorded, by whom and when.
    pub safe_care: Option<SafeCare>,
    pub safe_care_at: Option<Timestamp>,
    pub safe_care_by: Option<String>,
    pub systems: Vec<i64>,
    pub services: Vec<i64>,
    pub devices: Vec<i64>,
    /// The unit the disruption is confined to; `None`: the whole of each service.
    pub unit: Option<String>,
    /// What was still open when it was closed.
    pub left_open: LeftOpen,
}

impl DisruptionRow {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepRow {
    pub id: i64,
    pub position: i64,
    pub text: String,
    pub done_at: Option<Timestamp>,
    pub done_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    pub id: i64,
    /// When it happened (may be a little before it was written down).
    pub at: Timestamp,
    pub recorded_at: Timestamp,
    pub author: String,
    pub kind: EntryKind,
    pub text: String,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
    /// The service the entry is about (shown only to those who see it); `None`: the whole
    /// disruption.
    pub service_id: Option<i64>,
}

impl TimelineRow {
    /// Whether a user with `access` may read this entry.
    pub fn visible_to(&self, access: &lantern_core::user::ServiceAccess) -> bool {
        self.service_id.is_none_or(|s| access.allows(s))
    }
}

pub(crate) fn code<T>(row: &AnyRow, column: &str, parse: fn(&str) -> Result<T, String>) -> Result<T, StoreError> {
    let text: String = row.try_get(column)?;
    parse(&text).map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
}

const COLUMNS: &str = "id, kind, scenario, title, summary, coordinator, started_at, detected_at, declared_at, \
    declared_by, restored_at, closed_at, closed_by, closing_note, cqc_notified_at, cqc_notified_by, cqc_reference, \
    safe_care, safe_care_at, safe_care_by, unit, left_open";

/// (disruption id, system or service id) pairs, for one disruption (`Some`) or all of them.
async fn links(
    conn: &mut AnyConnection,
    table: &str,
    column: &str,
    id: Option<i64>,
) -> Result<Vec<(i64, i64)>, StoreError> {
    let only = if id.is_some() { "WHERE disruption_id = $1" } else { "" };
    let sql = format!("SELECT disruption_id, {column} FROM {table} {only} ORDER BY disruption_id, {column}");
    let rows = match id {
        Some(id) => sqlx::query(&sql).bind(id).fetch_all(&mut *conn).await?,
        None => sqlx::query(&sql).fetch_all(&mut *conn).await?,
    };
    rows.iter()
        .map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?)))
        .collect()
}

/// Reads disruption rows with their systems and services: three queries however many rows.
async fn read_all(
    conn: &mut AnyConnection,
    rows: &[AnyRow],
    id: Option<i64>,
) -> Result<Vec<DisruptionRow>, StoreError> {
    let systems = links(conn, "disruption_systems", "system_id", id).await?;
    let services = links(conn, "disruption_services", "service_id", id).await?;
    let devices = links(conn, "disruption_devices", "device_id", id).await?;
    let of = |pairs: &[(i64, i64)], d: i64| pairs.iter().filter(|(x, _)| *x == d).map(|(_, v)| *v).collect();
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok(DisruptionRow {
                id,
                kind: code(r, "kind", DisruptionKind::parse)?,
                scenario: code(r, "scenario", Scenario::parse)?,
                title: r.try_get("title")?,
                summary: r.try_get("summary")?,
                coordinator: r.try_get("coordinator")?,
                started_at: stamp(r, "started_at")?,
                detected_at: stamp(r, "detected_at")?,
                declared_at: stamp(r, "declared_at")?,
                declared_by: r.try_get("declared_by")?,
                restored_at: maybe_stamp(r, "restored_at")?,
                closed_at: maybe_stamp(r, "closed_at")?,
                closed_by: r.try_get("closed_by")?,
                closing_note: r.try_get("closing_note")?,
                cqc_notified_at: maybe_stamp(r, "cqc_notified_at")?,
                cqc_notified_by: r.try_get("cqc_notified_by")?,
                cqc_reference: r.try_get("cqc_reference")?,
                safe_care: r
                    .try_get::<Option<String>, _>("safe_care")?
                    .map(|t| SafeCare::parse(&t).map_err(|e| StoreError::Corrupt(format!("safe_care: {e}"))))
                    .transpose()?,
                safe_care_at: maybe_stamp(r, "safe_care_at")?,
                safe_care_by: r.try_get("safe_care_by")?,
                systems: of(&systems, id),
                services: of(&services, id),
                devices: of(&devices, id),
                unit: r.try_get::<Option<String>, _>("unit")?.filter(|u| !u.trim().is_empty()),
                left_open: match r.try_get::<Option<String>, _>("left_open")? {
                    Some(json) => {
                        serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("left_open: {e}")))?
                    }
                    None => LeftOpen::default(),
                },
            })
        })
        .collect()
}

pub(crate) async fn get_disruption_in(conn: &mut AnyConnection, id: i64) -> Result<DisruptionRow, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM disruptions WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("disruption {id}")))?;
    read_all(conn, &[row], Some(id))
        .await?
        .pop()
        .ok_or_else(|| StoreError::NotFound(format!("disruption {id}")))
}

/// The disruption, refused as a conflict once it is closed: a closed record stays as it was.
pub(crate) async fn open_disruption_in(conn: &mut AnyConnection, id: i64) -> Result<DisruptionRow, StoreError> {
    let d = get_disruption_in(conn, id).await?;
    if d.is_open() {
        Ok(d)
    } else {
        Err(StoreError::Conflict(format!(
            "disruption {id} is closed: nothing more can be recorded on it"
        )))
    }
}

/// Appends a timeline entry; the database refuses to change it afterwards.
pub(crate) async fn add_entry_in(
    conn: &mut AnyConnection,
    disruption_id: i64,
    entry: &NewEntry<'_>,
    actor: &Actor,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO timeline_entries (disruption_id, at, recorded_at, author, user_id, kind, text, corrects, service_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(disruption_id)
    .bind(ts(entry.at))
    .bind(ts(now))
    .bind(&actor.label)
    .bind(actor.user_id)
    .bind(entry.kind.as_str())
    .bind(entry.text)
    .bind(entry.corrects)
    .bind(entry.service_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Marks each device faulty in the register, with the time and the disruption in its notes, and
/// opens its time out of use from the disruption's start (unless it is already out of use);
/// answers their asset tags. A change of the register like any other: versioned and audited.
async fn mark_faulty_in(
    conn: &mut AnyConnection,
    disruption_id: i64,
    devices: &[i64],
    from: Timestamp,
    actor: &Actor,
    now: Timestamp,
) -> Result<Vec<String>, StoreError> {
    let when = lantern_core::schedule::show_moment(now);
    let mut tags = Vec::new();
    for id in devices {
        let current = crate::register::get_in(conn, EntityKind::Device, *id)
            .await
            .map_err(|_| StoreError::invalid("devices", format!("device {id} is not in the register")))?;
        let mut record = current.record.clone();
        record.set("status", Val::Text("faulty".into()));
        let line = format!(
            "Faulty since {when} (disruption {disruption_id}, reported by {}).",
            actor.label
        );
        let notes = match record.text("notes").trim() {
            "" => line,
            old => format!("{old}\n{line}"),
        };
        record.set("notes", Val::Text(notes));
        crate::register::update_in(conn, &current, &record, false, actor, now).await?;
        // Its out-of-use time runs from the disruption's start (or stays as it was, if a fault
        // reported on the device's log already opened it).
        let fault = "Failed: declared as a device failure";
        crate::device_log::open_out_of_use(conn, *id, from.min(now), fault, Some(disruption_id), actor).await?;
        let about = (EntityKind::Device, *id, current.service_id);
        crate::audit::record_update(conn, about, actor, now, format!("Marked {} faulty", record.title())).await?;
        tags.push(record.title());
    }
    Ok(tags)
}

/// Writes an audit line (about a disruption, if given) inside the same transaction as the change.
pub(crate) async fn audit_in(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: Timestamp,
    action: &str,
    disruption_id: Option<i64>,
    detail: String,
) -> Result<(), StoreError> {
    let mut entry = AuditEntry::new(now, actor.user_id, &actor.label, action, detail);
    if let Some(id) = disruption_id {
        entry.entity = Some("disruptions".into());
        entry.record_id = Some(id);
    }
    crate::audit::insert_audit(conn, &entry).await
}

/// A timeline entry about to be written.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub at: Timestamp,
    pub kind: EntryKind,
    pub text: &'a str,
    pub corrects: Option<i64>,
    /// The one service the entry is about, or `None` for the whole disruption. A correction is
    /// about what the entry it corrects was about.
    pub service_id: Option<i64>,
}

impl<'a> NewEntry<'a> {
    /// Something Lantern records itself, at `now`, about the whole disruption.
    pub fn event(now: Timestamp, text: &'a str) -> Self {
        Self {
            at: now,
            kind: EntryKind::Event,
            text,
            corrects: None,
            service_id: None,
        }
    }

    /// Something Lantern records itself about one service (a visit of theirs marked missed).
    pub fn service_event(now: Timestamp, text: &'a str, service_id: Option<i64>) -> Self {
        Self {
            service_id,
            ..Self::event(now, text)
        }
    }
}

impl Store {
    /// Every row a query about one disruption (`$1`) returns, each read by `read`.
    pub(crate) async fn rows_for<T>(
        &self,
        sql: &str,
        id: i64,
        read: impl Fn(&AnyRow) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let rows = sqlx::query(sql).bind(id).fetch_all(&self.pool).await?;
        rows.iter().map(read).collect()
    }

    /// Declares a disruption with its checklist; returns its id.
    pub async fn declare_disruption(
        &self,
        d: &NewDisruption<'_>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "INSERT INTO disruptions (kind, scenario, title, summary, coordinator, started_at, detected_at, \
             declared_at, declared_by, declared_by_user, safe_care, safe_care_at, safe_care_by, unit) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $8, $9, $12) RETURNING id",
        )
        .bind(d.kind.as_str())
        .bind(d.scenario.as_str())
        .bind(d.title)
        .bind(d.summary)
        .bind(d.coordinator)
        .bind(ts(d.started_at))
        .bind(ts(d.detected_at))
        .bind(ts(now))
        .bind(&actor.label)
        .bind(actor.user_id)
        .bind(d.safe_care.as_str())
        .bind(d.unit)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        for (table, column, values) in [
            ("disruption_systems", "system_id", d.systems),
            ("disruption_services", "service_id", d.services),
            ("disruption_devices", "device_id", d.devices),
        ] {
            for v in values {
                let sql = format!("INSERT INTO {table} (disruption_id, {column}) VALUES ($1, $2)");
                sqlx::query(&sql)
                    .bind(id)
                    .bind(v)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| match e {
                        sqlx::Error::Database(_) => StoreError::invalid(
                            &(column.trim_end_matches("_id").to_string() + "s"),
                            format!("{v} is not in the register"),
                        ),
                        other => StoreError::Db(other),
                    })?;
            }
        }
        for (position, text) in d.steps.iter().enumerate() {
            sqlx::query("INSERT INTO disruption_steps (disruption_id, position, text) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(i64::try_from(position).unwrap_or(i64::MAX))
                .bind(text)
                .execute(&mut *tx)
                .await?;
        }
        let text = format!(
            "Declared: {} ({}). Coordinator: {}. Stops or threatens safe care: {}",
            d.title,
            d.kind.label(),
            d.coordinator,
            safe_care_words(d.safe_care)
        );
        add_entry_in(&mut tx, id, &NewEntry::event(now, &text), actor, now).await?;
        audit_in(&mut tx, actor, now, "declare", Some(id), text).await?;
        if !d.devices.is_empty() {
            let marked = mark_faulty_in(&mut tx, id, d.devices, d.started_at, actor, now).await?;
            let text = format!("Marked faulty in the device register: {}.", marked.join(", "));
            add_entry_in(&mut tx, id, &NewEntry::event(now, &text), actor, now).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn disruption(&self, id: i64) -> Result<DisruptionRow, StoreError> {
        let mut conn = self.pool.acquire().await?;
        get_disruption_in(&mut conn, id).await
    }

    /// Every disruption, open ones first, then the most recent.
    pub async fn disruptions(&self) -> Result<Vec<DisruptionRow>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM disruptions ORDER BY (CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END), started_at DESC, id DESC"
        ))
        .fetch_all(&mut *conn)
        .await?;
        read_all(&mut conn, &rows, None).await
    }

    /// Closes an open disruption at its restoration time. What was `left_open` is kept with it
    /// and said in the closing entry of the timeline, in the same transaction.
    pub async fn close_disruption(
        &self,
        id: i64,
        restored_at: Timestamp,
        note: &str,
        left_open: &LeftOpen,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        let d = open_disruption_in(&mut tx, id).await?;
        if restored_at < d.started_at {
            return Err(StoreError::invalid("restored_at", "is before the disruption started"));
        }
        sqlx::query(
            "UPDATE disruptions SET restored_at = $1, closed_at = $2, closed_by = $3, closing_note = $4, left_open = $5 \
             WHERE id = $6",
        )
        .bind(ts(restored_at))
        .bind(ts(now))
        .bind(&actor.label)
        .bind(note)
        .bind(serde_json::to_string(left_open).unwrap_or_default())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let restored = lantern_core::schedule::show_moment(restored_at);
        let text = [
            format!("Closed: systems restored at {restored}."),
            note.trim().into(),
            left_open.sentence(),
        ]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
        add_entry_in(&mut tx, id, &NewEntry::event(now, &text), actor, now).await?;
        audit_in(
            &mut tx,
            actor,
            now,
            "close",
            Some(id),
            format!("Closed disruption {id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records that CQC was notified (regulation 18); allowed after closing, since the duty
    /// outlives the disruption.
    pub async fn record_cqc_notification(
        &self,
        id: i64,
        reference: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        let d = get_disruption_in(&mut tx, id).await?;
        if d.cqc_notified_at.is_some() {
            return Err(StoreError::Conflict("CQC notification is already recorded".into()));
        }
        sqlx::query(
            "UPDATE disruptions SET cqc_notified_at = $1, cqc_notified_by = $2, cqc_reference = $3 WHERE id = $4",
        )
        .bind(ts(now))
        .bind(&actor.label)
        .bind(reference)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let text = match reference.trim() {
            "" => "CQC notified (regulation 18(2)(g)).".to_string(),
            r => format!("CQC notified (regulation 18(2)(g)), reference {r}."),
        };
        add_entry_in(&mut tx, id, &NewEntry::event(now, &text), actor, now).await?;
        audit_in(&mut tx, actor, now, "cqc_notified", Some(id), text).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records the provider's answer, again, to "does this stop or threaten safe care?"; in
    /// the timeline, since a change of answer is a decision someone made.
    pub async fn record_safe_care(
        &self,
        id: i64,
        answer: SafeCare,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        let d = get_disruption_in(&mut tx, id).await?;
        if d.safe_care == Some(answer) {
            // The same answer again changes nothing (a form saved twice).
            return Ok(());
        }
        sqlx::query("UPDATE disruptions SET safe_care = $1, safe_care_at = $2, safe_care_by = $3 WHERE id = $4")
            .bind(answer.as_str())
            .bind(ts(now))
            .bind(&actor.label)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let text = format!("Stops or threatens safe care: {}", safe_care_words(answer));
        let entry = NewEntry {
            kind: EntryKind::Decision,
            ..NewEntry::event(now, &text)
        };
        add_entry_in(&mut tx, id, &entry, actor, now).await?;
        audit_in(&mut tx, actor, now, "safe_care", Some(id), text).await?;
        tx.commit().await?;
        Ok(())
    }
}

fn safe_care_words(answer: SafeCare) -> &'static str {
    match answer {
        SafeCare::Threatened => "yes. CQC must be told without delay (regulation 18(2)(g)).",
        SafeCare::NotThreatened => "no, not at present.",
    }
}
