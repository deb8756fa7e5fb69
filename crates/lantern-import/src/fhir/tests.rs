//! The reader on hand-written input: errors and where they are, references, schedules, and
//! that no input makes it panic.

use super::{FhirOptions, read_json, read_ndjson};
use crate::{Batch, Incoming};
use lantern_core::{EntityKind, InputVal};
use serde_json::json;

fn opts(file: &str) -> FhirOptions {
    FhirOptions {
        service_id: None,
        file: file.into(),
    }
}

fn read(v: serde_json::Value) -> Batch {
    read_json(&serde_json::to_vec(&v).unwrap(), &opts("bundle.json"))
}

fn text(r: &Incoming, field: &str) -> String {
    match r.input.get(field) {
        Some(InputVal::One(s)) => s.clone(),
        Some(InputVal::Many(v)) => v.join(", "),
        Some(InputVal::Pairs(v)) => v
            .iter()
            .map(|(a, b)| format!("{a}: {b}"))
            .collect::<Vec<_>>()
            .join("; "),
        None => String::new(),
    }
}

fn patient(id: &str) -> serde_json::Value {
    json!({"resourceType": "Patient", "id": id, "name": [{"given": ["Ann"], "family": "Lee"}], "birthDate": "1940-01-02"})
}

fn medicine(dosage: serde_json::Value) -> Incoming {
    let b = read(
        json!({"resourceType": "MedicationRequest", "id": "m", "status": "active",
        "medicationCodeableConcept": {"text": "Paracetamol 500mg tablets"},
        "subject": {"reference": "Patient/p"}, "dosageInstruction": [dosage]}),
    );
    assert!(b.errors.is_empty(), "{:?}", b.errors);
    b.records.into_iter().next().unwrap()
}

#[test]
fn malformed_json_is_one_error_with_line_and_column() {
    let b = read_json(
        b"{\n  \"resourceType\": \"Patient\",\n  \"id\": }",
        &opts("bundle.json"),
    );
    assert_eq!(b.errors.len(), 1);
    let e = &b.errors[0];
    assert_eq!(e.location, "bundle.json");
    assert!(e.reason.contains("line 3, column 9"), "{}", e.reason);
    assert!(b.records.is_empty());
}

