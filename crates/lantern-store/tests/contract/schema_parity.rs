//! The PostgreSQL migrations create what the SQLite ones do: after each migration the schema
//! read back from a real PostgreSQL (information_schema, pg_catalog) equals the one read from a
//! real SQLite file (PRAGMAs). The SQLite-only half, run by a bare `cargo test`, is in the
//! crate (`schema::tests`).

mod postgres {
    use crate::backend::TestDb;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_migration_creates_on_postgresql_what_it_creates_on_sqlite() {
        for (version, name) in lantern_store::migrations() {
            let Some(pg) = TestDb::postgres_migrated_to(version).await else {
                return;
            };
            let sqlite = TestDb::sqlite_migrated_to(version).await;
            let on_postgres = pg.store.schema().await.unwrap();
            let differences = sqlite
                .store
                .schema()
                .await
                .unwrap()
                .differences(&on_postgres, ("sqlite", "postgres"));
            assert!(
                differences.is_empty(),
                "after migration {version:04}_{name} the databases differ:\n  {}",
                differences.join("\n  ")
            );
            sqlite.finish().await;
            pg.finish().await;
            if version == lantern_store::migrations().last().unwrap().0 {
                crate::schema_parity::read_whole(&on_postgres);
            }
        }
    }
}

/// Two empty readings would compare equal: the full schema has every kind of thing compared.
fn read_whole(schema: &lantern_store::Schema) {
    let tables = schema.tables.values();
    let count = |f: fn(&lantern_store::Table) -> usize| tables.clone().map(f).sum::<usize>();
    assert!(schema.tables.len() > 20, "{} tables", schema.tables.len());
    assert!(count(|t| t.columns.len()) > 300);
    assert!(count(|t| t.foreign_keys.len()) > 20);
    assert!(count(|t| t.triggers.len()) >= 12);
    assert!(count(|t| t.indexes.iter().filter(|i| i.unique && i.name.is_none()).count()) >= 2);
    let people = &schema.tables["people"];
    assert_eq!(people.primary_key, ["id"]);
    assert_eq!(people.columns[0].default.as_deref(), Some("identity"));
}
