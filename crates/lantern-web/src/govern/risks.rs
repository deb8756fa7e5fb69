//! Risk pages: the 5×5 heat map (click a cell to list its risks), a risk's reviews with the
//! form that records one, and the "raise or re-score a risk" page of a disruption or drill.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::register::display::record_url;
use crate::register::list::{render, render_form};
use crate::views::Chrome;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::risks::{self, RaiseInput, ReviewInput, Tested};
use lantern_core::EntityKind;
use lantern_core::FieldErrors;
use lantern_core::govern::risks::{Basis, RiskLine, Score};
use lantern_core::schedule::show_moment;
use lantern_store::ReviewSource;
use serde::Deserialize;

pub struct CellShown {
    pub likelihood: u8,
    pub impact: u8,
    pub count: usize,
    pub band: &'static str,
    pub band_label: &'static str,
    pub url: String,
    pub chosen: bool,
}

pub struct RiskShown {
    pub url: String,
    pub name: String,
    pub owner: String,
    pub score: String,
    pub review: String,
    pub overdue: bool,
}

fn day(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| d.strftime("%-d %b %Y").to_string()).unwrap_or_default()
}

fn risk_shown(r: &RiskLine, basis: Basis, today: jiff::civil::Date) -> RiskShown {
    let s = r.score(basis);
    RiskShown {
        url: record_url(EntityKind::Risk, r.id),
        name: r.name.clone(),
        owner: r.owner.clone(),
        score: format!("{} ({} × {}) · {}", s.value(), s.likelihood, s.impact, s.band().label()),
        review: day(r.review_date),
        overdue: r.review_overdue(today),
    }
}

#[derive(Template)]
#[template(path = "heat_map.html")]
pub struct HeatMapPage {
    pub chrome: Chrome,
    pub basis: &'static str,
    pub basis_words: &'static str,
    /// Rows from likelihood 5 (top) to 1.
    pub rows: Vec<(u8, Vec<CellShown>)>,
    pub chosen: Option<(String, Vec<RiskShown>)>,
    pub overdue: Vec<RiskShown>,
    pub total: usize,
}

#[derive(Debug, Deserialize, Default)]
pub struct HeatParams {
    basis: Option<String>,
    l: Option<u8>,
    i: Option<u8>,
}

pub async fn heat_map(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(p): Query<HeatParams>,
) -> Result<Response, AppError> {
    let basis = Basis::parse(p.basis.as_deref().unwrap_or("")).unwrap_or(Basis::Residual);
    let map = risks::heat(&state.app, &me.user, basis).await?;
    let today = state.app.clock.today();
    let chosen_cell = p.l.zip(p.i).filter(|(l, i)| (1..=5).contains(l) && (1..=5).contains(i));
    let rows = (1..=5u8)
        .rev()
        .map(|l| {
            let cells = (1..=5u8)
                .map(|i| {
                    let band = Score {
                        likelihood: l,
                        impact: i,
                    }
                    .band();
                    CellShown {
                        likelihood: l,
                        impact: i,
                        count: map.cells[usize::from(l - 1)][usize::from(i - 1)].len(),
                        band: band.code(),
                        band_label: band.label(),
                        url: format!("/risks/heat-map?basis={}&l={l}&i={i}#cell-risks", basis.code()),
                        chosen: chosen_cell == Some((l, i)),
                    }
                })
                .collect();
            (l, cells)
        })
        .collect();
    let chosen = chosen_cell.map(|(l, i)| {
        let ids = &map.cells[usize::from(l - 1)][usize::from(i - 1)];
        let list = map
            .risks
            .iter()
            .filter(|r| ids.contains(&r.id))
            .map(|r| risk_shown(r, basis, today))
            .collect();
        (format!("Likelihood {l} × impact {i}"), list)
    });
    let page = HeatMapPage {
        chrome: chrome(&state, &me, "Risk heat map", "/risks").await?,
        basis: basis.code(),
        basis_words: basis.words(),
        rows,
        chosen,
        overdue: map.overdue.iter().map(|r| risk_shown(r, basis, today)).collect(),
        total: map.cells.iter().flatten().map(Vec::len).sum(),
    };
    render(&page, StatusCode::OK)
}

#[derive(Template)]
#[template(path = "risk_reviews.html")]
pub struct ReviewsPage {
    pub chrome: Chrome,
    pub risk_url: String,
    pub action: String,
    pub can_review: bool,
    pub typed: ReviewInput,
    pub errors: FieldErrors,
    pub notice: Option<&'static str>,
    pub scores: [(&'static str, &'static str); 4],
    /// When, who, kind, before, with controls, status, next review, note, disruption link.
    pub reviews: Vec<[String; 8]>,
}

