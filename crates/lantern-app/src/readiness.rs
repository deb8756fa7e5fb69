//! Readiness per service as an operation (issue [11], point 5): the facts gathered from the
//! records as they stand — packs and their checks, contacts, drills, training, devices, risks,
//! actions, reviews — judged by lantern-core's readiness, for the services the user may see.
//! Each working-out is kept as that day's readiness, so a past date shows what it was then;
//! while serving, every service's is worked out each hour, so a day nobody looked is kept too.

use crate::{App, Error};
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::EntityKind;
use lantern_core::govern::readiness::{
    self as core, ActionFact, ContactFacts, CourseFact, DrillFacts, PackFacts, Readiness, ReviewFact, RiskFact,
    ServiceFacts, TrainingFacts, UnitFacts,
};
use lantern_core::govern::risks::RiskLine;
use lantern_core::schedule::london_date;
use lantern_core::user::{Role, ServiceAccess};
use lantern_store::{Actor, ListQuery, ReadinessDay, Stored, User};
use std::collections::{BTreeMap, BTreeSet};

/// A service's readiness on a day, live or as kept.
#[derive(Debug, Clone)]
pub struct ServiceReadiness {
    pub service_id: i64,
    pub service: String,
    /// The day it is readiness for.
    pub day: Date,
    /// When it was worked out: now for today's, the last working-out of that day for a past
    /// date; none when nothing was kept on or before the day asked for.
    pub recorded_at: Option<Timestamp>,
    /// The day it was kept for, when that is earlier than the day asked for (Lantern was not
    /// running that day).
    pub kept_on: Option<Date>,
    pub readiness: Option<Readiness>,
}

fn current(service: Option<i64>) -> ListQuery {
    ListQuery {
        service,
        limit: 100_000,
        ..Default::default()
    }
}

/// The readiness of every service the user may see, today (worked out and kept) or on a past
/// day (as kept then).
pub async fn services(app: &App, user: &User, on: Option<Date>) -> Result<Vec<ServiceReadiness>, Error> {
    let today = app.clock.today();
    not_to_come(on, today)?;
    let services = crate::access::services_for(app, user).await?;
    match on.filter(|d| *d < today) {
        None => work_out(app, &services).await,
        Some(day) => {
            let mut out = Vec::new();
            for s in &services {
                out.push(kept(app, s, day).await?);
            }
            Ok(out)
        }
    }
}

fn not_to_come(on: Option<Date>, today: Date) -> Result<(), Error> {
    if on.is_some_and(|d| d > today) {
        return Err(Error::invalid(
            "on",
            "readiness can be shown for today or a day before, not a day to come",
        ));
    }
    Ok(())
}

/// One service's readiness, today or on a past day; reading it is audited, since its lights
/// may name people supported (those without an emergency contact).
pub async fn service(
    app: &App,
    user: &User,
    actor: &Actor,
    service_id: i64,
    on: Option<Date>,
) -> Result<ServiceReadiness, Error> {
    let service = crate::access::visible_service(app, user, service_id).await?;
    let today = app.clock.today();
    not_to_come(on, today)?;
    let shown = match on.filter(|d| *d < today) {
        None => work_out(app, std::slice::from_ref(&service))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| Error::NotFound("There is no such service.".into()))?,
        Some(day) => kept(app, &service, day).await?,
    };
    let when = match on.filter(|d| *d < today) {
        Some(d) => format!(" on {}", d.strftime("%-d %b %Y")),
        None => String::new(),
    };
    let detail = format!("Viewed the readiness of {}{when}", shown.service);
    crate::audit::seen(
        app,
        actor,
        "view",
        detail,
        Some((EntityKind::Service, service_id, Some(service_id))),
    )
    .await?;
    Ok(shown)
}

/// A service's kept readiness from `from` to `to`, oldest first (the trend).
pub async fn history(
    app: &App,
    user: &User,
    service_id: i64,
    from: Date,
    to: Date,
) -> Result<Vec<ReadinessDay>, Error> {
    crate::access::visible_service(app, user, service_id).await?;
    if from > to {
        return Err(Error::invalid("from", "the first day comes after the last"));
    }
    if to.since(from).map_or(true, |span| span.get_days() > 366) {
        return Err(Error::invalid("from", "ask for at most a year at a time"));
    }
    Ok(app.store.readiness_between(service_id, from, to).await?)
}

/// Lantern itself reading the records of the services `access` names: never signed in, never
/// audited as a person.
fn reader(access: ServiceAccess) -> User {
    User {
        id: 0,
        email: String::new(),
        name: "Lantern".into(),
        role: Role::Admin,
        access,
        password_hash: String::new(),
        disabled: false,
    }
}

/// Works out and keeps every current service's readiness today. Run each hour while serving.
pub async fn keep_all(app: &App) -> Result<usize, Error> {
    let services = crate::access::services_for(app, &reader(ServiceAccess::All)).await?;
    Ok(work_out(app, &services).await?.len())
}

/// While serving: keeps every service's readiness now, then every hour.
pub async fn keep_readiness(app: App) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        if let Err(e) = keep_all(&app).await {
            tracing::warn!(error = %e, "could not keep today's readiness");
        }
    }
}

async fn kept(app: &App, service: &Stored, day: Date) -> Result<ServiceReadiness, Error> {
    let row = app.store.readiness_on(service.id, day).await?;
    Ok(ServiceReadiness {
        service_id: service.id,
        service: service.record.title(),
        day,
        recorded_at: row.as_ref().map(|r| r.recorded_at),
        kept_on: row.as_ref().map(|r| r.day).filter(|d| *d != day),
        readiness: row.map(|r| r.readiness),
    })
}

