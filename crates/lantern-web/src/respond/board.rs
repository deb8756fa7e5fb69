//! The live board (visits for home care, medicine rounds elsewhere) and the families to ring.
//! A status is two taps from a phone: open the board, tap the status on the visit. The page's
//! script (assets/board.js) asks for the refreshing part (`part=live`) after each tap and every
//! few seconds, so every figure follows each change and two coordinators see each other's work;
//! without scripts every form posts and comes back to the board at the visit, filter kept.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::audit_view;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::register::display::record_url;
use crate::register::list::{form_status, render};
use crate::respond::board_cards::{self as cards, BoardParams, LiveInput};
use crate::respond::board_views::{BoardLivePart, BoardPage, Refused, RoundView};
use crate::respond::disruption::{RESPOND, disruption_url};
use crate::respond::disruption_views::{FamiliesPage, FamilyView};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use lantern_app::disruptions::{self, ensure};
use lantern_core::disruption::board::BoardRow;
use lantern_core::disruption::status_change::StatusInput;
use lantern_core::disruption::{CallOutcome, VisitStatus};
use lantern_core::schedule::{show_moment, show_time};
use lantern_core::{EntityKind, FieldErrors};
use lantern_store::DisruptionRow;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::io::Write;

/// How often the page asks for the board again: "within a few seconds" of another
/// coordinator's tap.
const REFRESH_SECONDS: u32 = 5;

/// What the board shows beyond its rows: a refused change on one card, the visit just changed.
#[derive(Default)]
struct Shown {
    refused: Option<(i64, Refused)>,
    unfold: Option<i64>,
}

/// The service whose board is shown: the one asked for if the user sees it, else their first.
fn chosen_service(d: &DisruptionRow, wanted: Option<i64>) -> Result<i64, AppError> {
    wanted
        .filter(|s| d.services.contains(s))
        .or(d.services.first().copied())
        .ok_or_else(|| AppError::NotFound("That disruption does not exist".into()))
}

async fn is_home_care(state: &AppState, service_id: i64) -> Result<(bool, String), AppError> {
    let service = state.app.store.get(EntityKind::Service, service_id).await?;
    Ok((
        service.record.text("service_type") == "home_care",
        service.record.title(),
    ))
}

fn live_of(
    state: &AppState,
    me: &CurrentUser,
    d: &DisruptionRow,
    rows: &[BoardRow],
    p: &BoardParams,
    service_id: i64,
    shown: &Shown,
) -> crate::respond::board_views::BoardLive {
    cards::live(&LiveInput {
        rows,
        filter: &p.filter(),
        disruption_id: d.id,
        service_id,
        unfold: shown.unfold,
        refused: shown.refused.as_ref().map(|(v, r)| (*v, r)),
        can_respond: me.user.role.can_respond(),
        open: d.is_open(),
        updated: show_time(state.app.clock.now()),
    })
}

pub async fn board(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(p): Query<BoardParams>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let d = disruptions::visible(&state.app, &me.user, id).await?;
    let service_id = chosen_service(&d, p.service)?;
    // Back from a form posted without scripts: the visit's group is unfolded.
    let shown = Shown {
        unfold: p.open,
        ..Shown::default()
    };
    if p.live() {
        return live_part(&state, &me, &d, service_id, &p, &shown, StatusCode::OK, &headers).await;
    }
    page(&state, &me, &d, service_id, &p, &shown, StatusCode::OK).await
}

/// The whole page. Its view is audited here; the refreshes that follow show the same board
/// to the same person and are not written again every few seconds.
async fn page(
    state: &AppState,
    me: &CurrentUser,
    d: &DisruptionRow,
    service_id: i64,
    p: &BoardParams,
    shown: &Shown,
    status: StatusCode,
) -> Result<Response, AppError> {
    let id = d.id;
    let (home_care, service) = is_home_care(state, service_id).await?;
    let mut tabs = Vec::new();
    for s in &d.services {
        let name = state.app.store.get(EntityKind::Service, *s).await?.record.title();
        tabs.push((name, format!("/disruptions/{id}/board?service={s}"), *s == service_id));
    }
    let (rows, rounds) = if home_care {
        (
            disruptions::board_rows(&state.app, d, service_id, state.app.clock.today()).await?,
            Vec::new(),
        )
    } else {
        (
            Vec::new(),
            disruptions::service_rounds(&state.app, d, service_id).await?,
        )
    };
    audit_view(
        state,
        me,
        "view",
        format!("Viewed the live board of {service} for disruption {id}"),
        Some((EntityKind::Service, service_id, Some(service_id))),
    )
    .await?;
    let filter = p.filter();
    let page = BoardPage {
        chrome: chrome(state, me, &format!("Live board: {service}"), "/disruptions").await?,
        title: d.title.clone(),
        back_url: disruption_url(id),
        tabs,
        service,
        home_care,
        rounds: rounds.iter().map(round_view).collect(),
        now: show_moment(state.app.clock.now()),
        warn_after: disruptions::warn_after(&state.app).await?,
        refresh_url: format!("/disruptions/{id}/board?{}", cards::query(service_id, &filter)),
        filter: cards::filter_view(&rows, &filter, id, service_id),
        live: live_of(state, me, d, &rows, p, service_id, shown),
        refresh_seconds: REFRESH_SECONDS,
    };
    render(&page, status)
}

