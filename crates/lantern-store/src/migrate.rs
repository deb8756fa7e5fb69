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
    Migration {
        version: 3,
        name: "disruptions",
        sqlite: include_str!("../migrations/sqlite/0003_disruptions.sql"),
        postgres: include_str!("../migrations/postgres/0003_disruptions.sql"),
    },
    Migration {
        version: 4,
        name: "recovery",
        sqlite: include_str!("../migrations/sqlite/0004_recovery.sql"),
        postgres: include_str!("../migrations/postgres/0004_recovery.sql"),
    },
    Migration {
        version: 5,
        name: "signin",
        sqlite: include_str!("../migrations/sqlite/0005_signin.sql"),
        postgres: include_str!("../migrations/postgres/0005_signin.sql"),
    },
    Migration {
        version: 6,
        name: "timeline_services",
        sqlite: include_str!("../migrations/sqlite/0006_timeline_services.sql"),
        postgres: include_str!("../migrations/postgres/0006_timeline_services.sql"),
    },
    Migration {
        version: 7,
        name: "safe_care",
        sqlite: include_str!("../migrations/sqlite/0007_safe_care.sql"),
        postgres: include_str!("../migrations/postgres/0007_safe_care.sql"),
    },
    Migration {
        version: 8,
        name: "dose_sheet_rows",
        sqlite: include_str!("../migrations/sqlite/0008_dose_sheet_rows.sql"),
        postgres: include_str!("../migrations/postgres/0008_dose_sheet_rows.sql"),
    },
    Migration {
        version: 9,
        name: "live_board",
        sqlite: include_str!("../migrations/sqlite/0009_live_board.sql"),
        postgres: include_str!("../migrations/postgres/0009_live_board.sql"),
    },
    Migration {
        version: 10,
        name: "disruption_devices",
        sqlite: include_str!("../migrations/sqlite/0010_disruption_devices.sql"),
        postgres: include_str!("../migrations/postgres/0010_disruption_devices.sql"),
    },
    Migration {
        version: 11,
        name: "risks",
        sqlite: include_str!("../migrations/sqlite/0011_risks.sql"),
        postgres: include_str!("../migrations/postgres/0011_risks.sql"),
    },
    Migration {
        version: 12,
        name: "device_assurance",
        sqlite: include_str!("../migrations/sqlite/0012_device_assurance.sql"),
        postgres: include_str!("../migrations/postgres/0012_device_assurance.sql"),
    },
    Migration {
        version: 13,
        name: "risk_reviews",
        sqlite: include_str!("../migrations/sqlite/0013_risk_reviews.sql"),
        postgres: include_str!("../migrations/postgres/0013_risk_reviews.sql"),
    },
    Migration {
        version: 14,
        name: "training",
        sqlite: include_str!("../migrations/sqlite/0014_training.sql"),
        postgres: include_str!("../migrations/postgres/0014_training.sql"),
    },
    Migration {
        version: 15,
        name: "drills",
        sqlite: include_str!("../migrations/sqlite/0015_drills.sql"),
        postgres: include_str!("../migrations/postgres/0015_drills.sql"),
    },
    Migration {
        version: 16,
        name: "incident_reviews",
        sqlite: include_str!("../migrations/sqlite/0016_incident_reviews.sql"),
        postgres: include_str!("../migrations/postgres/0016_incident_reviews.sql"),
    },
    Migration {
        version: 17,
        name: "governance_log",
        sqlite: include_str!("../migrations/sqlite/0017_governance_log.sql"),
        postgres: include_str!("../migrations/postgres/0017_governance_log.sql"),
    },
    Migration {
        version: 18,
        name: "calendar",
        sqlite: include_str!("../migrations/sqlite/0018_calendar.sql"),
        postgres: include_str!("../migrations/postgres/0018_calendar.sql"),
    },
    Migration {
        version: 19,
        name: "readiness",
        sqlite: include_str!("../migrations/sqlite/0019_readiness.sql"),
        postgres: include_str!("../migrations/postgres/0019_readiness.sql"),
    },
];

