//! Readiness pages: every service's lights on one page (`/readiness`), one service's eight
//! lights with why and where to fix each (`/readiness/{service}`), either of them on a past
//! date (`?on=YYYY-MM-DD`, as it was kept then), and a service's last weeks day by day.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::register::list::render;
use crate::views::Chrome;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::ToSpan;
use jiff::civil::Date;
use lantern_app::readiness::{self, ServiceReadiness};
use lantern_core::govern::readiness::{Fix, Lamp, Rag};
use serde::Deserialize;

/// Days of history a service's page shows.
const TREND_DAYS: i32 = 28;

#[derive(Debug, Deserialize)]
pub struct OnParams {
    pub(crate) on: Option<String>,
}

/// A date parameter: none when left out or blank; one that does not read is refused, named.
pub(crate) fn date_param(field: &str, text: Option<&str>) -> Result<Option<Date>, AppError> {
    match text.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse::<Date>()
            .map(Some)
            .map_err(|_| AppError::invalid(field, "must be a date, such as 2026-11-24")),
    }
}

/// The day asked for with `?on=`: none for today.
pub(crate) fn day_of(on: Option<&str>) -> Result<Option<Date>, AppError> {
    date_param("on", on)
}

/// Where a light's cause is fixed, for service `service_id`.
pub(crate) fn fix_url(fix: Fix, service_id: i64) -> String {
    match fix {
        Fix::Pack => format!("/packs/{service_id}"),
        Fix::People => format!("/people?service={service_id}"),
        Fix::NewDrill => "/drills/new".into(),
        Fix::Drills => "/drills/due".into(),
        Fix::Training => format!("/training?service={service_id}"),
        Fix::Devices => "/units".into(),
        Fix::Risk(id) => format!("/risks/{id}/reviews"),
        Fix::Risks => "/risks/heat-map".into(),
        Fix::Action(id) => format!("/actions/{id}"),
        Fix::Actions => format!("/actions?service={service_id}"),
        Fix::Review(id) => format!("/disruptions/{id}/review"),
        Fix::Disruptions => "/disruptions".into(),
    }
}

#[derive(Debug, Clone)]
pub struct LampLine {
    pub label: &'static str,
    pub light: &'static str,
    pub word: &'static str,
    pub why: String,
    pub fix_url: String,
    pub fix_label: &'static str,
}

fn lamp_line(l: &Lamp, service_id: i64) -> LampLine {
    LampLine {
        label: l.aspect.label(),
        light: l.light.code(),
        word: l.light.word(),
        why: l.why.clone(),
        fix_url: fix_url(l.fix, service_id),
        fix_label: l.fix.label(),
    }
}

/// One service's row on the overview: its light and each aspect's.
#[derive(Debug, Clone)]
pub struct ServiceLine {
    pub name: String,
    pub url: String,
    /// None when nothing was kept on or before the day.
    pub light: Option<(&'static str, &'static str)>,
    /// Each aspect's light code and word, in the page's order.
    pub cells: Vec<(&'static str, &'static str, String)>,
    /// The worst light's sentence.
    pub first_cause: String,
    pub note: String,
}

fn when_note(r: &ServiceReadiness) -> String {
    match (r.kept_on, r.recorded_at) {
        (_, None) => "Nothing was recorded on or before this day.".into(),
        (Some(k), Some(_)) => format!(
            "As recorded on {} (nothing was recorded on the day itself).",
            k.strftime("%-d %b %Y")
        ),
        (None, Some(t)) => format!("As worked out at {}.", crate::register::display::when(&t)),
    }
}

fn service_line(r: &ServiceReadiness, on: Option<Date>) -> ServiceLine {
    let query = on.map(|d| format!("?on={d}")).unwrap_or_default();
    let cells = r.readiness.as_ref().map_or_else(Vec::new, |x| {
        x.lamps
            .iter()
            .map(|l| (l.light.code(), l.light.word(), l.aspect.label().to_string()))
            .collect()
    });
    ServiceLine {
        name: r.service.clone(),
        url: format!("/readiness/{}{query}", r.service_id),
        light: r.readiness.as_ref().map(|x| (x.light.code(), x.light.word())),
        cells,
        first_cause: r
            .readiness
            .as_ref()
            .and_then(|x| x.causes().first().map(|l| format!("{}: {}", l.aspect.label(), l.why)))
            .unwrap_or_default(),
        note: when_note(r),
    }
}

