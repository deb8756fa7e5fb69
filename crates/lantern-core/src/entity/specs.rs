//! The fields of every register entity (PRODUCT.md, "Continuity register" and "Care snapshot").

use super::{EntityKind, EntitySpec, Scope};
use crate::field::{FieldKind as K, FieldSpec};

const fn f(name: &'static str, label: &'static str, kind: K) -> FieldSpec {
    FieldSpec {
        name,
        label,
        kind,
        required: false,
        help: "",
        listed: false,
    }
}

impl FieldSpec {
    const fn req(mut self) -> Self {
        self.required = true;
        self
    }
    const fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }
    const fn listed(mut self) -> Self {
        self.listed = true;
        self
    }
}

#[path = "drill_specs.rs"]
mod drill_specs;

const NAME: K = K::Text { max: 120 };
const SHORT: K = K::Text { max: 200 };

/// The fixed choice lists, shared with the demo generator and the web layer.
pub mod choices {
    pub use super::drill_specs::choices::*;
    pub const RISK_STATUS: &[(&str, &str)] = &[
        ("open", "Open"),
        ("treating", "Being treated"),
        ("tolerated", "Tolerated"),
        ("closed", "Closed"),
    ];
    pub const SERVICE_TYPE: &[(&str, &str)] = &[
        ("supported_living", "Supported living"),
        ("home_care", "Home care"),
        ("residential", "Residential home"),
        ("nursing", "Nursing home"),
    ];
    pub const RISK_TIER: &[(&str, &str)] = &[("high", "High"), ("medium", "Medium"), ("low", "Low")];
    pub const PRACTICE_TYPE: &[(&str, &str)] = &[
        ("gp", "GP practice"),
        ("pharmacy", "Pharmacy"),
        ("other", "Other health service"),
    ];
    pub const ROUTE: &[(&str, &str)] = &[
        ("oral", "Oral"),
        ("sublingual", "Sublingual"),
        ("buccal", "Buccal"),
        ("subcutaneous", "Subcutaneous injection"),
        ("intramuscular", "Intramuscular injection"),
        ("inhaled", "Inhaled"),
        ("topical", "Topical"),
        ("transdermal", "Transdermal patch"),
        ("eye", "Eye"),
        ("ear", "Ear"),
        ("nasal", "Nasal"),
        ("rectal", "Rectal"),
        ("peg", "PEG / enteral tube"),
        ("other", "Other"),
    ];
    pub const STAFF_ROLE: &[(&str, &str)] = &[
        ("care_worker", "Care worker"),
        ("senior_carer", "Senior carer"),
        ("team_leader", "Team leader"),
        ("shift_leader", "Shift leader"),
        ("coordinator", "Coordinator"),
        ("nurse", "Nurse"),
        ("deputy_manager", "Deputy manager"),
        ("registered_manager", "Registered manager"),
        ("office", "Office / administration"),
        ("it", "IT"),
        ("other", "Other"),
    ];
    pub const SYSTEM_CATEGORY: &[(&str, &str)] = &[
        ("care_planning", "Care planning"),
        ("emar", "eMAR (medicines)"),
        ("rostering", "Rostering"),
        ("call_monitoring", "Call monitoring"),
        ("email", "Email"),
        ("telephony", "Telephony"),
        ("incident_reporting", "Incident reporting"),
        ("shared_files", "Shared files"),
        ("connectivity", "Connectivity (Wi-Fi / broadband)"),
        ("safety_equipment", "Safety equipment (nurse call, fire alarm)"),
        ("other", "Other"),
    ];
    pub const IMPACT: &[(&str, &str)] = &[
        ("none", "None"),
        ("minor", "Minor"),
        ("moderate", "Moderate"),
        ("major", "Major"),
        ("severe", "Severe"),
    ];
    pub const DSPT_STATUS: &[(&str, &str)] = &[
        ("exceeded", "Standards exceeded"),
        ("met", "Standards met"),
        ("approaching", "Approaching standards"),
        ("not_met", "Standards not met"),
        ("unknown", "Not known"),
    ];
    pub const DEVICE_TYPE: &[(&str, &str)] = &[
        ("tablet", "Tablet"),
        ("phone", "Mobile phone"),
        ("laptop", "Laptop"),
        ("desktop", "Desktop computer"),
        ("router", "Router / Wi-Fi"),
        ("printer", "Printer"),
        ("other", "Other"),
    ];
    pub const DEVICE_STATUS: &[(&str, &str)] = &[
        ("in_use", "In use"),
        ("spare", "Spare"),
        ("faulty", "Faulty"),
        ("retired", "Retired"),
    ];
    pub const TEST_RESULT: &[(&str, &str)] = &[("pass", "Pass"), ("fail", "Fail"), ("not_tested", "Not tested")];
}

