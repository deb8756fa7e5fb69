//! The live board of a home-care branch during a disruption: today's visits with what the
//! coordinator knows from the phone, the overdue ones on top, then time-critical medicines and
//! high-risk people, then the rest (PRODUCT.md, "Live board").

use super::VisitStatus;
use crate::schedule::show_minutes;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::HashMap;

/// A visit unconfirmed this long after its planned start gets a warning, unless set otherwise.
pub const DEFAULT_WARN_AFTER_MINUTES: i64 = 30;

/// A planned visit as the board needs it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardVisit {
    pub visit_id: i64,
    pub person_id: i64,
    pub person: String,
    pub due: Timestamp,
    /// "07:30".
    pub start: String,
    pub duration_minutes: i64,
    pub carers: Vec<String>,
    pub address: String,
    pub tasks: Vec<String>,
    pub priority: bool,
    pub two_carer: bool,
    /// The person has a time-critical medicine.
    pub time_critical: bool,
    pub high_risk: bool,
}

/// The latest status a coordinator set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusNow {
    pub status: VisitStatus,
    pub at: Timestamp,
    pub by: String,
    pub note: String,
}

/// Where a row sits on the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Unconfirmed past the warning time: ring the carer, then the person.
    Overdue,
    /// Time-critical medicines, high-risk people and priority visits still to happen.
    FirstToWatch,
    Waiting,
    /// Confirmed by phone: under way.
    UnderWay,
    Done,
}

impl Group {
    pub fn heading(self) -> &'static str {
        match self {
            Group::Overdue => "Overdue: not confirmed — ring the carer now",
            Group::FirstToWatch => "Time-critical medicines and high-risk people",
            Group::Waiting => "Other visits still to happen",
            Group::UnderWay => "Confirmed by phone",
            Group::Done => "Completed, missed or cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardRow {
    pub visit: BoardVisit,
    pub status: VisitStatus,
    pub updated: Option<StatusNow>,
    pub group: Group,
    /// "Not confirmed 42 min after its start" when overdue.
    pub warning: Option<String>,
}

/// Counts for the top of the board.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BoardCounts {
    pub total: usize,
    pub overdue: usize,
    pub confirmed: usize,
    pub completed: usize,
    pub missed: usize,
    pub cancelled: usize,
    pub not_started: usize,
}

/// The board at `now`. A visit with no status is not started.
pub fn board(
    visits: &[BoardVisit],
    statuses: &HashMap<i64, StatusNow>,
    now: Timestamp,
    warn_after_minutes: i64,
) -> Vec<BoardRow> {
    let mut rows: Vec<BoardRow> = visits
        .iter()
        .map(|v| {
            let updated = statuses.get(&v.visit_id).cloned();
            let status = updated.as_ref().map(|s| s.status).unwrap_or(VisitStatus::NotStarted);
            let late_by = (now.as_second() - v.due.as_second()) / 60;
            let overdue = status.is_pending() && late_by >= warn_after_minutes;
            let group = if overdue {
                Group::Overdue
            } else if status.is_finished() {
                Group::Done
            } else if status == VisitStatus::Confirmed {
                Group::UnderWay
            } else if v.time_critical || v.high_risk || v.priority {
                Group::FirstToWatch
            } else {
                Group::Waiting
            };
            BoardRow {
                warning: overdue.then(|| format!("Not confirmed {} after its start", show_minutes(late_by))),
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

pub fn counts(rows: &[BoardRow]) -> BoardCounts {
    let mut c = BoardCounts {
        total: rows.len(),
        ..Default::default()
    };
    for r in rows {
        if r.group == Group::Overdue {
            c.overdue += 1;
        }
        *match r.status {
            VisitStatus::NotStarted => &mut c.not_started,
            VisitStatus::Confirmed => &mut c.confirmed,
            VisitStatus::Completed => &mut c.completed,
            VisitStatus::Missed => &mut c.missed,
            VisitStatus::Cancelled => &mut c.cancelled,
        } += 1;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn visit(id: i64, due: &str, tc: bool, high: bool) -> BoardVisit {
        BoardVisit {
            visit_id: id,
            person_id: id,
            person: format!("Person {id}"),
            due: at(due),
            start: due[11..16].to_string(),
            duration_minutes: 30,
            carers: vec!["Ann".into()],
            address: String::new(),
            tasks: vec![],
            priority: false,
            two_carer: false,
            time_critical: tc,
            high_risk: high,
        }
    }

    fn status(s: VisitStatus) -> StatusNow {
        StatusNow {
            status: s,
            at: at("2026-11-24T08:00:00Z"),
            by: "Tom".into(),
            note: String::new(),
        }
    }

    #[test]
    fn an_unconfirmed_visit_warns_after_the_set_minutes_and_not_before() {
        let v = [visit(1, "2026-11-24T08:30:00Z", false, false)];
        let none = HashMap::new();
        let rows = board(&v, &none, at("2026-11-24T08:59:00Z"), 30);
        assert_eq!((rows[0].group, rows[0].warning.as_deref()), (Group::Waiting, None));
        let rows = board(&v, &none, at("2026-11-24T09:12:00Z"), 30);
        assert_eq!(rows[0].group, Group::Overdue);
        assert_eq!(rows[0].warning.as_deref(), Some("Not confirmed 42 min after its start"));
        let confirmed = HashMap::from([(1, status(VisitStatus::Confirmed))]);
        let rows = board(&v, &confirmed, at("2026-11-24T09:12:00Z"), 30);
        assert_eq!((rows[0].group, rows[0].warning.as_deref()), (Group::UnderWay, None));
    }

    #[test]
    fn overdue_first_then_time_critical_and_high_risk_then_the_rest_then_done() {
        let v = [
            visit(1, "2026-11-24T07:00:00Z", false, false),
            visit(2, "2026-11-24T12:00:00Z", true, false),
            visit(3, "2026-11-24T09:00:00Z", false, false),
            visit(4, "2026-11-24T13:00:00Z", false, true),
            visit(5, "2026-11-24T06:00:00Z", false, false),
        ];
        let st = HashMap::from([(5, status(VisitStatus::Completed))]);
        let rows = board(&v, &st, at("2026-11-24T08:00:00Z"), 30);
        let order: Vec<i64> = rows.iter().map(|r| r.visit.visit_id).collect();
        assert_eq!(order, vec![1, 2, 4, 3, 5]);
        let c = counts(&rows);
        assert_eq!((c.total, c.overdue, c.completed, c.not_started), (5, 1, 1, 4));
    }
}
