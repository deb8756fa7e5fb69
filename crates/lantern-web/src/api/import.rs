//! `POST /api/v1/import/csv/{slug}` and `POST /api/v1/import/fhir`: the way a nightly sync pushes
//! the care snapshot in. Query: `dry_run=true`; for CSV `partial=true`; for FHIR `service=ID`.

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::imports;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_core::EntityKind;
use lantern_import::{csv_in, fhir};
use lantern_store::ImportOptions;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct ImportParams {
    dry_run: Option<bool>,
    partial: Option<bool>,
    service: Option<i64>,
    /// NDJSON instead of one JSON document.
    ndjson: Option<bool>,
}

fn answer(report: imports::Report) -> Response {
    let status = if report.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, Json(report.to_json())).into_response()
}

pub async fn csv(
    State(state): State<AppState>,
    user: ApiUser,
    Path(slug): Path<String>,
    Query(p): Query<ImportParams>,
    body: Bytes,
) -> Result<Response, ApiError> {
    crate::access::ensure_editor(&user.0)?;
    let kind = crate::pages::list::kind_of(&slug)?;
    let batch = csv_in::read(&format!("{slug}.csv"), kind, &body);
    let full = matches!(kind, EntityKind::Person | EntityKind::Medicine) && !p.partial.unwrap_or(false);
    let options = ImportOptions {
        dry_run: p.dry_run.unwrap_or(false),
        full: if full { vec![kind] } else { Vec::new() },
        access: user.0.access.clone(),
    };
    let report = imports::apply(&state.store, batch, options, &user.actor(), state.clock.now()).await?;
    Ok(answer(report))
}

pub async fn fhir(
    State(state): State<AppState>,
    user: ApiUser,
    Query(p): Query<ImportParams>,
    body: Bytes,
) -> Result<Response, ApiError> {
    crate::access::ensure_editor(&user.0)?;
    if let Some(service) = p.service {
        let s = state.store.get(EntityKind::Service, service).await?;
        crate::access::ensure_visible(&user.0, EntityKind::Service, s.service_id)?;
    }
    let opts = fhir::FhirOptions {
        service_id: p.service,
        file: "request body".into(),
    };
    let batch = if p.ndjson.unwrap_or(false) {
        fhir::read_ndjson(&body[..], &opts)
    } else {
        fhir::read_json(&body, &opts)
    };
    let options = ImportOptions {
        dry_run: p.dry_run.unwrap_or(false),
        full: Vec::new(),
        access: user.0.access.clone(),
    };
    let report = imports::apply(&state.store, batch, options, &user.actor(), state.clock.now()).await?;
    Ok(answer(report))
}
