//! Training coverage (issue [10] item 3): on a given day, for each service and each course, how
//! many of the service's staff hold a current completion, against the organisation's threshold
//! (the DSPT's 3.2.1: 95% in the last 12 months by default), and who is due or overdue.
//!
//! Pure: the register is read by the caller, who says what "today" is, so a coverage figure
//! can be worked out for any day of the year — a staff member who joined in June is not
//! counted in May, one who left in September is not counted after.

use super::settings::TrainingPolicy;
use crate::entity::staff_role;
use crate::{Record, Val};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

/// A completion is "due" when it runs out within this many days: time to book the course.
pub const DUE_WITHIN_DAYS: i64 = 30;

/// A course as coverage reads it.
#[derive(Debug, Clone)]
pub struct Course {
    pub id: i64,
    pub name: String,
    /// How long a completion counts (1–120 months).
    pub validity_months: i64,
    /// The staff roles it is for (stored values, as `choices::STAFF_ROLE`); empty is everyone.
    pub roles: Vec<String>,
}

impl Course {
    pub fn applies_to(&self, role: &str) -> bool {
        self.roles.is_empty() || self.roles.iter().any(|r| r == role)
    }

    /// Months a completion counts: the course's validity, or the policy's window when shorter.
    pub fn months(&self, policy: &TrainingPolicy) -> i64 {
        self.validity_months.min(i64::from(policy.window_months)).max(1)
    }
}

/// A staff member as coverage reads them.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: i64,
    pub name: String,
    /// Their role's stored value ("care_worker").
    pub role: String,
    pub services: Vec<i64>,
    /// When they joined; unknown counts them from the start.
    pub started: Option<Date>,
    /// The day they were marked as left: from that day they are not counted.
    pub left: Option<Date>,
}

impl Member {
    /// On the staff of `service` on `day`.
    pub fn counts_on(&self, service: i64, day: Date) -> bool {
        self.services.contains(&service) && self.started.is_none_or(|s| s <= day) && self.left.is_none_or(|l| l > day)
    }
}

/// One completion of a course by a staff member.
#[derive(Debug, Clone, Copy)]
pub struct Completion {
    pub staff_id: i64,
    pub course_id: i64,
    pub completed_on: Date,
}

/// Where one staff member stands with one course on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "standing", rename_all = "snake_case")]
pub enum Standing {
    /// Completed, and it counts until `expires` (the first day it no longer does).
    Current { completed_on: Date, expires: Date },
    /// Current, but it runs out within [`DUE_WITHIN_DAYS`].
    Due { completed_on: Date, expires: Date },
    /// Completed once, but it ran out on `expired`.
    Overdue { completed_on: Date, expired: Date },
    /// No completion on or before the day.
    Never,
}

impl Standing {
    pub fn covered(self) -> bool {
        matches!(self, Standing::Current { .. } | Standing::Due { .. })
    }

    /// Needs doing soon or now: due, overdue or never done.
    pub fn needs_action(self) -> bool {
        !matches!(self, Standing::Current { .. })
    }
}

/// A staff member's standing, in a cell's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub staff_id: i64,
    pub name: String,
    #[serde(flatten)]
    pub standing: Standing,
}

/// One service × one course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub service_id: i64,
    pub course_id: i64,
    /// Staff of the service on the day for whom the course applies.
    pub counted: usize,
    /// Of those, the ones with a current completion.
    pub covered: usize,
    /// Whole percent, rounded down so that a cell just under the threshold never reads as it.
    pub percent: Option<u8>,
    /// At or above the threshold (a service with nobody to train meets it).
    pub meets_threshold: bool,
    /// Everyone counted, those needing action first (overdue and never, then due), by name.
    pub staff: Vec<Entry>,
}

impl Cell {
    pub fn needing_action(&self) -> impl Iterator<Item = &Entry> {
        self.staff.iter().filter(|e| e.standing.needs_action())
    }
}

