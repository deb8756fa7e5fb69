//! People with their medicines as a FHIR R4 collection Bundle (Patient + MedicationRequest),
//! for handing the snapshot back to a care system.

use lantern_core::{Record, Val};
use serde_json::{Value, json};

/// A FHIR id from a source id: letters, digits, `-` and `.` only, at most 64 characters.
fn fhir_id(source: &str) -> String {
    let id: String = source
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let id = id.trim_matches('-').to_string();
    let id = if id.is_empty() { "x".to_string() } else { id };
    id.chars().take(64).collect()
}

fn patient(id: &str, r: &Record) -> Value {
    let full = r.text("full_name");
    let (given, family) = match full.rsplit_once(' ') {
        Some((g, f)) => (g.split_whitespace().collect::<Vec<_>>(), f),
        None => (Vec::new(), full),
    };
    let mut names = vec![json!({"use": "official", "text": full, "family": family, "given": given})];
    if !r.text("preferred_name").is_empty() {
        names.push(json!({"use": "usual", "text": r.text("preferred_name"), "given": [r.text("preferred_name")]}));
    }
    let mut p = json!({"resourceType": "Patient", "id": id, "name": names});
    if let Val::Nhs(n) = r.get("nhs_number") {
        p["identifier"] = json!([{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": n.digits()}]);
    }
    if let Some(d) = r.date("date_of_birth") {
        p["birthDate"] = json!(d.to_string());
    }
    if let Val::Phone(phone) = r.get("phone") {
        p["telecom"] = json!([{"system": "phone", "value": phone.to_string()}]);
    }
    if !r.text("address").is_empty() {
        p["address"] = json!([{"text": r.text("address"), "line": r.text("address").lines().collect::<Vec<_>>()}]);
    }
    p
}

fn medication_request(id: &str, patient_id: &str, m: &Record) -> Value {
    let name = format!("{} {}", m.text("name"), m.text("strength")).trim().to_string();
    let mut dosage = json!({"text": m.text("dose")});
    if !m.text("route").is_empty() {
        let route = m
            .spec()
            .field("route")
            .and_then(|f| f.kind.choice_label(m.text("route")))
            .unwrap_or(m.text("route"));
        dosage["route"] = json!({"text": route});
    }
    if m.flag("prn") {
        dosage["asNeededCodeableConcept"] = json!({"text": m.text("prn_indication")});
        if let Some(max) = m.int("prn_max_doses_24h") {
            dosage["maxDosePerPeriod"] = json!({"numerator": {"value": max}, "denominator": {"value": 1, "unit": "d", "system": "http://unitsofmeasure.org", "code": "d"}});
        }
        if let Some(min) = m.int("prn_min_interval_minutes") {
            dosage["timing"] = json!({"repeat": {"frequency": 1, "period": min, "periodUnit": "min"}});
        }
    } else if let Val::Times(times) = m.get("times") {
        let at: Vec<String> = times.iter().map(|t| format!("{t}:00")).collect();
        dosage["timing"] = json!({"repeat": {"frequency": at.len(), "period": 1, "periodUnit": "d", "timeOfDay": at}});
    } else if let Some(h) = m.int("interval_hours") {
        dosage["timing"] = json!({"repeat": {"frequency": 1, "period": h, "periodUnit": "h"}});
    }
    if !m.text("instructions").is_empty() {
        dosage["patientInstruction"] = json!(m.text("instructions"));
    }
    let mut req = json!({
        "resourceType": "MedicationRequest",
        "id": id,
        "status": "active",
        "intent": "order",
        "subject": {"reference": format!("Patient/{patient_id}")},
        "medicationCodeableConcept": {"text": name},
        "dosageInstruction": [dosage],
    });
    if let Some(d) = m.date("start_date") {
        req["authoredOn"] = json!(d.to_string());
    }
    req
}

/// `people`: (source id, record); `medicines`: (source id, the person's source id, record).
pub fn bundle(people: &[(String, &Record)], medicines: &[(String, String, &Record)], timestamp: &str) -> Value {
    let mut entries = Vec::new();
    for (source, r) in people {
        let id = fhir_id(source);
        entries.push(json!({"fullUrl": format!("Patient/{id}"), "resource": patient(&id, r)}));
    }
    for (source, person, m) in medicines {
        let id = fhir_id(source);
        entries.push(json!({"fullUrl": format!("MedicationRequest/{id}"), "resource": medication_request(&id, &fhir_id(person), m)}));
    }
    json!({"resourceType": "Bundle", "type": "collection", "timestamp": timestamp, "entry": entries})
}

#[cfg(test)]
mod tests {
    use super::*;
    use lantern_core::{EntityKind, Input, InputVal};

    fn record(kind: EntityKind, pairs: &[(&str, &str)]) -> Record {
        let input: Input = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), InputVal::One(v.to_string())))
            .collect();
        Record::parse(kind, &input).unwrap()
    }

    #[test]
    fn exported_people_and_medicines_read_back() {
        let person = record(
            EntityKind::Person,
            &[
                ("service_id", "1"),
                ("full_name", "Siân Ọkafor"),
                ("preferred_name", "Siân"),
                ("date_of_birth", "1941-02-03"),
                ("risk_tier", "high"),
                ("nhs_number", "9434765919"),
                ("phone", "01632 960123"),
            ],
        );
        let regular = record(
            EntityKind::Medicine,
            &[
                ("person_id", "1"),
                ("name", "Co-careldopa"),
                ("strength", "25 mg/100 mg"),
                ("dose", "1 tablet"),
                ("route", "oral"),
                ("times", "08:00, 12:00, 18:00"),
            ],
        );
        let prn = record(
            EntityKind::Medicine,
            &[
                ("person_id", "1"),
                ("name", "Paracetamol"),
                ("dose", "1 g"),
                ("route", "oral"),
                ("prn", "yes"),
                ("prn_indication", "pain"),
                ("prn_min_interval_minutes", "240"),
                ("prn_max_doses_24h", "4"),
            ],
        );
        let b = bundle(
            &[("P/1 x".into(), &person)],
            &[
                ("M1".into(), "P/1 x".into(), &regular),
                ("M2".into(), "P/1 x".into(), &prn),
            ],
            "2026-11-24T09:00:00Z",
        );
        let bytes = serde_json::to_vec(&b).unwrap();
        let batch = crate::fhir::read_json(
            &bytes,
            &crate::fhir::FhirOptions {
                service_id: Some(1),
                file: "export.json".into(),
            },
        );
        assert!(batch.errors.is_empty(), "{:?}", batch.errors);
        let people: Vec<_> = batch.records.iter().filter(|r| r.kind == EntityKind::Person).collect();
        assert_eq!(people.len(), 1);
        assert_eq!(
            people[0].input.get("nhs_number"),
            Some(&InputVal::One("9434765919".into()))
        );
        assert_eq!(
            people[0].input.get("date_of_birth"),
            Some(&InputVal::One("1941-02-03".into()))
        );
        assert_eq!(
            people[0].input.get("phone"),
            Some(&InputVal::One("01632 960123".into())),
            "Patient.telecom carries the person's own phone"
        );
        let meds: Vec<_> = batch
            .records
            .iter()
            .filter(|r| r.kind == EntityKind::Medicine)
            .collect();
        assert_eq!(meds.len(), 2);
        let times = meds
            .iter()
            .filter_map(|m| m.input.get("times").cloned())
            .find(|t| *t != InputVal::Many(Vec::new()));
        assert_eq!(
            times,
            Some(InputVal::Many(vec!["08:00".into(), "12:00".into(), "18:00".into()]))
        );
        assert!(
            meds.iter()
                .any(|m| m.input.get("prn") == Some(&InputVal::One("true".into()))),
            "{meds:?}"
        );
        assert!(
            meds.iter()
                .any(|m| m.input.get("dose") == Some(&InputVal::One("1 tablet".into()))),
            "{meds:?}"
        );
    }
}
