//! Post-incident reviews: one per closed disruption or held drill, saved with its audit line in
//! one transaction; a save from a version someone else has moved on from is refused.

use crate::codec::{maybe_stamp, stamp, ts};
use crate::{Actor, ReviewSource, Store, StoreError};
use jiff::Timestamp;
use lantern_core::EntityKind;
use lantern_core::govern::incident_review::{ReviewStatus, ReviewText};
use sqlx::Row;

/// A review as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentReview {
    pub id: i64,
    /// The disruption or the drill it reviews.
    pub source: ReviewSource,
    pub text: ReviewText,
    pub status: ReviewStatus,
    pub version: i64,
    pub created_at: Timestamp,
    pub created_by: String,
    pub updated_at: Timestamp,
    pub updated_by: String,
    pub completed_at: Option<Timestamp>,
    pub completed_by: Option<String>,
}

const COLUMNS: &str = "id, disruption_id, drill_id, what_happened, went_well, weaknesses, lessons, status, version, \
    created_at, created_by, updated_at, updated_by, completed_at, completed_by";

fn review_from(r: &sqlx::any::AnyRow) -> Result<IncidentReview, StoreError> {
    let status: String = r.try_get("status")?;
    Ok(IncidentReview {
        id: r.try_get("id")?,
        source: ReviewSource {
            disruption_id: r.try_get("disruption_id")?,
            drill_id: r.try_get("drill_id")?,
        },
        text: ReviewText {
            what_happened: r.try_get("what_happened")?,
            went_well: r.try_get("went_well")?,
            weaknesses: r.try_get("weaknesses")?,
            lessons: r.try_get("lessons")?,
        },
        status: ReviewStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("incident review status '{status}'")))?,
        version: r.try_get("version")?,
        created_at: stamp(r, "created_at")?,
        created_by: r.try_get("created_by")?,
        updated_at: stamp(r, "updated_at")?,
        updated_by: r.try_get("updated_by")?,
        completed_at: maybe_stamp(r, "completed_at")?,
        completed_by: r.try_get("completed_by")?,
    })
}

/// The column that names what a source reviews, and its id.
fn column_of(source: ReviewSource) -> Result<(&'static str, i64), StoreError> {
    match (source.disruption_id, source.drill_id) {
        (Some(id), None) => Ok(("disruption_id", id)),
        (None, Some(id)) => Ok(("drill_id", id)),
        _ => Err(StoreError::invalid(
            "source",
            "a review is of one disruption or one drill",
        )),
    }
}

/// What a save writes, bound in the order of both its statements ($1–$9).
struct Values<'a> {
    text: &'a ReviewText,
    status: &'static str,
    now: String,
    by: String,
    completed_at: Option<String>,
    completed_by: Option<String>,
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl Values<'_> {
    fn bind<'q>(&self, q: Query<'q>) -> Query<'q> {
        q.bind(self.text.what_happened.clone())
            .bind(self.text.went_well.clone())
            .bind(self.text.weaknesses.clone())
            .bind(self.text.lessons.clone())
            .bind(self.status)
            .bind(self.now.clone())
            .bind(self.by.clone())
            .bind(self.completed_at.clone())
            .bind(self.completed_by.clone())
    }
}

impl Store {
    /// The review of a disruption or a drill, if one was started.
    pub async fn incident_review(&self, source: ReviewSource) -> Result<Option<IncidentReview>, StoreError> {
        let (column, id) = column_of(source)?;
        let sql = format!("SELECT {COLUMNS} FROM incident_reviews WHERE {column} = $1");
        Ok(self.rows_for(&sql, id, review_from).await?.into_iter().next())
    }

    /// The disruptions whose review is complete: those are the complete disruptions.
    pub async fn reviewed_disruptions(&self) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query(
            "SELECT disruption_id FROM incident_reviews WHERE status = 'complete' AND disruption_id IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| r.try_get("disruption_id").map_err(StoreError::from))
            .collect()
    }

    /// Saves the review of `source`: the first save when `expected_version` is 0, else over that
    /// version only. Completing stamps who and when; the audit line says what changed.
    pub async fn save_incident_review(
        &self,
        source: ReviewSource,
        (text, status): (&ReviewText, ReviewStatus),
        expected_version: i64,
        (actor, service_id): (&Actor, Option<i64>),
        now: Timestamp,
    ) -> Result<IncidentReview, StoreError> {
        let (column, id) = column_of(source)?;
        let mut tx = self.write().await?;
        let sql = format!("SELECT {COLUMNS} FROM incident_reviews WHERE {column} = $1");
        let current = match sqlx::query(&sql).bind(id).fetch_optional(&mut *tx).await? {
            Some(row) => Some(review_from(&row)?),
            None => None,
        };
        let held = current.as_ref().map_or(0, |c| c.version);
        if held != expected_version {
            let by = current.as_ref().map_or("someone", |c| c.updated_by.as_str());
            return Err(StoreError::Conflict(format!(
                "This review was saved by {by} while you were writing it; reload to see their version (copy your text first)"
            )));
        }
        let completing = status == ReviewStatus::Complete;
        let (completed_at, completed_by) = match &current {
            Some(c) if c.status == ReviewStatus::Complete && completing => (c.completed_at, c.completed_by.clone()),
            _ if completing => (Some(now), Some(actor.label.clone())),
            _ => (None, None),
        };
        let values = Values {
            text,
            status: status.code(),
            now: ts(now),
            by: actor.label.clone(),
            completed_at: completed_at.map(ts),
            completed_by,
        };
        let row_id: i64 = match &current {
            None => {
                let sql = format!(
                    "INSERT INTO incident_reviews (what_happened, went_well, weaknesses, lessons, status, \
                     updated_at, updated_by, completed_at, completed_by, {column}, version, created_at, created_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $6, $7) RETURNING id"
                );
                values
                    .bind(sqlx::query(&sql))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("id")?
            }
            Some(c) => {
                values
                    .bind(sqlx::query(
                    "UPDATE incident_reviews SET what_happened = $1, went_well = $2, weaknesses = $3, lessons = $4, \
                     status = $5, updated_at = $6, updated_by = $7, completed_at = $8, completed_by = $9, \
                     version = version + 1 WHERE id = $10",
                ))
                .bind(c.id)
                .execute(&mut *tx)
                .await?;
                c.id
            }
        };
        let what = match (&current, completing) {
            (Some(c), true) if c.status == ReviewStatus::Complete => "Changed the completed review",
            (_, true) => "Completed the review",
            (None, false) => "Started the review",
            (Some(_), false) => "Saved the draft review",
        };
        let of = match source.drill_id {
            Some(d) => format!("drill {d}"),
            None => format!("disruption {id}"),
        };
        let entry = crate::AuditEntry::new(now, actor.user_id, &actor.label, "update", format!("{what} of {of}"));
        let entry = match source.drill_id {
            Some(d) => entry.about(EntityKind::Drill, d, service_id),
            None => crate::AuditEntry {
                entity: Some("disruptions".into()),
                record_id: Some(id),
                service_id,
                ..entry
            },
        };
        crate::audit::insert_audit(&mut tx, &entry).await?;
        let sql = format!("SELECT {COLUMNS} FROM incident_reviews WHERE id = $1");
        let saved = review_from(&sqlx::query(&sql).bind(row_id).fetch_one(&mut *tx).await?)?;
        tx.commit().await?;
        Ok(saved)
    }
}
