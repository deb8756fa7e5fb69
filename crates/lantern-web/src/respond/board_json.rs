//! The live board and the families list of the API as types (`api::schema` says why): home-care
//! visits with their status, carers and numbers to ring; medicine rounds for other services;
//! the families to contact with every call made. Converted from lantern-core's board, rounds
//! and family lines field by field, so the JSON keeps its keys.

use crate::api::schema;
use jiff::Timestamp;
use lantern_core::disruption::board::{BoardCounts, BoardRow, BoardVisit, Carer, Group, StatusNow};
use lantern_core::disruption::families::{Call, FamilyContact, FamilyLine, FamilyPerson};
use lantern_core::disruption::rounds::{Round, RoundDose};
use lantern_core::disruption::{CallOutcome, VisitStatus};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

/// `GET /api/v1/disruptions/{id}/board`: one board per affected service the user sees.
#[derive(Debug, Serialize, ToSchema)]
pub struct Board {
    pub services: Vec<ServiceBoard>,
}

/// A home-care branch's visits, or another service's medicine rounds.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ServiceBoard {
    HomeCare(HomeCareBoard),
    Rounds(RoundsBoard),
}

/// A home-care branch: `counts` are of the whole board, `visits` of those the filter keeps.
#[derive(Debug, Serialize, ToSchema)]
pub struct HomeCareBoard {
    pub service_id: i64,
    pub name: String,
    /// Always `home_care`.
    #[serde(rename = "type")]
    #[schema(schema_with = home_care)]
    pub service_type: &'static str,
    pub counts: Counts,
    /// How many visits the filter keeps.
    pub shown: usize,
    /// Every carer with a visit on the board, by name.
    pub carers: Vec<BoardCarer>,
    pub visits: Vec<BoardLine>,
}

fn home_care() -> RefOr<Schema> {
    schema::coded(["home_care"])
}

/// A residential or supported-living service: today's medicine rounds.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundsBoard {
    pub service_id: i64,
    pub name: String,
    /// The register's service type (`care_home`, `supported_living`, …).
    #[serde(rename = "type")]
    pub service_type: String,
    pub rounds: Vec<MedicineRound>,
}

/// Counts for the top of a home-care board.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = BoardCounts)]
pub struct Counts {
    pub total: usize,
    pub overdue: usize,
    pub needs_action: usize,
    pub not_started: usize,
    pub confirmed: usize,
    pub late: usize,
    pub delayed: usize,
    pub completed: usize,
    pub missed: usize,
    pub cancelled: usize,
}

impl From<BoardCounts> for Counts {
    fn from(c: BoardCounts) -> Self {
        Self {
            total: c.total,
            overdue: c.overdue,
            needs_action: c.needs_action,
            not_started: c.not_started,
            confirmed: c.confirmed,
            late: c.late,
            delayed: c.delayed,
            completed: c.completed,
            missed: c.missed,
            cancelled: c.cancelled,
        }
    }
}

/// A carer on a visit, with the number to ring them on (empty when none is known).
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardCarer {
    pub staff_id: i64,
    pub name: String,
    pub phone: String,
}

impl From<&Carer> for BoardCarer {
    fn from(c: &Carer) -> Self {
        Self {
            staff_id: c.staff_id,
            name: c.name.clone(),
            phone: c.phone.clone(),
        }
    }
}

/// A visit on the board with what the coordinator knows of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardLine {
    pub visit: PlannedVisit,
    #[schema(schema_with = schema::visit_status)]
    pub status: VisitStatus,
    /// The latest status a coordinator set; null before any.
    pub updated: Option<StatusSet>,
    #[schema(schema_with = group)]
    pub group: Group,
    /// Why the row needs someone now, if it does.
    pub warning: Option<String>,
    /// Overdue, or missed with the family not yet told.
    pub needs_action: bool,
}

fn group() -> RefOr<Schema> {
    schema::serialized(&Group::ALL)
}

impl From<&BoardRow> for BoardLine {
    fn from(r: &BoardRow) -> Self {
        Self {
            visit: PlannedVisit::from(&r.visit),
            status: r.status,
            updated: r.updated.as_ref().map(StatusSet::from),
            group: r.group,
            warning: r.warning.clone(),
            needs_action: r.needs_action,
        }
    }
}

/// A planned visit as the board shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlannedVisit {
    pub visit_id: i64,
    pub person_id: i64,
    pub person: String,
    /// Empty when none is known.
    pub person_phone: String,
    #[schema(schema_with = schema::moment)]
    pub due: Timestamp,
    /// "07:30".
    pub start: String,
    pub duration_minutes: i64,
    pub carers: Vec<BoardCarer>,
    pub address: String,
    pub tasks: Vec<String>,
    pub priority: bool,
    pub two_carer: bool,
    /// The person has a time-critical medicine.
    pub time_critical: bool,
    pub high_risk: bool,
}

impl From<&BoardVisit> for PlannedVisit {
    fn from(v: &BoardVisit) -> Self {
        Self {
            visit_id: v.visit_id,
            person_id: v.person_id,
            person: v.person.clone(),
            person_phone: v.person_phone.clone(),
            due: v.due,
            start: v.start.clone(),
            duration_minutes: v.duration_minutes,
            carers: v.carers.iter().map(BoardCarer::from).collect(),
            address: v.address.clone(),
            tasks: v.tasks.clone(),
            priority: v.priority,
            two_carer: v.two_carer,
            time_critical: v.time_critical,
            high_risk: v.high_risk,
        }
    }
}

