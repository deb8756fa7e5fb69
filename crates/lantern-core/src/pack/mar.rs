//! A person's paper MAR for the days a pack covers: a row per regular dose time, then the PRN
//! medicines with their limits.

use super::build::{long_date, short_day};
use super::register::Read;
use super::{MarRow, MarSheet, PrnRow, mar_order_of};
use crate::care::{Choice, Medicine, Person, Schedule};
use crate::schedule::clock_note;
use crate::values::DoseTime;
use jiff::civil::Date;
use std::collections::BTreeSet;

/// One line on the person's page: "Levodopa 100 mg — 1 tablet, at 08:00, 12:00 (TIME-CRITICAL)".
pub(super) fn medicine_summary(m: &Medicine) -> String {
    let when = match &m.schedule {
        Schedule::WhenRequired(prn) => format!("when required for {}", prn.indication),
        Schedule::EveryHours(h) => format!("every {h} hours"),
        Schedule::AtTimes(times) => {
            let times: Vec<String> = times.iter().map(DoseTime::to_string).collect();
            format!("at {}", times.join(", "))
        }
    };
    let mut s = format!("{} {} — {}, {when}", m.name, m.strength, m.dose);
    if m.time_critical {
        s.push_str(" (TIME-CRITICAL)");
    }
    if m.controlled_drug {
        s.push_str(" (CD)");
    }
    s.replace("  ", " ")
}

pub(super) fn mar_sheet(person: &Person, meds: &[&Read<'_, Medicine>], days: &[Date]) -> MarSheet {
    let mut rows = Vec::new();
    let mut notes = BTreeSet::new();
    let mut regular: Vec<&&Read<'_, Medicine>> = meds.iter().filter(|m| !m.value.schedule.is_prn()).collect();
    regular.sort_by_key(|m| (!m.value.time_critical, m.value.name.clone()));
    for m in regular {
        let med = &m.value;
        let window = med.window.printed();
        // An interval medicine has one row, its doses written in as they are given.
        let times: Vec<Option<DoseTime>> = match &med.schedule {
            Schedule::AtTimes(times) => times.iter().copied().map(Some).collect(),
            Schedule::EveryHours(_) | Schedule::WhenRequired(_) => vec![None],
        };
        for time in times {
            let marks = days
                .iter()
                .map(|d| match time.and_then(|t| clock_note(*d, t)) {
                    Some(note) => {
                        notes.insert(format!("{}: {note}", short_day(*d)));
                        "clock change: see note".to_string()
                    }
                    None => String::new(),
                })
                .collect();
            let printed = match (time, med.schedule.interval_hours()) {
                (Some(t), _) => t.to_string(),
                (None, Some(h)) => format!("every {h} h"),
                (None, None) => String::new(),
            };
            let row = MarRow {
                medicine: med.mar_name(),
                dose: med.dose.clone(),
                route: med.route.label().to_string(),
                time: printed.clone(),
                time_critical: med.time_critical,
                window: window.clone(),
                controlled: med.controlled_drug,
                instructions: med.instructions.clone(),
                marks,
            };
            rows.push((mar_order_of(m.rec.id, med, &printed), row));
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let rows: Vec<MarRow> = rows.into_iter().map(|(_, row)| row).collect();
    let mut prn: Vec<PrnRow> = meds
        .iter()
        .filter_map(|m| {
            let limits = m.value.schedule.prn()?;
            Some(PrnRow {
                medicine: m.value.mar_name(),
                dose: m.value.dose.clone(),
                indication: limits.indication.clone(),
                min_interval: minutes_text(limits.min_interval_minutes),
                max_24h: limits.max_doses_24h.to_string(),
                controlled: m.value.controlled_drug,
            })
        })
        .collect();
    prn.sort_by(|a, b| a.medicine.cmp(&b.medicine));
    MarSheet {
        person: person.full_name.clone(),
        date_of_birth: person.date_of_birth.map(long_date).unwrap_or_default(),
        nhs_number: person.nhs_number.map(|n| n.to_string()).unwrap_or_default(),
        allergies: person.allergies.join(", "),
        days: days.iter().map(|d| short_day(*d)).collect(),
        rows,
        prn,
        notes: notes.into_iter().collect(),
    }
}

fn minutes_text(m: i64) -> String {
    match (m / 60, m % 60) {
        (0, min) => format!("{min} min"),
        (h, 0) => format!("{h} h"),
        (h, min) => format!("{h} h {min} min"),
    }
}
