//! Migrations embedded in the binary, one folder per backend, applied in order at start-up,
//! each in its own transaction.

use crate::{Backend, Store, StoreError, codec};
use sqlx::{Executor, Row};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sqlite: include_str!("../migrations/sqlite/0001_init.sql"),
        postgres: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "packs",
        sqlite: include_str!("../migrations/sqlite/0002_packs.sql"),
        postgres: include_str!("../migrations/postgres/0002_packs.sql"),
    },
];

pub(crate) async fn run(store: &Store) -> Result<(), StoreError> {
    let _w = store.write_lock.lock().await;
    store
        .pool
        .execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations \
             (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .await?;
    let applied: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
        .fetch_all(&store.pool)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()?;
    for m in MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
        let sql = match store.backend {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        let mut tx = store.pool.begin().await?;
        let fail = |source| StoreError::Migration {
            version: m.version,
            source,
        };
        // Comments go first: they may contain ';'. Statements never do.
        let sql = strip_comments(sql);
        for statement in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            tx.execute(statement).await.map_err(fail)?;
        }
        // When a migration ran is bookkeeping for operators, not domain time: the wall clock.
        #[allow(clippy::disallowed_methods)]
        let applied_at = codec::ts(jiff::Timestamp::now());
        sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
            .bind(m.version)
            .bind(m.name)
            .bind(applied_at)
            .execute(&mut *tx)
            .await
            .map_err(fail)?;
        tx.commit().await.map_err(fail)?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
    }
    Ok(())
}

fn strip_comments(sql: &str) -> String {
    sql.lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
}