#[derive(Template)]
#[template(path = "readiness.html")]
pub struct OverviewPage {
    pub chrome: Chrome,
    pub lines: Vec<ServiceLine>,
    /// Where the day form goes.
    pub base_url: String,
    /// The past day shown, as typed back into the date box; empty for today.
    pub on: String,
    pub day: String,
    pub past: bool,
    pub counts: (usize, usize, usize),
}

/// `GET /readiness[?on=]`: every service of the user's.
pub async fn overview(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(p): Query<OnParams>,
) -> Result<Response, AppError> {
    let today = state.app.clock.today();
    let on = day_of(p.on.as_deref())?;
    let all = readiness::services(&state.app, &me.user, on).await?;
    let on = on.filter(|d| *d < today);
    let count = |rag: Rag| {
        all.iter()
            .filter(|r| r.readiness.as_ref().is_some_and(|x| x.light == rag))
            .count()
    };
    let page = OverviewPage {
        chrome: chrome(&state, &me, "Readiness", "/readiness").await?,
        lines: all.iter().map(|r| service_line(r, on)).collect(),
        base_url: "/readiness".into(),
        on: on.map(|d| d.to_string()).unwrap_or_default(),
        day: on.unwrap_or(today).strftime("%A %-d %B %Y").to_string(),
        past: on.is_some(),
        counts: (count(Rag::Red), count(Rag::Amber), count(Rag::Green)),
    };
    render(&page, StatusCode::OK)
}

#[derive(Template)]
#[template(path = "readiness_service.html")]
pub struct ServicePage {
    pub chrome: Chrome,
    pub name: String,
    pub service_url: String,
    pub light: Option<(&'static str, &'static str)>,
    pub lamps: Vec<LampLine>,
    pub note: String,
    pub on: String,
    pub day: String,
    pub past: bool,
    pub base_url: String,
    /// Day by day, oldest first: (date text, light code, word, link to that day).
    pub trend: Vec<(String, &'static str, &'static str, String)>,
}

/// `GET /readiness/{service}[?on=]`: one service's lights, each with why and its fix.
pub async fn service(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(service_id): Path<i64>,
    Query(p): Query<OnParams>,
) -> Result<Response, AppError> {
    let on = day_of(p.on.as_deref())?;
    let r = readiness::service(&state.app, &me.user, &me.actor(), service_id, on).await?;
    let today = state.app.clock.today();
    let past = on.filter(|d| *d < today);
    let last = past.unwrap_or(today);
    let first = last.checked_sub((TREND_DAYS - 1).days()).unwrap_or(last);
    let trend = readiness::history(&state.app, &me.user, service_id, first, last)
        .await?
        .iter()
        .map(|d| {
            (
                d.day.strftime("%a %-d %b").to_string(),
                d.readiness.light.code(),
                d.readiness.light.word(),
                format!("/readiness/{service_id}?on={}", d.day),
            )
        })
        .collect();
    let page = ServicePage {
        chrome: chrome(&state, &me, &format!("Readiness: {}", r.service), "/readiness").await?,
        name: r.service.clone(),
        service_url: crate::register::display::record_url(lantern_core::EntityKind::Service, service_id),
        light: r.readiness.as_ref().map(|x| (x.light.code(), x.light.word())),
        lamps: r
            .readiness
            .as_ref()
            .map(|x| x.lamps.iter().map(|l| lamp_line(l, service_id)).collect())
            .unwrap_or_default(),
        note: when_note(&r),
        on: past.map(|d| d.to_string()).unwrap_or_default(),
        day: last.strftime("%A %-d %B %Y").to_string(),
        past: past.is_some(),
        base_url: format!("/readiness/{service_id}"),
        trend,
    };
    render(&page, StatusCode::OK)
}
