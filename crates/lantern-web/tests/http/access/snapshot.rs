//! Everything the database holds, read straight from the SQLite file, so that a refused write
//! can be shown to have changed nothing at all. Sign-in bookkeeping and the audit log are left
//! out: a refusal is rightly audited, and signing in writes sessions.

use sqlx::{Connection, Row, SqliteConnection};
use std::collections::BTreeMap;

const NOT_DATA: &[&str] = &[
    "audit_log",
    "sessions",
    "login_failures",
    "trusted_devices",
    "api_tokens",
    "schema_migrations",
];

/// Each table's rows as text, compared whole (a memcmp, cheap even in a debug build).
pub type Snapshot = BTreeMap<String, String>;

/// Watches the database across requests. SQLite's `data_version` changes on this connection
/// whenever another connection commits, so a request that committed nothing is known to have
/// changed nothing without reading every table; only when something committed are the
/// tables compared.
pub struct Watch {
    db: SqliteConnection,
    last: Snapshot,
    version: i64,
}

impl Watch {
    pub async fn open(dir: &std::path::Path) -> Watch {
        let file = dir.join(lantern_store::SQLITE_FILE);
        let mut db = SqliteConnection::connect(&format!("sqlite://{}?mode=ro", file.display()))
            .await
            .unwrap();
        let last = take(&mut db).await;
        let version = data_version(&mut db).await;
        Watch { db, last, version }
    }

    /// Call before a request: makes sure the last snapshot is of the database as it is now.
    pub async fn before(&mut self) {
        let now = data_version(&mut self.db).await;
        if now != self.version {
            self.last = take(&mut self.db).await;
            self.version = now;
        }
    }

    /// Call after it: the tables it changed.
    pub async fn changed(&mut self) -> Vec<String> {
        let now = data_version(&mut self.db).await;
        if now == self.version {
            return Vec::new();
        }
        let after = take(&mut self.db).await;
        let changed = changed(&self.last, &after);
        self.last = after;
        self.version = now;
        changed
    }
}

async fn data_version(db: &mut SqliteConnection) -> i64 {
    sqlx::query("PRAGMA data_version")
        .fetch_one(&mut *db)
        .await
        .unwrap()
        .get(0)
}

async fn take(db: &mut SqliteConnection) -> Snapshot {
    let tables: Vec<String> = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .fetch_all(&mut *db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .filter(|t| !NOT_DATA.contains(&t.as_str()))
        .collect();
    let mut out = Snapshot::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query(&format!("PRAGMA table_info(\"{table}\")"))
            .fetch_all(&mut *db)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                let (name, kind) = (r.get::<String, _>("name"), r.get::<String, _>("type"));
                // A stored PDF is compared by its size: a byte-for-byte copy of every pack
                // after every request would be most of the test's time.
                if kind.eq_ignore_ascii_case("blob") {
                    format!("length(\"{name}\")")
                } else {
                    format!("quote(\"{name}\")")
                }
            })
            .collect();
        // The id counters of the tables left out move with them (a refusal is audited).
        let rows = if table == "sqlite_sequence" {
            let skipped: Vec<String> = NOT_DATA.iter().map(|t| format!("'{t}'")).collect();
            format!("\"{table}\" WHERE name NOT IN ({})", skipped.join(", "))
        } else {
            format!("\"{table}\"")
        };
        // One row back per table: SQLite joins the rows.
        let sql = format!(
            "SELECT COALESCE(group_concat(line, char(10)), '') AS content FROM \
             (SELECT {} AS line FROM {rows} ORDER BY rowid)",
            columns.join(" || '|' || ")
        );
        let row = sqlx::query(&sql).fetch_one(&mut *db).await.unwrap();
        out.insert(table, row.get::<String, _>("content"));
    }
    out
}

/// The tables that differ.
fn changed(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    after
        .iter()
        .filter(|(t, v)| before.get(*t) != Some(*v))
        .map(|(t, _)| t.clone())
        .collect()
}
