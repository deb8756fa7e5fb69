//! Building, keeping and judging downtime packs: shared by the pages, the API, the CLI and the
//! morning build. Loading is here; building and judging are pure (lantern-core::pack).

use crate::{App, Error};
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::json::record_from_stored_json;
use lantern_core::pack::freshness::{self, Built, Change, Check, Freshness};
use lantern_core::pack::{self, PackInput, PackPolicy, Rec, Source};
use lantern_core::{EntityKind, Record};
use lantern_store::{Actor, AuditEntry, ListQuery, NewPack, PackRow, Store, Stored};
use std::collections::{BTreeSet, HashMap};

/// One PDF render at a time: typst already uses both cores for one document, and two at once
/// double the memory for no gain (bench/README.md). Packs and downtime reports share it.
pub static RENDERING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// The organisation's pack policy (defaults until it sets its own).
pub async fn policy(store: &Store) -> Result<PackPolicy, Error> {
    let settings = store.settings().await?;
    Ok(settings
        .get("pack")
        .and_then(|p| serde_json::from_value(p.clone()).ok())
        .unwrap_or_default())
}

pub(crate) fn rec(s: Stored) -> Rec {
    Rec {
        id: s.id,
        version: s.version,
        record: s.record,
    }
}

pub async fn all(store: &Store, kind: EntityKind, q: ListQuery) -> Result<Vec<Rec>, Error> {
    let q = ListQuery { limit: 100_000, ..q };
    Ok(store.list(kind, &q).await?.items.into_iter().map(rec).collect())
}

/// Everything the pack of `service_id` for `day` is built from, as the register stands.
pub async fn load_input(store: &Store, service_id: i64, day: Date, policy: PackPolicy) -> Result<PackInput, Error> {
    let service = rec(store.get(EntityKind::Service, service_id).await?);
    let in_service = ListQuery {
        service: Some(service_id),
        ..Default::default()
    };
    let on_day = ListQuery {
        service: Some(service_id),
        date: Some(day),
        ..Default::default()
    };
    Ok(PackInput {
        organisation: store.organisation().await?.unwrap_or_default(),
        service,
        people: all(store, EntityKind::Person, in_service.clone()).await?,
        contacts: all(store, EntityKind::Contact, in_service.clone()).await?,
        medicines: all(store, EntityKind::Medicine, in_service).await?,
        visits: all(store, EntityKind::Visit, on_day).await?,
        staff: all(store, EntityKind::Staff, ListQuery::default()).await?,
        practices: all(store, EntityKind::Practice, ListQuery::default()).await?,
        systems: all(store, EntityKind::System, ListQuery::default()).await?,
        suppliers: all(store, EntityKind::Supplier, ListQuery::default()).await?,
        day,
        policy,
    })
}

/// A build kept in the store.
#[derive(Debug, Clone)]
pub struct BuiltPack {
    pub service_id: i64,
    pub service: String,
    pub version: i64,
    pub pages: usize,
    pub pdf: Vec<u8>,
}

