//! Running a disruption, shared by the pages and the API: who may see which, declaring with
//! the organisation's checklist, and loading what the pure rules in lantern-core need (the
//! clocks, the live board, the rounds, the families to ring).

use crate::App;
use crate::Error;
use crate::packs::all;
use jiff::Timestamp;
use lantern_core::care::{
    CareRecordError, Contact, ContactId, Medicine, Person, PersonId, Service, ServiceId, StaffId, StaffMember, System,
    SystemId, Visit, VisitId,
};
use lantern_core::disruption::board::{self, BoardFacts, BoardRow, BoardVisit, Carer, StatusNow};
use lantern_core::disruption::clocks::{self, SystemClock, SystemTarget};
use lantern_core::disruption::cqc::{self, CqcFacts, CqcPrompt};
use lantern_core::disruption::families::{self, Call, FamilyContact, FamilyLine, FamilyPerson};
use lantern_core::disruption::rounds::{self, Round};
use lantern_core::disruption::status_change::{StatusChange, StatusInput};
use lantern_core::disruption::{Declaration, DeclarationInput, SafeCare, VisitStatus, scenarios, time_critical_people};
use lantern_core::reconcile::Period;
use lantern_core::schedule::due_at;
use lantern_core::user::ServiceAccess;
use lantern_core::{EntityKind, FieldErrors, Record};
use lantern_store::{Actor, DisruptionRow, ListQuery, NewDisruption, NewVisitStatus, Stored, TimelineRow, User};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How a record is read as its typed struct (`Person::parse`, `System::parse`, …).
pub(crate) type Parse<T> = fn(&Record) -> Result<T, CareRecordError>;

/// Records read once as their typed structs. One that does not read is left out and named in
/// the log, as pack building leaves it out: the store checked every record on the way in, so
/// only one kept under older rules can miss.
pub(crate) fn read_all<'a, T>(records: impl IntoIterator<Item = (i64, &'a Record)>, parse: Parse<T>) -> Vec<(i64, T)> {
    records
        .into_iter()
        .filter_map(|(id, r)| match parse(r) {
            Ok(value) => Some((id, value)),
            Err(e) => {
                tracing::warn!(kind = ?r.kind, record = id, error = %e.at(id), "left out a record that does not read as its type");
                None
            }
        })
        .collect()
}

/// One record the operation cannot do without, read as its typed struct; refused, naming the
/// record and its field, when it does not read.
pub(crate) fn read_one<T>(stored: &Stored, parse: Parse<T>, field: &str) -> Result<T, Error> {
    parse(&stored.record).map_err(|e| Error::invalid(field, e.at(stored.id).to_string()))
}

/// A disruption as `user` may see it: one touching at least one of their services, holding only
/// those services, so that every board, list and count built from it is of their services.
/// Others "do not exist" for them, as with register records.
pub async fn visible(app: &App, user: &User, id: i64) -> Result<DisruptionRow, Error> {
    seen_by(app.store.disruption(id).await?, &user.access)
        .ok_or_else(|| Error::NotFound("That disruption does not exist".into()))
}

/// Disruption `id` with every service it affected, when `user` may see it (it touches one of
/// theirs): for work that is done over the whole disruption and then narrowed, like a
/// reconciliation, whose sign-off covers every service.
pub async fn whole_if_visible(app: &App, user: &User, id: i64) -> Result<DisruptionRow, Error> {
    let d = app.store.disruption(id).await?;
    if d.services.iter().any(|s| user.access.allows(*s)) {
        Ok(d)
    } else {
        Err(Error::NotFound("That disruption does not exist".into()))
    }
}

pub async fn list_visible(app: &App, user: &User) -> Result<Vec<DisruptionRow>, Error> {
    Ok(app
        .store
        .disruptions()
        .await?
        .into_iter()
        .filter_map(|d| seen_by(d, &user.access))
        .collect())
}

/// The disruption narrowed to the services `access` allows, or `None` when it has none of them.
pub fn seen_by(mut d: DisruptionRow, access: &ServiceAccess) -> Option<DisruptionRow> {
    d.services.retain(|s| access.allows(*s));
    (!d.services.is_empty()).then_some(d)
}

/// The timeline entries a user with `access` may read: those about the whole disruption and
/// those about their services.
pub async fn timeline(
    store: &lantern_store::Store,
    access: &ServiceAccess,
    id: i64,
) -> Result<Vec<TimelineRow>, Error> {
    let mut entries = store.timeline(id).await?;
    entries.retain(|t| t.visible_to(access));
    Ok(entries)
}

