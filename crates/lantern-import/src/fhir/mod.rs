//! FHIR R4 (UK Core) in: JSON bytes or NDJSON lines → a [`Batch`] of register records keyed
//! by the source's ids ("Patient/abc"). Pure: no I/O, no clock.
//!
//! What becomes what (the minimum to run care on paper, PRODUCT.md "Care snapshot"):
//! - Patient → Person; its `contact` list and RelatedPerson → Contacts (contact.rs)
//! - AllergyIntolerance, Flag, Condition, CarePlan → the Person's allergies, key risks and
//!   support-plan summary; a partial Person update when the Patient is not in the file
//! - Organization → Practice; PractitionerRole → the practice it belongs to (organisation.rs)
//! - MedicationRequest, MedicationStatement (+ Medication) → Medicine (medication.rs, dosage.rs)
//! - Appointment, Encounter at home → Visit (visit.rs)
//! - everything else is counted in `unused` by type, never an error.
//!
//! The serde structs are our own and minimal (ARCHITECTURE.md: the FHIR crates were slow to
//! build or lost data): every element optional, unknown ones ignored, a wrong JSON type an
//! error with its JSON path (path.rs). Nothing here panics on any input (see the proptests).

mod allergy;
mod bundle;
mod contact;
mod dosage;
mod mapping;
mod medication;
mod model;
mod organisation;
mod out;
mod path;
mod patient;
mod resolve;
mod risks;
mod route;
mod stream;
mod timing;
mod visit;

#[cfg(test)]
mod fixture_cases;
#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use crate::Batch;

pub use stream::{CHUNK, Reader, order_of};

/// How to read a FHIR file.
#[derive(Debug, Clone, Default)]
pub struct FhirOptions {
    /// The service people and visits belong to; FHIR does not say.
    pub service_id: Option<i64>,
    /// The file's name, for error locations ("bundle.json Patient/abc", "data.ndjson line 3").
    pub file: String,
}

/// A Bundle (collection, batch, transaction, searchset, or any), a single resource, read from
/// JSON, held whole: for one file uploaded on its own. [`Reader`] reads files of any size.
pub fn read_json(bytes: &[u8], opts: &FhirOptions) -> Batch {
    let mut reader = Reader::new(opts.service_id).chunk_size(usize::MAX);
    reader.index_json(bytes);
    let mut records = Vec::new();
    reader.map_json(&opts.file, bytes, &mut |chunk| records.extend(chunk));
    finish(reader, records)
}

/// NDJSON: one resource per line (blank lines ignored), held whole (the two passes of
/// [`Reader`] need it twice): for one file uploaded on its own. A line may refer to a
/// Medication on a later line.
pub fn read_ndjson(mut input: impl std::io::BufRead, opts: &FhirOptions) -> Batch {
    let mut bytes = Vec::new();
    let failed = input.read_to_end(&mut bytes).err();
    let mut reader = Reader::new(opts.service_id).chunk_size(usize::MAX);
    reader.index_ndjson(&bytes[..]);
    let mut records = Vec::new();
    reader.map_ndjson(&opts.file, &bytes[..], &mut |chunk| records.extend(chunk));
    let mut batch = finish(reader, records);
    if let Some(e) = failed {
        let line = bytes.iter().filter(|b| **b == b'\n').count() + 1;
        batch.errors.push(crate::ImportError {
            location: format!("{} line {line}", opts.file),
            field: None,
            reason: format!("cannot read the file: {e}"),
        });
    }
    batch
}

fn finish(reader: Reader, mut records: Vec<crate::Incoming>) -> Batch {
    let mut batch = reader.finish(&mut |chunk| records.extend(chunk));
    batch.records = records;
    batch
}
