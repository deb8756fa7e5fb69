//! The demo's story 2, from the seed: a phishing e-mail at the home-care branch takes e-mail
//! and the care-planning app offline; the review finds the printed emergency-contact sheet out
//! of date and its lesson goes into the governance log; it raises a monthly pack check (done
//! the next day: the printed pack checked, its contact sheet against the care records) and a
//! cyber downtime drill (still open, not yet due). Told through the application's own
//! operations on a clock set to each moment, so the disruption, its timeline, its review, the
//! log entry, the check and the actions are exactly what a user would have made; `lantern demo`
//! tells it. The branch's readiness then reads from those records like any other.

use crate::risk_tests::Tested;
use crate::{App, Clock, Error};
use jiff::{SignedDuration, Timestamp};
use lantern_core::disruption::DeclarationInput;
use lantern_core::{EntityKind, Input, InputVal, Record};
use lantern_store::{Actor, ListQuery, Store, User};

const TITLE: &str = "Phishing: e-mail and CarePlan Cloud taken offline";

async fn named(store: &Store, kind: EntityKind, name: &str) -> Result<Option<i64>, Error> {
    let q = ListQuery {
        search: Some(name.into()),
        limit: 5,
        ..Default::default()
    };
    Ok(store.list(kind, &q).await?.items.first().map(|s| s.id))
}

/// Moves the story's clock to `t`.
fn at(hands: &std::sync::Arc<std::sync::Mutex<Timestamp>>, t: Timestamp) {
    if let Ok(mut c) = hands.lock() {
        *c = t;
    }
}

/// Tells the story at the organisation in `store`, `now` being the demo's present: the incident
/// five days before, its review three days before. `manager` is the registered manager who
/// declares, reviews and raises; nothing happens when the branch or its systems are missing.
pub async fn phishing(store: &Store, manager: &User, now: Timestamp) -> Result<(), Error> {
    let Some(branch) = first_home_care(store).await? else {
        return Ok(());
    };
    let systems = [
        named(store, EntityKind::System, "OfficeMail").await?,
        named(store, EntityKind::System, "CarePlan Cloud").await?,
    ];
    let owner = {
        let q = ListQuery {
            limit: 10_000,
            ..Default::default()
        };
        let staff = store.list(EntityKind::Staff, &q).await?.items;
        staff
            .into_iter()
            .find(|s| s.record.refs("services").contains(&branch))
            .map(|s| s.id)
    };
    let (clock, hands) = Clock::manual(now);
    let app = App {
        store: store.clone(),
        clock,
        builds_packs: false,
    };
    let actor = Actor {
        user_id: Some(manager.id),
        label: manager.name.clone(),
    };
    let local = uk_date;
    let first_day = local(now - SignedDuration::from_hours(5 * 24));
    let start = lantern_core::schedule::parse_moment(&format!("{first_day}T07:40"))
        .map_err(|e| Error::internal(std::io::Error::other(e)))?;
    at(&hands, start + SignedDuration::from_mins(20));
    let id = crate::disruptions::declare(
        &app,
        manager,
        &actor,
        DeclarationInput {
            kind: "cyber_incident".into(),
            title: TITLE.into(),
            systems: systems.iter().flatten().map(i64::to_string).collect(),
            services: vec![branch.to_string()],
            started_at: format!("{first_day}T07:40"),
            detected_at: format!("{first_day}T07:55"),
            coordinator: "Tom Evans".into(),
            summary: "A carer opened a link in a fake delivery e-mail. IT took e-mail and the care-planning app \
                      offline while they reset every account; carers worked from the printed pack."
                .into(),
            safe_care: "not_threatened".into(),
            devices: Vec::new(),
            unit: String::new(),
        },
    )
    .await?;
    let d = crate::disruptions::visible(&app, manager, id).await?;
    for (mins, text) in [
        (35, "Families of the high-risk people rung from the pack's list"),
        (
            70,
            "Two numbers on the printed emergency-contact sheet were out of date: the right ones came from carers' phones",
        ),
        (230, "IT: every account reset, e-mail and CarePlan Cloud back"),
    ] {
        at(&hands, start + SignedDuration::from_mins(mins));
        crate::timeline::add(
            &app,
            manager,
            &actor,
            &d,
            crate::timeline::EntryInput {
                kind: Ok(lantern_core::disruption::EntryKind::Note),
                at: None,
                text,
                corrects: None,
                service: None,
            },
        )
        .await?;
    }
    at(&hands, start + SignedDuration::from_mins(300));
    let restored = format!("{first_day}T11:30");
    crate::closing::close(
        &app,
        &actor,
        &d,
        &restored,
        "All visits covered from the printed lists; nothing missed.",
    )
    .await?;

    // The next morning the senior carers' paper records are entered: every dose and visit of
    // the morning done as planned, so the reconciliation has nothing left to chase.
    at(&hands, start + SignedDuration::from_hours(24));
    enter_paper_records(&app, manager, &actor, id).await?;

    // The review, two days later, and the actions it raised.
    at(&hands, start + SignedDuration::from_hours(48));
    let tested = Tested::Disruption(id);
    let draft = crate::incident_reviews::open(&app, manager, &actor, tested).await?;
    crate::incident_reviews::save(
        &app,
        manager,
        &actor,
        tested,
        &crate::incident_reviews::IncidentReviewInput {
            version: 0,
            what_happened: draft.text.what_happened,
            went_well: "Carers had their printed visit lists and nobody missed a visit. Families of high-risk people \
                        were rung within the hour."
                .into(),
            weaknesses: "The printed emergency-contact sheet was three months old: two numbers were wrong. \
                         Nobody had rehearsed working without e-mail."
                .into(),
            lessons: "Check the printed continuity pack every month, contacts first. Rehearse a cyber downtime at \
                      the branch assurance meetings."
                .into(),
            complete: true,
        },
    )
    .await?;
    // The review re-scores the phishing risk the incident tested, in the same step.
    if let Some(risk) = named(store, EntityKind::Risk, "Phishing").await? {
        let current = store.get(EntityKind::Risk, risk).await?;
        crate::risks::review(
            &app,
            manager,
            &actor,
            risk,
            &crate::risks::ReviewInput {
                version: current.version,
                residual_likelihood: "3".into(),
                residual_impact: "3".into(),
                next_review: local(now + SignedDuration::from_hours(90 * 24)),
                note: "Tested by the phishing incident: the paper fallback held, the contact sheet did not. \
                       Monthly pack checks and a cyber downtime drill added as controls."
                    .into(),
                disruption_id: Some(id),
                ..Default::default()
            },
        )
        .await?;
    }
    crate::governance_log::add(
        &app,
        manager,
        &actor,
        &crate::governance_log::NewInput {
            service: branch.to_string(),
            entry: lantern_core::govern::governance_log::EntryInput {
                kind: "lesson".into(),
                occurred_on: String::new(),
                title: "Phishing: the printed emergency-contact sheet was three months old".into(),
                body: "Two families' numbers on the printed sheet were wrong; carers had the right ones on their \
                       phones. From now on the printed pack is checked every month, contacts first, and the \
                       branch rehearses a cyber downtime at its assurance meetings."
                    .into(),
                about_kind: "disruption".into(),
                about_id: id.to_string(),
            },
        },
    )
    .await?;
    // Raised the next day; the pack check was done that day.
    at(&hands, start + SignedDuration::from_hours(72));
    let done_on = local(start + SignedDuration::from_hours(72));
    crate::pack_ops::record_check(&app, manager, branch, "", true).await?;
    for (name, due_days, done) in [
        (
            "Monthly check of the printed continuity pack, emergency contacts first",
            3,
            true,
        ),
        ("Cyber downtime drill at the branch assurance meeting", 21, false),
        ("Phishing awareness refresher for the carers who are overdue", 14, false),
    ] {
        let mut fields: Vec<(&str, String)> = vec![
            ("name", name.into()),
            ("service_id", branch.to_string()),
            ("due_date", local(now + SignedDuration::from_hours(due_days * 24))),
            ("status", if done { "done" } else { "open" }.into()),
            ("raised_from", "incident_review".into()),
            ("disruption_id", id.to_string()),
        ];
        if let Some(o) = owner {
            fields.push(("owner_id", o.to_string()));
        }
        if done {
            fields.push((
                "evidence",
                "The printed pack was checked and its contact sheet compared with the care records and corrected; \
                 the check is recorded on the pack's page."
                    .into(),
            ));
            fields.push(("done_on", done_on.clone()));
        }
        let input: Input = fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), InputVal::One(v)))
            .collect();
        let record = Record::parse(EntityKind::Action, &input).map_err(Error::Invalid)?;
        crate::register::create(&app, manager, &actor, &record).await?;
    }
    Ok(())
}

