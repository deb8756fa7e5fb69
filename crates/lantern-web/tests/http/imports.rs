use crate::helpers::*;
use lantern_core::EntityKind;
use serde_json::Value;

fn people_csv(rows: &[(&str, &str, &str)]) -> String {
    let header = lantern_import::csv_in::columns(EntityKind::Person).join(",");
    let mut text = format!("\u{feff}{header}\r\n");
    for (source, name, nhs) in rows {
        text += &format!(
            "{source},Riverside House,{name},,02/03/1944,{nhs},medium,Ash,,,,,Penicillin,\"Falls | Frame within reach\",,,,\r\n"
        );
    }
    text
}

#[tokio::test]
async fn a_csv_with_three_bad_rows_is_refused_naming_them_and_changes_nothing() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let before = app.count(EntityKind::Person).await;
    let body = people_csv(&[
        ("X1", "Ann Good", "943 476 5919"),
        ("X2", "Bad Nhs", "943 476 5918"),
        ("X3", "Good Too", ""),
        ("X4", "", ""),
        ("X5", "Bad Date", "not a number"),
    ]);
    let res = app
        .client()
        .post(app.url("/api/v1/import/csv/people"))
        .bearer_auth(&token)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let report: Value = res.json().await.unwrap();
    let places: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["location"].as_str().unwrap())
        .collect();
    assert_eq!(places, vec!["people.csv row 3", "people.csv row 5", "people.csv row 6"]);
    assert_eq!(report["applied"], false);
    assert_eq!(app.count(EntityKind::Person).await, before);
}

#[tokio::test]
async fn a_good_csv_imports_then_reimports_unchanged_and_a_dry_run_changes_nothing() {
    let app = spawn_app().await;
    let token = app.token(ADMIN).await;
    let c = app.client();
    let body = people_csv(&[("X1", "Ann Good", "943 476 5919"), ("X2", "Zoë Ąnna", "")]);
    let before = app.count(EntityKind::Person).await;
    let dry: Value = c
        .post(app.url("/api/v1/import/csv/people?dry_run=true"))
        .bearer_auth(&token)
        .body(body.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(dry["changes"]["new"]["people"], 2);
    assert_eq!(app.count(EntityKind::Person).await, before);
    let res = c
        .post(app.url("/api/v1/import/csv/people?partial=true"))
        .bearer_auth(&token)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.count(EntityKind::Person).await, before + 2);
    let again: Value = c
        .post(app.url("/api/v1/import/csv/people?partial=true"))
        .bearer_auth(&token)
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["changes"]["unchanged"]["people"], 2);
    let viewer = app.token(VIEWER).await;
    let res = c
        .post(app.url("/api/v1/import/csv/people"))
        .bearer_auth(&viewer)
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn the_upload_page_checks_a_file_and_shows_the_report() {
    let app = spawn_app().await;
    let (c, csrf) = app.signed_in(ADMIN).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("format", "people")
        .text("dry_run", "yes")
        .part(
            "file",
            reqwest::multipart::Part::bytes(people_csv(&[("X2", "Bad Nhs", "943 476 5918")]).into_bytes())
                .file_name("people.csv"),
        );
    let res = c.post(app.url("/import")).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("nothing was imported") && html.contains("people.csv row 2") && html.contains("check digit"),
        "{html}"
    );
}

/// Every official UK Core example, each imported on its own into the demo organisation: all
/// apply, except two that Lantern must refuse, with a reason a person can act on.
#[tokio::test]
async fn every_uk_core_example_imports_or_is_refused_with_a_readable_reason() {
    use lantern_store::{ImportFailure, ImportOptions};
    let dir = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default())
        .join("../../../shared/fixtures/ukcore");
    if !dir.exists() {
        assert!(std::env::var("CI").is_err(), "{} is missing", dir.display());
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "skipped: {} is missing", dir.display());
        return;
    }
    let app = spawn_app().await;
    let service = app.first_in(EntityKind::Person, "residential").await;
    let service = app.store.get(EntityKind::Person, service).await.unwrap().service_id;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    // As a care system would send them: organisations and people before what refers to them.
    let rank = |p: &std::path::PathBuf| {
        let n = p.file_name().unwrap().to_string_lossy().into_owned();
        (
            ["-Organization-", "-Patient-", "-Medication-"]
                .iter()
                .position(|k| n.contains(k))
                .unwrap_or(9),
            n,
        )
    };
    files.sort_by_key(rank);
    assert!(files.len() > 40);
    let mut refused = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let opts = lantern_import::fhir::FhirOptions {
            service_id: service,
            file: name.clone(),
        };
        let batch = lantern_import::fhir::read_json(&std::fs::read(file).unwrap(), &opts);
        assert!(batch.errors.is_empty(), "{name}: {:?}", batch.errors);
        let actor = lantern_store::Actor::system("test");
        match app
            .store
            .import(
                &batch.records,
                &ImportOptions::default(),
                &actor,
                "2026-11-24T09:00:00Z".parse().unwrap(),
            )
            .await
        {
            Ok(_) => {}
            Err(ImportFailure::Invalid(errors)) => refused.push((
                name,
                errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "),
            )),
            Err(ImportFailure::Store(e)) => panic!("{name}: {e}"),
        }
    }
    refused.sort();
    let names: Vec<&str> = refused.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "UKCore-MedicationRequest-EyeDrops-Example.json",
            "UKCore-Patient-BabyPatient-Example.json"
        ],
        "{refused:#?}"
    );
    assert!(
        refused[0].1.contains("no medicine for the new medicine"),
        "its name is in another file: {}",
        refused[0].1
    );
    assert!(
        refused[1].1.contains("check digit"),
        "the example's NHS number fails modulus 11: {}",
        refused[1].1
    );
}
