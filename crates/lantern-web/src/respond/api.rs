//! Disruptions through the API: everything the pages do, for integrations and scripts.
//! Writes are audited by the store in the same transaction. There is deliberately no route to
//! change or delete a timeline entry: a correction is a new entry naming the old one.

use crate::AppState;
use crate::api::body;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_app::disruptions::{self, ensure};
use lantern_core::disruption::board::counts;
use lantern_core::disruption::board_filter::{BoardFilter, carers_on};
use lantern_core::disruption::cqc::Urgency;
use lantern_core::disruption::status_change::StatusInput;
use lantern_core::disruption::{CallOutcome, DeclarationInput, EntryKind, VisitStatus};
use serde::Deserialize;

use super::api_json::{
    CallRecorded, CqcPromptJson, Disruption, DisruptionList, DisruptionSummary, LeftOpenJson, ScenarioList,
    ScenarioPlan, Step, SystemClockJson, Timeline, TimelineEntry, VisitStatusSet,
};
use super::board_json::{
    Board, BoardCarer, BoardLine, Families, FamilyToContact, HomeCareBoard, MedicineRound, RoundsBoard, ServiceBoard,
};
use crate::recover::api_json::Reconciliation;

fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError(AppError::invalid(field, message))
}

use lantern_app::disruptions::{RESPOND, RUN};
use lantern_app::timeline::EntryInput;

/// The whole state as `user` may see it: the disruption, its clocks, checklist and timeline.
async fn full(state: &AppState, user: &ApiUser, id: i64) -> Result<Disruption, ApiError> {
    let d = &disruptions::visible(&state.app, &user.0, id).await?;
    let (clocks, cqc_due) = disruptions::clocks(&state.app, d).await?;
    let steps = state.app.store.disruption_steps(d.id).await?;
    let timeline = disruptions::timeline(&state.app.store, &user.0.access, d.id).await?;
    // What closing now would leave open (empty once closed: the timeline keeps it then).
    let open = match d.is_open() {
        true => lantern_app::closing::left_open(&state.app.store, &user.0.access, d, state.app.clock.now()).await?,
        false => Default::default(),
    };
    Ok(Disruption {
        summary: DisruptionSummary::from(d),
        clocks: clocks.iter().map(SystemClockJson::from).collect(),
        cqc_notification_due: cqc_due.as_ref().is_some_and(|p| p.urgency == Urgency::NotifyNow),
        cqc_prompt: cqc_due.as_ref().map(CqcPromptJson::from),
        steps: steps.iter().map(Step::from).collect(),
        timeline: timeline.iter().map(TimelineEntry::from).collect(),
        left_open: LeftOpenJson::from(&open),
    })
}

