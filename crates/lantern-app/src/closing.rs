//! Closing a disruption, for the page and the API alike: the restoration time checked, and what
//! is still open (steps, families, visits) said before closing and kept in the timeline.

use crate::App;
use crate::Error;
use crate::at_start::planned_visits;
use crate::disruptions::{check_len, family_lines_in};
use jiff::Timestamp;
use lantern_core::EntityKind;
use lantern_core::disruption::VisitStatus;
use lantern_core::disruption::left_open::{LeftOpen, OpenItem};
use lantern_core::reconcile::Period;
use lantern_core::schedule::{parse_moment, show_time};
use lantern_core::user::ServiceAccess;
use lantern_store::{Actor, DisruptionRow, Store};
use std::collections::HashMap;

/// What is open on `d`, among the services `access` allows, for a window ending at `end` (now, or
/// the restoration time being entered).
pub async fn left_open(
    store: &Store,
    access: &ServiceAccess,
    d: &DisruptionRow,
    end: Timestamp,
) -> Result<LeftOpen, Error> {
    let steps = store
        .disruption_steps(d.id)
        .await?
        .into_iter()
        .filter(|s| s.done_at.is_none())
        .map(|s| s.text)
        .collect();
    let services: Vec<i64> = d.services.iter().copied().filter(|s| access.allows(*s)).collect();
    let mut families = Vec::new();
    for service_id in &services {
        let lines = family_lines_in(store, &ServiceAccess::Only(vec![*service_id]), d).await?;
        families.extend(lines.into_iter().filter(|l| !l.done).map(|l| {
            let who = match l.contact.relationship.trim() {
                "" => l.contact.name.clone(),
                r => format!("{} ({r})", l.contact.name),
            };
            OpenItem {
                service_id: *service_id,
                text: format!("{who} for {}", l.person.name),
            }
        }));
    }
    let period = Period {
        start: d.started_at,
        end: end.max(d.started_at),
    };
    let planned = planned_visits(store, &services, &period).await?;
    let mut latest: HashMap<i64, VisitStatus> = HashMap::new();
    for s in store.visit_statuses(d.id).await? {
        latest.insert(s.visit_id, s.status);
    }
    let open: Vec<_> = planned
        .iter()
        .filter(|v| !latest.get(&v.visit_id).is_some_and(|s| s.is_finished()))
        .collect();
    let person_ids: Vec<i64> = open.iter().map(|v| v.person_id).collect();
    let names = store.titles(EntityKind::Person, &person_ids).await?;
    let visits = open
        .iter()
        .map(|v| {
            let status = latest.get(&v.visit_id).copied().unwrap_or(VisitStatus::NotStarted);
            let name = names.get(&v.person_id).cloned().unwrap_or_default();
            OpenItem {
                service_id: v.service_id,
                text: format!("{} {name} — {}", show_time(v.due), status.label()),
            }
        })
        .collect();
    Ok(LeftOpen {
        steps,
        families,
        visits,
    })
}

/// Closes `d` at `restored_at` (as typed: a UK date and time) with a note.
pub async fn close(app: &App, actor: &Actor, d: &DisruptionRow, restored_at: &str, note: &str) -> Result<(), Error> {
    let now = app.clock.now();
    let restored = parse_moment(restored_at).map_err(|e| Error::invalid("restored_at", e))?;
    if restored > now {
        return Err(Error::invalid(
            "restored_at",
            "is later than now: enter the time the systems came back",
        ));
    }
    let note = check_len("note", note, 5000)?;
    // The whole picture is kept (`d` may be narrowed to the closer's services); each reader
    // later sees their services' part of it.
    let whole = app.store.disruption(d.id).await?;
    let open = left_open(&app.store, &ServiceAccess::All, &whole, restored).await?;
    Ok(app
        .store
        .close_disruption(d.id, restored, &note, &open, actor, now)
        .await?)
}