use choices::*;

static SERVICE: &[FieldSpec] = &[
    f("name", "Service name", NAME).req().listed(),
    f("service_type", "Type of service", K::Choice(SERVICE_TYPE))
        .req()
        .listed(),
    f("cqc_location_id", "CQC location id", K::CqcLocation).help("As on the CQC register, e.g. 1-123456789"),
    f("address", "Address", K::LongText).req(),
    f("postcode", "Postcode", K::Postcode),
    f("phone", "Office phone", K::Phone),
    f("manager_name", "Registered / service manager", NAME).req().listed(),
    f("manager_phone", "Manager's phone", K::Phone),
    f("on_call_phone", "On-call number", K::Phone)
        .req()
        .listed()
        .help("The number staff ring out of hours"),
    f("out_of_hours_phone", "GP out-of-hours number", K::Phone).help("Usually 111"),
    f("local_authority", "Local authority", SHORT),
    f("safeguarding_phone", "Local authority safeguarding number", K::Phone),
    f("units", "Units or floors", K::TextList).help("One per line, e.g. Ash, Beech, Cedar"),
];

static PERSON: &[FieldSpec] = &[
    f("service_id", "Service", K::Ref(EntityKind::Service)).req().listed(),
    f("full_name", "Full name", NAME).req().listed(),
    f("preferred_name", "Preferred name", NAME).help("What they like to be called"),
    f("date_of_birth", "Date of birth", K::Date),
    f("nhs_number", "NHS number", K::Nhs)
        .listed()
        .help("10 digits, e.g. 943 476 5919"),
    f("risk_tier", "Risk tier", K::Choice(RISK_TIER)).req().listed().help(
        "High: needs contact first in a disruption (time-critical medicines, lives alone, no mental capacity for risk)",
    ),
    f("unit", "Unit or floor", SHORT),
    f("address", "Home address", K::LongText).help("For home care: where visits take place"),
    f("phone", "Phone", K::Phone)
        .help("The person's own number, home or mobile: the live board shows it when a visit is overdue"),
    f("access_notes", "Access arrangements", K::LongText).help("Key safe, door entry — never the code itself"),
    f("communication", "Communication profile", K::LongText),
    f("allergies", "Allergies", K::TextList).help("One per line; write 'No known allergies' if none"),
    f(
        "key_risks",
        "Key risks",
        K::Pairs {
            first: "Risk",
            second: "What to do",
        },
    ),
    f("support_summary", "Support plan summary", K::LongText),
    f("distress_guidance", "Distress and escalation guidance", K::LongText),
    f("gp_id", "GP practice", K::Ref(EntityKind::Practice)),
    f("pharmacy_id", "Pharmacy", K::Ref(EntityKind::Practice)),
];

static CONTACT: &[FieldSpec] = &[
    f("person_id", "Person supported", K::Ref(EntityKind::Person))
        .req()
        .listed(),
    f("rank", "Order to ring", K::Int { min: 1, max: 20 })
        .req()
        .listed()
        .help("1 is rung first"),
    f("name", "Name", NAME).req().listed(),
    f("relationship", "Relationship", SHORT).req().listed(),
    f("phone", "Phone", K::Phone).req().listed(),
    f("alt_phone", "Other phone", K::Phone),
    f("email", "Email", K::Email),
    f("proactive", "Contact proactively during a disruption", K::Bool).listed(),
    f("notes", "Notes", K::LongText).help("e.g. holds lasting power of attorney for health and welfare"),
];

static PRACTICE: &[FieldSpec] = &[
    f("practice_type", "Type", K::Choice(PRACTICE_TYPE)).req().listed(),
    f("name", "Name", NAME).req().listed(),
    f("ods_code", "ODS code", K::Text { max: 10 }),
    f("phone", "Phone", K::Phone).req().listed(),
    f("out_of_hours_phone", "Out-of-hours phone", K::Phone),
    f("email", "Email", K::Email),
    f("address", "Address", K::LongText),
];

