//! Drills through the API, beyond the register's own `/api/v1/drills`: the saved what-if, the
//! briefing sheet and the schedule by service, by lantern-app's `drills` operations.

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use lantern_app::drills;

/// `GET /api/v1/drills/{id}/what-if`: the what-if saved with the drill, run now.
pub async fn what_if(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    Ok(Json(drills::saved_what_if(&state.app, &user.0, &user.actor(), id).await?).into_response())
}

/// `GET /api/v1/drills/{id}/briefing.pdf`.
pub async fn briefing(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let (file, pdf) = lantern_app::drill_briefing::pdf(&state.app, &user.0, &user.actor(), id).await?;
    Ok(crate::download::attachment("application/pdf", &file, pdf))
}

/// `GET /api/v1/drills/due`: each of the user's services, its last drill and next due date.
pub async fn due(State(state): State<AppState>, user: ApiUser) -> Result<Response, ApiError> {
    let services = drills::due(&state.app, &user.0).await?;
    Ok(Json(drills::DrillsDue {
        interval_months: lantern_core::govern::settings::DRILL_INTERVAL_MONTHS,
        services,
    })
    .into_response())
}
