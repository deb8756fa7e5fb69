//! Applying an import: every record upserted by its source id, references resolved, records
//! missing from a full import ended — in one transaction that commits only if nothing at all
//! was wrong (PRODUCT.md: imports are all-or-nothing). Large imports arrive in chunks through
//! an [`ImportSession`]; [`Store::import`] applies a batch held in memory the same way.

mod access;
mod group;
mod lookup;
mod merge;
mod own;
mod pending;
mod refs;
mod seen;
mod session;

pub use session::ImportSession;

use crate::{Actor, Store, StoreError};
use jiff::Timestamp;
use lantern_core::EntityKind;
use lantern_core::incoming::{ImportError, Incoming};
use lantern_core::user::ServiceAccess;
use std::collections::BTreeMap;

/// Records handed to the session at a time by [`Store::import`]: enough for few statements
/// per chunk, few enough to keep memory small.
pub const CHUNK: usize = 2_000;

/// How to apply an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Work everything out, then roll back: what would change.
    pub dry_run: bool,
    /// Kinds whose files are complete lists: their imported records not in this import are
    /// ended — among the services of `access` only.
    pub full: Vec<EntityKind>,
    /// The services the importing user may change. `All` (the default) for the CLI and system
    /// imports; a user limited to some services may import only records of those, and a
    /// complete list ends only their records (access.rs).
    pub access: ServiceAccess,
}

/// What an import changed (or would change), per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub new: BTreeMap<EntityKind, usize>,
    pub updated: BTreeMap<EntityKind, usize>,
    pub unchanged: BTreeMap<EntityKind, usize>,
    pub ended: BTreeMap<EntityKind, usize>,
}

impl ImportSummary {
    /// One line per kind of change that happened: "new: 2 people supported, 4 medicines".
    pub fn lines(&self) -> Vec<String> {
        [
            ("new", &self.new),
            ("updated", &self.updated),
            ("unchanged", &self.unchanged),
            ("ended", &self.ended),
        ]
        .into_iter()
        .filter(|(_, counts)| !counts.is_empty())
        .map(|(what, counts)| {
            let parts: Vec<String> = counts
                .iter()
                .map(|(k, n)| format!("{n} {}", k.spec().plural_in_text()))
                .collect();
            format!("{what}: {}", parts.join(", "))
        })
        .collect()
    }
}

/// Why an import changed nothing.
#[derive(Debug)]
pub enum ImportFailure {
    /// The input is wrong: every problem, located.
    Invalid(Vec<ImportError>),
    Store(StoreError),
}

impl From<StoreError> for ImportFailure {
    fn from(e: StoreError) -> Self {
        ImportFailure::Store(e)
    }
}

impl From<sqlx::Error> for ImportFailure {
    fn from(e: sqlx::Error) -> Self {
        ImportFailure::Store(StoreError::Db(e))
    }
}

impl Store {
    /// Applies `records`, or nothing. On success returns what changed; `dry_run` rolls back.
    pub async fn import(
        &self,
        records: &[Incoming],
        options: &ImportOptions,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<ImportSummary, ImportFailure> {
        let mut session = self.begin_import(options.clone(), actor, now).await?;
        for chunk in records.chunks(CHUNK) {
            session.apply(chunk.to_vec()).await?;
        }
        session.finish().await
    }
}
