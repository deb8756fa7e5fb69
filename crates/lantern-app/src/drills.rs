//! Drills and exercises as operations: a drill as this user may see it, the outage what-if it is
//! run with (saved on the drill, audited), the actions it raised, its briefing sheet as a PDF,
//! and when each service is next due a drill. Drills, briefs and actions are register records,
//! written through `register`; what is particular to a drill lives here.

use crate::register::visible_record;
use crate::what_if::{self, Answer, Ask};
use crate::{App, Error};
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::care::{Choice, DrillStatus, DrillType, StaffMember};
use lantern_core::disruption::{DisruptionKind, Scenario};
use lantern_core::govern::drills::{DrillHeld, due_by_service};
use lantern_core::user::ServiceAccess;
use lantern_core::{EntityKind, Record, Val};
use lantern_store::{Actor, ListQuery, Stored, User};
use serde::Serialize;

/// A drill with its scenario's brief, as the user may see it.
#[derive(Debug, Clone)]
pub struct Drill {
    pub stored: Stored,
    pub brief: Option<Stored>,
}

/// A drill of a service rehearses that service: its what-if is read as a user of that service
/// alone (and never beyond the user's own). A drill of the whole organisation reads all of the
/// user's services.
pub fn access_of(user: &ServiceAccess, drill: &Record) -> ServiceAccess {
    match drill.int("service_id") {
        Some(s) if user.allows(s) => ServiceAccess::Only(vec![s]),
        Some(_) => ServiceAccess::Only(Vec::new()),
        None => user.clone(),
    }
}

/// Drill `id` and its brief, or "does not exist" for a user of other services.
pub async fn visible(app: &App, user: &User, id: i64) -> Result<Drill, Error> {
    let stored = visible_record(app, user, EntityKind::Drill, id).await?;
    let brief = match stored.record.int("scenario_id") {
        Some(b) => app.store.get(EntityKind::DrillScenario, b).await.ok(),
        None => None,
    };
    Ok(Drill { stored, brief })
}

/// The incident kind a scenario's what-if is worked out as (the CQC rule depends on it).
pub fn kind_of(brief: Option<&Stored>) -> DisruptionKind {
    let scenario = brief.and_then(|b| Scenario::parse_code(b.record.text("scenario")).ok());
    match scenario {
        Some(Scenario::OfficeUnavailable) => DisruptionKind::Premises,
        Some(Scenario::PhoneBroadband) => DisruptionKind::Connectivity,
        Some(Scenario::PowerCut) => DisruptionKind::Power,
        Some(Scenario::DeviceFailed) => DisruptionKind::DeviceFailure,
        Some(Scenario::CyberAttack) => DisruptionKind::CyberIncident,
        Some(Scenario::SupplierDown) | None => DisruptionKind::SupplierOutage,
    }
}

/// A UK wall-clock date and time as an instant, read as a dose at that time would be due (the
/// spring gap moves forward, the autumn repeat takes the first).
fn uk_moment(date: Date, time: &Val) -> Option<Timestamp> {
    let Val::Time(t) = time else { return None };
    Some(lantern_core::schedule::due_at(date, *t).0)
}

/// The what-if saved with the drill, or `None` when none is saved yet.
pub fn saved_ask(d: &Drill) -> Option<Ask> {
    let r = &d.stored.record;
    let start = uk_moment(r.date("whatif_date")?, r.get("whatif_time"))?;
    Some(Ask {
        kind: kind_of(d.brief.as_ref()),
        systems: r.refs("whatif_systems"),
        services: Vec::new(),
        start,
        hours: r.int("whatif_hours")?,
    })
}

/// What the drill page starts from: the saved what-if, or else its brief's systems and length
/// from 09:00 on the drill's day.
pub fn ask_for(d: &Drill) -> Option<Ask> {
    saved_ask(d).or_else(|| {
        let brief = &d.brief.as_ref()?.record;
        let date = d.stored.record.date("date")?;
        Some(Ask {
            kind: kind_of(d.brief.as_ref()),
            systems: brief.refs("systems"),
            services: Vec::new(),
            start: uk_moment(date, &Val::Time(lantern_core::values::DoseTime::parse("09:00").ok()?))?,
            hours: brief.int("hours").unwrap_or(4),
        })
    })
}

/// Runs `ask` for drill `d`, limited to the drill's service (audited by `what_if::run`).
pub async fn run(app: &App, user: &User, actor: &Actor, d: &Drill, ask: &Ask) -> Result<Answer, Error> {
    what_if::run(app, &access_of(&user.access, &d.stored.record), actor, ask).await
}