static MEDICINE: &[FieldSpec] = &[
    f("person_id", "Person supported", K::Ref(EntityKind::Person))
        .req()
        .listed(),
    f("name", "Medicine", NAME).req().listed(),
    f("strength", "Strength", SHORT).help("e.g. 100 mg/25 mg"),
    f("dose", "Dose", SHORT).req().listed().help("e.g. 1 tablet, 10 units"),
    f("route", "Route", K::Choice(ROUTE)).req(),
    f("times", "Dose times", K::TimeList)
        .listed()
        .help("24-hour clock, separated by commas: 08:00, 12:00, 18:00"),
    f("interval_hours", "Or every N hours", K::Int { min: 1, max: 168 })
        .help("Instead of fixed times, from the first dose"),
    f("time_critical", "Time-critical", K::Bool)
        .listed()
        .help("Parkinson's, insulin, anti-epileptics, anticoagulants…: window ±30 min unless set below"),
    f(
        "window_early_minutes",
        "Window: minutes early",
        K::Int { min: 0, max: 720 },
    )
    .help("Default 30"),
    f(
        "window_late_minutes",
        "Window: minutes late",
        K::Int { min: 0, max: 720 },
    )
    .help("Default 120, or 30 when time-critical"),
    f("prn", "PRN (when required)", K::Bool).listed(),
    f("prn_indication", "PRN: what it is for", SHORT).help("e.g. pain, agitation"),
    f(
        "prn_min_interval_minutes",
        "PRN: minimum minutes between doses",
        K::Int { min: 1, max: 10_080 },
    ),
    f(
        "prn_max_doses_24h",
        "PRN: maximum doses in 24 hours",
        K::Int { min: 1, max: 48 },
    ),
    f("controlled_drug", "Controlled drug", K::Bool),
    f("start_date", "Start date", K::Date),
    f("end_date", "End date", K::Date),
    f("instructions", "Instructions", K::LongText),
];

static STAFF: &[FieldSpec] = &[
    f("full_name", "Full name", NAME).req().listed(),
    f("role", "Role", K::Choice(STAFF_ROLE)).req().listed(),
    f("phone", "Phone", K::Phone).req().listed(),
    f("email", "Email", K::Email),
    f("services", "Services", K::RefList(EntityKind::Service)).listed(),
    f("start_date", "Start date", K::Date).help("When they joined: training coverage counts them from this day"),
];

static VISIT: &[FieldSpec] = &[
    f("service_id", "Branch", K::Ref(EntityKind::Service)).req(),
    f("person_id", "Person visited", K::Ref(EntityKind::Person))
        .req()
        .listed(),
    f("date", "Date", K::Date).req(),
    f("start", "Planned start", K::Time).req().listed(),
    f("duration_minutes", "Planned minutes", K::Int { min: 5, max: 720 })
        .req()
        .listed(),
    f("carers", "Carers", K::RefList(EntityKind::Staff)).listed(),
    f("tasks", "Tasks", K::TextList).help("One per line, e.g. Medicines, Breakfast, Personal care"),
    f("two_carer", "Two carers needed", K::Bool).listed(),
    f("priority", "Priority visit", K::Bool)
        .listed()
        .help("Must not be missed or moved in a disruption"),
    f("notes", "Notes", K::LongText),
];

static SHIFT: &[FieldSpec] = &[
    f("service_id", "Service", K::Ref(EntityKind::Service)).req().listed(),
    f("staff_id", "Staff member", K::Ref(EntityKind::Staff)).req().listed(),
    f("date", "Date", K::Date).req(),
    f("start", "Start", K::Time).req().listed(),
    f("finish", "End", K::Time)
        .req()
        .listed()
        .help("An end before the start means the shift runs overnight"),
    f("unit", "Unit or role on shift", SHORT).listed(),
    f("notes", "Notes", K::LongText),
];