/// The latest status a coordinator set on a visit.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusSet {
    #[schema(schema_with = schema::visit_status)]
    pub status: VisitStatus,
    #[schema(schema_with = schema::moment)]
    pub at: Timestamp,
    pub by: String,
    pub note: String,
    /// Late or delayed: when the carer now expects to arrive.
    #[schema(schema_with = schema::moment_or_null)]
    pub expected_at: Option<Timestamp>,
    /// Missed: why.
    pub reason: String,
}

impl From<&StatusNow> for StatusSet {
    fn from(s: &StatusNow) -> Self {
        Self {
            status: s.status,
            at: s.at,
            by: s.by.clone(),
            note: s.note.clone(),
            expected_at: s.expected_at,
            reason: s.reason.clone(),
        }
    }
}

/// A medicine round: a unit's doses due at one time, time-critical ones first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MedicineRound {
    pub unit: String,
    /// "08:00".
    pub time: String,
    #[schema(schema_with = schema::moment)]
    pub due: Timestamp,
    pub doses: Vec<RoundDoseJson>,
    /// A clock-change note for this time today, if any.
    pub clock_note: Option<String>,
}

/// A dose in a round.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RoundDose)]
pub struct RoundDoseJson {
    pub person_id: i64,
    pub person: String,
    pub medicine: String,
    pub time_critical: bool,
    pub controlled: bool,
    pub high_risk: bool,
}

impl From<&RoundDose> for RoundDoseJson {
    fn from(d: &RoundDose) -> Self {
        Self {
            person_id: d.person_id,
            person: d.person.clone(),
            medicine: d.medicine.clone(),
            time_critical: d.time_critical,
            controlled: d.controlled,
            high_risk: d.high_risk,
        }
    }
}

impl From<&Round> for MedicineRound {
    fn from(r: &Round) -> Self {
        Self {
            unit: r.unit.clone(),
            time: r.time.clone(),
            due: r.due,
            doses: r.doses.iter().map(RoundDoseJson::from).collect(),
            clock_note: r.clock_note.clone(),
        }
    }
}

/// `GET /api/v1/disruptions/{id}/families`: outstanding first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Families {
    /// Families not yet reached.
    pub outstanding: usize,
    pub items: Vec<FamilyToContact>,
}

/// A family to contact, why, and every call made to them.
#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyToContact {
    pub contact: FamilyContactJson,
    pub person: FamilyPersonJson,
    /// Why they are on the list.
    pub reason: String,
    /// Oldest first.
    pub calls: Vec<FamilyCall>,
    /// Reached, or a manager decided no call was needed.
    pub done: bool,
}

/// The contact to ring.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = FamilyContact)]
pub struct FamilyContactJson {
    pub contact_id: i64,
    pub person_id: i64,
    pub name: String,
    pub relationship: String,
    pub phone: String,
    pub rank: i64,
    pub proactive: bool,
}

/// The person the family is rung about.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = FamilyPerson)]
pub struct FamilyPersonJson {
    pub person_id: i64,
    pub name: String,
    /// "high", "medium" or "low".
    pub risk_tier: String,
    pub service: String,
}

/// A call made to a family.
#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyCall {
    pub contact_id: i64,
    #[schema(schema_with = schema::call_outcome)]
    pub outcome: CallOutcome,
    #[schema(schema_with = schema::moment)]
    pub at: Timestamp,
    pub by: String,
    pub note: String,
}

impl From<&FamilyContact> for FamilyContactJson {
    fn from(c: &FamilyContact) -> Self {
        Self {
            contact_id: c.contact_id,
            person_id: c.person_id,
            name: c.name.clone(),
            relationship: c.relationship.clone(),
            phone: c.phone.clone(),
            rank: c.rank,
            proactive: c.proactive,
        }
    }
}

impl From<&FamilyPerson> for FamilyPersonJson {
    fn from(p: &FamilyPerson) -> Self {
        Self {
            person_id: p.person_id,
            name: p.name.clone(),
            risk_tier: p.risk_tier.clone(),
            service: p.service.clone(),
        }
    }
}

impl From<&Call> for FamilyCall {
    fn from(c: &Call) -> Self {
        Self {
            contact_id: c.contact_id,
            outcome: c.outcome,
            at: c.at,
            by: c.by.clone(),
            note: c.note.clone(),
        }
    }
}

impl From<&FamilyLine> for FamilyToContact {
    fn from(l: &FamilyLine) -> Self {
        Self {
            contact: FamilyContactJson::from(&l.contact),
            person: FamilyPersonJson::from(&l.person),
            reason: l.reason.clone(),
            calls: l.calls.iter().map(FamilyCall::from).collect(),
            done: l.done,
        }
    }
}

/// The board and families answers, for `components.schemas`.
pub fn schemas(out: &mut serde_json::Map<String, serde_json::Value>) {
    schema::add::<Board>(out);
    schema::add::<Families>(out);
}
