//! Plain English for findings: London wall-clock times, durations, windows and next steps.

use super::{Finding, FindingKind, Period, Severity};
use crate::schedule::london;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// Shows instants as the Europe/London wall clock, with the day when it is needed.
pub(super) struct Clock {
    tz: TimeZone,
    first: Date,
    dated: bool,
}

impl Clock {
    /// The day is shown when the period touches more than one London date.
    pub(super) fn new(period: Period) -> Self {
        let tz = london();
        let first = tz.to_datetime(period.start).date();
        let last_instant = period
            .end
            .checked_sub(SignedDuration::from_nanos(1))
            .unwrap_or(period.end);
        let last = tz.to_datetime(last_instant.max(period.start)).date();
        Self {
            tz,
            first,
            dated: last != first,
        }
    }

    /// "08:00", or "Tue 24 Nov 08:00" when the period spans days or `t` is on another day
    /// (a PRN dose the day before, in the 24-hour look-back). A time the October change makes
    /// happen twice says which: "01:30 BST", "01:30 GMT".
    pub(super) fn show(&self, t: Timestamp) -> String {
        let dt = self.tz.to_datetime(t);
        let clock = crate::sheet_time::clock(&self.tz, t, dt);
        if self.dated || dt.date() != self.first {
            format!("{} {clock}", day(dt.date()))
        } else {
            clock
        }
    }

    /// Whether [`Clock::show`] adds the day to `t`.
    pub(super) fn needs_day(&self, t: Timestamp) -> bool {
        self.dated || self.date_of(t) != self.first
    }

    /// The London date of an instant (which paper sheet it is on).
    pub(super) fn date_of(&self, t: Timestamp) -> Date {
        self.tz.to_datetime(t).date()
    }
}

/// "Tue 24 Nov": how the paper sheets head a day (by hand: strftime was a tenth of the run).
pub(super) fn day(d: Date) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = DAYS.get(d.weekday().to_monday_zero_offset() as usize).unwrap_or(&"");
    let month = MONTHS.get(d.month() as usize - 1).unwrap_or(&"");
    format!("{weekday} {} {month}", d.day())
}

/// Whole minutes from `a` to `b` (negative when `b` is earlier).
pub(super) fn minutes(a: Timestamp, b: Timestamp) -> i64 {
    (b.as_second() - a.as_second()) / 60
}

/// `t` moved by `m` minutes (saturating at the ends of time, which no care record reaches).
pub(super) fn plus(t: Timestamp, m: i64) -> Timestamp {
    t.saturating_add(SignedDuration::from_mins(m)).unwrap_or(t)
}

/// "70 min", "3 h", "3 h 10 min": minutes up to two hours, hours after.
pub(super) fn span(m: i64) -> String {
    let m = m.abs();
    match (m / 60, m % 60) {
        _ if m < 120 => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, r) => format!("{h} h {r} min"),
    }
}

/// "time-critical window ±30 min", "window 30 min early to 120 min late".
pub(super) fn window(early: i64, late: i64, critical: bool) -> String {
    let name = if critical { "time-critical window" } else { "window" };
    if early == late {
        format!("{name} ±{early} min")
    } else {
        format!("{name} {early} min early to {late} min late")
    }
}

