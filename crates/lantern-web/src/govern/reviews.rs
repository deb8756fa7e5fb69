//! The post-incident review page of a closed disruption or a held drill: four sections drafted
//! from the record, saved as a draft or completed, with the actions it raised and a link to the
//! risks it tested. A refused save shows everything typed again (422). The API is beside it.

use crate::AppState;
use crate::auth::ApiUser;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::ApiError;
use crate::error::AppError;
use crate::form::FormBody;
use crate::govern::drills::{ActionLine, action_lines};
use crate::register::list::render_form;
use crate::views::Chrome;
use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::incident_reviews::{self, IncidentReviewInput, Reviewing};
use lantern_app::risks::Tested;
use lantern_core::FieldErrors;
use lantern_core::govern::incident_review::{ReviewStatus, SECTIONS};
use lantern_core::schedule::show_moment;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone)]
pub struct Section {
    pub field: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub rows: usize,
    pub text: String,
}

fn hint(field: &str) -> &'static str {
    match field {
        "what_happened" => "Drafted from the record: correct it and add what the record does not say.",
        "went_well" => "What people did that kept care safe, so it is done again.",
        "weaknesses" => "What did not work, or was missing: a sheet out of date, a number nobody had.",
        _ => "What will change because of this. Raise an action for each, below.",
    }
}

#[derive(Template)]
#[template(path = "incident_review.html")]
pub struct ReviewPage {
    pub chrome: Chrome,
    pub noun: &'static str,
    pub back_url: String,
    pub action: String,
    pub title: String,
    pub started: bool,
    pub complete: bool,
    pub status_line: String,
    pub not_yet: Option<&'static str>,
    pub can_write: bool,
    pub version: i64,
    pub sections: Vec<Section>,
    pub errors: FieldErrors,
    pub notice: Option<&'static str>,
    pub actions: Vec<ActionLine>,
    pub raise_url: Option<String>,
    /// The governance log's new entry, about this disruption or drill (for its lessons).
    pub log_url: String,
}

fn status_line(r: &Reviewing) -> String {
    match &r.saved {
        None => "Nobody has started it.".into(),
        Some(s) => match (s.status, &s.completed_by, s.completed_at) {
            (ReviewStatus::Complete, Some(by), Some(at)) => format!("Completed by {by}, {}", show_moment(at)),
            _ => format!("Last saved by {}, {}", s.updated_by, show_moment(s.updated_at)),
        },
    }
}

/// Where "Raise an action" goes: the action form, prefilled with where it comes from.
fn raise_url(r: &Reviewing) -> String {
    let service = r
        .subject
        .service_id
        .map(|s| format!("&service_id={s}"))
        .unwrap_or_default();
    match r.subject.tested {
        Tested::Disruption(id) => format!("/actions/new?raised_from=incident_review&disruption_id={id}{service}"),
        Tested::Drill(id) => format!("/actions/new?raised_from=incident_review&drill_id={id}{service}"),
    }
}

