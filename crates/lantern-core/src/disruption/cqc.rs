//! When CQC must be told, as the law states it. Regulation 18(2)(g) of the Care Quality
//! Commission (Registration) Regulations 2009 asks for notification *without delay* of any
//! incident that prevents, or appears likely to threaten to prevent, the provider's ability to
//! carry on the regulated activity safely. Only two kinds of incident have a fixed clock: an
//! interruption of electricity, gas, water or sewerage, and fire alarms, call systems or other
//! safety equipment failing, each for longer than a continuous 24 hours. An IT failure alone
//! has none: it is notifiable when it threatens safe care, which only the provider can judge.
//! So Lantern asks that question at declaration and keeps asking, and runs the 24-hour clock
//! only where the regulation sets one.

use super::clocks::{SystemTarget, minutes_between};
use super::{DisruptionKind, SafeCare};
use jiff::Timestamp;
use serde::Serialize;

/// The regulation, as the page, the checklist and the report quote it.
pub const REGULATION: &str = "Regulation 18(2)(g) of the Care Quality Commission (Registration) Regulations 2009: \
notify CQC without delay of any incident which prevents, or appears likely to threaten to prevent, \
the ability to continue to carry on the regulated activity safely. This includes an interruption \
of electricity, gas, water or sewerage lasting longer than a continuous period of 24 hours, and \
the failure or malfunctioning of fire alarms, call systems or other safety equipment lasting \
longer than a continuous period of 24 hours.";

/// The continuous period the regulation sets for utilities and safety equipment.
pub const FIXED_CLOCK_HOURS: i64 = 24;

/// A care system down this long gets the softer prompt: ask again whether safe care is
/// threatened, since a day on paper often is.
pub const CARE_SYSTEM_PROMPT_HOURS: i64 = 24;

/// System categories that hold or run care.
pub const CARE_SYSTEM_CATEGORIES: &[&str] = &["care_planning", "emar", "rostering", "call_monitoring"];

/// The system category for nurse call, fire alarms and other safety equipment.
pub const SAFETY_EQUIPMENT: &str = "safety_equipment";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// The regulation asks for notification now.
    NotifyNow,
    /// No rule is met yet, but the question should be asked again.
    Consider,
}

/// What the disruption page, the API and the report say about notifying CQC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CqcPrompt {
    pub urgency: Urgency,
    /// Why, in one sentence for the person running the day.
    pub reason: String,
}

/// The facts the rule needs about one disruption.
#[derive(Debug, Clone)]
pub struct CqcFacts<'a> {
    pub kind: DisruptionKind,
    pub started: Timestamp,
    /// Now, or the restoration time once closed.
    pub until: Timestamp,
    pub systems: &'a [SystemTarget],
    /// The provider's answer to "does this stop or threaten safe care?"; `None` when a
    /// disruption declared before Lantern asked has not been answered since.
    pub safe_care: Option<SafeCare>,
    pub notified: bool,
}

/// The prompt to show, if any. It stays, even after closing, until the notification is
/// recorded: the duty does not end with the outage.
pub fn cqc_prompt(f: &CqcFacts) -> Option<CqcPrompt> {
    if f.notified {
        return None;
    }
    let hours = minutes_between(f.started, f.until) / 60;
    let prompt = |urgency, reason: String| Some(CqcPrompt { urgency, reason });
    if f.safe_care == Some(SafeCare::Threatened) {
        return prompt(
            Urgency::NotifyNow,
            "You recorded that this stops or threatens safe care: notify CQC without delay.".into(),
        );
    }
    if hours >= FIXED_CLOCK_HOURS {
        if let Some(what) = utility(f.kind) {
            return prompt(
                Urgency::NotifyNow,
                format!("The {what} has been interrupted for more than 24 hours: notify CQC without delay."),
            );
        }
        let failed: Vec<&str> = f
            .systems
            .iter()
            .filter(|s| s.category == SAFETY_EQUIPMENT)
            .map(|s| s.name.as_str())
            .collect();
        if !failed.is_empty() {
            return prompt(
                Urgency::NotifyNow,
                format!(
                    "{} {} failed for more than 24 hours: notify CQC without delay.",
                    failed.join(", "),
                    if failed.len() == 1 { "has" } else { "have" }
                ),
            );
        }
    }
    let care_down = f
        .systems
        .iter()
        .any(|s| CARE_SYSTEM_CATEGORIES.contains(&s.category.as_str()));
    if care_down && hours >= CARE_SYSTEM_PROMPT_HOURS {
        return prompt(
            Urgency::Consider,
            format!(
                "Care systems have been down for {hours} hours. Ask again whether safe care is threatened: if it is, notify CQC without delay."
            ),
        );
    }
    if f.safe_care.is_none() {
        return prompt(
            Urgency::Consider,
            "Nobody has recorded whether this stops or threatens safe care. If it does, notify CQC without delay."
                .into(),
        );
    }
    None
}