/// "2nd", "5th": which dose in a count.
pub(super) fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The next steps, worded for a care manager (PRODUCT.md: each finding has a next step).
pub(super) mod next {
    /// A time-critical dose missed or late: the harm is clinical and can be quick.
    pub const CLINICAL_NOW: &str =
        "Seek clinical advice now from the GP or NHS 111; record the advice and tell the family if agreed";
    /// An ordinary dose missed: whether to give it late is a pharmacist's question.
    pub const MISSED: &str =
        "Check with the person and the pharmacist whether to give it late or skip it; record the decision";
    /// Refused, time-critical: the harm of going without is clinical and quick.
    pub const REFUSED_CRITICAL: &str = "Seek clinical advice now from the GP, pharmacist or NHS 111, since going without \
                                        a time-critical medicine can cause harm quickly; record the advice and offer the \
                                        dose again if advised";
    /// Refused, ordinary: the person's choice, on record; a pattern is what needs acting on.
    pub const REFUSED: &str = "Review: check the reason is on the MAR; if the person refuses again or the dose matters \
                               for their health, tell the GP or pharmacist and review the care plan";
    pub const NOT_AVAILABLE_CRITICAL: &str = "Get the medicine now (the pharmacy, an out-of-hours pharmacy or NHS 111) \
                                              and seek clinical advice about the dose not taken; report it as a \
                                              medication incident";
    pub const NOT_AVAILABLE: &str = "Get a supply from the pharmacy today and ask the pharmacist whether to give the \
                                     dose late; report the stock failure as a medication incident";
    /// Omitted or not given for another reason: the reason written is what to check.
    pub const NOT_GIVEN: &str = "Check the reason written on the MAR is sound; ask the pharmacist whether to give it \
                                 late or skip it; record the decision";
    /// Away or in hospital: someone else may have given it.
    pub const AWAY: &str = "Check the hospital or discharge letter for what was given; record it on the MAR";
    pub const OUTSIDE: &str = "Check the next dose is spaced safely from this one (ask the pharmacist if unsure); \
                               record why it was given outside its window";
    pub const CRITICAL_EARLY: &str = "Check the person and ask the GP, pharmacist or NHS 111 whether the next dose \
                                      needs moving; record the advice";
    pub const DUPLICATE: &str = "Treat as a possible overdose: check the person and seek advice from NHS 111";
    pub const PRN_OVER_MAX: &str =
        "Check the person now; seek advice from the GP or NHS 111; report as a medication incident";
    pub const PRN_TOO_SOON: &str = "Check the person for side effects; ask the pharmacist or NHS 111 if unsure; \
                                    record it and remind staff of the minimum interval";
    pub const NO_SCHEDULE: &str = "Check the paper sheet: correct the entry if it belongs to another dose, medicine \
                                   or person; otherwise ask the pharmacist whether the extra dose matters and record it";
    pub const NO_TIME: &str = "Find the time on the paper sheet and correct the entry, so that the dose can be checked";
    pub const MISSED_VISIT: &str =
        "Ring the person or their family now to check they are safe; record a safeguarding concern if harm resulted";
    pub const REFUSED_VISIT: &str = "Ring the person or their family to check they are safe and why the visit was \
                                     declined; record it for the care plan review";
    pub const LATE_VISIT: &str =
        "Check whether the late visit affected care or medicines; review the round with the coordinator";
    pub const SHORT_VISIT: &str =
        "Check with the carer that every planned task was done; ring the person if any was not";
}

impl Finding {
    /// A finding with only what every finding has; the builder methods below add the rest.
    pub(super) fn new(kind: FindingKind, severity: Severity, person_id: i64, key: String) -> Self {
        Self {
            kind,
            severity,
            person_id,
            medicine_id: None,
            visit_id: None,
            due_at: None,
            when: None,
            record_ids: Vec::new(),
            key,
            explanation: String::new(),
            next_step: String::new(),
        }
    }

    pub(super) fn medicine(mut self, id: i64) -> Self {
        self.medicine_id = Some(id);
        self
    }

    pub(super) fn visit(mut self, id: i64) -> Self {
        self.visit_id = Some(id);
        self
    }

    /// Sets the due time, which is also the time it is shown by.
    pub(super) fn due(mut self, t: Timestamp) -> Self {
        self.due_at = Some(t);
        self.when = Some(t);
        self
    }

    pub(super) fn at(mut self, t: Option<Timestamp>) -> Self {
        self.when = t;
        self
    }

    pub(super) fn records(mut self, ids: Vec<i64>) -> Self {
        self.record_ids = ids;
        self
    }

    pub(super) fn says(mut self, explanation: String, next_step: impl Into<String>) -> Self {
        self.explanation = explanation;
        self.next_step = next_step.into();
        self
    }
}