/// The what-if saved with drill `id` (the API's `GET /drills/{id}/what-if`).
pub async fn saved_what_if(app: &App, user: &User, actor: &Actor, id: i64) -> Result<Answer, Error> {
    let d = visible(app, user, id).await?;
    let ask = saved_ask(&d).ok_or_else(|| {
        Error::invalid(
            "whatif_systems",
            "no what-if is saved with this drill yet: open the drill and save one",
        )
    })?;
    run(app, user, actor, &d, &ask).await
}

/// Saves `ask`'s systems, start and hours on drill `id`, as a new version (audited by the store
/// like every register change). Refused when someone changed the drill since `expected_version`.
pub async fn save_what_if(
    app: &App,
    user: &User,
    actor: &Actor,
    id: i64,
    ask: &Ask,
    expected_version: Option<i64>,
) -> Result<Stored, Error> {
    let d = visible(app, user, id).await?;
    if ask.systems.is_empty() {
        return Err(Error::invalid(
            "whatif_systems",
            "choose at least one system that fails",
        ));
    }
    let local = ask.start.to_zoned_datetime(lantern_core::schedule::london());
    let mut input = d.stored.record.to_input();
    let one = |v: String| lantern_core::field::InputVal::One(v);
    input.insert(
        "whatif_systems".into(),
        lantern_core::field::InputVal::Many(ask.systems.iter().map(i64::to_string).collect()),
    );
    input.insert("whatif_date".into(), one(local.date().to_string()));
    input.insert("whatif_time".into(), one(local.strftime("%H:%M").to_string()));
    input.insert("whatif_hours".into(), one(ask.hours.to_string()));
    let record = Record::parse(EntityKind::Drill, &input).map_err(Error::Invalid)?;
    crate::register::update(app, user, actor, id, &record, expected_version).await
}

/// An imported drill marked held with a date after `today`, as a problem naming its row and
/// column (the import refuses the whole file, as the form refuses the record).
pub fn imported_in_future(
    i: &lantern_core::incoming::Incoming,
    today: Date,
) -> Option<lantern_core::incoming::ImportError> {
    if i.kind != EntityKind::Drill {
        return None;
    }
    let spec = EntityKind::Drill.spec();
    let status = lantern_core::field::parse_field(spec.field("status")?, i.input.get("status")).ok()?;
    let date = lantern_core::field::parse_field(spec.field("date")?, i.input.get("date")).ok()?;
    match (status, date) {
        (Val::Text(s), Val::Date(d)) if s == DrillStatus::Held.code() && d > today => {
            Some(lantern_core::incoming::ImportError {
                location: i.origin.clone(),
                field: Some(i.element_of("date")),
                reason: "a held drill's date cannot be in the future".into(),
            })
        }
        _ => None,
    }
}

/// The staff names of `ids`, in order (an unknown id is left out).
pub async fn staff_names(app: &App, ids: &[i64]) -> Vec<String> {
    let mut out = Vec::new();
    for id in ids {
        if let Ok(s) = app.store.get(EntityKind::Staff, *id).await
            && let Ok(m) = StaffMember::parse(&s.record)
        {
            out.push(m.full_name);
        }
    }
    out
}

/// One service's drill schedule.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ServiceDrills {
    pub service_id: i64,
    pub service: String,
    pub last_drill_id: Option<i64>,
    pub last_drill: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub last_held: Option<Date>,
    /// Empty when never drilled: a drill is due now.
    #[schema(value_type = Option<String>, format = Date)]
    pub next_due: Option<Date>,
    pub overdue: bool,
}

/// The drill schedule of the user's services (the API's `GET /drills/due`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DrillsDue {
    pub interval_months: i8,
    pub services: Vec<ServiceDrills>,
}

/// When each of the user's services was last drilled and is next due, by today's date.
pub async fn due(app: &App, user: &User) -> Result<Vec<ServiceDrills>, Error> {
    let services = crate::access::services_for(app, user).await?;
    let q = ListQuery {
        access: user.access.clone(),
        limit: 10_000,
        ..Default::default()
    };
    let drills: Vec<DrillHeld> = app
        .store
        .list(EntityKind::Drill, &q)
        .await?
        .items
        .iter()
        .filter_map(|s| DrillHeld::of(s.id, &s.record))
        .collect();
    let ids: Vec<i64> = services.iter().map(|s| s.id).collect();
    Ok(due_by_service(&ids, &drills, app.clock.today())
        .into_iter()
        .zip(&services)
        .map(|(d, s)| ServiceDrills {
            service_id: d.service_id,
            service: s.record.title(),
            last_drill_id: d.last.as_ref().map(|l| l.drill_id),
            last_drill: d.last.as_ref().map(|l| l.title.clone()),
            last_held: d.last.as_ref().map(|l| l.date),
            next_due: d.next_due,
            overdue: d.overdue,
        })
        .collect())
}

/// A drill's type as people read it.
pub fn type_label(r: &Record) -> &'static str {
    DrillType::from_code(r.text("drill_type")).map_or("", |t| t.label())
}
