//! A risk's reviews: written with the change to the risk in one transaction, never edited.

use crate::codec::{stamp, ts};
use crate::register::{get_in, insert_in, update_in};
use crate::{Actor, Store, StoreError};
use jiff::Timestamp;
use lantern_core::{EntityKind, Record};
use sqlx::Row;

/// One review as recorded: who, when, and the scores and status it left.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskReview {
    pub id: i64,
    pub risk_id: i64,
    /// "review", or "raised" for the review that created the risk.
    pub kind: String,
    pub reviewed_at: Timestamp,
    pub reviewed_by: String,
    pub inherent: (i64, i64),
    pub residual: (i64, i64),
    pub status: String,
    pub next_review: String,
    pub note: String,
    pub disruption_id: Option<i64>,
    pub drill_id: Option<i64>,
}

/// What tested a risk, when a review comes from a real event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewSource {
    pub disruption_id: Option<i64>,
    pub drill_id: Option<i64>,
}

/// A review about to be written: the risk as it will stand, what was found and what tested it.
#[derive(Debug, Clone, Copy)]
pub struct NewReview<'a> {
    pub record: &'a Record,
    pub note: &'a str,
    pub source: ReviewSource,
}

const COLUMNS: &str = "id, risk_id, kind, reviewed_at, reviewed_by, inherent_likelihood, inherent_impact, \
    residual_likelihood, residual_impact, status, next_review, note, disruption_id, drill_id";

fn review_from(r: &sqlx::any::AnyRow) -> Result<RiskReview, StoreError> {
    Ok(RiskReview {
        id: r.try_get("id")?,
        risk_id: r.try_get("risk_id")?,
        kind: r.try_get("kind")?,
        reviewed_at: stamp(r, "reviewed_at")?,
        reviewed_by: r.try_get("reviewed_by")?,
        inherent: (r.try_get("inherent_likelihood")?, r.try_get("inherent_impact")?),
        residual: (r.try_get("residual_likelihood")?, r.try_get("residual_impact")?),
        status: r.try_get("status")?,
        next_review: r.try_get("next_review")?,
        note: r.try_get("note")?,
        disruption_id: r.try_get("disruption_id")?,
        drill_id: r.try_get("drill_id")?,
    })
}

async fn insert_review(
    conn: &mut sqlx::AnyConnection,
    risk_id: i64,
    kind: &str,
    review: NewReview<'_>,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), StoreError> {
    let NewReview {
        record: risk,
        note,
        source,
    } = review;
    let int = |f: &str| risk.int(f).unwrap_or(0);
    sqlx::query(
        "INSERT INTO risk_reviews (risk_id, kind, reviewed_at, reviewed_by, inherent_likelihood, inherent_impact, \
         residual_likelihood, residual_impact, status, next_review, note, disruption_id, drill_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(risk_id)
    .bind(kind)
    .bind(ts(now))
    .bind(&actor.label)
    .bind(int("inherent_likelihood"))
    .bind(int("inherent_impact"))
    .bind(int("residual_likelihood"))
    .bind(int("residual_impact"))
    .bind(risk.text("status"))
    .bind(risk.date("review_date").map(|d| d.to_string()).unwrap_or_default())
    .bind(note)
    .bind(source.disruption_id)
    .bind(source.drill_id)
    .execute(&mut *conn)
    .await?;
    let what = if kind == "raised" { "Raised" } else { "Reviewed" };
    let score = int("residual_likelihood") * int("residual_impact");
    let detail = format!("{what} the risk {} (scores {score} with controls)", risk.title());
    crate::audit::record_update(
        conn,
        (EntityKind::Risk, risk_id, risk.int("service_id")),
        actor,
        now,
        detail,
    )
    .await
}

impl Store {
    /// A risk's reviews, newest first.
    pub async fn risk_reviews(&self, risk_id: i64) -> Result<Vec<RiskReview>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM risk_reviews WHERE risk_id = $1 ORDER BY reviewed_at DESC, id DESC");
        self.rows_for(&sql, risk_id, review_from).await
    }

    /// The reviews a disruption or a drill gave rise to (the source names one of them).
    pub async fn risk_reviews_from(&self, source: ReviewSource) -> Result<Vec<RiskReview>, StoreError> {
        let (column, id) = match (source.disruption_id, source.drill_id) {
            (Some(id), _) => ("disruption_id", id),
            (None, Some(id)) => ("drill_id", id),
            (None, None) => return Ok(Vec::new()),
        };
        let sql = format!("SELECT {COLUMNS} FROM risk_reviews WHERE {column} = $1 ORDER BY reviewed_at, id");
        self.rows_for(&sql, id, review_from).await
    }

    /// Reviews a risk: the risk takes `record` (its new scores, status, next review) and the
    /// review keeps them with who and when. Refused when someone saved the risk in between.
    pub async fn review_risk(
        &self,
        risk_id: i64,
        expected_version: i64,
        review: NewReview<'_>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let record = review.record;
        let mut tx = self.write().await?;
        let current = get_in(&mut tx, EntityKind::Risk, risk_id).await?;
        if current.version != expected_version {
            return Err(StoreError::Conflict(format!(
                "{} was changed by {} while you were reviewing it; reload to see their change",
                current.record.title(),
                current.updated_by
            )));
        }
        if &current.record != record {
            update_in(&mut tx, &current, record, false, actor, now).await?;
        }
        insert_review(&mut tx, risk_id, "review", review, actor, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a risk raised by a disruption or drill, with the review that raised it.
    pub async fn raise_risk(&self, review: NewReview<'_>, actor: &Actor, now: Timestamp) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let id = insert_in(&mut tx, review.record, None, actor, now).await?;
        insert_review(&mut tx, id, "raised", review, actor, now).await?;
        tx.commit().await?;
        Ok(id)
    }
}