fn round_view(r: &lantern_core::disruption::rounds::Round) -> RoundView {
    RoundView {
        unit: r.unit.clone(),
        time: r.time.clone(),
        time_critical: r.has_time_critical(),
        clock_note: r.clock_note.clone(),
        doses: r
            .doses
            .iter()
            .map(|dose| {
                let mut flags = Vec::new();
                if dose.time_critical {
                    flags.push(("◆ TC".to_string(), "high"));
                }
                if dose.controlled {
                    flags.push(("CD".to_string(), "plain"));
                }
                if dose.high_risk {
                    flags.push(("▲ High risk".to_string(), "high"));
                }
                (dose.person.clone(), dose.medicine.clone(), flags)
            })
            .collect(),
    }
}

/// The refreshing part of a home-care board. A refresh that would bring nothing new is
/// answered 304 (the script sends the last ETag), and the part is gzipped for a browser that
/// takes it: a 250-visit board is ~0.6 MB of HTML, every few seconds, on a phone.
#[allow(clippy::too_many_arguments)]
async fn live_part(
    state: &AppState,
    me: &CurrentUser,
    d: &DisruptionRow,
    service_id: i64,
    p: &BoardParams,
    shown: &Shown,
    status: StatusCode,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    if !is_home_care(state, service_id).await?.0 {
        return Err(AppError::NotFound("That service has no visits on the board".into()));
    }
    let rows = disruptions::board_rows(&state.app, d, service_id, state.app.clock.today()).await?;
    let part = BoardLivePart {
        chrome: chrome(state, me, "", "/disruptions").await?,
        live: live_of(state, me, d, &rows, p, service_id, shown),
    };
    let html = part.render().map_err(AppError::internal)?;
    let etag = format!("\"{}\"", hex::encode(&Sha256::digest(html.as_bytes())[..12]));
    let same = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag);
    let tag = HeaderValue::from_str(&etag).map_err(AppError::internal)?;
    if status == StatusCode::OK && same {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
    }
    let gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut res = if gzip {
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(html.as_bytes()).map_err(AppError::internal)?;
        let body = z.finish().map_err(AppError::internal)?;
        let mut res = (status, body).into_response();
        res.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        res
    } else {
        (status, Html(html)).into_response()
    };
    let h = res.headers_mut();
    h.insert(header::ETAG, tag);
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// What was typed into a refused change, and why, for the card to show again.
fn refusal(input: &StatusInput, errors: &FieldErrors) -> Refused {
    let reasons: Vec<String> = errors
        .0
        .iter()
        .map(|(field, text)| match field.as_str() {
            "note" | "reason" => format!("the {field} {text}"),
            "expected_at" if text.starts_with("is ") => format!("the expected time {text}"),
            _ => text.clone(),
        })
        .collect();
    Refused {
        form: match VisitStatus::parse(input.status) {
            Ok(VisitStatus::Late) => "late",
            Ok(VisitStatus::Missed) => "missed",
            _ => "",
        },
        message: format!("Nothing was changed: {}.", reasons.join("; ")),
        fields: errors.0.keys().cloned().collect(),
        expected_at: input.expected_at.to_string(),
        reason: input.reason.to_string(),
        note: input.note.to_string(),
        confirmed: input.confirmed,
    }
}

