//! Responding to a disruption: the checklist, the timeline, visit statuses on the live board, calls
//! to families, and each organisation's own scenario checklists.

use crate::codec::{maybe_stamp, stamp, ts};
use crate::disruptions::{NewEntry, StepRow, TimelineRow, add_entry_in, audit_in, code, open_disruption_in};
use crate::{Actor, Store, StoreError};
use jiff::Timestamp;
use lantern_core::disruption::{CallOutcome, EntryKind, Scenario, VisitStatus};
use sqlx::Row;

/// One status a coordinator set for a visit; the latest per visit is the board's.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitStatusRow {
    pub visit_id: i64,
    pub status: VisitStatus,
    pub at: Timestamp,
    pub by: String,
    pub note: String,
    /// Late or delayed: when the carer now expects to arrive.
    pub expected_at: Option<Timestamp>,
    /// Missed: why.
    pub reason: String,
}

/// A status a coordinator sets; `timeline` is written in the timeline too when given, as an
/// entry about the visit's service.
#[derive(Debug, Clone)]
pub struct NewVisitStatus<'a> {
    pub visit_id: i64,
    pub status: VisitStatus,
    pub note: &'a str,
    pub expected_at: Option<Timestamp>,
    pub reason: &'a str,
    pub timeline: Option<&'a str>,
    pub service_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CallRow {
    pub contact_id: i64,
    pub outcome: CallOutcome,
    pub note: String,
    pub at: Timestamp,
    pub by: String,
}

impl Store {
    pub async fn disruption_steps(&self, id: i64) -> Result<Vec<StepRow>, StoreError> {
        self.rows_for(
            "SELECT id, position, text, done_at, done_by FROM disruption_steps WHERE disruption_id = $1 ORDER BY position",
            id,
            |r| {
                Ok(StepRow {
                    id: r.try_get("id")?,
                    position: r.try_get("position")?,
                    text: r.try_get("text")?,
                    done_at: maybe_stamp(r, "done_at")?,
                    done_by: r.try_get("done_by")?,
                })
            },
        )
        .await
    }

