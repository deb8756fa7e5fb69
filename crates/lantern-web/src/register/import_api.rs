//! `POST /api/v1/import/csv/{slug}` and `POST /api/v1/import/fhir`: the way a nightly sync pushes
//! the care snapshot in. Query: `dry_run=true`; for CSV `partial=true`; for FHIR `service=ID`
//! and `ndjson=true`. The token's right to import is checked before the body is read; the body
//! is streamed to a temporary file and imported from there (upload.rs).

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::upload::{self, IMPORT_LIMIT, JSON_DOCUMENT_LIMIT};
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_app::imports::{self, Format, ImportFile};
use lantern_core::EntityKind;
use lantern_store::ImportOptions;
use serde::Deserialize;

use super::import_json::ImportReport;

#[derive(Debug, Deserialize, Default)]
pub struct ImportParams {
    dry_run: Option<bool>,
    partial: Option<bool>,
    service: Option<i64>,
    /// NDJSON instead of one JSON document.
    ndjson: Option<bool>,
}

fn answer(report: imports::Report) -> Response {
    let status = if report.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, Json(ImportReport::from(&report))).into_response()
}

const TOO_LARGE: &str = "An import may be at most 512 MiB.";

pub async fn csv(
    State(state): State<AppState>,
    user: ApiUser,
    Path(slug): Path<String>,
    Query(p): Query<ImportParams>,
    body: Body,
) -> Result<Response, ApiError> {
    lantern_app::access::ensure_editor(&user.0)?;
    // `training-provider`: a learning platform's completions export (docs/import/training-provider.md).
    let kind = match slug.as_str() {
        "training-provider" => None,
        _ => Some(crate::register::list::kind_of(&slug)?),
    };
    let _slot = upload::import_slot()?;
    let spooled = upload::spool_body(body, IMPORT_LIMIT, TOO_LARGE).await?;
    let full = matches!(kind, Some(EntityKind::Person | EntityKind::Medicine)) && !p.partial.unwrap_or(false);
    let options = ImportOptions {
        dry_run: p.dry_run.unwrap_or(false),
        full: match kind {
            Some(k) if full => vec![k],
            _ => Vec::new(),
        },
        access: user.0.access.clone(),
    };
    let file = ImportFile {
        path: spooled.path().to_path_buf(),
        name: format!("{slug}.csv"),
        format: kind.map_or(Format::TrainingProvider, Format::Csv),
    };
    let report = imports::run(
        &state.app.store,
        imports::Request {
            files: vec![file],
            service: None,
            options,
            progress: imports::quietly(),
        },
        &user.actor(),
        state.app.clock.now(),
    )
    .await?;
    Ok(answer(report))
}

pub async fn fhir(
    State(state): State<AppState>,
    user: ApiUser,
    Query(p): Query<ImportParams>,
    body: Body,
) -> Result<Response, ApiError> {
    lantern_app::access::ensure_editor(&user.0)?;
    if let Some(service) = p.service {
        lantern_app::access::visible_service(&state.app, &user.0, service).await?;
    }
    let _slot = upload::import_slot()?;
    let ndjson = p.ndjson.unwrap_or(false);
    let spooled = if ndjson {
        upload::spool_body(body, IMPORT_LIMIT, TOO_LARGE).await?
    } else {
        let too_large = "A FHIR document sent as one JSON file may be at most 32 MiB: send a larger export as NDJSON (ndjson=true).";
        upload::spool_body(body, JSON_DOCUMENT_LIMIT, too_large).await?
    };
    let options = ImportOptions {
        dry_run: p.dry_run.unwrap_or(false),
        access: user.0.access.clone(),
        ..Default::default()
    };
    let file = ImportFile {
        path: spooled.path().to_path_buf(),
        name: "request body".into(),
        format: if ndjson { Format::Ndjson } else { Format::FhirJson },
    };
    let report = imports::run(
        &state.app.store,
        imports::Request {
            files: vec![file],
            service: p.service,
            options,
            progress: imports::quietly(),
        },
        &user.actor(),
        state.app.clock.now(),
    )
    .await?;
    Ok(answer(report))
}
