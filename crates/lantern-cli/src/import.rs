//! `lantern import csv|fhir` and `lantern export csv|fhir`: the care snapshot in and out.

use crate::commands::{chain, open};
use crate::config::Config;
use indicatif::{ProgressBar, ProgressStyle};
use lantern_core::EntityKind;
use lantern_import::{csv_in, csv_out};
use lantern_store::{Actor, ImportOptions, ImportSummary, ListQuery, Store};
use lantern_web::Clock;
use lantern_web::imports::{Format, ImportFile, Request};
use std::collections::HashMap;
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
    let actor = Actor::system("lantern import");
    let report = lantern_web::imports::run(&store, request, &actor, Clock::system().now())
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

/// Writes every entity's current records as `{slug}.csv` in `dir`, in the import templates.
pub async fn export_csv(config: &Config, dir: &Path) -> Result<(), String> {
    let store = open(config).await?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut sources: HashMap<(EntityKind, i64), String> = HashMap::new();
    let mut all = Vec::new();
    for kind in EntityKind::ALL {
        let page = store
            .list(
                kind,
                &ListQuery {
                    limit: 1_000_000,
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| chain(&e))?;
        let mut items = page.items;
        items.sort_by_key(|s| s.id);
        for s in &items {
            sources.insert(
                (kind, s.id),
                s.external_id.clone().unwrap_or_else(|| format!("#{}", s.id)),
            );
        }
        all.push((kind, items));
    }
    let source_of = |kind: EntityKind, id: i64| sources.get(&(kind, id)).cloned().unwrap_or_else(|| format!("#{id}"));
    for (kind, items) in &all {
        let rows: Vec<csv_out::Row> = items
            .iter()
            .map(|s| csv_out::Row {
                source_id: source_of(*kind, s.id),
                record: &s.record,
            })
            .collect();
        let bytes = csv_out::write(*kind, &rows, &source_of)?;
        let file = dir.join(format!("{}.csv", kind.slug()));
        std::fs::write(&file, bytes).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        println!("{}: {} {}", file.display(), rows.len(), kind.spec().plural_in_text());
    }
    audit_export(&store, "CSV", dir).await
}

/// Writes people (of one service, or all) with their current medicines as a FHIR Bundle.
pub async fn export_fhir(config: &Config, service: Option<i64>, out: &Path) -> Result<(), String> {
    let store = open(config).await?;
    let q = ListQuery {
        service,
        limit: 1_000_000,
        ..Default::default()
    };
    let people = store.list(EntityKind::Person, &q).await.map_err(|e| chain(&e))?.items;
    let medicines = store.list(EntityKind::Medicine, &q).await.map_err(|e| chain(&e))?.items;
    let source = |s: &lantern_store::Stored| s.external_id.clone().unwrap_or_else(|| format!("lantern-{}", s.id));
    let sources: HashMap<i64, String> = people.iter().map(|p| (p.id, source(p))).collect();
    let people_rows: Vec<(String, &lantern_core::Record)> = people.iter().map(|p| (source(p), &p.record)).collect();
    let med_rows: Vec<(String, String, &lantern_core::Record)> = medicines
        .iter()
        .filter_map(|m| {
            let person = sources.get(&m.record.int("person_id")?)?;
            Some((source(m), person.clone(), &m.record))
        })
        .collect();
    let now = Clock::system().now();
    let bundle = lantern_import::fhir_out::bundle(&people_rows, &med_rows, &now.to_string());
    let bytes = serde_json::to_vec_pretty(&bundle).map_err(|e| e.to_string())?;
    std::fs::write(out, bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "{}: {} people and {} medicines",
        out.display(),
        people_rows.len(),
        med_rows.len()
    );
    audit_export(&store, "a FHIR Bundle", out).await
}

async fn audit_export(store: &Store, what: &str, dir: &Path) -> Result<(), String> {
    let entry = lantern_store::AuditEntry::new(
        Clock::system().now(),
        None,
        "lantern export",
        "export",
        format!("Exported the register as {what} to {}", dir.display()),
    );
    store.audit(&entry).await.map_err(|e| chain(&e))
}
