//! The pack's content: every sheet's rows as text ready to print. Field order and list order
//! are fixed so that the same data always serialises, and fingerprints, the same.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct PackContent {
    pub organisation: String,
    pub service: ServiceSheet,
    /// "Tue 24 Nov – Mon 30 Nov 2026"
    pub covers: String,
    pub valid_until: String,
    pub contacts: Vec<ContactLine>,
    pub systems: Vec<SystemLine>,
    pub people: Vec<PersonPage>,
    pub mar: Vec<MarSheet>,
    pub outcome_codes: Vec<(String, String)>,
    /// Home care: the day of the visit lists, and the lists.
    pub visit_day: Option<String>,
    pub rounds: Vec<CarerRound>,
    pub unallocated: Vec<VisitLine>,
    /// Every visit of the day once, in time order, for the manual call-monitoring sheet.
    pub monitoring: Vec<MonitorLine>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MonitorLine {
    pub time: String,
    pub person: String,
    pub carers: String,
    pub priority: bool,
    pub two_carer: bool,
    pub time_critical: bool,
    pub high_risk: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct ServiceSheet {
    pub name: String,
    pub kind: String,
    pub home_care: bool,
    pub address: String,
    pub cqc_location_id: String,
    pub manager: String,
    pub manager_phone: String,
    pub on_call: String,
    pub office: String,
    pub out_of_hours: String,
    pub local_authority: String,
    pub safeguarding: String,
}

/// A row of the contacts sheet.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ContactLine {
    pub role: String,
    pub name: String,
    pub phone: String,
    pub notes: String,
}

/// A system the service depends on: who to ring and what to use instead.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SystemLine {
    pub name: String,
    pub category: String,
    pub supplier: String,
    pub support_phone: String,
    pub support_hours: String,
    pub paper_alternative: String,
    pub paper_location: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PersonPage {
    pub name: String,
    pub preferred_name: String,
    pub date_of_birth: String,
    pub nhs_number: String,
    pub risk_tier: String,
    pub high_risk: bool,
    pub unit: String,
    pub address: String,
    pub access: String,
    pub allergies: Vec<String>,
    pub key_risks: Vec<(String, String)>,
    pub communication: String,
    pub distress: String,
    pub support: String,
    pub contacts: Vec<EmergencyContactLine>,
    pub gp: String,
    pub pharmacy: String,
    pub medicines: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EmergencyContactLine {
    pub rank: i64,
    pub name: String,
    pub relationship: String,
    pub phone: String,
    pub alt_phone: String,
    pub proactive: bool,
    pub notes: String,
}

/// A person's paper MAR for the days the pack covers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MarSheet {
    pub person: String,
    /// "3 March 1938": with the name and NHS number on every page of the sheet, so that a
    /// loose page can always be tied to its person. Empty in packs stored before it was.
    #[serde(default)]
    pub date_of_birth: String,
    pub nhs_number: String,
    pub allergies: String,
    /// Column headings: "Tue 24".
    pub days: Vec<String>,
    pub rows: Vec<MarRow>,
    pub prn: Vec<PrnRow>,
    /// Clock-change instructions for this sheet's days.
    pub notes: Vec<String>,
}

/// One dose time of one regular medicine.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MarRow {
    pub medicine: String,
    pub dose: String,
    pub route: String,
    pub time: String,
    pub time_critical: bool,
    /// "±30 min", "−30/+120 min".
    pub window: String,
    pub controlled: bool,
    pub instructions: String,
    /// Per day: "" or a clock-change mark.
    pub marks: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PrnRow {
    pub medicine: String,
    pub dose: String,
    pub indication: String,
    pub min_interval: String,
    pub max_24h: String,
    pub controlled: bool,
}

/// One carer's visits in the order they make them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CarerRound {
    pub carer: String,
    pub phone: String,
    pub visits: Vec<VisitLine>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct VisitLine {
    pub time: String,
    pub minutes: i64,
    pub person: String,
    pub address: String,
    pub phone: String,
    pub tasks: String,
    pub priority: bool,
    pub two_carer: bool,
    pub time_critical: bool,
    pub high_risk: bool,
    /// The other carer on a two-carer visit.
    pub with: String,
}