/// Builds, renders and keeps a new version of a service's pack, and audits it.
pub async fn build(
    store: &Store,
    service_id: i64,
    day: Date,
    actor: &Actor,
    now: Timestamp,
) -> Result<BuiltPack, Error> {
    let policy = policy(store).await?;
    let input = load_input(store, service_id, day, policy).await?;
    let (content, sources) = pack::build(&input);
    let version = store.next_pack_version(service_id).await?;
    let document = pack::document(content, version, now, &actor.label);
    let doc = document.clone();
    // One layout at a time: typst already spreads one document over the cores, so a second
    // would only double the memory. Loading and saving other packs go on meanwhile.
    let permit = RENDERING.acquire().await.map_err(Error::internal)?;
    // Layout is CPU work: off the async threads, so other requests keep being answered.
    let rendered = tokio::task::spawn_blocking(move || lantern_pdf::render_pack(&doc, now))
        .await
        .map_err(Error::internal)?
        .map_err(Error::internal)?;
    drop(permit);
    let document_json = serde_json::to_string(&document).map_err(Error::internal)?;
    let sources_json = serde_json::to_string(&sources).map_err(Error::internal)?;
    let last_day = input
        .day
        .checked_add(jiff::Span::new().days(i64::from(input.policy.days.max(1)) - 1))
        .unwrap_or(day);
    store
        .save_pack(&NewPack {
            service_id,
            version,
            first_day: day.to_string(),
            last_day: last_day.to_string(),
            built_at: now,
            built_by: &actor.label,
            fingerprint: &pack::fingerprint(&document.content),
            pages: rendered.pages as i64,
            document: &document_json,
            sources: &sources_json,
            pdf: &rendered.pdf,
        })
        .await?;
    let entry = AuditEntry::new(
        now,
        actor.user_id,
        &actor.label,
        "pack_build",
        format!(
            "Built pack version {version} of {} ({} pages)",
            document.meta.service, rendered.pages
        ),
    )
    .about(EntityKind::Service, service_id, Some(service_id));
    store.audit(&entry).await?;
    Ok(BuiltPack {
        service_id,
        service: document.meta.service,
        version,
        pages: rendered.pages,
        pdf: rendered.pdf,
    })
}

/// Whether a service's latest pack is still safe to work from, and why not.
pub async fn freshness(
    store: &Store,
    service_id: i64,
    policy: &PackPolicy,
    now: Timestamp,
) -> Result<(Option<PackRow>, Freshness), Error> {
    let s = service_pack(store, service_id, policy, now).await?;
    Ok((s.latest, s.fresh))
}

/// A service's pack as the packs list shows it: the latest build, whether it is current, and
/// its printed copy's checks.
#[derive(Debug, Clone)]
pub struct ServicePack {
    pub latest: Option<PackRow>,
    pub fresh: Freshness,
    /// The latest physical check of the printed pack.
    pub last_check: Option<Check>,
    /// When the next check is due; none before the first build.
    pub next_check_due: Option<Timestamp>,
}

fn built_of(row: &PackRow) -> Built {
    let built_at = row.built_at;
    Built {
        version: row.version,
        at: built_at,
        last_day: lantern_core::values::parse_date(&row.last_day)
            .unwrap_or(built_at.to_zoned_datetime(lantern_core::schedule::london()).date()),
    }
}

pub async fn service_pack(
    store: &Store,
    service_id: i64,
    policy: &PackPolicy,
    now: Timestamp,
) -> Result<ServicePack, Error> {
    let latest = store.latest_pack(service_id).await?;
    let last_check = store.pack_checks(service_id).await?.into_iter().next();
    let check = last_check.as_ref().map(|c| Check {
        at: c.checked_at,
        by: c.checked_by.clone(),
        problems: c.problems.clone(),
    });
    let Some(row) = latest else {
        return Ok(ServicePack {
            latest: None,
            fresh: freshness::assess(None, &[], check.as_ref(), policy, now),
            last_check: check,
            next_check_due: None,
        });
    };
    let built = built_of(&row);
    let sources: Vec<Source> = serde_json::from_str(&row.sources).unwrap_or_default();
    let held: BTreeSet<(EntityKind, i64)> = sources.iter().map(|s| (s.kind, s.id)).collect();
    let changes = relevant_changes(store, service_id, &row, &held, built.at).await?;
    Ok(ServicePack {
        fresh: freshness::assess(Some(&built), &changes, check.as_ref(), policy, now),
        next_check_due: Some(freshness::next_check_due(&built, check.as_ref(), policy)),
        last_check: check,
        latest: Some(row),
    })
}

