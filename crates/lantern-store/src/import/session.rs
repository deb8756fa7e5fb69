//! An import applied chunk by chunk inside one transaction, so that a file of any size is
//! applied all or nothing without being held in memory: the caller reads a few thousand
//! records, hands them over, and reads on. Only ids per source id stay (seen.rs), and records
//! that cannot be applied yet (pending.rs).

use super::group::{self, Ctx};
use super::merge::{Part, merge};
use super::pending::Pending;
use super::seen::{Outcome, SeenMap};
use super::{ImportFailure, ImportOptions, ImportSummary};
use crate::{Actor, Store, StoreError};
use jiff::Timestamp;
use lantern_core::EntityKind;
use lantern_core::incoming::{ImportError, Incoming};
use lantern_core::user::ServiceAccess;
use sqlx::Row;
use std::collections::HashSet;
use tokio::sync::OwnedMutexGuard;

/// An import in progress: [`ImportSession::apply`] each chunk, then [`ImportSession::finish`].
/// Dropped without finishing, it changes nothing (the transaction rolls back).
pub struct ImportSession {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    /// Held for the whole import: SQLite has one writer, and the import is one write.
    _write: OwnedMutexGuard<()>,
    options: ImportOptions,
    actor: Actor,
    now: Timestamp,
    next_seq: u64,
    seen: SeenMap,
    pending: Pending,
    errors: Vec<ImportError>,
}

impl Store {
    /// Starts an import: one transaction, held until [`ImportSession::finish`].
    pub async fn begin_import(
        &self,
        options: ImportOptions,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<ImportSession, ImportFailure> {
        let (tx, write) = self.write().await?.into_parts();
        Ok(ImportSession {
            tx,
            _write: write,
            options,
            actor: actor.clone(),
            now,
            next_seq: 0,
            seen: SeenMap::default(),
            pending: Pending::default(),
            errors: Vec::new(),
        })
    }
}

impl ImportSession {
    /// Applies the next records of the import, in the order they came. Problems are kept for
    /// [`ImportSession::finish`]; an `Err` here is the database failing.
    pub async fn apply(&mut self, records: Vec<Incoming>) -> Result<(), ImportFailure> {
        let mut queue: Vec<Part> = Vec::with_capacity(records.len());
        for r in records {
            queue.push((self.next_seq, r));
            self.next_seq += 1;
        }
        // Held parts of these records join them, in order, to be tried again together.
        let held: HashSet<(EntityKind, String)> = queue
            .iter()
            .filter(|(_, r)| self.pending.holds(r.kind, &r.source_id))
            .map(|(_, r)| (r.kind, r.source_id.clone()))
            .collect();
        for (kind, source) in held {
            queue.extend(self.pending.release(kind, &source));
        }
        self.rounds(queue, false).await
    }

    /// Records held so far, waiting for later chunks (for progress reports and tests).
    pub fn waiting(&self) -> usize {
        self.pending.len()
    }

    /// Problems found so far; `finish` reports them all.
    pub fn problems(&self) -> usize {
        self.errors.len()
    }

    /// Applies `queue` kind by kind; records released by what was applied go round again.
    async fn rounds(&mut self, mut queue: Vec<Part>, last: bool) -> Result<(), ImportFailure> {
        let ctx = Ctx {
            actor: &self.actor,
            now: self.now,
            last,
            access: &self.options.access,
        };
        while !queue.is_empty() {
            let merged = merge(std::mem::take(&mut queue));
            let mut groups: Vec<(EntityKind, Vec<Part>)> = Vec::new();
            for part in merged {
                match groups.last_mut() {
                    Some((kind, group)) if *kind == part.1.kind => group.push(part),
                    _ => groups.push((part.1.kind, vec![part])),
                }
            }
            for (kind, group) in groups {
                let out = group::apply(&mut self.tx, kind, group, &mut self.seen, &ctx).await?;
                for source in &out.applied {
                    queue.extend(self.pending.released_by(kind, source));
                }
                for (part, waits_for) in out.held {
                    self.pending.hold(part, waits_for);
                }
                queue.extend(out.retry);
                self.errors.extend(out.errors);
            }
        }
        Ok(())
    }

    /// Applies what is still held, ends what a full import no longer lists, and commits — or
    /// rolls everything back when anything was wrong, or for a dry run.
    pub async fn finish(mut self) -> Result<ImportSummary, ImportFailure> {
        let rest = self.pending.drain();
        self.rounds(rest, true).await?;
        let mut summary = ImportSummary::default();
        for (kind, n) in self.seen.count(Outcome::New) {
            summary.new.insert(kind, n);
        }
        for (kind, n) in self.seen.count(Outcome::Updated) {
            summary.updated.insert(kind, n);
        }
        for (kind, n) in self.seen.count(Outcome::Unchanged) {
            summary.unchanged.insert(kind, n);
        }
        for kind in self.options.full.clone() {
            let ended = self.end_missing(kind).await?;
            if ended > 0 {
                summary.ended.insert(kind, ended);
            }
        }
        if !self.errors.is_empty() {
            self.tx.rollback().await?;
            return Err(ImportFailure::Invalid(self.errors));
        }
        if self.options.dry_run {
            self.tx.rollback().await?;
        } else {
            self.tx.commit().await?;
        }
        Ok(summary)
    }

    /// Ends the imported records of `kind` that this import did not list: "missing from a full
    /// import" means missing among the services the import covers — the whole organisation
    /// for an all-services import, the importing user's services otherwise.
    async fn end_missing(&mut self, kind: EntityKind) -> Result<usize, ImportFailure> {
        let covered = match &self.options.access {
            ServiceAccess::All => String::new(),
            ServiceAccess::Only(ids) => {
                // Ids are numbers: written into the statement, as register.rs lists do.
                let list: Vec<String> = ids.iter().map(i64::to_string).collect();
                format!(
                    " AND scope_service_id IN ({})",
                    if list.is_empty() { "0".into() } else { list.join(", ") }
                )
            }
        };
        let rows = sqlx::query(&format!(
            "SELECT id FROM {} WHERE external_id IS NOT NULL AND ended_at IS NULL{covered} ORDER BY id",
            kind.table()
        ))
        .fetch_all(&mut *self.tx)
        .await?;
        let kept: HashSet<i64> = self.seen.ids(kind).collect();
        let mut gone = Vec::new();
        for row in rows {
            let id: i64 = row.try_get("id")?;
            if !kept.contains(&id) {
                gone.push(id);
            }
        }
        let mut stored = super::lookup::records_by_id(&mut self.tx, kind, &gone).await?;
        let rows: Vec<_> = gone.iter().filter_map(|id| stored.remove(id)).collect();
        if rows.len() != gone.len() {
            return Err(StoreError::Corrupt(format!("{}: a record to end vanished", kind.table())).into());
        }
        crate::writer::set_ended(&mut self.tx, kind, &rows, true, &self.actor, self.now).await?;
        Ok(rows.len())
    }
}
