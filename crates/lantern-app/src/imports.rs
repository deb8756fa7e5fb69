//! Applying an import — from the web page, the API or `lantern import` alike: files on disk
//! (the command's own, or an upload streamed to a temporary file) are read in a thread while
//! the store applies what has been read, a chunk at a time, in one transaction, so that an
//! import of any size is all or nothing without being held in memory (bench/README.md has the
//! figures). The files are one import: a reference in one to a record in another resolves.
//! Every import, applied or refused, is audited.

use crate::Error;
use lantern_core::EntityKind;
use lantern_import::{Batch, ImportError, Incoming, csv_in, fhir};
use lantern_store::{Actor, ImportFailure, ImportOptions, ImportSummary, Store};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use tokio::sync::mpsc;

/// Chunks read ahead of the store: enough to keep both busy, few enough to bound memory.
const READ_AHEAD: usize = 2;
/// Records handed to the store at a time from a CSV file.
const CSV_CHUNK: usize = 2_000;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A CSV file in an entity's template.
    Csv(EntityKind),
    /// A FHIR Bundle or resource as one JSON document.
    FhirJson,
    /// FHIR NDJSON, a resource per line (bulk exports).
    Ndjson,
    /// A learning platform's completions export (training_import.rs).
    TrainingProvider,
}

/// Told what the reading thread is doing ("indexing people.ndjson"), for a progress bar.
pub type Progress = std::sync::Arc<dyn Fn(String) + Send + Sync>;

/// No progress to show (the web).
pub fn quietly() -> Progress {
    std::sync::Arc::new(|_| {})
}

/// One file of an import, and the name its problems are reported under.
#[derive(Debug, Clone)]
pub struct ImportFile {
    pub path: PathBuf,
    pub name: String,
    pub format: Format,
}

/// What an import did, or why it did nothing.
#[derive(Debug, Clone)]
pub struct Report {
    pub dry_run: bool,
    pub summary: Option<ImportSummary>,
    /// Every problem, located.
    pub problems: Vec<ImportError>,
    pub not_used: BTreeMap<String, usize>,
}

impl Report {
    pub fn applied(&self) -> bool {
        self.problems.is_empty() && !self.dry_run
    }

    /// Every problem as (location, field, reason), for a page.
    pub fn errors(&self) -> Vec<(String, String, String)> {
        self.problems
            .iter()
            .map(|e| {
                (
                    e.location.clone(),
                    e.field.clone().unwrap_or_default(),
                    e.reason.clone(),
                )
            })
            .collect()
    }

    pub fn to_json(&self) -> Value {
        let counts = |m: &BTreeMap<EntityKind, usize>| -> Value {
            m.iter()
                .map(|(k, n)| (k.slug().to_string(), json!(n)))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        let summary = self.summary.as_ref().map(|s| {
            json!({"new": counts(&s.new), "updated": counts(&s.updated), "unchanged": counts(&s.unchanged), "ended": counts(&s.ended)})
        });
        let errors: Vec<Value> = self
            .errors()
            .iter()
            .map(|(l, f, r)| json!({"location": l, "field": f, "reason": r}))
            .collect();
        json!({"dry_run": self.dry_run, "applied": self.applied(), "changes": summary, "errors": errors, "not_used": self.not_used})
    }
}

fn open(path: &Path) -> Result<BufReader<std::fs::File>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(BufReader::with_capacity(256 * 1024, file))
}

