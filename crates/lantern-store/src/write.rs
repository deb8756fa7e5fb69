//! Write transactions. SQLite has one writer at a time: a transaction begun with a plain
//! `BEGIN` reads first and upgrades to writing later, and if another connection (another
//! request, a CLI import in a second process) committed in between, SQLite refuses the upgrade
//! at once with "database is locked" (SQLITE_BUSY_SNAPSHOT), whatever the busy timeout. So every
//! write transaction here queues on the process's write lock and begins `IMMEDIATE`: it takes
//! the database's write lock before reading anything, waiting (up to the busy timeout) for a
//! writer in another process instead of failing. PostgreSQL needs neither; the lock only
//! keeps the two backends alike.

use crate::{Backend, Store, StoreError};
use sqlx::{Any, AnyConnection, Transaction};
use std::ops::{Deref, DerefMut};
use tokio::sync::OwnedMutexGuard;

/// A write transaction holding the process's write lock. Dropped without [`WriteTx::commit`],
/// it rolls back (sqlx flushes the rollback as the connection returns to the pool; a writer
/// that gets the lock meanwhile waits for it through the busy timeout).
pub(crate) struct WriteTx {
    tx: Transaction<'static, Any>,
    _lock: OwnedMutexGuard<()>,
}

impl Store {
    /// Begins a write transaction: see the module's comment for why it is `IMMEDIATE`.
    pub(crate) async fn write(&self) -> Result<WriteTx, StoreError> {
        let lock = self.write_lock.clone().lock_owned().await;
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        let tx = self.pool.begin_with(begin).await?;
        Ok(WriteTx { tx, _lock: lock })
    }
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        Ok(())
    }

    /// The transaction and its lock, for a session that outlives one call (an import).
    pub(crate) fn into_parts(self) -> (Transaction<'static, Any>, OwnedMutexGuard<()>) {
        (self.tx, self._lock)
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}
