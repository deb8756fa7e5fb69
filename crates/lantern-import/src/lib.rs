//! Getting the care snapshot in: CSV files in Lantern's templates and FHIR R4 (UK Core)
//! bundles, parsed into records keyed by the source system's identifiers. Parsing is pure and
//! reports every problem with where it is; the store applies a batch all or nothing.
//!
//! And back out: the register as CSV or FHIR (csv_out, fhir_out), and the reconciled paper
//! dose records of a disruption for re-entry into the care system (reentry_csv, reentry_fhir),
//! every CSV cell guarded against being run as a spreadsheet formula (formula.rs).

pub mod csv_in;
pub mod csv_out;
pub mod fhir;
pub mod fhir_out;
pub mod formula;
pub mod governance_csv;
pub mod reentry_csv;
pub mod reentry_fhir;
#[cfg(test)]
mod reentry_tests;
pub mod templates;
pub mod training_provider;

use std::collections::BTreeMap;

pub use lantern_core::incoming::{ImportError, Incoming};
pub use reentry_csv::reentry_csv;
pub use reentry_fhir::reentry_fhir;

/// What a file or bundle holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    pub records: Vec<Incoming>,
    pub errors: Vec<ImportError>,
    /// Resource types (or files) read but not used, with how many: never silently dropped.
    pub unused: BTreeMap<String, usize>,
}

impl Batch {
    pub fn merge(&mut self, other: Batch) {
        self.records.extend(other.records);
        self.errors.extend(other.errors);
        for (k, n) in other.unused {
            *self.unused.entry(k).or_default() += n;
        }
    }
}
