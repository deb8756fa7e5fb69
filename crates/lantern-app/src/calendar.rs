//! The assurance calendar as operations (issue [11] item 4): the duties a user may see — their
//! services' pack checks, drills, device audits and training renewals, and the organisation's
//! plan review and supplier reviews — each with its last time done read from the records
//! (lantern-core::govern::calendar holds the rules), who is responsible, naming someone
//! responsible (managers and administrators, audited), the overdue duties a user is
//! responsible for (for the home page), and each user's private calendar feed.
//!
//! Scope is the register's: a user limited to some services meets no duty of another service,
//! by page, API or feed. The organisation's duties are everyone's to see, as its governance
//! log entries are.

use crate::{App, Error};
use jiff::civil::Date;
use lantern_core::EntityKind;
use lantern_core::care::System;
use lantern_core::govern::calendar::{
    self as core, Done, Duty, DutyKey, DutyKind, Every, device_audit_next, is_critical, is_overdue, pack_check_next,
    plan_review_next, supplier_review_next, training_renewal_next,
};
use lantern_core::govern::governance_log::{Filter, GovKind, ServiceFilter};
use lantern_core::schedule::london_date;
use lantern_core::user::{Role, can_change_organisation};
use lantern_store::{Actor, CalendarFeed, ListQuery, Stored, User};
use std::collections::{BTreeMap, BTreeSet};

/// The organisation's duties are for the whole organisation.
pub const WHOLE: &str = "Whole organisation";

/// A duty with who is responsible for it.
#[derive(Debug, Clone)]
pub struct Shown {
    pub duty: Duty,
    /// (user id, name), by name.
    pub responsible: Vec<(i64, String)>,
    /// Someone was named; otherwise the default (the service's managers, or the administrators).
    pub named: bool,
}

impl Shown {
    /// The responsible people's names, joined: "Jo Patel, Sam Khan".
    pub fn responsible_names(&self) -> String {
        if self.responsible.is_empty() {
            return "Nobody yet: name someone".into();
        }
        let names: Vec<&str> = self.responsible.iter().map(|(_, n)| n.as_str()).collect();
        names.join(", ")
    }
}

fn every_record() -> ListQuery {
    ListQuery {
        limit: 100_000,
        ..Default::default()
    }
}

async fn all(app: &App, kind: EntityKind) -> Result<Vec<Stored>, Error> {
    Ok(app.store.list(kind, &every_record()).await?.items)
}

/// Every duty the user may see, unsorted, without who is responsible.
async fn duties(app: &App, user: &User) -> Result<Vec<Duty>, Error> {
    let today = app.clock.today();
    let services = crate::access::services_for(app, user).await?;
    let names: BTreeMap<i64, String> = services.iter().map(|s| (s.id, s.record.title())).collect();
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("Service {id}"));
    let mut out = Vec::new();

    // The printed pack's check, every `check_every_days` of the pack policy (the seed's
    // "monthly check on printed continuity packs").
    let policy = crate::packs::policy(&app.store).await?;
    let every_days = i64::from(policy.check_every_days);
    for s in &services {
        let built = app.store.latest_pack(s.id).await?.map(|p| london_date(p.built_at));
        let check = app.store.pack_checks(s.id).await?.into_iter().next();
        let checked = check.as_ref().map(|c| london_date(c.checked_at));
        let next = pack_check_next(built, checked, every_days, today);
        let why = match (built, checked) {
            (None, _) => "The service has no pack yet".to_string(),
            (Some(b), Some(c)) if b > c => format!("A new pack was built on {}: check it", core::show_date(b)),
            (Some(b), None) => format!("Not checked since it was built on {}", core::show_date(b)),
            _ => String::new(),
        };
        out.push(Duty {
            key: DutyKey::PackCheck { service: s.id },
            subject: name(s.id),
            service: name(s.id),
            every: Every::Days(every_days),
            last: check.map(|c| Done {
                on: london_date(c.checked_at),
                what: if c.problems.is_empty() {
                    format!("Checked by {}", c.checked_by)
                } else {
                    format!("Checked by {}, who found problems", c.checked_by)
                },
                href: format!("/packs/{}#checks", s.id),
            }),
            overdue: is_overdue(next, today),
            next,
            why,
            act_href: format!("/packs/{}", s.id),
            act_label: "Record a check of the printed pack".into(),
        });
    }

    // A drill per service every six months: the drill schedule's own reading.
    for d in crate::drills::due(app, user).await? {
        let next = d.next_due.unwrap_or(today);
        out.push(Duty {
            key: DutyKey::Drill { service: d.service_id },
            subject: d.service.clone(),
            service: d.service.clone(),
            every: Every::Months(lantern_core::govern::settings::DRILL_INTERVAL_MONTHS),
            last: match (d.last_drill_id, d.last_held) {
                (Some(id), Some(on)) => Some(Done {
                    on,
                    what: d.last_drill.clone().unwrap_or_default(),
                    href: format!("/drills/{id}"),
                }),
                _ => None,
            },
            overdue: d.overdue,
            next,
            why: if d.last_drill_id.is_none() {
                "Never drilled".into()
            } else {
                String::new()
            },
            act_href: format!("/drills/new?service_id={}", d.service_id),
            act_label: "Plan a drill".into(),
        });
    }

    out.push(plan_review(app, today).await?);
    out.extend(supplier_reviews(app, today).await?);
    out.extend(device_audits(app, user, &names, today).await?);
    out.extend(training_renewals(app, user, today).await?);
    Ok(out)
}

