//! A medicine as the MAR, the rounds and reconciliation read it, with its schedule as one
//! enum: fixed times, every N hours, or when required (PRN) — never two at once.

use super::fields::Fields;
use super::{CareRecordError, PersonId, Route};
use crate::entity::{EntityKind, Record};
use crate::values::DoseTime;
use jiff::civil::Date;

/// When a medicine is given (PRODUCT.md, "Continuity register": dose times, intervals, PRN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// Fixed Europe/London wall-clock times, earliest first; never empty.
    AtTimes(Vec<DoseTime>),
    /// Every N hours from the first dose.
    EveryHours(i64),
    /// When required, within its limits: it has no due doses.
    WhenRequired(PrnLimits),
}

impl Schedule {
    /// The fixed times; none for an interval or PRN medicine.
    pub fn times(&self) -> &[DoseTime] {
        match self {
            Self::AtTimes(times) => times,
            Self::EveryHours(_) | Self::WhenRequired(_) => &[],
        }
    }

    pub fn interval_hours(&self) -> Option<i64> {
        match self {
            Self::EveryHours(h) => Some(*h),
            _ => None,
        }
    }

    pub fn prn(&self) -> Option<&PrnLimits> {
        match self {
            Self::WhenRequired(limits) => Some(limits),
            _ => None,
        }
    }

    pub fn is_prn(&self) -> bool {
        matches!(self, Self::WhenRequired(_))
    }
}

/// What a when-required medicine is for and how often it may be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrnLimits {
    /// "pain", "agitation".
    pub indication: String,
    pub min_interval_minutes: i64,
    pub max_doses_24h: i64,
}

/// Minutes before and after the due time a dose may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoseWindow {
    pub early_minutes: i64,
    pub late_minutes: i64,
}

impl DoseWindow {
    /// PRODUCT.md: 30 early and 120 late, or 30 and 30 for a time-critical medicine, unless
    /// the medicine sets its own.
    pub fn new(time_critical: bool, early: Option<i64>, late: Option<i64>) -> Self {
        Self {
            early_minutes: early.unwrap_or(30),
            late_minutes: late.unwrap_or(if time_critical { 30 } else { 120 }),
        }
    }

    /// "±30 min" or "−30/+120 min", as the MAR prints it.
    pub fn printed(&self) -> String {
        if self.early_minutes == self.late_minutes {
            format!("±{} min", self.early_minutes)
        } else {
            format!("−{}/+{} min", self.early_minutes, self.late_minutes)
        }
    }
}

/// A medicine of a person supported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Medicine {
    pub person_id: PersonId,
    pub name: String,
    /// "100 mg/25 mg"; empty when not recorded.
    pub strength: String,
    /// "1 tablet".
    pub dose: String,
    pub route: Route,
    pub schedule: Schedule,
    /// Parkinson's, insulin, anti-epileptics…: its window is tight.
    pub time_critical: bool,
    pub window: DoseWindow,
    pub controlled_drug: bool,
    /// First day taken (inclusive).
    pub start_date: Option<Date>,
    /// Last day taken (inclusive).
    pub end_date: Option<Date>,
    pub instructions: String,
}

impl Medicine {
    pub fn parse(r: &Record) -> Result<Self, CareRecordError> {
        let f = Fields::of(r, EntityKind::Medicine)?;
        let time_critical = f.flag("time_critical");
        Ok(Self {
            person_id: f.required_id("person_id")?,
            name: f.required_text("name")?,
            strength: f.text("strength"),
            dose: f.required_text("dose")?,
            route: f.required_choice("route")?,
            schedule: schedule(&f)?,
            time_critical,
            window: DoseWindow::new(
                time_critical,
                f.int("window_early_minutes"),
                f.int("window_late_minutes"),
            ),
            controlled_drug: f.flag("controlled_drug"),
            start_date: f.date("start_date"),
            end_date: f.date("end_date"),
            instructions: f.text("instructions"),
        })
    }

    /// The medicine as the MAR names it: "Levodopa 100 mg/25 mg".
    pub fn mar_name(&self) -> String {
        format!("{} {}", self.name, self.strength).trim().to_string()
    }

    /// "Levodopa 100 mg — 1 tablet", as rounds and reconciliation name it.
    pub fn label(&self) -> String {
        format!("{} {} — {}", self.name, self.strength, self.dose).replace("  ", " ")
    }

    /// Whether it is taken on any day from `first` to `last` (inclusive).
    pub fn is_taken_between(&self, first: Date, last: Date) -> bool {
        self.start_date.is_none_or(|start| start <= last) && self.end_date.is_none_or(|end| end >= first)
    }
}

/// The rules of `entity/rules.rs` as a type: a PRN medicine with its limits and no times, or
/// fixed times, or an interval.
fn schedule(f: &Fields) -> Result<Schedule, CareRecordError> {
    let times = f.times("times");
    let interval = f.int("interval_hours");
    if f.flag("prn") {
        if !times.is_empty() || interval.is_some() {
            return Err(f.error(
                "times",
                "a PRN medicine has no fixed dose times or interval; untick PRN for a regular one",
            ));
        }
        let need = |field, what: &str| {
            f.int(field)
                .ok_or_else(|| f.error(field, format!("a PRN medicine needs {what}")))
        };
        return Ok(Schedule::WhenRequired(PrnLimits {
            indication: f
                .required_text("prn_indication")
                .map_err(|_| f.error("prn_indication", "a PRN medicine needs what it is for"))?,
            min_interval_minutes: need("prn_min_interval_minutes", "its minimum time between doses")?,
            max_doses_24h: need("prn_max_doses_24h", "its maximum doses in 24 hours")?,
        }));
    }
    match (times.is_empty(), interval) {
        (false, None) => Ok(Schedule::AtTimes(times)),
        (true, Some(hours)) => Ok(Schedule::EveryHours(hours)),
        (false, Some(_)) => Err(f.error("interval_hours", "give fixed dose times or an interval, not both")),
        (true, None) => Err(f.error("times", "no dose times, interval or PRN are recorded")),
    }
}
