//! Emergency contacts: a Patient's `contact` list and RelatedPerson resources → Contact.
//!
//! Lantern's contacts are people to ring, so one without a phone number is not imported; it
//! is counted among the unused resources instead of stopping the import (UK Core's own
//! RelatedPerson example has no phone).

use super::bundle::Item;
use super::model::{CodeableConcept, ContactPoint, Extension, HumanName, Reference, find_ext};
use super::out::{Out, Rec};
use super::patient::full_name;
use super::resolve::Index;
use lantern_core::EntityKind;
use serde::Deserialize;

/// Ranks Lantern accepts.
const MAX_RANK: usize = 20;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PatientContact {
    pub extension: Vec<Extension>,
    pub relationship: Vec<CodeableConcept>,
    pub name: Option<HumanName>,
    pub telecom: Vec<ContactPoint>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RelatedPerson {
    pub active: Option<bool>,
    pub patient: Option<Reference>,
    pub relationship: Vec<CodeableConcept>,
    pub name: Vec<HumanName>,
    pub telecom: Vec<ContactPoint>,
}

/// A Patient's contact that becomes a Contact: one with a name and a phone number.
pub fn usable(c: &PatientContact) -> bool {
    c.name.as_ref().and_then(HumanName::full).is_some() && !values(&c.telecom, "phone").is_empty()
}

/// The Patient's own contacts, "Patient/x#contact-1" onwards, ranked by UK Core's ContactRank
/// extension when given, else in their order.
pub fn from_patient(item: &Item, person: &str, contacts: &[PatientContact], out: &mut Out) {
    for (i, c) in contacts.iter().enumerate() {
        let n = i + 1;
        let Some(name) = c.name.as_ref().and_then(HumanName::full) else {
            out.unused("Patient.contact without a name");
            continue;
        };
        let phones = values(&c.telecom, "phone");
        if phones.is_empty() {
            out.unused("Patient.contact without a phone number");
            continue;
        }
        let rank = find_ext(&c.extension, "Extension-UKCore-ContactRank")
            .and_then(|e| e.value_positive_int)
            .and_then(|r| usize::try_from(r).ok())
            .filter(|r| (1..=MAX_RANK).contains(r))
            .unwrap_or(n.min(MAX_RANK));
        let source_id = format!("{person}#contact-{n}");
        let mut rec = Rec::new(EntityKind::Contact, &source_id, &item.ctx.location);
        fill(&mut rec, person, rank, name, &c.relationship, &c.telecom, phones);
        let at = format!(".contact[{i}]");
        rec.from("name", &item.ctx, &format!("{at}.name"))
            .from("phone", &item.ctx, &format!("{at}.telecom"))
            .from("alt_phone", &item.ctx, &format!("{at}.telecom"))
            .from("email", &item.ctx, &format!("{at}.telecom"));
        rec.done(out);
    }
}

/// A RelatedPerson, ranked after the Patient's own contacts and earlier RelatedPersons.
pub fn related(item: &Item, r: &RelatedPerson, idx: &Index, out: &mut Out) {
    let Some(sid) = item.sid.as_deref() else {
        return out.error(&item.ctx, "", "this RelatedPerson has no id or fullUrl");
    };
    let Some(person) = idx.patient(r.patient.as_ref()) else {
        return out.error(
            &item.ctx,
            ".patient",
            "this RelatedPerson does not say whose contact they are (no Patient reference)",
        );
    };
    if r.active == Some(false) {
        return out.unused("RelatedPerson (inactive)");
    }
    let Some(name) = full_name(&r.name) else {
        return out.error(&item.ctx, ".name", "this RelatedPerson has no name");
    };
    let phones = values(&r.telecom, "phone");
    if phones.is_empty() {
        return out.unused("RelatedPerson without a phone number");
    }
    let count = out.related.entry(person.clone()).or_default();
    *count += 1;
    let rank = (idx.own_contacts(&person) + *count).min(MAX_RANK);
    let mut rec = Rec::new(EntityKind::Contact, sid, &item.ctx.location);
    fill(&mut rec, &person, rank, name, &r.relationship, &r.telecom, phones);
    rec.from("person_id", &item.ctx, ".patient")
        .from("name", &item.ctx, ".name")
        .from("phone", &item.ctx, ".telecom")
        .from("alt_phone", &item.ctx, ".telecom")
        .from("email", &item.ctx, ".telecom");
    rec.done(out);
}

fn fill(
    rec: &mut Rec,
    person: &str,
    rank: usize,
    name: String,
    relationship: &[CodeableConcept],
    telecom: &[ContactPoint],
    phones: Vec<String>,
) {
    let relationship = relationship
        .iter()
        .find_map(CodeableConcept::label)
        .map(|r| capitalise(&r))
        .unwrap_or_else(|| "Contact".into());
    let mut phones = phones.into_iter();
    rec.reference("person_id", person.to_string())
        .raw("rank", Some(rank.to_string()))
        .line("name", Some(name), 120)
        .line("relationship", Some(relationship), 200)
        .raw("phone", phones.next())
        .raw("alt_phone", phones.next())
        .raw("email", values(telecom, "email").into_iter().next());
}

/// Every distinct value of one telecom system, in order.
fn values(telecom: &[ContactPoint], system: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in telecom
        .iter()
        .filter(|c| c.system.as_deref() == Some(system))
        .filter_map(|c| c.value.as_deref().map(str::trim))
        .filter(|v| !v.is_empty())
    {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut chars = s.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
