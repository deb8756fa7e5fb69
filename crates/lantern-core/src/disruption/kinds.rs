//! The fixed vocabularies of a disruption: its type, the scenario plan it follows, a visit's
//! status on the live board, a family call's outcome and a timeline entry's kind.

/// An enum with a stable snake_case code (stored, and used by the API) and a label for people.
macro_rules! coded {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The code, as stored or sent by a form; otherwise an error for the person at the
            /// form, in words (they chose from labels, never saw the codes).
            pub fn parse(text: &str) -> Result<Self, String> {
                let text = text.trim();
                Self::ALL.iter().copied().find(|v| v.as_str() == text).ok_or_else(|| {
                    if text.is_empty() {
                        format!("choose the {}", $what)
                    } else {
                        format!("'{}' is not a {} Lantern knows: choose one from the list", text, $what)
                    }
                })
            }

            /// As [`Self::parse`], for the API: its error lists the codes an integration sends.
            pub fn parse_code(text: &str) -> Result<Self, String> {
                Self::parse(text).map_err(|_| {
                    let codes: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    format!("'{}' is not a {}; use one of: {}", text.trim(), $what, codes.join(", "))
                })
            }
        }
    };
}

coded! {
    /// What failed (PRODUCT.md, "Declare a disruption").
    DisruptionKind, "type of disruption" {
        SupplierOutage => "supplier_outage", "Supplier system outage";
        CyberIncident => "cyber_incident", "Cyber incident (phishing, ransomware)";
        DeviceFailure => "device_failure", "Device failure";
        Power => "power", "Power cut";
        Utilities => "utilities", "Gas, water or sewerage interruption";
        Connectivity => "connectivity", "Phone or broadband failure";
        Premises => "premises", "Office or premises unavailable";
    }
}

coded! {
    /// The six scenarios of the continuity-plan template, each with its response checklist.
    Scenario, "scenario" {
        OfficeUnavailable => "office_unavailable", "Office unavailable";
        PhoneBroadband => "phone_broadband", "Phone or broadband failure";
        PowerCut => "power_cut", "Power cut";
        DeviceFailed => "device_failed", "Device failed, lost or stolen";
        CyberAttack => "cyber_attack", "Cyber attack";
        SupplierDown => "supplier_down", "Supplier system down";
    }
}

impl SafeCare {
    /// The answer as typed or sent; an empty one is asked for again, since it decides whether
    /// CQC must be told now.
    pub fn answer(text: &str) -> Result<Self, String> {
        match text.trim() {
            "" => Err("say whether this stops or threatens safe care".into()),
            t => Self::parse(t),
        }
    }
}

impl DisruptionKind {
    /// The plan a declaration of this type starts from.
    pub fn scenario(self) -> Scenario {
        match self {
            DisruptionKind::SupplierOutage => Scenario::SupplierDown,
            DisruptionKind::CyberIncident => Scenario::CyberAttack,
            DisruptionKind::DeviceFailure => Scenario::DeviceFailed,
            DisruptionKind::Power | DisruptionKind::Utilities => Scenario::PowerCut,
            DisruptionKind::Connectivity => Scenario::PhoneBroadband,
            DisruptionKind::Premises => Scenario::OfficeUnavailable,
        }
    }
}

coded! {
    /// The provider's judgement, asked at declaration and again on the disruption page: does
    /// this stop, or threaten to stop, safe care? If it does, CQC must be told without delay
    /// (cqc.rs).
    SafeCare, "answer about safe care" {
        Threatened => "threatened", "Yes: it stops or threatens safe care";
        NotThreatened => "not_threatened", "No, not at present";
    }
}

