//! The risk heat map, reviews and raising a risk from a disruption or a drill, through the API, by
//! lantern-app's `risks`.

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_app::risks::{self, RaiseInput, ReviewInput, Tested};
use lantern_core::govern::risks::Basis;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct HeatCell {
    pub likelihood: u8,
    pub impact: u8,
    /// `low`, `moderate`, `high`, `extreme`.
    pub band: String,
    pub risks: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HeatMapJson {
    /// `residual` (with controls) or `inherent` (before them).
    pub basis: String,
    /// The 25 cells, likelihood 1 impact 1 first; closed risks are left out.
    pub cells: Vec<HeatCell>,
    /// Open risks past their review date.
    pub reviews_overdue: Vec<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeatQuery {
    basis: Option<String>,
}

pub async fn heat_map(
    State(state): State<AppState>,
    user: ApiUser,
    Query(q): Query<HeatQuery>,
) -> Result<Response, ApiError> {
    let basis = Basis::parse(q.basis.as_deref().unwrap_or(""))
        .ok_or_else(|| AppError::invalid("basis", "use residual or inherent"))?;
    let map = risks::heat(&state.app, &user.0, basis).await?;
    let mut cells = Vec::new();
    for l in 1..=5u8 {
        for i in 1..=5u8 {
            let score = lantern_core::govern::risks::Score {
                likelihood: l,
                impact: i,
            };
            cells.push(HeatCell {
                likelihood: l,
                impact: i,
                band: score.band().code().into(),
                risks: map.cells[usize::from(l - 1)][usize::from(i - 1)].clone(),
            });
        }
    }
    Ok(Json(HeatMapJson {
        basis: basis.code().into(),
        cells,
        reviews_overdue: map.overdue.iter().map(|r| r.id).collect(),
    })
    .into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewJson {
    pub id: i64,
    /// `review`, or `raised` for the review that created the risk.
    pub kind: String,
    #[schema(schema_with = crate::api::schema::moment)]
    pub reviewed_at: jiff::Timestamp,
    pub reviewed_by: String,
    pub inherent_likelihood: i64,
    pub inherent_impact: i64,
    pub residual_likelihood: i64,
    pub residual_impact: i64,
    pub status: String,
    /// YYYY-MM-DD.
    pub next_review: String,
    pub note: String,
    /// The disruption that tested the risk, if the review came from one.
    pub disruption_id: Option<i64>,
    /// The drill that tested the risk, if the review came from one.
    pub drill_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewList {
    pub risk_id: i64,
    /// The risk's current version: send it back with a review.
    pub version: i64,
    pub reviews: Vec<ReviewJson>,
}

pub async fn reviews(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let (stored, reviews) = risks::reviews(&state.app, &user.0, id).await?;
    Ok(Json(ReviewList {
        risk_id: id,
        version: stored.version,
        reviews: reviews
            .into_iter()
            .map(|v| ReviewJson {
                id: v.id,
                kind: v.kind,
                reviewed_at: v.reviewed_at,
                reviewed_by: v.reviewed_by,
                inherent_likelihood: v.inherent.0,
                inherent_impact: v.inherent.1,
                residual_likelihood: v.residual.0,
                residual_impact: v.residual.1,
                status: v.status,
                next_review: v.next_review,
                note: v.note,
                disruption_id: v.disruption_id,
                drill_id: v.drill_id,
            })
            .collect(),
    })
    .into_response())
}

pub async fn add_review(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let input: ReviewInput = crate::api::body(&bytes)?;
    risks::review(&state.app, &user.0, &user.actor(), id, &input).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Raised {
    pub risk_id: i64,
}

async fn raise_from(state: &AppState, user: &ApiUser, tested: Tested, bytes: &Bytes) -> Result<Response, ApiError> {
    let input: RaiseInput = crate::api::body(bytes)?;
    let risk_id = risks::raise(&state.app, &user.0, &user.actor(), tested, &input).await?;
    Ok((StatusCode::CREATED, Json(Raised { risk_id })).into_response())
}

/// `POST /api/v1/disruptions/{id}/risks`.
pub async fn raise(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    raise_from(&state, &user, Tested::Disruption(id), &bytes).await
}

/// `POST /api/v1/drills/{id}/risks`: from a held drill.
pub async fn raise_from_drill(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    raise_from(&state, &user, Tested::Drill(id), &bytes).await
}
