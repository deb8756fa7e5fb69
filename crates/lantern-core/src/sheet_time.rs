//! Times as written on a paper sheet (MAR, visit sheet) and typed back in, and as shown again.
//!
//! A sheet is for one London date; its times are wall-clock times typed like `0805` or `08:05`.
//! On the autumn change day (25 October 2026) 01:00–01:59 happens twice, so a time in that hour
//! says which one — `01:40 BST` (the first) or `01:40 GMT` (the second) — and a bare one is
//! refused: taking the first silently hid a time-critical dose given 70 minutes late
//! (issue [7], point 4). Everywhere else the offset may be left off.

use crate::schedule::{due_at, london};
use crate::values::DoseTime;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};

/// Which London offset a written time names, when it names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Bst,
    Gmt,
}

impl Mark {
    fn offset(self) -> Offset {
        match self {
            Mark::Bst => Offset::constant(1),
            Mark::Gmt => Offset::UTC,
        }
    }

    fn of(offset: Offset) -> Self {
        if offset == Offset::UTC { Mark::Gmt } else { Mark::Bst }
    }

    fn as_str(self) -> &'static str {
        match self {
            Mark::Bst => "BST",
            Mark::Gmt => "GMT",
        }
    }
}

/// "01:40 GMT" → (01:40, Some(GMT)); "0140" → (01:40, None).
fn split(text: &str) -> Result<(DoseTime, Option<Mark>), String> {
    let upper = text.trim().to_ascii_uppercase();
    let (clock, mark) = match (upper.strip_suffix("BST"), upper.strip_suffix("GMT")) {
        (Some(rest), _) => (rest, Some(Mark::Bst)),
        (_, Some(rest)) => (rest, Some(Mark::Gmt)),
        _ => (upper.as_str(), None),
    };
    let time = DoseTime::parse(clock.trim()).map_err(|_| {
        format!(
            "'{}' is not a time of day; write it as on the sheet, like 0805 or 08:05",
            text.trim()
        )
    })?;
    Ok((time, mark))
}

/// Whether `day` is the autumn change day, when 01:00–01:59 happens twice.
pub fn has_repeated_hour(day: Date) -> bool {
    (0..24u16).any(|h| {
        DoseTime::from_minutes(h * 60 + 30).is_some_and(|t| {
            matches!(
                london().to_ambiguous_timestamp(day.to_datetime(t.civil())).offset(),
                AmbiguousOffset::Fold { .. }
            )
        })
    })
}

/// The instant of `time` on `date` by the London clock, the offset choosing between the two
/// in the repeated hour. A time that the spring change skipped follows [`due_at`]'s rule.
fn on(date: Date, time: DoseTime, mark: Option<Mark>) -> Result<Timestamp, String> {
    let wall = date.to_datetime(time.civil());
    let day = date.strftime("%a %-d %b");
    match (london().to_ambiguous_timestamp(wall).offset(), mark) {
        (AmbiguousOffset::Fold { before, after }, None) => Err(format!(
            "{time} happened twice on {day} (the clocks went back at 02:00): write {time} {} for the first or {time} {} for the second",
            Mark::of(before).as_str(),
            Mark::of(after).as_str()
        )),
        (AmbiguousOffset::Fold { before, after }, Some(m)) if m.offset() == before || m.offset() == after => {
            m.offset().to_timestamp(wall).map_err(|e| e.to_string())
        }
        (AmbiguousOffset::Unambiguous { offset }, Some(m)) if m.offset() != offset => Err(format!(
            "London was on {} at {time} on {day}: write {time}",
            Mark::of(offset).as_str()
        )),
        (AmbiguousOffset::Unambiguous { .. }, _) => Ok(due_at(date, time).0),
        (_, Some(m)) => Err(format!("{time} {} did not happen on {day}", m.as_str())),
        (AmbiguousOffset::Gap { .. }, None) => Ok(due_at(date, time).0),
    }
}

/// A time written on the sheet of `day`, or `None` when the box is blank. Next to a due time
/// (a MAR row, a planned visit), a time more than 12 hours before it was written after
/// midnight and is on the next day.
pub fn written(day: Date, text: &str, due: Option<Timestamp>) -> Result<Option<Timestamp>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let (time, mark) = split(text)?;
    let rough = due_at(day, time).0;
    let date = match (due, day.tomorrow()) {
        (Some(due), Ok(next)) if due.as_second() - rough.as_second() > 12 * 3600 => next,
        _ => day,
    };
    on(date, time, mark).map(Some)
}

/// `HH:MM` by the London clock, with ` BST` or ` GMT` in the repeated autumn hour, so that what
/// is shown can be typed back and mean the same instant.
pub fn show(t: Timestamp) -> String {
    let tz = london();
    clock(&tz, t, tz.to_datetime(t))
}

/// `HH:MM` of `wall` (the instant `t` by the clock of `tz`), marked in a repeated hour as
/// [`show`] says. By hand, without strftime: the reconciliation shows thousands of times.
pub(crate) fn clock(tz: &TimeZone, t: Timestamp, wall: DateTime) -> String {
    let mut s = format!("{:02}:{:02}", wall.hour(), wall.minute());
    // London's clocks have only ever gone back in the small hours: skip the lookup after.
    if wall.hour() < 4 && tz.to_ambiguous_timestamp(wall).is_ambiguous() {
        s.push(' ');
        s.push_str(tz.to_offset_info(t).abbreviation());
    }
    s
}

