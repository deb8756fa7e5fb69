use super::*;
use crate::csv_out;
use lantern_core::Val;

fn person_row(source: &str, name: &str, nhs: &str) -> String {
    format!(
        "{source},C1,\"{name}\",,03/02/1941,{nhs},high,,\"1 Mill Lane, Ashby\",,,,\"Penicillin\nLatex\",\"Choking | Soft diet, upright\",,,,\n"
    )
}

fn header() -> String {
    columns(EntityKind::Person).join(",") + "\n"
}

#[test]
fn excel_files_with_bom_crlf_and_quoted_commas_read() {
    let text = format!(
        "\u{feff}{}{}",
        header(),
        person_row("P1", "Siân Ọkafor", "943 476 5919")
    )
    .replace('\n', "\r\n");
    let batch = read("people.csv", EntityKind::Person, text.as_bytes());
    assert!(batch.errors.is_empty(), "{:?}", batch.errors);
    let r = &batch.records[0];
    assert_eq!(r.source_id, "P1");
    assert_eq!(r.refs, vec![("service_id", vec!["C1".to_string()])]);
    assert_eq!(
        r.input.get("address"),
        Some(&InputVal::One("1 Mill Lane, Ashby".into()))
    );
    assert_eq!(
        r.input.get("allergies"),
        Some(&InputVal::Many(vec!["Penicillin".into(), "Latex".into()]))
    );
}

#[test]
fn every_bad_row_is_named_and_good_rows_are_kept() {
    let mut text = header();
    text += &person_row("P1", "Ann Lee", "943 476 5919");
    text += &person_row("P2", "Bad Nhs", "943 476 5918");
    text += &person_row("P3", "", "943 476 5919");
    text += &person_row("P4", "Ok Too", "");
    text += &person_row("P1", "Twice", "");
    let batch = read("people.csv", EntityKind::Person, text.as_bytes());
    let rows: Vec<&str> = batch.errors.iter().map(|e| e.location.as_str()).collect();
    assert_eq!(rows, vec!["people.csv row 3", "people.csv row 4", "people.csv row 6"]);
    assert_eq!(batch.errors[0].field.as_deref(), Some("nhs_number"));
    assert!(batch.errors[0].reason.contains("check digit"));
    assert_eq!(batch.errors[1].field.as_deref(), Some("full_name"));
    assert!(batch.errors[2].reason.contains("twice"));
    assert_eq!(batch.records.len(), 2);
}

#[test]
fn unknown_or_missing_columns_stop_the_file() {
    let batch = read(
        "people.csv",
        EntityKind::Person,
        b"source_id,full_name,favourite_colour\nP1,Ann,blue\n",
    );
    assert!(
        batch
            .errors
            .iter()
            .any(|e| e.field.as_deref() == Some("favourite_colour"))
    );
    let batch = read("people.csv", EntityKind::Person, b"full_name\nAnn\n");
    assert!(batch.errors.iter().any(|e| e.field.as_deref() == Some("source_id")));
    assert!(batch.records.is_empty());
}

#[test]
fn file_names_choose_the_entity() {
    assert_eq!(kind_for_file("/tmp/x/People.CSV"), Some(EntityKind::Person));
    assert_eq!(kind_for_file("medicines.csv"), Some(EntityKind::Medicine));
    assert_eq!(kind_for_file("patients.csv"), None);
}

