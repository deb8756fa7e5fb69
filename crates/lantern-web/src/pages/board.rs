//! The live board (visits for home care, medicine rounds elsewhere) and the families to ring.
//! A status is two taps from a phone: open the board, tap the status on the visit.

use super::display::record_url;
use super::disruption::{RESPOND, disruption_url};
use super::list::{form_status, render};
use super::{audit_view, chrome};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::disruption_views::{BoardPage, FamiliesPage, FamilyView, RoundView, VisitCard, VisitCardFragment};
use crate::disruptions::{self as run, ensure};
use crate::error::AppError;
use crate::form::FormBody;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use lantern_core::EntityKind;
use lantern_core::disruption::board::{BoardRow, Group, counts};
use lantern_core::disruption::{CallOutcome, VisitStatus};
use lantern_core::schedule::{show_moment, show_time};
use lantern_store::DisruptionRow;
use serde::Deserialize;

fn status_class(s: VisitStatus) -> &'static str {
    match s {
        VisitStatus::NotStarted => "plain",
        VisitStatus::Confirmed => "medium",
        VisitStatus::Completed => "ok",
        VisitStatus::Missed => "high",
        VisitStatus::Cancelled => "ended",
    }
}

/// The buttons on a visit: what a coordinator hears on the phone.
const BUTTONS: [(VisitStatus, &str); 4] = [
    (VisitStatus::Confirmed, "Confirmed"),
    (VisitStatus::Completed, "Completed"),
    (VisitStatus::Missed, "Missed"),
    (VisitStatus::Cancelled, "Cancelled"),
];

fn card(d: &DisruptionRow, r: &BoardRow) -> VisitCard {
    let v = &r.visit;
    let mut flags = Vec::new();
    if v.priority {
        flags.push(("★ Priority".to_string(), "high"));
    }
    if v.time_critical {
        flags.push(("◆ Time-critical medicines".to_string(), "high"));
    }
    if v.high_risk {
        flags.push(("▲ High risk".to_string(), "high"));
    }
    if v.two_carer {
        flags.push(("2 carers".to_string(), "plain"));
    }
    VisitCard {
        visit_id: v.visit_id,
        time: v.start.clone(),
        person: v.person.clone(),
        person_url: record_url(EntityKind::Person, v.person_id),
        minutes: v.duration_minutes,
        carers: v.carers.join(" and "),
        address: v.address.clone(),
        tasks: v.tasks.join(", "),
        flags,
        status: r.status.label().to_string(),
        status_class: if r.warning.is_some() {
            "high"
        } else {
            status_class(r.status)
        },
        warning: r.warning.clone(),
        updated: r.updated.as_ref().map(|u| {
            let note = if u.note.is_empty() {
                String::new()
            } else {
                format!(": {}", u.note)
            };
            format!("{} at {} by {}{note}", u.status.label(), show_time(u.at), u.by)
        }),
        action: format!("/disruptions/{}/visits/{}", d.id, v.visit_id),
        buttons: BUTTONS
            .iter()
            .map(|(s, label)| (s.as_str(), *label, *s == r.status))
            .collect(),
    }
}

