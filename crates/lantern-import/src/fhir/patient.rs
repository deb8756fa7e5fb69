//! Patient → Person (and its `contact` list → Contacts, in contact.rs).

use super::bundle::Item;
use super::contact;
use super::model::{
    Address, CodeableConcept, ContactPoint, Extension, HumanName, Identifier, Reference, find_ext, telecom,
};
use super::out::{Out, Rec};
use super::resolve::{Index, PHARMACY_EXTENSIONS, Target};
use lantern_core::EntityKind;
use serde::Deserialize;

pub const NHS_NUMBER: &str = "https://fhir.nhs.uk/Id/nhs-number";

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Patient {
    pub extension: Vec<Extension>,
    pub identifier: Vec<Identifier>,
    pub name: Vec<HumanName>,
    pub birth_date: Option<String>,
    pub address: Vec<Address>,
    /// The person's own phone: the first `phone` here.
    pub telecom: Vec<ContactPoint>,
    pub contact: Vec<contact::PatientContact>,
    pub communication: Vec<Communication>,
    pub general_practitioner: Vec<Reference>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Communication {
    pub extension: Vec<Extension>,
    pub language: Option<CodeableConcept>,
    pub preferred: Option<bool>,
}

/// A FHIR `date` as a date of birth: FHIR writes YYYY, YYYY-MM or YYYY-MM-DD, and only the
/// last is a date of birth (guessing the day of a partial date would put a wrong date on
/// paper). Errors are in FHIR's words, not the CSV template's.
fn birth_date(d: &str) -> Result<String, String> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = d.split('-').collect();
    let partial = match parts.as_slice() {
        [y] => y.len() == 4 && digits(y),
        [y, m] => y.len() == 4 && m.len() == 2 && digits(y) && digits(m),
        _ => false,
    };
    if partial {
        return Err(format!("Lantern needs the full date of birth; this gives only '{d}'"));
    }
    match d.parse::<jiff::civil::Date>() {
        Ok(date) if d.len() == 10 => Ok(date.to_string()),
        _ => Err(format!("'{d}' is not a FHIR date; FHIR writes a date as YYYY-MM-DD")),
    }
}

pub fn map(item: &Item, p: &Patient, idx: &Index, out: &mut Out) {
    let Some(sid) = item.sid.as_deref() else {
        return out.error(
            &item.ctx,
            "",
            "this Patient has no id or fullUrl, so a later import could not find it again",
        );
    };
    let Some(full_name) = full_name(&p.name) else {
        if carries_nothing(p) {
            // A fragment such as UK Core's photo snippet: nothing to import, and no person
            // to lose. Counted, not an error.
            out.unused("Patient without a name or any detail Lantern uses");
        } else {
            out.error(
                &item.ctx,
                ".name",
                "this Patient has no name; Lantern needs a full name",
            );
        }
        return;
    };
    let mut rec = Rec::new(EntityKind::Person, sid, &item.ctx.location);
    rec.line("full_name", Some(full_name.clone()), 120);
    rec.line(
        "preferred_name",
        preferred_name(&p.name).filter(|n| *n != full_name),
        120,
    );
    match p.birth_date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        // Missing: the record is a partial update; the store asks for it if the person is new.
        None => {}
        Some(d) => match birth_date(d) {
            Ok(date) => {
                rec.raw("date_of_birth", Some(date))
                    .from("date_of_birth", &item.ctx, ".birthDate");
            }
            Err(reason) => return out.error(&item.ctx, ".birthDate", reason),
        },
    };
    let nhs = p
        .identifier
        .iter()
        .enumerate()
        .find(|(_, i)| i.system.as_deref().map(str::trim) == Some(NHS_NUMBER))
        .and_then(|(n, i)| Some((n, i.value.clone()?)));
    // Passed on as given: Lantern checks the modulus-11 digit and reports a bad number.
    if let Some((n, number)) = nhs {
        rec.raw("nhs_number", Some(number))
            .from("nhs_number", &item.ctx, &format!(".identifier[{n}].value"));
    }
    rec.from("full_name", &item.ctx, ".name");
    rec.long("address", Address::pick(&p.address).and_then(Address::lines));
    rec.raw("phone", telecom(&p.telecom, "phone"))
        .from("phone", &item.ctx, ".telecom");
    rec.long("communication", communication(p));
    rec.raw("service_id", out.service_id());
    rec.default("risk_tier", "medium");
    rec.from("gp_id", &item.ctx, ".generalPractitioner");
    for r in &p.general_practitioner {
        match idx.practice(r) {
            Target::Practice(org) => {
                rec.reference("gp_id", org);
                break;
            }
            // A named doctor is not a practice: nothing to link.
            Target::Practitioner => {}
            Target::Unknown(why) => out.unused(format!("Patient.generalPractitioner ({why})")),
        }
    }
    for name in PHARMACY_EXTENSIONS {
        if let Some(r) = find_ext(&p.extension, name).and_then(|e| e.value_reference.as_ref()) {
            match idx.practice(r) {
                Target::Practice(org) => {
                    rec.reference("pharmacy_id", org);
                    break;
                }
                Target::Practitioner => {}
                Target::Unknown(why) => out.unused(format!("Patient nominated pharmacy ({why})")),
            }
        }
    }
    rec.done(out);
    contact::from_patient(item, sid, &p.contact, out);
}

