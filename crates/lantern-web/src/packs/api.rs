//! The downtime packs through the API, by the same operations and rules as the packs pages
//! (lantern-app's `pack_ops`): their state, building a version, recording a check of the
//! printed pack, downloading a version's PDF.

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_app::pack_ops;
use serde::Deserialize;

use super::api_json::{PackBuilt, PackCheckJson, PackDetail, PackList, PackState, PackVersion};

/// Every pack of the services the token's user looks after.
pub async fn list(State(state): State<AppState>, user: ApiUser) -> Result<Response, ApiError> {
    let items = pack_ops::summaries(&state.app, &user.0)
        .await?
        .into_iter()
        .map(|s| PackState::of(s.service.id, s.service.record.title(), &s.pack, s.check_overdue))
        .collect();
    Ok(Json(PackList { items }).into_response())
}

/// One service's pack: its state, versions and checks, and what the user may do.
pub async fn get(State(state): State<AppState>, user: ApiUser, Path(service): Path<i64>) -> Result<Response, ApiError> {
    let d = pack_ops::detail(&state.app, &user.0, &user.actor(), service).await?;
    let overdue = d.pack.next_check_due.is_some_and(|due| state.app.clock.now() > due);
    let out = PackDetail {
        state: PackState::of(service, d.service.record.title(), &d.pack, overdue),
        versions: d.versions.iter().map(PackVersion::from).collect(),
        checks: d.checks.iter().map(PackCheckJson::from).collect(),
        days: d.days,
        may_build: d.may_build,
        may_check: d.may_check,
    };
    Ok(Json(out).into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct BuildBody {
    /// The first day the pack covers (YYYY-MM-DD or DD/MM/YYYY); today when absent.
    day: Option<String>,
}

pub async fn build(
    State(state): State<AppState>,
    user: ApiUser,
    Path(service): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let b: BuildBody = if bytes.is_empty() {
        BuildBody::default()
    } else {
        crate::api::body(&bytes)?
    };
    let built = pack_ops::build(&state.app, &user.0, &user.actor(), service, b.day.as_deref()).await?;
    let latest = state.app.store.packs(service).await?.into_iter().next();
    Ok((
        StatusCode::CREATED,
        Json(PackBuilt {
            service_id: built.service_id,
            version: built.version,
            pages: built.pages,
            pack: latest.as_ref().map(PackVersion::from),
        }),
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckBody {
    /// What the check of the printed pack found wrong; empty when nothing.
    #[serde(default)]
    problems: String,
    /// The emergency-contact sheet was compared with the care records.
    #[serde(default)]
    contacts_verified: bool,
}

pub async fn record_check(
    State(state): State<AppState>,
    user: ApiUser,
    Path(service): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let b: CheckBody = crate::api::body(&bytes)?;
    let c = pack_ops::record_check(&state.app, &user.0, service, &b.problems, b.contacts_verified).await?;
    Ok((StatusCode::CREATED, Json(PackCheckJson::from(&c))).into_response())
}

pub async fn pdf(
    State(state): State<AppState>,
    user: ApiUser,
    Path((service, version)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (file, pdf) = pack_ops::download(&state.app, &user.0, &user.actor(), service, version).await?;
    Ok(crate::download::attachment("application/pdf", &file, pdf))
}
