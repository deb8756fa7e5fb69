//! What particular UK Core examples become.

use super::fixture_tests::{check, fixtures, opts, read, text};
use super::read_json;
use lantern_core::{EntityKind, InputVal};

#[test]
fn richard_smith_becomes_a_person_with_a_contact() {
    let Some(files) = fixtures() else { return };
    let batch = read(&files, "Patient-RichardSmith");
    let person = &batch.records[0];
    assert_eq!(person.kind, EntityKind::Person);
    assert_eq!(person.source_id, "Patient/UKCore-Patient-RichardSmith-Example");
    assert_eq!(text(person, "full_name"), "Richard SMITH");
    assert_eq!(text(person, "nhs_number"), "9912003888");
    assert_eq!(text(person, "date_of_birth"), "1970-09-11");
    assert_eq!(text(person, "address"), "4 Sandmoor Drive\nLEEDS\nLS17 7DF");
    assert_eq!(text(person, "service_id"), "3");
    assert!(text(person, "communication").contains("British Sign Language"));
    assert!(text(person, "communication").contains("Large print"));
    let contact = &batch.records[1];
    assert_eq!(contact.kind, EntityKind::Contact);
    assert_eq!(
        contact.source_id,
        "Patient/UKCore-Patient-RichardSmith-Example#contact-1"
    );
    assert_eq!(text(contact, "name"), "Jane Jackson");
    assert_eq!(text(contact, "phone"), "07777123123");
    assert_eq!(text(contact, "rank"), "1");
    assert_eq!(contact.refs, vec![("person_id", vec![person.source_id.clone()])]);
}

#[test]
fn a_bundle_of_examples_yields_records_of_every_kind() {
    let Some(files) = fixtures() else { return };
    let names = [
        "Patient-RichardSmith",
        "Organization-WhiteRose",
        "PractitionerRole-GeneralPractitioner",
        "Practitioner-DoctorPaulRastall",
        "MedicationRequest-EyeDrops",
        "Medication-TimoptolEyeDrops",
        "AllergyIntolerance-Amoxicillin",
        "Flag-FoodAllergy",
        "CarePlan-WellnessPlan",
        "Appointment-OrthopaedicSurgery",
        "Observation",
    ];
    let mut entries = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let Some((_, bytes)) = files.iter().find(|(f, _)| f.contains(name)) else {
            continue;
        };
        let mut resource: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        if *name == "Patient-RichardSmith" {
            resource["generalPractitioner"] = serde_json::json!([{"reference": "PractitionerRole/UKCore-PractitionerRole-GeneralPractitioner-Example"}]);
        }
        entries.push(serde_json::json!({"fullUrl": format!("urn:uuid:0000-{i}"), "resource": resource}));
    }
    let bundle = serde_json::json!({"resourceType": "Bundle", "type": "transaction", "entry": entries});
    let batch = read_json(&serde_json::to_vec(&bundle).unwrap(), &opts("bundle.json"));
    assert!(batch.errors.is_empty(), "{:?}", batch.errors);
    let kinds: Vec<EntityKind> = batch.records.iter().map(|r| r.kind).collect();
    for k in [
        EntityKind::Person,
        EntityKind::Contact,
        EntityKind::Practice,
        EntityKind::Medicine,
        EntityKind::Visit,
    ] {
        assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
    }
    let person = batch.records.iter().find(|r| r.kind == EntityKind::Person).unwrap();
    assert_eq!(text(person, "allergies"), "Amoxicillin (Urticarial rash)");
    assert_eq!(
        text(person, "key_risks"),
        "Patient has a severe peanut allergy. => See the care plan"
    );
    assert_eq!(text(person, "support_summary"), "Manage obesity and weight loss");
    // The GP's PractitionerRole leads to the practice.
    assert!(person.refs.contains(&(
        "gp_id",
        vec!["Organization/UKCore-Organization-WhiteRoseMedicalCentre-Example".into()]
    )));
    let practice = batch.records.iter().find(|r| r.kind == EntityKind::Practice).unwrap();
    assert_eq!(text(practice, "practice_type"), "gp");
    assert_eq!(text(practice, "ods_code"), "GP5");
    // The eye drops take their name from the Medication in the same bundle.
    let medicine = batch.records.iter().find(|r| r.kind == EntityKind::Medicine).unwrap();
    assert_eq!(text(medicine, "name"), "Timoptol 0.5% eye drops (DE Pharmaceuticals)");
    assert_eq!(text(medicine, "interval_hours"), "12");
    assert_eq!(text(medicine, "dose"), "1 drop");
    for r in &batch.records {
        check(r).unwrap();
    }
}

