//! CSV files in Lantern's templates (docs/import/): one file per entity, named after it
//! (`people.csv`), a `source_id` column and one column per field. Excel's habits are expected:
//! a UTF-8 byte-order mark, CRLF line ends, quoted commas and line breaks, dates as DD/MM/YYYY.

use crate::{Batch, ImportError, Incoming};
use lantern_core::{EntityKind, FieldKind, Input, InputVal, Record};

/// The entity a file holds, from its name: `people.csv`, `Medicines.CSV`.
pub fn kind_for_file(file: &str) -> Option<EntityKind> {
    let name = std::path::Path::new(file).file_stem()?.to_str()?.to_lowercase();
    EntityKind::ALL.into_iter().find(|k| k.slug() == name)
}

/// The template's header row for an entity.
pub fn columns(kind: EntityKind) -> Vec<&'static str> {
    std::iter::once("source_id")
        .chain(kind.spec().fields.iter().map(|f| f.name))
        .collect()
}

/// Lists in one cell: one item per line. Dose times and references may also be separated by
/// semicolons; text items may not, since an allergy or a task can contain one.
fn split_items(cell: &str, semicolons: bool) -> Vec<String> {
    let separators: &[char] = if semicolons { &['\n', ';'] } else { &['\n'] };
    cell.split(separators)
        .map(|s| s.trim().trim_end_matches('\r').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Reads one CSV file held in memory. Every bad row is reported; good rows are returned for the
/// store, which applies nothing unless the whole import is clean.
pub fn read(file: &str, kind: EntityKind, bytes: &[u8]) -> Batch {
    let mut records = Vec::new();
    let mut batch = read_from(file, kind, bytes, usize::MAX, false, &mut |chunk| records.extend(chunk));
    batch.records = records;
    batch
}

/// Reads one CSV file as it streams in, handing good rows to `send` about `chunk` at a time, so
/// that a file of any size is never held whole; the batch returned holds the problems. With
/// `only_while_clean`, nothing more is sent once a problem is found (nothing will be imported
/// then), but every row is still read so that every problem is reported.
pub fn read_from(
    file: &str,
    kind: EntityKind,
    input: impl std::io::Read,
    chunk: usize,
    only_while_clean: bool,
    send: &mut dyn FnMut(Vec<Incoming>),
) -> Batch {
    let mut batch = Batch::default();
    let mut input = std::io::BufReader::new(input);
    // Excel's byte-order mark, when there is one.
    if let Ok(start) = std::io::BufRead::fill_buf(&mut input)
        && start.starts_with(b"\xEF\xBB\xBF")
    {
        std::io::BufRead::consume(&mut input, 3);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let mut ready = Vec::new();
    let err = |location: String, field: Option<&str>, reason: String| ImportError {
        location,
        field: field.map(String::from),
        reason,
    };
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => {
            batch.errors.push(err(
                format!("{file} row 1"),
                None,
                format!("cannot read the header row: {e}"),
            ));
            return batch;
        }
    };
    let spec = kind.spec();
    for h in &headers {
        if h != "source_id" && spec.field(h).is_none() {
            batch.errors.push(err(
                format!("{file} row 1"),
                Some(h),
                format!("{} has no column '{h}'", spec.singular),
            ));
        }
    }
    if !headers.iter().any(|h| h == "source_id") {
        batch.errors.push(err(
            format!("{file} row 1"),
            Some("source_id"),
            "the source_id column is missing".into(),
        ));
    }
    if !batch.errors.is_empty() {
        return batch;
    }
    let mut seen = std::collections::HashSet::new();
    for (i, row) in reader.records().enumerate() {
        let location = format!("{file} row {}", i + 2);
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                batch.errors.push(err(location, None, format!("not valid CSV: {e}")));
                continue;
            }
        };
        if row.len() != headers.len() {
            let reason = format!("has {} cells; the header has {}", row.len(), headers.len());
            batch.errors.push(err(location, None, reason));
            continue;
        }
        let mut input = Input::new();
        let mut refs = Vec::new();
        let mut source_id = String::new();
        for (h, cell) in headers.iter().zip(row.iter()) {
            // Trimmed, then the quote an export put before a formula-like cell taken off
            // (formula.rs), then trimmed again: a tab-led value loses its tab like any cell's
            // surrounding space (Lantern never stores one: values are trimmed when saved).
            let cell = crate::formula::restore(cell.trim()).trim();
            if h == "source_id" {
                source_id = cell.to_string();
                continue;
            }
            let Some(f) = spec.field(h) else { continue };
            match f.kind {
                FieldKind::Ref(_) if !cell.is_empty() => refs.push((f.name, vec![cell.to_string()])),
                FieldKind::RefList(_) if !cell.is_empty() => refs.push((f.name, split_items(cell, true))),
                FieldKind::Ref(_) | FieldKind::RefList(_) => {}
                FieldKind::TextList | FieldKind::TimeList => {
                    let semicolons = f.kind == FieldKind::TimeList;
                    input.insert(f.name.to_string(), InputVal::Many(split_items(cell, semicolons)));
                }
                FieldKind::Pairs { .. } => {
                    input.insert(f.name.to_string(), InputVal::One(cell.replace("\r\n", "\n")));
                }
                _ => {
                    input.insert(f.name.to_string(), InputVal::One(cell.to_string()));
                }
            }
        }
        if source_id.is_empty() {
            batch
                .errors
                .push(err(location, Some("source_id"), "every row needs a source_id".into()));
            continue;
        }
        if !seen.insert(source_id.clone()) {
            batch.errors.push(err(
                location,
                Some("source_id"),
                format!("'{source_id}' appears twice in the file"),
            ));
            continue;
        }
        // Check the row's own values now, with references standing in, so that every bad cell is
        // reported with its row; references are checked when the batch is applied.
        let mut check = input.clone();
        for (field, targets) in &refs {
            check.insert(
                field.to_string(),
                InputVal::Many((1..=targets.len()).map(|n| n.to_string()).collect()),
            );
        }
        if let Err(errors) = Record::parse(kind, &check) {
            for (field, reason) in errors.0 {
                batch.errors.push(err(location.clone(), Some(&field), reason));
            }
            continue;
        }
        if only_while_clean && !batch.errors.is_empty() {
            // Nothing will be imported: the rest is read only for its problems.
            continue;
        }
        ready.push(Incoming {
            kind,
            source_id,
            input,
            defaults: Input::new(),
            refs,
            additive: Vec::new(),
            origin: location,
            elements: Vec::new(),
        });
        if ready.len() >= chunk {
            send(std::mem::take(&mut ready));
        }
    }
    let wanted = batch.errors.is_empty() || !only_while_clean;
    if wanted && !ready.is_empty() {
        send(ready);
    }
    batch
}

#[cfg(test)]
mod tests;
