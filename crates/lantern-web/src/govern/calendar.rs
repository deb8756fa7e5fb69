//! The assurance calendar's pages: `/calendar` (duties by next date, overdue first, filtered by
//! service; who is responsible and, for managers, a form to name someone; "Add to your
//! calendar"), the feed's making and revoking, and the private feed itself,
//! `/calendar/feed/{token}.ics`, which needs no cookie: its token is the credential.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::register::list::render;
use crate::views::Chrome;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::calendar::{self as cal, Shown};
use lantern_core::govern::calendar::{DutyKey, show_date};
use lantern_core::govern::governance_log::{ORGANISATION, ServiceFilter};
use lantern_core::govern::ical;
use serde::Deserialize;

/// The address people reach Lantern at, from the request's Host (https when served securely).
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// The filter as typed: blank, `organisation` or a service id.
pub fn filter_of(typed: &str) -> Result<ServiceFilter, lantern_app::Error> {
    match typed.trim() {
        "" => Ok(ServiceFilter::Any),
        ORGANISATION => Ok(ServiceFilter::Organisation),
        t => t
            .parse::<i64>()
            .map(ServiceFilter::Service)
            .map_err(|_| lantern_app::Error::invalid("service", "choose one of your services")),
    }
}

/// One duty as a line of the page.
pub struct DutyLine {
    pub key: String,
    pub title: &'static str,
    pub subject: String,
    pub service: String,
    pub every: String,
    /// (date, what, link).
    pub last: Option<(String, String, String)>,
    pub next: String,
    pub overdue: bool,
    pub why: String,
    pub responsible: String,
    pub named: bool,
    pub act_href: String,
    pub act_label: String,
    /// (user id, name, chosen) when the user may name someone.
    pub candidates: Option<Vec<(String, String, bool)>>,
}

#[derive(Template)]
#[template(path = "calendar.html")]
pub struct CalendarPage {
    pub chrome: Chrome,
    pub service: String,
    pub services: Vec<(String, String)>,
    pub duties: Vec<DutyLine>,
    pub overdue: usize,
    pub notice: Option<&'static str>,
    /// A feed address just made: shown this once.
    pub new_url: Option<String>,
    /// When the user's live feed was made.
    pub feed_made: Option<String>,
}

fn line(me: &CurrentUser, accounts: &[lantern_store::User], s: &Shown) -> DutyLine {
    let d = &s.duty;
    let candidates = if cal::may_set_responsible(&me.user, d.key) {
        let chosen = if s.named {
            s.responsible.first().map(|r| r.0)
        } else {
            None
        };
        Some(
            cal::candidates(accounts, d.key)
                .into_iter()
                .map(|(id, name)| (id.to_string(), name, Some(id) == chosen))
                .collect(),
        )
    } else {
        None
    };
    DutyLine {
        key: d.key.code(),
        title: d.key.kind().label(),
        subject: d.subject.clone(),
        service: d.service.clone(),
        every: d.cadence(),
        last: d
            .last
            .as_ref()
            .map(|l| (show_date(l.on), l.what.clone(), l.href.clone())),
        next: show_date(d.next),
        overdue: d.overdue,
        why: d.why.clone(),
        responsible: s.responsible_names(),
        named: s.named,
        act_href: d.act_href.clone(),
        act_label: d.act_label.clone(),
        candidates,
    }
}

async fn page(
    state: &AppState,
    me: &CurrentUser,
    service: &str,
    notice: Option<&'static str>,
    new_url: Option<String>,
) -> Result<Response, AppError> {
    let filter = filter_of(service)?;
    let found = cal::list(&state.app, &me.user, filter).await?;
    let accounts = cal::accounts(&state.app).await?;
    let duties: Vec<DutyLine> = found.iter().map(|s| line(me, &accounts, s)).collect();
    let services = lantern_app::access::services_for(&state.app, &me.user)
        .await?
        .into_iter()
        .map(|s| (s.id.to_string(), s.record.title()))
        .collect();
    let feed_made = cal::feed_of(&state.app, &me.user)
        .await?
        .map(|f| lantern_core::schedule::show_moment(f.created_at));
    let page = CalendarPage {
        chrome: chrome(state, me, "Assurance calendar", "/calendar").await?,
        service: service.trim().to_string(),
        services,
        overdue: duties.iter().filter(|d| d.overdue).count(),
        duties,
        notice,
        new_url,
        feed_made,
    };
    render(&page, StatusCode::OK)
}

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    service: String,
    #[serde(default)]
    done: String,
}

