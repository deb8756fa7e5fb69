//! AllergyIntolerance → the person's allergies: "Amoxicillin (Urticarial rash)", or a
//! "No known …" statement. Gathered onto the Patient's record (bundle.rs).

use super::bundle::Item;
use super::model::{CodeableConcept, Reference, strip_code};
use super::out::{Out, add_unique, one_line};
use super::resolve::Index;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AllergyIntolerance {
    pub clinical_status: Option<CodeableConcept>,
    pub verification_status: Option<CodeableConcept>,
    pub code: Option<CodeableConcept>,
    pub patient: Option<Reference>,
    pub reaction: Vec<Reaction>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Reaction {
    pub substance: Option<CodeableConcept>,
    pub manifestation: Vec<CodeableConcept>,
}

/// SNOMED CT "no known …" situations. Each keeps its scope: no known *drug* allergy is not
/// no known allergy (the person may still react to peanuts or latex), so it is never widened.
const NO_KNOWN: &[(&str, &str)] = &[
    ("716186003", "No known allergies"),
    ("409137002", "No known drug allergies"),
    ("429625007", "No known food allergies"),
    ("428607008", "No known environmental allergies"),
];

pub fn map(item: &Item, a: &AllergyIntolerance, idx: &Index, out: &mut Out) {
    let has = |cc: &Option<CodeableConcept>, codes: &[&str]| cc.as_ref().is_some_and(|c| c.has_code(codes));
    if has(&a.verification_status, &["entered-in-error"]) {
        return out.unused("AllergyIntolerance entered-in-error");
    }
    if has(&a.verification_status, &["refuted"]) {
        return out.unused("AllergyIntolerance refuted");
    }
    if has(&a.clinical_status, &["inactive", "resolved"]) {
        return out.unused("AllergyIntolerance inactive or resolved");
    }
    let Some(person) = idx.patient(a.patient.as_ref()) else {
        return out.error(
            &item.ctx,
            ".patient",
            "it does not say whose allergy this is (no Patient reference)",
        );
    };
    let text = describe(a);
    add_unique(&mut out.extras(&person, &item.ctx.location).allergies, text);
}

/// "Amoxicillin (Urticarial rash)", "No known drug allergies", or, when the substance is not
/// recorded, a line that still warns.
pub fn describe(a: &AllergyIntolerance) -> String {
    if let Some(nka) = a.code.as_ref().and_then(no_known) {
        return nka;
    }
    let substance = a
        .code
        .as_ref()
        .and_then(CodeableConcept::label)
        .or_else(|| a.reaction.iter().find_map(|r| r.substance.as_ref()?.label()))
        .map(|s| strip_code(&s))
        .unwrap_or_else(|| "Allergy (substance not recorded)".into());
    let mut signs: Vec<String> = Vec::new();
    for m in a.reaction.iter().flat_map(|r| &r.manifestation) {
        if let Some(l) = m.label() {
            add_unique(&mut signs, l);
        }
    }
    let text = if signs.is_empty() {
        substance
    } else {
        format!("{substance} ({})", signs.join(", "))
    };
    one_line(&text, 200)
}

fn no_known(cc: &CodeableConcept) -> Option<String> {
    if let Some((_, text)) = NO_KNOWN.iter().find(|(code, _)| cc.has_code(&[code])) {
        return Some((*text).to_string());
    }
    let label = cc.label()?;
    if !label.to_lowercase().starts_with("no known") {
        return None;
    }
    // "No known drug allergy (situation)" → "No known drug allergy".
    let cleaned = match label.rfind(" (") {
        Some(i) if label.ends_with(')') => &label[..i],
        _ => &label,
    };
    Some(one_line(cleaned, 200))
}
