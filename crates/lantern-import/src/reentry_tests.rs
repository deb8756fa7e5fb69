//! The re-entry exports read back the way a receiving system would read them: the CSV with the
//! csv crate, the FHIR bundle as JSON text.

use crate::reentry_csv::REENTRY_COLUMNS;
use crate::reentry_fhir::{DISRUPTION_EXTENSION, DOSE_RECORD_SYSTEM, ORIGIN_TAG_SYSTEM, PERSON_SYSTEM};
use crate::{reentry_csv, reentry_fhir};
use lantern_core::disruption::report::ReentryDose;
use serde_json::Value;

const NOTE: &str = "Said \"not now\", then took it with yoghurt,\nafter lunch";

fn dose(record_id: i64, outcome: &str) -> ReentryDose {
    ReentryDose {
        record_id,
        person_id: 4,
        person: "Zoë Ó Briain".into(),
        nhs_number: "9434765919".into(),
        person_source_id: "PAT-0042".into(),
        medicine_id: Some(17),
        medicine_source_id: "MED-9".into(),
        medicine: "Levodopa 100 mg/25 mg — 1 tablet".into(),
        dose: "1 tablet".into(),
        route: "Oral".into(),
        outcome: outcome.into(),
        given_at: String::new(),
        due_at: "2026-11-24T08:00:00Z".into(),
        initials: "ZB".into(),
        note: String::new(),
        entered_by: "Tom Reid".into(),
        entered_at: "2026-11-24T13:05:00Z".into(),
        disruption_id: 7,
    }
}

/// Every outcome once, a summer time, a PRN dose with no time written and a person with no NHS
/// number.
fn doses() -> Vec<ReentryDose> {
    let mut given = dose(101, "given");
    given.given_at = "2026-07-01T07:05:00Z".into();
    given.due_at = "2026-07-01T07:00:00Z".into();
    given.note = NOTE.into();
    let mut prn = dose(102, "refused");
    prn.due_at = String::new();
    prn.medicine_id = None;
    prn.person = "Łukasz Nowak".into();
    prn.nhs_number = String::new();
    prn.person_id = 5;
    let rest = ["omitted", "not_available", "away", "other"];
    let mut all = vec![given, prn];
    all.extend(rest.iter().zip(103..).map(|(o, id)| dose(id, o)));
    all
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader.records().collect::<Result<Vec<_>, _>>().unwrap();
    (header, rows)
}

fn cell<'a>(row: &'a csv::StringRecord, column: &str) -> &'a str {
    let i = REENTRY_COLUMNS.iter().position(|c| *c == column).unwrap();
    row.get(i).unwrap()
}

#[test]
fn reentry_csv_reads_back_one_row_per_dose_with_its_values() {
    let doses = doses();
    let (header, rows) = csv_rows(&reentry_csv(&doses));
    assert_eq!(header, REENTRY_COLUMNS);
    assert_eq!(rows.len(), doses.len());
    for (row, d) in rows.iter().zip(&doses) {
        assert_eq!(row.len(), REENTRY_COLUMNS.len());
        assert_eq!(cell(row, "record_id"), d.record_id.to_string());
        assert_eq!(cell(row, "person"), d.person);
        assert_eq!(cell(row, "outcome"), d.outcome);
        assert_eq!(cell(row, "note"), d.note);
        assert_eq!(cell(row, "medicine"), d.medicine);
        assert_eq!(cell(row, "disruption_id"), "7");
    }
    let given = &rows[0];
    assert_eq!(cell(given, "person"), "Zoë Ó Briain");
    assert_eq!(cell(given, "note"), NOTE, "comma, quote and line break survive");
    assert_eq!(cell(given, "nhs_number"), "9434765919");
    assert_eq!(cell(given, "person_source_id"), "PAT-0042");
    assert_eq!(cell(given, "medicine_id"), "17");
    assert_eq!(cell(given, "given_at"), "2026-07-01T07:05:00Z");
    assert_eq!(cell(given, "given_at_london"), "2026-07-01 08:05", "BST");
    assert_eq!(cell(given, "entered_at_london"), "2026-11-24 13:05", "GMT");
    let prn = &rows[1];
    assert_eq!(cell(prn, "person"), "Łukasz Nowak");
    assert_eq!((cell(prn, "due_at"), cell(prn, "due_at_london")), ("", ""));
    assert_eq!((cell(prn, "given_at"), cell(prn, "medicine_id")), ("", ""));
    assert_eq!(cell(&rows[3], "outcome_label"), "Not available");
}