fn carries_nothing(p: &Patient) -> bool {
    p.birth_date.is_none()
        && p.identifier.is_empty()
        && p.address.is_empty()
        && p.telecom.is_empty()
        && p.contact.is_empty()
        && p.communication.is_empty()
        && p.general_practitioner.is_empty()
}

/// The official name, else a usual one, else any that is not old or maiden.
pub fn full_name(names: &[HumanName]) -> Option<String> {
    let pick = |uses: &[&str]| names.iter().filter(|n| n.is(uses)).find_map(HumanName::full);
    pick(&["official"]).or_else(|| pick(&["usual"])).or_else(|| {
        names
            .iter()
            .filter(|n| !n.is(&["old", "maiden"]))
            .find_map(HumanName::full)
    })
}

/// A usual name or nickname: what the person likes to be called. The first given name of an
/// official name is not assumed to be one.
fn preferred_name(names: &[HumanName]) -> Option<String> {
    let n = names
        .iter()
        .find(|n| n.is(&["nickname"]))
        .or_else(|| names.iter().find(|n| n.is(&["usual"])))?;
    let given: Vec<&str> = n.given.iter().map(|g| g.trim()).filter(|g| !g.is_empty()).collect();
    if given.is_empty() {
        n.full()
    } else {
        Some(given.join(" "))
    }
}

/// "Language: English (excellent); Language: French (poor, expressed spoken); interpreter
/// needed; preferred written format: Large print".
fn communication(p: &Patient) -> Option<String> {
    let mut parts = Vec::new();
    for c in &p.communication {
        let Some(lang) = &c.language else { continue };
        let mut names: Vec<String> = Vec::new();
        for n in lang.coding.iter().filter_map(|c| c.display.clone().or(c.code.clone())) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        let name = lang.text.clone().unwrap_or_else(|| names.join(" / "));
        if name.trim().is_empty() {
            continue;
        }
        let label = if c.preferred == Some(true) {
            "Preferred language"
        } else {
            "Language"
        };
        let ability: Vec<String> = find_ext(&c.extension, "patient-proficiency")
            .map(|e| {
                e.extension
                    .iter()
                    .filter_map(Extension::value_label)
                    .map(|s| s.to_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        if ability.is_empty() {
            parts.push(format!("{label}: {}", name.trim()));
        } else {
            parts.push(format!("{label}: {} ({})", name.trim(), ability.join(", ")));
        }
    }
    let interpreter = ["patient-interpreterRequired", "Extension-UKCore-InterpreterRequired"]
        .iter()
        .find_map(|n| find_ext(&p.extension, n))
        .and_then(|e| e.value_boolean);
    if interpreter == Some(true) {
        parts.push("interpreter needed".into());
    }
    let written = find_ext(&p.extension, "Extension-UKCore-ContactPreference")
        .and_then(|e| find_ext(&e.extension, "PreferredWrittenCommunicationFormat"))
        .and_then(Extension::value_label);
    if let Some(w) = written {
        parts.push(format!("preferred written format: {w}"));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
