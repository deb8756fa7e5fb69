//! The store contract: the same cases run on SQLite (always) and on PostgreSQL when
//! `LANTERN_TEST_PG_URL` points at a server whose user may create databases. Without it the
//! PostgreSQL cases print why they did not run; `.ci/run` sets `LANTERN_REQUIRE_PG=1`, which
//! turns that into a failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod backend;
mod calendar_cases;
mod cases;
mod disruption_cases;
mod governance_cases;
mod readiness_cases;
mod schema_parity;

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
    accounts_change_with_their_audit_entry_and_keep_an_administrator,
    sessions_tokens_and_failures_of_an_account_end_on_request,
    sign_in_failures_are_counted_per_address_account_and_trusted_browser,
    old_sign_in_failures_and_expired_browsers_are_pruned,
    audit_entries_are_kept_in_order,
    packs_are_kept_whole_and_checks_and_changes_are_read_back,
    imports_upsert_by_source_id_end_what_is_missing_and_change_nothing_on_error,
    a_disruption_is_declared_worked_and_closed_never_deleted,
    a_device_failure_marks_its_devices_faulty_with_the_disruption,
    the_timeline_and_logs_refuse_change_in_the_database_itself,
    the_governance_log_appends_and_refuses_change_in_the_database_itself,
    readiness_is_kept_per_day_and_a_past_day_reads_as_it_was,
    calendar_responsible_people_and_feeds_are_kept_with_their_audit_lines,
    the_latest_check_of_each_device_is_found,
    scenario_plans_are_the_organisation_s_own,
    paper_sheets_supersede_never_delete_and_registers_read_as_they_stood,
    parts_and_references_across_chunks_make_one_record_and_version,
    a_problem_in_the_last_chunk_changes_nothing_and_is_located,
    a_dry_run_says_what_the_import_then_does,
    two_source_ids_of_one_record_apply_one_after_the_other,
    a_limited_import_touches_no_record_of_another_service,
    a_limited_import_within_its_services_applies,
    a_limited_full_import_ends_only_its_services_missing_records,
    a_person_s_contacts_and_medicines_follow_them_on_every_path,
    a_move_in_a_later_chunk_takes_what_earlier_chunks_wrote,
    concurrent_writers_never_meet_a_locked_database,
    a_record_written_one_at_a_time_and_imported_leaves_the_same_rows,
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

/// Two stores on one SQLite file, as `lantern serve` and a `lantern import` in another process
/// are: their writers wait for each other instead of failing with "database is locked".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_writing_one_sqlite_file_never_meet_a_locked_database() {
    let db = backend::TestDb::sqlite().await;
    let other = lantern_store::Store::open_dir(db.path()).await.unwrap();
    cases::writers_on(&[db.store.clone(), other.clone()]).await;
    other.close().await;
    db.finish().await;
}

/// An import that fails on its last record leaves the database file byte for byte as it was.
#[tokio::test]
async fn a_failed_import_leaves_the_sqlite_file_byte_for_byte() {
    use lantern_core::incoming::Incoming;
    use lantern_core::{EntityKind, Input, InputVal};
    use sha2::Digest;
    let db = backend::TestDb::sqlite().await;
    let store = &db.store;
    let demo = lantern_core::demo::generate(&Default::default(), jiff::civil::date(2026, 11, 24));
    store
        .seed_demo(
            &demo,
            &[],
            &lantern_store::Actor::system("test"),
            "2026-11-24T09:00:00Z".parse().unwrap(),
        )
        .await
        .unwrap();
    let file = db.path().join("lantern.db");
    let snapshot = || async {
        store.sqlite_pragma("wal_checkpoint").await.unwrap();
        hex::encode(sha2::Sha256::digest(std::fs::read(&file).unwrap()))
    };
    let before = snapshot().await;
    let mut records: Vec<Incoming> = (0..200)
        .map(|n| Incoming {
            kind: EntityKind::Supplier,
            source_id: format!("S{n}"),
            input: [("name".to_string(), InputVal::One(format!("Supplier {n}")))]
                .into_iter()
                .collect(),
            defaults: Input::new(),
            refs: Vec::new(),
            additive: Vec::new(),
            origin: format!("suppliers.csv row {}", n + 2),
            elements: Vec::new(),
        })
        .collect();
    records.push(Incoming {
        kind: EntityKind::Supplier,
        source_id: "S-bad".into(),
        input: [("support_phone".to_string(), InputVal::One("not a phone".into()))]
            .into_iter()
            .collect(),
        defaults: Input::new(),
        refs: Vec::new(),
        additive: Vec::new(),
        origin: "suppliers.csv row 202".into(),
        elements: Vec::new(),
    });
    let result = store
        .import(
            &records,
            &Default::default(),
            &lantern_store::Actor::system("test"),
            "2026-11-24T10:00:00Z".parse().unwrap(),
        )
        .await;
    assert!(result.is_err());
    assert_eq!(snapshot().await, before);
    // The same applied in chunks of 20: eleven chunks written, then refused at the end.
    let mut session = store
        .begin_import(
            Default::default(),
            &lantern_store::Actor::system("test"),
            "2026-11-24T10:00:00Z".parse().unwrap(),
        )
        .await
        .unwrap();
    for chunk in records.chunks(20) {
        session.apply(chunk.to_vec()).await.unwrap();
    }
    assert!(session.finish().await.is_err());
    assert_eq!(snapshot().await, before);
    db.finish().await;
}