/// On the autumn change day 01:40 happens twice: only there does the UK-time column say which.
#[test]
fn reentry_csv_marks_the_repeated_autumn_hour_only() {
    let mut second = dose(201, "given");
    second.due_at = "2026-10-25T00:30:00Z".into();
    second.given_at = "2026-10-25T01:40:00Z".into();
    let mut first = dose(202, "given");
    first.given_at = "2026-10-25T00:40:00Z".into();
    let (_, rows) = csv_rows(&reentry_csv(&[second, first]));
    assert_eq!(cell(&rows[0], "given_at_london"), "2026-10-25 01:40 GMT");
    assert_eq!(cell(&rows[0], "due_at_london"), "2026-10-25 01:30 BST");
    assert_eq!(cell(&rows[1], "given_at_london"), "2026-10-25 01:40 BST");
    assert_eq!(
        cell(&rows[1], "entered_at_london"),
        "2026-11-24 13:05",
        "other rows unchanged"
    );
}

#[test]
fn reentry_csv_is_shaped_for_excel() {
    let doses = doses();
    let text = String::from_utf8(reentry_csv(&doses)).unwrap();
    assert!(text.starts_with('\u{feff}'), "byte-order mark");
    // The note's line break is inside quotes; every row ends CRLF.
    assert_eq!(text.matches("\r\n").count(), doses.len() + 1);
    assert!(text.ends_with("\r\n"));
    assert!(text.contains("\"Said \"\"not now\"\", then took it with yoghurt,\nafter lunch\""));
    let (header, rows) = csv_rows(&reentry_csv(&[]));
    assert_eq!((header.len(), rows.len()), (REENTRY_COLUMNS.len(), 0));
}

#[test]
fn reentry_csv_cells_cannot_open_as_formulas() {
    let mut d = dose(1, "given");
    d.note = "=HYPERLINK(\"http://x\",\"y\")".into();
    d.initials = "@ZB".into();
    d.person = "-Ann".into();
    let text = String::from_utf8(reentry_csv(&[d])).unwrap();
    assert!(text.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","), "{text}");
    let (_, rows) = csv_rows(text.as_bytes());
    assert_eq!(cell(&rows[0], "initials"), "'@ZB");
    assert_eq!(cell(&rows[0], "person"), "'-Ann");
    assert_eq!(cell(&rows[0], "record_id"), "1", "numbers stay numbers");
    assert_eq!(cell(&rows[0], "due_at"), "2026-11-24T08:00:00Z");
}

#[test]
fn reentry_csv_passes_an_unreadable_time_through() {
    let mut d = dose(1, "given");
    d.given_at = "24/11 08:00".into();
    let (_, rows) = csv_rows(&reentry_csv(&[d]));
    assert_eq!(cell(&rows[0], "given_at"), "24/11 08:00");
    assert_eq!(cell(&rows[0], "given_at_london"), "");
}

