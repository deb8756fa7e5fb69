//! Mapping each resource read, in file order, once the first pass has indexed all of them
//! (resolve.rs): then a resource can be mapped as it comes, whatever it refers to. The
//! allergies, risks and plans gathered go onto the Patient's record when it is in the same
//! chunk, else onto a partial one that the store adds to the person.

use super::bundle::{Item, Res};
use super::out::{Out, Rec, add_unique, paragraphs};
use super::resolve::Index;
use super::{allergy, contact, medication, organisation, patient, risks, visit};
use lantern_core::{EntityKind, InputVal};
use std::collections::HashMap;

/// Maps one resource into `out`.
pub fn map_item(item: &Item, idx: &Index, out: &mut Out) {
    match &item.res {
        Res::Role(_) | Res::Medication(_) => {}
        Res::Patient(p) => patient::map(item, p, idx, out),
        Res::RelatedPerson(r) => contact::related(item, r, idx, out),
        Res::Organization(o) => organisation::map(item, o, idx, out),
        Res::Request(m) | Res::Statement(m) => medication::map(item, m, idx, out),
        Res::Allergy(a) => allergy::map(item, a, idx, out),
        Res::Flag(f) => risks::flag(item, f, idx, out),
        Res::Condition(c) => risks::condition(item, c, idx, out),
        Res::CarePlan(c) => risks::care_plan(item, c, idx, out),
        Res::Appointment(a) => visit::appointment(item, a, idx, out),
        Res::Encounter(e) => visit::encounter(item, e, idx, out),
    }
}

/// Counts the Medications that no request or statement used; at the end of the import.
pub fn count_unused_medications(idx: &Index, out: &mut Out) {
    let unused = idx.medications().filter(|sid| !out.used_meds.contains(*sid)).count();
    for _ in 0..unused {
        out.unused("Medication (no MedicationRequest or MedicationStatement here uses it)");
    }
}

/// Puts the person details gathered in this chunk onto the people's records: the Patient's
/// own record when it is in the chunk, else a partial record. The fields are additive, so
/// that details from several chunks add up in the store instead of replacing each other.
pub fn flush_extras(out: &mut Out) {
    let extras = std::mem::take(&mut out.extras);
    if extras.is_empty() {
        return;
    }
    let mut people: HashMap<String, usize> = HashMap::new();
    for (i, r) in out.batch.records.iter().enumerate() {
        if r.kind == EntityKind::Person {
            people.entry(r.source_id.clone()).or_insert(i);
        }
    }
    for (person, x) in extras {
        let i = match people.get(&person) {
            Some(&i) => i,
            None => {
                // Not in this chunk: a partial update, which the store merges into the person
                // read earlier or later in the import, or already in the register (and reports
                // if there is none).
                let rec = Rec::new(EntityKind::Person, &person, &x.origin);
                out.batch.records.push(rec.0);
                out.batch.records.len() - 1
            }
        };
        let Some(record) = out.batch.records.get_mut(i) else {
            continue;
        };
        let mut additive = Vec::new();
        let mut allergies = match record.input.remove("allergies") {
            Some(InputVal::Many(v)) => v,
            _ => Vec::new(),
        };
        for a in x.allergies {
            add_unique(&mut allergies, a);
        }
        if !allergies.is_empty() {
            record.input.insert("allergies".into(), InputVal::Many(allergies));
            additive.push("allergies");
        }
        if !x.risks.is_empty() {
            record.input.insert("key_risks".into(), InputVal::Pairs(x.risks));
            additive.push("key_risks");
        }
        if !x.plans.is_empty() {
            let text = paragraphs(&x.plans.join("\n\n"));
            record.input.insert("support_summary".into(), InputVal::One(text));
            additive.push("support_summary");
        }
        for f in additive {
            if !record.additive.iter().any(|a| a == f) {
                record.additive.push(f.to_string());
            }
        }
    }
}
