//! Mapping the resources read, once all are known: Patients first (so that a RelatedPerson
//! ranks after the Patient's own contacts), then the rest in file order; then the allergies,
//! risks and plans gathered go onto the Patient's record, or a partial one.

use super::bundle::{Item, Res};
use super::out::{Out, Rec, add_unique, paragraphs};
use super::resolve::Index;
use super::{allergy, contact, medication, organisation, patient, risks, visit};
use crate::Batch;
use lantern_core::{EntityKind, InputVal};

/// Maps every resource read: Patients first (so that a RelatedPerson ranks after the
/// Patient's own contacts), then the rest in file order; then the allergies, risks and plans
/// gathered go onto the Patient's record, or a partial one.
pub fn finish(items: &[Item], mut out: Out) -> Batch {
    let idx = Index::build(items);
    for item in items {
        if let Res::Patient(p) = &item.res {
            patient::map(item, p, &idx, &mut out);
        }
    }
    for item in items {
        match &item.res {
            Res::Patient(_) | Res::Role(_) | Res::Medication(_) => {}
            Res::RelatedPerson(r) => contact::related(item, r, &idx, &mut out),
            Res::Organization(o) => organisation::map(item, o, &idx, &mut out),
            Res::Request(m) | Res::Statement(m) => medication::map(item, m, &idx, &mut out),
            Res::Allergy(a) => allergy::map(item, a, &idx, &mut out),
            Res::Flag(f) => risks::flag(item, f, &idx, &mut out),
            Res::Condition(c) => risks::condition(item, c, &idx, &mut out),
            Res::CarePlan(c) => risks::care_plan(item, c, &idx, &mut out),
            Res::Appointment(a) => visit::appointment(item, a, &idx, &mut out),
            Res::Encounter(e) => visit::encounter(item, e, &idx, &mut out),
        }
    }
    for item in items {
        if let (Res::Medication(_), Some(sid)) = (&item.res, &item.sid)
            && !out.used_meds.contains(sid)
        {
            out.unused("Medication (no MedicationRequest or MedicationStatement here uses it)");
        }
    }
    merge_extras(&mut out);
    out.batch
}

fn merge_extras(out: &mut Out) {
    let extras = std::mem::take(&mut out.extras);
    for (person, x) in extras {
        let found = out
            .batch
            .records
            .iter_mut()
            .find(|r| r.kind == EntityKind::Person && r.source_id == person);
        let record = match found {
            Some(r) => r,
            None => {
                // Not in this file: a partial update, which the store merges into the person
                // already in the register (and reports if there is none).
                let rec = Rec::new(EntityKind::Person, &person, &x.origin);
                out.batch.records.push(rec.0);
                let Some(r) = out.batch.records.last_mut() else {
                    continue;
                };
                r
            }
        };
        let mut allergies = match record.input.remove("allergies") {
            Some(InputVal::Many(v)) => v,
            _ => Vec::new(),
        };
        for a in x.allergies {
            add_unique(&mut allergies, a);
        }
        if !allergies.is_empty() {
            record.input.insert("allergies".into(), InputVal::Many(allergies));
        }
        if !x.risks.is_empty() {
            record.input.insert("key_risks".into(), InputVal::Pairs(x.risks));
        }
        if !x.plans.is_empty() {
            let text = paragraphs(&x.plans.join("\n\n"));
            record.input.insert("support_summary".into(), InputVal::One(text));
        }
    }
}
