//! A FHIR Dosage → what Lantern schedules: dose, route, and fixed times, an interval, or PRN
//! with its limits.
//!
//! The rule throughout: never invent a regular schedule. Times are taken only when the
//! timing repeats daily and says when (timeOfDay, or `when` codes); an interval only when
//! frequency and period divide into whole hours. Anything else (a text-only dosage, "three
//! times a week", "2–3 times a day") is imported as PRN "as directed", with conservative
//! limits and a note that a manager must review it: staff then give it only as directed,
//! rather than on a schedule Lantern made up.

use super::model::{CodeableConcept, Quantity, Range, Ratio, nonblank, number};
use super::out::cut;
use super::timing::{DAY, Repeat, Timing, daily_times, interval_hours, period_minutes, repeat};
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Dosage {
    pub sequence: Option<i64>,
    pub text: Option<String>,
    pub patient_instruction: Option<String>,
    pub timing: Option<Timing>,
    pub as_needed_boolean: Option<bool>,
    pub as_needed_codeable_concept: Option<CodeableConcept>,
    pub route: Option<CodeableConcept>,
    pub dose_and_rate: Vec<DoseAndRate>,
    pub max_dose_per_period: Option<Ratio>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DoseAndRate {
    pub dose_quantity: Option<Quantity>,
    pub dose_range: Option<Range>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    Times(Vec<String>),
    Interval(u32),
    Prn {
        indication: String,
        min_interval: u32,
        max_24h: u32,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub dose: Option<String>,
    pub route: Option<&'static str>,
    pub schedule: Schedule,
    /// Sentences for the instructions: what was assumed and must be reviewed.
    pub notes: Vec<String>,
}

/// Conservative PRN limits when the record gives none: at least 4 hours apart, at most 4
/// doses in 24 hours. A manager must review them (the note says so on the record).
const DEFAULT_MIN_INTERVAL: u32 = 240;
const DEFAULT_MAX_24H: u32 = 4;

pub fn plan(d: &Dosage) -> Plan {
    let dose = dose(d).or_else(|| nonblank(&d.text).map(|t| cut(&t, 200)));
    let route = d.route.as_ref().and_then(super::route::route);
    let repeat = repeat(d);
    let mut notes = Vec::new();
    let prn = d.as_needed_boolean == Some(true) || d.as_needed_codeable_concept.is_some();
    let schedule = if prn {
        let indication = d
            .as_needed_codeable_concept
            .as_ref()
            .and_then(CodeableConcept::label)
            .unwrap_or_else(|| "as needed".into());
        prn_limits(d, repeat.as_ref(), indication, &mut notes)
    } else if let Some(times) = repeat.as_ref().and_then(daily_times) {
        Schedule::Times(times)
    } else if let Some(h) = repeat.as_ref().and_then(interval_hours) {
        Schedule::Interval(h)
    } else {
        as_directed(d, nonblank(&d.text), &mut notes)
    };
    Plan {
        dose,
        route,
        schedule,
        notes,
    }
}

/// The plan for all of a medicine's dosage instructions. Instructions given one after another
/// (a starting dose, then a lower one: different `sequence`s) keep their common schedule with
/// the doses in order ("200 mg, then 100 mg"); instructions given together (the same or no
/// sequence) with the same dose and route merge their times ("1 tablet" morning + "1 tablet"
/// night). Otherwise nothing is chosen between them: PRN "as directed".
pub fn combine(dosages: &[Dosage]) -> Plan {
    let Some((first, rest)) = dosages.split_first() else {
        return plan(&Dosage::default());
    };
    let mut result = plan(first);
    if rest.is_empty() {
        return result;
    }
    let plans: Vec<Plan> = rest.iter().map(plan).collect();
    let one_after_another = sequential(dosages);
    let joiner = if one_after_another { ", then " } else { "; " };
    let mut doses: Vec<String> = Vec::new();
    for d in std::iter::once(&result).chain(&plans).filter_map(|p| p.dose.clone()) {
        if !doses.contains(&d) {
            doses.push(d);
        }
    }
    let same = |p: &Plan| p.route == result.route && p.dose == result.dose;
    let merged_times = match &result.schedule {
        Schedule::Times(first_times) if !one_after_another && plans.iter().all(same) => {
            let mut all = first_times.clone();
            for p in &plans {
                match &p.schedule {
                    Schedule::Times(t) => all.extend(t.iter().cloned()),
                    _ => return directed_plan(first, dosages, joiner, result, doses),
                }
            }
            all.sort();
            all.dedup();
            Some(all)
        }
        _ => None,
    };
    if let Some(times) = merged_times {
        result.schedule = Schedule::Times(times);
        return result;
    }
    if plans
        .iter()
        .any(|p| p.schedule != result.schedule || p.route != result.route)
    {
        return directed_plan(first, dosages, joiner, result, doses);
    }
    if doses.len() > 1 {
        result.dose = Some(cut(&doses.join(joiner), 200));
    }
    result
}

/// Whether the instructions follow one another (each its own `sequence`) rather than apply
/// together.
pub fn sequential(dosages: &[Dosage]) -> bool {
    let mut sequences: Vec<Option<i64>> = dosages.iter().map(|d| d.sequence).collect();
    sequences.sort_unstable();
    sequences.dedup();
    sequences.len() == dosages.len() && sequences.iter().all(Option::is_some)
}

fn directed_plan(first: &Dosage, dosages: &[Dosage], joiner: &str, mut result: Plan, doses: Vec<String>) -> Plan {
    let texts: Vec<String> = dosages.iter().filter_map(|d| nonblank(&d.text)).collect();
    let text = (!texts.is_empty()).then(|| texts.join(joiner));
    result.notes.clear();
    result.schedule = as_directed(first, text, &mut result.notes);
    if doses.len() > 1 {
        result.dose = Some(cut(&doses.join(joiner), 200));
    }
    result
}

/// PRN "as directed: <the dosage text>" with conservative limits, when no schedule can be
/// taken from the record without guessing.
fn as_directed(d: &Dosage, text: Option<String>, notes: &mut Vec<String>) -> Schedule {
    let indication = match text {
        Some(t) => format!("as directed: {t}"),
        None => "as directed (the record gives no dosage: check with the prescriber)".into(),
    };
    notes.push(
        "Imported as PRN because the record gives no dose times Lantern can schedule: \
         a manager must confirm how and when it is given."
            .into(),
    );
    prn_limits(d, None, indication, notes)
}

/// "2 tablet", "1–2 tablet", "500 mg".
fn dose(d: &Dosage) -> Option<String> {
    d.dose_and_rate.iter().find_map(|dr| {
        dr.dose_quantity.as_ref().and_then(Quantity::text).or_else(|| {
            let Range { low, high } = dr.dose_range.as_ref()?;
            let (low, high) = (low.as_ref()?, high.as_ref()?);
            let unit = high.unit_text().map(|u| format!(" {u}")).unwrap_or_default();
            Some(format!("{}–{}{unit}", number(low.value?), number(high.value?)))
        })
    })
}

fn prn_limits(d: &Dosage, r: Option<&Repeat>, indication: String, notes: &mut Vec<String>) -> Schedule {
    let most = r.and_then(|r| r.frequency_max.or(r.frequency)).unwrap_or(1).max(1);
    let min_interval = r
        .and_then(period_minutes)
        .map(|m| m.div_ceil(most))
        .filter(|m| (1..=10_080).contains(m));
    let per_day = r
        .filter(|r| period_minutes(r) == Some(DAY))
        .and_then(|r| r.frequency_max.or(r.frequency));
    let max_24h = max_per_day(d).or(per_day).filter(|n| (1..=48).contains(n));
    if min_interval.is_none() || max_24h.is_none() {
        notes.push(
            "PRN limits not in the record: conservative defaults set (at least 4 hours apart, \
             at most 4 doses in 24 hours); a manager must review them."
                .into(),
        );
    }
    let min_interval = min_interval.unwrap_or(DEFAULT_MIN_INTERVAL);
    let max_24h = max_24h.unwrap_or_else(|| DEFAULT_MAX_24H.min(DAY / min_interval).max(1));
    Schedule::Prn {
        indication: cut(&indication, 200),
        min_interval,
        max_24h,
    }
}

/// maxDosePerPeriod over one day: doses when numerator and dose share a unit (8 tablet / 2
/// tablet → 4), else the numerator's value.
fn max_per_day(d: &Dosage) -> Option<u32> {
    let ratio = d.max_dose_per_period.as_ref()?;
    let (num, den) = (ratio.numerator.as_ref()?, ratio.denominator.as_ref()?);
    let unit = den.code.as_deref().or(den.unit.as_deref())?.trim().to_lowercase();
    let minutes = den.value?
        * match unit.as_str() {
            "d" | "day" | "days" => 1440.0,
            "h" | "hour" | "hours" => 60.0,
            _ => return None,
        };
    if minutes != 1440.0 {
        return None;
    }
    let value = num.value?;
    let dose = d.dose_and_rate.iter().find_map(|dr| dr.dose_quantity.as_ref());
    let n = match dose {
        Some(q) if q.same_unit(num) && q.value.is_some_and(|v| v > 0.0) => value / q.value.unwrap_or(1.0),
        _ => value,
    };
    (1.0..=1000.0).contains(&n).then_some(n.floor() as u32)
}
