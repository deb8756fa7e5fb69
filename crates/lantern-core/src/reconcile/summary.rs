//! What a reconciliation says about medicines in one sentence, for its headline and the
//! downtime report: "no missed doses" only when it is true (PRODUCT.md: the manager must be able
//! to confirm "no missed medication"), refusals and other doses recorded as not given counted
//! apart from misses, and a window over an empty register said to be one.

use super::{Finding, FindingKind};
use serde::{Deserialize, Serialize};

/// What the register held for the disruption's services when it began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Register {
    pub people: usize,
    /// Medicines of those people (regular, interval and PRN).
    pub medicines: usize,
    /// Planned visits in the window.
    pub visits: usize,
}

/// The reconciliation's medicines, as people read them. Every value is already text.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct DoseSummary {
    /// "No missed doses: every dose due has an outcome recorded." / "2 missed doses: …" /
    /// "Nothing was due: the register held nobody …".
    pub headline: String,
    /// Doses recorded as not given, by kind, with their counts: "1 refused".
    pub not_given: Vec<String>,
    /// Whether the register held nothing that could be due (nobody, or no medicines and no
    /// visits): there is nothing to reconcile. A sign-off is still offered, worded "nothing was
    /// due" — withholding it would leave the reconciliation "not signed off" for ever though
    /// nothing is left to do — but it must never read as "no missed medication": the manager
    /// confirms only that no paper sheet names anyone the register was missing.
    pub nothing_due: bool,
    /// True only when every due dose in the window has an outcome recorded.
    pub no_missed_doses: bool,
}

/// Counts the medicine findings of a reconciliation against what the register held.
pub fn summarise(register: Register, findings: &[Finding]) -> DoseSummary {
    let about_doses = |f: &&Finding| f.medicine_id.is_some();
    let count = |k: FindingKind| findings.iter().filter(about_doses).filter(|f| f.kind == k).count();
    let missed = count(FindingKind::MissedDose);
    let not_entered = count(FindingKind::NotEntered);
    let not_given: Vec<String> = [
        (FindingKind::DoseRefused, "refused"),
        (FindingKind::DoseNotGiven, "omitted or not given for another reason"),
        (
            FindingKind::DoseNotAvailable,
            "not given because the medicine was not available",
        ),
        (
            FindingKind::DoseAway,
            "not given because the person was away or in hospital",
        ),
    ]
    .into_iter()
    .filter_map(|(k, words)| Some((count(k), words)).filter(|(n, _)| *n > 0))
    .map(|(n, words)| format!("{n} {words}"))
    .collect();
    let nothing_due = register.people == 0 || (register.medicines == 0 && register.visits == 0);
    let doses = |n: usize| {
        if n == 1 {
            "1 dose".to_string()
        } else {
            format!("{n} doses")
        }
    };
    let headline = if register.people == 0 {
        "Nothing was due: the register held nobody for these services when the disruption began, \
         so there are no doses or visits to reconcile."
            .to_string()
    } else if register.medicines == 0 {
        let people = if register.people == 1 {
            "1 person".to_string()
        } else {
            format!("{} people", register.people)
        };
        let visits = if register.visits == 0 { " or visits" } else { "" };
        format!(
            "No doses were due: the register held {people} but no medicines{visits} for them when the \
             disruption began."
        )
    } else {
        match (missed, not_entered) {
            (0, 0) => "No missed doses: every dose due has an outcome recorded.".to_string(),
            (0, n) => format!(
                "Missed doses not yet known: {} on MAR sheets not entered yet.",
                doses(n)
            ),
            (m, n) => {
                let them = if m == 1 { "it" } else { "them" };
                let rest = match n {
                    0 => String::new(),
                    n => format!("; {n} more on MAR sheets not entered yet"),
                };
                format!(
                    "{} missed: nothing was recorded for {them} on the entered MAR{rest}.",
                    doses(m)
                )
            }
        }
    };
    DoseSummary {
        headline,
        not_given,
        nothing_due,
        no_missed_doses: register.medicines > 0 && missed == 0 && not_entered == 0,
    }
}
