//! Resolving a reconciliation's findings through the API, by the same rule as the page
//! ([`crate::reconciliation::Resolution`]): a refusal is a 422 naming the field.

use crate::AppState;
use crate::auth::ApiUser;
use crate::disruptions::ensure;
use crate::error::ApiError;
use crate::reconciliation::Resolution;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolveBody {
    key: String,
    action: String,
    #[serde(default)]
    note: String,
}

/// Records what was done about one finding (the latest resolution of a finding is current);
/// answers the finding with its resolution.
pub async fn resolve(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    ensure(user.0.role.can_run_disruptions(), crate::pages::reconcile::RESOLVE)?;
    let b: ResolveBody = super::body(&bytes)?;
    let l = crate::reconciliation::visible(&state.app, &user.0, id).await?;
    Resolution::check(&l, &b.key, &b.action, &b.note)?
        .save(&state.app, id, &user.actor())
        .await?;
    let l = crate::reconciliation::visible(&state.app, &user.0, id).await?;
    let all = crate::reconciliation::to_json(&l);
    let finding = all["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["key"] == b.key.as_str()))
        .cloned()
        .unwrap_or_default();
    Ok((StatusCode::CREATED, Json(finding)).into_response())
}
