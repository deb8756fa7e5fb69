//! Reconciliation after a disruption (PRODUCT.md, Recover): what was due in the disruption
//! window against what the paper sheets say was done, as findings with a severity and a next
//! step for the manager who signs the reconciliation off.
//!
//! Pure: the period, the schedules and the entered records come in; findings come out. The
//! rules, including the ones the brief left open:
//!
//! **Due doses.** Each fixed time of each regular (non-PRN) medicine, on each Europe/London
//! date the period touches, is turned into an instant with [`crate::schedule::due_at`] (spring
//! gap → one hour later, autumn fold → the first occurrence, so a clock change neither creates
//! nor loses a dose) and kept when `start ≤ due < end`. `start_date` and `end_date` are the
//! first and last days the medicine is taken (both inclusive). Slots just outside the period
//! (within the medicine's window) take part in matching but raise no finding, so that the dose
//! given at 07:50 for a 07:30 slot is not mistaken for the 08:15 dose of a period that starts at
//! 08:00. If a skipped spring time lands on another time of the same medicine (01:30 and 02:30
//! on 29 March are both due at 02:30 BST) both doses stay; the skipped one's key ends `:skipped`.
//!
//! **Matching a record to a slot.** A record with `due_at` (the sheet row it was written in)
//! matches the slot of its medicine due then (of two slots due at one instant, the first without
//! a record). A record without `due_at` but with a time matches the nearest slot of its medicine
//! whose window `[due − early, due + late]` contains that time, preferring slots that have no
//! record yet (records are placed in time order, greedily); when every such slot already has a
//! record it joins the nearest, so a second dose inside a window shows as a duplicate rather than
//! as a dose with no schedule. A record that matches no slot is [`FindingKind::NoSchedule`]
//! when its time (`due_at`, else `at`; a record with neither counts as in the period) is in the
//! period, and ignored otherwise (callers may pass earlier records for the PRN look-back). So is
//! a record with no medicine, an unknown medicine, or a medicine of another person.
//!
//! **One slot.** Two or more Given records → DuplicateDose (High). Exactly one Given record (it
//! outweighs a refusal written for the same slot: refused at 08:00, taken at 08:40; with no time
//! but in a sheet row it counts as given at the row's time, as initials in a MAR box do): within
//! the window → nothing; late beyond the window on a time-critical medicine → TimeCriticalLate
//! (High); otherwise outside → OutsideWindow (High on a time-critical medicine, either side, else
//! Medium). Only non-Given records → the latest one's outcome, on record and so **not a miss**:
//! Refused → DoseRefused, Omitted or Other → DoseNotGiven, Not available → DoseNotAvailable,
//! Away → DoseAway; High on a time-critical medicine (clinical advice), except Away (Low);
//! otherwise DoseRefused and DoseAway Low, the others Medium. No record at all → MissedDose if
//! the person's MAR sheet for that London date is in `entered` (High time-critical, else
//! Medium), else NotEntered (Medium). NoSchedule is Medium when
//! something was given (it may be an extra dose), else Low.
//!
//! **Interval medicines** ("every N hours", no fixed times) have no slots; the spacing of Given
//! records is checked, with the last one before the period as the starting point. A gap longer
//! than N h plus the late window — between two doses, from the start of the period to the first
//! dose when none came before, or running past the end of the period — is one finding, due at
//! the previous dose + N h (with no previous dose: no due time, keyed `since:<period start>`):
//! of the kind of the latest non-administration recorded in the gap, naming each one (DoseRefused
//! …, as for a slot), else MissedDose; NotEntered instead when nothing at all is recorded in
//! it and that day's MAR is not entered. A dose sooner than N h minus the early window after the
//! previous one → OutsideWindow early; within the early window of it → DuplicateDose (High).
//!
//! **PRN.** Given records in time order, including those before the period. A dose less than
//! the minimum interval after the previous one → PrnTooSoon (Medium). A dose that makes the
//! count of doses in the 24 hours ending at it (`(at − 24 h, at]`) exceed the maximum →
//! PrnOverMax (High). Each finding is about one dose, so overlapping windows never report a dose
//! twice; every dose past the maximum is its own finding. Only doses in the period are reported.
//! Refusals of a PRN medicine are not findings. A PRN or interval dose with no time → NoSchedule.
//!
//! **Visits.** The visit's record: a Completed one if any (the earliest arrival), else the
//! latest. Missed, or no record while the branch's visit sheet for that date is entered →
//! MissedVisit, High if the visit is a priority or the window of a time-critical dose of that
//! person overlaps the visit's planned time, else Medium. Refused → MissedVisit Medium stating the
//! person declined. Cancelled → nothing (the branch decided it, and it is on record). No record
//! and the sheet not entered → NotEntered. Completed: arrival later than due + the policy's late
//! minutes → LateVisit (Medium for a priority/time-critical visit, else Low); time on site under
//! the policy's percentage of the planned minutes → ShortVisit (Medium below half or on a
//! priority visit, else Low). Missing arrival or departure times skip those two checks.
//!
//! **Text.** Times are Europe/London `HH:MM`, with the day ("Tue 24 Nov") when the period
//! touches more than one London date or the time is on another day (PRN look-back), and "BST"
//! or "GMT" in the hour the October change repeats. Keys name the slot (`missed_dose:m12:2026-11-24T08:00:00Z`),
//! the visit (`late_visit:v5`), or, for findings about one record (PRN, spacing, no schedule),
//! the record (`prn_over_max:m7:r33`), so a manager's resolution survives a re-run.

