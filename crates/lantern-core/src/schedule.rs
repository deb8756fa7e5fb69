//! Wall-clock times to instants in Europe/London, with the clock changes made explicit.
//!
//! The rule (PRODUCT.md: the clock changes must not create or lose a dose):
//! - a time that does not exist on the March change day (01:00–01:59) is due one hour later
//!   by the new clock (01:30 → 02:30 BST): the same elapsed time after midnight;
//! - a time that happens twice on the October change day (01:00–01:59) is due once, at its
//!   first occurrence (BST).
//!
//! This is jiff's "compatible" disambiguation; this module names it and says when it applied.

use crate::values::DoseTime;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::{AmbiguousOffset, TimeZone};

/// The care providers' time zone.
pub fn london() -> TimeZone {
    jiff::tz::db().get("Europe/London").unwrap_or(TimeZone::UTC)
}

/// The day a moment falls on in the UK.
pub fn london_date(t: Timestamp) -> Date {
    t.to_zoned_datetime(london()).date()
}

/// What happened to a wall-clock time on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockChange {
    None,
    /// Spring forward: the time does not exist; it is due one hour later by the new clock.
    Skipped,
    /// Autumn back: the time happens twice; it is due at the first.
    Repeated,
}

/// When a dose or visit at `time` on `date` is due, and whether a clock change moved it.
pub fn due_at(date: Date, time: DoseTime) -> (Timestamp, ClockChange) {
    let tz = london();
    let wall = date.to_datetime(time.civil());
    let ambiguous = tz.to_ambiguous_zoned_datetime(wall);
    let change = match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { .. } => ClockChange::None,
        AmbiguousOffset::Gap { .. } => ClockChange::Skipped,
        AmbiguousOffset::Fold { .. } => ClockChange::Repeated,
    };
    // `compatible` cannot fail for Europe/London dates in range; fall back to UTC reading.
    let instant = ambiguous.compatible().map(|z| z.timestamp()).unwrap_or_else(|_| {
        wall.to_zoned_datetime(TimeZone::UTC)
            .map(|z| z.timestamp())
            .unwrap_or_default()
    });
    (instant, change)
}

/// A line for a paper sheet when a clock change moves a time, or `None`.
pub fn clock_note(date: Date, time: DoseTime) -> Option<String> {
    match due_at(date, time).1 {
        ClockChange::None => None,
        ClockChange::Skipped => {
            let later = DoseTime::from_minutes((time.minutes() + 60) % (24 * 60)).unwrap_or(time);
            Some(format!("Clocks go forward: give the {time} dose at {later}"))
        }
        ClockChange::Repeated => Some(format!(
            "Clocks go back: {time} happens twice; give once, the first time"
        )),
    }
}

/// The next time after `now` that the London wall clock shows `time` (for daily jobs).
pub fn next_daily(now: Timestamp, time: DoseTime) -> Timestamp {
    let today = now.to_zoned_datetime(london()).date();
    (0..3)
        .filter_map(|n| today.checked_add(jiff::Span::new().days(n)).ok())
        .map(|d| due_at(d, time).0)
        .find(|t| *t > now)
        .unwrap_or(now)
}

/// A moment typed by a person: London wall-clock `YYYY-MM-DDTHH:MM` (what a browser's
/// date-time box sends, or with a space), or RFC 3339 with an offset (what an integration sends).
/// Wall-clock times in the clock-change hour follow [`due_at`]'s rule.
pub fn parse_moment(text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("enter a date and time".into());
    }
    if let Ok(t) = text.parse::<Timestamp>() {
        return Ok(t);
    }
    let wall = text.replacen(' ', "T", 1);
    let civil: jiff::civil::DateTime = wall
        .parse()
        .map_err(|_| format!("'{text}' is not a date and time; write it as 2026-11-24 08:30"))?;
    let minutes = u16::try_from(i32::from(civil.hour()) * 60 + i32::from(civil.minute())).unwrap_or(0);
    let time = DoseTime::from_minutes(minutes).ok_or_else(|| format!("'{text}' is not a time of day"))?;
    Ok(due_at(civil.date(), time).0)
}

/// A moment as care staff read it: "Tue 24 Nov 2026, 08:30" in London time.
pub fn show_moment(t: Timestamp) -> String {
    t.to_zoned_datetime(london())
        .strftime("%a %-d %b %Y, %H:%M")
        .to_string()
}

