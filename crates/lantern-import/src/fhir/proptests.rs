//! No input makes the reader panic: arbitrary bytes, JSON-ish text, and FHIR-shaped values
//! of every resource type it maps.

use super::{FhirOptions, read_json, read_ndjson};
use proptest::prelude::*;
use serde_json::json;

fn opts(file: &str) -> FhirOptions {
    FhirOptions {
        service_id: Some(1),
        file: file.into(),
    }
}

/// JSON-ish values built from FHIR's own words, so that the mapping code, not only the JSON
/// parser, meets odd input.
fn fhirish() -> impl Strategy<Value = serde_json::Value> {
    let words = prop::sample::select(vec![
        "resourceType",
        "Patient",
        "Bundle",
        "entry",
        "resource",
        "id",
        "name",
        "given",
        "family",
        "text",
        "birthDate",
        "reference",
        "Patient/p",
        "#m",
        "urn:uuid:1",
        "fullUrl",
        "subject",
        "patient",
        "coding",
        "code",
        "display",
        "dosageInstruction",
        "timing",
        "repeat",
        "frequency",
        "period",
        "periodUnit",
        "d",
        "h",
        "timeOfDay",
        "when",
        "MORN",
        "asNeededBoolean",
        "doseAndRate",
        "doseQuantity",
        "value",
        "MedicationRequest",
        "Medication",
        "contained",
        "medicationReference",
        "Organization",
        "telecom",
        "system",
        "phone",
        "generalPractitioner",
        "AllergyIntolerance",
        "Appointment",
        "start",
        "participant",
        "actor",
        "Encounter",
        "maxDosePerPeriod",
        "numerator",
        "denominator",
        "contact",
        "RelatedPerson",
    ]);
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        (-1e6f64..1e6).prop_map(serde_json::Value::from),
        words.clone().prop_map(serde_json::Value::from),
        "[0-9:TZ.+-]{0,25}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map(words.clone().prop_map(String::from), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_json(&bytes, &opts("x.json"));
        let _ = read_ndjson(bytes.as_slice(), &opts("x.ndjson"));
    }

    #[test]
    fn json_ish_text_never_panics(s in r#"[{}\[\]":,0-9a-zA-Z \n#/.-]{0,200}"#) {
        let _ = read_json(s.as_bytes(), &opts("x.json"));
        let _ = read_ndjson(s.as_bytes(), &opts("x.ndjson"));
    }

    #[test]
    fn fhir_shaped_values_never_panic(
        rtype in prop::sample::select(vec!["Patient", "MedicationRequest", "MedicationStatement", "Bundle",
            "Organization", "AllergyIntolerance", "Appointment", "Encounter", "RelatedPerson", "Flag",
            "Condition", "CarePlan", "PractitionerRole", "Medication"]),
        body in fhirish(),
    ) {
        let mut v = match body { serde_json::Value::Object(m) => serde_json::Value::Object(m), other => json!({"x": other}) };
        v["resourceType"] = json!(rtype);
        let bytes = serde_json::to_vec(&v).unwrap();
        let _ = read_json(&bytes, &opts("x.json"));
        let wrapped = json!({"resourceType": "Bundle", "entry": [{"fullUrl": "urn:uuid:1", "resource": v}]});
        let _ = read_json(&serde_json::to_vec(&wrapped).unwrap(), &opts("x.json"));
    }
}
