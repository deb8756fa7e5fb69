//! `lantern import csv` and `lantern export csv` through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Stdio};

fn lantern(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lantern"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("LANTERN_") {
            c.env_remove(key);
        }
    }
    let out = c
        .args(args)
        .arg("--data")
        .arg(dir.join("data"))
        .current_dir(dir)
        .env("LANTERN_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// The first line that differs between two folders of CSV files, if any.
fn first_difference(a: &Path, b: &Path) -> Option<String> {
    let (a, b) = (read_dir(a), read_dir(b));
    if a.len() != b.len() {
        return Some(format!("{} files against {}", a.len(), b.len()));
    }
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        let (x, y) = (String::from_utf8_lossy(x), String::from_utf8_lossy(y));
        for (n, (l, r)) in x.lines().zip(y.lines()).enumerate() {
            if l != r {
                return Some(format!("{name} line {}:\n  {l}\n  {r}", n + 1));
            }
        }
        if x.lines().count() != y.lines().count() {
            return Some(format!(
                "{name}: {} lines against {}",
                x.lines().count(),
                y.lines().count()
            ));
        }
    }
    None
}

fn read_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn export_import_export_is_identical_and_three_bad_rows_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    assert!(lantern(dir, &["demo", "--seed-only"]).0);
    let (ok, out, err) = lantern(dir, &["export", "csv", "--out", "a"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("people.csv: 124 people supported"), "{out}");
    let files: Vec<String> = read_dir(&dir.join("a"))
        .into_iter()
        .map(|(n, _)| format!("a/{n}"))
        .collect();
    let mut args = vec!["import", "csv"];
    args.extend(files.iter().map(String::as_str));
    let (ok, out, err) = lantern(dir, &args);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("unchanged") && !out.contains("new:") && !out.contains("ended:"),
        "{out}"
    );
    assert!(lantern(dir, &["export", "csv", "--out", "b"]).0);
    assert_eq!(
        first_difference(&dir.join("a"), &dir.join("b")),
        None,
        "export → import → export"
    );

    // Three bad rows in an otherwise good file: all named, nothing changed.
    let people = std::fs::read_to_string(dir.join("a/people.csv")).unwrap();
    let mut lines: Vec<String> = people.split("\r\n").map(String::from).collect();
    lines[2] = lines[2]
        .replacen(",high,", ",extreme,", 1)
        .replacen(",medium,", ",extreme,", 1)
        .replacen(",low,", ",extreme,", 1);
    lines[5] = lines[5].replacen("999 ", "998 ", 1);
    lines[9] = format!("{},", lines[9]);
    std::fs::create_dir_all(dir.join("bad")).unwrap();
    std::fs::write(dir.join("bad/people.csv"), lines.join("\r\n")).unwrap();
    let (ok, out, err) = lantern(dir, &["import", "csv", "bad/people.csv"]);
    assert!(!ok);
    for row in ["people.csv row 3", "people.csv row 6", "people.csv row 10"] {
        assert!(err.contains(row), "{row} not named:\n{err}");
    }
    assert!(err.contains("3 problems found; nothing was imported"), "{out}{err}");
    assert!(lantern(dir, &["export", "csv", "--out", "c"]).0);
    assert_eq!(
        first_difference(&dir.join("a"), &dir.join("c")),
        None,
        "nothing changed"
    );
}