/// The annual review of the continuity plan: the latest organisation-wide governance log entry
/// of that kind not since corrected, brought forward by an edit of a critical system.
async fn plan_review(app: &App, today: Date) -> Result<Duty, Error> {
    let filter = Filter {
        service: ServiceFilter::Organisation,
        kind: None,
        from: None,
        to: None,
    };
    let entries = app.store.governance_entries(&filter, Some(&[] as &[i64])).await?;
    let corrected: BTreeSet<i64> = entries.iter().filter_map(|e| e.corrects_id).collect();
    // Newest first already: the first review not corrected by a later entry.
    let last = entries
        .iter()
        .find(|e| e.kind == GovKind::PlanReview && !corrected.contains(&e.id));
    let changed: Vec<(String, Date)> = all(app, EntityKind::System)
        .await?
        .iter()
        .filter(|s| s.version > 1 && last.is_none_or(|r| s.updated_at > r.recorded_at))
        .filter_map(|s| {
            let sys = System::parse(&s.record).ok()?;
            is_critical(sys.impact_4h, sys.impact_24h).then(|| (sys.name, london_date(s.updated_at)))
        })
        .collect();
    let (next, why) = plan_review_next(last.map(|e| e.occurred_on), &changed, today);
    // Never reviewed is overdue, not merely due today (as a service never drilled is).
    let overdue = last.is_none() || is_overdue(next, today);
    Ok(Duty {
        key: DutyKey::PlanReview,
        subject: WHOLE.into(),
        service: WHOLE.into(),
        every: Every::Months(core::PLAN_REVIEW_MONTHS),
        last: last.map(|e| Done {
            on: e.occurred_on,
            what: e.title.clone(),
            href: format!("/governance/{}", e.id),
        }),
        overdue,
        next,
        why,
        act_href: "/governance?kind=plan_review#add-entry".into(),
        act_label: "Record the review in the governance log".into(),
    })
}

/// Each current supplier's next review, as its latest review set it.
async fn supplier_reviews(app: &App, today: Date) -> Result<Vec<Duty>, Error> {
    let mut latest: BTreeMap<i64, (Date, i64, Option<Date>)> = BTreeMap::new();
    for r in all(app, EntityKind::SupplierReview).await? {
        let (Some(supplier), Some(on)) = (r.record.int("supplier_id"), r.record.date("review_date")) else {
            continue;
        };
        let entry = (on, r.id, r.record.date("next_review"));
        if latest.get(&supplier).is_none_or(|l| (l.0, l.1) < (on, r.id)) {
            latest.insert(supplier, entry);
        }
    }
    let mut out = Vec::new();
    for s in all(app, EntityKind::Supplier).await? {
        let last = latest.get(&s.id);
        let next = supplier_review_next(last.map(|l| (l.0, l.2)), london_date(s.created_at));
        out.push(Duty {
            key: DutyKey::SupplierReview { supplier: s.id },
            subject: s.record.title(),
            service: WHOLE.into(),
            every: Every::AsRecorded,
            last: last.map(|l| Done {
                on: l.0,
                what: "Supplier review".into(),
                href: format!("/supplier-reviews/{}", l.1),
            }),
            overdue: is_overdue(next, today),
            next,
            why: if last.is_none() {
                "Never reviewed: the first review is due a year after it was added".into()
            } else {
                String::new()
            },
            act_href: format!("/supplier-reviews/new?supplier_id={}", s.id),
            act_label: "Record a review".into(),
        });
    }
    Ok(out)
}

