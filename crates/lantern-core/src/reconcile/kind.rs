//! The vocabulary of findings: what kind of discrepancy, and how urgent. docs/reconciliation.md
//! explains each kind to a manager; the codes are the API's and the finding keys' prefixes.

use serde::{Deserialize, Serialize};

/// What kind of discrepancy a finding is (PRODUCT.md, Reconciliation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Nothing at all recorded for a due dose on an entered MAR.
    MissedDose,
    /// Recorded as refused by the person: an outcome on record, not a miss.
    DoseRefused,
    /// Recorded as omitted, or not given for another reason written on the MAR.
    DoseNotGiven,
    /// Recorded as not given because the medicine was not available (out of stock).
    DoseNotAvailable,
    /// Recorded as not given because the person was away or in hospital.
    DoseAway,
    OutsideWindow,
    TimeCriticalLate,
    DuplicateDose,
    PrnTooSoon,
    PrnOverMax,
    NoSchedule,
    NotEntered,
    MissedVisit,
    LateVisit,
    ShortVisit,
}

impl FindingKind {
    /// Every kind, in the order PRODUCT.md lists them.
    pub const ALL: [FindingKind; 15] = [
        FindingKind::MissedDose,
        FindingKind::DoseRefused,
        FindingKind::DoseNotGiven,
        FindingKind::DoseNotAvailable,
        FindingKind::DoseAway,
        FindingKind::OutsideWindow,
        FindingKind::TimeCriticalLate,
        FindingKind::DuplicateDose,
        FindingKind::PrnTooSoon,
        FindingKind::PrnOverMax,
        FindingKind::NoSchedule,
        FindingKind::NotEntered,
        FindingKind::MissedVisit,
        FindingKind::LateVisit,
        FindingKind::ShortVisit,
    ];

    /// The snake_case code used in keys, URLs and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::MissedDose => "missed_dose",
            FindingKind::DoseRefused => "dose_refused",
            FindingKind::DoseNotGiven => "dose_not_given",
            FindingKind::DoseNotAvailable => "dose_not_available",
            FindingKind::DoseAway => "dose_away",
            FindingKind::OutsideWindow => "outside_window",
            FindingKind::TimeCriticalLate => "time_critical_late",
            FindingKind::DuplicateDose => "duplicate_dose",
            FindingKind::PrnTooSoon => "prn_too_soon",
            FindingKind::PrnOverMax => "prn_over_max",
            FindingKind::NoSchedule => "no_schedule",
            FindingKind::NotEntered => "not_entered",
            FindingKind::MissedVisit => "missed_visit",
            FindingKind::LateVisit => "late_visit",
            FindingKind::ShortVisit => "short_visit",
        }
    }

    /// Reads the snake_case code back.
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("'{s}' is not a kind of finding"))
    }

    /// A dose whose outcome is on record as not given (refused, omitted, not available, away,
    /// other): told apart from a missed dose, so that "no missed doses" can be said when true.
    pub fn is_not_given(self) -> bool {
        matches!(
            self,
            FindingKind::DoseRefused
                | FindingKind::DoseNotGiven
                | FindingKind::DoseNotAvailable
                | FindingKind::DoseAway
        )
    }

    /// The kind for a dose recorded with `outcome` and nothing given (`None`: nothing recorded).
    pub fn of_not_given(outcome: Option<super::DoseOutcome>) -> Self {
        use super::DoseOutcome::*;
        match outcome {
            None | Some(Given) => FindingKind::MissedDose,
            Some(Refused) => FindingKind::DoseRefused,
            Some(Omitted | Other) => FindingKind::DoseNotGiven,
            Some(NotAvailable) => FindingKind::DoseNotAvailable,
            Some(Away) => FindingKind::DoseAway,
        }
    }

    /// The heading a care manager reads.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::MissedDose => "Missed dose",
            FindingKind::DoseRefused => "Dose refused",
            FindingKind::DoseNotGiven => "Dose not given",
            FindingKind::DoseNotAvailable => "Medicine not available",
            FindingKind::DoseAway => "Away or in hospital",
            FindingKind::OutsideWindow => "Dose outside its window",
            FindingKind::TimeCriticalLate => "Time-critical dose late",
            FindingKind::DuplicateDose => "Duplicate dose",
            FindingKind::PrnTooSoon => "PRN given too soon",
            FindingKind::PrnOverMax => "PRN over its 24-hour maximum",
            FindingKind::NoSchedule => "Dose with no schedule",
            FindingKind::NotEntered => "Not entered yet",
            FindingKind::MissedVisit => "Missed visit",
            FindingKind::LateVisit => "Late visit",
            FindingKind::ShortVisit => "Short visit",
        }
    }
}

/// How urgently a finding needs the manager. Ordered High first, so sorting puts it on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    High,
    Medium,
    Low,
}

impl Severity {
    /// The snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    /// Reads the snake_case code back.
    pub fn parse(s: &str) -> Result<Self, String> {
        [Severity::High, Severity::Medium, Severity::Low]
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("'{s}' is not a severity (high, medium or low)"))
    }

    /// "High", "Medium", "Low".
    pub fn label(self) -> &'static str {
        match self {
            Severity::High => "High",
            Severity::Medium => "Medium",
            Severity::Low => "Low",
        }
    }
}
