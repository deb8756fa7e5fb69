//! The register's choice fields as enums. The codes and labels come from the option lists in
//! `entity/specs.rs` (the one description of fields): a test holds every enum to its list.

use crate::entity::choices as options;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A choice field's enum: its stored code and the label people read.
pub trait Choice: Sized + Copy + PartialEq + 'static {
    /// Every variant, in the order of the spec's options.
    const ALL: &'static [Self];
    /// The spec's (code, label) list this enum stands for.
    const OPTIONS: &'static [(&'static str, &'static str)];

    /// The stored code ("home_care").
    fn code(self) -> &'static str;

    /// The variant of a stored code, `None` for a code the spec does not offer.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == code)
    }

    /// The label from the spec ("Home care"); the code if the spec had none.
    fn label(self) -> &'static str {
        let code = self.code();
        Self::OPTIONS
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code, |(_, label)| *label)
    }
}

macro_rules! choice_enum {
    ($(#[$doc:meta])* $name:ident = $options:path { $($variant:ident = $code:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl Choice for $name {
            const ALL: &'static [Self] = &[$(Self::$variant,)+];
            const OPTIONS: &'static [(&'static str, &'static str)] = $options;

            fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

choice_enum! {
    /// What kind of service a location or branch is.
    ServiceType = options::SERVICE_TYPE {
        SupportedLiving = "supported_living",
        HomeCare = "home_care",
        Residential = "residential",
        Nursing = "nursing",
    }
}

choice_enum! {
    /// How soon a person needs contact in a disruption (high: first).
    RiskTier = options::RISK_TIER {
        High = "high",
        Medium = "medium",
        Low = "low",
    }
}

choice_enum! {
    /// A GP practice, a pharmacy or another health service.
    PracticeType = options::PRACTICE_TYPE {
        Gp = "gp",
        Pharmacy = "pharmacy",
        Other = "other",
    }
}

choice_enum! {
    /// How a medicine is given.
    Route = options::ROUTE {
        Oral = "oral",
        Sublingual = "sublingual",
        Buccal = "buccal",
        Subcutaneous = "subcutaneous",
        Intramuscular = "intramuscular",
        Inhaled = "inhaled",
        Topical = "topical",
        Transdermal = "transdermal",
        Eye = "eye",
        Ear = "ear",
        Nasal = "nasal",
        Rectal = "rectal",
        Peg = "peg",
        Other = "other",
    }
}

choice_enum! {
    /// A staff member's role.
    StaffRole = options::STAFF_ROLE {
        CareWorker = "care_worker",
        SeniorCarer = "senior_carer",
        TeamLeader = "team_leader",
        ShiftLeader = "shift_leader",
        Coordinator = "coordinator",
        Nurse = "nurse",
        DeputyManager = "deputy_manager",
        RegisteredManager = "registered_manager",
        Office = "office",
        It = "it",
        Other = "other",
    }
}

choice_enum! {
    /// What a digital system does; safety equipment starts the CQC 24-hour clock.
    SystemCategory = options::SYSTEM_CATEGORY {
        CarePlanning = "care_planning",
        Emar = "emar",
        Rostering = "rostering",
        CallMonitoring = "call_monitoring",
        Email = "email",
        Telephony = "telephony",
        IncidentReporting = "incident_reporting",
        SharedFiles = "shared_files",
        Connectivity = "connectivity",
        SafetyEquipment = "safety_equipment",
        Other = "other",
    }
}

choice_enum! {
    /// The business impact of a system being down for a while, least first.
    Impact = options::IMPACT {
        None = "none",
        Minor = "minor",
        Moderate = "moderate",
        Major = "major",
        Severe = "severe",
    }
}

choice_enum! {
    /// A supplier's Data Security and Protection Toolkit status.
    DsptStatus = options::DSPT_STATUS {
        Exceeded = "exceeded",
        Met = "met",
        Approaching = "approaching",
        NotMet = "not_met",
        Unknown = "unknown",
    }
}

choice_enum! {
    /// What a registered device is.
    DeviceType = options::DEVICE_TYPE {
        Tablet = "tablet",
        Phone = "phone",
        Laptop = "laptop",
        Desktop = "desktop",
        Router = "router",
        Printer = "printer",
        Other = "other",
    }
}

choice_enum! {
    /// Whether a device is in use.
    DeviceStatus = options::DEVICE_STATUS {
        InUse = "in_use",
        Spare = "spare",
        Faulty = "faulty",
        Retired = "retired",
    }
}

choice_enum! {
    /// The result of a device's last test.
    TestResult = options::TEST_RESULT {
        Pass = "pass",
        Fail = "fail",
        NotTested = "not_tested",
    }
}

choice_enum! {
    /// Where a risk on the register stands.
    RiskStatus = options::RISK_STATUS {
        Open = "open",
        Treating = "treating",
        Tolerated = "tolerated",
        Closed = "closed",
    }
}

choice_enum! {
    /// How a drill is run: around a table, with the systems really off, or a cyber rehearsal.
    DrillType = options::DRILL_TYPE {
        Tabletop = "tabletop",
        LiveDowntime = "live_downtime",
        Cyber = "cyber",
    }
}

choice_enum! {
    /// A drill is planned until it is held; only a held drill counts as the last one.
    DrillStatus = options::DRILL_STATUS {
        Planned = "planned",
        Held = "held",
    }
}

choice_enum! {
    /// Where an action raised by a drill stands.
    ActionStatus = options::ACTION_STATUS {
        Open = "open",
        Done = "done",
    }
}

choice_enum! {
    /// Where an action was raised: by hand, or from the record whose finding it answers.
    RaisedFrom = options::RAISED_FROM {
        ByHand = "by_hand",
        IncidentReview = "incident_review",
        Drill = "drill",
        PackCheck = "pack_check",
        DeviceCheck = "device_check",
        SupplierReview = "supplier_review",
        Reconciliation = "reconciliation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityKind;
    use crate::field::FieldKind;

    /// The codes of `C` are exactly the spec's options, in the spec's order.
    fn matches_spec<C: Choice + fmt::Debug>() -> Result<(), String> {
        let codes: Vec<&str> = C::ALL.iter().map(|c| c.code()).collect();
        let spec: Vec<&str> = C::OPTIONS.iter().map(|(code, _)| *code).collect();
        if codes != spec {
            return Err(format!(
                "{} has {codes:?}, the spec offers {spec:?}",
                std::any::type_name::<C>()
            ));
        }
        for c in C::ALL {
            if C::from_code(c.code()) != Some(*c) || c.label().is_empty() {
                return Err(format!("{c:?} does not round-trip through its code"));
            }
        }
        Ok(())
    }

    #[test]
    fn every_enum_has_exactly_the_spec_options() {
        let checks = [
            matches_spec::<ServiceType>(),
            matches_spec::<RiskTier>(),
            matches_spec::<PracticeType>(),
            matches_spec::<Route>(),
            matches_spec::<StaffRole>(),
            matches_spec::<SystemCategory>(),
            matches_spec::<Impact>(),
            matches_spec::<DsptStatus>(),
            matches_spec::<DeviceType>(),
            matches_spec::<DeviceStatus>(),
            matches_spec::<TestResult>(),
            matches_spec::<RiskStatus>(),
            matches_spec::<DrillType>(),
            matches_spec::<DrillStatus>(),
            matches_spec::<ActionStatus>(),
            matches_spec::<RaisedFrom>(),
        ];
        let failures: Vec<String> = checks.into_iter().filter_map(Result::err).collect();
        assert!(failures.is_empty(), "{failures:#?}");
    }

    /// A choice list added to the spec without an enum here fails this test: every option list
    /// a Choice field uses must be one of the lists the enums stand for.
    #[test]
    fn every_choice_field_of_the_spec_has_an_enum() {
        let covered: [&[(&str, &str)]; 17] = [
            ServiceType::OPTIONS,
            RiskTier::OPTIONS,
            PracticeType::OPTIONS,
            Route::OPTIONS,
            StaffRole::OPTIONS,
            SystemCategory::OPTIONS,
            Impact::OPTIONS,
            DsptStatus::OPTIONS,
            DeviceType::OPTIONS,
            DeviceStatus::OPTIONS,
            TestResult::OPTIONS,
            RiskStatus::OPTIONS,
            DrillType::OPTIONS,
            DrillStatus::OPTIONS,
            ActionStatus::OPTIONS,
            RaisedFrom::OPTIONS,
            // The disruption module's Scenario; govern::drill_briefs holds it to this list.
            options::SCENARIO,
        ];
        for kind in EntityKind::ALL {
            for f in kind.spec().fields {
                if let FieldKind::Choice(opts) = f.kind {
                    assert!(
                        covered.iter().any(|c| std::ptr::eq(*c, opts) || *c == opts),
                        "{}.{} has a choice list no enum stands for",
                        kind.slug(),
                        f.name
                    );
                }
            }
        }
    }

    #[test]
    fn enums_serialise_as_their_codes_and_show_their_labels() {
        assert_eq!(serde_json::to_string(&ServiceType::HomeCare).unwrap(), "\"home_care\"");
        assert_eq!(serde_json::from_str::<RiskTier>("\"high\"").unwrap(), RiskTier::High);
        assert_eq!(Route::Peg.to_string(), "PEG / enteral tube");
        assert_eq!(RiskTier::from_code("urgent"), None);
    }
}