/// Each service with devices: the latest test or battery check of any of them.
async fn device_audits(app: &App, user: &User, names: &BTreeMap<i64, String>, today: Date) -> Result<Vec<Duty>, Error> {
    let q = ListQuery {
        access: user.access.clone(),
        ..every_record()
    };
    let devices = app.store.list(EntityKind::Device, &q).await?.items;
    let latest: BTreeMap<i64, lantern_store::LatestDeviceCheck> = app
        .store
        .latest_device_checks()
        .await?
        .into_iter()
        .map(|c| (c.device_id, c))
        .collect();
    // Per service: (latest check, its device's title).
    let mut by_service: BTreeMap<i64, Option<(lantern_store::LatestDeviceCheck, String)>> = BTreeMap::new();
    for d in &devices {
        let Some(service) = d.service_id.filter(|s| names.contains_key(s)) else {
            continue;
        };
        let slot = by_service.entry(service).or_default();
        if let Some(c) = latest.get(&d.id) {
            let later = slot
                .as_ref()
                .is_none_or(|(o, _)| (o.checked_on, o.check_id) < (c.checked_on, c.check_id));
            if later {
                *slot = Some((c.clone(), d.record.title()));
            }
        }
    }
    Ok(by_service
        .into_iter()
        .map(|(service, last)| {
            let next = device_audit_next(last.as_ref().map(|(c, _)| c.checked_on), today);
            let service_name = names.get(&service).cloned().unwrap_or_default();
            let never = last.is_none();
            Duty {
                key: DutyKey::DeviceAudit { service },
                subject: service_name.clone(),
                service: service_name,
                every: Every::Months(core::DEVICE_AUDIT_MONTHS),
                why: if never {
                    "No device test or battery check is recorded".into()
                } else {
                    String::new()
                },
                last: last.map(|(c, title)| Done {
                    on: c.checked_on,
                    what: match c.check_type.as_str() {
                        "battery" => format!("Battery check of {title}"),
                        _ => format!("Test of {title}"),
                    },
                    href: format!("/devices/{}/log", c.device_id),
                }),
                // Never audited is overdue, not merely due today.
                overdue: never || is_overdue(next, today),
                next,
                act_href: format!("/devices?service={service}"),
                act_label: "Test the devices".into(),
            }
        })
        .collect())
}

/// One duty per service and course where someone's completion runs out within 30 days or has.
async fn training_renewals(app: &App, user: &User, today: Date) -> Result<Vec<Duty>, Error> {
    let c = crate::training::compute(app, user, None).await?;
    let mut out = Vec::new();
    for cell in &c.cells {
        let renewals: Vec<&crate::training::StaffToTrain> =
            cell.to_train.iter().filter(|t| t.standing != "never").collect();
        let expiries: Vec<Date> = renewals.iter().filter_map(|t| t.expires).collect();
        let Some(next) = training_renewal_next(&expiries, today) else {
            continue;
        };
        let service = c
            .services
            .iter()
            .find(|s| s.id == cell.service_id)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let course = c
            .courses
            .iter()
            .find(|k| k.id == cell.course_id)
            .map(|k| k.name.clone())
            .unwrap_or_default();
        let expired = renewals.iter().filter(|t| t.standing == "overdue").count();
        let why = match (renewals.len(), expired) {
            (n, 0) => format!("{n} staff due to renew within 30 days"),
            (n, e) if n == e => format!("{n} staff past their renewal"),
            (n, e) => format!("{n} staff to renew, {e} already past it"),
        };
        // The earliest-expiring completion is the one this date comes from.
        let earliest = renewals
            .iter()
            .filter(|t| t.expires == Some(next))
            .filter_map(|t| t.completed_on)
            .min();
        let href = format!("/training/{}/{}", cell.service_id, cell.course_id);
        out.push(Duty {
            key: DutyKey::TrainingRenewal {
                service: cell.service_id,
                course: cell.course_id,
            },
            subject: course,
            service,
            every: Every::AsRecorded,
            last: earliest.map(|on| Done {
                on,
                what: "Completion that now needs renewing".into(),
                href: href.clone(),
            }),
            overdue: is_overdue(next, today),
            next,
            why,
            act_href: href,
            act_label: "See who is due and book them".into(),
        });
    }
    Ok(out)
}

