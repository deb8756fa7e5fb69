//! The reconciliation page: findings by person and severity, each resolved with an action and
//! a note; a manager signs off. Re-running (every page load) keeps resolutions whose finding
//! still exists, because a finding's key names its slot or record, not its position.

use super::disruption::disruption_url;
use super::list::render;
use super::reconcile_view::{self, Shown, Typed};
use super::{audit_view, chrome};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::disruptions::{self as run, ensure};
use crate::error::AppError;
use crate::form::FormBody;
use crate::reconciliation::{Loaded, Resolution};
use crate::recovery_views::ReportPage;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lantern_core::reconcile::Severity;
use serde::Deserialize;

pub(crate) const RESOLVE: &str = "Your role cannot resolve findings. Ask a coordinator or manager.";
const SIGN: &str = "Only a manager can sign off a reconciliation.";
/// A sign-off covers every service the disruption affected, so it is given by a manager who
/// can see all of them.
pub(super) const SIGN_ALL: &str =
    "This reconciliation covers services you do not manage: a manager who works with all of them signs it off.";

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
    let l = crate::reconciliation::visible(&state.app, &me.user, id).await?;
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
    ensure(me.user.role.can_run_disruptions(), RESOLVE)?;
    let l = crate::reconciliation::visible(&state.app, &me.user, id).await?;
    let key = form.get("key").unwrap_or("");
    let action = form.get("action").unwrap_or("");
    let note = form.get("note").unwrap_or("");
    match Resolution::check(&l, key, action, note) {
        Ok(r) => r.save(&state.app, id, &me.actor()).await?,
        Err(lantern_app::Error::Invalid(fields)) => {
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
        Err(lantern_app::Error::NotFound(message)) => {
            let shown = Shown {
                alert: Some(message),
                ..Shown::default()
            };
            return show(&state, &me, &l, shown, StatusCode::NOT_FOUND).await;
        }
        Err(e) => return Err(AppError::from(e)),
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
    ensure(me.user.role.can_edit_register(), SIGN)?;
    let l = crate::reconciliation::visible(&state.app, &me.user, id).await?;
    ensure(l.covers_all, SIGN_ALL)?;
    if l.unresolved() > 0 {
        return Err(AppError::Conflict(format!(
            "{} findings are not resolved yet: resolve them before signing off",
            l.unresolved()
        )));
    }
    let note = run::check_len("note", form.get("note").unwrap_or(""), 2000)?;
    let keys: Vec<String> = l.findings.iter().map(|f| f.key.clone()).collect();
    state
        .app
        .store
        .sign_off(id, &note, &keys, &me.actor(), state.app.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/disruptions/{id}/reconciliation?done=signed")).into_response())
}

/// The downtime report as a page; the PDF and the API give the same document.
pub async fn report(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> Result<Response, AppError> {
    let l = crate::reconciliation::visible(&state.app, &me.user, id).await?;
    let doc = crate::report::build(&state.app.store, &l, state.app.clock.now(), &me.user.name).await?;
    audit_view(
        &state,
        &me,
        "view",
        format!("Viewed the downtime report of disruption {id}"),
        None,
    )
    .await?;
    let page = ReportPage {
        chrome: chrome(&state, &me, &doc.title, "/disruptions").await?,
        doc,
        back_url: disruption_url(id),
        pdf_url: format!("/disruptions/{id}/report.pdf"),
        reconciliation_url: format!("/disruptions/{id}/reconciliation"),
    };
    render(&page, StatusCode::OK)
}

fn attachment(content_type: &str, file: String, body: Vec<u8>) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
            (axum::http::header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// The downtime report as a PDF (lantern-pdf's report template), made now.
pub async fn report_pdf(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let l = crate::reconciliation::visible(&state.app, &me.user, id).await?;
    let now = state.app.clock.now();
    let doc = crate::report::build(&state.app.store, &l, now, &me.user.name).await?;
    let permit = crate::packs::RENDERING.acquire().await.map_err(AppError::internal)?;
    let rendered = tokio::task::spawn_blocking(move || lantern_pdf::render_report(&doc, now))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    drop(permit);
    audit_view(
        &state,
        &me,
        "download",
        format!("Downloaded the downtime report of disruption {id}"),
        None,
    )
    .await?;
    Ok(attachment(
        "application/pdf",
        format!("downtime-report-{id}.pdf"),
        rendered.pdf,
    ))
}

/// The entered dose records for the care system: CSV, or a FHIR MedicationAdministration bundle.
pub async fn reentry(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, format)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let l = crate::reconciliation::visible(&state.app, &me.user, id).await?;
    let doses = crate::report::reentry(&state.app.store, &l).await?;
    let response = match format.as_str() {
        "reentry.csv" => attachment(
            "text/csv; charset=utf-8",
            format!("reentry-{id}.csv"),
            lantern_import::reentry_csv(&doses),
        ),
        "reentry.fhir.json" => {
            let organisation = state.app.store.organisation().await?.unwrap_or_default();
            let bundle = lantern_import::reentry_fhir(&doses, &organisation);
            let body = serde_json::to_vec_pretty(&bundle).map_err(AppError::internal)?;
            attachment("application/fhir+json", format!("reentry-{id}.fhir.json"), body)
        }
        _ => return Err(AppError::NotFound("There is no such export.".into())),
    };
    audit_view(
        &state,
        &me,
        "export",
        format!(
            "Exported {} dose records of disruption {id} for re-entry ({format})",
            doses.len()
        ),
        None,
    )
    .await?;
    Ok(response)
}
