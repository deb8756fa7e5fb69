//! The disruption answers of the API as types: what `respond::api` sends is what the OpenAPI
//! document says (`api::schema`). Values come from the store's rows and lantern-core's clocks,
//! prompts and left-open lists, converted field by field so the JSON keeps its keys.

use crate::api::schema;
use jiff::Timestamp;
use lantern_core::disruption::clocks::{ClockState, SystemClock};
use lantern_core::disruption::cqc::{CqcPrompt, Urgency};
use lantern_core::disruption::left_open::{LeftOpen, OpenItem};
use lantern_core::disruption::{CallOutcome, DisruptionKind, EntryKind, SafeCare, Scenario, VisitStatus};
use lantern_store::{DisruptionRow, StepRow, TimelineRow};
use serde::Serialize;
use utoipa::ToSchema;

/// A disruption as lists show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisruptionSummary {
    pub id: i64,
    #[schema(schema_with = schema::disruption_kind)]
    pub kind: DisruptionKind,
    #[schema(schema_with = schema::scenario)]
    pub scenario: Scenario,
    pub title: String,
    pub summary: String,
    pub coordinator: String,
    /// `open` or `closed`.
    #[schema(schema_with = open_or_closed)]
    pub status: &'static str,
    #[schema(schema_with = schema::moment)]
    pub started_at: Timestamp,
    #[schema(schema_with = schema::moment)]
    pub detected_at: Timestamp,
    #[schema(schema_with = schema::moment)]
    pub declared_at: Timestamp,
    pub declared_by: String,
    #[schema(schema_with = schema::moment_or_null)]
    pub restored_at: Option<Timestamp>,
    #[schema(schema_with = schema::moment_or_null)]
    pub closed_at: Option<Timestamp>,
    pub closed_by: Option<String>,
    pub closing_note: Option<String>,
    pub systems: Vec<i64>,
    pub services: Vec<i64>,
    #[schema(schema_with = schema::moment_or_null)]
    pub cqc_notified_at: Option<Timestamp>,
    pub cqc_notified_by: Option<String>,
    pub cqc_reference: Option<String>,
    /// Whether it stops or threatens safe care, as last recorded; null if never answered.
    #[schema(schema_with = schema::safe_care_or_null)]
    pub safe_care: Option<SafeCare>,
    #[schema(schema_with = schema::moment_or_null)]
    pub safe_care_at: Option<Timestamp>,
    pub safe_care_by: Option<String>,
    pub devices: Vec<i64>,
    /// The unit it is confined to; null: the whole of each service.
    pub unit: Option<String>,
}

fn open_or_closed() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    schema::coded(["open", "closed"])
}

impl From<&DisruptionRow> for DisruptionSummary {
    fn from(d: &DisruptionRow) -> Self {
        Self {
            id: d.id,
            kind: d.kind,
            scenario: d.scenario,
            title: d.title.clone(),
            summary: d.summary.clone(),
            coordinator: d.coordinator.clone(),
            status: if d.is_open() { "open" } else { "closed" },
            started_at: d.started_at,
            detected_at: d.detected_at,
            declared_at: d.declared_at,
            declared_by: d.declared_by.clone(),
            restored_at: d.restored_at,
            closed_at: d.closed_at,
            closed_by: d.closed_by.clone(),
            closing_note: d.closing_note.clone(),
            systems: d.systems.clone(),
            services: d.services.clone(),
            cqc_notified_at: d.cqc_notified_at,
            cqc_notified_by: d.cqc_notified_by.clone(),
            cqc_reference: d.cqc_reference.clone(),
            safe_care: d.safe_care,
            safe_care_at: d.safe_care_at,
            safe_care_by: d.safe_care_by.clone(),
            devices: d.devices.clone(),
            unit: d.unit.clone(),
        }
    }
}

/// `GET /api/v1/disruptions`.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisruptionList {
    pub items: Vec<DisruptionSummary>,
}

/// A disruption with everything its page shows: clocks, CQC prompt, checklist, timeline and
/// what closing now would leave open.
#[derive(Debug, Serialize, ToSchema)]
pub struct Disruption {
    #[serde(flatten)]
    #[schema(inline)]
    pub summary: DisruptionSummary,
    pub clocks: Vec<SystemClockJson>,
    /// The CQC prompt asks for notification now.
    pub cqc_notification_due: bool,
    pub cqc_prompt: Option<CqcPromptJson>,
    pub steps: Vec<Step>,
    pub timeline: Vec<TimelineEntry>,
    /// Empty once closed: the timeline keeps what was open then.
    pub left_open: LeftOpenJson,
}

/// A checklist step.
#[derive(Debug, Serialize, ToSchema)]
pub struct Step {
    pub id: i64,
    pub text: String,
    #[schema(schema_with = schema::moment_or_null)]
    pub done_at: Option<Timestamp>,
    pub done_by: Option<String>,
}

impl From<&StepRow> for Step {
    fn from(s: &StepRow) -> Self {
        Self {
            id: s.id,
            text: s.text.clone(),
            done_at: s.done_at,
            done_by: s.done_by.clone(),
        }
    }
}

