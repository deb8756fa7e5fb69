//! Parts of one record (a FHIR Patient, then its allergies from other resources) become one,
//! in the order they came: later parts replace the fields of earlier ones, or add to them for
//! the fields they mark additive.

use lantern_core::EntityKind;
use lantern_core::incoming::{Incoming, add_value};
use std::collections::HashMap;

/// A record, or a part of one, with its place in the import (parts apply in this order).
pub(crate) type Part = (u64, Incoming);

/// Where a kind comes in the order of applying: records before the records that refer to them.
pub(crate) fn rank(kind: EntityKind) -> usize {
    EntityKind::ALL.iter().position(|k| *k == kind).unwrap_or(usize::MAX)
}

/// Merges the parts of each record, and orders the records by kind, then by first appearance.
pub(crate) fn merge(mut parts: Vec<Part>) -> Vec<Part> {
    parts.sort_by_key(|(seq, r)| (rank(r.kind), *seq));
    let mut out: Vec<Part> = Vec::with_capacity(parts.len());
    let mut index: HashMap<(EntityKind, String), usize> = HashMap::new();
    for (seq, part) in parts {
        match index.get(&(part.kind, part.source_id.clone())) {
            Some(&i) => merge_into(&mut out[i].1, part),
            None => {
                index.insert((part.kind, part.source_id.clone()), out.len());
                out.push((seq, part));
            }
        }
    }
    out
}

/// Adds a later part to a record. A field keeps the additivity of the part that last replaced
/// it, so that the merged record applies as the parts would have one after the other.
pub(crate) fn merge_into(into: &mut Incoming, part: Incoming) {
    for (field, value) in part.input {
        let adds = part.additive.contains(&field);
        match into.input.get_mut(&field) {
            Some(existing) if adds => add_value(existing, value),
            _ => {
                into.input.insert(field.clone(), value);
                into.additive.retain(|f| *f != field);
                if adds {
                    into.additive.push(field);
                }
            }
        }
    }
    into.defaults.extend(part.defaults);
    for (field, targets) in part.refs {
        into.refs.retain(|(f, _)| *f != field);
        into.refs.push((field, targets));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use lantern_core::{Input, InputVal};

    fn part(source: &str, field: &str, value: &str, additive: bool) -> Incoming {
        Incoming {
            kind: EntityKind::Person,
            source_id: source.into(),
            input: [(field.to_string(), InputVal::Many(vec![value.into()]))]
                .into_iter()
                .collect(),
            defaults: Input::new(),
            refs: Vec::new(),
            additive: if additive { vec![field.to_string()] } else { Vec::new() },
            origin: String::new(),
            elements: Vec::new(),
        }
    }

    #[test]
    fn parts_merge_in_order_and_additive_fields_add_up() {
        let merged = merge(vec![
            (2, part("P", "allergies", "Latex", true)),
            (1, part("P", "allergies", "Penicillin", true)),
            (3, part("Q", "allergies", "Nuts", false)),
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].0, 1);
        assert_eq!(
            merged[0].1.input["allergies"],
            InputVal::Many(vec!["Penicillin".into(), "Latex".into()])
        );
        assert_eq!(merged[0].1.additive, vec!["allergies".to_string()]);
        let mut replaced = merged[0].1.clone();
        merge_into(&mut replaced, part("P", "allergies", "None", false));
        assert_eq!(replaced.input["allergies"], InputVal::Many(vec!["None".into()]));
        assert!(
            replaced.additive.is_empty(),
            "a replacing part makes the field plain again"
        );
    }
}