/// Where a staff member stands with a course on `day`, from all completions.
pub fn standing(
    course: &Course,
    policy: &TrainingPolicy,
    staff_id: i64,
    completions: &[Completion],
    day: Date,
) -> Standing {
    let last = completions
        .iter()
        .filter(|c| c.staff_id == staff_id && c.course_id == course.id && c.completed_on <= day)
        .map(|c| c.completed_on)
        .max();
    let Some(completed_on) = last else {
        return Standing::Never;
    };
    let expires = completed_on
        .checked_add(course.months(policy).months())
        .unwrap_or(Date::MAX);
    if expires <= day {
        Standing::Overdue {
            completed_on,
            expired: expires,
        }
    } else if expires <= day.checked_add(DUE_WITHIN_DAYS.days()).unwrap_or(Date::MAX) {
        Standing::Due { completed_on, expires }
    } else {
        Standing::Current { completed_on, expires }
    }
}

/// One cell: the service's staff on `day` for whom the course applies, and their standing.
pub fn cell(
    service_id: i64,
    course: &Course,
    policy: &TrainingPolicy,
    staff: &[Member],
    completions: &[Completion],
    day: Date,
) -> Cell {
    let mut entries: Vec<Entry> = staff
        .iter()
        .filter(|m| m.counts_on(service_id, day) && course.applies_to(&m.role))
        .map(|m| Entry {
            staff_id: m.id,
            name: m.name.clone(),
            standing: standing(course, policy, m.id, completions, day),
        })
        .collect();
    let urgency = |s: &Standing| match s {
        Standing::Overdue { .. } | Standing::Never => 0,
        Standing::Due { .. } => 1,
        Standing::Current { .. } => 2,
    };
    entries.sort_by(|a, b| (urgency(&a.standing), &a.name).cmp(&(urgency(&b.standing), &b.name)));
    let counted = entries.len();
    let covered = entries.iter().filter(|e| e.standing.covered()).count();
    let percent = (counted > 0).then(|| u8::try_from(covered * 100 / counted).unwrap_or(100));
    Cell {
        service_id,
        course_id: course.id,
        counted,
        covered,
        percent,
        meets_threshold: covered * 100 >= usize::from(policy.threshold_percent) * counted,
        staff: entries,
    }
}

/// Every service × every course on `day`, service by service in the order given.
pub fn coverage(
    services: &[i64],
    courses: &[Course],
    policy: &TrainingPolicy,
    staff: &[Member],
    completions: &[Completion],
    day: Date,
) -> Vec<Cell> {
    services
        .iter()
        .flat_map(|&s| courses.iter().map(move |c| (s, c)))
        .map(|(s, c)| cell(s, c, policy, staff, completions, day))
        .collect()
}

/// Reading the register's records (the caller lists them; ids are the store's).
impl Course {
    pub fn from_record(id: i64, r: &Record) -> Option<Course> {
        let roles = match r.get("roles") {
            Val::Texts(items) => items.iter().filter_map(|t| staff_role(t)).map(String::from).collect(),
            _ => Vec::new(),
        };
        Some(Course {
            id,
            name: r.text("name").to_string(),
            validity_months: r.int("validity_months")?,
            roles,
        })
    }
}

impl Member {
    /// `left` is the day the record was ended ("Marked as left"), in UK time.
    pub fn from_record(id: i64, r: &Record, left: Option<Date>) -> Member {
        Member {
            id,
            name: r.text("full_name").to_string(),
            role: r.text("role").to_string(),
            services: r.refs("services"),
            started: r.date("start_date"),
            left,
        }
    }
}

impl Completion {
    pub fn from_record(r: &Record) -> Option<Completion> {
        Some(Completion {
            staff_id: r.int("staff_id")?,
            course_id: r.int("course_id")?,
            completed_on: r.date("completed_on")?,
        })
    }
}

#[cfg(test)]
#[path = "training_tests.rs"]
mod tests;
