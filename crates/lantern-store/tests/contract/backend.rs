//! Fresh databases for each test: a temp dir for SQLite, a new database for PostgreSQL.

use lantern_store::Store;
use sqlx::Executor;

pub struct TestDb {
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        Self::sqlite_migrated_to(i64::MAX).await
    }

    /// A new SQLite file with the migrations applied up to `version` only.
    pub async fn sqlite_migrated_to(version: i64) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join(lantern_store::SQLITE_FILE).display()
        );
        let store = Store::open_url_migrated_to(&url, version).await.unwrap();
        TestDb {
            store,
            _dir: Some(dir),
            pg: None,
        }
    }

    pub async fn postgres() -> Option<TestDb> {
        Self::postgres_migrated_to(i64::MAX).await
    }

    /// A new PostgreSQL database with the migrations applied up to `version` only.
    pub async fn postgres_migrated_to(version: i64) -> Option<TestDb> {
        let Ok(admin_url) = std::env::var("LANTERN_TEST_PG_URL") else {
            if std::env::var("LANTERN_REQUIRE_PG").is_ok() {
                panic!("LANTERN_REQUIRE_PG is set but LANTERN_TEST_PG_URL is not");
            }
            // Written straight to stderr: libtest captures eprintln!, and a skip must be seen.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "skipped a PostgreSQL contract test: set LANTERN_TEST_PG_URL=postgres://user@host/db to run it (.ci/run does)"
            );
            return None;
        };
        sqlx::any::install_default_drivers();
        let name = format!("lantern_test_{}_{}", std::process::id(), unique());
        let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url)
            .await
            .unwrap();
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
        let url = match admin_url.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => panic!("LANTERN_TEST_PG_URL must end with /database"),
        };
        let store = Store::open_url_migrated_to(&url, version).await.unwrap();
        Some(TestDb {
            store,
            _dir: None,
            pg: Some((admin_url, name)),
        })
    }

    /// The data directory of a SQLite test database.
    pub fn path(&self) -> &std::path::Path {
        self._dir
            .as_ref()
            .map(|d| d.path())
            .unwrap_or(std::path::Path::new("."))
    }

    pub async fn finish(self) {
        self.store.close().await;
        if let Some((admin_url, name)) = self.pg {
            let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url)
                .await
                .unwrap();
            admin
                .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                .await
                .unwrap();
        }
    }
}

/// Unique within this process; the process id in the name keeps parallel runs apart.
fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}