fn group_class(g: Group) -> &'static str {
    match g {
        Group::Overdue => "overdue",
        Group::FirstToWatch => "first",
        Group::Waiting => "waiting",
        Group::UnderWay => "underway",
        Group::Done => "done",
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct BoardParams {
    service: Option<i64>,
}

pub async fn board(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(p): Query<BoardParams>,
) -> Result<Response, AppError> {
    let d = run::visible(&state, &me.user, id).await?;
    let mine: Vec<i64> = d
        .services
        .iter()
        .copied()
        .filter(|s| me.user.access.allows(*s))
        .collect();
    let service_id = p.service.filter(|s| mine.contains(s)).or(mine.first().copied());
    let Some(service_id) = service_id else {
        return Err(AppError::NotFound("That disruption does not exist".into()));
    };
    let service = state.store.get(EntityKind::Service, service_id).await?;
    let mut tabs = Vec::new();
    for s in &mine {
        let name = state.store.get(EntityKind::Service, *s).await?.record.title();
        tabs.push((name, format!("/disruptions/{id}/board?service={s}"), *s == service_id));
    }
    let home_care = service.record.text("service_type") == "home_care";
    let (rows, rounds) = if home_care {
        (
            run::board_rows(&state, &d, service_id, state.clock.today()).await?,
            Vec::new(),
        )
    } else {
        (Vec::new(), run::service_rounds(&state, &d, service_id).await?)
    };
    let mut groups: Vec<(String, &'static str, Vec<VisitCard>)> = Vec::new();
    for r in &rows {
        match groups.last_mut() {
            Some((_, class, cards)) if *class == group_class(r.group) => cards.push(card(&d, r)),
            _ => groups.push((r.group.heading().to_string(), group_class(r.group), vec![card(&d, r)])),
        }
    }
    audit_view(
        &state,
        &me,
        "view",
        format!(
            "Viewed the live board of {} for disruption {id}",
            service.record.title()
        ),
        Some((EntityKind::Service, service_id, Some(service_id))),
    )
    .await?;
    let page = BoardPage {
        chrome: chrome(
            &state,
            &me,
            &format!("Live board: {}", service.record.title()),
            "/disruptions",
        )
        .await?,
        title: d.title.clone(),
        back_url: disruption_url(id),
        tabs,
        service: service.record.title(),
        home_care,
        counts: counts(&rows),
        groups,
        rounds: rounds
            .iter()
            .map(|r| RoundView {
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
            })
            .collect(),
        can_respond: me.user.role.can_respond(),
        open: d.is_open(),
        now: show_moment(state.clock.now()),
        warn_after: run::warn_after(&state).await?,
        refresh_url: format!("/disruptions/{id}/board?service={service_id}"),
    };
    render(&page, StatusCode::OK)
}

/// Sets a visit's status. From htmx, answers the visit's card alone; otherwise back to the board.
pub async fn set_status(
    State(state): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path((id, visit_id)): Path<(i64, i64)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let d = run::visible(&state, &me.user, id).await?;
    ensure(me.user.role.can_respond(), RESPOND)?;
    let status = VisitStatus::parse(form.get("status").unwrap_or("")).map_err(|e| AppError::invalid("status", e))?;
    let visit = run::set_visit_status(
        &state,
        &me.user,
        &me.actor(),
        &d,
        visit_id,
        status,
        form.get("note").unwrap_or(""),
    )
    .await?;
    let service_id = visit.service_id.unwrap_or(0);
    if headers.contains_key("hx-request") {
        let day = visit.record.date("date").unwrap_or(state.clock.today());
        let rows = run::board_rows(&state, &d, service_id, day).await?;
        let row = rows
            .iter()
            .find(|r| r.visit.visit_id == visit_id)
            .ok_or_else(|| AppError::NotFound("That visit is not on the board".into()))?;
        let fragment = VisitCardFragment {
            chrome: chrome(&state, &me, "", "/disruptions").await?,
            card: card(&d, row),
            can_respond: true,
            open: d.is_open(),
        };
        return render(&fragment, StatusCode::OK);
    }
    Ok(Redirect::to(&format!(
        "/disruptions/{id}/board?service={service_id}#visit-{visit_id}"
    ))
    .into_response())
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
    let d = run::visible(&state, &me.user, id).await?;
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
    let lines = run::family_lines(state, &me.user, d).await?;
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
    let d = run::visible(&state, &me.user, id).await?;
    ensure(me.user.role.can_respond(), RESPOND)?;
    let outcome = CallOutcome::parse(form.get("outcome").unwrap_or("")).map_err(|e| AppError::invalid("outcome", e))?;
    let note = form.get("note").unwrap_or("");
    match run::record_call(&state, &me.user, &me.actor(), &d, contact_id, outcome, note).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/disruptions/{id}/families?done=call#contact-{contact_id}")).into_response())
        }
        // Refused (a note too long): the list again, the note kept, the reason beside it.
        Err(AppError::Invalid(errors)) => {
            let error = errors.0.values().cloned().collect::<Vec<_>>().join("; ");
            let refused = RefusedCall {
                contact_id,
                error: format!("Note {error}"),
                note: note.to_string(),
            };
            families_page(&state, &me, &d, None, Some(refused)).await
        }
        Err(e) => Err(e),
    }
}