fn bundle() -> Value {
    let text = serde_json::to_string(&reentry_fhir(&doses(), "Riverside Care Ltd")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn resources(b: &Value) -> Vec<&Value> {
    b["entry"].as_array().unwrap().iter().map(|e| &e["resource"]).collect()
}

#[test]
fn reentry_fhir_has_one_administration_per_record_with_status_by_outcome() {
    let b = bundle();
    assert_eq!(
        (b["resourceType"].as_str(), b["type"].as_str()),
        (Some("Bundle"), Some("collection"))
    );
    let rs = resources(&b);
    assert_eq!(rs.len(), doses().len());
    let expected = [
        ("given", "completed", None),
        ("refused", "not-done", Some("182895007")),
        ("omitted", "not-done", None),
        ("not_available", "not-done", Some("242990004")),
        ("away", "not-done", None),
        ("other", "not-done", None),
    ];
    for (r, (outcome, status, code)) in rs.iter().zip(expected) {
        assert_eq!(r["resourceType"], "MedicationAdministration");
        assert_eq!(r["status"], status, "{outcome}");
        if status == "completed" {
            assert!(r.get("statusReason").is_none());
            continue;
        }
        let reason = &r["statusReason"][0];
        assert!(
            !reason["text"].as_str().unwrap().is_empty(),
            "{outcome} says why in words"
        );
        assert_eq!(reason["coding"][0]["code"].as_str(), code, "{outcome}");
        if code.is_some() {
            assert_eq!(reason["coding"][0]["system"], "http://snomed.info/sct");
        }
    }
    assert_eq!(rs[4]["statusReason"][0]["text"], "Away or in hospital");
    let unknown = reentry_fhir(&[dose(9, "spilt")], "Riverside Care Ltd");
    assert_eq!(unknown["entry"][0]["resource"]["status"], "unknown");
}

#[test]
fn reentry_fhir_names_the_person_the_medicine_and_the_record() {
    let b = bundle();
    let rs = resources(&b);
    let r = rs[0];
    assert_eq!(
        r["subject"]["identifier"]["system"],
        "https://fhir.nhs.uk/Id/nhs-number"
    );
    assert_eq!(r["subject"]["identifier"]["value"], "9434765919");
    assert_eq!(r["subject"]["display"], "Zoë Ó Briain");
    assert_eq!(
        r["medicationCodeableConcept"]["text"],
        "Levodopa 100 mg/25 mg — 1 tablet"
    );
    assert_eq!(r["dosage"]["text"], "1 tablet");
    assert_eq!(r["dosage"]["route"]["text"], "Oral");
    assert_eq!(r["performer"][0]["actor"]["display"], "ZB");
    assert_eq!(r["identifier"][0]["system"], DOSE_RECORD_SYSTEM);
    assert_eq!(r["identifier"][0]["value"], "101");
    assert_eq!(r["identifier"][0]["assigner"]["display"], "Riverside Care Ltd");
    assert_eq!(r["meta"]["tag"][0]["system"], ORIGIN_TAG_SYSTEM);
    assert_eq!(r["meta"]["tag"][0]["code"], "paper-back-entry");
    assert_eq!(r["extension"][0]["url"], DISRUPTION_EXTENSION);
    assert_eq!(r["extension"][0]["valueIdentifier"]["value"], "7");
    assert_eq!(r["note"][0]["text"], NOTE);
    let provenance = r["note"][1]["text"].as_str().unwrap();
    assert!(
        provenance.contains("disruption 7") && provenance.contains("Tom Reid"),
        "{provenance}"
    );
    // No NHS number: Lantern's own person id, so the record is still about someone.
    let no_nhs = &rs[1]["subject"];
    assert_eq!(no_nhs["identifier"]["system"], PERSON_SYSTEM);
    assert_eq!(no_nhs["identifier"]["value"], "5");
    assert_eq!(no_nhs["display"], "Łukasz Nowak");
    let ids: std::collections::HashSet<&str> = rs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), rs.len(), "resource ids are unique");
}

#[test]
fn reentry_fhir_gives_every_dose_an_effective_time() {
    let b = bundle();
    let rs = resources(&b);
    assert_eq!(
        rs[0]["effectiveDateTime"], "2026-07-01T07:05:00Z",
        "given: when it was given"
    );
    for r in rs.iter().filter(|r| r["status"] == "completed") {
        assert!(r["effectiveDateTime"].is_string(), "{r}");
    }
    assert_eq!(
        rs[2]["effectiveDateTime"], "2026-11-24T08:00:00Z",
        "not given: the MAR row's time"
    );
    // A refused PRN dose with no time written: only "before it was typed in" is known.
    assert!(rs[1].get("effectiveDateTime").is_none());
    assert_eq!(rs[1]["effectivePeriod"]["end"], "2026-11-24T13:05:00Z");
}

#[test]
fn the_reentry_page_lists_every_column_in_order() {
    let page = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default())
        .join("../../docs/import/reentry.md");
    let text = std::fs::read_to_string(page).unwrap();
    for (i, column) in REENTRY_COLUMNS.iter().enumerate() {
        let row = format!("| {} | `{column}` |", i + 1);
        assert!(text.contains(&row), "docs/import/reentry.md lacks {row}");
    }
}
