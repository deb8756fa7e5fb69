//! A dosage route (SNOMED CT, as dm+d and UK Core use) → Lantern's route choices.

use super::model::CodeableConcept;

/// SNOMED CT route codes. Intravenous is not on a care worker's paper MAR: "other".
const CODES: &[(&str, &str)] = &[
    ("26643006", "oral"),
    ("34206005", "subcutaneous"),
    ("78421000", "intramuscular"),
    ("47625008", "other"),
    ("54485002", "eye"),
    ("6064005", "topical"),
    ("18679011000001101", "inhaled"),
    ("447694001", "inhaled"),
    ("37161004", "rectal"),
    ("46713006", "nasal"),
    ("10547007", "ear"),
    ("37839007", "sublingual"),
    ("54471007", "buccal"),
    ("45890007", "transdermal"),
    ("127490009", "peg"),
    ("127492001", "peg"),
];

/// Words in a route's name, matched at the start of a word, most specific first
/// ("subcutaneous" before "cutaneous", "nasogastric" before "nasal").
const WORDS: &[(&str, &str)] = &[
    ("transdermal", "transdermal"),
    ("subcutaneous", "subcutaneous"),
    ("sublingual", "sublingual"),
    ("buccal", "buccal"),
    ("intramuscular", "intramuscular"),
    ("intravenous", "other"),
    ("inhal", "inhaled"),
    ("respiratory", "inhaled"),
    ("rectal", "rectal"),
    ("gastrostomy", "peg"),
    ("jejunostomy", "peg"),
    ("nasogastric", "peg"),
    ("enteral", "peg"),
    ("peg", "peg"),
    ("nasal", "nasal"),
    ("intranasal", "nasal"),
    ("ocular", "eye"),
    ("ophthalmic", "eye"),
    ("eye", "eye"),
    ("otic", "ear"),
    ("auricular", "ear"),
    ("ear", "ear"),
    ("topical", "topical"),
    ("cutaneous", "topical"),
    ("skin", "topical"),
    ("oral", "oral"),
    ("mouth", "oral"),
];

/// The route when one is given: by code, else by its name, else "other".
pub fn route(cc: &CodeableConcept) -> Option<&'static str> {
    if cc.coding.is_empty() && cc.text.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return None;
    }
    if let Some((_, r)) = cc.codes().find_map(|c| CODES.iter().find(|(code, _)| *code == c)) {
        return Some(r);
    }
    let names: Vec<String> = cc
        .text
        .iter()
        .chain(cc.coding.iter().filter_map(|c| c.display.as_ref()))
        .map(|s| s.to_lowercase())
        .collect();
    for (word, r) in WORDS {
        let found = names
            .iter()
            .any(|n| n.split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(word)));
        if found {
            return Some(r);
        }
    }
    Some("other")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fhir::model::Coding;

    fn cc(code: &str, display: &str) -> CodeableConcept {
        CodeableConcept {
            coding: vec![Coding {
                system: Some("http://snomed.info/sct".into()),
                code: Some(code.into()),
                display: Some(display.into()),
            }],
            text: None,
        }
    }

    #[test]
    fn routes_by_code_then_name() {
        assert_eq!(route(&cc("26643006", "Oral")), Some("oral"));
        assert_eq!(route(&cc("47625008", "Intravenous")), Some("other"));
        assert_eq!(route(&cc("1", "Subcutaneous route")), Some("subcutaneous"));
        assert_eq!(route(&cc("1", "Cutaneous route")), Some("topical"));
        assert_eq!(route(&cc("1", "Nasogastric route")), Some("peg"));
        assert_eq!(route(&cc("58831000052108", "Subretinal route")), Some("other"));
        assert_eq!(route(&CodeableConcept::default()), None);
    }
}