/// The people a duty falls to when nobody is named: the managers of its service (users whose
/// role changes the register and whose services include it), or for the organisation's duties
/// the administrators.
fn by_default(key: DutyKey, users: &[User]) -> Vec<&User> {
    users
        .iter()
        .filter(|u| !u.disabled)
        .filter(|u| match key.service() {
            Some(s) => u.role.can_edit_register() && u.access.allows(s),
            None => u.role == Role::Admin,
        })
        .collect()
}

/// Whether `u` could be named for duty `key`: an active user who may see it and is not
/// read-only.
fn may_be_named(key: DutyKey, u: &User) -> bool {
    !u.disabled && u.role != Role::Viewer && key.service().is_none_or(|s| u.access.allows(s))
}

fn with_responsible(duty: Duty, named: &BTreeMap<String, i64>, users: &[User]) -> Shown {
    let chosen = named
        .get(&duty.key.code())
        .and_then(|id| users.iter().find(|u| u.id == *id))
        .filter(|u| may_be_named(duty.key, u));
    let (people, named) = match chosen {
        Some(u) => (vec![u], true),
        None => (by_default(duty.key, users), false),
    };
    let mut responsible: Vec<(i64, String)> = people.iter().map(|u| (u.id, u.name.clone())).collect();
    responsible.sort_by(|a, b| a.1.cmp(&b.1));
    Shown {
        duty,
        responsible,
        named,
    }
}

/// Every duty the user may see with who is responsible, overdue first then by next date;
/// `filter` keeps one service's or the organisation's. Not audited: it names no one in care.
pub async fn list(app: &App, user: &User, filter: ServiceFilter) -> Result<Vec<Shown>, Error> {
    if let ServiceFilter::Service(s) = filter
        && !user.access.allows(s)
    {
        return Err(Error::invalid("service", "choose one of your services"));
    }
    let mut found = duties(app, user).await?;
    found.retain(|d| match filter {
        ServiceFilter::Any => true,
        ServiceFilter::Organisation => d.key.service().is_none(),
        ServiceFilter::Service(s) => d.key.service() == Some(s),
    });
    core::sort(&mut found);
    let named = app.store.calendar_responsible().await?;
    let users = app.store.users().await?;
    Ok(found.into_iter().map(|d| with_responsible(d, &named, &users)).collect())
}

/// The overdue duties `user` is responsible for (named, or by default), for their home page.
pub async fn overdue_for(app: &App, user: &User) -> Result<Vec<Shown>, Error> {
    Ok(list(app, user, ServiceFilter::Any)
        .await?
        .into_iter()
        .filter(|s| s.duty.overdue && s.responsible.iter().any(|(id, _)| *id == user.id))
        .collect())
}

