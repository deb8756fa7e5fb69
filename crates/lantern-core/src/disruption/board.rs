//! The live board of a home-care branch during a disruption: the day's visits in the window
//! with what the coordinator knows from the phone. The overdue ones on top, then missed visits
//! whose family is still to be told, then late or delayed ones being watched, then
//! time-critical medicines and high-risk people, then the rest (PRODUCT.md, "Live board").
//! Filters are in `board_filter.rs`; a status change is checked in `status_change.rs`.

use super::VisitStatus;
use crate::reconcile::Period;
use crate::schedule::{show_minutes, show_time};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::HashMap;

/// A visit unconfirmed this long after its planned start gets a warning, unless set otherwise.
pub const DEFAULT_WARN_AFTER_MINUTES: i64 = 30;

/// A carer on a visit, with the number to ring them on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Carer {
    pub staff_id: i64,
    pub name: String,
    /// As written in the register; empty when none is known.
    pub phone: String,
}

/// A planned visit as the board needs it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardVisit {
    pub visit_id: i64,
    pub person_id: i64,
    pub person: String,
    /// The person's own number; empty when none is known.
    pub person_phone: String,
    pub due: Timestamp,
    /// "07:30".
    pub start: String,
    pub duration_minutes: i64,
    pub carers: Vec<Carer>,
    pub address: String,
    pub tasks: Vec<String>,
    pub priority: bool,
    pub two_carer: bool,
    /// The person has a time-critical medicine.
    pub time_critical: bool,
    pub high_risk: bool,
}

/// The latest status a coordinator set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusNow {
    pub status: VisitStatus,
    pub at: Timestamp,
    pub by: String,
    pub note: String,
    /// Late (or delayed): when the carer now expects to arrive.
    pub expected_at: Option<Timestamp>,
    /// Missed: why.
    pub reason: String,
}

/// Where a row sits on the board, in the order the board shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Unconfirmed past the warning time, or late past the time the carer gave: ring the carer,
    /// then the person.
    Overdue,
    /// Missed, and nobody in the family reached since.
    MissedToTell,
    /// Late or delayed, before the time to ring again.
    Watching,
    /// Time-critical medicines, high-risk people and priority visits still to happen.
    FirstToWatch,
    Waiting,
    /// Confirmed by phone: under way.
    UnderWay,
    Done,
}

impl Group {
    pub const ALL: [Group; 7] = [
        Group::Overdue,
        Group::MissedToTell,
        Group::Watching,
        Group::FirstToWatch,
        Group::Waiting,
        Group::UnderWay,
        Group::Done,
    ];

    pub fn heading(self) -> &'static str {
        match self {
            Group::Overdue => "Overdue: not confirmed — ring the carer now",
            Group::MissedToTell => "Missed: tell the family",
            Group::Watching => "Late or delayed: keep watching",
            Group::FirstToWatch => "Time-critical medicines and high-risk people",
            Group::Waiting => "Other visits still to happen",
            Group::UnderWay => "Confirmed by phone",
            Group::Done => "Completed, missed or cancelled",
        }
    }

    /// The stable name of the group in pages (`board-overdue`) and the API.
    pub fn code(self) -> &'static str {
        match self {
            Group::Overdue => "overdue",
            Group::MissedToTell => "missed_to_tell",
            Group::Watching => "watching",
            Group::FirstToWatch => "first",
            Group::Waiting => "waiting",
            Group::UnderWay => "underway",
            Group::Done => "done",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardRow {
    pub visit: BoardVisit,
    pub status: VisitStatus,
    pub updated: Option<StatusNow>,
    pub group: Group,
    /// Why the row needs someone now ("Not confirmed 42 min after its start"), if it does.
    pub warning: Option<String>,
    /// Overdue, or missed with the family not yet told: what "needs action now" shows.
    pub needs_action: bool,
}

impl BoardRow {
    /// Whether the row asks for a phone call: the numbers of the carers and the person show.
    pub fn wants_ringing(&self) -> bool {
        self.needs_action || self.group == Group::Watching
    }
}

/// Counts for the top of the board.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BoardCounts {
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

/// What the board is worked out from.
#[derive(Debug, Clone, Copy)]
pub struct BoardFacts<'a> {
    /// The day's planned visits; only those the window holds are on the board.
    pub visits: &'a [BoardVisit],
    pub statuses: &'a HashMap<i64, StatusNow>,
    /// By person: the latest family call that reached someone (or that a manager judged not
    /// needed). A missed visit is told once a call comes at or after it was marked missed.
    pub family_told: &'a HashMap<i64, Timestamp>,
    /// The disruption from its start to its restoration (an open one: with no end).
    pub window: Period,
    pub now: Timestamp,
    pub warn_after_minutes: i64,
}

