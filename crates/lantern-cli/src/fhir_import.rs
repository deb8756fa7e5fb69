//! `lantern import fhir FILE…`: the files are read in a thread while the store applies what
//! has been read, a chunk at a time, in one transaction — so an import of any size is all or
//! nothing without being held in memory (bench/README.md has the figures). The files are one
//! import: a reference in one to a resource in another resolves.

use crate::commands::{chain, open};
use crate::config::Config;
use crate::import::{bar, file_name, print_summary, print_unused};
use lantern_import::{Batch, Incoming, fhir};
use lantern_store::{Actor, ImportFailure, ImportOptions};
use lantern_web::Clock;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use tokio::sync::mpsc;

/// Chunks read ahead of the store: enough to keep both busy, few enough to bound memory.
const READ_AHEAD: usize = 2;

fn is_ndjson(path: &Path) -> bool {
    file_name(path).to_lowercase().ends_with(".ndjson")
}

fn open_file(path: &Path) -> Result<BufReader<File>, String> {
    let file = File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(BufReader::with_capacity(256 * 1024, file))
}

fn read_whole(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Both passes over every file, handing records to `send`; returns the problems found and
/// what was not used.
fn read(paths: &[PathBuf], service: Option<i64>, send: &mut dyn FnMut(Vec<Incoming>)) -> Result<Batch, String> {
    let progress = bar(paths.len());
    let mut reader = fhir::Reader::new(service).only_while_clean();
    let mut ordered: Vec<(u8, &PathBuf)> = Vec::new();
    for path in paths {
        progress.set_message(format!("indexing {}", file_name(path)));
        let order = if is_ndjson(path) {
            reader.index_ndjson(open_file(path)?)
        } else {
            reader.index_json(&read_whole(path)?)
        };
        ordered.push((order, path));
        progress.inc(1);
    }
    // Files with practices, then with patients, then the rest (fhir::order_of says why);
    // otherwise in the order given.
    ordered.sort_by_key(|(order, _)| *order);
    progress.set_position(0);
    for (_, path) in ordered {
        let name = file_name(path);
        progress.set_message(format!("importing {name}"));
        if is_ndjson(path) {
            reader.map_ndjson(&name, open_file(path)?, send);
        } else {
            reader.map_json(&name, &read_whole(path)?, send);
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    Ok(reader.finish(send))
}

/// Reads and applies FHIR JSON bundles or resources and NDJSON files as one import.
pub async fn import(config: &Config, paths: &[PathBuf], service: Option<i64>, dry_run: bool) -> Result<(), String> {
    for path in paths {
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    }
    let store = open(config).await?;
    let actor = Actor::system("lantern import");
    let options = ImportOptions {
        dry_run,
        ..Default::default()
    };
    let failed = |e: ImportFailure| match e {
        ImportFailure::Store(e) => chain(&e),
        ImportFailure::Invalid(errors) => format!("{} problems found; nothing was imported", errors.len()),
    };
    let mut session = store
        .begin_import(options, &actor, Clock::system().now())
        .await
        .map_err(failed)?;
    let (tx, mut rx) = mpsc::channel::<Vec<Incoming>>(READ_AHEAD);
    let files = paths.to_vec();
    let reading = tokio::task::spawn_blocking(move || {
        // A closed channel means the store gave up; the rest is read only for its problems.
        read(&files, service, &mut |chunk| {
            let _ = tx.blocking_send(chunk);
        })
    });
    let mut applied = Ok(());
    while let Some(chunk) = rx.recv().await {
        if let Err(e) = session.apply(chunk).await {
            applied = Err(e);
            break;
        }
    }
    drop(rx);
    let batch = reading.await.map_err(|e| format!("reading the files failed: {e}"))??;
    print_unused(&batch);
    if !batch.errors.is_empty() {
        for e in &batch.errors {
            eprintln!("{e}");
        }
        return Err(format!("{} problems found; nothing was imported", batch.errors.len()));
    }
    applied.map_err(failed)?;
    match session.finish().await {
        Ok(summary) => {
            print_summary(&summary, dry_run);
            Ok(())
        }
        Err(ImportFailure::Invalid(errors)) => {
            for e in &errors {
                eprintln!("{e}");
            }
            Err(format!("{} problems found; nothing was imported", errors.len()))
        }
        Err(e) => Err(failed(e)),
    }
}
