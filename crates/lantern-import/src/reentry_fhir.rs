//! Reconciled paper dose records as a FHIR R4 collection Bundle of MedicationAdministration,
//! for care systems that take FHIR in (PRODUCT.md, "Reconciliation": "FHIR
//! MedicationAdministration"). Same style as fhir_out: plain `serde_json` values.

use crate::reentry_csv::outcome_label;
use lantern_core::disruption::report::ReentryDose;
use lantern_core::reconcile::DoseOutcome;
use serde_json::{Value, json};

/// Lantern's own naming systems. These are names, not addresses (`.invalid` can never be a
/// real host); they must never change, because a receiving system recognises a record it has
/// already taken by `identifier.system` + `identifier.value`.
pub const DOSE_RECORD_SYSTEM: &str = "https://lantern.invalid/fhir/Id/dose-record";
pub const PERSON_SYSTEM: &str = "https://lantern.invalid/fhir/Id/person";
pub const DISRUPTION_SYSTEM: &str = "https://lantern.invalid/fhir/Id/disruption";
pub const DISRUPTION_EXTENSION: &str = "https://lantern.invalid/fhir/StructureDefinition/disruption";
pub const ORIGIN_TAG_SYSTEM: &str = "https://lantern.invalid/fhir/CodeSystem/record-origin";
const NHS_NUMBER: &str = "https://fhir.nhs.uk/Id/nhs-number";
const SNOMED: &str = "http://snomed.info/sct";

/// SNOMED CT reasons only where the concept is exactly what the paper code means. Both are in
/// R4's example value set for MedicationAdministration.statusReason ("SNOMED CT reason
/// medication not given codes"). Omitted, away and other have no concept that fits as
/// closely, so they carry text only rather than a code that would say something else.
fn snomed_reason(outcome: DoseOutcome) -> Option<(&'static str, &'static str)> {
    match outcome {
        DoseOutcome::Refused => Some(("182895007", "Drug declined by patient")),
        DoseOutcome::NotAvailable => Some(("242990004", "Drug not available for administration")),
        _ => None,
    }
}

fn administration(d: &ReentryDose, organisation: &str) -> Value {
    let outcome = DoseOutcome::parse(&d.outcome).ok();
    // A code Lantern does not know is "unknown" in FHIR rather than a guess either way.
    let status = match outcome {
        Some(DoseOutcome::Given) => "completed",
        Some(_) => "not-done",
        None => "unknown",
    };
    let mut subject = json!({"display": d.person});
    subject["identifier"] = if d.nhs_number.trim().is_empty() {
        json!({"system": PERSON_SYSTEM, "value": d.person_id.to_string(), "assigner": {"display": organisation}})
    } else {
        json!({"system": NHS_NUMBER, "value": d.nhs_number.trim()})
    };
    let mut ma = json!({
        "resourceType": "MedicationAdministration",
        "id": format!("lantern-dose-{}", d.record_id),
        "meta": {"tag": [{
            "system": ORIGIN_TAG_SYSTEM,
            "code": "paper-back-entry",
            "display": "Back-entered from paper records kept during a disruption",
        }]},
        "extension": [{
            "url": DISRUPTION_EXTENSION,
            "valueIdentifier": {"system": DISRUPTION_SYSTEM, "value": d.disruption_id.to_string()},
        }],
        "identifier": [{
            "system": DOSE_RECORD_SYSTEM,
            "value": d.record_id.to_string(),
            "assigner": {"display": organisation},
        }],
        "status": status,
        "medicationCodeableConcept": {"text": d.medicine},
        "subject": subject,
    });
    if let Some(o) = outcome.filter(|o| *o != DoseOutcome::Given) {
        let mut reason = json!({"text": outcome_label(o.as_str())});
        if let Some((code, display)) = snomed_reason(o) {
            reason["coding"] = json!([{"system": SNOMED, "code": code, "display": display}]);
        }
        ma["statusReason"] = json!([reason]);
    }
    // effective[x] is required: the time written, else the MAR row's time; a PRN entry with no
    // time written is only known to be before it was typed in.
    if let Some(t) = rfc3339(&d.given_at).or_else(|| rfc3339(&d.due_at)) {
        ma["effectiveDateTime"] = json!(t);
    } else if let Some(t) = rfc3339(&d.entered_at) {
        ma["effectivePeriod"] = json!({"end": t});
    }
    // The initials are whoever gave (or offered) the dose; who typed it in goes in the note.
    if !d.initials.trim().is_empty() {
        ma["performer"] = json!([{"actor": {"display": d.initials.trim()}}]);
    }
    let mut notes = Vec::new();
    if !d.note.trim().is_empty() {
        notes.push(json!({"text": d.note}));
    }
    notes.push(json!({"text": provenance(d)}));
    ma["note"] = json!(notes);
    let mut dosage = serde_json::Map::new();
    if !d.dose.trim().is_empty() {
        dosage.insert("text".into(), json!(d.dose));
    }
    if !d.route.trim().is_empty() {
        dosage.insert("route".into(), json!({"text": d.route}));
    }
    if !dosage.is_empty() {
        ma["dosage"] = Value::Object(dosage);
    }
    ma
}

/// A sentence for systems that show notes but not tags or extensions.
fn provenance(d: &ReentryDose) -> String {
    let mut s = format!(
        "Back-entered from paper records kept during Lantern disruption {}",
        d.disruption_id
    );
    if !d.entered_by.trim().is_empty() {
        s.push_str(&format!(", entered by {}", d.entered_by.trim()));
    }
    if let Some(t) = rfc3339(&d.entered_at) {
        s.push_str(&format!(" at {t}"));
    }
    s.push('.');
    s
}

/// A time as FHIR dateTime (RFC 3339 UTC), or `None` when empty or not a time.
fn rfc3339(text: &str) -> Option<String> {
    text.trim().parse::<jiff::Timestamp>().ok().map(|t| t.to_string())
}

/// One MedicationAdministration per dose record, in the order given, in a `collection` Bundle.
/// `organisation` names who assigned Lantern's identifiers (their record ids are unique only
/// within one organisation's Lantern).
///
/// Outcome → `status`: `given` → `completed`; `refused`, `omitted`, `not_available`, `away`,
/// `other` → `not-done` with `statusReason` text, and a SNOMED CT code for refused and not
/// available; anything else → `unknown`. Every resource is tagged `paper-back-entry` and
/// names its disruption in an extension and a note.
pub fn reentry_fhir(doses: &[ReentryDose], organisation: &str) -> Value {
    let entries: Vec<Value> = doses
        .iter()
        .map(|d| {
            json!({
                "fullUrl": format!("MedicationAdministration/lantern-dose-{}", d.record_id),
                "resource": administration(d, organisation),
            })
        })
        .collect();
    json!({"resourceType": "Bundle", "type": "collection", "entry": entries})
}
