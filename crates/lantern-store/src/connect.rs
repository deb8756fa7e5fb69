//! Opening the database: a SQLite file in the data directory, or a PostgreSQL URL.

use crate::{Backend, Store, StoreError, migrate};
use sqlx::Executor;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

/// The file name of the embedded database inside the data directory.
pub const SQLITE_FILE: &str = "lantern.db";

impl Store {
    /// Opens (creating if need be) `DIR/lantern.db` and brings its schema up to date.
    pub async fn open_dir(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
            path: dir.display().to_string(),
            reason: e.to_string(),
        })?;
        let file = dir.join(SQLITE_FILE);
        let url = format!("sqlite://{}?mode=rwc", file.display());
        Self::open_url(&url).await
    }

    /// Opens `sqlite://…` or `postgres://…` and migrates it.
    pub async fn open_url(url: &str) -> Result<Store, StoreError> {
        let store = Self::connect(url).await?;
        migrate::run(&store).await?;
        Ok(store)
    }

    /// Opens `url` with the migrations applied only up to `version` (0: none). For the test
    /// that compares, migration by migration, what the SQLite and PostgreSQL folders create.
    #[doc(hidden)]
    pub async fn open_url_migrated_to(url: &str, version: i64) -> Result<Store, StoreError> {
        let store = Self::connect(url).await?;
        migrate::run_to(&store, version).await?;
        Ok(store)
    }

    async fn connect(url: &str) -> Result<Store, StoreError> {
        install_default_drivers();
        let backend = if url.starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let options = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 10 })
            .acquire_timeout(Duration::from_secs(10));
        let options = if backend == Backend::Sqlite {
            options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers work while a write commits; FULL syncs every commit to
                    // disk, so a saved record survives a power cut on a branch laptop.
                    // The busy timeout first: setting the journal mode may itself wait for a
                    // writer in another process. A minute, because that writer may be a CLI
                    // import of a large file (web writes in this process queue on the write
                    // lock instead and never wait here).
                    conn.execute("PRAGMA busy_timeout = 60000").await?;
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = FULL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    Ok(())
                })
            })
        } else {
            options
        };
        let pool = options.connect(url).await?;
        let store = Store {
            pool,
            backend,
            write_lock: Arc::new(Mutex::new(())),
        };
        Ok(store)
    }

    /// Reads a PRAGMA's value (SQLite only): lets tests check the settings really apply.
    pub async fn sqlite_pragma(&self, name: &str) -> Result<String, StoreError> {
        use sqlx::Row;
        if !name.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
            return Err(StoreError::invalid("pragma", "not a pragma name"));
        }
        let row = sqlx::query(&format!("PRAGMA {name}")).fetch_one(&self.pool).await?;
        let v: Result<i64, _> = row.try_get(0);
        Ok(match v {
            Ok(n) => n.to_string(),
            Err(_) => row.try_get::<String, _>(0)?,
        })
    }

    /// Runs one SQL statement as it is, bypassing every rule of the store. Only for tests that
    /// prove the database itself refuses a change (the append-only timeline).
    #[doc(hidden)]
    pub async fn execute_unchecked_for_tests(&self, sql: &str) -> Result<u64, StoreError> {
        let _w = self.write_lock.lock().await;
        Ok(sqlx::query(sql).execute(&self.pool).await?.rows_affected())
    }
}
