//! The outage what-if through the API, by lantern-app's `what_if::run`.

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use lantern_app::what_if::{self, Ask};
use lantern_core::disruption::DisruptionKind;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatIfBody {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    systems: Vec<i64>,
    #[serde(default)]
    services: Vec<i64>,
    start: String,
    hours: i64,
}

pub async fn what_if(State(state): State<AppState>, user: ApiUser, bytes: Bytes) -> Result<Response, ApiError> {
    let b: WhatIfBody = crate::api::body(&bytes)?;
    let kind = match b.kind.as_deref() {
        None | Some("") => DisruptionKind::SupplierOutage,
        Some(code) => DisruptionKind::parse_code(code).map_err(|e| AppError::invalid("kind", e))?,
    };
    let start = lantern_core::schedule::parse_moment(&b.start).map_err(|e| AppError::invalid("start", e))?;
    let ask = Ask {
        kind,
        systems: b.systems,
        services: b.services,
        start,
        hours: b.hours,
    };
    Ok(Json(what_if::run(&state.app, &user.0.access, &user.actor(), &ask).await?).into_response())
}