/// The supply a disruption of this kind interrupts, when the regulation's clock applies.
fn utility(kind: DisruptionKind) -> Option<&'static str> {
    match kind {
        DisruptionKind::Power => Some("electricity supply"),
        DisruptionKind::Utilities => Some("gas, water or sewerage supply"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn system(name: &str, category: &str) -> SystemTarget {
        SystemTarget {
            system_id: 1,
            name: name.into(),
            category: category.into(),
            rto_hours: 4,
            mtpd_hours: 24,
        }
    }

    fn facts<'a>(
        kind: DisruptionKind,
        hours: i64,
        systems: &'a [SystemTarget],
        safe: Option<SafeCare>,
    ) -> CqcFacts<'a> {
        let started = at("2026-11-24T08:00:00Z");
        CqcFacts {
            kind,
            started,
            until: started + jiff::SignedDuration::from_mins(hours * 60 - 1),
            systems,
            safe_care: safe,
            notified: false,
        }
    }

    fn urgency(f: &CqcFacts) -> Option<Urgency> {
        cqc_prompt(f).map(|p| p.urgency)
    }

    #[test]
    fn an_event_that_threatens_safe_care_is_notified_at_once() {
        let none: [SystemTarget; 0] = [];
        let f = facts(DisruptionKind::CyberIncident, 0, &none, Some(SafeCare::Threatened));
        assert_eq!(urgency(&f), Some(Urgency::NotifyNow));
        assert!(cqc_prompt(&f).unwrap().reason.contains("without delay"));
        let f = CqcFacts { notified: true, ..f };
        assert_eq!(urgency(&f), None, "recorded: the prompt goes");
    }

    #[test]
    fn a_power_cut_or_utility_interruption_is_notified_at_24_hours() {
        let none: [SystemTarget; 0] = [];
        let safe = Some(SafeCare::NotThreatened);
        for kind in [DisruptionKind::Power, DisruptionKind::Utilities] {
            let before = facts(kind, 24, &none, safe);
            assert_eq!(urgency(&before), None, "{kind:?} at 23 h 59 min");
            let at_24 = CqcFacts {
                until: before.until + jiff::SignedDuration::from_mins(1),
                ..before
            };
            assert_eq!(urgency(&at_24), Some(Urgency::NotifyNow), "{kind:?} at 24 h");
            assert!(cqc_prompt(&at_24).unwrap().reason.contains("more than 24 hours"));
        }
    }

    #[test]
    fn safety_equipment_failing_for_24_hours_is_notified() {
        let nurse_call = [system("Nurse call", SAFETY_EQUIPMENT)];
        let f = facts(
            DisruptionKind::DeviceFailure,
            25,
            &nurse_call,
            Some(SafeCare::NotThreatened),
        );
        let p = cqc_prompt(&f).unwrap();
        assert_eq!(p.urgency, Urgency::NotifyNow);
        assert!(p.reason.starts_with("Nurse call has failed"), "{}", p.reason);
        let f = facts(
            DisruptionKind::DeviceFailure,
            23,
            &nurse_call,
            Some(SafeCare::NotThreatened),
        );
        assert_eq!(urgency(&f), None);
    }

    #[test]
    fn a_care_system_down_a_long_time_gets_the_softer_prompt_only() {
        let emar = [system("MedsTrack eMAR", "emar")];
        let safe = Some(SafeCare::NotThreatened);
        assert_eq!(urgency(&facts(DisruptionKind::SupplierOutage, 23, &emar, safe)), None);
        assert_eq!(
            urgency(&facts(DisruptionKind::SupplierOutage, 30, &emar, safe)),
            Some(Urgency::Consider)
        );
        let email = [system("Email", "email")];
        assert_eq!(urgency(&facts(DisruptionKind::SupplierOutage, 72, &email, safe)), None);
        // Never asked (declared before Lantern asked): asked now.
        assert_eq!(
            urgency(&facts(DisruptionKind::SupplierOutage, 1, &email, None)),
            Some(Urgency::Consider)
        );
    }

    #[test]
    fn the_regulation_is_quoted_as_it_is_written() {
        for words in [
            "18(2)(g)",
            "without delay",
            "electricity, gas, water or sewerage",
            "fire alarms, call systems",
        ] {
            assert!(REGULATION.contains(words), "{words}");
        }
    }
}