/// London wall-clock `HH:MM` of a moment.
pub fn show_time(t: Timestamp) -> String {
    t.to_zoned_datetime(london()).strftime("%H:%M").to_string()
}

/// A length of time as people say it: "45 min", "3 h 20 min", "2 days 4 h".
pub fn show_minutes(minutes: i64) -> String {
    let m = minutes.max(0);
    match (m / (24 * 60), (m / 60) % 24, m % 60) {
        (0, 0, min) => format!("{min} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, min) => format!("{h} h {min} min"),
        (1, h, _) => format!("1 day {h} h"),
        (d, h, _) => format!("{d} days {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DoseTime {
        DoseTime::parse(s).unwrap()
    }

    #[test]
    fn an_ordinary_day_is_unchanged() {
        let (at, change) = due_at(jiff::civil::date(2026, 11, 24), t("08:00"));
        assert_eq!(change, ClockChange::None);
        assert_eq!(at.to_string(), "2026-11-24T08:00:00Z");
        let (at, _) = due_at(jiff::civil::date(2026, 7, 1), t("08:00"));
        assert_eq!(at.to_string(), "2026-07-01T07:00:00Z", "BST is UTC+1");
    }

    #[test]
    fn spring_gap_moves_forward_one_hour() {
        // 29 March 2026: 01:00 GMT becomes 02:00 BST.
        let day = jiff::civil::date(2026, 3, 29);
        let (at, change) = due_at(day, t("01:30"));
        assert_eq!(change, ClockChange::Skipped);
        assert_eq!(at.to_string(), "2026-03-29T01:30:00Z", "02:30 BST");
        assert_eq!(
            clock_note(day, t("01:30")).unwrap(),
            "Clocks go forward: give the 01:30 dose at 02:30"
        );
        assert_eq!(due_at(day, t("08:00")).1, ClockChange::None);
    }

    #[test]
    fn daily_jobs_run_at_the_next_wall_clock_time() {
        let now: Timestamp = "2026-11-24T09:00:00Z".parse().unwrap();
        assert_eq!(next_daily(now, t("05:30")).to_string(), "2026-11-25T05:30:00Z");
        assert_eq!(next_daily(now, t("10:00")).to_string(), "2026-11-24T10:00:00Z");
        let summer: Timestamp = "2026-07-01T03:00:00Z".parse().unwrap();
        assert_eq!(
            next_daily(summer, t("05:30")).to_string(),
            "2026-07-01T04:30:00Z",
            "BST"
        );
    }

    #[test]
    fn autumn_fold_takes_the_first_occurrence() {
        // 25 October 2026: 02:00 BST becomes 01:00 GMT.
        let day = jiff::civil::date(2026, 10, 25);
        let (at, change) = due_at(day, t("01:30"));
        assert_eq!(change, ClockChange::Repeated);
        assert_eq!(at.to_string(), "2026-10-25T00:30:00Z", "the BST one");
        assert!(clock_note(day, t("01:30")).unwrap().contains("twice"));
    }
    #[test]
    fn moments_typed_by_people_are_london_time() {
        assert_eq!(
            parse_moment("2026-11-24T08:30").unwrap().to_string(),
            "2026-11-24T08:30:00Z"
        );
        assert_eq!(
            parse_moment("2026-07-01 08:30").unwrap().to_string(),
            "2026-07-01T07:30:00Z"
        );
        assert_eq!(
            parse_moment("2026-07-01T08:30:00+01:00").unwrap().to_string(),
            "2026-07-01T07:30:00Z"
        );
        assert!(parse_moment("yesterday").unwrap_err().contains("2026-11-24 08:30"));
        assert!(parse_moment("").is_err());
        let t = parse_moment("2026-11-24T08:05").unwrap();
        assert_eq!(show_moment(t), "Tue 24 Nov 2026, 08:05");
        assert_eq!(show_time(t), "08:05");
        assert_eq!(show_minutes(45), "45 min");
        assert_eq!(show_minutes(200), "3 h 20 min");
        assert_eq!(show_minutes(120), "2 h");
        assert_eq!(show_minutes(60 * 24 + 61), "1 day 1 h");
        assert_eq!(show_minutes(60 * 52), "2 days 4 h");
    }
}
