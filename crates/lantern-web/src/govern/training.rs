//! The training page: coverage per service (rows) and course (columns) against the
//! organisation's threshold, each cell linking to who is due, overdue or never trained; and
//! its API. Everything comes from lantern-app's `training::coverage`, limited to the user's
//! services.

use crate::AppState;
use crate::auth::{ApiUser, CurrentUser};
use crate::chrome::chrome;
use crate::error::{ApiError, AppError};
use crate::register::list::render;
use crate::views::{Chrome, SelectOption};
use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_app::training::{self, Coverage, CoverageCell, StaffToTrain};
use serde::Deserialize;

#[derive(Debug, Clone)]
pub struct CellView {
    pub course: String,
    /// "19 of 20 · 95%", or "No staff" when the course applies to nobody there.
    pub figure: String,
    pub meets: bool,
    pub counted: usize,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct RowView {
    pub service: String,
    pub cells: Vec<CellView>,
}

#[derive(Template)]
#[template(path = "training.html")]
pub struct TrainingPage {
    pub chrome: Chrome,
    pub threshold: u8,
    pub window_months: u8,
    pub day: String,
    pub courses: Vec<String>,
    pub rows: Vec<RowView>,
    pub services: Vec<SelectOption>,
    pub can_set: bool,
    /// Cells below the threshold, in words, for the summary above the table.
    pub below: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PersonView {
    pub name: String,
    pub url: String,
    pub standing: String,
    pub detail: String,
    pub urgent: bool,
}

#[derive(Template)]
#[template(path = "training_cell.html")]
pub struct CellPage {
    pub chrome: Chrome,
    pub service: String,
    pub course: String,
    pub figure: String,
    pub meets: bool,
    pub threshold: u8,
    pub people: Vec<PersonView>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    service: Option<String>,
}

fn figure(c: &CoverageCell) -> String {
    match c.percent {
        Some(p) => format!("{} of {} · {p}%", c.covered, c.counted),
        None => "No staff".into(),
    }
}

fn day(d: jiff::civil::Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

/// The service asked for, when it is a number (anything else is "all of mine").
fn chosen(p: &Params) -> Option<i64> {
    p.service.as_deref().and_then(|s| s.trim().parse().ok())
}

pub async fn page(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(p): Query<Params>,
) -> Result<Response, AppError> {
    let only = chosen(&p);
    let all = training::coverage(&state.app, &me.user, &me.actor(), None).await?;
    let mut cov = all.clone();
    if let Some(s) = only {
        if !all.services.iter().any(|x| x.id == s) {
            return Err(AppError::NotFound("There is no such service.".into()));
        }
        cov.services.retain(|x| x.id == s);
        cov.cells.retain(|c| c.service_id == s);
    }
    let services = all
        .services
        .iter()
        .map(|s| SelectOption {
            value: s.id.to_string(),
            label: s.name.clone(),
            selected: only == Some(s.id),
        })
        .collect();
    let mut below = Vec::new();
    let rows = cov
        .services
        .iter()
        .map(|s| RowView {
            service: s.name.clone(),
            cells: cov
                .courses
                .iter()
                .filter_map(|c| {
                    let cell = cov.cell(s.id, c.id)?;
                    if !cell.meets_threshold {
                        below.push(format!("{}: {} ({})", s.name, c.name, figure(cell)));
                    }
                    Some(CellView {
                        course: c.name.clone(),
                        figure: figure(cell),
                        meets: cell.meets_threshold,
                        counted: cell.counted,
                        url: format!("/training/{}/{}", s.id, c.id),
                    })
                })
                .collect(),
        })
        .collect();
    let page = TrainingPage {
        chrome: chrome(&state, &me, "Training coverage", "/training").await?,
        threshold: cov.threshold_percent,
        window_months: cov.window_months,
        day: day(cov.day),
        courses: cov.courses.iter().map(|c| c.name.clone()).collect(),
        rows,
        services,
        can_set: lantern_app::settings::may_change(&me.user),
        below,
    };
    render(&page, StatusCode::OK)
}

fn person(p: &StaffToTrain) -> PersonView {
    let (standing, detail, urgent) = match p.standing.as_str() {
        "due" => (
            "Due",
            p.expires.map(|e| format!("Runs out {}", day(e))).unwrap_or_default(),
            false,
        ),
        "overdue" => (
            "Overdue",
            p.expires.map(|e| format!("Ran out {}", day(e))).unwrap_or_default(),
            true,
        ),
        _ => ("Never trained", "No completion recorded".to_string(), true),
    };
    PersonView {
        name: p.name.clone(),
        url: format!("/staff/{}", p.staff_id),
        standing: standing.into(),
        detail,
        urgent,
    }
}

/// One cell: the service's staff who need the course booked.
pub async fn cell(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((service, course)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let cov: Coverage = training::coverage(&state.app, &me.user, &me.actor(), Some(service)).await?;
    let not_found = || AppError::NotFound("There is no such course for this service.".into());
    let cell = cov.cell(service, course).ok_or_else(not_found)?;
    let service_name = cov.services.first().map(|s| s.name.clone()).unwrap_or_default();
    let course_name = cov
        .courses
        .iter()
        .find(|c| c.id == course)
        .map(|c| c.name.clone())
        .ok_or_else(not_found)?;
    let page = CellPage {
        chrome: chrome(&state, &me, &format!("{course_name} · {service_name}"), "/training").await?,
        figure: figure(cell),
        meets: cell.meets_threshold,
        threshold: cov.threshold_percent,
        people: cell.to_train.iter().map(person).collect(),
        service: service_name,
        course: course_name,
    };
    render(&page, StatusCode::OK)
}

/// `GET /api/v1/training/coverage[?service=ID]`.
pub async fn api_coverage(
    State(state): State<AppState>,
    user: ApiUser,
    Query(p): Query<Params>,
) -> Result<Response, ApiError> {
    let only = match p.service.as_deref() {
        None | Some("") => None,
        Some(s) => Some(
            s.trim()
                .parse()
                .map_err(|_| AppError::invalid("service", "must be a service id"))?,
        ),
    };
    let cov = training::coverage(&state.app, &user.0, &user.actor(), only).await?;
    Ok(Json(cov).into_response())
}