const SCORE_BOXES: [(&str, &str); 4] = [
    ("inherent_likelihood", "Likelihood before controls"),
    ("inherent_impact", "Impact before controls"),
    ("residual_likelihood", "Likelihood with controls"),
    ("residual_impact", "Impact with controls"),
];

async fn reviews_page(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    typed: Result<ReviewInput, Option<Tested>>,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> Result<Response, AppError> {
    let (stored, reviews) = risks::reviews(&state.app, &me.user, id).await?;
    let r = &stored.record;
    let int = |f: &str| r.int(f).map(|n| n.to_string()).unwrap_or_default();
    // Typed input, or a fresh form (from a disruption or drill, when one is named).
    let typed = typed.unwrap_or_else(|from| ReviewInput {
        version: stored.version,
        inherent_likelihood: int("inherent_likelihood"),
        inherent_impact: int("inherent_impact"),
        residual_likelihood: int("residual_likelihood"),
        residual_impact: int("residual_impact"),
        status: r.text("status").to_string(),
        next_review: String::new(),
        note: String::new(),
        disruption_id: from.and_then(|t| t.source().disruption_id),
        drill_id: from.and_then(|t| t.source().drill_id),
    });
    let page = ReviewsPage {
        chrome: chrome(state, me, &format!("Reviews: {}", r.title()), "/risks").await?,
        risk_url: record_url(EntityKind::Risk, id),
        action: format!("/risks/{id}/reviews"),
        can_review: me.user.role.can_edit_register() && stored.ended_at.is_none(),
        typed,
        errors,
        notice,
        scores: SCORE_BOXES,
        reviews: reviews
            .iter()
            .map(|v| {
                [
                    show_moment(v.reviewed_at),
                    v.reviewed_by.clone(),
                    if v.kind == "raised" { "Raised" } else { "Review" }.to_string(),
                    format!("{} ({} × {})", v.inherent.0 * v.inherent.1, v.inherent.0, v.inherent.1),
                    format!("{} ({} × {})", v.residual.0 * v.residual.1, v.residual.0, v.residual.1),
                    lantern_core::entity::choices::RISK_STATUS
                        .iter()
                        .find(|(c, _)| *c == v.status)
                        .map_or(v.status.clone(), |(_, l)| l.to_string()),
                    v.next_review.clone(),
                    match Tested::of(&ReviewSource {
                        disruption_id: v.disruption_id,
                        drill_id: v.drill_id,
                    }) {
                        Some(Tested::Disruption(d)) => format!("{} (from disruption {d})", v.note),
                        Some(Tested::Drill(d)) => format!("{} (from drill {d})", v.note),
                        None => v.note.clone(),
                    },
                ]
            })
            .collect(),
    };
    render_form(&page, &page.errors)
}

#[derive(Debug, Deserialize, Default)]
pub struct Done {
    done: Option<String>,
    /// The disruption a re-score comes from.
    from: Option<i64>,
    /// The drill a re-score comes from.
    drill: Option<i64>,
}

impl Done {
    fn tested(&self) -> Option<Tested> {
        match (self.from, self.drill) {
            (Some(d), _) => Some(Tested::Disruption(d)),
            (None, Some(d)) => Some(Tested::Drill(d)),
            (None, None) => None,
        }
    }
}

pub async fn reviews(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(d): Query<Done>,
) -> Result<Response, AppError> {
    let notice = d.done.as_ref().map(|_| "The review is recorded.");
    reviews_page(&state, &me, id, Err(d.tested()), FieldErrors::default(), notice).await
}

pub async fn add_review(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let get = |k: &str| form.get(k).unwrap_or("").to_string();
    let input = ReviewInput {
        version: form.get("version").and_then(|v| v.parse().ok()).unwrap_or(0),
        inherent_likelihood: get("inherent_likelihood"),
        inherent_impact: get("inherent_impact"),
        residual_likelihood: get("residual_likelihood"),
        residual_impact: get("residual_impact"),
        status: get("status"),
        next_review: get("next_review"),
        note: get("note"),
        disruption_id: form.get("disruption_id").and_then(|v| v.parse().ok()),
        drill_id: form.get("drill_id").and_then(|v| v.parse().ok()),
    };
    let from = Tested::of(&ReviewSource {
        disruption_id: input.disruption_id,
        drill_id: input.drill_id,
    });
    match risks::review(&state.app, &me.user, &me.actor(), id, &input).await {
        Ok(()) => match from {
            Some(t) => Ok(Redirect::to(&format!("{}/risks?done=review", t.url())).into_response()),
            None => Ok(Redirect::to(&format!("/risks/{id}/reviews?done=1")).into_response()),
        },
        Err(lantern_app::Error::Invalid(mut errors)) => {
            // The form's box for the next review is `next_review`; the register calls it review_date.
            if let Some(m) = errors.0.remove("review_date") {
                errors.0.insert("next_review".into(), m);
            }
            reviews_page(&state, &me, id, Ok(input), errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "tested_risks.html")]
pub struct TestedRisksPage {
    pub chrome: Chrome,
    /// "disruption" or "drill".
    pub noun: &'static str,
    pub back_url: String,
    pub action: String,
    pub can_edit: bool,
    pub typed: RaiseInput,
    pub errors: FieldErrors,
    pub notice: Option<&'static str>,
    /// Risks of its services to re-score: (review url, name, score with controls).
    pub existing: Vec<(String, String, String)>,
    /// What it has already raised or re-scored.
    pub done: Vec<(String, String, String)>,
}

/// The menu section its page belongs to.
fn section(tested: Tested) -> &'static str {
    match tested {
        Tested::Disruption(_) => "/disruptions",
        Tested::Drill(_) => "/drills",
    }
}

/// The link that opens a risk's review form from `tested`.
fn review_from(risk: i64, tested: Tested) -> String {
    match tested {
        Tested::Disruption(d) => format!("/risks/{risk}/reviews?from={d}"),
        Tested::Drill(d) => format!("/risks/{risk}/reviews?drill={d}"),
    }
}

async fn tested_risks_page(
    state: &AppState,
    me: &CurrentUser,
    tested: Tested,
    typed: RaiseInput,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> Result<Response, AppError> {
    let t = lantern_app::risk_tests::tested_by(&state.app, &me.user, tested).await?;
    let map = risks::heat(&state.app, &me.user, Basis::Residual).await?;
    // A whole-organisation drill tested every risk; otherwise those of its services (and the
    // organisation's own).
    let touches = |s: Option<i64>| t.services.is_empty() || s.is_none_or(|s| t.services.contains(&s));
    let existing = map
        .risks
        .iter()
        .filter(|r| r.status != "closed" && touches(r.service_id))
        .map(|r| {
            (
                review_from(r.id, tested),
                r.name.clone(),
                format!("{} with controls", r.residual.value()),
            )
        })
        .collect();
    let done = state
        .app
        .store
        .risk_reviews_from(tested.source())
        .await?
        .into_iter()
        .filter_map(|v| {
            let r = map.risks.iter().find(|r| r.id == v.risk_id)?;
            let what = if v.kind == "raised" { "Raised" } else { "Re-scored" };
            Some((
                record_url(EntityKind::Risk, r.id),
                r.name.clone(),
                format!("{what} by {}", v.reviewed_by),
            ))
        })
        .collect();
    let page = TestedRisksPage {
        chrome: chrome(state, me, &format!("Risks: {}", t.title), section(tested)).await?,
        noun: tested.noun(),
        back_url: tested.url(),
        action: format!("{}/risks", tested.url()),
        can_edit: me.user.role.can_edit_register(),
        typed,
        errors,
        notice,
        existing,
        done,
    };
    render_form(&page, &page.errors)
}

async fn show_tested(state: &AppState, me: &CurrentUser, tested: Tested, d: Done) -> Result<Response, AppError> {
    let notice = d
        .done
        .map(|_| "Recorded: the risk register now shows what this taught.");
    tested_risks_page(state, me, tested, RaiseInput::default(), FieldErrors::default(), notice).await
}

async fn raise_from(state: &AppState, me: &CurrentUser, tested: Tested, body: &Bytes) -> Result<Response, AppError> {
    let form = FormBody::parse(body);
    me.check_csrf(form.get("csrf"))?;
    let get = |k: &str| form.get(k).unwrap_or("").to_string();
    let input = RaiseInput {
        name: get("name"),
        effect_on_care: get("effect_on_care"),
        likelihood: get("likelihood"),
        impact: get("impact"),
        controls: get("controls"),
        owner: get("owner"),
        note: get("note"),
    };
    match risks::raise(&state.app, &me.user, &me.actor(), tested, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("{}/risks?done=raised", tested.url())).into_response()),
        Err(lantern_app::Error::Invalid(errors)) => tested_risks_page(state, me, tested, input, errors, None).await,
        Err(e) => Err(e.into()),
    }
}

/// `GET /disruptions/{id}/risks`.
pub async fn disruption_risks(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(d): Query<Done>,
) -> Result<Response, AppError> {
    show_tested(&state, &me, Tested::Disruption(id), d).await
}

/// `POST /disruptions/{id}/risks`.
pub async fn raise(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    raise_from(&state, &me, Tested::Disruption(id), &body).await
}

/// `GET /drills/{id}/risks`.
pub async fn drill_risks(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(d): Query<Done>,
) -> Result<Response, AppError> {
    show_tested(&state, &me, Tested::Drill(id), d).await
}

/// `POST /drills/{id}/risks`.
pub async fn raise_from_drill(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    raise_from(&state, &me, Tested::Drill(id), &body).await
}