/// A new timeline entry may be about one of the disruption's services the user sees, and may
/// correct only an entry the user can read: another service's entries "do not exist" for them.
pub async fn ensure_entry_refs(
    app: &App,
    user: &User,
    d: &DisruptionRow,
    corrects: Option<i64>,
    service_id: Option<i64>,
) -> Result<(), Error> {
    // The form offers only these: anything else is a crafted request, answered as for a
    // record that does not exist.
    if let Some(s) = service_id
        && !d.services.contains(&s)
    {
        return Err(Error::NotFound(
            "That service is not one this disruption affects".into(),
        ));
    }
    if let Some(old) = corrects
        && !timeline(&app.store, &user.access, d.id)
            .await?
            .iter()
            .any(|t| t.id == old)
    {
        return Err(Error::NotFound(
            "That entry is not in this disruption's timeline".into(),
        ));
    }
    Ok(())
}

/// The refusals of the outage day, worded once for the pages and the API.
pub const RUN: &str = "Your role cannot declare or close disruptions. Ask a coordinator or manager.";
pub const RESPOND: &str = "A read-only user cannot record anything on a disruption.";

pub fn ensure(allowed: bool, refusal: &str) -> Result<(), Error> {
    if allowed {
        Ok(())
    } else {
        Err(Error::Forbidden(refusal.into()))
    }
}

/// The organisation's checklist for a scenario, or the one Lantern ships.
pub async fn checklist(app: &App, scenario: lantern_core::disruption::Scenario) -> Result<Vec<String>, Error> {
    Ok(match app.store.scenario_plan(scenario).await? {
        Some((steps, _, _)) => steps,
        None => scenarios::default_steps(scenario),
    })
}

/// The services that depend on `systems` and that the user may see (a system listing no
/// services is used by all of them).
pub async fn proposed_services(app: &App, user: &User, systems: &[i64]) -> Result<Vec<i64>, Error> {
    let visible: Vec<i64> = crate::access::services_for(app, user)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let mut out = BTreeSet::new();
    for id in systems {
        let system = read_one(&app.store.get(EntityKind::System, *id).await?, System::parse, "systems")?;
        out.extend(visible.iter().filter(|s| system.serves(ServiceId::new(**s))));
    }
    Ok(out.into_iter().collect())
}