/// Who could be named for duty `key` among `users`, by name: (user id, name).
pub fn candidates(users: &[User], key: DutyKey) -> Vec<(i64, String)> {
    let mut out: Vec<(i64, String)> = users
        .iter()
        .filter(|u| may_be_named(key, u))
        .map(|u| (u.id, u.name.clone()))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// Every account, for [`candidates`].
pub async fn accounts(app: &App) -> Result<Vec<User>, Error> {
    Ok(app.store.users().await?)
}

/// Whether `user` may name who is responsible for duty `key`: a manager or administrator of
/// its service; for the organisation's duties, of every service.
pub fn may_set_responsible(user: &User, key: DutyKey) -> bool {
    match key.service() {
        Some(s) => user.role.can_edit_register() && user.access.allows(s),
        None => can_change_organisation(user.role, &user.access),
    }
}

/// Names `responsible` (a user id; `None` for the default) for the duty whose key is
/// `key_text`; audited. A duty the user may not see "does not exist".
pub async fn set_responsible(
    app: &App,
    user: &User,
    actor: &Actor,
    key_text: &str,
    responsible: Option<i64>,
) -> Result<Shown, Error> {
    let not_found = || Error::NotFound("There is no such duty on your calendar.".into());
    let key = DutyKey::parse(key_text).ok_or_else(not_found)?;
    let duty = list(app, user, ServiceFilter::Any)
        .await?
        .into_iter()
        .find(|s| s.duty.key == key)
        .ok_or_else(not_found)?;
    if !may_set_responsible(user, key) {
        return Err(Error::Forbidden(match key.service() {
            Some(_) => format!(
                "Your role ({}) cannot change who is responsible. Ask a manager.",
                user.role.label()
            ),
            None => "This duty is the whole organisation's: an administrator or a manager of every service names who does it.".into(),
        }));
    }
    let what = format!("{} — {}", key.kind().label(), duty.duty.subject);
    let detail = match responsible {
        Some(id) => {
            let named = app
                .store
                .users()
                .await?
                .into_iter()
                .find(|u| u.id == id)
                .filter(|u| may_be_named(key, u))
                .ok_or_else(|| {
                    Error::invalid(
                        "user_id",
                        "choose someone who works in this duty's service and is not read-only",
                    )
                })?;
            format!("Named {} responsible for {what} ({})", named.name, key.code())
        }
        None => format!(
            "{what} ({}) is back with {}",
            key.code(),
            if key.service().is_some() {
                "the service's managers"
            } else {
                "the administrators"
            }
        ),
    };
    app.store
        .set_calendar_responsible(&key.code(), responsible, key.service(), actor, app.clock.now(), detail)
        .await?;
    list(app, user, ServiceFilter::Any)
        .await?
        .into_iter()
        .find(|s| s.duty.key == key)
        .ok_or_else(not_found)
}

/// The user's live calendar feed, if any.
pub async fn feed_of(app: &App, user: &User) -> Result<Option<CalendarFeed>, Error> {
    Ok(app.store.calendar_feed(user.id).await?)
}

/// Makes the user a new private feed token (any old one stops working); audited. The token is
/// answered once and kept only as its hash.
pub async fn create_feed(app: &App, user: &User, actor: &Actor) -> Result<String, Error> {
    let token = crate::credentials::random_token();
    let hash = crate::credentials::sha256(&token);
    app.store
        .create_calendar_feed(user.id, &hash, actor, app.clock.now())
        .await?;
    Ok(token)
}

/// Revokes the user's feed (its address then answers 404); audited. Answers whether there was
/// one.
pub async fn revoke_feed(app: &App, user: &User, actor: &Actor) -> Result<bool, Error> {
    Ok(app.store.revoke_calendar_feed(user.id, actor, app.clock.now()).await? > 0)
}

/// The feed of `token`: its user and the duties they may see. A token that is not live (or not
/// a token at all) "does not exist". Fetches are not audited: a calendar polls every few
/// minutes, and the feed's making and revoking are.
pub async fn feed(app: &App, token: &str) -> Result<(User, Vec<Shown>), Error> {
    let not_found = || Error::NotFound("There is no such calendar.".into());
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(not_found());
    }
    let user = app
        .store
        .user_by_calendar_feed(&crate::credentials::sha256(token))
        .await?
        .ok_or_else(not_found)?;
    let duties = list(app, &user, ServiceFilter::Any).await?;
    Ok((user, duties))
}

/// The kinds for a page's legend: (code, label).
pub fn kinds() -> Vec<(&'static str, &'static str)> {
    DutyKind::ALL.iter().map(|k| (k.code(), k.label())).collect()
}
