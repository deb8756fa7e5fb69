//! After the outage through the API, by the same operations and rules as the pages
//! (lantern-app's `recovery_ops`): resolving findings and signing off (a refusal is a 422
//! naming the field), the downtime report as a PDF, the dose records for re-entry.

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_app::recovery_ops::{self, ReentryFormat};
use serde::Deserialize;

use super::api_json::{Reconciliation, ReconciliationFinding};
use super::report_json::Report;

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
    let b: ResolveBody = crate::api::body(&bytes)?;
    recovery_ops::resolve(&state.app, &user.0, &user.actor(), id, &b.key, &b.action, &b.note)
        .await
        .map_err(|(e, _)| AppError::from(e))?;
    let l = lantern_app::reconciliation::visible(&state.app, &user.0, id).await?;
    // Null if the finding went in the meantime (the records changed).
    let finding: Option<ReconciliationFinding> = Reconciliation::from(&l).findings.into_iter().find(|f| f.key == b.key);
    Ok((StatusCode::CREATED, Json(finding)).into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SignOffBody {
    #[serde(default)]
    note: String,
}

/// Signs the reconciliation off; answers it as it now stands.
pub async fn sign_off(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let b: SignOffBody = if bytes.is_empty() {
        SignOffBody::default()
    } else {
        crate::api::body(&bytes)?
    };
    recovery_ops::sign_off(&state.app, &user.0, &user.actor(), id, &b.note).await?;
    let l = lantern_app::reconciliation::visible(&state.app, &user.0, id).await?;
    Ok((StatusCode::CREATED, Json(Reconciliation::from(&l))).into_response())
}

/// The downtime report as data (the page and the PDF lay out the same document).
pub async fn report(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let doc = recovery_ops::report(&state.app, &user.0, &user.actor(), id).await?;
    Ok(Json(Report::from(doc)).into_response())
}

pub async fn report_pdf(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (file, pdf) = recovery_ops::report_pdf(&state.app, &user.0, &user.actor(), id).await?;
    Ok(crate::download::attachment("application/pdf", &file, pdf))
}

/// `reentry.csv` or `reentry.fhir.json`: the dose records entered from paper.
pub async fn reentry(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let format = ReentryFormat::from_file(&file).ok_or_else(|| {
        AppError::NotFound("There is no such export: ask for reentry.csv or reentry.fhir.json.".into())
    })?;
    let f = recovery_ops::reentry(&state.app, &user.0, &user.actor(), id, format).await?;
    Ok(crate::download::attachment(f.content_type, &f.name, f.bytes))
}
