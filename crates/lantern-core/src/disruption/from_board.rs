//! What the live board learnt by phone, as a row of the visit sheet's back-entry: the outcome,
//! the times and the reason, so that they are checked against the paper instead of typed again.

use super::VisitStatus;
use super::board::StatusNow;
use crate::reconcile::VisitOutcome;
use jiff::Timestamp;

/// A visit-sheet row as the board knows it. The times are when the coordinator recorded the
/// calls, so the entry form marks them as from the board and leaves them to be corrected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromBoard {
    pub outcome: VisitOutcome,
    /// Completed: when the carer was confirmed there.
    pub arrived: Option<Timestamp>,
    /// Completed: when it was marked completed.
    pub departed: Option<Timestamp>,
    pub note: String,
    /// The status that decided it, for "From the board: Completed at 10:40 by Tom Evans".
    pub last: StatusNow,
}

/// The row for one visit from its statuses, oldest first; `None` while the board does not know
/// how the visit ended (not started, confirmed, late or delayed).
pub fn sheet_row(history: &[StatusNow]) -> Option<FromBoard> {
    let last = history.last()?;
    let outcome = match last.status {
        VisitStatus::Completed => VisitOutcome::Completed,
        VisitStatus::Missed => VisitOutcome::Missed,
        VisitStatus::Cancelled => VisitOutcome::Cancelled,
        VisitStatus::NotStarted | VisitStatus::Confirmed | VisitStatus::Late | VisitStatus::DelayedFamilyTold => {
            return None;
        }
    };
    let completed = outcome == VisitOutcome::Completed;
    let arrived = history
        .iter()
        .rev()
        .find(|s| s.status == VisitStatus::Confirmed)
        .map(|s| s.at)
        .filter(|_| completed);
    let note = [last.reason.as_str(), last.note.as_str()]
        .iter()
        .filter(|t| !t.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(". ");
    Some(FromBoard {
        outcome,
        arrived,
        departed: completed.then_some(last.at),
        note,
        last: last.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(s: VisitStatus, at: &str) -> StatusNow {
        StatusNow {
            status: s,
            at: at.parse().unwrap(),
            by: "Tom Evans".into(),
            note: String::new(),
            expected_at: None,
            reason: String::new(),
        }
    }

    #[test]
    fn a_completed_visit_brings_its_times_and_a_missed_one_its_reason() {
        let history = [
            status(VisitStatus::Late, "2026-11-24T09:40:00Z"),
            status(VisitStatus::Confirmed, "2026-11-24T10:05:00Z"),
            status(VisitStatus::Completed, "2026-11-24T10:40:00Z"),
        ];
        let row = sheet_row(&history).unwrap();
        assert_eq!(row.outcome, VisitOutcome::Completed);
        assert_eq!(row.arrived, Some("2026-11-24T10:05:00Z".parse().unwrap()));
        assert_eq!(row.departed, Some("2026-11-24T10:40:00Z".parse().unwrap()));

        let mut missed = status(VisitStatus::Missed, "2026-11-24T11:00:00Z");
        missed.reason = "Carer's car broke down".into();
        missed.note = "Daughter visiting at noon".into();
        let row = sheet_row(&[status(VisitStatus::Confirmed, "2026-11-24T10:00:00Z"), missed]).unwrap();
        assert_eq!(
            (row.outcome, row.arrived, row.departed),
            (VisitOutcome::Missed, None, None),
            "a missed visit has no times, even if it was confirmed first"
        );
        assert_eq!(row.note, "Carer's car broke down. Daughter visiting at noon");
    }

    #[test]
    fn still_under_way_gives_nothing() {
        assert_eq!(sheet_row(&[]), None);
        assert_eq!(
            sheet_row(&[status(VisitStatus::Confirmed, "2026-11-24T10:00:00Z")]),
            None
        );
    }
}