static SYSTEM: &[FieldSpec] = &[
    f("name", "System", NAME).req().listed(),
    f("category", "Category", K::Choice(SYSTEM_CATEGORY)).req().listed(),
    f("supplier_id", "Supplier", K::Ref(EntityKind::Supplier)).listed(),
    f("care_functions", "Care functions it supports", K::TextList).help("One per line"),
    f("impact_1h", "Impact after 1 hour", K::Choice(IMPACT)).req(),
    f("impact_4h", "Impact after 4 hours", K::Choice(IMPACT)).req(),
    f("impact_24h", "Impact after 24 hours", K::Choice(IMPACT)).req(),
    f(
        "mtpd_hours",
        "Maximum tolerable period of disruption (hours)",
        K::Int { min: 0, max: 8760 },
    )
    .req()
    .listed(),
    f(
        "rto_hours",
        "Recovery time objective (hours)",
        K::Int { min: 0, max: 8760 },
    )
    .req()
    .listed(),
    f(
        "rpo_hours",
        "Recovery point objective (hours)",
        K::Int { min: 0, max: 8760 },
    ),
    f("paper_alternative", "Paper alternative", K::LongText).req(),
    f("paper_location", "Where the paper alternative is kept", SHORT),
    f(
        "services",
        "Services that depend on it",
        K::RefList(EntityKind::Service),
    ),
];

static SUPPLIER: &[FieldSpec] = &[
    f("name", "Supplier", NAME).req().listed(),
    f("support_phone", "Support line", K::Phone).listed(),
    f("support_email", "Support email", K::Email),
    f("support_hours", "Support hours", SHORT)
        .listed()
        .help("e.g. 24/7, or Mon–Fri 08:00–18:00"),
    f("sla", "Service level agreement", K::LongText).help("Response and fix times by priority"),
    f("account_ref", "Our account or contract reference", SHORT),
    f("dspt_status", "DSPT status", K::Choice(DSPT_STATUS)),
    f("notes", "Notes", K::LongText),
];

const SCORE: K = K::Int { min: 1, max: 5 };

static RISK: &[FieldSpec] = &[
    f("name", "Risk", SHORT)
        .req()
        .listed()
        .help("What could fail, in a few words"),
    f("service_id", "Service", K::Ref(EntityKind::Service))
        .listed()
        .help("Leave empty for a risk to the whole organisation"),
    f("cause", "Cause", K::LongText)
        .req()
        .help("What could happen, and why"),
    f("effect_on_care", "Effect on care", K::LongText)
        .req()
        .help("What it would mean for the people supported"),
    f("inherent_likelihood", "Likelihood before controls", SCORE)
        .req()
        .help("1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain"),
    f("inherent_impact", "Impact before controls", SCORE)
        .req()
        .help("1 negligible, 2 minor, 3 moderate, 4 major, 5 severe harm to care"),
    f("controls", "Controls", K::LongText).help("What reduces it: paper alternatives, spares, training, contracts"),
    f("residual_likelihood", "Likelihood with controls", SCORE).req(),
    f("residual_impact", "Impact with controls", SCORE).req(),
    f("owner", "Owner", NAME)
        .req()
        .listed()
        .help("Who keeps it under review"),
    f("review_date", "Next review", K::Date).req().listed(),
    f("status", "Status", K::Choice(RISK_STATUS)).req().listed(),
    f("systems", "Systems", K::RefList(EntityKind::System)),
    f("devices", "Devices", K::RefList(EntityKind::Device)),
    f("suppliers", "Suppliers", K::RefList(EntityKind::Supplier)),
    f("notes", "Notes", K::LongText),
];

static COURSE: &[FieldSpec] = &[
    f("name", "Course", NAME)
        .req()
        .listed()
        .help("e.g. Phishing awareness, Downtime procedure, Paper MAR"),
    f("description", "What it covers", K::LongText),
    f("validity_months", "Valid for (months)", K::Int { min: 1, max: 120 })
        .req()
        .listed()
        .help("How long a completion counts before it must be done again, e.g. 12"),
    f("provider", "Provider", SHORT).listed(),
    f("roles", "Who it is for", K::TextList)
        .listed()
        .help("Leave empty for all staff, or one staff role per line, e.g. Senior carer, Nurse"),
    f("notes", "Notes", K::LongText),
];

static TRAINING_RECORD: &[FieldSpec] = &[
    f("staff_id", "Staff member", K::Ref(EntityKind::Staff)).req().listed(),
    f("course_id", "Course", K::Ref(EntityKind::Course)).req().listed(),
    f("completed_on", "Completed on", K::Date)
        .req()
        .listed()
        .help("The day they finished the course: not a day still to come"),
    f("provider", "Provider", SHORT),
    f("certificate_ref", "Certificate reference", SHORT),
    f("notes", "Notes", K::LongText),
];

