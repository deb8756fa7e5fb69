//! The upload page: a CSV file in a template, or a FHIR bundle, checked or imported.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::register::list::{form_status, render};
use crate::views::{ImportPage, ImportReportView};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantern_app::access::{services_for, visible_service};
use lantern_app::imports::{self, Format, ImportFile};
use lantern_core::EntityKind;
use lantern_store::ImportOptions;

async fn page(
    state: &AppState,
    me: &CurrentUser,
    report: Option<ImportReportView>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let mut formats: Vec<(String, String)> = EntityKind::ALL
        .iter()
        .map(|k| {
            (
                k.slug().to_string(),
                format!("CSV: {}.csv ({})", k.slug(), k.spec().plural_in_text()),
            )
        })
        .collect();
    formats.push(("fhir".into(), "FHIR R4 bundle or resource (.json)".into()));
    formats.push(("ndjson".into(), "FHIR NDJSON (.ndjson)".into()));
    formats.push((
        "training-provider".into(),
        "Training completions exported by a learning platform (.csv)".into(),
    ));
    let services = services_for(&state.app, &me.user)
        .await?
        .into_iter()
        .map(|s| (s.id, s.record.title()))
        .collect();
    let view = ImportPage {
        chrome: chrome(state, me, "Import", "/import").await?,
        formats,
        services,
        report,
    };
    render(&view, status)
}

pub async fn form(State(state): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    lantern_app::access::ensure_editor(&me.user)?;
    page(&state, &me, None, StatusCode::OK).await
}

fn bad(message: &str) -> AppError {
    AppError::BadRequest {
        code: "bad_upload",
        message: message.into(),
    }
}

/// The upload: the user's right to import is checked before the body is read, the form's
/// token before the file is, and the file is streamed to a temporary file (upload.rs).
pub async fn upload(
    State(state): State<AppState>,
    me: CurrentUser,
    mut parts: Multipart,
) -> Result<Response, AppError> {
    lantern_app::access::ensure_editor(&me.user)?;
    let _slot = crate::upload::import_slot()?;
    let (mut csrf, mut format, mut service, mut dry_run, mut file) = (None, String::new(), None, false, None);
    while let Some(part) = parts
        .next_field()
        .await
        .map_err(|_| bad("The upload was cut short. Try again."))?
    {
        let name = part.name().unwrap_or_default().to_string();
        if name == "file" {
            // The page puts the token first: a file without it is not read at all.
            me.check_csrf(csrf.as_deref())?;
            let file_name = part.file_name().unwrap_or("upload").to_string();
            let too_large = "The file is larger than 512 MiB. Split it, or ask for help importing it.";
            let spooled = crate::upload::spool_field(part, crate::upload::IMPORT_LIMIT, too_large).await?;
            file = Some((file_name, spooled));
            continue;
        }
        let value = part.text().await.unwrap_or_default();
        match name.as_str() {
            "csrf" => csrf = Some(value),
            "format" => format = value,
            "service" => service = value.parse::<i64>().ok(),
            "dry_run" => dry_run = true,
            _ => {}
        }
    }
    me.check_csrf(csrf.as_deref())?;
    let (file_name, spooled) = file.ok_or_else(|| bad("Choose a file to upload."))?;
    if let Some(s) = service {
        visible_service(&state.app, &me.user, s).await?;
    }
    let (format, full) = match format.as_str() {
        "fhir" => {
            if spooled.bytes > crate::upload::JSON_DOCUMENT_LIMIT {
                return Err(AppError::TooLarge(
                    "A FHIR file of one JSON document may be at most 32 MiB: upload a larger export as NDJSON.".into(),
                ));
            }
            (Format::FhirJson, Vec::new())
        }
        "ndjson" => (Format::Ndjson, Vec::new()),
        "training-provider" => (Format::TrainingProvider, Vec::new()),
        slug => {
            let kind = EntityKind::from_slug(slug).ok_or_else(|| bad("Choose what the file is."))?;
            let full = if matches!(kind, EntityKind::Person | EntityKind::Medicine) {
                vec![kind]
            } else {
                Vec::new()
            };
            (Format::Csv(kind), full)
        }
    };
    let file = ImportFile {
        path: spooled.path().to_path_buf(),
        name: file_name,
        format,
    };
    let options = ImportOptions {
        dry_run,
        full,
        access: me.user.access.clone(),
    };
    let report = imports::run(
        &state.app.store,
        imports::Request {
            files: vec![file],
            service,
            options,
            progress: imports::quietly(),
        },
        &me.actor(),
        state.app.clock.now(),
    )
    .await?;
    let lines = report.summary.as_ref().map(|s| s.lines()).unwrap_or_default();
    let not_used = report
        .not_used
        .iter()
        .map(|(k, n)| format!("{n} × {k}"))
        .collect::<Vec<_>>()
        .join(", ");
    let status = form_status(!report.problems.is_empty());
    let view = ImportReportView {
        dry_run: report.dry_run,
        lines,
        errors: report.errors(),
        not_used,
    };
    page(&state, &me, Some(view), status).await
}
