//! A supplier's assurance page (linked from the supplier's record) and its API: the reviews
//! held, the next one due, and the disruptions Lantern recorded of the systems it supplies —
//! only those touching the user's services.

use crate::AppState;
use crate::auth::{ApiUser, CurrentUser};
use crate::chrome::chrome;
use crate::error::{ApiError, AppError};
use crate::register::list::render;
use crate::views::Chrome;
use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_app::suppliers;
use lantern_core::schedule::show_moment;

#[derive(Debug, Clone)]
pub struct ReviewView {
    pub url: String,
    pub date: String,
    pub reviewer: String,
    pub figures: String,
    pub dspt: String,
    pub support: &'static str,
}

#[derive(Debug, Clone)]
pub struct DisruptionView {
    pub url: String,
    pub title: String,
    pub systems: String,
    pub when: String,
    pub duration: String,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "supplier_assurance.html")]
pub struct AssurancePage {
    pub chrome: Chrome,
    pub supplier_url: String,
    pub name: String,
    pub next_review: String,
    pub overdue: bool,
    pub never_reviewed: bool,
    pub reviews: Vec<ReviewView>,
    pub disruptions: Vec<DisruptionView>,
    pub last_year: String,
}

fn day(d: jiff::civil::Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

/// "3 h 20 min", "45 min", "2 days 4 h".
fn duration(minutes: i64) -> String {
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, h, _) => format!(
            "{} {h} h",
            lantern_core::words::count(usize::try_from(d).unwrap_or(0), "day", "days")
        ),
    }
}

pub async fn page(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> Result<Response, AppError> {
    let a = suppliers::assurance(&state.app, &me.user, id).await?;
    let reviews = a
        .reviews
        .iter()
        .map(|r| {
            let mut figures = Vec::new();
            if let Some(p) = r.availability_percent {
                figures.push(format!("{p}% available"));
            }
            if let Some(m) = r.response_minutes {
                figures.push(format!("responds in about {}", duration(m)));
            }
            ReviewView {
                url: format!("/supplier-reviews/{}", r.id),
                date: day(r.review_date),
                reviewer: r.reviewer.clone(),
                figures: figures.join(" · "),
                dspt: r.dspt_status.clone(),
                support: if r.support_line_checked {
                    "Support line rung and answered"
                } else {
                    "Support line not checked"
                },
            }
        })
        .collect();
    let disruptions = a
        .disruptions
        .iter()
        .map(|d| DisruptionView {
            url: format!("/disruptions/{}", d.id),
            title: d.title.clone(),
            systems: d.systems.join(", "),
            when: show_moment(d.started_at),
            duration: if d.open {
                format!("{} so far", duration(d.minutes))
            } else {
                duration(d.minutes)
            },
            open: d.open,
        })
        .collect();
    let page = AssurancePage {
        chrome: chrome(&state, &me, &format!("{}: assurance", a.name), "/suppliers").await?,
        supplier_url: format!("/suppliers/{id}"),
        next_review: a.next_review.map(day).unwrap_or_default(),
        overdue: a.review_overdue,
        never_reviewed: a.reviews.is_empty(),
        reviews,
        disruptions,
        last_year: duration(a.minutes_last_year),
        name: a.name,
    };
    render(&page, StatusCode::OK)
}

/// `GET /api/v1/suppliers/{id}/assurance`.
pub async fn api(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    Ok(Json(suppliers::assurance(&state.app, &user.0, id).await?).into_response())
}