coded! {
    /// A home-care visit on the live board, as the coordinator knows it from phone calls.
    VisitStatus, "visit status" {
        NotStarted => "not_started", "Not started";
        Confirmed => "confirmed", "Confirmed by phone";
        /// The carer rang to say they are late, with the time they now expect to arrive.
        Late => "late", "Late";
        /// The carer is held up and the person's family have been told: still to be watched.
        DelayedFamilyTold => "delayed_family_told", "Carer delayed — family told";
        Completed => "completed", "Completed";
        Missed => "missed", "Missed";
        Cancelled => "cancelled", "Cancelled";
    }
}

impl VisitStatus {
    /// Still waiting for news: an unconfirmed visit can become overdue.
    pub fn is_pending(self) -> bool {
        self == VisitStatus::NotStarted
    }

    /// News that the visit is still to happen, later than planned: watched until it is due.
    pub fn is_delayed(self) -> bool {
        matches!(self, VisitStatus::Late | VisitStatus::DelayedFamilyTold)
    }

    /// Nothing more to do on the board.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            VisitStatus::Completed | VisitStatus::Missed | VisitStatus::Cancelled
        )
    }
}

coded! {
    /// What happened when a family was rung.
    CallOutcome, "call outcome" {
        Spoke => "spoke", "Spoke to them";
        LeftMessage => "left_message", "Left a message";
        NoAnswer => "no_answer", "No answer";
        WrongNumber => "wrong_number", "Wrong number";
        NotNeeded => "not_needed", "Not needed";
    }
}

impl CallOutcome {
    /// The family no longer needs ringing: they were reached, or a manager decided not to.
    pub fn settles(self) -> bool {
        matches!(self, CallOutcome::Spoke | CallOutcome::NotNeeded)
    }
}

coded! {
    /// What a timeline entry records. `Event` entries are written by Lantern itself.
    EntryKind, "kind of entry" {
        Decision => "decision", "Decision";
        Escalation => "escalation", "Escalation";
        SupplierContact => "supplier_contact", "Supplier contact";
        Note => "note", "Note";
        Event => "event", "Recorded by Lantern";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_errors_name_the_choices() {
        for k in DisruptionKind::ALL {
            assert_eq!(DisruptionKind::parse(k.as_str()).unwrap(), *k);
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for s in Scenario::ALL {
            assert_eq!(Scenario::parse(s.as_str()).unwrap(), *s);
        }
        // People chose from labels: their message names no code.
        let e = VisitStatus::parse("done").unwrap_err();
        assert!(
            e.contains("'done' is not a visit status") && !e.contains("not_started"),
            "{e}"
        );
        let e = DisruptionKind::parse(" ").unwrap_err();
        assert_eq!(e, "choose the type of disruption");
        assert!(!e.contains("supplier_outage"));
        // The API's lists the codes it takes.
        let e = VisitStatus::parse_code("done").unwrap_err();
        assert!(e.contains("use one of: not_started, confirmed"), "{e}");
        assert_eq!(VisitStatus::parse_code("missed").unwrap(), VisitStatus::Missed);
        assert_eq!(Scenario::ALL.len(), 6, "the template's six scenarios");
    }

    #[test]
    fn every_type_has_its_own_scenario() {
        let mut seen: Vec<Scenario> = DisruptionKind::ALL.iter().map(|k| k.scenario()).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 6);
        assert_eq!(DisruptionKind::CyberIncident.scenario(), Scenario::CyberAttack);
    }

    #[test]
    fn settled_and_pending() {
        assert!(CallOutcome::Spoke.settles() && !CallOutcome::NoAnswer.settles());
        assert!(VisitStatus::NotStarted.is_pending() && !VisitStatus::Confirmed.is_pending());
        assert!(VisitStatus::Missed.is_finished() && !VisitStatus::Confirmed.is_finished());
        assert!(VisitStatus::Late.is_delayed() && !VisitStatus::Late.is_finished() && !VisitStatus::Late.is_pending());
        assert_eq!(
            VisitStatus::parse("delayed_family_told"),
            Ok(VisitStatus::DelayedFamilyTold),
            "codes are stored: new ones are added, none renamed"
        );
    }
}
