//! Back-entry of a home-care branch's visit (call-monitoring) sheet for a day: each planned
//! visit in the window a row with its outcome, arrival and departure.

use super::chrome;
use super::disruption::RESPOND;
use super::list::render;
use super::recovery::{day_label, entered_line, parse_day, sheet, written_time};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::disruptions::ensure;
use crate::error::AppError;
use crate::form::FormBody;
use crate::reconciliation::Loaded;
use crate::recovery_views::{VisitEntryPage, VisitRowView};
use crate::views::SelectOption;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use lantern_core::EntityKind;
use lantern_core::reconcile::VisitOutcome;
use lantern_core::schedule::show_time;
use lantern_store::{NewVisitRecord, SheetKind};

fn visit_rows(l: &Loaded, service_id: i64, day: Date) -> Vec<VisitRowView> {
    let mut visits: Vec<_> = l
        .visits
        .iter()
        .filter(|v| v.service_id == service_id && v.date == day)
        .collect();
    visits.sort_by_key(|v| (v.due, v.visit_id));
    visits
        .iter()
        .enumerate()
        .map(|(index, v)| {
            let was = l
                .visit_records
                .iter()
                .find(|r| r.record.visit_id == v.visit_id)
                .map(|r| &r.record);
            let chosen = was.map(|w| w.outcome.as_str()).unwrap_or("");
            VisitRowView {
                index,
                visit_id: v.visit_id,
                time: show_time(v.due),
                person: l.person_name(v.person_id),
                minutes: v.duration_minutes,
                outcomes: std::iter::once(("", "— blank —"))
                    .chain(VisitOutcome::ALL.iter().map(|o| (o.as_str(), o.label())))
                    .map(|(value, label)| SelectOption {
                        value: value.into(),
                        label: label.into(),
                        selected: value == chosen,
                    })
                    .collect(),
                arrived: was.and_then(|w| w.arrived_at).map(show_time).unwrap_or_default(),
                departed: was.and_then(|w| w.departed_at).map(show_time).unwrap_or_default(),
                note: was.map(|w| w.note.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

async fn visits_page(
    state: &AppState,
    me: &CurrentUser,
    l: &Loaded,
    service_id: i64,
    day: Date,
    errors: Vec<String>,
) -> Result<Response, AppError> {
    let service = state.store.get(EntityKind::Service, service_id).await?.record.title();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = VisitEntryPage {
        chrome: chrome(state, me, &format!("Visits: {service}"), "/disruptions").await?,
        back_url: format!("/disruptions/{}/entry", l.disruption.id),
        service,
        day: day_label(day),
        errors,
        rows: visit_rows(l, service_id, day),
        entered: entered_line(sheet(l, SheetKind::Visits, service_id, day)),
    };
    render(&page, status)
}

fn ensure_service(l: &Loaded, me: &CurrentUser, service_id: i64) -> Result<(), AppError> {
    if l.disruption.services.contains(&service_id) && me.user.access.allows(service_id) {
        Ok(())
    } else {
        Err(AppError::NotFound("That service is not in this disruption".into()))
    }
}

pub async fn visits(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, service_id, day)): Path<(i64, i64, String)>,
) -> Result<Response, AppError> {
    let day = parse_day(&day)?;
    let l = crate::reconciliation::visible(&state, &me.user, id).await?;
    ensure_service(&l, &me, service_id)?;
    visits_page(&state, &me, &l, service_id, day, Vec::new()).await
}

pub async fn save_visits(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, service_id, day)): Path<(i64, i64, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let post = FormBody::parse(&body);
    me.check_csrf(post.get("csrf"))?;
    ensure(me.user.role.can_respond(), RESPOND)?;
    let day = parse_day(&day)?;
    let l = crate::reconciliation::visible(&state, &me.user, id).await?;
    ensure_service(&l, &me, service_id)?;
    let rows = visit_rows(&l, service_id, day);
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let field = |name: String| post.get(&name).unwrap_or("").trim().to_string();
    for r in &rows {
        let i = r.index;
        let outcome = field(format!("outcome_{i}"));
        let name = format!("{} at {}", r.person, r.time);
        if outcome.is_empty() {
            continue;
        }
        let due = l.visits.iter().find(|v| v.visit_id == r.visit_id).map(|v| v.due);
        let parsed = (
            VisitOutcome::parse(&outcome),
            written_time(day, &field(format!("arrived_{i}")), due),
            written_time(day, &field(format!("departed_{i}")), due),
        );
        match parsed {
            (Ok(outcome), Ok(arrived_at), Ok(departed_at)) => {
                if let (Some(a), Some(d)) = (arrived_at, departed_at)
                    && d < a
                {
                    errors.push(format!("{name}: left before arriving"));
                    continue;
                }
                records.push(NewVisitRecord {
                    visit_id: r.visit_id,
                    outcome,
                    arrived_at,
                    departed_at,
                    note: field(format!("note_{i}")).chars().take(500).collect(),
                });
            }
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => errors.push(format!("{name}: {e}")),
        }
    }
    if !errors.is_empty() {
        return visits_page(&state, &me, &l, service_id, day, errors).await;
    }
    state
        .store
        .save_visit_sheet(id, service_id, day, &records, &me.actor(), state.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/disruptions/{id}/entry?saved=1")).into_response())
}