#[test]
fn a_bad_ndjson_line_is_reported_and_the_others_still_read() {
    let lines = format!(
        "{}\n\n{{\"resourceType\": \"Patient\", \"id\": \n{}\n",
        patient("a"),
        patient("b")
    );
    let b = read_ndjson(lines.as_bytes(), &opts("data.ndjson"));
    assert_eq!(b.errors.len(), 1, "{:?}", b.errors);
    assert_eq!(b.errors[0].location, "data.ndjson line 3");
    assert!(b.errors[0].reason.contains("column"), "{}", b.errors[0].reason);
    let ids: Vec<&str> = b.records.iter().map(|r| r.source_id.as_str()).collect();
    assert_eq!(ids, ["Patient/a", "Patient/b"]);
    assert_eq!(b.records[1].origin, "data.ndjson line 4 Patient/b");
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_with_its_json_path() {
    let b = read(json!({"resourceType": "Patient", "id": "x", "name": [{"text": "A"}], "birthDate": 5}));
    assert_eq!(b.errors.len(), 1);
    assert_eq!(b.errors[0].field.as_deref(), Some("Patient.birthDate"));
    assert_eq!(b.errors[0].location, "bundle.json Patient/x");
    let mut bad = patient("y");
    bad["identifier"] = json!([{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": 9434765919u64}]);
    let b = read(json!({"resourceType": "Bundle", "type": "collection",
        "entry": [{"resource": patient("x")}, {"resource": bad}]}));
    assert_eq!(b.errors.len(), 1);
    assert_eq!(
        b.errors[0].field.as_deref(),
        Some("Patient.identifier[0].value (at $.entry[1].resource.identifier[0].value)")
    );
    assert_eq!(b.records.len(), 1, "the rest of the bundle still reads");
}

#[test]
fn unusable_resources_are_errors() {
    let b = read(json!({"resourceType": "Patient", "id": "x", "birthDate": "1950-01-01"}));
    assert_eq!(b.errors[0].field.as_deref(), Some("Patient.name"));
    let b = read(json!({"resourceType": "Patient", "id": "x", "name": [{"text": "A B"}], "birthDate": "1950"}));
    assert_eq!(b.errors[0].field.as_deref(), Some("Patient.birthDate"));
    let b = read(json!({"resourceType": "MedicationRequest", "id": "m", "medicationCodeableConcept": {"text": "X"}}));
    assert_eq!(b.errors[0].field.as_deref(), Some("MedicationRequest.subject"));
    let b = read(json!({"id": "x"}));
    assert!(b.errors[0].reason.contains("resourceType"));
}

#[test]
fn a_bad_birth_date_is_named_as_fhir_names_it() {
    for bad in ["not-a-date", "12/03/1950", "1950-02-30", "1950-2-3"] {
        let b = read(json!({"resourceType": "Patient", "id": "x", "name": [{"text": "A B"}], "birthDate": bad}));
        assert_eq!(b.errors.len(), 1, "{bad}: {:?}", b.errors);
        let e = &b.errors[0];
        assert_eq!(e.field.as_deref(), Some("Patient.birthDate"), "{bad}");
        assert!(e.reason.contains("YYYY-MM-DD"), "{bad}: {}", e.reason);
        assert!(
            !e.reason.contains("DD/MM/YYYY"),
            "{bad}: the CSV template's format: {}",
            e.reason
        );
        assert!(b.records.is_empty());
    }
    let b = read(json!({"resourceType": "Bundle", "entry": [{"resource": patient("x")},
        {"resource": {"resourceType": "Patient", "id": "y", "name": [{"text": "A B"}], "birthDate": "soon"}}]}));
    assert_eq!(
        b.errors[0].field.as_deref(),
        Some("Patient.birthDate (at $.entry[1].resource.birthDate)")
    );
    // A good one is passed on, and the store would report a problem with it as FHIR's element.
    let b = read(
        json!({"resourceType": "Patient", "id": "x", "name": [{"text": "A B"}], "birthDate": "1950-03-12",
        "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "123"}]}),
    );
    assert!(b.errors.is_empty(), "{:?}", b.errors);
    assert_eq!(text(&b.records[0], "date_of_birth"), "1950-03-12");
    assert_eq!(b.records[0].element_of("nhs_number"), "Patient.identifier[0].value");
    assert_eq!(b.records[0].element_of("date_of_birth"), "Patient.birthDate");
}

#[test]
fn urn_references_resolve_to_the_entry_ids() {
    let b = read(json!({"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": patient("abc")},
        {"fullUrl": "urn:uuid:r1", "resource": {"resourceType": "RelatedPerson", "id": "rp",
            "patient": {"reference": "urn:uuid:p1"}, "name": [{"text": "Bob Lee"}],
            "relationship": [{"text": "son"}], "telecom": [{"system": "phone", "value": "07700 900123"}]}},
        {"fullUrl": "urn:uuid:a1", "resource": {"resourceType": "AllergyIntolerance",
            "code": {"text": "Penicillin"}, "patient": {"reference": "urn:uuid:p1"}}},
        {"fullUrl": "urn:uuid:v1", "resource": {"resourceType": "Encounter", "class": {"code": "HH"},
            "subject": {"reference": "urn:uuid:p1"},
            "period": {"start": "2024-07-01T07:30:00Z", "end": "2024-07-01T08:15:00Z"},
            "type": [{"text": "Medicines"}]}}
    ]}));
    assert!(b.errors.is_empty(), "{:?}", b.errors);
    let person = &b.records[0];
    assert_eq!(person.source_id, "Patient/abc");
    assert_eq!(text(person, "allergies"), "Penicillin");
    let contact = &b.records[1];
    assert_eq!(contact.refs, vec![("person_id", vec!["Patient/abc".to_string()])]);
    assert_eq!(
        (text(contact, "relationship").as_str(), text(contact, "rank").as_str()),
        ("Son", "1")
    );
    // An entry without an id keeps its fullUrl as its source id; times are London's (BST).
    let visit = &b.records[2];
    assert_eq!(visit.source_id, "urn:uuid:v1");
    assert_eq!(visit.kind, EntityKind::Visit);
    assert_eq!(
        (text(visit, "date").as_str(), text(visit, "start").as_str()),
        ("2024-07-01", "08:30")
    );
    assert_eq!(text(visit, "duration_minutes"), "45");
}

#[test]
fn gp_through_a_practitioner_role_and_organisations_without_phones() {
    let mut p = patient("p");
    p["generalPractitioner"] = json!([{"reference": "PractitionerRole/r"}]);
    let role = json!({"resourceType": "PractitionerRole", "id": "r", "organization": {"reference": "Organization/o"}});
    let org = json!({"resourceType": "Organization", "id": "o", "name": "Acme Group"});
    let b = read(json!({"resourceType": "Bundle", "entry": [{"resource": p}, {"resource": role}, {"resource": org}]}));
    assert_eq!(b.records[0].refs, vec![("gp_id", vec!["Organization/o".to_string()])]);
    assert_eq!(b.errors.len(), 1, "a GP nobody can ring is an error");
    assert_eq!(
        b.errors[0].field.as_deref(),
        Some("Organization.telecom (at $.entry[2].resource.telecom)")
    );
    let b = read(json!({"resourceType": "Organization", "id": "o", "name": "Acme Group"}));
    assert!(b.errors.is_empty() && b.records.is_empty());
    assert_eq!(b.unused.get("Organization without phone"), Some(&1));
    let b = read(
        json!({"resourceType": "Organization", "id": "o", "name": "High Street Chemist",
        "telecom": [{"system": "phone", "value": "0113 496 0000"}]}),
    );
    assert_eq!(text(&b.records[0], "practice_type"), "pharmacy");
}

#[test]
fn communication_needs() {
    let mut p = patient("p");
    p["communication"] = json!([{"language": {"coding": [{"code": "cy", "display": "Welsh"}]}, "preferred": true}]);
    p["extension"] =
        json!([{"url": "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired", "valueBoolean": true}]);
    p["name"] = json!([{"use": "official", "given": ["Margaret", "Ann"], "family": "Lee", "prefix": ["Mrs"]},
        {"use": "nickname", "given": ["Peggy"]}]);
    let b = read(p);
    let r = &b.records[0];
    assert_eq!(
        text(r, "communication"),
        "Preferred language: Welsh; interpreter needed"
    );
    assert_eq!(text(r, "full_name"), "Margaret Ann Lee");
    assert_eq!(text(r, "preferred_name"), "Peggy");
}

#[test]
fn dose_times_from_time_of_day_and_when() {
    let m = medicine(json!({"timing": {"repeat": {"timeOfDay": ["08:00:00", "20:00:00"]}},
        "doseAndRate": [{"doseQuantity": {"value": 2, "unit": "tablet"}}], "route": {"text": "By mouth"}}));
    assert_eq!(
        (text(&m, "times").as_str(), text(&m, "dose").as_str()),
        ("08:00, 20:00", "2 tablet")
    );
    assert_eq!(text(&m, "route"), "oral");
    let m = medicine(
        json!({"timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d", "when": ["MORN", "HS"]}}}),
    );
    assert_eq!(text(&m, "times"), "08:00, 22:00");
    assert_eq!(m.defaults.get("route"), Some(&InputVal::One("other".into())));
    let m = medicine(json!({"timing": {"code": {"coding": [{"code": "BID"}]}}}));
    assert_eq!(text(&m, "interval_hours"), "12");
}

#[test]
fn several_dosage_instructions() {
    let b = read(
        json!({"resourceType": "MedicationRequest", "id": "m", "subject": {"reference": "Patient/p"},
        "medicationCodeableConcept": {"text": "Sinemet"}, "dosageInstruction": [
            {"text": "1 tablet morning", "timing": {"repeat": {"when": ["MORN"]}}, "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "tablet"}}]},
            {"text": "1 tablet night", "timing": {"repeat": {"when": ["NIGHT"]}}, "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "tablet"}}]}]}),
    );
    assert_eq!(text(&b.records[0], "times"), "08:00, 22:00");
    assert_eq!(text(&b.records[0], "dose"), "1 tablet");
    let b = read(
        json!({"resourceType": "MedicationRequest", "id": "m", "subject": {"reference": "Patient/p"},
        "medicationCodeableConcept": {"text": "Sinemet"}, "dosageInstruction": [
            {"text": "1 tablet morning", "timing": {"repeat": {"when": ["MORN"]}}, "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "tablet"}}]},
            {"text": "2 tablets night", "timing": {"repeat": {"when": ["NIGHT"]}}, "doseAndRate": [{"doseQuantity": {"value": 2, "unit": "tablet"}}]}]}),
    );
    let m = &b.records[0];
    assert_eq!((text(m, "prn").as_str(), text(m, "times").as_str()), ("true", ""));
    assert_eq!(
        text(m, "prn_indication"),
        "as directed: 1 tablet morning; 2 tablets night"
    );
    assert_eq!(text(m, "dose"), "1 tablet; 2 tablet");
}

#[test]
fn a_weekly_medicine_is_never_given_daily_times() {
    let m = medicine(json!({"text": "Once a week on Monday morning",
        "timing": {"repeat": {"dayOfWeek": ["mon"], "when": ["MORN"]}}}));
    assert_eq!(text(&m, "times"), "");
    assert_eq!(text(&m, "prn"), "true");
    assert_eq!(text(&m, "prn_indication"), "as directed: Once a week on Monday morning");
    let m = medicine(json!({"timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "wk"}}}));
    assert_eq!(text(&m, "interval_hours"), "168");
}

#[test]
fn prn_limits_from_the_record_or_conservative_defaults() {
    let m = medicine(json!({"asNeededCodeableConcept": {"text": "pain"},
        "timing": {"repeat": {"frequency": 1, "period": 4, "periodUnit": "h"}},
        "doseAndRate": [{"doseQuantity": {"value": 2, "unit": "tablet", "code": "{tbl}"}}],
        "maxDosePerPeriod": {"numerator": {"value": 8, "unit": "tablet", "code": "{tbl}"},
                             "denominator": {"value": 24, "unit": "hour", "code": "h"}}}));
    assert_eq!(text(&m, "prn_indication"), "pain");
    assert_eq!(text(&m, "prn_min_interval_minutes"), "240");
    assert_eq!(text(&m, "prn_max_doses_24h"), "4");
    let m = medicine(json!({"asNeededBoolean": true}));
    assert_eq!(text(&m, "prn_indication"), "as needed");
    assert_eq!(
        (
            text(&m, "prn_min_interval_minutes").as_str(),
            text(&m, "prn_max_doses_24h").as_str()
        ),
        ("240", "4")
    );
    assert!(text(&m, "instructions").contains("manager must review"));
}

#[test]
fn contained_medication_supplies_name_and_strength() {
    let b = read(
        json!({"resourceType": "MedicationStatement", "id": "s", "status": "active",
        "contained": [{"resourceType": "Medication", "id": "med1", "code": {"text": "Levodopa"},
            "form": {"text": "tablet"},
            "ingredient": [{"strength": {"numerator": {"value": 100, "unit": "mg"}, "denominator": {"value": 1, "unit": "tablet"}}}]}],
        "medicationReference": {"reference": "#med1"}, "subject": {"reference": "Patient/p"},
        "dosage": [{"timing": {"repeat": {"timeOfDay": ["07:00:00"]}}}]}),
    );
    assert!(b.errors.is_empty(), "{:?}", b.errors);
    assert_eq!(text(&b.records[0], "name"), "Levodopa (tablet)");
    assert_eq!(text(&b.records[0], "strength"), "100 mg");
    let b = read(
        json!({"resourceType": "MedicationStatement", "id": "s", "subject": {"reference": "Patient/p"},
        "medicationReference": {"reference": "#nope"}}),
    );
    assert_eq!(
        b.errors[0].field.as_deref(),
        Some("MedicationStatement.medicationReference")
    );
}

#[test]
fn skipped_statuses_are_counted() {
    let b = read(json!({"resourceType": "Bundle", "entry": [
        {"resource": {"resourceType": "MedicationRequest", "id": "a", "status": "entered-in-error"}},
        {"resource": {"resourceType": "Appointment", "id": "b", "status": "cancelled"}},
        {"resource": {"resourceType": "Condition", "id": "c", "subject": {"reference": "Patient/p"},
            "code": {"text": "Falls"}, "clinicalStatus": {"coding": [{"code": "resolved"}]}}},
        {"resource": {"resourceType": "Observation", "id": "d"}}
    ]}));
    assert!(b.errors.is_empty() && b.records.is_empty(), "{b:?}");
    assert_eq!(b.unused.values().sum::<usize>(), 4, "{:?}", b.unused);
}

#[test]
fn chunks_carry_later_parts_of_a_person_as_additive_parts() {
    let allergy = |id: &str, what: &str| json!({"resourceType": "AllergyIntolerance", "id": id, "patient": {"reference": "Patient/p"}, "code": {"text": what}});
    let lines = [
        patient("p"),
        json!({"resourceType": "MedicationRequest", "id": "m", "status": "active", "subject": {"reference": "Patient/p"},
               "medicationReference": {"reference": "Medication/later"}, "dosageInstruction": [{"text": "1 tablet"}]}),
        allergy("a1", "Penicillin"),
        allergy("a2", "Latex"),
        json!({"resourceType": "Medication", "id": "later", "code": {"text": "Named later"}}),
    ]
    .iter()
    .map(|v| v.to_string() + "\n")
    .collect::<String>();
    let mut reader = super::Reader::new(None).chunk_size(2);
    reader.index_ndjson(lines.as_bytes());
    let mut chunks: Vec<Vec<Incoming>> = Vec::new();
    reader.map_ndjson("d.ndjson", lines.as_bytes(), &mut |c| chunks.push(c));
    let batch = reader.finish(&mut |c| chunks.push(c));
    assert!(batch.errors.is_empty(), "{:?}", batch.errors);
    let ids: Vec<Vec<&str>> = chunks
        .iter()
        .map(|c| c.iter().map(|r| r.source_id.as_str()).collect())
        .collect();
    assert_eq!(ids, [vec!["Patient/p", "MedicationRequest/m"], vec!["Patient/p"]]);
    assert_eq!(
        text(&chunks[0][1], "name"),
        "Named later",
        "a Medication further on names it"
    );
    let part = &chunks[1][0];
    assert_eq!(text(part, "allergies"), "Penicillin, Latex");
    assert_eq!(part.additive, ["allergies"], "added to what the first chunk gave");
    assert!(!part.input.contains_key("full_name"));
    // Read whole, the allergies are on the Patient's own record, additive all the same.
    let whole = read_ndjson(lines.as_bytes(), &opts("d.ndjson"));
    let p = whole.records.iter().find(|r| r.source_id == "Patient/p").unwrap();
    assert_eq!(text(p, "allergies"), "Penicillin, Latex");
    assert_eq!(p.additive, ["allergies"]);
}

#[test]
fn files_with_practices_then_patients_come_first_in_the_second_pass() {
    let order = |lines: &[serde_json::Value]| {
        let text: String = lines.iter().map(|v| v.to_string() + "\n").collect();
        super::Reader::new(None).index_ndjson(text.as_bytes())
    };
    let org = json!({"resourceType": "Organization", "id": "o", "name": "Mill Surgery"});
    let med = json!({"resourceType": "MedicationRequest", "id": "m", "subject": {"reference": "Patient/p"}});
    assert_eq!(order(&[med.clone(), org]), 0);
    assert_eq!(order(&[med.clone(), patient("p")]), 1);
    assert_eq!(order(&[med]), 2);
}
