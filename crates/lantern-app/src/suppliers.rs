//! A supplier's assurance (issue [10] item 6): its periodic reviews, when the next is due, and
//! what Lantern's own records say about it — the disruptions of systems it supplies, when and
//! for how long — as far as the user's services allow (a disruption of another branch is not
//! theirs to see, as everywhere else).

use crate::{App, Error};
use jiff::civil::Date;
use jiff::{Timestamp, Unit};
use lantern_core::EntityKind;
use lantern_store::{ListQuery, User};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewLine {
    pub id: i64,
    #[schema(value_type = String, format = Date)]
    pub review_date: Date,
    pub reviewer: String,
    pub availability_percent: Option<i64>,
    pub response_minutes: Option<i64>,
    /// The DSPT status as its label ("Standards met").
    pub dspt_status: String,
    pub support_line_checked: bool,
    #[schema(value_type = Option<String>, format = Date)]
    pub next_review: Option<Date>,
}

/// A disruption of a system this supplier provides.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttributedDisruption {
    pub id: i64,
    pub title: String,
    /// The supplier's systems it named.
    pub systems: Vec<String>,
    #[schema(value_type = String, format = DateTime)]
    pub started_at: Timestamp,
    /// When systems were back (or it was closed); none while it is still going.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub restored_at: Option<Timestamp>,
    /// Minutes from start to restoration, or to now while it is open.
    pub minutes: i64,
    pub open: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupplierAssurance {
    pub supplier_id: i64,
    pub name: String,
    /// Newest first.
    pub reviews: Vec<ReviewLine>,
    /// The next review as the latest review set it.
    #[schema(value_type = Option<String>, format = Date)]
    pub next_review: Option<Date>,
    pub review_overdue: bool,
    pub disruptions: Vec<AttributedDisruption>,
    /// Minutes of disruption attributed to it in the last twelve months.
    pub minutes_last_year: i64,
}

/// Every record of an organisation-wide kind (reviews and systems are).
fn everything() -> ListQuery {
    ListQuery {
        limit: 100_000,
        ..Default::default()
    }
}

/// The assurance of supplier `id`, as `user` may see it.
pub async fn assurance(app: &App, user: &User, id: i64) -> Result<SupplierAssurance, Error> {
    let supplier = crate::register::visible_record(app, user, EntityKind::Supplier, id).await?;
    let today = app.clock.today();
    let now = app.clock.now();
    let dspt = EntityKind::SupplierReview.spec().field("dspt_status").map(|f| f.kind);
    let mut reviews: Vec<ReviewLine> = app
        .store
        .list(EntityKind::SupplierReview, &everything())
        .await?
        .items
        .into_iter()
        .filter(|r| r.record.int("supplier_id") == Some(id))
        .filter_map(|r| {
            let rec = &r.record;
            Some(ReviewLine {
                id: r.id,
                review_date: rec.date("review_date")?,
                reviewer: rec.text("reviewer").to_string(),
                availability_percent: rec.int("availability_percent"),
                response_minutes: rec.int("response_minutes"),
                dspt_status: dspt
                    .and_then(|k| k.choice_label(rec.text("dspt_status")))
                    .unwrap_or("")
                    .to_string(),
                support_line_checked: rec.flag("support_line_checked"),
                next_review: rec.date("next_review"),
            })
        })
        .collect();
    reviews.sort_by_key(|r| std::cmp::Reverse((r.review_date, r.id)));
    let next_review = reviews.first().and_then(|r| r.next_review);
    let systems: Vec<(i64, String)> = app
        .store
        .list(EntityKind::System, &everything())
        .await?
        .items
        .into_iter()
        .filter(|s| s.record.int("supplier_id") == Some(id))
        .map(|s| (s.id, s.record.title()))
        .collect();
    let year_ago = now
        .checked_sub(jiff::SignedDuration::from_hours(24 * 365))
        .unwrap_or(now);
    let mut minutes_last_year = 0;
    let mut disruptions = Vec::new();
    for d in app.store.disruptions().await? {
        let named: Vec<String> = systems
            .iter()
            .filter(|(sid, _)| d.systems.contains(sid))
            .map(|(_, n)| n.clone())
            .collect();
        if named.is_empty() {
            continue;
        }
        let Some(d) = crate::disruptions::seen_by(d, &user.access) else {
            continue;
        };
        let restored_at = d.restored_at.or(d.closed_at);
        let until = restored_at.unwrap_or(now);
        let minutes = until
            .since(d.started_at)
            .ok()
            .and_then(|s| s.total(Unit::Minute).ok())
            .map_or(0, |m| m.max(0.0) as i64);
        if d.started_at >= year_ago {
            minutes_last_year += minutes;
        }
        disruptions.push(AttributedDisruption {
            id: d.id,
            title: d.title.clone(),
            systems: named,
            started_at: d.started_at,
            restored_at,
            minutes,
            open: d.is_open(),
        });
    }
    Ok(SupplierAssurance {
        supplier_id: id,
        name: supplier.record.title(),
        reviews,
        next_review,
        review_overdue: next_review.is_some_and(|d| d < today),
        disruptions,
        minutes_last_year,
    })
}
