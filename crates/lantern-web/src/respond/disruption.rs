//! The Respond pages: the list of disruptions, declaring one, and a disruption's own page with
//! its clocks, checklist and timeline. Every view of a disruption is audited.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::audit_view;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::register::display::record_url;
use crate::register::list::{error_list, form_status, render};
use crate::respond::disruption_views::{
    CheckOption, ClockView, DeclarePage, DisruptionCard, DisruptionPage, DisruptionsPage,
};
use crate::respond::disruption_views::{EntryView, StepView};
use crate::views::SelectOption;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use lantern_app::disruptions::{self, ensure};
use lantern_core::disruption::clocks::ClockState;
use lantern_core::disruption::cqc::{REGULATION, Urgency};
use lantern_core::disruption::{DeclarationInput, DisruptionKind, EntryKind, SafeCare};
use lantern_core::schedule::{show_minutes, show_moment, show_time};
use lantern_core::{EntityKind, FieldErrors};
use lantern_store::DisruptionRow;
use serde::Deserialize;

pub use lantern_app::disruptions::{RESPOND, RUN};
use lantern_app::timeline::EntryInput;

/// The labels of the disruption page's form fields, for its error summary.
const FORM_LABELS: &[(&str, &str)] = &[
    ("kind", "Kind of entry"),
    ("text", "What happened or was decided"),
    ("at", "When"),
    ("service_id", "About"),
    ("restored_at", "Restored at"),
    ("note", "Note on closing"),
    ("safe_care", "Safe care"),
];

pub fn disruption_url(id: i64) -> String {
    format!("/disruptions/{id}")
}