async fn review_page(
    state: &AppState,
    me: &CurrentUser,
    tested: Tested,
    typed: Option<&IncidentReviewInput>,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> Result<Response, AppError> {
    let r = incident_reviews::open(&state.app, &me.user, &me.actor(), tested).await?;
    let text = typed.map_or_else(|| r.text.clone(), IncidentReviewInput::text);
    let can_write = me.user.role.can_edit_register() && r.subject.not_yet.is_none();
    let section = match tested {
        Tested::Disruption(_) => "/disruptions",
        Tested::Drill(_) => "/drills",
    };
    let page = ReviewPage {
        chrome: chrome(state, me, &format!("Review: {}", r.subject.title), section).await?,
        noun: tested.noun(),
        back_url: tested.url(),
        action: format!("{}/review", tested.url()),
        title: format!("Review: {}", r.subject.title),
        started: r.saved.is_some(),
        complete: r.saved.as_ref().is_some_and(|s| s.status == ReviewStatus::Complete),
        status_line: status_line(&r),
        not_yet: r.subject.not_yet,
        can_write,
        // A refused save keeps the version it was typed over, so saving again still checks it.
        version: typed.map_or_else(|| r.saved.as_ref().map_or(0, |s| s.version), |t| t.version),
        sections: SECTIONS
            .iter()
            .map(|(field, label)| Section {
                field,
                label,
                hint: hint(field),
                rows: if *field == "what_happened" { 10 } else { 4 },
                text: text.section(field).to_string(),
            })
            .collect(),
        errors,
        notice,
        raise_url: can_write.then(|| raise_url(&r)),
        log_url: match tested {
            Tested::Disruption(id) => format!("/governance?about_kind=disruption&about_id={id}"),
            Tested::Drill(id) => format!("/governance?about_kind=drills&about_id={id}"),
        },
        actions: action_lines(state, r.actions).await,
    };
    render_form(&page, &page.errors)
}

#[derive(Debug, Deserialize, Default)]
pub struct Saved {
    saved: Option<String>,
}

async fn show(state: &AppState, me: &CurrentUser, tested: Tested, q: Saved) -> Result<Response, AppError> {
    let notice = q.saved.map(|s| match s.as_str() {
        "complete" => "The review is complete.",
        _ => "The draft is saved.",
    });
    review_page(state, me, tested, None, FieldErrors::default(), notice).await
}

async fn save(state: &AppState, me: &CurrentUser, tested: Tested, body: &Bytes) -> Result<Response, AppError> {
    let form = FormBody::parse(body);
    me.check_csrf(form.get("csrf"))?;
    let get = |k: &str| form.get(k).unwrap_or("").to_string();
    let input = IncidentReviewInput {
        version: form.get("version").and_then(|v| v.parse().ok()).unwrap_or(0),
        what_happened: get("what_happened"),
        went_well: get("went_well"),
        weaknesses: get("weaknesses"),
        lessons: get("lessons"),
        complete: form.get("complete") == Some("yes"),
    };
    match incident_reviews::save(&state.app, &me.user, &me.actor(), tested, &input).await {
        Ok(saved) => {
            let how = if saved.status == ReviewStatus::Complete {
                "complete"
            } else {
                "draft"
            };
            Ok(Redirect::to(&format!("{}/review?saved={how}", tested.url())).into_response())
        }
        Err(lantern_app::Error::Invalid(errors)) => review_page(state, me, tested, Some(&input), errors, None).await,
        Err(e) => Err(e.into()),
    }
}

/// `GET /disruptions/{id}/review`.
pub async fn disruption(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> Result<Response, AppError> {
    show(&state, &me, Tested::Disruption(id), q).await
}

/// `POST /disruptions/{id}/review`.
pub async fn save_disruption(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    save(&state, &me, Tested::Disruption(id), &body).await
}

/// `GET /drills/{id}/review`.
pub async fn drill(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> Result<Response, AppError> {
    show(&state, &me, Tested::Drill(id), q).await
}

/// `POST /drills/{id}/review`.
pub async fn save_drill(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    save(&state, &me, Tested::Drill(id), &body).await
}

/// A review through the API: its sections, status, version (send it back to save), who and
/// when, and the actions it raised.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentReviewJson {
    /// `not_started`, `draft` or `complete`.
    pub status: String,
    /// Why it cannot be written yet (the disruption is open, the drill planned); null when it can.
    pub not_yet: Option<String>,
    pub version: i64,
    pub what_happened: String,
    pub went_well: String,
    pub weaknesses: String,
    pub lessons: String,
    pub updated_by: Option<String>,
    #[schema(schema_with = crate::api::schema::moment_or_null)]
    pub updated_at: Option<jiff::Timestamp>,
    pub completed_by: Option<String>,
    #[schema(schema_with = crate::api::schema::moment_or_null)]
    pub completed_at: Option<jiff::Timestamp>,
    /// The ids of the actions raised from it.
    pub actions: Vec<i64>,
}

impl From<Reviewing> for IncidentReviewJson {
    fn from(r: Reviewing) -> Self {
        let saved = r.saved.as_ref();
        IncidentReviewJson {
            status: saved.map_or("not_started", |s| s.status.code()).into(),
            not_yet: r.subject.not_yet.map(str::to_string),
            version: saved.map_or(0, |s| s.version),
            what_happened: r.text.what_happened,
            went_well: r.text.went_well,
            weaknesses: r.text.weaknesses,
            lessons: r.text.lessons,
            updated_by: saved.map(|s| s.updated_by.clone()),
            updated_at: saved.map(|s| s.updated_at),
            completed_by: saved.and_then(|s| s.completed_by.clone()),
            completed_at: saved.and_then(|s| s.completed_at),
            actions: r.actions.iter().map(|a| a.id).collect(),
        }
    }
}

async fn api_get(state: &AppState, user: &ApiUser, tested: Tested) -> Result<Response, ApiError> {
    let r = incident_reviews::open(&state.app, &user.0, &user.actor(), tested).await?;
    Ok(Json(IncidentReviewJson::from(r)).into_response())
}

async fn api_put(state: &AppState, user: &ApiUser, tested: Tested, bytes: &Bytes) -> Result<Response, ApiError> {
    let input: IncidentReviewInput = crate::api::body(bytes)?;
    incident_reviews::save(&state.app, &user.0, &user.actor(), tested, &input).await?;
    api_get(state, user, tested).await
}

/// `GET /api/v1/disruptions/{id}/review`.
pub async fn api_disruption(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    api_get(&state, &user, Tested::Disruption(id)).await
}

/// `PUT /api/v1/disruptions/{id}/review`.
pub async fn api_save_disruption(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    api_put(&state, &user, Tested::Disruption(id), &bytes).await
}

/// `GET /api/v1/drills/{id}/review`.
pub async fn api_drill(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    api_get(&state, &user, Tested::Drill(id)).await
}

/// `PUT /api/v1/drills/{id}/review`.
pub async fn api_save_drill(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    api_put(&state, &user, Tested::Drill(id), &bytes).await
}