pub async fn list(State(state): State<AppState>, user: ApiUser) -> Result<Response, ApiError> {
    let items = disruptions::list_visible(&state.app, &user.0)
        .await?
        .iter()
        .map(DisruptionSummary::from)
        .collect();
    Ok(Json(DisruptionList { items }).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclareBody {
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    systems: Vec<i64>,
    #[serde(default)]
    services: Vec<i64>,
    started_at: String,
    #[serde(default)]
    detected_at: String,
    coordinator: String,
    #[serde(default)]
    summary: String,
    /// "threatened" or "not_threatened"; required (a 422 naming it when missing).
    #[serde(default)]
    safe_care: String,
    /// A device failure: the devices that failed (required for one), marked faulty.
    #[serde(default)]
    devices: Vec<i64>,
    /// The unit the disruption is confined to; empty: the whole of each service.
    #[serde(default)]
    unit: String,
}

pub async fn declare(State(state): State<AppState>, user: ApiUser, bytes: Bytes) -> Result<Response, ApiError> {
    ensure(user.0.role.can_run_disruptions(), RUN)?;
    let b: DeclareBody = body(&bytes)?;
    let input = DeclarationInput {
        kind: b.kind,
        title: b.title,
        systems: b.systems.iter().map(i64::to_string).collect(),
        services: b.services.iter().map(i64::to_string).collect(),
        started_at: b.started_at,
        detected_at: b.detected_at,
        coordinator: b.coordinator,
        summary: b.summary,
        safe_care: b.safe_care,
        devices: b.devices.iter().map(i64::to_string).collect(),
        unit: b.unit,
    };
    let id = disruptions::declare(&state.app, &user.0, &user.actor(), input).await?;
    Ok((StatusCode::CREATED, Json(full(&state, &user, id).await?)).into_response())
}

pub async fn get(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    Ok(Json(full(&state, &user, id).await?).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    restored_at: String,
    #[serde(default)]
    note: String,
}

pub async fn close(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    ensure(user.0.role.can_run_disruptions(), RUN)?;
    let d = disruptions::visible(&state.app, &user.0, id).await?;
    let b: CloseBody = body(&bytes)?;
    lantern_app::closing::close(&state.app, &user.actor(), &d, &b.restored_at, &b.note).await?;
    Ok(Json(full(&state, &user, id).await?).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepBody {
    done: bool,
}

pub async fn step(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, step)): Path<(i64, i64)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    ensure(user.0.role.can_respond(), RESPOND)?;
    let d = disruptions::visible(&state.app, &user.0, id).await?;
    let b: StepBody = body(&bytes)?;
    state
        .app
        .store
        .tick_step(d.id, step, b.done, &user.actor(), state.app.clock.now())
        .await?;
    Ok(Json(full(&state, &user, id).await?).into_response())
}

pub async fn timeline(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let d = disruptions::visible(&state.app, &user.0, id).await?;
    let items = disruptions::timeline(&state.app.store, &user.0.access, d.id)
        .await?
        .iter()
        .map(TimelineEntry::from)
        .collect();
    Ok(Json(Timeline { items }).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryBody {
    kind: String,
    text: String,
    #[serde(default)]
    at: Option<String>,
    #[serde(default)]
    corrects: Option<i64>,
    /// The one service the entry is about (it is then shown only to those who see that
    /// service); left out, the whole disruption. A correction is about what it corrects.
    #[serde(default)]
    service_id: Option<i64>,
}

pub async fn add_entry(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let d = disruptions::visible(&state.app, &user.0, id).await?;
    let b: EntryBody = body(&bytes)?;
    let service = b.service_id.map(|s| s.to_string());
    let input = EntryInput {
        kind: EntryKind::parse_code(&b.kind),
        at: b.at.as_deref(),
        text: &b.text,
        corrects: b.corrects,
        service: service.as_deref(),
    };
    let entry_id = lantern_app::timeline::add(&state.app, &user.0, &user.actor(), &d, input).await?;
    let saved = state.app.store.timeline(d.id).await?;
    let e: Option<TimelineEntry> = saved.iter().find(|t| t.id == entry_id).map(TimelineEntry::from);
    Ok((StatusCode::CREATED, Json(e)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct BoardParams {
    service: Option<i64>,
    /// Visits of this carer (a staff id).
    carer: Option<i64>,
    status: Option<String>,
    /// `true`: only what needs action now.
    needs_action: Option<bool>,
    /// Words in the person's or a carer's name.
    q: Option<String>,
}

impl BoardParams {
    fn filter(&self) -> Result<BoardFilter, ApiError> {
        let status = match self.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(VisitStatus::parse(s).map_err(|e| invalid("status", e))?),
            None => None,
        };
        Ok(BoardFilter {
            carer: self.carer,
            status,
            needs_action: self.needs_action.unwrap_or(false),
            search: self.q.clone().unwrap_or_default(),
        })
    }
}

/// The board of each affected service the user sees; for home care the counts are of the
/// whole board and `visits` are those the filter keeps (`shown` says how many).
pub async fn board(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Query(p): Query<BoardParams>,
) -> Result<Response, ApiError> {
    let d = disruptions::visible(&state.app, &user.0, id).await?;
    let filter = p.filter()?;
    let mut services = Vec::new();
    for s in d.services.iter().filter(|s| user.0.access.allows(**s)) {
        if p.service.is_some_and(|wanted| wanted != *s) {
            continue;
        }
        let service = state.app.store.get(lantern_core::EntityKind::Service, *s).await?;
        let v = if service.record.text("service_type") == "home_care" {
            let rows = disruptions::board_rows(&state.app, &d, *s, state.app.clock.today()).await?;
            let shown = filter.apply(&rows);
            ServiceBoard::HomeCare(HomeCareBoard {
                service_id: *s,
                name: service.record.title(),
                service_type: "home_care",
                counts: counts(&rows).into(),
                shown: shown.len(),
                carers: carers_on(&rows).iter().map(BoardCarer::from).collect(),
                visits: shown.into_iter().map(BoardLine::from).collect(),
            })
        } else {
            let rounds = disruptions::service_rounds(&state.app, &d, *s).await?;
            ServiceBoard::Rounds(RoundsBoard {
                service_id: *s,
                name: service.record.title(),
                service_type: service.record.text("service_type").to_string(),
                rounds: rounds.iter().map(MedicineRound::from).collect(),
            })
        };
        services.push(v);
    }
    Ok(Json(Board { services }).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    status: String,
    #[serde(default)]
    note: String,
    /// Late (required) or delayed: "10:15" on the visit's day, or a full moment.
    #[serde(default)]
    expected_at: String,
    /// Missed (required): why.
    #[serde(default)]
    reason: String,
    /// Missed (must be true): the visit did not and will not happen.
    #[serde(default)]
    confirm: bool,
}

pub async fn visit_status(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, visit)): Path<(i64, i64)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    ensure(user.0.role.can_respond(), RESPOND)?;
    let d = disruptions::visible(&state.app, &user.0, id).await?;
    let b: StatusBody = body(&bytes)?;
    let input = StatusInput {
        status: &b.status,
        note: &b.note,
        expected_at: &b.expected_at,
        reason: &b.reason,
        confirmed: b.confirm,
    };
    let (_, change) = disruptions::set_visit_status(&state.app, &user.0, &user.actor(), &d, visit, &input).await?;
    Ok(Json(VisitStatusSet {
        visit_id: visit,
        status: change.status,
        expected_at: change.expected_at,
        reason: change.reason,
        note: change.note,
    })
    .into_response())
}

pub async fn families(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let d = disruptions::visible(&state.app, &user.0, id).await?;
    let lines = disruptions::family_lines(&state.app, &user.0, &d).await?;
    let outstanding = lines.iter().filter(|l| !l.done).count();
    let items = lines.iter().map(FamilyToContact::from).collect();
    Ok(Json(Families { outstanding, items }).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallBody {
    outcome: String,
    #[serde(default)]
    note: String,
}

pub async fn call(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, contact)): Path<(i64, i64)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    ensure(user.0.role.can_respond(), RESPOND)?;
    let d = disruptions::visible(&state.app, &user.0, id).await?;
    let b: CallBody = body(&bytes)?;
    let outcome = CallOutcome::parse_code(&b.outcome).map_err(|e| invalid("outcome", e))?;
    disruptions::record_call(&state.app, &user.0, &user.actor(), &d, contact, outcome, &b.note).await?;
    Ok((
        StatusCode::CREATED,
        Json(CallRecorded {
            contact_id: contact,
            outcome,
        }),
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CqcBody {
    #[serde(default)]
    reference: String,
}

pub async fn cqc(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    ensure(user.0.role.can_run_disruptions(), RUN)?;
    let d = disruptions::visible(&state.app, &user.0, id).await?;
    let b: CqcBody = body(&bytes)?;
    let reference = disruptions::check_len("reference", &b.reference, 200)?;
    state
        .app
        .store
        .record_cqc_notification(d.id, &reference, &user.actor(), state.app.clock.now())
        .await?;
    Ok(Json(full(&state, &user, id).await?).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafeCareBody {
    #[serde(default)]
    safe_care: String,
}

/// Records, again, whether the disruption stops or threatens safe care.
pub async fn safe_care(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    ensure(user.0.role.can_run_disruptions(), RUN)?;
    let d = disruptions::visible(&state.app, &user.0, id).await?;
    let b: SafeCareBody = body(&bytes)?;
    disruptions::record_safe_care(&state.app, &user.actor(), &d, &b.safe_care).await?;
    Ok(Json(full(&state, &user, id).await?).into_response())
}

/// The reconciliation as it stands: every finding with its resolution, and the sign-off.
pub async fn reconciliation(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let l = lantern_app::reconciliation::visible(&state.app, &user.0, id).await?;
    Ok(Json(Reconciliation::from(&l)).into_response())
}

/// Every scenario's checklist as a new disruption of that scenario would start it.
pub async fn scenarios(State(state): State<AppState>, _user: ApiUser) -> Result<Response, ApiError> {
    let mut items = Vec::new();
    for s in lantern_core::disruption::Scenario::ALL {
        let custom = state.app.store.scenario_plan(*s).await?.is_some();
        items.push(ScenarioPlan {
            scenario: *s,
            label: s.label(),
            steps: disruptions::checklist(&state.app, *s).await?,
            customised: custom,
        });
    }
    Ok(Json(ScenarioList { items }).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    steps: Vec<String>,
}

/// Replaces the organisation's checklist for a scenario (administrators and managers of every
/// service).
pub async fn save_scenario(
    State(state): State<AppState>,
    user: ApiUser,
    Path(code): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    lantern_app::access::ensure_organisation_editor(&user.0)?;
    let scenario = lantern_core::disruption::Scenario::parse(&code)
        .map_err(|_| ApiError(AppError::NotFound("There is no such scenario.".into())))?;
    let b: PlanBody = body(&bytes)?;
    let steps =
        lantern_core::disruption::scenarios::parse_steps(&b.steps.join("\n")).map_err(|e| invalid("steps", e))?;
    state
        .app
        .store
        .save_scenario_plan(scenario, &steps, &user.actor(), state.app.clock.now())
        .await?;
    Ok(Json(ScenarioPlan {
        scenario,
        label: scenario.label(),
        steps,
        customised: true,
    })
    .into_response())
}