/// Declares a disruption: services proposed from the systems when none are chosen, each one
/// the user's own, and the checklist of the type's scenario.
pub async fn declare(app: &App, user: &User, actor: &Actor, mut input: DeclarationInput) -> Result<i64, Error> {
    let now = app.clock.now();
    if input.services.iter().all(|s| s.trim().is_empty()) {
        let systems: Vec<i64> = input.systems.iter().filter_map(|s| s.trim().parse().ok()).collect();
        if let Ok(proposed) = proposed_services(app, user, &systems).await {
            input.services = proposed.iter().map(i64::to_string).collect();
        }
    }
    let devices = crate::devices::named(app, user, &input.devices).await?;
    crate::devices::fill_in(&mut input, &devices);
    let d = Declaration::parse(&input, now).map_err(Error::Invalid)?;
    crate::devices::check_unit(app, &d).await?;
    // The form offers only the user's own services: another one is a crafted request, refused
    // as the register refuses a record of another service.
    for s in &d.services {
        match app.store.get(EntityKind::Service, *s).await {
            Ok(svc) if user.access.allows(svc.id) => {}
            _ => {
                return Err(Error::Forbidden(
                    "You can declare a disruption only for your own services.".into(),
                ));
            }
        }
    }
    let mut errors = FieldErrors::default();
    for s in &d.systems {
        if app.store.get(EntityKind::System, *s).await.is_err() {
            errors.add("systems", format!("system {s} is not in the register"));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let scenario = d.kind.scenario();
    let steps = checklist(app, scenario).await?;
    let new = NewDisruption {
        kind: d.kind,
        scenario,
        title: &d.title,
        summary: &d.summary,
        coordinator: &d.coordinator,
        started_at: d.started_at,
        detected_at: d.detected_at,
        systems: &d.systems,
        services: &d.services,
        steps: &steps,
        safe_care: d.safe_care,
        devices: &d.devices,
        unit: d.unit.as_deref(),
    };
    Ok(app.store.declare_disruption(&new, actor, now).await?)
}

/// The end of the disruption's clock: its restoration, or now.
pub fn until(d: &DisruptionRow, now: Timestamp) -> Timestamp {
    d.restored_at.unwrap_or(now)
}

/// The affected systems with their recovery targets, as the clocks need them.
pub async fn targets(store: &lantern_store::Store, ids: &[i64]) -> Result<Vec<SystemTarget>, Error> {
    let mut out = Vec::new();
    for id in ids {
        let s = store.get(EntityKind::System, *id).await?;
        out.push(SystemTarget::of(
            SystemId::new(s.id),
            &read_one(&s, System::parse, "systems")?,
        ));
    }
    Ok(out)
}

/// The clocks and the CQC prompt, if one shows.
pub async fn clocks(app: &App, d: &DisruptionRow) -> Result<(Vec<SystemClock>, Option<CqcPrompt>), Error> {
    let systems = targets(&app.store, &d.systems).await?;
    let end = until(d, app.clock.now());
    Ok((
        clocks::system_clocks(d.started_at, end, &systems),
        cqc_prompt(d, end, &systems),
    ))
}

/// The CQC prompt for a disruption whose clock runs until `until` (the page, the API, the report).
pub fn cqc_prompt(d: &DisruptionRow, until: Timestamp, systems: &[SystemTarget]) -> Option<CqcPrompt> {
    cqc::cqc_prompt(&CqcFacts {
        kind: d.kind,
        started: d.started_at,
        until,
        systems,
        safe_care: d.safe_care,
        notified: d.cqc_notified_at.is_some(),
    })
}

/// Records the answer to "does this stop or threaten safe care?" (pages and API alike).
pub async fn record_safe_care(app: &App, actor: &Actor, d: &DisruptionRow, answer: &str) -> Result<(), Error> {
    let answer = SafeCare::answer(answer).map_err(|e| Error::invalid("safe_care", e))?;
    Ok(app.store.record_safe_care(d.id, answer, actor, app.clock.now()).await?)
}

/// Minutes an unconfirmed visit may run before the board warns (organisation setting).
pub async fn warn_after(app: &App) -> Result<i64, Error> {
    let settings = app.store.settings().await?;
    Ok(settings
        .get("disruption")
        .and_then(|d| d.get("warn_after_minutes"))
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(board::DEFAULT_WARN_AFTER_MINUTES))
}

pub(crate) fn in_service(service_id: i64) -> ListQuery {
    ListQuery {
        service: Some(service_id),
        ..Default::default()
    }
}

/// The records of `kind` listed by `q`, read as their typed struct.
pub(crate) async fn typed<T>(
    store: &lantern_store::Store,
    kind: EntityKind,
    q: ListQuery,
    parse: Parse<T>,
) -> Result<Vec<(i64, T)>, Error> {
    let recs = all(store, kind, q).await?;
    Ok(read_all(recs.iter().map(|r| (r.id, &r.record)), parse))
}

/// A day's visits of a home-care service as the board shows them (the board shows today's):
/// those the disruption's window holds, with the numbers to ring.
pub async fn board_rows(
    app: &App,
    d: &DisruptionRow,
    service_id: i64,
    day: jiff::civil::Date,
) -> Result<Vec<BoardRow>, Error> {
    let store = &app.store;
    let on_day = ListQuery {
        date: Some(day),
        ..in_service(service_id)
    };
    let visits = typed(store, EntityKind::Visit, on_day, Visit::parse).await?;
    let people: BTreeMap<PersonId, Person> = typed(store, EntityKind::Person, in_service(service_id), Person::parse)
        .await?
        .into_iter()
        .map(|(id, p)| (PersonId::new(id), p))
        .collect();
    let medicines = typed(store, EntityKind::Medicine, in_service(service_id), Medicine::parse).await?;
    let critical = time_critical_people(medicines.iter().map(|(_, m)| m), day);
    let staff: BTreeMap<StaffId, Carer> = typed(store, EntityKind::Staff, ListQuery::default(), StaffMember::parse)
        .await?
        .into_iter()
        .map(|(id, s)| (StaffId::new(id), Carer::of(StaffId::new(id), &s)))
        .collect();
    let board_visits: Vec<BoardVisit> = visits
        .iter()
        .map(|(id, v)| {
            let person = people.get(&v.person_id);
            BoardVisit::of(VisitId::new(*id), v, person, &staff, critical.contains(&v.person_id))
        })
        .collect();
    let statuses = latest_statuses(app, d.id).await?;
    let family_told = family_told(store, d.id, service_id).await?;
    Ok(board::board(&BoardFacts {
        visits: &board_visits,
        statuses: &statuses,
        family_told: &family_told,
        window: Period {
            start: d.started_at,
            end: d.restored_at.unwrap_or(Timestamp::MAX),
        },
        now: app.clock.now(),
        warn_after_minutes: warn_after(app).await?,
    }))
}

/// By person of the service: when a call last reached their family (or was judged not needed).
async fn family_told(store: &lantern_store::Store, id: i64, service_id: i64) -> Result<HashMap<i64, Timestamp>, Error> {
    let person_of: HashMap<i64, i64> = typed(store, EntityKind::Contact, in_service(service_id), Contact::parse)
        .await?
        .iter()
        .map(|(id, c)| (*id, c.person_id.get()))
        .collect();
    let mut told: HashMap<i64, Timestamp> = HashMap::new();
    for call in store.family_calls(id).await? {
        if let Some(person) = person_of.get(&call.contact_id).filter(|_| call.outcome.settles()) {
            let latest = told.entry(*person).or_insert(call.at);
            *latest = (*latest).max(call.at);
        }
    }
    Ok(told)
}

fn status_now(s: lantern_store::VisitStatusRow) -> StatusNow {
    StatusNow {
        status: s.status,
        at: s.at,
        by: s.by,
        note: s.note,
        expected_at: s.expected_at,
        reason: s.reason,
    }
}

pub async fn latest_statuses(app: &App, id: i64) -> Result<HashMap<i64, StatusNow>, Error> {
    let mut latest = HashMap::new();
    for s in app.store.visit_statuses(id).await? {
        latest.insert(s.visit_id, status_now(s));
    }
    Ok(latest)
}

/// Every status set on each visit, oldest first: what the board learnt, for the visit sheet.
pub async fn status_histories(store: &lantern_store::Store, id: i64) -> Result<HashMap<i64, Vec<StatusNow>>, Error> {
    let mut all: HashMap<i64, Vec<StatusNow>> = HashMap::new();
    for s in store.visit_statuses(id).await? {
        all.entry(s.visit_id).or_default().push(status_now(s));
    }
    Ok(all)
}

/// Today's medicine rounds of a residential or supported-living service, on the disruption's
/// unit only when it has one.
pub async fn service_rounds(app: &App, d: &DisruptionRow, service_id: i64) -> Result<Vec<Round>, Error> {
    let day = app.clock.today();
    let people: Vec<(PersonId, Person)> = typed(&app.store, EntityKind::Person, in_service(service_id), Person::parse)
        .await?
        .into_iter()
        .filter(|(_, p)| crate::devices::in_reach(d, p))
        .map(|(id, p)| (PersonId::new(id), p))
        .collect();
    let medicines = typed(
        &app.store,
        EntityKind::Medicine,
        in_service(service_id),
        Medicine::parse,
    )
    .await?;
    let people: Vec<(PersonId, &Person)> = people.iter().map(|(id, p)| (*id, p)).collect();
    let medicines: Vec<&Medicine> = medicines.iter().map(|(_, m)| m).collect();
    Ok(rounds::rounds_of(day, &people, &medicines))
}

/// The families to ring for every affected service the user may see.
pub async fn family_lines(app: &App, user: &User, d: &DisruptionRow) -> Result<Vec<FamilyLine>, Error> {
    family_lines_in(&app.store, &user.access, d).await
}

/// The families list of the services `access` allows.
pub async fn family_lines_in(
    store: &lantern_store::Store,
    access: &ServiceAccess,
    d: &DisruptionRow,
) -> Result<Vec<FamilyLine>, Error> {
    let mut people = Vec::new();
    let mut contacts = Vec::new();
    for service_id in d.services.iter().filter(|s| access.allows(**s)) {
        let service = read_one(
            &store.get(EntityKind::Service, *service_id).await?,
            Service::parse,
            "services",
        )?;
        // A disruption confined to one unit rings the families of that unit's people only.
        let people_in_reach = typed(store, EntityKind::Person, in_service(*service_id), Person::parse)
            .await?
            .into_iter()
            .filter(|(_, p)| crate::devices::in_reach(d, p));
        for (id, p) in people_in_reach {
            people.push(FamilyPerson::of(PersonId::new(id), &p, &service.name));
        }
        for (id, c) in typed(store, EntityKind::Contact, in_service(*service_id), Contact::parse).await? {
            contacts.push(FamilyContact::of(ContactId::new(id), &c));
        }
    }
    let calls: Vec<Call> = store
        .family_calls(d.id)
        .await?
        .into_iter()
        .map(|c| Call {
            contact_id: c.contact_id,
            outcome: c.outcome,
            at: c.at,
            by: c.by,
            note: c.note,
        })
        .collect();
    Ok(families::families_to_contact(&people, &contacts, &calls))
}

/// Sets a visit's status after checking the visit belongs to an affected service the user may
/// see and that the status makes sense for it (Late with a time, Missed with a reason and a
/// confirmation); a missed visit also goes in the timeline. Nothing is saved when refused.
pub async fn set_visit_status(
    app: &App,
    user: &User,
    actor: &Actor,
    d: &DisruptionRow,
    visit_id: i64,
    input: &StatusInput<'_>,
) -> Result<(Stored, StatusChange), Error> {
    let visit = app.store.get(EntityKind::Visit, visit_id).await?;
    let service = visit.service_id.unwrap_or(0);
    if !d.services.contains(&service) || !user.access.allows(service) {
        return Err(Error::NotFound("That visit is not on this disruption's board".into()));
    }
    let now = app.clock.now();
    let v = read_one(&visit, Visit::parse, "visit")?;
    let due = due_at(v.date, v.start).0;
    let change = StatusChange::parse(input, v.date, due, now).map_err(Error::Invalid)?;
    let text = if change.status == VisitStatus::Missed {
        let person = app.store.get(EntityKind::Person, v.person_id.get()).await?;
        let person = read_one(&person, Person::parse, "visit")?.full_name;
        let start = v.start;
        Some(
            format!(
                "Visit to {person} at {start} marked missed: {}. {}",
                change.reason, change.note
            )
            .trim()
            .to_string(),
        )
    } else {
        None
    };
    app.store
        .set_visit_status(
            d.id,
            &NewVisitStatus {
                visit_id,
                status: change.status,
                note: &change.note,
                expected_at: change.expected_at,
                reason: &change.reason,
                timeline: text.as_deref(),
                service_id: Some(service),
            },
            actor,
            now,
        )
        .await?;
    Ok((visit, change))
}

/// Records a call to a contact on the families list.
pub async fn record_call(
    app: &App,
    user: &User,
    actor: &Actor,
    d: &DisruptionRow,
    contact_id: i64,
    outcome: lantern_core::disruption::CallOutcome,
    note: &str,
) -> Result<(), Error> {
    let lines = family_lines(app, user, d).await?;
    if !lines.iter().any(|l| l.contact.contact_id == contact_id) {
        return Err(Error::NotFound("That contact is not on this disruption's list".into()));
    }
    let note = check_len("note", note, 2000)?;
    app.store
        .record_family_call(d.id, contact_id, outcome, &note, actor, app.clock.now())
        .await?;
    Ok(())
}

pub fn check_len(field: &str, text: &str, max: usize) -> Result<String, Error> {
    let t = text.trim();
    if t.chars().count() > max {
        return Err(Error::invalid(field, format!("is too long (at most {max} characters)")));
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: EntityKind, fields: &[(&str, &str)]) -> Record {
        let input: lantern_core::Input = fields
            .iter()
            .map(|(k, v)| (k.to_string(), lantern_core::InputVal::One(v.to_string())))
            .collect();
        Record::parse(kind, &input).unwrap()
    }

    #[test]
    fn a_record_that_does_not_read_is_left_out_of_a_list_and_refused_alone() {
        let ada = record(
            EntityKind::Person,
            &[("service_id", "1"), ("full_name", "Ada Khan"), ("risk_tier", "high")],
        );
        // Kept under older rules: no risk tier.
        let input: lantern_core::Input = [("service_id", "1"), ("full_name", "Ben Ode")]
            .iter()
            .map(|(k, v)| (k.to_string(), lantern_core::InputVal::One(v.to_string())))
            .collect();
        let ben = Record::parse_stored(EntityKind::Person, &input).unwrap();
        let read = read_all([(4, &ada), (5, &ben)], Person::parse);
        let names: Vec<(i64, &str)> = read.iter().map(|(id, p)| (*id, p.full_name.as_str())).collect();
        assert_eq!(names, [(4, "Ada Khan")]);
        let stored = Stored {
            id: 5,
            version: 1,
            record: ben,
            external_id: None,
            service_id: Some(1),
            created_at: jiff::Timestamp::UNIX_EPOCH,
            created_by: String::new(),
            updated_at: jiff::Timestamp::UNIX_EPOCH,
            updated_by: String::new(),
            ended_at: None,
            ended_by: None,
        };
        match read_one(&stored, Person::parse, "person") {
            Err(Error::Invalid(errors)) => {
                let said = errors.get("person").unwrap_or_default();
                assert!(said.contains("#5") && said.contains("is missing"), "{said}");
            }
            other => panic!("refused as invalid, not {:?}", other.map(|p| p.full_name)),
        }
    }
}
