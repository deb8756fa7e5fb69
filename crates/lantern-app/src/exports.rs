//! The register out of Lantern — as CSV files in the import templates (so an export imports
//! back unchanged) or as a FHIR Bundle of people and their current medicines — for the
//! command line, audited like every other way records leave Lantern.

use crate::Error;
use jiff::Timestamp;
use lantern_core::{EntityKind, Record};
use lantern_import::{csv_out, fhir_out};
use lantern_store::{Actor, AuditEntry, ListQuery, Store, Stored};
use std::collections::HashMap;

/// One CSV file of the register.
pub struct CsvFile {
    pub kind: EntityKind,
    /// `people.csv`, …
    pub name: String,
    pub bytes: Vec<u8>,
    pub rows: usize,
}

/// A FHIR Bundle of people with their current medicines.
pub struct FhirExport {
    pub bytes: Vec<u8>,
    pub people: usize,
    pub medicines: usize,
}

async fn every(store: &Store, kind: EntityKind, service: Option<i64>) -> Result<Vec<Stored>, Error> {
    let q = ListQuery {
        service,
        limit: 1_000_000,
        ..Default::default()
    };
    let mut items = store.list(kind, &q).await?.items;
    items.sort_by_key(|s| s.id);
    Ok(items)
}

/// Every kind of record as a CSV file, references written as the other file's source ids.
/// `destination` says in the audit log where it went.
pub async fn register_csv(
    store: &Store,
    actor: &Actor,
    now: Timestamp,
    destination: &str,
) -> Result<Vec<CsvFile>, Error> {
    let mut sources: HashMap<(EntityKind, i64), String> = HashMap::new();
    let mut all = Vec::new();
    for kind in EntityKind::ALL {
        let items = every(store, kind, None).await?;
        for s in &items {
            sources.insert(
                (kind, s.id),
                s.external_id.clone().unwrap_or_else(|| format!("#{}", s.id)),
            );
        }
        all.push((kind, items));
    }
    let source_of = |kind: EntityKind, id: i64| sources.get(&(kind, id)).cloned().unwrap_or_else(|| format!("#{id}"));
    let mut files = Vec::new();
    for (kind, items) in &all {
        let rows: Vec<csv_out::Row> = items
            .iter()
            .map(|s| csv_out::Row {
                source_id: source_of(*kind, s.id),
                record: &s.record,
            })
            .collect();
        let bytes = csv_out::write(*kind, &rows, &source_of).map_err(|e| Error::Internal(e.into()))?;
        files.push(CsvFile {
            kind: *kind,
            name: format!("{}.csv", kind.slug()),
            bytes,
            rows: rows.len(),
        });
    }
    audited(store, actor, now, "CSV", destination).await?;
    Ok(files)
}

/// People (of one service, or all) with their current medicines as a FHIR Bundle.
pub async fn register_fhir(
    store: &Store,
    actor: &Actor,
    service: Option<i64>,
    now: Timestamp,
    destination: &str,
) -> Result<FhirExport, Error> {
    let people = every(store, EntityKind::Person, service).await?;
    let medicines = every(store, EntityKind::Medicine, service).await?;
    let source = |s: &Stored| s.external_id.clone().unwrap_or_else(|| format!("lantern-{}", s.id));
    let sources: HashMap<i64, String> = people.iter().map(|p| (p.id, source(p))).collect();
    let people_rows: Vec<(String, &Record)> = people.iter().map(|p| (source(p), &p.record)).collect();
    let med_rows: Vec<(String, String, &Record)> = medicines
        .iter()
        .filter_map(|m| {
            let person = sources.get(&m.record.int("person_id")?)?;
            Some((source(m), person.clone(), &m.record))
        })
        .collect();
    let bundle = fhir_out::bundle(&people_rows, &med_rows, &now.to_string());
    let bytes = serde_json::to_vec_pretty(&bundle).map_err(Error::internal)?;
    audited(store, actor, now, "a FHIR Bundle", destination).await?;
    Ok(FhirExport {
        bytes,
        people: people_rows.len(),
        medicines: med_rows.len(),
    })
}

async fn audited(store: &Store, actor: &Actor, now: Timestamp, what: &str, destination: &str) -> Result<(), Error> {
    let entry = AuditEntry::new(
        now,
        actor.user_id,
        &actor.label,
        "export",
        format!("Exported the register as {what} to {destination}"),
    );
    Ok(store.audit(&entry).await?)
}