#[test]
fn medicines_get_a_schedule_or_prn_limits() {
    let Some(files) = fixtures() else { return };
    let amoxicillin = &read(&files, "MedicationRequest-Amoxicillin").records[0];
    assert_eq!(text(amoxicillin, "name"), "Amoxicillin 500mg capsules");
    assert_eq!(text(amoxicillin, "dose"), "500 mg");
    assert_eq!(text(amoxicillin, "route"), "oral");
    assert_eq!(text(amoxicillin, "interval_hours"), "8");
    assert_eq!(text(amoxicillin, "prn"), "false");
    // Completed, with no end: it ended when written.
    assert_eq!(text(amoxicillin, "start_date"), "2023-06-15");
    assert_eq!(text(amoxicillin, "end_date"), "2023-06-15");
    let iv = &read(&files, "MedicationRequest-CiprofloxacinIV").records[0];
    assert_eq!(text(iv, "route"), "other");
    assert_eq!(text(iv, "interval_hours"), "12");
    // A starting dose then a lower one, both once a day: one schedule, both doses in order.
    let doxycycline = &read(&files, "MedicationRequest-Doxycycline").records[0];
    assert_eq!(text(doxycycline, "dose"), "200 mg, then 100 mg");
    assert_eq!(text(doxycycline, "interval_hours"), "24");
    assert!(text(doxycycline, "instructions").contains("200mg - once a day - for 1 day; then 100mg"));
    let statement = &read(&files, "MedicationStatement-Amoxicillin").records[0];
    assert_eq!(text(statement, "prn"), "true");
    assert_eq!(text(statement, "prn_indication"), "Pain of ear");
    assert_eq!(text(statement, "prn_min_interval_minutes"), "360");
    assert_eq!(text(statement, "prn_max_doses_24h"), "4");
    assert_eq!(text(statement, "end_date"), "2021-05-15");
    // No dosage at all: PRN "as directed", flagged for review, never a made-up schedule.
    let bare = &read(&files, "Extension-UKCore-MedicationStatementLastIssueDate").records[0];
    assert_eq!(text(bare, "prn"), "true");
    assert!(text(bare, "prn_indication").starts_with("as directed"));
    assert!(text(bare, "instructions").contains("manager must"));
    assert_eq!(bare.defaults.get("route"), Some(&InputVal::One("other".into())));
}

#[test]
fn allergies_no_known_and_entered_in_error() {
    let Some(files) = fixtures() else { return };
    let nka = read(&files, "AllergyIntolerance-Sn-NegHandlNoKnownAllergies");
    assert_eq!(nka.records.len(), 1);
    let partial = &nka.records[0];
    assert_eq!(partial.source_id, "Patient/UKCore-Patient-RichardSmith-Example");
    // The example is "No known drug allergy": kept to drugs, never widened to all allergies.
    assert_eq!(
        partial.input.get("allergies"),
        Some(&InputVal::Many(vec!["No known drug allergies".into()]))
    );
    assert_eq!(partial.input.len(), 1, "a partial update holds only the allergies");
    let general = br#"{"resourceType": "AllergyIntolerance", "id": "n",
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "716186003"}]},
        "patient": {"reference": "Patient/p"}}"#;
    let general = read_json(general, &opts("nka.json"));
    assert_eq!(text(&general.records[0], "allergies"), "No known allergies");
    let wrong = read(&files, "AllergyIntolerance-EnteredInError");
    assert!(wrong.records.is_empty() && wrong.errors.is_empty());
    assert_eq!(wrong.unused.get("AllergyIntolerance entered-in-error"), Some(&1));
    let septrin = read(&files, "AllergyIntolerance-Sn-DrugAllergy-Example");
    assert_eq!(text(&septrin.records[0], "allergies"), "Septrin");
}

#[test]
fn unused_resources_are_counted() {
    let Some(files) = fixtures() else { return };
    let news2 = read(&files, "Bundle-NEWS2Observations");
    assert!(news2.records.is_empty() && news2.errors.is_empty());
    assert_eq!(news2.unused.get("Observation"), Some(&8));
    let administration = read(&files, "MedicationAdministration-TimoptolEyeDrops");
    assert_eq!(administration.unused.len(), 1);
    assert!(
        administration
            .unused
            .keys()
            .all(|k| k.starts_with("MedicationAdministration"))
    );
    let practitioner = read(&files, "Practitioner-DoctorPaulRastall");
    assert!(practitioner.records.is_empty() && practitioner.unused.is_empty());
}