    /// Ticks (or unticks) a checklist step; either way the timeline says who and when.
    pub async fn tick_step(
        &self,
        id: i64,
        step_id: i64,
        done: bool,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        open_disruption_in(&mut tx, id).await?;
        let row = sqlx::query("SELECT text, done_at FROM disruption_steps WHERE id = $1 AND disruption_id = $2")
            .bind(step_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("checklist step {step_id}")))?;
        let text: String = row.try_get("text")?;
        let was_done = row.try_get::<Option<String>, _>("done_at")?.is_some();
        if was_done == done {
            return Ok(());
        }
        let (at, by, user) = if done {
            (Some(ts(now)), Some(actor.label.clone()), actor.user_id)
        } else {
            (None, None, None)
        };
        sqlx::query("UPDATE disruption_steps SET done_at = $1, done_by = $2, done_by_user = $3 WHERE id = $4")
            .bind(at)
            .bind(by)
            .bind(user)
            .bind(step_id)
            .execute(&mut *tx)
            .await?;
        let event = if done {
            format!("Done: {text}")
        } else {
            format!("Marked not done: {text}")
        };
        add_entry_in(&mut tx, id, &NewEntry::event(now, &event), actor, now).await?;
        audit_in(&mut tx, actor, now, "checklist", Some(id), event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a timeline entry. A correction names the entry it corrects, which stays as it was.
    pub async fn add_timeline_entry(
        &self,
        id: i64,
        entry: &NewEntry<'_>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let d = open_disruption_in(&mut tx, id).await?;
        if entry.kind == EntryKind::Event {
            return Err(StoreError::invalid("kind", "only Lantern writes event entries"));
        }
        if entry.at > now {
            return Err(StoreError::invalid("at", "is in the future"));
        }
        if entry.at < d.started_at {
            return Err(StoreError::invalid("at", "is before the disruption started"));
        }
        if let Some(s) = entry.service_id
            && !d.services.contains(&s)
        {
            return Err(StoreError::invalid(
                "service_id",
                "is not one of the services this disruption affects",
            ));
        }
        let mut entry = entry.clone();
        if let Some(old) = entry.corrects {
            let corrected = sqlx::query("SELECT service_id FROM timeline_entries WHERE id = $1 AND disruption_id = $2")
                .bind(old)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(corrected) = corrected else {
                return Err(StoreError::invalid(
                    "corrects",
                    format!("entry {old} is not in this disruption's timeline"),
                ));
            };
            // A correction is about what the corrected entry was about, so that it reaches
            // exactly those who read the entry it corrects.
            entry.service_id = corrected.try_get("service_id")?;
        }
        let entry_id = add_entry_in(&mut tx, id, &entry, actor, now).await?;
        let detail = format!("Timeline {}: {}", entry.kind.label().to_lowercase(), entry.text);
        audit_in(&mut tx, actor, now, "timeline", Some(id), detail).await?;
        tx.commit().await?;
        Ok(entry_id)
    }

    /// The timeline, in the order things happened.
    pub async fn timeline(&self, id: i64) -> Result<Vec<TimelineRow>, StoreError> {
        self.rows_for(
            "SELECT id, at, recorded_at, author, kind, text, corrects, service_id FROM timeline_entries \
             WHERE disruption_id = $1 ORDER BY at, id",
            id,
            |r| {
                Ok(TimelineRow {
                    id: r.try_get("id")?,
                    at: stamp(r, "at")?,
                    recorded_at: stamp(r, "recorded_at")?,
                    author: r.try_get("author")?,
                    kind: code(r, "kind", EntryKind::parse)?,
                    text: r.try_get("text")?,
                    corrects: r.try_get("corrects")?,
                    service_id: r.try_get("service_id")?,
                })
            },
        )
        .await
    }

    /// Sets a visit's status on the board. A missed visit is also written in the timeline:
    /// it is a decision point (ring the person, the family, safeguarding).
    pub async fn set_visit_status(
        &self,
        id: i64,
        v: &NewVisitStatus<'_>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        open_disruption_in(&mut tx, id).await?;
        sqlx::query(
            "INSERT INTO visit_statuses (disruption_id, visit_id, status, at, by_name, user_id, note, expected_at, reason) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(v.visit_id)
        .bind(v.status.as_str())
        .bind(ts(now))
        .bind(&actor.label)
        .bind(actor.user_id)
        .bind(v.note)
        .bind(v.expected_at.map(ts))
        .bind(v.reason)
        .execute(&mut *tx)
        .await?;
        if let Some(text) = v.timeline {
            let entry = NewEntry::service_event(now, text, v.service_id);
            add_entry_in(&mut tx, id, &entry, actor, now).await?;
        }
        let mut detail = format!("Visit {}: {}", v.visit_id, v.status.label());
        if let Some(t) = v.expected_at {
            detail.push_str(&format!(" (expected {})", lantern_core::schedule::show_time(t)));
        }
        if !v.reason.is_empty() {
            detail.push_str(&format!(": {}", v.reason));
        }
        audit_in(&mut tx, actor, now, "visit_status", Some(id), detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every status set, oldest first (the last per visit is current).
    pub async fn visit_statuses(&self, id: i64) -> Result<Vec<VisitStatusRow>, StoreError> {
        self.rows_for(
            "SELECT visit_id, status, at, by_name, note, expected_at, reason FROM visit_statuses \
             WHERE disruption_id = $1 ORDER BY id",
            id,
            |r| {
                Ok(VisitStatusRow {
                    visit_id: r.try_get("visit_id")?,
                    status: code(r, "status", VisitStatus::parse)?,
                    at: stamp(r, "at")?,
                    by: r.try_get("by_name")?,
                    note: r.try_get("note")?,
                    expected_at: maybe_stamp(r, "expected_at")?,
                    reason: r.try_get("reason")?,
                })
            },
        )
        .await
    }

    pub async fn record_family_call(
        &self,
        id: i64,
        contact_id: i64,
        outcome: CallOutcome,
        note: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        open_disruption_in(&mut tx, id).await?;
        sqlx::query(
            "INSERT INTO family_calls (disruption_id, contact_id, outcome, note, at, by_name, user_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(contact_id)
        .bind(outcome.as_str())
        .bind(note)
        .bind(ts(now))
        .bind(&actor.label)
        .bind(actor.user_id)
        .execute(&mut *tx)
        .await?;
        let detail = format!("Call to contact {contact_id}: {}", outcome.label());
        audit_in(&mut tx, actor, now, "family_call", Some(id), detail).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn family_calls(&self, id: i64) -> Result<Vec<CallRow>, StoreError> {
        self.rows_for(
            "SELECT contact_id, outcome, note, at, by_name FROM family_calls WHERE disruption_id = $1 ORDER BY id",
            id,
            |r| {
                Ok(CallRow {
                    contact_id: r.try_get("contact_id")?,
                    outcome: code(r, "outcome", CallOutcome::parse)?,
                    note: r.try_get("note")?,
                    at: stamp(r, "at")?,
                    by: r.try_get("by_name")?,
                })
            },
        )
        .await
    }

    /// The organisation's own checklist for a scenario, if it has edited one.
    /// An organisation's own checklist of a scenario: its steps, when and by whom it was saved.
    pub async fn scenario_plan(
        &self,
        scenario: Scenario,
    ) -> Result<Option<(Vec<String>, Timestamp, String)>, StoreError> {
        let row = sqlx::query("SELECT steps, updated_at, updated_by FROM scenario_plans WHERE scenario = $1")
            .bind(scenario.as_str())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            None => Ok(None),
            Some(r) => {
                let steps: String = r.try_get("steps")?;
                let steps = serde_json::from_str(&steps)
                    .map_err(|e| StoreError::Corrupt(format!("scenario plan {}: {e}", scenario.as_str())))?;
                Ok(Some((steps, stamp(&r, "updated_at")?, r.try_get("updated_by")?)))
            }
        }
    }

    pub async fn save_scenario_plan(
        &self,
        scenario: Scenario,
        steps: &[String],
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM scenario_plans WHERE scenario = $1")
            .bind(scenario.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO scenario_plans (scenario, steps, updated_at, updated_by) VALUES ($1, $2, $3, $4)")
            .bind(scenario.as_str())
            .bind(serde_json::json!(steps).to_string())
            .bind(ts(now))
            .bind(&actor.label)
            .execute(&mut *tx)
            .await?;
        let detail = format!(
            "Changed the {} checklist ({})",
            scenario.label(),
            lantern_core::words::count(steps.len(), "step", "steps")
        );
        audit_in(&mut tx, actor, now, "scenario_plan", None, detail).await?;
        tx.commit().await?;
        Ok(())
    }
}