static SUPPLIER_REVIEW: &[FieldSpec] = &[
    f("supplier_id", "Supplier", K::Ref(EntityKind::Supplier))
        .req()
        .listed(),
    f("review_date", "Review date", K::Date)
        .req()
        .listed()
        .help("The day the review took place"),
    f("reviewer", "Reviewed by", NAME).listed(),
    f(
        "availability_percent",
        "Availability in the period (%)",
        K::Int { min: 0, max: 100 },
    )
    .help("As the supplier reports it, or as you measured it"),
    f(
        "response_minutes",
        "Typical response time (minutes)",
        K::Int { min: 0, max: 10_080 },
    ),
    f("dspt_status", "DSPT status", K::Choice(DSPT_STATUS)).listed(),
    f("continuity_evidence", "Business-continuity evidence seen", K::LongText)
        .help("Their continuity plan, test results, certificates"),
    f("contract_ref", "Contract reference", SHORT),
    f("contract_end", "Contract ends", K::Date),
    f("support_line_checked", "Support line rung and answered", K::Bool),
    f("next_review", "Next review", K::Date).req().listed(),
    f("notes", "Notes", K::LongText),
];

static DEVICE: &[FieldSpec] = &[
    f("asset_tag", "Asset tag", K::Text { max: 40 }).req().listed(),
    f("device_type", "Type", K::Choice(DEVICE_TYPE)).req().listed(),
    f("service_id", "Service", K::Ref(EntityKind::Service)).listed(),
    f("unit", "Unit", SHORT).listed(),
    f("status", "Status", K::Choice(DEVICE_STATUS)).req().listed(),
    f("model", "Make and model", SHORT),
    f("purchase_date", "Purchase date", K::Date),
    f("os", "Operating system", SHORT).help("e.g. Android 14"),
    f("os_supported", "Operating system still supported", K::Bool),
    f("battery_health", "Battery health (%)", K::Int { min: 0, max: 100 }).listed(),
    f("last_test_date", "Last tested", K::Date),
    f("last_test_result", "Last test result", K::Choice(TEST_RESULT)).listed(),
    f("replacement_due", "Replacement due", K::Date)
        .listed()
        .help("Leave empty to use the organisation's replacement cycle from the purchase date"),
    f("notes", "Notes", K::LongText),
];

static DEVICE_POLICY: &[FieldSpec] = &[
    f("service_id", "Service", K::Ref(EntityKind::Service)).req().listed(),
    f("unit", "Unit", SHORT)
        .req()
        .listed()
        .help("As the service names it, e.g. Ash"),
    f("device_type", "Type of device", K::Choice(DEVICE_TYPE))
        .req()
        .listed(),
    f("in_use_needed", "Needed in use", K::Int { min: 0, max: 100 })
        .req()
        .listed()
        .help("How many must be working on a shift"),
    f("spares_needed", "Spares kept", K::Int { min: 0, max: 50 })
        .req()
        .listed()
        .help("Charged and ready in the cupboard"),
    f(
        "staff_per_device",
        "Or one for every N staff on shift",
        K::Int { min: 1, max: 20 },
    )
    .help("On a busy shift this can need more than the number above"),
    f("notes", "Notes", K::LongText),
];

/// The table is the slug unless given (`slug / table`): a slug of two words has a hyphen, its
/// table an underscore.
macro_rules! entity {
    // A slug of two words has a hyphen in addresses and an underscore in its table.
    ($kind:ident, $slug:literal / $table:literal, $singular:literal, $plural:literal, $fields:ident, $scope:expr, $end:literal, $about:literal) => {
        EntitySpec {
            kind: EntityKind::$kind,
            slug: $slug,
            table: $table,
            singular: $singular,
            plural: $plural,
            about: $about,
            fields: $fields,
            scope: $scope,
            end_verb: $end,
        }
    };
    ($kind:ident, $slug:literal, $singular:literal, $plural:literal, $fields:ident, $scope:expr, $end:literal, $about:literal) => {
        entity!($kind, $slug / $slug, $singular, $plural, $fields, $scope, $end, $about)
    };
}