/// Sets a visit's status. From the page's script (`part=live`), answers the refreshed part of
/// the board; otherwise back to the board at the visit. Refused (Late without a time, Missed
/// without a reason or confirmation), nothing changes and the card says why, as typed.
pub async fn set_status(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, visit_id)): Path<(i64, i64)>,
    Query(p): Query<BoardParams>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let d = disruptions::visible(&state.app, &me.user, id).await?;
    ensure(me.user.role.can_respond(), RESPOND)?;
    let field = |name: &str| form.get(name).unwrap_or("");
    let input = StatusInput {
        status: field("status"),
        note: field("note"),
        expected_at: field("expected_at"),
        reason: field("reason"),
        confirmed: !field("confirm").trim().is_empty(),
    };
    let none = HeaderMap::new();
    match disruptions::set_visit_status(&state.app, &me.user, &me.actor(), &d, visit_id, &input).await {
        Ok((visit, _)) => {
            let service_id = visit.service_id.unwrap_or(0);
            let shown = Shown {
                unfold: Some(visit_id),
                ..Shown::default()
            };
            if p.live() {
                return live_part(&state, &me, &d, service_id, &p, &shown, StatusCode::OK, &none).await;
            }
            let q = cards::query(service_id, &p.filter());
            Ok(Redirect::to(&format!("/disruptions/{id}/board?{q}&open={visit_id}#visit-{visit_id}")).into_response())
        }
        Err(lantern_app::Error::Invalid(errors)) => {
            let visit = state.app.store.get(EntityKind::Visit, visit_id).await?;
            let service_id = visit.service_id.unwrap_or(0);
            let shown = Shown {
                refused: Some((visit_id, refusal(&input, &errors))),
                unfold: Some(visit_id),
            };
            let status = form_status(true);
            if p.live() {
                return live_part(&state, &me, &d, service_id, &p, &shown, status, &none).await;
            }
            page(&state, &me, &d, service_id, &p, &shown, status).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct FamilyParams {
    done: Option<String>,
}

pub async fn families(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(p): Query<FamilyParams>,
) -> Result<Response, AppError> {
    let d = disruptions::visible(&state.app, &me.user, id).await?;
    families_page(&state, &me, &d, p.done.map(|_| "Call recorded.".to_string()), None).await
}

/// A call that was refused: the contact, the reason and the note that was typed.
struct RefusedCall {
    contact_id: i64,
    error: String,
    note: String,
}

async fn families_page(
    state: &AppState,
    me: &CurrentUser,
    d: &DisruptionRow,
    notice: Option<String>,
    refused: Option<RefusedCall>,
) -> Result<Response, AppError> {
    let id = d.id;
    let lines = disruptions::family_lines(&state.app, &me.user, d).await?;
    audit_view(
        state,
        me,
        "view",
        format!("Viewed the families to contact for disruption {id}"),
        None,
    )
    .await?;
    let views: Vec<FamilyView> = lines
        .iter()
        .map(|l| FamilyView {
            contact_id: l.contact.contact_id,
            person: l.person.name.clone(),
            person_url: record_url(EntityKind::Person, l.person.person_id),
            service: l.person.service.clone(),
            risk: match l.person.risk_tier.as_str() {
                "high" => ("High risk".into(), "high"),
                "medium" => ("Medium risk".into(), "medium"),
                _ => ("Low risk".into(), "low"),
            },
            name: l.contact.name.clone(),
            relationship: l.contact.relationship.clone(),
            phone: l.contact.phone.clone(),
            dial: l
                .contact
                .phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect(),
            reason: l.reason.clone(),
            calls: l
                .calls
                .iter()
                .map(|c| {
                    let note = if c.note.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", c.note)
                    };
                    format!("{} — {} ({}){note}", show_time(c.at), c.outcome.label(), c.by)
                })
                .collect(),
            done: l.done,
            action: format!("/disruptions/{id}/families/{}", l.contact.contact_id),
            error: refused
                .as_ref()
                .filter(|r| r.contact_id == l.contact.contact_id)
                .map(|r| r.error.clone()),
            note: refused
                .as_ref()
                .filter(|r| r.contact_id == l.contact.contact_id)
                .map(|r| r.note.clone())
                .unwrap_or_default(),
        })
        .collect();
    let page = FamiliesPage {
        chrome: chrome(state, me, "Families to contact", "/disruptions").await?,
        title: d.title.clone(),
        back_url: disruption_url(id),
        outstanding: lines.iter().filter(|l| !l.done).count(),
        lines: views,
        can_respond: me.user.role.can_respond(),
        open: d.is_open(),
        outcomes: CallOutcome::ALL.iter().map(|o| (o.as_str(), o.label())).collect(),
        notice,
    };
    render(&page, form_status(refused.is_some()))
}

pub async fn record_call(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, contact_id)): Path<(i64, i64)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let d = disruptions::visible(&state.app, &me.user, id).await?;
    ensure(me.user.role.can_respond(), RESPOND)?;
    let outcome = CallOutcome::parse(form.get("outcome").unwrap_or("")).map_err(|e| AppError::invalid("outcome", e))?;
    let note = form.get("note").unwrap_or("");
    match disruptions::record_call(&state.app, &me.user, &me.actor(), &d, contact_id, outcome, note).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/disruptions/{id}/families?done=call#contact-{contact_id}")).into_response())
        }
        // Refused (a note too long): the list again, the note kept, the reason beside it.
        Err(lantern_app::Error::Invalid(errors)) => {
            let error = errors.0.values().cloned().collect::<Vec<_>>().join("; ");
            let refused = RefusedCall {
                contact_id,
                error: format!("Note {error}"),
                note: note.to_string(),
            };
            families_page(&state, &me, &d, None, Some(refused)).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}