fn minutes_between(from: Timestamp, to: Timestamp) -> i64 {
    (to.as_second() - from.as_second()) / 60
}

/// Why the visit is overdue at `now`, or `None` while it is not.
fn overdue(v: &BoardVisit, s: Option<&StatusNow>, now: Timestamp, warn_after: i64) -> Option<String> {
    let status = s.map(|s| s.status).unwrap_or(VisitStatus::NotStarted);
    let late_by = minutes_between(v.due, now);
    match (status, s.and_then(|s| s.expected_at)) {
        (VisitStatus::NotStarted, _) if late_by >= warn_after => {
            Some(format!("Not confirmed {} after its start", show_minutes(late_by)))
        }
        // The carer gave a time: no warning until it has passed.
        (VisitStatus::Late | VisitStatus::DelayedFamilyTold, Some(expected)) if now > expected => Some(format!(
            "Expected at {}: not confirmed {} later",
            show_time(expected),
            show_minutes(minutes_between(expected, now))
        )),
        // Delayed with no time given: ring again when the warning time has passed since.
        (VisitStatus::DelayedFamilyTold, None) => s.and_then(|s| {
            let quiet = minutes_between(s.at, now);
            (quiet >= warn_after).then(|| {
                format!(
                    "Family told at {} that the carer is delayed: no news for {}",
                    show_time(s.at),
                    show_minutes(quiet)
                )
            })
        }),
        _ => None,
    }
}

/// The board at `now`: the visits the window holds, a visit with no status not started.
pub fn board(f: &BoardFacts) -> Vec<BoardRow> {
    let mut rows: Vec<BoardRow> = f
        .visits
        .iter()
        .filter(|v| f.window.holds_visit(v.due, v.duration_minutes))
        .map(|v| {
            let updated = f.statuses.get(&v.visit_id).cloned();
            let status = updated.as_ref().map(|s| s.status).unwrap_or(VisitStatus::NotStarted);
            let late = overdue(v, updated.as_ref(), f.now, f.warn_after_minutes);
            let missed_untold = status == VisitStatus::Missed
                && updated
                    .as_ref()
                    .is_some_and(|s| f.family_told.get(&v.person_id).is_none_or(|told| *told < s.at));
            let group = if late.is_some() {
                Group::Overdue
            } else if missed_untold {
                Group::MissedToTell
            } else if status.is_finished() {
                Group::Done
            } else if status.is_delayed() {
                Group::Watching
            } else if status == VisitStatus::Confirmed {
                Group::UnderWay
            } else if v.time_critical || v.high_risk || v.priority {
                Group::FirstToWatch
            } else {
                Group::Waiting
            };
            let warning =
                late.or_else(|| missed_untold.then(|| "Missed: nobody in the family reached yet".to_string()));
            BoardRow {
                needs_action: warning.is_some(),
                warning,
                visit: v.clone(),
                status,
                updated,
                group,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.group, a.visit.due, &a.visit.person, a.visit.visit_id).cmp(&(
            b.group,
            b.visit.due,
            &b.visit.person,
            b.visit.visit_id,
        ))
    });
    rows
}

/// The figures of some rows: the whole board, or what a filter keeps.
pub fn counts<'a>(rows: impl IntoIterator<Item = &'a BoardRow>) -> BoardCounts {
    let mut c = BoardCounts::default();
    for r in rows {
        c.total += 1;
        c.overdue += usize::from(r.group == Group::Overdue);
        c.needs_action += usize::from(r.needs_action);
        *match r.status {
            VisitStatus::NotStarted => &mut c.not_started,
            VisitStatus::Confirmed => &mut c.confirmed,
            VisitStatus::Late => &mut c.late,
            VisitStatus::DelayedFamilyTold => &mut c.delayed,
            VisitStatus::Completed => &mut c.completed,
            VisitStatus::Missed => &mut c.missed,
            VisitStatus::Cancelled => &mut c.cancelled,
        } += 1;
    }
    c
}

#[cfg(test)]
#[path = "board_tests.rs"]
mod tests;
