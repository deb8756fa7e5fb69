//! Records arriving from another system (a CSV export, a FHIR bundle), keyed by that system's
//! identifiers, and the problems found in them. The import crate makes them; the store applies
//! them all or nothing.

use crate::{EntityKind, Input};

/// A problem with the input, located so that a person can find and fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// "people.csv row 14", "bundle.json Patient/abc", "data.ndjson line 3".
    pub location: String,
    /// The column or JSON path, when one is at fault: "nhs_number", "$.birthDate".
    pub field: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}, {field}: {}", self.location, self.reason),
            None => write!(f, "{}: {}", self.location, self.reason),
        }
    }
}

/// A record to create, or update, identified by the source system's id.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub kind: EntityKind,
    /// The source system's identifier, unique per kind ("P000123", "Patient/abc").
    pub source_id: String,
    /// The fields the source provides. On update, fields it does not provide keep their value.
    pub input: Input,
    /// Fields only used when the record is new (a required field the source does not carry,
    /// such as a person's risk tier from a FHIR Patient).
    pub defaults: Input,
    /// Reference fields given by the source ids of their targets: (field, target source ids).
    /// A target is looked up among the records of this batch and then in the register.
    pub refs: Vec<(&'static str, Vec<String>)>,
    /// Where it came from, for messages: "people.csv row 3".
    pub origin: String,
}