/// `YYYY-MM-DD HH:MM` by the London clock, marked as [`show`] marks the repeated hour.
pub fn show_with_date(t: Timestamp) -> String {
    let date = t.to_zoned_datetime(london()).strftime("%Y-%m-%d").to_string();
    format!("{date} {}", show(t))
}

/// "24 Nov 2026, 09:40" by the London clock, marked as [`show`] marks the repeated hour: how
/// logs and histories show when something happened, so that no reader converts from UTC.
pub fn show_dated(t: Timestamp) -> String {
    let tz = london();
    let wall = tz.to_datetime(t);
    format!("{}, {}", wall.date().strftime("%-d %b %Y"), clock(&tz, t, wall))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn at(day: Date, text: &str) -> Result<Option<String>, String> {
        written(day, text, None).map(|t| t.map(|t| t.to_string()))
    }

    #[test]
    fn ordinary_times_are_typed_as_on_the_sheet() {
        let d = date(2026, 11, 24);
        assert_eq!(at(d, "0805").unwrap().unwrap(), "2026-11-24T08:05:00Z");
        assert_eq!(at(d, " 08:05 ").unwrap().unwrap(), "2026-11-24T08:05:00Z");
        assert_eq!(at(d, "08:05 gmt").unwrap().unwrap(), "2026-11-24T08:05:00Z");
        assert_eq!(at(d, "").unwrap(), None);
        assert!(at(d, "25:99").unwrap_err().contains("'25:99' is not a time"));
        assert!(at(d, "08:05 BST").unwrap_err().contains("London was on GMT"));
        assert!(!has_repeated_hour(d));
    }

    #[test]
    fn the_repeated_hour_needs_its_offset() {
        let d = date(2026, 10, 25);
        assert!(has_repeated_hour(d));
        let e = at(d, "01:40").unwrap_err();
        assert!(e.contains("01:40 BST for the first or 01:40 GMT for the second"), "{e}");
        assert_eq!(at(d, "01:40 BST").unwrap().unwrap(), "2026-10-25T00:40:00Z");
        assert_eq!(at(d, "01:40 GMT").unwrap().unwrap(), "2026-10-25T01:40:00Z");
        assert_eq!(at(d, "0140 GMT").unwrap().unwrap(), "2026-10-25T01:40:00Z");
        assert_eq!(at(d, "0140gmt").unwrap().unwrap(), "2026-10-25T01:40:00Z");
        assert_eq!(
            at(d, "00:59").unwrap().unwrap(),
            "2026-10-24T23:59:00Z",
            "BST, unmarked"
        );
        assert_eq!(
            at(d, "02:00").unwrap().unwrap(),
            "2026-10-25T02:00:00Z",
            "GMT, unmarked"
        );
        for t in ["2026-10-25T00:40:00Z", "2026-10-25T01:40:00Z", "2026-10-25T08:00:00Z"] {
            let t: Timestamp = t.parse().unwrap();
            assert_eq!(written(d, &show(t), None).unwrap(), Some(t), "{} reads back", show(t));
        }
        assert_eq!(
            show_with_date("2026-10-25T01:40:00Z".parse().unwrap()),
            "2026-10-25 01:40 GMT"
        );
        assert_eq!(
            show_with_date("2026-10-25T08:00:00Z".parse().unwrap()),
            "2026-10-25 08:00"
        );
        assert!(!has_repeated_hour(date(2026, 3, 29)));
    }

    #[test]
    fn dated_times_are_london_times_across_both_changes() {
        let shown = |t: &str| show_dated(t.parse().unwrap());
        assert_eq!(shown("2026-11-24T09:40:00Z"), "24 Nov 2026, 09:40", "GMT in winter");
        assert_eq!(shown("2026-07-01T09:40:00Z"), "1 Jul 2026, 10:40", "BST in summer");
        // 29 March: 01:00 GMT becomes 02:00 BST.
        assert_eq!(shown("2026-03-29T00:59:00Z"), "29 Mar 2026, 00:59");
        assert_eq!(shown("2026-03-29T01:00:00Z"), "29 Mar 2026, 02:00");
        // 25 October: 02:00 BST becomes 01:00 GMT, so 01:xx is said twice and marked.
        assert_eq!(shown("2026-10-25T00:40:00Z"), "25 Oct 2026, 01:40 BST");
        assert_eq!(shown("2026-10-25T01:40:00Z"), "25 Oct 2026, 01:40 GMT");
        assert_eq!(shown("2026-10-25T02:00:00Z"), "25 Oct 2026, 02:00");
        assert_eq!(
            shown("2026-10-24T23:30:00Z"),
            "25 Oct 2026, 00:30",
            "BST after midnight"
        );
    }

    #[test]
    fn after_midnight_is_the_next_day_next_to_a_due_time() {
        let due: Timestamp = "2026-10-24T22:00:00Z".parse().unwrap(); // 23:00 BST on the 24th
        let d = date(2026, 10, 24);
        assert!(written(d, "01:40", Some(due)).unwrap_err().contains("twice"));
        let t = written(d, "01:40 GMT", Some(due)).unwrap().unwrap();
        assert_eq!(t.to_string(), "2026-10-25T01:40:00Z");
        let skipped = written(date(2026, 3, 29), "01:30", None).unwrap().unwrap();
        assert_eq!(
            skipped.to_string(),
            "2026-03-29T01:30:00Z",
            "the spring rule: 02:30 BST"
        );
    }
}