/// One line of a disruption's timeline; never changed, corrected by a later one.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntry {
    pub id: i64,
    /// When it happened.
    #[schema(schema_with = schema::moment)]
    pub at: Timestamp,
    #[schema(schema_with = schema::moment)]
    pub recorded_at: Timestamp,
    pub author: String,
    #[schema(schema_with = schema::entry_kind)]
    pub kind: EntryKind,
    pub text: String,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
    /// The one service it is about; null: the whole disruption.
    pub service_id: Option<i64>,
}

impl From<&TimelineRow> for TimelineEntry {
    fn from(t: &TimelineRow) -> Self {
        Self {
            id: t.id,
            at: t.at,
            recorded_at: t.recorded_at,
            author: t.author.clone(),
            kind: t.kind,
            text: t.text.clone(),
            corrects: t.corrects,
            service_id: t.service_id,
        }
    }
}

/// `GET /api/v1/disruptions/{id}/timeline`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Timeline {
    pub items: Vec<TimelineEntry>,
}

/// A system's recovery clock against its RTO and MTPD.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SystemClock)]
pub struct SystemClockJson {
    pub system_id: i64,
    pub name: String,
    pub rto_hours: i64,
    pub mtpd_hours: i64,
    pub elapsed_minutes: i64,
    #[schema(schema_with = clock_state)]
    pub state: ClockState,
    /// "RTO 8 h: 2 h 10 min left".
    pub text: String,
}

fn clock_state() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    schema::serialized(&[ClockState::WithinRto, ClockState::PastRto, ClockState::PastMtpd])
}

impl From<&SystemClock> for SystemClockJson {
    fn from(c: &SystemClock) -> Self {
        Self {
            system_id: c.system_id,
            name: c.name.clone(),
            rto_hours: c.rto_hours,
            mtpd_hours: c.mtpd_hours,
            elapsed_minutes: c.elapsed_minutes,
            state: c.state,
            text: c.text.clone(),
        }
    }
}

/// What to do about telling CQC (regulation 18(2)(g)); null once the notification is recorded.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CqcPrompt)]
pub struct CqcPromptJson {
    #[schema(schema_with = urgency)]
    pub urgency: Urgency,
    pub reason: String,
}

fn urgency() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    schema::serialized(&[Urgency::NotifyNow, Urgency::Consider])
}

impl From<&CqcPrompt> for CqcPromptJson {
    fn from(p: &CqcPrompt) -> Self {
        Self {
            urgency: p.urgency,
            reason: p.reason.clone(),
        }
    }
}

/// What is still open: steps not ticked, families not reached, visits with no final status.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = LeftOpen)]
pub struct LeftOpenJson {
    pub steps: Vec<String>,
    pub families: Vec<OpenItemJson>,
    pub visits: Vec<OpenItemJson>,
}

/// A family or visit left open, with its service.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OpenItem)]
pub struct OpenItemJson {
    pub service_id: i64,
    pub text: String,
}

impl From<&OpenItem> for OpenItemJson {
    fn from(i: &OpenItem) -> Self {
        Self {
            service_id: i.service_id,
            text: i.text.clone(),
        }
    }
}

impl From<&LeftOpen> for LeftOpenJson {
    fn from(l: &LeftOpen) -> Self {
        Self {
            steps: l.steps.clone(),
            families: l.families.iter().map(OpenItemJson::from).collect(),
            visits: l.visits.iter().map(OpenItemJson::from).collect(),
        }
    }
}

/// A scenario's checklist, as a new disruption of it would start.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScenarioPlan {
    #[schema(schema_with = schema::scenario)]
    pub scenario: Scenario,
    pub label: &'static str,
    pub steps: Vec<String>,
    /// The organisation changed it from Lantern's template.
    pub customised: bool,
}

/// `GET /api/v1/scenarios`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScenarioList {
    pub items: Vec<ScenarioPlan>,
}

/// A visit's status as just set on the board.
#[derive(Debug, Serialize, ToSchema)]
pub struct VisitStatusSet {
    pub visit_id: i64,
    #[schema(schema_with = schema::visit_status)]
    pub status: VisitStatus,
    #[schema(schema_with = schema::moment_or_null)]
    pub expected_at: Option<Timestamp>,
    pub reason: String,
    pub note: String,
}

/// A call to a family as just recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallRecorded {
    pub contact_id: i64,
    #[schema(schema_with = schema::call_outcome)]
    pub outcome: CallOutcome,
}

/// The disruption answers, for `components.schemas`.
pub fn schemas(out: &mut serde_json::Map<String, serde_json::Value>) {
    schema::add::<DisruptionList>(out);
    schema::add::<Disruption>(out);
    schema::add::<Timeline>(out);
    schema::add::<ScenarioList>(out);
    schema::add::<ScenarioPlan>(out);
    schema::add::<VisitStatusSet>(out);
    schema::add::<CallRecorded>(out);
}
