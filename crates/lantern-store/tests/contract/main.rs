//! The store contract: the same cases run on SQLite (always) and on PostgreSQL when
//! `LANTERN_TEST_PG_URL` points at a server whose user may create databases. Without it the
//! PostgreSQL cases print why they did not run; `.ci/run` sets `LANTERN_REQUIRE_PG=1`, which
//! turns that into a failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod backend;
mod cases;

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = crate::backend::TestDb::sqlite().await;
                    crate::cases::$name(&db.store).await;
                    db.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = crate::backend::TestDb::postgres().await else { return };
                    crate::cases::$name(&db.store).await;
                    db.finish().await;
                }
            )*
        }
    };
}

contract!(
    schema_has_a_column_for_every_field,
    a_record_round_trips_with_every_kind_of_value,
    a_stale_edit_is_refused_and_history_keeps_every_version,
    ended_records_leave_lists_but_stay_readable,
    a_bad_reference_is_refused_and_changes_nothing,
    a_visit_for_someone_else_s_person_is_refused,
    search_paging_and_service_access,
    the_demo_organisation_seeds_whole,
    a_seed_failing_on_its_last_record_leaves_nothing,
    users_sessions_tokens_and_throttle_counts,
    audit_entries_are_kept_in_order,
    packs_are_kept_whole_and_checks_and_changes_are_read_back,
);

/// The embedded database's safety settings really apply on every connection.
#[tokio::test]
async fn sqlite_runs_with_wal_foreign_keys_and_full_sync() {
    let db = backend::TestDb::sqlite().await;
    assert_eq!(db.store.sqlite_pragma("journal_mode").await.unwrap(), "wal");
    assert_eq!(db.store.sqlite_pragma("foreign_keys").await.unwrap(), "1");
    assert_eq!(db.store.sqlite_pragma("synchronous").await.unwrap(), "2", "2 is FULL");
    db.finish().await;
}
