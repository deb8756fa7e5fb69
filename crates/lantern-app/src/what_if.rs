//! The outage what-if as an operation: from the register as it stands now, what an outage of
//! the chosen systems (and services struck directly) from `start` for some hours would touch,
//! for a drill's briefing or the business impact analysis. A user of some services sees only
//! theirs. Running it is audited: the answer names people and their medicines.

use crate::disruptions::{in_service, read_one, typed};
use crate::{App, Error};
use jiff::Timestamp;
use lantern_core::EntityKind;
use lantern_core::care::{
    Contact, ContactId, Medicine, MedicineId, Person, PersonId, Service, Shift, StaffMember, System, SystemId, Visit,
    VisitId,
};
use lantern_core::disruption::DisruptionKind;
use lantern_core::disruption::clocks::SystemTarget;
use lantern_core::disruption::families::{FamilyContact, FamilyPerson};
use lantern_core::govern::what_if::{
    self, MAX_HOURS, Outage, OutageSystem, PersonInService, PlannedShift, Register, WhatIf,
};
use lantern_core::reconcile::{MedicineSchedule, PlannedVisit};
use lantern_core::user::ServiceAccess;
use lantern_store::{Actor, ListQuery};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What to imagine.
#[derive(Debug, Clone)]
pub struct Ask {
    pub kind: DisruptionKind,
    pub systems: Vec<i64>,
    pub services: Vec<i64>,
    pub start: Timestamp,
    pub hours: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = WhatIfWindow)]