fn read_whole(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Reads every file, handing records to `send` in chunks: CSV files first, then the FHIR files
/// in both passes (practices, then patients, then the rest: `fhir::order_of` says why).
/// Returns the problems found and what was not used.
fn read(
    files: &[ImportFile],
    service: Option<i64>,
    lookups: &crate::training_import::Lookups,
    progress: &Progress,
    send: &mut dyn FnMut(Vec<Incoming>),
) -> Result<Batch, String> {
    let mut batch = Batch::default();
    for f in files {
        if let Format::Csv(kind) = f.format {
            progress(format!("importing {}", f.name));
            let read = csv_in::read_from(&f.name, kind, open(&f.path)?, CSV_CHUNK, true, send);
            batch.errors.extend(read.errors);
            for (k, n) in read.unused {
                *batch.unused.entry(k).or_default() += n;
            }
        }
        if f.format == Format::TrainingProvider {
            progress(format!("importing {}", f.name));
            let mut read = crate::training_import::read(&f.name, open(&f.path)?, lookups);
            if batch.errors.is_empty() && read.errors.is_empty() {
                send(std::mem::take(&mut read.records));
            }
            batch.merge(read);
        }
    }
    let fhir_files: Vec<&ImportFile> = files
        .iter()
        .filter(|f| matches!(f.format, Format::FhirJson | Format::Ndjson))
        .collect();
    if fhir_files.is_empty() {
        return Ok(batch);
    }
    let mut reader = fhir::Reader::new(service).only_while_clean();
    let mut ordered = Vec::new();
    for f in fhir_files {
        progress(format!("indexing {}", f.name));
        let order = match f.format {
            Format::Ndjson => reader.index_ndjson(open(&f.path)?),
            _ => reader.index_json(&read_whole(&f.path)?),
        };
        ordered.push((order, f));
    }
    ordered.sort_by_key(|(order, _)| *order);
    for (_, f) in ordered {
        progress(format!("importing {}", f.name));
        match f.format {
            Format::Ndjson => reader.map_ndjson(&f.name, open(&f.path)?, send),
            _ => reader.map_json(&f.name, &read_whole(&f.path)?, send),
        }
    }
    batch.merge(reader.finish(send));
    Ok(batch)
}

/// An import to run: its files, the service FHIR people and visits belong to, and how.
pub struct Request {
    pub files: Vec<ImportFile>,
    pub service: Option<i64>,
    pub options: ImportOptions,
    pub progress: Progress,
}

/// Reads and applies the files as one import, all or nothing, and audits it.
pub async fn run(store: &Store, request: Request, actor: &Actor, now: jiff::Timestamp) -> Result<Report, Error> {
    let Request {
        files,
        service,
        options,
        progress,
    } = request;
    let dry_run = options.dry_run;
    let lookups = if files.iter().any(|f| f.format == Format::TrainingProvider) {
        crate::training_import::lookups(store, now.to_zoned_datetime(lantern_core::schedule::london()).date()).await?
    } else {
        Default::default()
    };
    let mut session = match store.begin_import(options, actor, now).await {
        Ok(s) => s,
        Err(ImportFailure::Store(e)) => return Err(e.into()),
        Err(ImportFailure::Invalid(problems)) => return Ok(refused(dry_run, problems, BTreeMap::new())),
    };
    let (tx, mut rx) = mpsc::channel::<Vec<Incoming>>(READ_AHEAD);
    let today = now.to_zoned_datetime(lantern_core::schedule::london()).date();
    let reading = tokio::task::spawn_blocking(move || {
        // Rows whose completion, review or held drill is dated after today: refused like any
        // bad cell, and once one is found nothing more is handed to the store (nothing will be
        // applied).
        let mut future = Vec::new();
        // A closed channel means the store gave up; the rest is read only for its problems.
        let read = read(&files, service, &lookups, &progress, &mut |chunk| {
            future.extend(chunk.iter().flat_map(|r| dated_after(r, today)));
            if future.is_empty() {
                let _ = tx.blocking_send(chunk);
            }
        });
        read.map(|mut batch| {
            batch.errors.extend(future);
            batch
        })
    });
    let mut applied = Ok(());
    let mut records = 0usize;
    while let Some(chunk) = rx.recv().await {
        records += chunk.len();
        if let Err(e) = session.apply(chunk).await {
            applied = Err(e);
            break;
        }
    }
    drop(rx);
    let batch = reading
        .await
        .map_err(Error::internal)?
        .map_err(|e| Error::internal(std::io::Error::other(e)))?;
    // The session holds the store's write lock until it is finished or dropped: it must be
    // gone before the audit entry below is written.
    let report = if !batch.errors.is_empty() {
        drop(session);
        refused(dry_run, batch.errors, batch.unused)
    } else {
        match applied {
            Err(ImportFailure::Store(e)) => return Err(e.into()),
            Err(ImportFailure::Invalid(problems)) => {
                drop(session);
                refused(dry_run, problems, batch.unused)
            }
            Ok(()) => match session.finish().await {
                Ok(summary) => Report {
                    dry_run,
                    summary: Some(summary),
                    problems: Vec::new(),
                    not_used: batch.unused,
                },
                Err(ImportFailure::Invalid(problems)) => refused(dry_run, problems, batch.unused),
                Err(ImportFailure::Store(e)) => return Err(e.into()),
            },
        }
    };
    let records = lantern_core::words::count(records, "record", "records");
    let detail = match (report.applied(), report.dry_run) {
        (true, _) => format!("Imported {records}"),
        (false, true) if report.problems.is_empty() => format!("Checked an import of {records} (dry run)"),
        (false, _) => format!(
            "Tried an import of {records}: refused, {}, nothing changed",
            lantern_core::words::count(report.problems.len(), "problem", "problems")
        ),
    };
    let entry = lantern_store::AuditEntry::new(now, actor.user_id, &actor.label, "import", detail);
    store.audit(&entry).await?;
    Ok(report)
}

/// The happened dates of an incoming row that are after `today` (a held drill's among them),
/// each as a located problem.
fn dated_after(r: &Incoming, today: jiff::civil::Date) -> Vec<ImportError> {
    let held_drill = crate::drills::imported_in_future(r, today);
    lantern_core::entity::happened_dates(r.kind)
        .iter()
        .filter(|field| {
            let text = match r.input.get(**field) {
                Some(lantern_core::InputVal::One(t)) => t,
                _ => return false,
            };
            lantern_core::values::parse_date(text).is_ok_and(|d| d > today)
        })
        .map(|field| ImportError {
            location: r.origin.clone(),
            field: Some(r.element_of(field)),
            reason: "is in the future: record it on the day it happened, or after".into(),
        })
        .chain(held_drill)
        .collect()
}

fn refused(dry_run: bool, problems: Vec<ImportError>, not_used: BTreeMap<String, usize>) -> Report {
    Report {
        dry_run,
        summary: None,
        problems,
        not_used,
    }
}