/// `GET /calendar`.
pub async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(p): Query<Params>,
) -> Result<Response, AppError> {
    let notice = match p.done.as_str() {
        "responsible" => Some("Saved: the duty shows who is responsible now."),
        "revoked" => Some("Your calendar address is revoked: calendars using it no longer receive your duties."),
        _ => None,
    };
    page(&state, &me, &p.service, notice, None).await
}

/// `POST /calendar/duties/{key}/responsible`: a user id, or blank for the default.
pub async fn set_responsible(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(key): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let chosen = match form.get("user_id").map(str::trim).unwrap_or("") {
        "" => None,
        t => Some(
            t.parse::<i64>()
                .map_err(|_| lantern_app::Error::invalid("user_id", "choose someone from the list"))?,
        ),
    };
    cal::set_responsible(&state.app, &me.user, &me.actor(), &key, chosen).await?;
    let service = form.get("service").unwrap_or("").trim().to_string();
    let query = if service.is_empty() || filter_of(&service).is_err() {
        String::new()
    } else {
        format!("service={service}&")
    };
    let anchor = DutyKey::parse(&key).map(|k| k.code()).unwrap_or_default();
    Ok(Redirect::to(&format!("/calendar?{query}done=responsible#duty-{anchor}")).into_response())
}

/// `POST /calendar/feed`: makes a new feed address (the old one stops working) and shows it,
/// this once.
pub async fn create_feed(
    State(state): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let token = cal::create_feed(&state.app, &me.user, &me.actor()).await?;
    let url = feed_url(&base_url(&state, &headers), &token);
    page(&state, &me, "", None, Some(url)).await
}

/// `POST /calendar/feed/revoke`.
pub async fn revoke_feed(State(state): State<AppState>, me: CurrentUser, body: Bytes) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    cal::revoke_feed(&state.app, &me.user, &me.actor()).await?;
    Ok(Redirect::to("/calendar?done=revoked#feed").into_response())
}

/// A feed's address.
pub fn feed_url(base: &str, token: &str) -> String {
    format!("{base}/calendar/feed/{token}.ics")
}

/// The duties as calendar events, each linking back to Lantern.
pub fn events(base: &str, duties: &[Shown]) -> Vec<ical::Event> {
    let host = base.split("://").nth(1).unwrap_or("lantern");
    duties
        .iter()
        .map(|s| {
            let d = &s.duty;
            let mut description = Vec::new();
            if d.overdue {
                description.push("Overdue.".to_string());
            }
            description.push(match &d.last {
                Some(l) => format!("Last done: {} — {}.", show_date(l.on), l.what),
                None => "Last done: never.".to_string(),
            });
            if !d.why.is_empty() {
                description.push(format!("{}.", d.why.trim_end_matches('.')));
            }
            description.push(format!("Responsible: {}.", s.responsible_names()));
            description.push(format!("{}: {base}{}", d.act_label, d.act_href));
            let summary = match d.key.service() {
                Some(_) if d.subject != d.service => format!("{}: {} — {}", d.key.kind().label(), d.subject, d.service),
                _ => format!("{}: {}", d.key.kind().label(), d.subject),
            };
            ical::Event {
                uid: format!("{}@{host}", d.key.code()),
                date: d.next,
                summary,
                description: description.join("\n"),
                url: format!("{base}{}", d.act_href),
            }
        })
        .collect()
}

/// `GET /calendar/feed/{token}.ics`: no cookie; an unknown or revoked token answers 404.
pub async fn feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let missing = || {
        (
            StatusCode::NOT_FOUND,
            [(header::CACHE_CONTROL, "no-store")],
            "There is no such calendar.\n",
        )
    };
    let Some(token) = file.strip_suffix(".ics") else {
        return Ok(missing().into_response());
    };
    let (user, duties) = match cal::feed(&state.app, token).await {
        Ok(found) => found,
        Err(lantern_app::Error::NotFound(_)) => return Ok(missing().into_response()),
        Err(e) => return Err(e.into()),
    };
    let base = base_url(&state, &headers);
    let organisation = state.app.store.organisation().await?.unwrap_or_default();
    let name = format!("Lantern duties — {} ({})", organisation, user.name);
    let body = ical::write(&name, &events(&base, &duties), state.app.clock.now());
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}
