//! Drills and exercises (issue [10], items 4–5): a scenario's drill brief, the drills held from
//! it with the outage what-if they were run with, and the actions they raised. Kept apart from
//! the other specs so the register entities of assurance can grow side by side.

use super::{EntityKind, EntitySpec, K, SHORT, Scope, f};
use crate::field::FieldSpec;
use choices::*;

/// The choice lists of drills and their actions, shared with the enums in `care::choices`.
pub mod choices {
    /// The continuity plan's six scenarios (Digital Social Care's template), with the codes of
    /// `disruption::Scenario` so that a brief and a checklist speak of the same scenario.
    pub const SCENARIO: &[(&str, &str)] = &[
        ("office_unavailable", "Office unavailable"),
        ("phone_broadband", "Phone or broadband failure"),
        ("power_cut", "Power cut"),
        ("device_failed", "Device failed, lost or stolen"),
        ("cyber_attack", "Cyber attack"),
        ("supplier_down", "Supplier system down"),
    ];
    pub const DRILL_TYPE: &[(&str, &str)] = &[
        ("tabletop", "Tabletop exercise"),
        ("live_downtime", "Live downtime drill"),
        ("cyber", "Cyber drill"),
    ];
    pub const DRILL_STATUS: &[(&str, &str)] = &[("planned", "Planned"), ("held", "Held")];
    pub const ACTION_STATUS: &[(&str, &str)] = &[("open", "Open"), ("done", "Done")];
    /// Where an action was raised.
    pub const RAISED_FROM: &[(&str, &str)] = &[
        ("by_hand", "By hand"),
        ("incident_review", "Post-incident review"),
        ("drill", "Drill"),
        ("pack_check", "Pack check"),
        ("device_check", "Device test"),
        ("supplier_review", "Supplier review"),
        ("reconciliation", "Reconciliation finding"),
    ];
}

/// Drills and what-ifs run up to a week, as the what-if does.
const HOURS: K = K::Int { min: 1, max: 168 };

static DRILL_SCENARIO: &[FieldSpec] = &[
    f("name", "Scenario", SHORT)
        .req()
        .listed()
        .help("A name for the exercise, e.g. \"Care-planning cloud down on a weekday morning\""),
    f("scenario", "Continuity-plan scenario", K::Choice(SCENARIO))
        .req()
        .listed()
        .help("Which of the plan's six it rehearses: its response checklist goes with it"),
    f("description", "What happens", K::LongText)
        .req()
        .help("The story the facilitator reads out at the start"),
    f("injects", "Injects", K::LongText)
        .help("One per line, with the time it is read out: \"10:40 the on-call phone goes to voicemail\""),
    f("systems", "Systems down by default", K::RefList(EntityKind::System)),
    f("hours", "Default length (hours)", HOURS).req(),
    f("notes", "Notes", K::LongText),
];

static DRILL: &[FieldSpec] = &[
    f("name", "Drill", SHORT)
        .req()
        .listed()
        .help("In a few words, e.g. \"Spring tabletop: CarePlan Cloud down\""),
    f("scenario_id", "Scenario", K::Ref(EntityKind::DrillScenario))
        .req()
        .listed(),
    f("drill_type", "Type", K::Choice(DRILL_TYPE)).req().listed(),
    f("status", "Status", K::Choice(DRILL_STATUS)).req().listed(),
    f("date", "Date", K::Date)
        .req()
        .listed()
        .help("The day it is planned for, or was held (a held drill's date cannot be in the future)"),
    f("service_id", "Service", K::Ref(EntityKind::Service))
        .listed()
        .help("Leave empty for a drill of the whole organisation"),
    f("facilitator_id", "Facilitator", K::Ref(EntityKind::Staff)),
    f("participants", "Participants", K::RefList(EntityKind::Staff)),
    f("injects_used", "Injects used", K::LongText).help("The injects read out on the day, one per line"),
    f("findings", "What was found", K::LongText).help("What worked, what did not, what surprised people"),
    f(
        "whatif_systems",
        "What-if: systems that fail",
        K::RefList(EntityKind::System),
    ),
    f("whatif_date", "What-if: start date", K::Date),
    f("whatif_time", "What-if: start time", K::Time).help("UK time"),
    f("whatif_hours", "What-if: hours", HOURS),
];

static ACTION: &[FieldSpec] = &[
    f("name", "Action", SHORT)
        .req()
        .listed()
        .help("What is to be done, e.g. \"Print visit lists at 07:00 every day\""),
    f("service_id", "Service", K::Ref(EntityKind::Service))
        .listed()
        .help("Leave empty for an action of the whole organisation"),
    f("owner_id", "Owner", K::Ref(EntityKind::Staff)).req().listed(),
    f("due_date", "Due", K::Date).req().listed(),
    f("status", "Status", K::Choice(ACTION_STATUS)).req().listed(),
    f("raised_from", "Raised from", K::Choice(RAISED_FROM)).help("Where it came from; by hand if left empty"),
    f("drill_id", "Raised from drill", K::Ref(EntityKind::Drill)),
    f(
        "disruption_id",
        "Raised from disruption (number)",
        K::Int { min: 1, max: i64::MAX },
    )
    .help("Filled in when the action is raised from a disruption's review"),
    f("evidence", "Evidence it is done", K::LongText).help(
        "What shows it is done: a note, or the record that proves it (\"Pack check of 3 Dec\", \"Drill of 12 Jan\")",
    ),
    f("done_on", "Done on", K::Date).help("The day it was done (not in the future)"),
    f("notes", "Notes", K::LongText),
];

macro_rules! spec {
    ($kind:ident, $slug:literal, $singular:literal, $plural:literal, $fields:ident, $scope:expr, $end:literal, $about:literal) => {
        EntitySpec {
            kind: EntityKind::$kind,
            slug: $slug,
            table: $slug,
            singular: $singular,
            plural: $plural,
            about: $about,
            fields: $fields,
            scope: $scope,
            end_verb: $end,
        }
    };
}

pub(super) const DRILL_SCENARIO_SPEC: EntitySpec = spec!(
    DrillScenario,
    "briefs",
    "Drill scenario",
    "Drill scenarios",
    DRILL_SCENARIO,
    Scope::Organisation,
    "Retire",
    "The scenarios drills are run from: what happens, the injects read out, and the systems it takes down."
);

pub(super) const DRILL_SPEC: EntitySpec = spec!(
    Drill,
    "drills",
    "Drill",
    "Drills",
    DRILL,
    Scope::Service("service_id"),
    "Cancel",
    "Tabletop exercises and live drills: who took part, what was found, and the outage what-if they were run with."
);

pub(super) const ACTION_SPEC: EntitySpec = spec!(
    Action,
    "actions",
    "Action",
    "Actions",
    ACTION,
    Scope::Service("service_id"),
    "Withdraw",
    "What drills showed needs doing: who owns it and by when."
);