/// Today's readiness of `services`, worked out from the records and kept.
async fn work_out(app: &App, services: &[Stored]) -> Result<Vec<ServiceReadiness>, Error> {
    let (now, today) = (app.clock.now(), app.clock.today());
    let shared = Shared::load(app, services).await?;
    let mut out = Vec::new();
    for s in services {
        let facts = facts(app, &shared, s.id).await?;
        let readiness = core::assess(&facts, today);
        app.store.keep_readiness(s.id, today, now, &readiness).await?;
        out.push(ServiceReadiness {
            service_id: s.id,
            service: s.record.title(),
            day: today,
            recorded_at: Some(now),
            kept_on: None,
            readiness: Some(readiness),
        });
    }
    Ok(out)
}

/// What is read once for every service: drills, training, units, risks, reviews.
struct Shared {
    policy: lantern_core::pack::PackPolicy,
    drills: BTreeMap<i64, DrillFacts>,
    training: crate::training::Coverage,
    units: Vec<crate::device_assurance::UnitView>,
    risks: Vec<RiskLine>,
    awaiting: Vec<lantern_store::DisruptionRow>,
}

impl Shared {
    async fn load(app: &App, services: &[Stored]) -> Result<Self, Error> {
        // Everything is read with the services' own scope, whoever asks: the lights of a
        // service are the same for its manager and for the organisation.
        let scope = reader(ServiceAccess::Only(services.iter().map(|s| s.id).collect()));
        let drills = crate::drills::due(app, &scope)
            .await?
            .into_iter()
            .map(|d| {
                (
                    d.service_id,
                    DrillFacts {
                        last: d.last_held,
                        next_due: d.next_due,
                    },
                )
            })
            .collect();
        let risks = crate::packs::all(
            &app.store,
            EntityKind::Risk,
            ListQuery {
                access: scope.access.clone(),
                ..current(None)
            },
        )
        .await?
        .iter()
        .filter_map(|r| RiskLine::parse(r.id, &r.record))
        .filter(|r| r.status != "closed")
        .collect();
        Ok(Shared {
            policy: crate::packs::policy(&app.store).await?,
            drills,
            training: crate::training::compute(app, &scope, None).await?,
            units: crate::device_assurance::units(app, &scope).await?,
            risks,
            awaiting: crate::incident_reviews::awaiting(app, &scope).await?,
        })
    }
}

async fn facts(app: &App, shared: &Shared, service_id: i64) -> Result<ServiceFacts, Error> {
    let store = &app.store;
    let (now, today) = (app.clock.now(), app.clock.today());
    let policy = &shared.policy;
    let pack = crate::packs::service_pack(store, service_id, policy, now).await?;
    let checks = store.pack_checks(service_id).await?;
    let verified = checks.iter().find(|c| c.contacts_verified);
    let people = store.list(EntityKind::Person, &current(Some(service_id))).await?.items;
    let with_contact: BTreeSet<i64> = store
        .list(EntityKind::Contact, &current(Some(service_id)))
        .await?
        .items
        .iter()
        .filter_map(|c| c.record.int("person_id"))
        .collect();
    let training = &shared.training;
    let courses = training
        .courses
        .iter()
        .map(|c| CourseFact {
            name: c.name.clone(),
            percent: training.cell(service_id, c.id).and_then(|cell| cell.percent),
        })
        .collect();
    let actions = store.list(EntityKind::Action, &current(Some(service_id))).await?.items;
    Ok(ServiceFacts {
        pack: PackFacts {
            version: pack.latest.as_ref().map(|p| p.version),
            out_of_date: pack.fresh.out_of_date().to_vec(),
            last_check: checks.first().map(|c| london_date(c.checked_at)),
            check_every_days: policy.check_every_days,
        },
        contacts: ContactFacts {
            last_verified: verified.map(|c| (london_date(c.checked_at), c.checked_by.clone())),
            people_without: people
                .iter()
                .filter(|p| !with_contact.contains(&p.id))
                .map(|p| p.record.title())
                .collect(),
            every_days: policy.check_every_days,
        },
        drill: shared.drills.get(&service_id).cloned().unwrap_or_default(),
        training: TrainingFacts {
            threshold: training.threshold_percent,
            courses,
        },
        units: shared
            .units
            .iter()
            .filter(|u| u.service_id == service_id)
            .map(|u| UnitFacts {
                name: u.unit.clone(),
                light: u.devices.light,
                reasons: u.devices.reasons.clone(),
            })
            .collect(),
        risks: shared
            .risks
            .iter()
            .filter(|r| r.service_id.is_none_or(|s| s == service_id))
            .map(|r| RiskFact {
                id: r.id,
                name: r.name.clone(),
                review_date: r.review_date,
            })
            .collect(),
        overdue_actions: actions
            .iter()
            .filter_map(|a| {
                let due = a.record.date("due_date")?;
                (a.record.text("status") != "done" && due < today).then(|| ActionFact {
                    id: a.id,
                    name: a.record.title(),
                    due,
                })
            })
            .collect(),
        awaiting_review: shared
            .awaiting
            .iter()
            .filter(|d| d.services.contains(&service_id))
            .map(|d| ReviewFact {
                disruption_id: d.id,
                title: d.title.clone(),
                closed_on: d.closed_at.map_or(today, london_date),
            })
            .collect(),
    })
}