static SPECS: [EntitySpec; 19] = [
    entity!(
        Service,
        "services",
        "Service",
        "Services",
        SERVICE,
        Scope::Itself,
        "Close",
        "Each location or branch you run, with who to ring when systems fail."
    ),
    entity!(
        Person,
        "people",
        "Person supported",
        "People supported",
        PERSON,
        Scope::Service("service_id"),
        "End support",
        "The minimum to support each person safely on paper."
    ),
    entity!(
        Contact,
        "contacts",
        "Emergency contact",
        "Emergency contacts",
        CONTACT,
        Scope::Person("person_id"),
        "Remove",
        "Who to ring for each person, in order, and who to ring first in a disruption."
    ),
    entity!(
        Practice,
        "practices",
        "GP or pharmacy",
        "GP practices and pharmacies",
        PRACTICE,
        Scope::Organisation,
        "Remove",
        "The GP practices and pharmacies the people you support use."
    ),
    entity!(
        Medicine,
        "medicines",
        "Medicine",
        "Medicines",
        MEDICINE,
        Scope::Person("person_id"),
        "Stop",
        "Current medicines with dose times, time-critical flags and PRN limits."
    ),
    entity!(
        Staff,
        "staff",
        "Staff member",
        "Staff",
        STAFF,
        Scope::Organisation,
        "Mark as left",
        "Staff and how to reach them when rosters and email are down."
    ),
    entity!(
        Visit,
        "visits",
        "Visit",
        "Home-care visits",
        VISIT,
        Scope::Service("service_id"),
        "Cancel",
        "The home-care rota: who is visited, when, by whom and for what."
    ),
    entity!(
        Shift,
        "shifts",
        "Shift",
        "Shifts",
        SHIFT,
        Scope::Service("service_id"),
        "Cancel",
        "Who is on shift in residential and supported-living services."
    ),
    entity!(
        System,
        "systems",
        "Digital system",
        "Digital systems",
        SYSTEM,
        Scope::Organisation,
        "Retire",
        "The systems care depends on, their business impact and the paper alternative."
    ),
    entity!(
        Supplier,
        "suppliers",
        "Supplier",
        "Suppliers",
        SUPPLIER,
        Scope::Organisation,
        "Remove",
        "Who to call when a system fails, and what they promised."
    ),
    entity!(
        Device,
        "devices",
        "Device",
        "Devices",
        DEVICE,
        Scope::Service("service_id"),
        "Remove from register",
        "Tablets, phones and other devices staff record care on."
    ),
    entity!(
        Risk,
        "risks",
        "Risk",
        "Risks",
        RISK,
        Scope::Service("service_id"),
        "Close",
        "Digital-continuity risks: what could fail, its effect on care, scores before and after controls, and who reviews it when."
    ),
    entity!(
        DevicePolicy,
        "device-policies" / "device_policies",
        "Unit device policy",
        "Unit device policies",
        DEVICE_POLICY,
        Scope::Service("service_id"),
        "Remove",
        "How many devices each unit needs in use and keeps spare: the unit pages measure today against it."
    ),
    entity!(
        Course,
        "courses",
        "Course",
        "Courses",
        COURSE,
        Scope::Organisation,
        "Retire",
        "The training staff need for a disruption, and how long each completion counts."
    ),
    entity!(
        TrainingRecord,
        "training-records" / "training_records",
        "Training record",
        "Training records",
        TRAINING_RECORD,
        Scope::Organisation,
        "Remove",
        "Who completed which course, and when."
    ),
    entity!(
        SupplierReview,
        "supplier-reviews" / "supplier_reviews",
        "Supplier review",
        "Supplier reviews",
        SUPPLIER_REVIEW,
        Scope::Organisation,
        "Remove",
        "Periodic reviews of each supplier: availability, response, DSPT status, continuity evidence and contract."
    ),
    drill_specs::DRILL_SCENARIO_SPEC,
    drill_specs::DRILL_SPEC,
    drill_specs::ACTION_SPEC,
];

pub(super) fn spec(kind: EntityKind) -> &'static EntitySpec {
    let i = match kind {
        EntityKind::Service => 0,
        EntityKind::Person => 1,
        EntityKind::Contact => 2,
        EntityKind::Practice => 3,
        EntityKind::Medicine => 4,
        EntityKind::Staff => 5,
        EntityKind::Visit => 6,
        EntityKind::Shift => 7,
        EntityKind::System => 8,
        EntityKind::Supplier => 9,
        EntityKind::Device => 10,
        EntityKind::Risk => 11,
        EntityKind::DevicePolicy => 12,
        EntityKind::Course => 13,
        EntityKind::TrainingRecord => 14,
        EntityKind::SupplierReview => 15,
        EntityKind::DrillScenario => 16,
        EntityKind::Drill => 17,
        EntityKind::Action => 18,
    };
    &SPECS[i]
}
