//! Wall-clock times and calendar dates as care staff write them.

use jiff::civil::{Date, Time};
use std::fmt;

/// A time of day on the Europe/London wall clock, to the minute: when a dose or visit is due.
/// It is not an instant: the same `DoseTime` on a clock-change day may not exist (spring) or
/// may happen twice (autumn); turning it into an instant is the schedule's job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DoseTime {
    minutes: u16,
}

impl DoseTime {
    /// Parses "08:00", "8:00", "0800" or "08.00" on the 24-hour clock.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let (h, m) = if let Some((h, m)) = t.split_once([':', '.']) {
            (h, m)
        } else if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            t.split_at(2)
        } else {
            return Err(format!("'{t}' is not a time of day; write it like 08:00 or 17:30"));
        };
        let bad = || format!("'{t}' is not a time of day; write it on the 24-hour clock, like 08:00 or 17:30");
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return Err(bad());
        }
        let hours: u16 = h.parse().map_err(|_| bad())?;
        let minutes: u16 = m.parse().map_err(|_| bad())?;
        if hours > 23 || minutes > 59 {
            return Err(bad());
        }
        Ok(Self {
            minutes: hours * 60 + minutes,
        })
    }

    /// From minutes after midnight (0..1440).
    pub fn from_minutes(minutes: u16) -> Option<Self> {
        (minutes < 24 * 60).then_some(Self { minutes })
    }

    pub fn minutes(&self) -> u16 {
        self.minutes
    }

    pub fn civil(&self) -> Time {
        Time::constant((self.minutes / 60) as i8, (self.minutes % 60) as i8, 0, 0)
    }
}

impl fmt::Display for DoseTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.minutes / 60, self.minutes % 60)
    }
}

/// Parses a calendar date written as ISO (2026-11-24, what a date field sends) or as the UK
/// writes it (24/11/2026, also with dashes or dots).
pub fn parse_date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let bad = || format!("'{t}' is not a date; write it as DD/MM/YYYY");
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else if parts[2].len() == 4 {
        (parts[2], parts[1], parts[0])
    } else {
        return Err(bad());
    };
    let year: i16 = y.parse().map_err(|_| bad())?;
    let month: i8 = m.parse().map_err(|_| bad())?;
    let day: i8 = d.parse().map_err(|_| bad())?;
    if !(1900..=2200).contains(&year) {
        return Err(format!("'{t}': the year must be between 1900 and 2200"));
    }
    Date::new(year, month, day).map_err(|_| format!("'{t}' is not a real date"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dose_times_parse_in_the_usual_spellings() {
        for s in ["08:00", "8:00", "0800", "08.00", " 08:00 "] {
            assert_eq!(DoseTime::parse(s).unwrap().to_string(), "08:00", "{s}");
        }
        assert_eq!(DoseTime::parse("23:59").unwrap().minutes(), 1439);
        for s in ["24:00", "12:60", "8", "8am", "", "12:5", "123:00"] {
            assert!(DoseTime::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn dates_parse_iso_and_uk() {
        let d = Date::constant(2026, 11, 24);
        assert_eq!(parse_date("2026-11-24").unwrap(), d);
        assert_eq!(parse_date("24/11/2026").unwrap(), d);
        assert_eq!(parse_date("24.11.2026").unwrap(), d);
        assert!(parse_date("31/02/2026").unwrap_err().contains("real date"));
        assert!(parse_date("11/24/26").is_err());
        assert!(parse_date("1/1/1800").is_err());
    }

    proptest! {
        #[test]
        fn every_minute_round_trips(m in 0u16..1440) {
            let t = DoseTime::from_minutes(m).unwrap();
            prop_assert_eq!(DoseTime::parse(&t.to_string()).unwrap(), t);
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,16}") {
            let _ = DoseTime::parse(&s);
            let _ = parse_date(&s);
        }
    }
}