mod due;
mod interval;
mod kind;
mod model;
mod prn;
mod regular;
mod run;
mod summary;
mod text;
mod visits;

#[cfg(test)]
mod tests;

pub use due::{DueDose, due_doses};
pub use kind::{FindingKind, Severity};
pub use model::{DoseOutcome, DoseRecord, MedicineSchedule, PlannedVisit, PrnRule, VisitOutcome, VisitRecord};
pub use summary::{DoseSummary, Register, summarise};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The disruption window, `[start, end)`: what was due from `start` up to but not at `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Period {
    /// Whether `t` falls in the period (half-open, so back-to-back periods never share a dose).
    pub fn contains(&self, t: Timestamp) -> bool {
        self.start <= t && t < self.end
    }

    /// Whether a visit planned from `due` for `minutes` belongs to the period: it starts in it,
    /// or it began before the start and was still running at it (the carer was in the home
    /// when the system failed, so its record is on paper too). The board, the visit sheet and
    /// the reconciliation all use this one rule.
    pub fn holds_visit(&self, due: Timestamp, minutes: i64) -> bool {
        let ends = due.as_second().saturating_add(minutes.max(0).saturating_mul(60));
        due < self.end && (self.start <= due || ends > self.start.as_second())
    }
}

/// The provider's thresholds for visits (a home-care branch's call-monitoring policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Arriving more than this many minutes after the planned start is a late visit.
    pub visit_late_minutes: i64,
    /// Staying less than this percentage of the planned minutes is a short visit.
    pub short_visit_percent: i64,
}

impl Default for Policy {
    /// 30 minutes late and 75% of the planned time: common thresholds in home-care contracts.
    fn default() -> Self {
        Self {
            visit_late_minutes: 30,
            short_visit_percent: 75,
        }
    }
}

/// A paper sheet already entered (London dates): a missing record on an entered sheet is a
/// missed dose or visit; on a sheet not yet entered it is only not entered yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "sheet")]
pub enum Sheet {
    /// One person's MAR for one day.
    Mar { person_id: i64, date: Date },
    /// One branch's visit (call-monitoring) sheet for one day.
    Visits { service_id: i64, date: Date },
}

/// Everything one reconciliation looks at.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub period: Period,
    pub policy: Policy,
    pub medicines: &'a [MedicineSchedule],
    pub visits: &'a [PlannedVisit],
    /// Dose records; may include records before the period (PRN and interval look-back).
    pub doses: &'a [DoseRecord],
    pub visit_records: &'a [VisitRecord],
    pub entered: &'a BTreeSet<Sheet>,
}

/// One discrepancy, explained in plain English with what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    pub person_id: i64,
    pub medicine_id: Option<i64>,
    pub visit_id: Option<i64>,
    /// The due slot or planned visit it is about, if there is one.
    pub due_at: Option<Timestamp>,
    /// The time it is shown and sorted by: `due_at` when there is one, else the record's time
    /// (a PRN dose, a dose with no schedule). Added to the brief's shape.
    pub when: Option<Timestamp>,
    /// The dose or visit records behind it (empty for something not recorded).
    pub record_ids: Vec<i64>,
    /// Stable identity across re-runs: kind, medicine or visit, and the slot or record.
    pub key: String,
    pub explanation: String,
    pub next_step: String,
}

/// Every finding for the period, sorted by person, then severity (High first), then time
/// (the rules are in the module documentation above).
pub fn reconcile(input: &Input) -> Vec<Finding> {
    run::reconcile(input)
}
