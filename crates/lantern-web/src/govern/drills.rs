//! A drill's page (phone first): its details, its scenario's brief and injects, the outage
//! what-if it is run with — drag the hours and the answer follows in place, as on /what-if —
//! saving that what-if with the drill, what was found, the actions it raised, and its briefing
//! sheet. Also the drill schedule by service.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::govern::pages::{SLIDER_HOURS, Shown, show};
use crate::register::list::{render, render_form};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::drills::{self, Drill};
use lantern_app::risks::Tested;
use lantern_app::what_if::Ask;
use lantern_core::care::{ActionStatus, Choice, DrillStatus};
use lantern_core::govern::drill_briefs::injects;
use lantern_core::schedule::show_moment;
use lantern_core::{EntityKind, FieldErrors};

#[derive(Debug, Clone)]
pub struct ActionLine {
    pub title: String,
    pub url: String,
    pub owner: String,
    pub due: String,
    pub done: bool,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "drill.html")]
pub struct DrillPage {
    pub chrome: Chrome,
    pub id: i64,
    pub title: String,
    pub details: Vec<(String, String)>,
    pub scenario: String,
    pub description: String,
    pub injects: Vec<String>,
    pub findings: String,
    /// Held, so it has tested risks: the page links to raising or re-scoring them.
    pub held: bool,
    pub actions: Vec<ActionLine>,
    pub raise_url: Option<String>,
    pub edit_url: Option<String>,
    pub can_save: bool,
    pub version: i64,
    pub systems: String,
    pub system_ids: Vec<i64>,
    pub start_label: String,
    pub start: String,
    pub hours: i64,
    pub max_hours: i64,
    pub saved_hours: Option<i64>,
    pub notice: Option<String>,
    pub errors: FieldErrors,
    pub shown: Option<Shown>,
}

use crate::views::Chrome;

pub(crate) fn date_text(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| d.strftime("%-d %b %Y").to_string()).unwrap_or_default()
}

pub(crate) async fn title_of(state: &AppState, kind: EntityKind, id: Option<i64>) -> String {
    match id {
        Some(id) => state
            .app
            .store
            .get(kind, id)
            .await
            .map(|s| s.record.title())
            .unwrap_or_default(),
        None => String::new(),
    }
}

async fn details(state: &AppState, d: &Drill) -> Vec<(String, String)> {
    let r = &d.stored.record;
    let service = match r.int("service_id") {
        Some(_) => title_of(state, EntityKind::Service, r.int("service_id")).await,
        None => "Whole organisation".into(),
    };
    let status = DrillStatus::from_code(r.text("status")).map_or("", |s| s.label());
    let participants = drills::staff_names(&state.app, &r.refs("participants")).await;
    vec![
        ("Type".into(), drills::type_label(r).into()),
        ("Status".into(), status.into()),
        ("Date".into(), date_text(r.date("date"))),
        ("Service".into(), service),
        (
            "Facilitator".into(),
            title_of(state, EntityKind::Staff, r.int("facilitator_id")).await,
        ),
        ("Participants".into(), participants.join(", ")),
    ]
}

/// Actions as the drill and review pages list them: owner, due date, done or overdue.
pub(crate) async fn action_lines(state: &AppState, items: Vec<lantern_store::Stored>) -> Vec<ActionLine> {
    let today = state.app.clock.today();
    let mut out = Vec::new();
    for a in items {
        let r = &a.record;
        let done = ActionStatus::from_code(r.text("status")) == Some(ActionStatus::Done);
        out.push(ActionLine {
            title: r.title(),
            url: format!("/actions/{}", a.id),
            owner: title_of(state, EntityKind::Staff, r.int("owner_id")).await,
            due: date_text(r.date("due_date")),
            done,
            overdue: !done && r.date("due_date").is_some_and(|d| d < today),
        });
    }
    out
}

async fn actions(state: &AppState, me: &CurrentUser, id: i64) -> Result<Vec<ActionLine>, AppError> {
    let items = lantern_app::incident_reviews::actions_of(&state.app, &me.user, Tested::Drill(id)).await?;
    Ok(action_lines(state, items).await)
}

