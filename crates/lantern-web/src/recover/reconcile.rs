//! The reconciliation page: findings by person and severity, each resolved with an action and
//! a note; a manager signs off. Re-running (every page load) keeps resolutions whose finding
//! still exists, because a finding's key names its slot or record, not its position.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::audit_view;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::recover::reconcile_view::{self, Shown, Typed};
use crate::recover::recovery_views::ReportPage;
use crate::register::list::render;
use crate::respond::disruption::disruption_url;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::reconciliation::Loaded;
use lantern_app::recovery_ops::{self, ReentryFormat};
use lantern_core::reconcile::Severity;
use serde::Deserialize;

pub fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low => "low",
    }
}

/// "Clinical advice sought — GP said give now (Priya Shah, 14:02)".
#[derive(Debug, Deserialize, Default)]
pub struct Params {
    done: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(p): Query<Params>,
) -> Result<Response, AppError> {
    let l = lantern_app::reconciliation::visible(&state.app, &me.user, id).await?;
    let shown = Shown {
        notice: p.done.map(|d| match d.as_str() {
            "signed" => "Reconciliation signed off.".to_string(),
            _ => "Resolution recorded.".to_string(),
        }),
        ..Shown::default()
    };
    show(&state, &me, &l, shown, StatusCode::OK).await
}

/// The page, audited as a view of the people on it.
async fn show(
    state: &AppState,
    me: &CurrentUser,
    l: &Loaded,
    shown: Shown,
    status: StatusCode,
) -> Result<Response, AppError> {
    let id = l.disruption.id;
    audit_view(
        state,
        me,
        "view",
        format!("Viewed the reconciliation of disruption {id}"),
        None,
    )
    .await?;
    let chrome = chrome(state, me, "Reconciliation", "/disruptions").await?;
    let role = me.user.role;
    let page = reconcile_view::build(l, chrome, shown, role.can_run_disruptions(), role.can_edit_register());
    render(&page, status)
}

/// Records a resolution. One that is refused comes back on the reconciliation page, with the
/// reason beside that finding's field and what was typed still in it: a manager working down a
/// long list must never lose their place or their words.
pub async fn resolve(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let key = form.get("key").unwrap_or("");
    let action = form.get("action").unwrap_or("");
    let note = form.get("note").unwrap_or("");
    match recovery_ops::resolve(&state.app, &me.user, &me.actor(), id, key, action, note).await {
        Ok(()) => {}
        Err((lantern_app::Error::Invalid(fields), Some(l))) => {
            let (field, message) = fields
                .0
                .iter()
                .next()
                .map(|(f, m)| (f.clone(), m.clone()))
                .unwrap_or_default();
            let typed = Typed {
                key: key.to_string(),
                action: action.to_string(),
                note: note.to_string(),
                field,
                message,
            };
            let shown = Shown {
                typed: Some(typed),
                ..Shown::default()
            };
            return show(&state, &me, &l, shown, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err((lantern_app::Error::NotFound(message), Some(l))) => {
            let shown = Shown {
                alert: Some(message),
                ..Shown::default()
            };
            return show(&state, &me, &l, shown, StatusCode::NOT_FOUND).await;
        }
        Err((e, _)) => return Err(AppError::from(e)),
    }
    Ok(Redirect::to(&format!("/disruptions/{id}/reconciliation?done=resolved#f-{key}")).into_response())
}

pub async fn sign_off(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    recovery_ops::sign_off(&state.app, &me.user, &me.actor(), id, form.get("note").unwrap_or("")).await?;
    Ok(Redirect::to(&format!("/disruptions/{id}/reconciliation?done=signed")).into_response())
}

/// The downtime report as a page; the PDF and the API give the same document.
pub async fn report(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> Result<Response, AppError> {
    let doc = recovery_ops::report(&state.app, &me.user, &me.actor(), id).await?;
    let page = ReportPage {
        chrome: chrome(&state, &me, &doc.title, "/disruptions").await?,
        doc,
        back_url: disruption_url(id),
        pdf_url: format!("/disruptions/{id}/report.pdf"),
        reconciliation_url: format!("/disruptions/{id}/reconciliation"),
    };
    render(&page, StatusCode::OK)
}

/// The downtime report as a PDF (lantern-pdf's report template), made now.
pub async fn report_pdf(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (file, pdf) = recovery_ops::report_pdf(&state.app, &me.user, &me.actor(), id).await?;
    Ok(crate::download::attachment("application/pdf", &file, pdf))
}

/// The entered dose records for the care system: CSV, or a FHIR MedicationAdministration bundle.
pub async fn reentry(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, format)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let format =
        ReentryFormat::from_file(&format).ok_or_else(|| AppError::NotFound("There is no such export.".into()))?;
    let file = recovery_ops::reentry(&state.app, &me.user, &me.actor(), id, format).await?;
    Ok(crate::download::attachment(file.content_type, &file.name, file.bytes))
}
