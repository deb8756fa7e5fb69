//! The outage what-if page: tick the systems that fail (or the services struck), set a start
//! and drag the hours, and read what the outage would touch. It is a GET form, so Back, a
//! bookmark and a shared link show the same what-if; moving the slider refreshes the answer in
//! place (htmx), and without scripts the button does.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::register::list::render;
use crate::respond::disruption::local_input;
use crate::views::{Chrome, SelectOption};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantern_app::what_if::{self, Answer, Ask};
use lantern_app::what_if_words as words;
use lantern_core::FieldErrors;
use lantern_core::disruption::DisruptionKind;
use lantern_core::schedule::parse_moment;

/// The hours the slider offers; the API and the command line take up to a week.
pub(crate) const SLIDER_HOURS: i64 = 72;

#[derive(Debug, Clone)]
pub struct Tick {
    pub value: i64,
    pub label: String,
    pub hint: String,
    pub checked: bool,
}

/// A line of one of the answer's lists: when, what, and a detail beside.
pub type Line = lantern_core::govern::briefing::SheetLine;

/// The answer as the page lays it out.
#[derive(Debug, Clone)]
pub struct Shown {
    pub headline: String,
    /// The services touched, named.
    pub services: String,
    pub figures: Vec<(String, String)>,
    pub systems: Vec<String>,
    pub cqc: Option<String>,
    pub critical: Vec<Line>,
    pub families: Vec<Line>,
    pub visits: Vec<Line>,
    pub more_families: usize,
    pub more_visits: usize,
}

#[derive(Template)]
#[template(path = "what_if.html")]
pub struct WhatIfPage {
    pub chrome: Chrome,
    pub systems: Vec<Tick>,
    pub services: Vec<Tick>,
    pub kinds: Vec<SelectOption>,
    pub start: String,
    pub hours: i64,
    pub max_hours: i64,
    pub errors: FieldErrors,
    pub shown: Option<Shown>,
}

const LISTED: usize = 40;

pub(crate) fn show(a: &Answer) -> Shown {
    let families = words::families(a);
    let visits = words::visits(a);
    Shown {
        headline: words::headline(a),
        services: if a.services.is_empty() {
            "No service of yours is touched.".into()
        } else {
            a.services
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(" · ")
        },
        figures: words::figures(a),
        systems: words::milestones(a),
        cqc: a.cqc.as_ref().map(|c| c.reason.clone()),
        more_families: families.len().saturating_sub(LISTED),
        more_visits: visits.len().saturating_sub(LISTED),
        critical: words::time_critical(a),
        families: families.into_iter().take(LISTED).collect(),
        visits: visits.into_iter().take(LISTED).collect(),
    }
}

pub async fn page(
    State(state): State<AppState>,
    me: CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let q = FormBody::parse(query.unwrap_or_default().as_bytes());
    let ids = |key: &str| -> Vec<i64> { q.all(key).iter().filter_map(|v| v.parse().ok()).collect() };
    let (chosen_systems, chosen_services) = (ids("systems"), ids("services"));
    let systems = what_if::systems(&state.app)
        .await?
        .into_iter()
        .map(|(id, system)| Tick {
            value: id,
            hint: format!("RTO {} h · MTPD {} h", system.rto_hours, system.mtpd_hours),
            label: system.name,
            checked: chosen_systems.contains(&id),
        })
        .collect();
    let services = what_if::services_of(&state.app, &me.user.access)
        .await?
        .into_iter()
        .map(|(id, label)| Tick {
            value: id,
            label,
            hint: String::new(),
            checked: chosen_services.contains(&id),
        })
        .collect();
    let kind_code = q
        .get("kind")
        .unwrap_or(DisruptionKind::SupplierOutage.as_str())
        .to_string();
    let kinds = DisruptionKind::ALL
        .iter()
        .map(|k| SelectOption {
            value: k.as_str().into(),
            label: k.label().into(),
            selected: k.as_str() == kind_code,
        })
        .collect();
    let start_text = q
        .get("start")
        .map(str::to_string)
        .unwrap_or_else(|| local_input(state.app.clock.now()));
    let hours = q.get("hours").and_then(|h| h.trim().parse().ok()).unwrap_or(4);
    let mut errors = FieldErrors::default();
    let mut shown = None;
    let asked = q.get("start").is_some();
    if asked {
        let start = parse_moment(&start_text).map_err(|e| errors.add("start", e)).ok();
        let kind = DisruptionKind::parse(&kind_code)
            .map_err(|e| errors.add("kind", e))
            .ok();
        if let (Some(start), Some(kind)) = (start, kind) {
            let ask = Ask {
                kind,
                systems: chosen_systems,
                services: chosen_services,
                start,
                hours,
            };
            match what_if::run(&state.app, &me.user.access, &me.actor(), &ask).await {
                Ok(a) => shown = Some(show(&a)),
                Err(lantern_app::Error::Invalid(f)) => errors = f,
                Err(e) => return Err(e.into()),
            }
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = WhatIfPage {
        chrome: chrome(&state, &me, "Outage what-if", "/what-if").await?,
        systems,
        services,
        kinds,
        start: start_text,
        hours,
        max_hours: SLIDER_HOURS,
        errors,
        shown,
    };
    render(&page, status)
}