pub struct Window {
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub end: Timestamp,
    pub hours: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = WhatIfService)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DoseDue {
    pub person_id: i64,
    pub person: String,
    pub medicine_id: i64,
    pub medicine: String,
    #[schema(value_type = String, format = DateTime)]
    pub due_at: Timestamp,
    /// The time printed on the paper MAR.
    pub time: String,
    pub time_critical: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VisitDue {
    pub visit_id: i64,
    pub person: String,
    pub service_id: i64,
    #[schema(value_type = String, format = DateTime)]
    pub due_at: Timestamp,
    pub minutes: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShiftOn {
    pub staff: String,
    pub service_id: i64,
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub end: Timestamp,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FamilyToRing {
    pub person: String,
    pub risk_tier: String,
    pub contact: String,
    pub relationship: String,
    pub phone: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SystemMilestones {
    pub system_id: i64,
    pub name: String,
    #[schema(value_type = String, format = DateTime)]
    pub rto_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub mtpd_at: Timestamp,
    pub passes_rto: bool,
    pub passes_mtpd: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CqcLine {
    /// "notify_now" or "consider".
    #[schema(value_type = String, pattern = "^(notify_now|consider)$")]
    pub urgency: lantern_core::disruption::cqc::Urgency,
    pub reason: String,
}

/// The what-if in words and names, for the API, the command line, a drill page and its PDF.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = WhatIf)]
pub struct Answer {
    pub window: Window,
    pub services: Vec<Named>,
    pub people: usize,
    pub doses: Vec<DoseDue>,
    pub time_critical_doses: usize,
    pub visits: Vec<VisitDue>,
    pub shifts: Vec<ShiftOn>,
    pub families: Vec<FamilyToRing>,
    pub systems: Vec<SystemMilestones>,
    pub cqc: Option<CqcLine>,
}

/// The register of `services` as it stands, for the what-if.
struct Loaded {
    people: Vec<PersonInService>,
    names: BTreeMap<i64, String>,
    contacts: Vec<FamilyContact>,
    medicines: Vec<MedicineSchedule>,
    visits: Vec<PlannedVisit>,
    shifts: Vec<PlannedShift>,
}

async fn load(app: &App, services: &BTreeMap<i64, String>) -> Result<Loaded, Error> {
    let store = &app.store;
    let staff: BTreeMap<i64, String> = typed(store, EntityKind::Staff, ListQuery::default(), StaffMember::parse)
        .await?
        .into_iter()
        .map(|(id, s)| (id, s.full_name))
        .collect();
    let mut l = Loaded {
        people: Vec::new(),
        names: BTreeMap::new(),
        contacts: Vec::new(),
        medicines: Vec::new(),
        visits: Vec::new(),
        shifts: Vec::new(),
    };
    for (id, name) in services {
        for (p, person) in typed(store, EntityKind::Person, in_service(*id), Person::parse).await? {
            l.names.insert(p, person.full_name.clone());
            l.people.push(PersonInService {
                service_id: *id,
                person: FamilyPerson::of(PersonId::new(p), &person, name),
            });
        }
        for (c, contact) in typed(store, EntityKind::Contact, in_service(*id), Contact::parse).await? {
            l.contacts.push(FamilyContact::of(ContactId::new(c), &contact));
        }
        for (m, medicine) in typed(store, EntityKind::Medicine, in_service(*id), Medicine::parse).await? {
            l.medicines.push(MedicineSchedule::of(MedicineId::new(m), &medicine));
        }
        for (v, visit) in typed(store, EntityKind::Visit, in_service(*id), Visit::parse).await? {
            l.visits.push(PlannedVisit::of(VisitId::new(v), &visit));
        }
        for (s, shift) in typed(store, EntityKind::Shift, in_service(*id), Shift::parse).await? {
            let who = staff.get(&shift.staff_id.get()).cloned().unwrap_or_default();
            l.shifts.push(PlannedShift::of(s, &shift, &who));
        }
    }
    Ok(l)
}

/// The services `access` allows, by id, with their names: what a what-if may strike.
pub async fn services_of(app: &App, access: &ServiceAccess) -> Result<BTreeMap<i64, String>, Error> {
    let all = typed(&app.store, EntityKind::Service, ListQuery::default(), Service::parse).await?;
    Ok(all
        .into_iter()
        .filter(|(id, _)| access.allows(*id))
        .map(|(id, s)| (id, s.name))
        .collect())
}

/// Every system of the register, by id: what a what-if may take down.
pub async fn systems(app: &App) -> Result<Vec<(i64, System)>, Error> {
    typed(&app.store, EntityKind::System, ListQuery::default(), System::parse).await
}

fn check(ask: &Ask) -> Result<(), Error> {
    if !(1..=MAX_HOURS).contains(&ask.hours) {
        return Err(Error::invalid(
            "hours",
            format!("give the outage's length in whole hours, from 1 to {MAX_HOURS} (a week)"),
        ));
    }
    if ask.systems.is_empty() && ask.services.is_empty() {
        return Err(Error::invalid(
            "systems",
            "choose the systems that fail, or the services struck",
        ));
    }
    Ok(())
}

/// What `ask` would touch, as a user with `access` may see it (the command line sees all).
pub async fn run(app: &App, access: &ServiceAccess, actor: &Actor, ask: &Ask) -> Result<Answer, Error> {
    check(ask)?;
    let visible = services_of(app, access).await?;
    if let Some(s) = ask.services.iter().find(|s| !visible.contains_key(s)) {
        // Another service "does not exist" for a user limited to theirs, as with its records.
        return Err(Error::NotFound(format!("There is no service {s} among yours.")));
    }
    let mut systems = Vec::new();
    for id in &ask.systems {
        let stored = app
            .store
            .get(EntityKind::System, *id)
            .await
            .map_err(|_| Error::invalid("systems", format!("there is no system {id}")))?;
        let system = read_one(&stored, System::parse, "systems")?;
        systems.push(OutageSystem {
            target: SystemTarget::of(SystemId::new(*id), &system),
            services: system.services.iter().map(|s| s.get()).collect(),
        });
    }
    let outage = Outage {
        kind: ask.kind,
        systems,
        services: ask.services.clone(),
        start: ask.start,
        minutes: ask.hours * 60,
    };
    let ids: Vec<i64> = visible.keys().copied().collect();
    let touched: BTreeMap<i64, String> = what_if::services_touched(&outage, &ids)
        .into_iter()
        .filter_map(|id| visible.get(&id).map(|n| (id, n.clone())))
        .collect();
    let l = load(app, &touched).await?;
    let touched_ids: Vec<i64> = touched.keys().copied().collect();
    let w = what_if::what_if(
        &outage,
        Register {
            services: &touched_ids,
            people: &l.people,
            contacts: &l.contacts,
            medicines: &l.medicines,
            visits: &l.visits,
            shifts: &l.shifts,
        },
    );
    let answer = answer(&w, ask.hours, &touched, &l);
    crate::audit::seen(
        app,
        actor,
        "view",
        format!(
            "Ran an outage what-if of {} hours over {} (people, medicines and visits)",
            ask.hours,
            lantern_core::words::count(answer.services.len(), "service", "services")
        ),
        None,
    )
    .await?;
    Ok(answer)
}

fn answer(w: &WhatIf, hours: i64, services: &BTreeMap<i64, String>, l: &Loaded) -> Answer {
    let name = |id: i64| l.names.get(&id).cloned().unwrap_or_else(|| format!("Person {id}"));
    let medicines: BTreeMap<i64, &MedicineSchedule> = l.medicines.iter().map(|m| (m.medicine_id, m)).collect();
    let critical: BTreeSet<i64> = w.time_critical.iter().map(|d| d.medicine_id).collect();
    Answer {
        window: Window {
            start: w.period.start,
            end: w.period.end,
            hours,
        },
        services: w
            .services
            .iter()
            .map(|id| Named {
                id: *id,
                name: services.get(id).cloned().unwrap_or_default(),
            })
            .collect(),
        people: w.people.len(),
        doses: w
            .doses
            .iter()
            .map(|d| DoseDue {
                person_id: d.person_id,
                person: name(d.person_id),
                medicine_id: d.medicine_id,
                medicine: medicines
                    .get(&d.medicine_id)
                    .map(|m| m.label.clone())
                    .unwrap_or_default(),
                due_at: d.due_at,
                time: d.time.to_string(),
                time_critical: critical.contains(&d.medicine_id),
            })
            .collect(),
        time_critical_doses: w.time_critical.len(),
        visits: w
            .visits
            .iter()
            .map(|v| VisitDue {
                visit_id: v.visit_id,
                person: name(v.person_id),
                service_id: v.service_id,
                due_at: v.due,
                minutes: v.duration_minutes,
            })
            .collect(),
        shifts: w
            .shifts
            .iter()
            .map(|s| ShiftOn {
                staff: s.staff.clone(),
                service_id: s.service_id,
                start: s.start,
                end: s.end,
            })
            .collect(),
        families: w
            .families
            .iter()
            .map(|f| FamilyToRing {
                person: f.person.name.clone(),
                risk_tier: f.person.risk_tier.clone(),
                contact: f.contact.name.clone(),
                relationship: f.contact.relationship.clone(),
                phone: f.contact.phone.clone(),
                reason: f.reason.clone(),
            })
            .collect(),
        systems: w
            .milestones
            .iter()
            .map(|m| SystemMilestones {
                system_id: m.system_id,
                name: m.name.clone(),
                rto_at: m.rto_at,
                mtpd_at: m.mtpd_at,
                passes_rto: m.passes_rto,
                passes_mtpd: m.passes_mtpd,
            })
            .collect(),
        cqc: w.cqc.as_ref().map(|c| CqcLine {
            urgency: c.urgency,
            reason: c.reason.clone(),
        }),
    }
}