#[test]
fn export_then_import_then_export_is_identical() {
    let text = header()
        + &person_row("P1", "Zoë Adams", "943 476 5919")
        + &person_row("P2", "Łukasz Nowak", "")
        + &formula_like_row();
    let first = read("people.csv", EntityKind::Person, text.as_bytes());
    assert!(first.errors.is_empty());
    let records: Vec<Record> = first
        .records
        .iter()
        .map(|i| {
            let mut input = i.input.clone();
            input.insert("service_id".into(), InputVal::One("7".into()));
            Record::parse(EntityKind::Person, &input).unwrap()
        })
        .collect();
    let source_of = |_: EntityKind, id: i64| format!("C{}", id - 6);
    let rows: Vec<csv_out::Row> = first
        .records
        .iter()
        .zip(&records)
        .map(|(i, r)| csv_out::Row {
            source_id: i.source_id.clone(),
            record: r,
        })
        .collect();
    let exported = csv_out::write(EntityKind::Person, &rows, &source_of).unwrap();
    let again = read("people.csv", EntityKind::Person, &exported);
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    let records2: Vec<Record> = again
        .records
        .iter()
        .map(|i| {
            let mut input = i.input.clone();
            input.insert("service_id".into(), InputVal::One("7".into()));
            Record::parse(EntityKind::Person, &input).unwrap()
        })
        .collect();
    assert_eq!(records, records2);
    let rows2: Vec<csv_out::Row> = again
        .records
        .iter()
        .zip(&records2)
        .map(|(i, r)| csv_out::Row {
            source_id: i.source_id.clone(),
            record: r,
        })
        .collect();
    assert_eq!(
        csv_out::write(EntityKind::Person, &rows2, &source_of).unwrap(),
        exported
    );
    assert_eq!(records[0].get("nhs_number").text(), "943 476 5919");
    assert!(matches!(records[0].get("key_risks"), Val::Pairs(p) if p[0].1 == "Soft diet, upright"));
    // Formula-like values leave quoted and come back as they were.
    let exported = String::from_utf8(exported).unwrap();
    for quoted in [
        "'-P3,",
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
        "'+44 7700 900123 (daughter)",
        "'@SUM(A1)",
        "'-2+3",
        "''quoted",
    ] {
        assert!(exported.contains(quoted), "{quoted} in {exported}");
    }
    let p3 = &records[2];
    assert_eq!(p3.text("communication"), "=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(p3.text("preferred_name"), "@SUM(A1)");
    assert_eq!(p3.text("unit"), "-2+3");
    assert_eq!(p3.text("access_notes"), "'quoted");
    assert_eq!(p3.text("support_summary"), "+44 7700 900123 (daughter)");
    assert_eq!(p3.get("allergies"), &Val::Texts(vec!["-5".into(), "=Nuts".into()]));
    // Every cell is trimmed on import, so a tab-led value loses its tab (Lantern stores none).
    assert_eq!(p3.text("distress_guidance"), "Tab-led guidance");
}

/// A row from another system whose values a spreadsheet would read as formulas: a source id and
/// a list led by a minus, a note that is a formula, a phone-like text, `@`, a sum, a value that
/// already begins with a quote, and a tab-led value.
fn formula_like_row() -> String {
    [
        "-P3",
        "C1",
        "Ann Formula",
        "@SUM(A1)",
        "",
        "",
        "low",
        "-2+3",
        "",
        "",
        "'quoted",
        "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
        "\"-5\n=Nuts\"",
        "",
        "+44 7700 900123 (daughter)",
        "\"\tTab-led guidance\"",
        "",
        "",
    ]
    .join(",")
        + "\n"
}

#[test]
fn an_exported_formula_like_cell_reads_back_as_written() {
    let text = header()
        + "'-P4,C1,'=Ann,'@Ann,,,low,'-2,,,''x,'\tTab-led,'tis,,,,,\n"
        + "P5,C1,Bob,-5,,,low,12.5,,,'5,,,,,,,\n";
    let batch = read("people.csv", EntityKind::Person, text.as_bytes());
    assert!(batch.errors.is_empty(), "{:?}", batch.errors);
    let one = |r: &Incoming, f: &str| match r.input.get(f) {
        Some(InputVal::One(s)) => s.clone(),
        other => format!("{other:?}"),
    };
    let p4 = &batch.records[0];
    assert_eq!(p4.source_id, "-P4");
    assert_eq!(one(p4, "full_name"), "=Ann");
    assert_eq!(one(p4, "preferred_name"), "@Ann");
    assert_eq!(one(p4, "unit"), "-2");
    assert_eq!(one(p4, "access_notes"), "'x");
    assert_eq!(one(p4, "communication"), "Tab-led");
    assert_eq!(
        p4.input.get("allergies"),
        Some(&InputVal::Many(vec!["'tis".into()])),
        "a quote an export did not add stays"
    );
    let p5 = &batch.records[1];
    assert_eq!(
        (one(p5, "preferred_name"), one(p5, "unit")),
        ("-5".into(), "12.5".into())
    );
    assert_eq!(one(p5, "access_notes"), "'5");
}

proptest::proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let _ = read("people.csv", EntityKind::Person, &bytes);
    }
}

#[test]
fn a_file_streamed_in_chunks_gives_what_reading_it_whole_gives() {
    let mut text = format!("\u{feff}{}", header());
    for n in 0..7 {
        text += &person_row(&format!("P{n}"), &format!("Person {n}"), "");
    }
    let whole = read("people.csv", EntityKind::Person, text.as_bytes());
    let mut chunks = Vec::new();
    let streamed = read_from("people.csv", EntityKind::Person, text.as_bytes(), 3, true, &mut |c| {
        chunks.push(c)
    });
    assert_eq!(chunks.iter().map(Vec::len).collect::<Vec<_>>(), vec![3, 3, 1]);
    assert_eq!(chunks.concat(), whole.records);
    assert!(streamed.errors.is_empty() && streamed.records.is_empty());
}

#[test]
fn a_streamed_file_stops_sending_at_its_first_problem_but_reports_them_all() {
    let mut text = header();
    text += &person_row("P1", "Ann Lee", "");
    text += &person_row("P2", "Bad Nhs", "943 476 5918");
    text += &person_row("P3", "Ok Too", "");
    text += &person_row("P4", "", "");
    let mut sent = 0;
    let batch = read_from("people.csv", EntityKind::Person, text.as_bytes(), 1, true, &mut |c| {
        sent += c.len()
    });
    assert_eq!(sent, 1, "only the row before the first problem");
    let rows: Vec<&str> = batch.errors.iter().map(|e| e.location.as_str()).collect();
    assert_eq!(rows, vec!["people.csv row 3", "people.csv row 5"]);
}