/// Enters every paper sheet of disruption `id`: each dose given at its time, each visit
/// completed when it was due, initialled by the senior carer.
async fn enter_paper_records(app: &App, user: &User, actor: &Actor, id: i64) -> Result<(), Error> {
    use crate::sheets::{self, Refused};
    use lantern_store::SheetKind;
    let refused = |what: &str| Error::Conflict(format!("the demo's {what} did not enter"));
    let scope = sheets::Scope::load(app, user, id).await?;
    for line in sheets::list(app, &scope).await? {
        let sheet = (id, line.subject_id, line.day);
        match line.kind {
            SheetKind::Mar => {
                sheets::enter_mar(app, user, actor, sheet, |e| {
                    for r in &mut e.rows {
                        r.typed.outcome = "given".into();
                        r.typed.time = r.time.to_string();
                        r.typed.initials = "AC".into();
                    }
                })
                .await
                .map_err(|e| match e {
                    Refused::Error(e) => e,
                    Refused::Boxes(_) => refused("MAR"),
                })?;
            }
            SheetKind::Visits => {
                sheets::enter_visits(app, user, actor, sheet, |e| {
                    for r in &mut e.rows {
                        r.typed.outcome = "completed".into();
                        r.typed.arrived = r.time.clone();
                    }
                })
                .await
                .map_err(|e| match e {
                    Refused::Error(e) => e,
                    Refused::Boxes(_) => refused("visit sheet"),
                })?;
            }
        }
    }
    Ok(())
}

/// A moment's UK date as YYYY-MM-DD, the forms' own format.
fn uk_date(t: Timestamp) -> String {
    t.to_zoned_datetime(lantern_core::schedule::london()).date().to_string()
}

async fn first_home_care(store: &Store) -> Result<Option<i64>, Error> {
    let q = ListQuery {
        limit: 1000,
        ..Default::default()
    };
    Ok(store
        .list(EntityKind::Service, &q)
        .await?
        .items
        .into_iter()
        .find(|s| s.record.text("service_type") == "home_care")
        .map(|s| s.id))
}