/// The migrations this build knows, oldest first: (version, name).
pub fn known() -> Vec<(i64, &'static str)> {
    MIGRATIONS.iter().map(|m| (m.version, m.name)).collect()
}

/// Both dialects' text of one migration, for the test that compares what they create.
#[cfg(test)]
pub(crate) fn texts(version: i64) -> Option<(&'static str, &'static str)> {
    MIGRATIONS
        .iter()
        .find(|m| m.version == version)
        .map(|m| (m.sqlite, m.postgres))
}

pub(crate) async fn run(store: &Store) -> Result<(), StoreError> {
    run_to(store, i64::MAX).await
}

/// Applies the migrations up to and including `last`: the schema comparison steps through
/// them one at a time, so that a difference is named by the migration that made it.
pub(crate) async fn run_to(store: &Store, last: i64) -> Result<(), StoreError> {
    store
        .pool
        .execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations \
             (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .await?;
    // One read at start-up; a write transaction only for a migration not yet applied.
    let applied: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
        .fetch_all(&store.pool)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()?;
    for m in MIGRATIONS
        .iter()
        .filter(|m| m.version <= last && !applied.contains(&m.version))
    {
        // Asked again inside the write transaction: two processes opening one new database at
        // once apply each migration once, the second finding it done.
        let mut tx = store.write().await?;
        if store.backend == Backend::Postgres {
            tx.execute("LOCK TABLE schema_migrations IN EXCLUSIVE MODE").await?;
        }
        let done = sqlx::query("SELECT 1 FROM schema_migrations WHERE version = $1")
            .bind(m.version)
            .fetch_optional(&mut *tx)
            .await?;
        if done.is_some() {
            continue;
        }
        let sql = match store.backend {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        let fail = |source| StoreError::Migration {
            version: m.version,
            source,
        };
        // Comments go first: they may contain ';'.
        for statement in statements(&strip_comments(sql)) {
            tx.execute(statement.as_str()).await.map_err(fail)?;
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
        tx.commit().await?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
    }
    Ok(())
}

pub(crate) fn strip_comments(sql: &str) -> String {
    sql.lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Splits a migration into statements at `;`, except inside quotes, PostgreSQL `$$` bodies and
/// a SQLite trigger's `BEGIN … END` (both hold `;` of their own).
pub(crate) fn statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut quote, mut dollar, mut depth) = (None::<char>, false, 0usize);
    let mut word = String::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if c == '$' && chars.peek() == Some(&'$') {
            current.push('$');
            chars.next();
            dollar = !dollar;
            continue;
        }
        if dollar {
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            word.push(c.to_ascii_uppercase());
            continue;
        }
        let w = std::mem::take(&mut word);
        if (w == "BEGIN" || w == "END") && current.trim_start().to_ascii_uppercase().starts_with("CREATE TRIGGER") {
            depth = if w == "BEGIN" {
                depth + 1
            } else {
                depth.saturating_sub(1)
            };
        }
        match c {
            '\'' | '"' => quote = Some(c),
            ';' if depth == 0 => {
                current.pop();
                let statement = current.trim().to_string();
                if !statement.is_empty() {
                    out.push(statement);
                }
                current.clear();
            }
            _ => {}
        }
    }
    let rest = current.trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::statements;

    #[test]
    fn splits_at_semicolons_outside_strings_bodies_and_triggers() {
        let sql = "CREATE TABLE a (x TEXT DEFAULT 'a;b');\n\
            CREATE TRIGGER t BEFORE UPDATE ON a BEGIN SELECT RAISE(ABORT, 'no'); END;\n\
            CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'no'; END $$ LANGUAGE plpgsql;\n\
            CREATE TABLE \"end;\" (y TEXT)";
        let s = statements(sql);
        assert_eq!(s.len(), 4, "{s:#?}");
        assert!(s[1].ends_with("END"));
        assert!(s[2].ends_with("plpgsql"));
        assert_eq!(statements("SELECT 1;;  ;SELECT 2"), vec!["SELECT 1", "SELECT 2"]);
    }
}
