//! The reconciliation page: findings by person and severity, each resolved with an action and
//! a note; a manager signs off. Re-running (every page load) keeps resolutions whose finding
//! still exists, because a finding's key names its slot or record, not its position.

use super::display::record_url;
use super::disruption::disruption_url;
use super::list::render;
use super::{audit_view, chrome};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::disruptions::{self as run, ensure};
use crate::error::AppError;
use crate::form::FormBody;
use crate::reconciliation::{ACTIONS, Loaded, action_label};
use crate::recovery_views::{FindingView, PersonFindings, ReconciliationPage, ReportPage};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lantern_core::EntityKind;
use lantern_core::reconcile::{FindingKind, Severity};
use lantern_core::schedule::{show_moment, show_time};
use serde::Deserialize;

const RESOLVE: &str = "Your role cannot resolve findings. Ask a coordinator or manager.";
const SIGN: &str = "Only a manager can sign off a reconciliation.";
/// A sign-off covers every service the disruption affected, so it is given by a manager who
/// can see all of them.
const SIGN_ALL: &str =
    "This reconciliation covers services you do not manage: a manager who works with all of them signs it off.";

pub fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low => "low",
    }
}

/// "Clinical advice sought — GP said give now (Priya Shah, 14:02)".
pub fn resolution_text(l: &Loaded, key: &str) -> Option<String> {
    l.resolutions.get(key).map(|r| {
        let note = if r.note.is_empty() {
            String::new()
        } else {
            format!(" — {}", r.note)
        };
        format!("{}{note} ({}, {})", action_label(&r.action), r.by, show_moment(r.at))
    })
}

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
    let l = crate::reconciliation::visible(&state, &me.user, id).await?;
    audit_view(
        &state,
        &me,
        "view",
        format!("Viewed the reconciliation of disruption {id}"),
        None,
    )
    .await?;
    let mut people: Vec<PersonFindings> = Vec::new();
    for f in &l.findings {
        let view = FindingView {
            key: f.key.clone(),
            severity: f.severity.label().to_string(),
            severity_class: severity_class(f.severity),
            kind: f.kind.label().to_string(),
            explanation: f.explanation.clone(),
            next_step: f.next_step.clone(),
            resolution: resolution_text(&l, &f.key),
        };
        let name = l.person_name(f.person_id);
        match people.last_mut() {
            Some(p) if p.person == name => p.findings.push(view),
            _ => people.push(PersonFindings {
                person: name,
                person_url: record_url(EntityKind::Person, f.person_id),
                findings: vec![view],
            }),
        }
    }
    // People with a High finding first; within a person the engine already sorts by severity.
    people.sort_by_key(|p| !p.findings.iter().any(|f| f.severity_class == "high"));
    let count = |s: Severity| l.findings.iter().filter(|f| f.severity == s).count();
    let signed = l.signed_off().map(|s| {
        let note = if s.note.is_empty() {
            String::new()
        } else {
            format!(" “{}”", s.note)
        };
        format!("By {} on {}.{note}", s.by, show_moment(s.at))
    });
    let stale_sign_off = match (l.sign_offs.last(), &signed) {
        (Some(s), None) => Some(format!("Signed off by {} on {}.", s.by, show_moment(s.at))),
        _ => None,
    };
    let page = ReconciliationPage {
        chrome: chrome(&state, &me, "Reconciliation", "/disruptions").await?,
        title: l.disruption.title.clone(),
        back_url: disruption_url(id),
        entry_url: format!("/disruptions/{id}/entry"),
        report_url: format!("/disruptions/{id}/report"),
        window: format!("{} to {}", show_moment(l.period.start), show_time(l.period.end)),
        notice: p.done.map(|d| match d.as_str() {
            "signed" => "Reconciliation signed off.".to_string(),
            _ => "Resolution recorded.".to_string(),
        }),
        open: l.disruption.is_open(),
        counts: vec![
            ("high".into(), "high", count(Severity::High)),
            ("medium".into(), "medium", count(Severity::Medium)),
            ("low".into(), "low", count(Severity::Low)),
        ],
        total: l.findings.len(),
        unresolved: l.unresolved(),
        not_entered: l.findings.iter().filter(|f| f.kind == FindingKind::NotEntered).count(),
        people,
        actions: ACTIONS.to_vec(),
        resolve_url: format!("/disruptions/{id}/reconciliation/resolve"),
        sign_off_url: format!("/disruptions/{id}/reconciliation/sign-off"),
        can_resolve: me.user.role.can_run_disruptions(),
        can_sign: me.user.role.can_edit_register() && l.covers_all,
        sign_hint: if me.user.role.can_edit_register() {
            SIGN_ALL.to_string()
        } else {
            "A manager signs the reconciliation off.".to_string()
        },
        signed,
        stale_sign_off,
        export_csv_url: format!("/disruptions/{id}/export/reentry.csv"),
        export_fhir_url: format!("/disruptions/{id}/export/reentry.fhir.json"),
    };
    render(&page, StatusCode::OK)
}

pub async fn resolve(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    ensure(me.user.role.can_run_disruptions(), RESOLVE)?;
    let l = crate::reconciliation::visible(&state, &me.user, id).await?;
    let key = form.get("key").unwrap_or("");
    if !l.findings.iter().any(|f| f.key == key) {
        return Err(AppError::NotFound(
            "That finding is no longer there: reload the page".into(),
        ));
    }
    let action = form.get("action").unwrap_or("");
    if !ACTIONS.iter().any(|(c, _)| *c == action) {
        return Err(AppError::invalid("action", "choose what was done"));
    }
    let note = run::check_len("note", form.get("note").unwrap_or(""), 2000)?;
    if action == "no_action" && note.is_empty() {
        return Err(AppError::invalid("note", "say why no action is needed"));
    }
    state
        .store
        .resolve_finding(id, key, action, &note, &me.actor(), state.clock.now())
        .await?;
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
    let l = crate::reconciliation::visible(&state, &me.user, id).await?;
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
        .store
        .sign_off(id, &note, &keys, &me.actor(), state.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/disruptions/{id}/reconciliation?done=signed")).into_response())
}

/// The downtime report as a page; the PDF and the API give the same document.
pub async fn report(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> Result<Response, AppError> {
    let l = crate::reconciliation::visible(&state, &me.user, id).await?;
    let doc = crate::report::build(&state.store, &l, state.clock.now(), &me.user.name).await?;
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
    let l = crate::reconciliation::visible(&state, &me.user, id).await?;
    let now = state.clock.now();
    let doc = crate::report::build(&state.store, &l, now, &me.user.name).await?;
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
    let l = crate::reconciliation::visible(&state, &me.user, id).await?;
    let doses = crate::report::reentry(&state.store, &l).await?;
    let response = match format.as_str() {
        "reentry.csv" => attachment(
            "text/csv; charset=utf-8",
            format!("reentry-{id}.csv"),
            lantern_import::reentry_csv(&doses),
        ),
        "reentry.fhir.json" => {
            let organisation = state.store.organisation().await?.unwrap_or_default();
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