/// Files given to one `lantern import fhir` are one import: a request in one file names the
/// patient and the Medication of another, and an allergy in an NDJSON file adds to the person.
#[test]
fn fhir_references_resolve_across_the_files_of_one_import() {
    use serde_json::json;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    assert!(lantern(dir, &["demo", "--seed-only"]).0);
    let bundle = |entries: Vec<serde_json::Value>| {
        let entries: Vec<_> = entries.into_iter().map(|r| json!({ "resource": r })).collect();
        serde_json::to_vec(&json!({"resourceType": "Bundle", "type": "collection", "entry": entries})).unwrap()
    };
    let a = bundle(vec![
        json!({"resourceType": "Patient", "id": "x1", "name": [{"family": "Crossfile", "given": ["Ada"]}],
               "birthDate": "1938-05-06"}),
        json!({"resourceType": "Medication", "id": "levo", "code": {"text": "Crossfilamine tablets"},
               "ingredient": [{"strength": {"numerator": {"value": 100, "unit": "mg"}, "denominator": {"value": 1, "unit": "tablet"}}}]}),
    ]);
    let b = bundle(vec![json!({
        "resourceType": "MedicationRequest", "id": "r1", "status": "active", "intent": "order",
        "subject": {"reference": "Patient/x1"}, "medicationReference": {"reference": "Medication/levo"},
        "dosageInstruction": [{"text": "1 tablet", "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "timeOfDay": ["08:00:00"]}}}]
    })]);
    let c = json!({"resourceType": "AllergyIntolerance", "id": "al1", "patient": {"reference": "Patient/x1"},
                   "code": {"text": "Penicillin"}})
    .to_string();
    std::fs::write(dir.join("a.json"), a).unwrap();
    std::fs::write(dir.join("b.json"), b).unwrap();
    std::fs::write(dir.join("c.ndjson"), c + "\n").unwrap();
    // B alone cannot be imported: its request's medicine is named only in A.
    let (ok, out, err) = lantern(dir, &["import", "fhir", "b.json", "--service", "Riverside House"]);
    assert!(!ok, "{out}");
    assert!(err.contains("b.json MedicationRequest/r1"), "{err}");
    // Together they can, and B comes first: the order of the files does not matter.
    let args = [
        "import",
        "fhir",
        "b.json",
        "c.ndjson",
        "a.json",
        "--service",
        "Riverside House",
    ];
    let (ok, out, err) = lantern(dir, &args);
    assert!(ok, "{out}{err}");
    assert!(out.contains("new: 1 people supported, 1 medicines"), "{out}");
    assert!(!out.contains("Medication (no MedicationRequest"), "{out}");
    assert!(lantern(dir, &["export", "csv", "--out", "x"]).0);
    let medicines = std::fs::read_to_string(dir.join("x/medicines.csv")).unwrap();
    let line = medicines
        .lines()
        .find(|l| l.contains("Crossfilamine"))
        .expect(&medicines);
    assert!(line.contains("Patient/x1") && line.contains("100 mg"), "{line}");
    let people = std::fs::read_to_string(dir.join("x/people.csv")).unwrap();
    let line = people.lines().find(|l| l.contains("Crossfile")).expect(&people);
    assert!(line.contains("Penicillin"), "{line}");
}

/// A FHIR import's problems name FHIR elements and FHIR formats, whether the reader finds them
/// (a birth date that is not a FHIR date) or Lantern's checks of the record do (an NHS number
/// whose check digit is wrong), and nothing is imported.
#[test]
fn fhir_errors_name_the_fhir_element() {
    use serde_json::json;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    assert!(lantern(dir, &["demo", "--seed-only"]).0);
    let patient = |id: &str, birth: &str, nhs: &str| {
        json!({"resourceType": "Patient", "id": id, "name": [{"family": "Fhirson", "given": [id]}],
               "birthDate": birth, "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": nhs}]})
    };
    let bundle =
        |p: serde_json::Value| json!({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": p}]});
    let import = |name: &str, p: serde_json::Value| {
        std::fs::write(dir.join(name), serde_json::to_vec(&bundle(p)).unwrap()).unwrap();
        let (ok, out, err) = lantern(dir, &["import", "fhir", name, "--service", "Riverside House"]);
        assert!(!ok, "{out}");
        for csv_words in ["date_of_birth", "nhs_number", "DD/MM/YYYY"] {
            assert!(
                !err.contains(csv_words),
                "the CSV template's words {csv_words:?} in: {err}"
            );
        }
        err
    };
    // Found by the reader.
    let err = import("a.json", patient("a", "not-a-date", "9434765919"));
    assert!(
        err.contains("a.json Patient/a, Patient.birthDate (at $.entry[0].resource.birthDate): 'not-a-date' is not a FHIR date; FHIR writes a date as YYYY-MM-DD"),
        "{err}"
    );
    // Found by Lantern's check of the record, reported as the element it came from.
    let err = import("b.json", patient("b", "1941-02-03", "9434765918"));
    assert!(
        err.contains("b.json Patient/b, Patient.identifier[0].value (at $.entry[0].resource.identifier[0].value):"),
        "{err}"
    );
    assert!(lantern(dir, &["export", "csv", "--out", "x"]).0);
    let people = std::fs::read_to_string(dir.join("x/people.csv")).unwrap();
    assert!(!people.contains("Fhirson"), "nothing imported");
}