/// The page, with the what-if at `hours` (the slider) when given, else as saved.
async fn drill_page(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    hours: Option<i64>,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let d = drills::visible(&state.app, &me.user, id).await?;
    let r = &d.stored.record;
    let brief = d.brief.as_ref().map(|b| &b.record);
    let mut errors = FieldErrors::default();
    let mut ask = drills::ask_for(&d);
    if let (Some(a), Some(h)) = (ask.as_mut(), hours) {
        a.hours = h;
    }
    let mut shown = None;
    if let Some(a) = &ask {
        match drills::run(&state.app, &me.user, &me.actor(), &d, a).await {
            Ok(answer) => shown = Some(show(&answer)),
            Err(lantern_app::Error::Invalid(f)) => errors = f,
            Err(e) => return Err(e.into()),
        }
    }
    let systems = match &ask {
        Some(a) => {
            let mut names = Vec::new();
            for s in &a.systems {
                names.push(title_of(state, EntityKind::System, Some(*s)).await);
            }
            names.join(", ")
        }
        None => String::new(),
    };
    let used = injects(r.text("injects_used"));
    let can_edit = me.user.role.can_edit_register() && d.stored.ended_at.is_none();
    let service = r
        .int("service_id")
        .map(|s| format!("&service_id={s}"))
        .unwrap_or_default();
    let page = DrillPage {
        chrome: chrome(state, me, &r.title(), "/drills").await?,
        id,
        title: r.title(),
        details: details(state, &d).await,
        scenario: brief.map(|b| b.title()).unwrap_or_default(),
        description: brief.map(|b| b.text("description").to_string()).unwrap_or_default(),
        injects: if used.is_empty() {
            brief.map(|b| injects(b.text("injects"))).unwrap_or_default()
        } else {
            used
        },
        findings: r.text("findings").to_string(),
        held: DrillStatus::from_code(r.text("status")) == Some(DrillStatus::Held),
        actions: actions(state, me, id).await?,
        raise_url: can_edit.then(|| format!("/actions/new?raised_from=drill&drill_id={id}{service}")),
        edit_url: can_edit.then(|| format!("/drills/{id}/edit")),
        can_save: can_edit && ask.as_ref().is_some_and(|a| !a.systems.is_empty()),
        version: d.stored.version,
        systems,
        system_ids: ask.as_ref().map(|a| a.systems.clone()).unwrap_or_default(),
        start_label: ask.as_ref().map(|a| show_moment(a.start)).unwrap_or_default(),
        start: ask
            .as_ref()
            .map(|a| crate::respond::disruption::local_input(a.start))
            .unwrap_or_default(),
        hours: ask.as_ref().map_or(4, |a| a.hours),
        max_hours: SLIDER_HOURS,
        saved_hours: r.int("whatif_hours"),
        notice,
        errors,
        shown,
    };
    render_form(&page, &page.errors)
}

/// `GET /drills/{id}` (the register's record route hands drills here).
pub async fn page(state: &AppState, me: &CurrentUser, id: i64, query: Option<String>) -> Result<Response, AppError> {
    let q = FormBody::parse(query.unwrap_or_default().as_bytes());
    let hours = q.get("hours").and_then(|h| h.trim().parse().ok());
    let notice = q.get("saved").map(|_| "Saved this what-if with the drill.".to_string());
    drill_page(state, me, id, hours, notice).await
}

/// `POST /drills/{id}/what-if`: stores the systems, start and hours on the drill.
pub async fn save_what_if(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    let systems: Vec<i64> = form.all("systems").iter().filter_map(|v| v.parse().ok()).collect();
    let start = lantern_core::schedule::parse_moment(form.get("start").unwrap_or(""))
        .map_err(|e| AppError::invalid("start", e))?;
    let hours = form
        .get("hours")
        .and_then(|h| h.trim().parse().ok())
        .ok_or_else(|| AppError::invalid("hours", "give the what-if's length in whole hours"))?;
    let version = form.get("version").and_then(|v| v.parse().ok());
    let d = drills::visible(&state.app, &me.user, id).await?;
    let ask = Ask {
        kind: drills::kind_of(d.brief.as_ref()),
        systems,
        services: Vec::new(),
        start,
        hours,
    };
    drills::save_what_if(&state.app, &me.user, &me.actor(), id, &ask, version).await?;
    Ok(Redirect::to(&format!("/drills/{id}?saved=1#what-if")).into_response())
}

/// `GET /drills/{id}/briefing.pdf`.
pub async fn briefing(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (file, pdf) = lantern_app::drill_briefing::pdf(&state.app, &me.user, &me.actor(), id).await?;
    Ok(crate::download::attachment("application/pdf", &file, pdf))
}

#[derive(Debug, Clone)]
pub struct DueLine {
    pub service: String,
    pub last: String,
    pub last_url: Option<String>,
    pub next: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "drills_due.html")]
pub struct DuePage {
    pub chrome: Chrome,
    pub lines: Vec<DueLine>,
}

/// `GET /drills/due`: each service's last drill and when the next is due.
pub async fn due(State(state): State<AppState>, me: CurrentUser, RawQuery(_): RawQuery) -> Result<Response, AppError> {
    let lines = drills::due(&state.app, &me.user)
        .await?
        .into_iter()
        .map(|d| DueLine {
            service: d.service,
            last: match (&d.last_drill, d.last_held) {
                (Some(t), Some(on)) => format!("{t} ({})", date_text(Some(on))),
                _ => "Never drilled".into(),
            },
            last_url: d.last_drill_id.map(|i| format!("/drills/{i}")),
            next: d.next_due.map_or_else(|| "Now".into(), |n| date_text(Some(n))),
            overdue: d.overdue,
        })
        .collect();
    let page = DuePage {
        chrome: chrome(&state, &me, "Drills by service", "/drills").await?,
        lines,
    };
    render(&page, StatusCode::OK)
}
