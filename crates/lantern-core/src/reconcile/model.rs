//! What reconciliation compares: schedules from the register, and what the paper sheets say.

use crate::care::{Medicine, MedicineId, Visit, VisitId};
use crate::schedule::due_at;
use crate::values::DoseTime;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The limits of a when-required medicine (PRODUCT.md: minimum interval, maximum in 24 h).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrnRule {
    pub min_interval_minutes: Option<i64>,
    pub max_doses_24h: Option<i64>,
}

/// One medicine's schedule, as reconciliation needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedicineSchedule {
    pub medicine_id: i64,
    pub person_id: i64,
    /// "Levodopa 100 mg — 1 tablet": how the MAR names it.
    pub label: String,
    /// Fixed Europe/London wall-clock times; empty for interval and PRN medicines.
    pub times: Vec<DoseTime>,
    /// "Every N hours" instead of fixed times.
    pub interval_hours: Option<i64>,
    pub time_critical: bool,
    /// Minutes before the due time a dose may be given.
    pub early_minutes: i64,
    /// Minutes after the due time a dose may be given.
    pub late_minutes: i64,
    /// `Some` for a when-required (PRN) medicine, which has no due doses.
    pub prn: Option<PrnRule>,
    /// First day taken (inclusive).
    pub start_date: Option<Date>,
    /// Last day taken (inclusive).
    pub end_date: Option<Date>,
}

impl MedicineSchedule {
    /// The schedule reconciliation compares against, from a typed medicine, with its dose
    /// window (PRODUCT.md defaults and the per-medicine override).
    pub fn of(medicine_id: MedicineId, m: &Medicine) -> Self {
        Self {
            medicine_id: medicine_id.get(),
            person_id: m.person_id.get(),
            label: m.label().trim().to_string(),
            times: m.schedule.times().to_vec(),
            interval_hours: m.schedule.interval_hours(),
            time_critical: m.time_critical,
            early_minutes: m.window.early_minutes,
            late_minutes: m.window.late_minutes,
            prn: m.schedule.prn().map(|limits| PrnRule {
                min_interval_minutes: Some(limits.min_interval_minutes),
                max_doses_24h: Some(limits.max_doses_24h),
            }),
            start_date: m.start_date,
            end_date: m.end_date,
        }
    }

    /// Whether the medicine is taken on `date` (start and end dates inclusive).
    pub fn taken_on(&self, date: Date) -> bool {
        self.start_date.is_none_or(|s| s <= date) && self.end_date.is_none_or(|e| e >= date)
    }
}

/// One planned home-care visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedVisit {
    pub visit_id: i64,
    pub person_id: i64,
    pub service_id: i64,
    /// The planned start as an instant, by the same clock-change rule as doses.
    pub due: Timestamp,
    /// The London date of the visit sheet it is on.
    pub date: Date,
    pub duration_minutes: i64,
    pub priority: bool,
    /// "Visit 07:30 (45 min)".
    pub label: String,
}

impl PlannedVisit {
    /// The planned visit reconciliation compares against, from a typed visit; the start
    /// becomes an instant with [`due_at`].
    pub fn of(visit_id: VisitId, v: &Visit) -> Self {
        Self {
            visit_id: visit_id.get(),
            person_id: v.person_id.get(),
            service_id: v.service_id.get(),
            due: due_at(v.date, v.start).0,
            date: v.date,
            duration_minutes: v.duration_minutes,
            priority: v.priority,
            label: format!("Visit {} ({} min)", v.start, v.duration_minutes),
        }
    }
}

/// What the paper MAR says happened to a dose (the codes staff write in the box).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoseOutcome {
    Given,
    Refused,
    Omitted,
    NotAvailable,
    /// Away from home or in hospital.
    Away,
    Other,
}

impl DoseOutcome {
    /// Every outcome, in the order back-entry offers them.
    pub const ALL: [DoseOutcome; 6] = [
        DoseOutcome::Given,
        DoseOutcome::Refused,
        DoseOutcome::Omitted,
        DoseOutcome::NotAvailable,
        DoseOutcome::Away,
        DoseOutcome::Other,
    ];

    /// The snake_case code stored and sent by forms.
    pub fn as_str(self) -> &'static str {
        match self {
            DoseOutcome::Given => "given",
            DoseOutcome::Refused => "refused",
            DoseOutcome::Omitted => "omitted",
            DoseOutcome::NotAvailable => "not_available",
            DoseOutcome::Away => "away",
            DoseOutcome::Other => "other",
        }
    }

    /// Reads the snake_case code back.
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|o| o.as_str() == s.trim()).ok_or_else(|| {
            format!(
                "'{}' is not something a MAR records: choose one from the list",
                s.trim()
            )
        })
    }

    /// What a care manager reads.
    pub fn label(self) -> &'static str {
        match self {
            DoseOutcome::Given => "Given",
            DoseOutcome::Refused => "Refused",
            DoseOutcome::Omitted => "Omitted",
            DoseOutcome::NotAvailable => "Not available",
            DoseOutcome::Away => "Away or in hospital",
            DoseOutcome::Other => "Other",
        }
    }
}

/// One dose as entered from a paper sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoseRecord {
    pub id: i64,
    pub person_id: i64,
    pub medicine_id: Option<i64>,
    /// The sheet row it was written in; `None` for a PRN dose or a loose entry.
    pub due_at: Option<Timestamp>,
    pub outcome: DoseOutcome,
    /// When it was given (or refused…), if written.
    pub at: Option<Timestamp>,
    pub note: String,
}

/// What the call-monitoring sheet says happened to a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitOutcome {
    Completed,
    Missed,
    Cancelled,
    /// The person declined the visit.
    Refused,
}

impl VisitOutcome {
    /// Every outcome, in the order back-entry offers them.
    pub const ALL: [VisitOutcome; 4] = [
        VisitOutcome::Completed,
        VisitOutcome::Missed,
        VisitOutcome::Cancelled,
        VisitOutcome::Refused,
    ];

    /// The snake_case code stored and sent by forms.
    pub fn as_str(self) -> &'static str {
        match self {
            VisitOutcome::Completed => "completed",
            VisitOutcome::Missed => "missed",
            VisitOutcome::Cancelled => "cancelled",
            VisitOutcome::Refused => "refused",
        }
    }

    /// Reads the snake_case code back.
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|o| o.as_str() == s.trim()).ok_or_else(|| {
            format!(
                "'{}' is not a visit outcome Lantern knows: choose one from the list",
                s.trim()
            )
        })
    }

    /// What a coordinator reads.
    pub fn label(self) -> &'static str {
        match self {
            VisitOutcome::Completed => "Completed",
            VisitOutcome::Missed => "Missed",
            VisitOutcome::Cancelled => "Cancelled",
            VisitOutcome::Refused => "Declined by the person",
        }
    }
}

/// One visit as entered from the manual call-monitoring sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRecord {
    pub id: i64,
    pub visit_id: i64,
    pub outcome: VisitOutcome,
    pub arrived: Option<Timestamp>,
    pub departed: Option<Timestamp>,
}