/// The value a browser's date-time box shows for a moment.
pub fn local_input(t: Timestamp) -> String {
    t.to_zoned_datetime(lantern_core::schedule::london())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

/// "Running 2 h 5 min" while open; "Lasted 3 h" once closed.
pub fn duration(d: &DisruptionRow, now: Timestamp) -> String {
    let minutes = (disruptions::until(d, now).as_second() - d.started_at.as_second()) / 60;
    if d.is_open() {
        format!("Running {}", show_minutes(minutes))
    } else {
        format!("Lasted {}", show_minutes(minutes))
    }
}

async fn service_names(state: &AppState, ids: &[i64]) -> Result<Vec<String>, AppError> {
    Ok(state
        .app
        .store
        .titles(EntityKind::Service, ids)
        .await?
        .into_values()
        .collect())
}

pub async fn list(State(state): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let now = state.app.clock.now();
    let (mut open, mut closed) = (Vec::new(), Vec::new());
    let reviewed = state.app.store.reviewed_disruptions().await?;
    for d in disruptions::list_visible(&state.app, &me.user).await? {
        let card = DisruptionCard {
            url: disruption_url(d.id),
            title: d.title.clone(),
            kind: d.kind.label().to_string(),
            started: show_moment(d.started_at),
            duration: duration(&d, now),
            services: service_names(&state, &d.services).await?.join(", "),
            open: d.is_open(),
            awaiting_review: !d.is_open() && !reviewed.contains(&d.id),
        };
        if card.open { open.push(card) } else { closed.push(card) }
    }
    let page = DisruptionsPage {
        chrome: chrome(&state, &me, "Disruptions", "/disruptions").await?,
        can_declare: me.user.role.can_run_disruptions(),
        open,
        closed,
    };
    render(&page, StatusCode::OK)
}

async fn declare_page(
    state: &AppState,
    me: &CurrentUser,
    form: Option<&FormBody>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let now = state.app.clock.now();
    let value = |k: &str, default: String| form.and_then(|f| f.get(k)).map(str::to_string).unwrap_or(default);
    let chosen = |k: &str| form.map(|f| f.all(k)).unwrap_or_default();
    let kind = value("kind", String::new());
    let services = lantern_app::access::services_for(&state.app, &me.user).await?;
    let visible: Vec<i64> = services.iter().map(|s| s.id).collect();
    let systems = lantern_app::packs::all(&state.app.store, EntityKind::System, Default::default()).await?;
    let (picked_systems, picked_services) = (chosen("systems"), chosen("services"));
    let picked_devices = chosen("devices");
    let unit = value("unit", String::new());
    let mut devices = Vec::new();
    let mut units = vec![SelectOption {
        value: String::new(),
        label: "The whole of each service".into(),
        selected: unit.is_empty(),
    }];
    for s in &services {
        let q = lantern_store::ListQuery {
            service: Some(s.id),
            ..Default::default()
        };
        for d in lantern_app::packs::all(&state.app.store, EntityKind::Device, q).await? {
            if d.record.text("status") == "retired" {
                continue;
            }
            let r = &d.record;
            let place = match r.text("unit").trim() {
                "" => s.record.title(),
                u => format!("{} unit, {}", u, s.record.title()),
            };
            devices.push(CheckOption {
                value: d.id.to_string(),
                label: r.title(),
                hint: format!(
                    "{} · {place}",
                    lantern_core::entity::choices::DEVICE_TYPE
                        .iter()
                        .find(|(c, _)| *c == r.text("device_type"))
                        .map_or("Device", |(_, l)| l)
                ),
                checked: picked_devices.contains(&d.id.to_string()),
                services: s.id.to_string(),
            });
        }
        for u in lantern_app::devices::units_of(&state.app, &[s.id]).await? {
            units.push(SelectOption {
                selected: unit.eq_ignore_ascii_case(&u),
                label: format!("{u} ({})", s.record.title()),
                value: u,
            });
        }
    }
    let devices_open = kind == DisruptionKind::DeviceFailure.as_str() || !picked_devices.is_empty() || !unit.is_empty();
    let page_errors_name_devices = errors.get("devices").is_some() || errors.get("unit").is_some();
    let page = DeclarePage {
        chrome: chrome(state, me, "Declare a disruption", "/disruptions").await?,
        errors,
        kinds: DisruptionKind::ALL
            .iter()
            .map(|k| SelectOption {
                value: k.as_str().into(),
                label: k.label().into(),
                selected: kind == k.as_str(),
            })
            .collect(),
        systems: systems
            .iter()
            .map(|s| {
                let depends = s.record.refs("services");
                let ids: Vec<String> = visible
                    .iter()
                    .filter(|v| depends.is_empty() || depends.contains(v))
                    .map(i64::to_string)
                    .collect();
                CheckOption {
                    value: s.id.to_string(),
                    label: s.record.title(),
                    hint: lantern_core::entity::choices::SYSTEM_CATEGORY
                        .iter()
                        .find(|(c, _)| *c == s.record.text("category"))
                        .map(|(_, l)| l.to_string())
                        .unwrap_or_default(),
                    checked: picked_systems.contains(&s.id.to_string()),
                    services: ids.join(","),
                }
            })
            .collect(),
        services: services
            .iter()
            .map(|s| CheckOption {
                value: s.id.to_string(),
                label: s.record.title(),
                hint: lantern_core::entity::choices::SERVICE_TYPE
                    .iter()
                    .find(|(c, _)| *c == s.record.text("service_type"))
                    .map(|(_, l)| l.to_string())
                    .unwrap_or_default(),
                checked: picked_services.contains(&s.id.to_string()),
                services: String::new(),
            })
            .collect(),
        title: value("title", String::new()),
        started_at: value("started_at", local_input(now)),
        detected_at: value("detected_at", local_input(now)),
        coordinator: value("coordinator", me.user.name.clone()),
        summary: value("summary", String::new()),
        safe_care_options: safe_care_options(&value("safe_care", String::new())),
        devices,
        devices_open: devices_open || page_errors_name_devices,
        units,
    };
    let status = form_status(!page.errors.is_empty());
    render(&page, status)
}

/// The two answers to "does this stop or threaten safe care?", `chosen` ticked.
fn safe_care_options(chosen: &str) -> Vec<SelectOption> {
    SafeCare::ALL
        .iter()
        .map(|a| SelectOption {
            value: a.as_str().into(),
            label: a.label().into(),
            selected: chosen == a.as_str(),
        })
        .collect()
}

pub async fn new_form(State(state): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    ensure(me.user.role.can_run_disruptions(), RUN)?;
    declare_page(&state, &me, None, FieldErrors::default()).await
}

pub async fn create(State(state): State<AppState>, me: CurrentUser, body: Bytes) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    ensure(me.user.role.can_run_disruptions(), RUN)?;
    let text = |k: &str| form.get(k).unwrap_or("").to_string();
    let input = DeclarationInput {
        kind: text("kind"),
        title: text("title"),
        systems: form.all("systems"),
        services: form.all("services"),
        started_at: text("started_at"),
        detected_at: text("detected_at"),
        coordinator: text("coordinator"),
        summary: text("summary"),
        safe_care: text("safe_care"),
        devices: form.all("devices"),
        unit: text("unit"),
    };
    match disruptions::declare(&state.app, &me.user, &me.actor(), input).await {
        Ok(id) => Ok(Redirect::to(&format!("{}?done=declared", disruption_url(id))).into_response()),
        Err(lantern_app::Error::Invalid(errors)) => declare_page(&state, &me, Some(&form), errors).await,
        Err(e) => Err(AppError::from(e)),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct ViewParams {
    done: Option<String>,
    correct: Option<i64>,
}

fn clock_view(c: &lantern_core::disruption::clocks::SystemClock) -> ClockView {
    let (class, label) = match c.state {
        ClockState::WithinRto => ("ok", "Within RTO"),
        ClockState::PastRto => ("medium", "Past RTO"),
        ClockState::PastMtpd => ("high", "Past MTPD"),
    };
    ClockView {
        name: c.name.clone(),
        text: c.text.clone(),
        class,
        label,
    }
}

/// What was typed into a timeline form that was refused, shown again as it was.
#[derive(Debug, Default)]
struct Draft {
    text: String,
    kind: String,
    at: Option<String>,
    service: Option<String>,
    /// The closing form's restoration time and note.
    restored_at: Option<String>,
    close_note: String,
}

impl Draft {
    fn of(form: &FormBody) -> Self {
        let get = |k: &str| form.get(k).map(str::to_string);
        Draft {
            text: get("text").unwrap_or_default().trim().to_string(),
            kind: get("kind").unwrap_or_default(),
            at: get("at"),
            service: get("service_id"),
            restored_at: get("restored_at"),
            close_note: get("note").unwrap_or_default(),
        }
    }
}

/// "About" for a timeline entry: the whole disruption or one of the user's services. A user
/// limited to some services writes about their own by default; no choice when there is none.
fn entry_services(me: &CurrentUser, services: &[(i64, String)], draft: &Draft) -> Vec<SelectOption> {
    let limited = me.user.access != lantern_core::user::ServiceAccess::All;
    if services.len() < 2 && !limited {
        return Vec::new();
    }
    let chosen = match &draft.service {
        Some(v) => v.clone(),
        None if limited => services.first().map(|(id, _)| id.to_string()).unwrap_or_default(),
        None => String::new(),
    };
    std::iter::once((
        String::new(),
        "The whole disruption (everyone working on it sees it)".to_string(),
    ))
    .chain(
        services
            .iter()
            .map(|(id, name)| (id.to_string(), format!("{name} only"))),
    )
    .map(|(value, label)| SelectOption {
        selected: value == chosen,
        value,
        label,
    })
    .collect()
}

/// The disruption's page; `errors` and `draft` re-show a timeline or closing form that failed.
async fn page(
    state: &AppState,
    me: &CurrentUser,
    d: &DisruptionRow,
    p: ViewParams,
    errors: FieldErrors,
    draft: Draft,
) -> Result<Response, AppError> {
    let now = state.app.clock.now();
    let (clocks, cqc) = disruptions::clocks(&state.app, d).await?;
    let steps = state.app.store.disruption_steps(d.id).await?;
    let timeline = disruptions::timeline(&state.app.store, &me.user.access, d.id).await?;
    let families = disruptions::family_lines(&state.app, &me.user, d).await?;
    let corrected: Vec<i64> = timeline.iter().filter_map(|t| t.corrects).collect();
    let describe = |id: i64| {
        timeline
            .iter()
            .find(|t| t.id == id)
            .map(|t| format!("Corrects the entry of {} ({})", show_time(t.at), t.kind.label()))
    };
    let correcting = p
        .correct
        .and_then(|id| timeline.iter().find(|t| t.id == id && t.kind != EntryKind::Event))
        .map(|t| (t.id, t.text.clone()));
    let mut named = Vec::new();
    for id in &d.services {
        named.push((*id, state.app.store.get(EntityKind::Service, *id).await?.record.title()));
    }
    let services = named
        .iter()
        .map(|(id, title)| (title.clone(), record_url(EntityKind::Service, *id)))
        .collect();
    audit_view(
        state,
        me,
        "view",
        format!("Viewed disruption {}: {}", d.id, d.title),
        None,
    )
    .await?;
    let notice = p.done.as_deref().map(|done| match done {
        "declared" => "Disruption declared. Work down the checklist; log decisions and supplier contact below.",
        "step" => "Checklist updated.",
        "entry" => "Added to the timeline.",
        "closed" => "Disruption closed. Next: enter the paper records and reconcile them.",
        "cqc" => "CQC notification recorded.",
        "safe_care" => "Your answer about safe care is recorded in the timeline.",
        _ => "Saved.",
    });
    let can_run = me.user.role.can_run_disruptions();
    let open = match can_run && d.is_open() {
        true => lantern_app::closing::left_open(&state.app.store, &me.user.access, d, now).await?,
        false => Default::default(),
    };
    let page = DisruptionPage {
        chrome: chrome(state, me, &d.title, "/disruptions").await?,
        error_list: error_list(&errors, FORM_LABELS),
        left_open: open.headlines(),
        left_open_items: open.items(),
        unit: d.unit.clone(),
        devices: lantern_app::devices::lines(&state.app, d).await?,
        id: d.id,
        title: d.title.clone(),
        kind: d.kind.label().to_string(),
        scenario: d.scenario.label().to_string(),
        open: d.is_open(),
        awaiting_review: !d.is_open() && !state.app.store.reviewed_disruptions().await?.contains(&d.id),
        started: show_moment(d.started_at),
        detected: show_moment(d.detected_at),
        declared: format!("{} by {}", show_moment(d.declared_at), d.declared_by),
        coordinator: d.coordinator.clone(),
        summary: d.summary.clone(),
        restored: d.restored_at.map(show_moment),
        closing_note: d.closing_note.clone(),
        duration: duration(d, now),
        services,
        clocks: clocks.iter().map(clock_view).collect(),
        cqc_now: cqc.as_ref().is_some_and(|p| p.urgency == Urgency::NotifyNow),
        cqc_reason: cqc.map(|p| p.reason).unwrap_or_default(),
        regulation: REGULATION,
        safe_care: d.safe_care.map(|a| a.label()),
        safe_care_by: match (d.safe_care_at, &d.safe_care_by) {
            (Some(at), Some(by)) => format!("{} by {by}", show_moment(at)),
            _ => String::new(),
        },
        safe_care_options: safe_care_options(d.safe_care.map_or("", SafeCare::as_str)),
        cqc_done: d.cqc_notified_at.map(|at| {
            let reference = d.cqc_reference.clone().filter(|r| !r.is_empty());
            format!(
                "CQC notified {} by {}{}",
                show_moment(at),
                d.cqc_notified_by.clone().unwrap_or_default(),
                reference.map(|r| format!(", reference {r}")).unwrap_or_default()
            )
        }),
        steps_done: steps.iter().filter(|s| s.done_at.is_some()).count(),
        steps: steps
            .iter()
            .map(|s| StepView {
                id: s.id,
                text: s.text.clone(),
                done: s
                    .done_at
                    .map(|at| format!("Done {} by {}", show_time(at), s.done_by.clone().unwrap_or_default())),
            })
            .collect(),
        timeline: timeline
            .iter()
            .map(|t| EntryView {
                id: t.id,
                at: show_moment(t.at),
                author: t.author.clone(),
                kind: t.kind.label().to_string(),
                is_event: t.kind == EntryKind::Event,
                text: t.text.clone(),
                corrects: t.corrects.and_then(describe),
                corrected: corrected.contains(&t.id),
                about: t
                    .service_id
                    .and_then(|s| named.iter().find(|(id, _)| *id == s))
                    .map(|(_, n)| format!("Only for {n}")),
            })
            .collect(),
        can_run,
        can_respond: me.user.role.can_respond(),
        notice: notice.map(str::to_string),
        entry_kinds: EntryKind::ALL
            .iter()
            .filter(|k| **k != EntryKind::Event)
            .map(|k| SelectOption {
                value: k.as_str().into(),
                label: k.label().into(),
                selected: draft.kind == k.as_str(),
            })
            .collect(),
        entry_services: entry_services(me, &named, &draft),
        entry_at: draft.at.clone().unwrap_or_else(|| local_input(now)),
        correcting,
        draft: draft.text,
        close_at: draft.restored_at.clone().unwrap_or_else(|| local_input(now)),
        close_note: draft.close_note.clone(),
        families_outstanding: families.iter().filter(|l| !l.done).count(),
        families_url: format!("/disruptions/{}/families", d.id),
        board_url: format!("/disruptions/{}/board", d.id),
        errors,
    };
    let status = form_status(!page.errors.is_empty());
    render(&page, status)
}

pub async fn view(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(p): Query<ViewParams>,
) -> Result<Response, AppError> {
    let d = disruptions::visible(&state.app, &me.user, id).await?;
    page(&state, &me, &d, p, FieldErrors::default(), Draft::default()).await
}

/// A posted form on a disruption: its token checked and the disruption one the user can see.
async fn posted(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    body: &[u8],
) -> Result<(FormBody, DisruptionRow), AppError> {
    let form = FormBody::parse(body);
    me.check_csrf(form.get("csrf"))?;
    let d = disruptions::visible(&state.app, &me.user, id).await?;
    Ok((form, d))
}

fn done(id: i64, what: &str, anchor: &str) -> Response {
    Redirect::to(&format!("{}?done={what}{anchor}", disruption_url(id))).into_response()
}

pub async fn tick(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, step)): Path<(i64, i64)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let (form, d) = posted(&state, &me, id, &body).await?;
    ensure(me.user.role.can_respond(), RESPOND)?;
    let done_now = form.get("done") != Some("no");
    state
        .app
        .store
        .tick_step(d.id, step, done_now, &me.actor(), state.app.clock.now())
        .await?;
    // Back to the step itself: on a phone the checklist is far down a long page.
    Ok(done(id, "step", &format!("#step-{step}")))
}

