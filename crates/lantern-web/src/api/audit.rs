//! The audit log through the API, for administrators of every service, as the audit page
//! shows it.

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
pub struct AuditParams {
    limit: Option<i64>,
}

/// The latest lines, newest first (`limit`, default 500, at most 5000).
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Query(p): Query<AuditParams>,
) -> Result<Response, ApiError> {
    let entries = lantern_app::audit::latest(&state.app, &user.0, p.limit.unwrap_or(500)).await?;
    let items: Vec<_> = entries
        .iter()
        .map(|e| {
            json!({"at": e.at, "user_id": e.user_id, "actor": e.actor, "action": e.action, "entity": e.entity,
                   "record_id": e.record_id, "service_id": e.service_id, "detail": e.detail})
        })
        .collect();
    Ok(Json(json!({ "items": items })).into_response())
}
