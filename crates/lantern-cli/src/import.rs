//! `lantern import csv|fhir` and `lantern export csv|fhir`: the care snapshot in and out.

use crate::commands::{at_the_server, open};
use crate::config::Config;
use indicatif::{ProgressBar, ProgressStyle};
use lantern_app::imports::{Format, ImportFile, Request};
use lantern_app::{Clock, exports};
use lantern_core::EntityKind;
use lantern_import::csv_in;
use lantern_store::{ImportOptions, ImportSummary};
use std::path::{Path, PathBuf};

fn bar(files: usize) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(&format!("{{spinner}} {files} file(s): {{msg}}"))
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The files of `lantern import csv`, each named after what it holds (`people.csv`…).
pub fn csv_files(paths: &[PathBuf]) -> Result<(Vec<ImportFile>, Vec<EntityKind>), String> {
    let mut files = Vec::new();
    let mut kinds = Vec::new();
    for path in paths {
        let name = file_name(path);
        let kind = csv_in::kind_for_file(&name).ok_or_else(|| {
            let names: Vec<String> = EntityKind::ALL.iter().map(|k| format!("{}.csv", k.slug())).collect();
            format!(
                "{name}: the file name says what it holds; use one of {}",
                names.join(", ")
            )
        })?;
        files.push(ImportFile {
            path: path.clone(),
            name,
            format: Format::Csv(kind),
        });
        kinds.push(kind);
    }
    Ok((files, kinds))
}

/// The files of `lantern import fhir`: `.ndjson` files a resource per line, others one JSON
/// document each.
pub fn fhir_files(paths: &[PathBuf]) -> Vec<ImportFile> {
    paths
        .iter()
        .map(|path| {
            let name = file_name(path);
            let format = if name.to_lowercase().ends_with(".ndjson") {
                Format::Ndjson
            } else {
                Format::FhirJson
            };
            ImportFile {
                path: path.clone(),
                name,
                format,
            }
        })
        .collect()
}

fn print_unused(not_used: &std::collections::BTreeMap<String, usize>) {
    for (kind, n) in not_used {
        println!("Not imported (not used by Lantern): {n} × {kind}");
    }
}

fn print_summary(s: &ImportSummary, dry_run: bool) {
    println!(
        "{}",
        if dry_run {
            "Dry run: nothing was changed. The import would make:"
        } else {
            "Imported:"
        }
    );
    let lines = s.lines();
    if lines.is_empty() {
        println!("  nothing");
    }
    for l in lines {
        println!("  {l}");
    }
}

/// Imports the files as one, through the same path as the web and the API (and audited the
/// same way): every problem is printed and nothing changes, or all of it applies.
pub async fn run(
    command: &str,
    config: &Config,
    files: Vec<ImportFile>,
    service: Option<i64>,
    options: ImportOptions,
) -> Result<(), String> {
    for f in &files {
        std::fs::metadata(&f.path).map_err(|e| format!("cannot read {}: {e}", f.path.display()))?;
    }
    let store = open(config).await?;
    let progress = bar(files.len());
    let shown = progress.clone();
    let request = Request {
        files,
        service,
        options: options.clone(),
        progress: std::sync::Arc::new(move |message| shown.set_message(message)),
    };
    let actor = at_the_server(command);
    let report = lantern_app::imports::run(&store, request, &actor, Clock::system().now())
        .await
        .map_err(|e| e.to_string())?;
    progress.finish_and_clear();
    print_unused(&report.not_used);
    if !report.problems.is_empty() {
        for e in &report.problems {
            eprintln!("{e}");
        }
        let n = report.problems.len();
        return Err(format!(
            "{n} {} found; nothing was imported",
            if n == 1 { "problem" } else { "problems" }
        ));
    }
    if let Some(summary) = &report.summary {
        print_summary(summary, options.dry_run);
    }
    Ok(())
}

pub async fn service_id(config: &Config, wanted: &str) -> Result<i64, String> {
    let store = open(config).await?;
    let found = crate::packs::services(&store, Some(wanted)).await?;
    found
        .first()
        .map(|(id, _)| *id)
        .ok_or_else(|| format!("--service: there is no service called '{wanted}'"))
}

/// Writes the register as CSV files into `dir`, one per kind of record.
pub async fn export_csv(config: &Config, dir: &Path) -> Result<(), String> {
    let store = open(config).await?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let actor = at_the_server("lantern export csv");
    let files = exports::register_csv(&store, &actor, Clock::system().now(), &dir.display().to_string())
        .await
        .map_err(|e| e.to_string())?;
    for f in files {
        let file = dir.join(&f.name);
        std::fs::write(&file, &f.bytes).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        println!("{}: {} {}", file.display(), f.rows, f.kind.spec().plural_in_text());
    }
    Ok(())
}

/// Writes people (of one service, or all) with their current medicines as a FHIR Bundle.
pub async fn export_fhir(config: &Config, service: Option<i64>, out: &Path) -> Result<(), String> {
    let store = open(config).await?;
    let actor = at_the_server("lantern export fhir");
    let export = exports::register_fhir(
        &store,
        &actor,
        service,
        Clock::system().now(),
        &out.display().to_string(),
    )
    .await
    .map_err(|e| e.to_string())?;
    std::fs::write(out, &export.bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "{}: {} people and {} medicines",
        out.display(),
        export.people,
        export.medicines
    );
    Ok(())
}
