//! A dosage's timing → fixed daily times or an interval, only when the record says so
//! unambiguously (see dosage.rs for the rule).

use super::dosage::Dosage;
use super::model::{CodeableConcept, Period};
use serde::Deserialize;

pub const DAY: u32 = 24 * 60;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Timing {
    pub repeat: Option<Repeat>,
    pub code: Option<CodeableConcept>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Repeat {
    pub bounds_period: Option<Period>,
    pub frequency: Option<u32>,
    pub frequency_max: Option<u32>,
    pub period: Option<f64>,
    pub period_max: Option<f64>,
    pub period_unit: Option<String>,
    pub day_of_week: Vec<String>,
    pub time_of_day: Vec<String>,
    pub when: Vec<String>,
}

/// The repeat, or one made from a common HL7 timing abbreviation ("BID", "Q4H").
pub fn repeat(d: &Dosage) -> Option<Repeat> {
    let timing = d.timing.as_ref()?;
    if let Some(r) = &timing.repeat {
        return Some(r.clone());
    }
    let code = timing.code.as_ref()?.codes().next()?.to_ascii_uppercase();
    let every = |frequency: u32, period: f64, unit: &str| Repeat {
        frequency: Some(frequency),
        period: Some(period),
        period_unit: Some(unit.into()),
        ..Repeat::default()
    };
    Some(match code.as_str() {
        "QD" => every(1, 1.0, "d"),
        "BID" => every(2, 1.0, "d"),
        "TID" => every(3, 1.0, "d"),
        "QID" => every(4, 1.0, "d"),
        "QOD" => every(1, 2.0, "d"),
        "Q4H" => every(1, 4.0, "h"),
        "Q6H" => every(1, 6.0, "h"),
        "Q8H" => every(1, 8.0, "h"),
        "AM" => Repeat {
            when: vec!["MORN".into()],
            ..Repeat::default()
        },
        "PM" => Repeat {
            when: vec!["EVE".into()],
            ..Repeat::default()
        },
        _ => return None,
    })
}

pub fn period_minutes(r: &Repeat) -> Option<u32> {
    let factor = match r.period_unit.as_deref()?.trim() {
        "min" => 1.0,
        "h" => 60.0,
        "d" => 1440.0,
        "wk" => 10080.0,
        _ => return None,
    };
    let m = r.period? * factor;
    ((1.0..=1e7).contains(&m) && m.fract() == 0.0).then_some(m as u32)
}

/// Fixed daily times, from timeOfDay or `when` codes; `None` unless the timing repeats every
/// day and every entry is understood.
pub fn daily_times(r: &Repeat) -> Option<Vec<String>> {
    let mut days: Vec<&str> = r.day_of_week.iter().map(|d| d.trim()).collect();
    days.sort_unstable();
    days.dedup();
    let every_day = days.is_empty() || days.len() == 7;
    let daily = r.period.is_none() || period_minutes(r) == Some(DAY);
    if !every_day || !daily || r.frequency_max.is_some() {
        return None;
    }
    let mut times = Vec::new();
    if !r.time_of_day.is_empty() {
        for t in &r.time_of_day {
            times.push(clock(t)?);
        }
    } else {
        for w in &r.when {
            times.extend(when_times(w.trim())?.iter().map(|t| t.to_string()));
        }
    }
    times.sort();
    times.dedup();
    if times.is_empty() || r.frequency.is_some_and(|f| f as usize != times.len()) {
        return None;
    }
    Some(times)
}

/// "08:00:00" → "08:00".
fn clock(t: &str) -> Option<String> {
    let mut parts = t.trim().split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// The usual care-home round for each HL7 event-timing code.
fn when_times(code: &str) -> Option<&'static [&'static str]> {
    const MEALS: &[&str] = &["08:00", "12:00", "18:00"];
    Some(match code {
        "MORN" => &["08:00"],
        "MORN.early" | "WAKE" => &["07:00"],
        "MORN.late" => &["10:00"],
        "NOON" => &["12:00"],
        "AFT" => &["14:00"],
        "AFT.early" => &["13:00"],
        "AFT.late" => &["16:00"],
        "EVE" => &["18:00"],
        "EVE.early" => &["17:00"],
        "EVE.late" => &["20:00"],
        "NIGHT" | "PHS" | "HS" => &["22:00"],
        "ACM" | "CM" | "PCM" => &["08:00"],
        "ACD" | "CD" | "PCD" => &["12:00"],
        "ACV" | "CV" | "PCV" => &["18:00"],
        "C" | "AC" | "PC" => MEALS,
        _ => return None,
    })
}

/// Every N hours, when frequency per period divides into whole hours (3 a day → 8).
pub fn interval_hours(r: &Repeat) -> Option<u32> {
    if r.frequency_max.is_some() || r.period_max.is_some() || !r.day_of_week.is_empty() {
        return None;
    }
    let minutes = period_minutes(r)?;
    let f = r.frequency.unwrap_or(1);
    if f == 0 || !minutes.is_multiple_of(f) || !(minutes / f).is_multiple_of(60) {
        return None;
    }
    let h = minutes / f / 60;
    (1..=168).contains(&h).then_some(h)
}
