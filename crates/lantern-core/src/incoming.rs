//! Records arriving from another system (a CSV export, a FHIR bundle), keyed by that system's
//! identifiers, and the problems found in them. The import crate makes them; the store applies
//! them all or nothing.

use crate::{EntityKind, Input, InputVal};

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
    /// Fields of `input` that add to what an earlier part of the same import gave the record,
    /// rather than replace it: a person's allergies arrive as one FHIR AllergyIntolerance each,
    /// possibly far apart in a file that is applied in chunks. Against the register's value
    /// (the first part of this import to give the field) they still replace.
    pub additive: Vec<String>,
    /// Where it came from, for messages: "people.csv row 3".
    pub origin: String,
    /// The source's own name for a field, where it is not the field's: (field, element), as
    /// ("date_of_birth", "Patient.birthDate (at $.entry[2].resource.birthDate)"). A problem
    /// found later with the field is reported in the words of the format the user gave.
    pub elements: Vec<(String, String)>,
}

impl Incoming {
    /// How the source names `field`: its element, or the field itself (a CSV column).
    pub fn element_of(&self, field: &str) -> String {
        self.elements
            .iter()
            .find(|(f, _)| f == field)
            .map_or_else(|| field.to_string(), |(_, e)| e.clone())
    }
}

/// The longest text a long-text field holds (field.rs); added paragraphs are cut to it.
const LONG_TEXT_MAX: usize = 10_000;

/// Adds `more` to `into`: list items not already there, or a text as a new paragraph (unless
/// it is already one of its paragraphs). Used for [`Incoming::additive`] fields.
pub fn add_value(into: &mut InputVal, more: InputVal) {
    fn add_unique<T: PartialEq>(list: &mut Vec<T>, items: Vec<T>) {
        for item in items {
            if !list.contains(&item) {
                list.push(item);
            }
        }
    }
    match (into, more) {
        (InputVal::Many(list), InputVal::Many(items)) => add_unique(list, items),
        (InputVal::Pairs(list), InputVal::Pairs(items)) => add_unique(list, items),
        (InputVal::One(text), InputVal::One(para)) => {
            if para.trim().is_empty() || text.split("\n\n").any(|p| p == para) {
                return;
            }
            if !text.trim().is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&para);
            if text.chars().count() > LONG_TEXT_MAX {
                let mut cut: String = text.chars().take(LONG_TEXT_MAX - 1).collect();
                cut.push('…');
                *text = cut;
            }
        }
        // Different shapes cannot be added up: the later value wins, as for other fields.
        (into, more) => *into = more,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_values_keep_order_and_skip_repeats() {
        let mut list = InputVal::Many(vec!["Penicillin".into()]);
        add_value(&mut list, InputVal::Many(vec!["Latex".into(), "Penicillin".into()]));
        assert_eq!(list, InputVal::Many(vec!["Penicillin".into(), "Latex".into()]));
        let mut text = InputVal::One("Plan A".into());
        add_value(&mut text, InputVal::One("Plan B".into()));
        add_value(&mut text, InputVal::One("Plan A".into()));
        assert_eq!(text, InputVal::One("Plan A\n\nPlan B".into()));
        let mut long = InputVal::One("x".repeat(9_999));
        add_value(&mut long, InputVal::One("more".into()));
        let InputVal::One(long) = long else { panic!() };
        assert_eq!(long.chars().count(), LONG_TEXT_MAX);
        assert!(long.ends_with('…'));
    }
}