pub async fn add_entry(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let (form, d) = posted(&state, &me, id, &body).await?;
    let now = state.app.clock.now();
    let draft = Draft::of(&form);
    let corrects = form.get("corrects").and_then(|c| c.parse().ok());
    // The box is filled with the current minute: left as it is, the entry is "now", to the second.
    let at = draft.at.as_deref().filter(|a| *a != local_input(now));
    let input = EntryInput {
        kind: EntryKind::parse(&draft.kind),
        at,
        text: &draft.text,
        corrects,
        service: draft.service.as_deref(),
    };
    match lantern_app::timeline::add(&state.app, &me.user, &me.actor(), &d, input).await {
        Ok(entry_id) => Ok(done(id, "entry", &format!("#entry-{entry_id}"))),
        Err(lantern_app::Error::Invalid(errors)) => {
            let params = ViewParams {
                done: None,
                correct: corrects,
            };
            page(&state, &me, &d, params, errors, draft).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn close(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let (form, d) = posted(&state, &me, id, &body).await?;
    ensure(me.user.role.can_run_disruptions(), RUN)?;
    let restored_at = form.get("restored_at").unwrap_or("");
    let note = form.get("note").unwrap_or("");
    match lantern_app::closing::close(&state.app, &me.actor(), &d, restored_at, note).await {
        Ok(()) => Ok(done(id, "closed", "")),
        Err(lantern_app::Error::Invalid(errors)) => {
            // A refused closing keeps what was typed: the time and the note.
            let draft = Draft {
                restored_at: Some(restored_at.to_string()),
                close_note: note.to_string(),
                ..Draft::default()
            };
            page(&state, &me, &d, ViewParams::default(), errors, draft).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}

pub async fn cqc(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let (form, d) = posted(&state, &me, id, &body).await?;
    ensure(me.user.role.can_run_disruptions(), RUN)?;
    let reference = disruptions::check_len("reference", form.get("reference").unwrap_or(""), 200)?;
    state
        .app
        .store
        .record_cqc_notification(d.id, &reference, &me.actor(), state.app.clock.now())
        .await?;
    Ok(done(id, "cqc", ""))
}

/// "Does this stop or threaten safe care?", answered again on the disruption page.
pub async fn safe_care(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    let (form, d) = posted(&state, &me, id, &body).await?;
    ensure(me.user.role.can_run_disruptions(), RUN)?;
    match disruptions::record_safe_care(&state.app, &me.actor(), &d, form.get("safe_care").unwrap_or("")).await {
        Ok(()) => Ok(done(id, "safe_care", "#cqc")),
        Err(lantern_app::Error::Invalid(errors)) => {
            page(&state, &me, &d, ViewParams::default(), errors, Draft::default()).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}