/// Builds, one after another, the pack of every current service that Lantern builds by itself
/// (`freshness::builds_by_itself`: none yet, or its sheets have run out), so that a new
/// organisation, a new service or a server that was off for days has packs from the first
/// minute rather than from the next morning build. A build another instance kept first is
/// skipped; any other failure is logged and tried on the next pass. Returns what it built.
pub async fn build_missing(store: &Store, actor: &Actor, now: Timestamp, today: Date) -> Vec<BuiltPack> {
    let services = match all(store, EntityKind::Service, ListQuery::default()).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "could not list services to build their first packs");
            return Vec::new();
        }
    };
    let mut built = Vec::new();
    for service in services {
        let latest = match store.packs(service.id).await {
            Ok(versions) => versions.into_iter().next(),
            Err(e) => {
                tracing::error!(error = %e, service = service.id, "could not read the service's packs");
                continue;
            }
        };
        if !freshness::builds_by_itself(latest.map(|r| built_of(&r)).as_ref(), today) {
            continue;
        }
        match build(store, service.id, today, actor, now).await {
            Ok(pack) => built.push(pack),
            Err(Error::Conflict(m)) => tracing::info!(service = service.id, "{m}"),
            Err(e) => tracing::error!(error = %e, service = service.id, "could not build the service's pack"),
        }
    }
    built
}

/// A new service's first pack, built as the service is saved from a page or the API, so that
/// it has one from its first minute (a new service holds nobody yet: a few pages). A failure
/// is logged, not shown: the service is saved, and the next pass of [`keep_packs`] tries again.
pub async fn first_pack(app: &App, service_id: i64, actor: &Actor) {
    if !app.builds_packs {
        return;
    }
    let (now, today) = (app.clock.now(), app.clock.today());
    if let Err(e) = build(&app.store, service_id, today, actor, now).await {
        tracing::error!(error = %e, service = service_id, "could not build the new service's first pack");
    }
}

/// While serving: builds missing packs at once, then looks again every minute — for services
/// added by an import or by another instance — until the process stops. Quiet when there is
/// nothing to build: one short query per service.
pub async fn keep_packs(store: Store, clock: crate::Clock) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        let built = build_missing(&store, &Actor::system("Lantern"), clock.now(), clock.today()).await;
        if !built.is_empty() {
            tracing::info!(packs = built.len(), "built the packs that were missing");
        }
    }
}

/// History entries since the build that touch what the pack prints.
async fn relevant_changes(
    store: &Store,
    service_id: i64,
    row: &PackRow,
    held: &BTreeSet<(EntityKind, i64)>,
    since: Timestamp,
) -> Result<Vec<Change>, Error> {
    let mut changes = Vec::new();
    let mut people = Vec::new();
    for c in store.changes_since(service_id, since).await? {
        let Some(kind) = EntityKind::ALL.into_iter().find(|k| k.table() == c.entity) else {
            continue;
        };
        let Some(object) = c.data.as_object() else { continue };
        let Some(record) = record_from_stored_json(kind, object) else {
            continue;
        };
        let matters = match kind {
            EntityKind::Service | EntityKind::Person | EntityKind::Contact | EntityKind::Medicine => true,
            EntityKind::Visit => record.date("date").map(|d| d.to_string()) == Some(row.first_day.clone()),
            EntityKind::System => held.contains(&(kind, c.record_id)) || serves(&record, service_id),
            EntityKind::Staff | EntityKind::Practice | EntityKind::Supplier => held.contains(&(kind, c.record_id)),
            EntityKind::Shift
            | EntityKind::Device
            | EntityKind::Risk
            | EntityKind::DevicePolicy
            | EntityKind::Course
            | EntityKind::TrainingRecord
            | EntityKind::SupplierReview
            | EntityKind::DrillScenario
            | EntityKind::Drill
            | EntityKind::Action => false,
        };
        if !matters {
            continue;
        }
        let person = record.int("person_id").filter(|_| kind != EntityKind::Visit);
        people.extend(person);
        let at = c.at;
        changes.push((
            Change {
                kind,
                title: record.title(),
                person: None,
                action: c.action,
                at,
                by: c.actor,
            },
            person,
        ));
    }
    people.sort_unstable();
    people.dedup();
    let names: HashMap<i64, String> = store.titles(EntityKind::Person, &people).await?;
    Ok(changes
        .into_iter()
        .map(|(mut change, person)| {
            change.person = person.and_then(|p| names.get(&p).cloned());
            change
        })
        .collect())
}

fn serves(system: &Record, service_id: i64) -> bool {
    let services = system.refs("services");
    services.is_empty() || services.contains(&service_id)
}
