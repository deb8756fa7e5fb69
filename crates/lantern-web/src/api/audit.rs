//! The audit log through the API, for administrators of every service, as the audit page
//! shows it.

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use lantern_store::AuditEntry;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
    let items = entries.iter().map(AuditLine::from).collect();
    Ok(Json(AuditLog { items }).into_response())
}

/// `GET /api/v1/audit`: newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditLog {
    pub items: Vec<AuditLine>,
}

/// One line of the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditLine {
    #[schema(schema_with = crate::api::schema::moment)]
    pub at: jiff::Timestamp,
    pub user_id: Option<i64>,
    /// Who: a user's name, or a command at the server with the OS account that ran it.
    pub actor: String,
    /// "view", "export", "login", "login_failed", "token_used"…
    pub action: String,
    pub entity: Option<String>,
    pub record_id: Option<i64>,
    pub service_id: Option<i64>,
    pub detail: String,
}

impl From<&AuditEntry> for AuditLine {
    fn from(e: &AuditEntry) -> Self {
        Self {
            at: e.at,
            user_id: e.user_id,
            actor: e.actor.clone(),
            action: e.action.clone(),
            entity: e.entity.clone(),
            record_id: e.record_id,
            service_id: e.service_id,
            detail: e.detail.clone(),
        }
    }
}
