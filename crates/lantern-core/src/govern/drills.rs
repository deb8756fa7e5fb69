//! When each service was last drilled and when its next drill is due (issue [10] item 4). A
//! drill of the whole organisation counts for every service: it rehearsed theirs too. Only a
//! held drill counts; a planned one is not evidence of anything yet.

use super::settings::DRILL_INTERVAL_MONTHS;
use crate::care::{Choice, DrillStatus};
use crate::entity::{EntityKind, Record};
use jiff::ToSpan;
use jiff::civil::Date;

/// The part of a drill the schedule reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillHeld {
    pub drill_id: i64,
    pub title: String,
    /// `None`: the whole organisation.
    pub service_id: Option<i64>,
    pub date: Date,
    pub held: bool,
}

impl DrillHeld {
    /// The schedule's view of a stored drill; `None` for a record that is not a drill.
    pub fn of(id: i64, r: &Record) -> Option<DrillHeld> {
        if r.kind != EntityKind::Drill {
            return None;
        }
        Some(DrillHeld {
            drill_id: id,
            title: r.title(),
            service_id: r.int("service_id"),
            date: r.date("date")?,
            held: DrillStatus::from_code(r.text("status")) == Some(DrillStatus::Held),
        })
    }
}

/// Where one service stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillDue {
    pub service_id: i64,
    /// The last held drill that covered it (its own, or the organisation's if later).
    pub last: Option<DrillHeld>,
    /// `None` when never drilled: due now.
    pub next_due: Option<Date>,
    pub overdue: bool,
}

/// The last held drill and next due date of each of `services`, in their order, on `today`.
pub fn due_by_service(services: &[i64], drills: &[DrillHeld], today: Date) -> Vec<DrillDue> {
    services
        .iter()
        .map(|&service_id| {
            let last = drills
                .iter()
                .filter(|d| d.held && d.service_id.is_none_or(|s| s == service_id))
                // The later date wins; on the same day the service's own drill is named.
                .max_by_key(|d| (d.date, d.service_id.is_some(), d.drill_id))
                .cloned();
            let next_due = last
                .as_ref()
                .and_then(|d| d.date.checked_add(i64::from(DRILL_INTERVAL_MONTHS).months()).ok());
            DrillDue {
                service_id,
                overdue: next_due.is_none_or(|due| due < today),
                last,
                next_due,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn drill(id: i64, service: Option<i64>, on: Date, held: bool) -> DrillHeld {
        DrillHeld {
            drill_id: id,
            title: format!("Drill {id}"),
            service_id: service,
            date: on,
            held,
        }
    }

    #[test]
    fn a_service_is_due_six_months_after_its_last_held_drill() {
        let drills = [
            drill(1, Some(10), date(2026, 3, 2), true),
            drill(2, Some(10), date(2026, 9, 14), true),
            // Planned, not held: it does not count, even when later.
            drill(3, Some(10), date(2026, 11, 30), false),
        ];
        let due = due_by_service(&[10], &drills, date(2026, 12, 3));
        assert_eq!(due[0].last.as_ref().map(|d| d.drill_id), Some(2));
        assert_eq!(due[0].next_due, Some(date(2027, 3, 14)));
        assert!(!due[0].overdue);
    }

    #[test]
    fn the_organisation_s_drill_counts_for_every_service_when_it_is_later() {
        let drills = [
            drill(1, Some(10), date(2026, 2, 1), true),
            drill(2, None, date(2026, 5, 20), true),
            drill(3, Some(11), date(2026, 8, 1), true),
        ];
        let due = due_by_service(&[10, 11, 12], &drills, date(2026, 12, 3));
        let last: Vec<Option<i64>> = due.iter().map(|d| d.last.as_ref().map(|l| l.drill_id)).collect();
        assert_eq!(last, vec![Some(2), Some(3), Some(2)]);
        // 20 May + 6 months = 20 Nov, before 3 Dec: overdue.
        assert_eq!(due[0].next_due, Some(date(2026, 11, 20)));
        assert!(due[0].overdue && !due[1].overdue && due[2].overdue);
    }

    #[test]
    fn a_service_never_drilled_is_due_now() {
        let drills = [drill(1, Some(10), date(2026, 6, 1), true)];
        let due = due_by_service(&[11], &drills, date(2026, 12, 3));
        assert_eq!(
            (due[0].last.clone(), due[0].next_due, due[0].overdue),
            (None, None, true)
        );
    }

    #[test]
    fn due_on_the_day_itself_is_not_yet_overdue() {
        // 31 Aug + 6 months is the end of February (jiff clamps the day).
        let drills = [drill(1, Some(10), date(2026, 8, 31), true)];
        let on_the_day = due_by_service(&[10], &drills, date(2027, 2, 28));
        assert_eq!(on_the_day[0].next_due, Some(date(2027, 2, 28)));
        assert!(!on_the_day[0].overdue);
        assert!(due_by_service(&[10], &drills, date(2027, 3, 1))[0].overdue);
    }
}
