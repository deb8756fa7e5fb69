//! The contract every backend must meet.

pub use crate::calendar_cases::*;
pub use crate::disruption_cases::*;
pub use crate::governance_cases::*;
pub use crate::readiness_cases::*;

use jiff::Timestamp;
use lantern_core::demo::{DemoOrg, DemoParams, generate};
use lantern_core::user::{Role, ServiceAccess};
use lantern_core::{EntityKind, Input, InputVal, Record};
use lantern_store::{Actor, AuditEntry, ListQuery, NewUser, Store, StoreError};

fn now() -> Timestamp {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

fn actor() -> Actor {
    Actor {
        user_id: None,
        label: "Jo Patel".into(),
    }
}

fn record(kind: EntityKind, pairs: &[(&str, &str)]) -> Record {
    let input: Input = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), InputVal::One(v.to_string())))
        .collect();
    Record::parse(kind, &input).unwrap()
}

fn service(name: &str) -> Record {
    record(
        EntityKind::Service,
        &[
            ("name", name),
            ("service_type", "home_care"),
            ("address", "1 Mill Lane, Ashby"),
            ("manager_name", "Ann Lee"),
            ("on_call_phone", "07700 900123"),
            ("units", "Ash\nBeech"),
        ],
    )
}

fn person(service_id: i64, name: &str) -> Record {
    record(
        EntityKind::Person,
        &[
            ("service_id", &service_id.to_string()),
            ("full_name", name),
            ("date_of_birth", "03/02/1941"),
            ("risk_tier", "high"),
            ("nhs_number", "943 476 5919"),
            ("allergies", "Penicillin\nLatex"),
            (
                "key_risks",
                "Choking | Soft diet, sit upright\nFalls | Frame within reach",
            ),
        ],
    )
}

async fn count(store: &Store, kind: EntityKind) -> i64 {
    store
        .list(
            kind,
            &ListQuery {
                include_ended: true,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .total
}

pub async fn schema_has_a_column_for_every_field(store: &Store) {
    // Listing selects every spec column by name: a missing column fails here.
    for kind in EntityKind::ALL {
        store.list(kind, &ListQuery::default()).await.unwrap();
    }
}

pub async fn a_record_round_trips_with_every_kind_of_value(store: &Store) {
    let s = store.insert(&service("Northgate"), &actor(), now()).await.unwrap();
    let p = store
        .insert(&person(s, "Zoë Ọkafor-Łukasz"), &actor(), now())
        .await
        .unwrap();
    let med = record(
        EntityKind::Medicine,
        &[
            ("person_id", &p.to_string()),
            ("name", "Co-careldopa"),
            ("strength", "25 mg/100 mg"),
            ("dose", "1 tablet"),
            ("route", "oral"),
            ("times", "06:00, 10:00, 14:00, 18:00, 22:00"),
            ("time_critical", "yes"),
            ("start_date", "2026-01-10"),
        ],
    );
    let m = store.insert(&med, &actor(), now()).await.unwrap();
    let got = store.get(EntityKind::Medicine, m).await.unwrap();
    assert_eq!(got.record, med);
    assert_eq!(got.service_id, Some(s), "a medicine belongs to its person's service");
    assert_eq!(got.version, 1);
    assert_eq!(got.created_by, "Jo Patel");
    let got_person = store.get(EntityKind::Person, p).await.unwrap();
    assert_eq!(got_person.record, person(s, "Zoë Ọkafor-Łukasz"));
    assert_eq!(store.get(EntityKind::Service, s).await.unwrap().service_id, Some(s));
    assert!(matches!(
        store.get(EntityKind::Person, 9999).await,
        Err(StoreError::NotFound(_))
    ));
}

pub async fn a_stale_edit_is_refused_and_history_keeps_every_version(store: &Store) {
    let s = store.insert(&service("Alder House"), &actor(), now()).await.unwrap();
    let updated = store
        .update(s, &service("Alder House (renamed)"), Some(1), &actor(), now())
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    let stale = store.update(s, &service("Lost edit"), Some(1), &actor(), now()).await;
    assert!(
        matches!(stale, Err(StoreError::Conflict(ref m)) if m.contains("Jo Patel")),
        "{stale:?}"
    );
    let current = store.get(EntityKind::Service, s).await.unwrap();
    assert_eq!(current.record.text("name"), "Alder House (renamed)");
    let history = store.history(EntityKind::Service, s).await.unwrap();
    assert_eq!(history.iter().map(|h| h.version).collect::<Vec<_>>(), vec![2, 1]);
    assert_eq!(history[1].data["name"], "Alder House");
    assert_eq!(history[0].action, "update");
}

pub async fn ended_records_leave_lists_but_stay_readable(store: &Store) {
    let s = store.insert(&service("Birch Court"), &actor(), now()).await.unwrap();
    let p = store.insert(&person(s, "Amira Khan"), &actor(), now()).await.unwrap();
    let ended = store.end(EntityKind::Person, p, &actor(), now()).await.unwrap();
    assert!(ended.ended_at.is_some());
    assert_eq!(
        store
            .list(EntityKind::Person, &ListQuery::default())
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(count(store, EntityKind::Person).await, 1);
    // A new record may not point at an ended one…
    let contact = record(
        EntityKind::Contact,
        &[
            ("person_id", &p.to_string()),
            ("rank", "1"),
            ("name", "Sam Khan"),
            ("relationship", "Son"),
            ("phone", "07700900001"),
        ],
    );
    let refused = store.insert(&contact, &actor(), now()).await;
    assert!(matches!(refused, Err(StoreError::Invalid(ref e)) if e.get("person_id").unwrap().contains("ended")));
    // An edit of an ended record leaves it ended, as it was ended…
    let later: Timestamp = "2026-11-24T12:00:00Z".parse().unwrap();
    let edited = store
        .update(p, &person(s, "Amira Khan-Ali"), None, &actor(), later)
        .await
        .unwrap();
    assert_eq!((&edited.ended_at, &edited.ended_by), (&ended.ended_at, &ended.ended_by));
    assert_eq!(
        edited.updated_at,
        "2026-11-24T12:00:00Z".parse::<jiff::Timestamp>().unwrap()
    );
    // …until it is restored.
    store.restore(EntityKind::Person, p, &actor(), now()).await.unwrap();
    store.insert(&contact, &actor(), now()).await.unwrap();
    assert_eq!(store.history(EntityKind::Person, p).await.unwrap().len(), 4);
}

pub async fn a_bad_reference_is_refused_and_changes_nothing(store: &Store) {
    let before = count(store, EntityKind::Person).await;
    let refused = store.insert(&person(4242, "Nobody"), &actor(), now()).await;
    match refused {
        Err(StoreError::Invalid(e)) => assert!(e.get("service_id").unwrap().contains("no service with id 4242")),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(count(store, EntityKind::Person).await, before);
}

pub async fn a_visit_for_someone_else_s_person_is_refused(store: &Store) {
    let a = store.insert(&service("Branch A"), &actor(), now()).await.unwrap();
    let b = store.insert(&service("Branch B"), &actor(), now()).await.unwrap();
    let p = store.insert(&person(a, "Ann"), &actor(), now()).await.unwrap();
    let visit = |service: i64| {
        record(
            EntityKind::Visit,
            &[
                ("service_id", &service.to_string()),
                ("person_id", &p.to_string()),
                ("date", "2026-11-24"),
                ("start", "08:00"),
                ("duration_minutes", "30"),
            ],
        )
    };
    assert!(matches!(
        store.insert(&visit(b), &actor(), now()).await,
        Err(StoreError::Invalid(_))
    ));
    store.insert(&visit(a), &actor(), now()).await.unwrap();
}

pub async fn search_paging_and_service_access(store: &Store) {
    let a = store.insert(&service("Cedar Lodge"), &actor(), now()).await.unwrap();
    let b = store.insert(&service("Damson Mews"), &actor(), now()).await.unwrap();
    for i in 0..25 {
        store
            .insert(&person(a, &format!("Person A{i:02}")), &actor(), now())
            .await
            .unwrap();
    }
    store.insert(&person(b, "Siân Björk"), &actor(), now()).await.unwrap();
    let q = |search: &str| ListQuery {
        search: Some(search.into()),
        ..Default::default()
    };
    let found = store.list(EntityKind::Person, &q("siân")).await.unwrap();
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].record.text("full_name"), "Siân Björk");
    assert_eq!(
        store.list(EntityKind::Person, &q("9434765919")).await.unwrap().total,
        26,
        "NHS digits"
    );
    assert_eq!(
        store.list(EntityKind::Person, &q("100%")).await.unwrap().total,
        0,
        "LIKE wildcards are literal"
    );
    let page = store
        .list(
            EntityKind::Person,
            &ListQuery {
                limit: 10,
                offset: 20,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!((page.total, page.items.len()), (26, 6));
    let only_b = ListQuery {
        access: ServiceAccess::Only(vec![b]),
        ..Default::default()
    };
    assert_eq!(store.list(EntityKind::Person, &only_b).await.unwrap().total, 1);
    let counts = store.count_by_service(EntityKind::Person, None).await.unwrap();
    assert_eq!((counts[&a], counts[&b]), (25, 1));
    let titles = store.titles(EntityKind::Service, &[a, b]).await.unwrap();
    assert_eq!(titles[&b], "Damson Mews");
}

pub async fn the_demo_organisation_seeds_whole(store: &Store) {
    let today = jiff::civil::date(2026, 11, 24);
    let demo = generate(&DemoParams::default(), today);
    let summary = store
        .seed_demo(&demo, &[], &Actor::system("lantern demo"), now())
        .await
        .unwrap();
    assert_eq!(
        store.organisation().await.unwrap().as_deref(),
        Some(demo.organisation.as_str())
    );
    for kind in EntityKind::ALL {
        let expected = demo.records.iter().filter(|(k, _)| *k == kind).count();
        assert_eq!(summary.0.get(&kind).copied().unwrap_or(0), expected, "{kind:?}");
        assert_eq!(count(store, kind).await, expected as i64, "{kind:?}");
    }
    let again = store.seed_demo(&demo, &[], &Actor::system("lantern demo"), now()).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))));
}

pub async fn a_seed_failing_on_its_last_record_leaves_nothing(store: &Store) {
    let records = vec![
        (EntityKind::Service, service("Branch A")),
        (EntityKind::Service, service("Branch B")),
        (EntityKind::Person, person(1, "Ann")),
        // Person 1 is in service 1, so a visit in service 2 is refused by the store.
        (
            EntityKind::Visit,
            record(
                EntityKind::Visit,
                &[
                    ("service_id", "2"),
                    ("person_id", "1"),
                    ("date", "2026-11-24"),
                    ("start", "08:00"),
                    ("duration_minutes", "30"),
                ],
            ),
        ),
    ];
    let demo = DemoOrg {
        organisation: "Broken Care Ltd".into(),
        records,
        device_checks: Vec::new(),
        device_out: Vec::new(),
        risk_reviews: Vec::new(),
        governance: Vec::new(),
    };
    assert!(
        store
            .seed_demo(&demo, &[], &Actor::system("test"), now())
            .await
            .is_err()
    );
    assert_eq!(store.organisation().await.unwrap(), None);
    assert_eq!(count(store, EntityKind::Service).await, 0);
    assert_eq!(count(store, EntityKind::Person).await, 0);
}

pub async fn users_sessions_tokens_and_throttle_counts(store: &Store) {
    let orphan = NewUser {
        email: "early@example.org".into(),
        name: "Too early".into(),
        role: Role::Admin,
        access: ServiceAccess::All,
        password_hash: "x".into(),
    };
    assert!(
        matches!(store.create_user(&orphan, now()).await, Err(StoreError::Conflict(_))),
        "no users before the organisation"
    );
    // The organisation and its first users are created together or not at all.
    let twins = [orphan.clone(), orphan.clone()];
    assert!(store.create_organisation("Twin Care", &twins, now()).await.is_err());
    assert_eq!(store.organisation().await.unwrap(), None);
    assert!(store.user_by_email("early@example.org").await.unwrap().is_none());
    let briefs = || async {
        let q = lantern_store::ListQuery::default();
        store
            .list(lantern_core::EntityKind::DrillScenario, &q)
            .await
            .unwrap()
            .total
    };
    assert_eq!(briefs().await, 0, "nothing of the refused organisation stays");
    store.create_organisation("Test Care Ltd", &[], now()).await.unwrap();
    // A new organisation starts with the six scenarios' drill briefs, to edit.
    assert_eq!(briefs().await, 6);
    let user = NewUser {
        email: "jo.patel@example.org".into(),
        name: "Jo Patel".into(),
        role: Role::Manager,
        access: ServiceAccess::Only(vec![3]),
        password_hash: "$argon2id$v=19$stub-for-store-test".into(),
    };
    let id = store.create_user(&user, now()).await.unwrap();
    assert!(matches!(
        store.create_user(&user, now()).await,
        Err(StoreError::Conflict(_))
    ));
    let found = store.user_by_email(" Jo.Patel@example.org ").await.unwrap().unwrap();
    assert_eq!(
        (found.id, found.role, found.access.clone()),
        (id, Role::Manager, ServiceAccess::Only(vec![3]))
    );

    let later: Timestamp = "2026-11-24T17:00:00Z".parse().unwrap();
    store.create_session("hash1", id, "csrf1", now(), later).await.unwrap();
    let s = store.session("hash1", now()).await.unwrap().unwrap();
    assert_eq!((s.user.id, s.csrf_token.as_str()), (id, "csrf1"));
    assert!(store.session("hash1", later).await.unwrap().is_none(), "expired");
    assert!(store.session("nope", now()).await.unwrap().is_none());
    store.delete_session("hash1").await.unwrap();
    assert!(store.session("hash1", now()).await.unwrap().is_none());

    store.create_token("tokhash", id, "nightly sync", now()).await.unwrap();
    assert_eq!(store.user_by_token("tokhash").await.unwrap().unwrap().id, id);
    assert!(store.user_by_token("other").await.unwrap().is_none());

    // Failed sign-ins are counted in the database (cases/signin.rs has the whole throttle).
    let attempt = lantern_store::SignInAttempt {
        email: "jo.patel@example.org",
        address: "203.0.113.9",
        device_hash: None,
    };
    for _ in 0..3 {
        store.begin_sign_in(&attempt, now()).await.unwrap();
    }
    let recent = store.sign_in_failures(&attempt, now()).await.unwrap();
    assert_eq!(recent.account_at_address.len(), 3);
    store.sign_in_succeeded(&attempt).await.unwrap();
    assert_eq!(store.login_failure_rows().await.unwrap(), 0);
}

pub async fn audit_entries_are_kept_in_order(store: &Store) {
    for action in ["login", "view", "logout"] {
        store
            .audit(&AuditEntry::new(
                now(),
                None,
                "Jo Patel",
                action,
                format!("{action} detail"),
            ))
            .await
            .unwrap();
    }
    let entries = store.audit_entries(10).await.unwrap();
    assert_eq!(
        entries.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["logout", "view", "login"]
    );
}

pub async fn packs_are_kept_whole_and_checks_and_changes_are_read_back(store: &Store) {
    use lantern_store::{NewPack, PackCheck};
    let s = store.insert(&service("Alder House"), &actor(), now()).await.unwrap();
    assert_eq!(store.next_pack_version(s).await.unwrap(), 1);
    let pdf: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let pack = NewPack {
        service_id: s,
        version: 1,
        first_day: "2026-11-24".into(),
        last_day: "2026-11-30".into(),
        built_at: now(),
        built_by: "Jo Patel",
        fingerprint: "abc123",
        pages: 18,
        document: "{\"meta\":{}}",
        sources: "[]",
        pdf: &pdf,
    };
    store.save_pack(&pack).await.unwrap();
    assert!(
        matches!(store.save_pack(&pack).await, Err(StoreError::Conflict(_))),
        "one version once"
    );
    assert_eq!(store.pack_pdf(s, 1).await.unwrap(), pdf, "binary PDF bytes round trip");
    assert!(matches!(store.pack_pdf(s, 2).await, Err(StoreError::NotFound(_))));
    assert_eq!(store.next_pack_version(s).await.unwrap(), 2);
    let latest = store.latest_pack(s).await.unwrap().unwrap();
    assert_eq!(
        (latest.version, latest.pages, latest.document.as_str()),
        (1, 18, "{\"meta\":{}}")
    );
    let listed = store.packs(s).await.unwrap();
    assert_eq!(
        (listed.len(), listed[0].document.as_str()),
        (1, ""),
        "listing leaves the JSON out"
    );

    for (at, problems) in [
        ("2026-11-25T08:00:00.000Z", ""),
        ("2026-11-26T08:00:00.000Z", "Contacts sheet missing"),
    ] {
        let check = PackCheck {
            service_id: s,
            pack_version: Some(1),
            checked_at: at.parse().unwrap(),
            checked_by: "Ann".into(),
            problems: problems.into(),
            contacts_verified: !problems.is_empty(),
        };
        store.record_pack_check(&check, None).await.unwrap();
    }
    let checks = store.pack_checks(s).await.unwrap();
    assert_eq!(checks[0].problems, "Contacts sheet missing", "newest first");
    assert_eq!(
        checks.iter().map(|c| c.contacts_verified).collect::<Vec<_>>(),
        vec![true, false],
        "whether the contacts were checked is kept with each check"
    );

    let later: Timestamp = "2026-11-24T10:00:00Z".parse().unwrap();
    let p = store.insert(&person(s, "Amira Khan"), &actor(), later).await.unwrap();
    let changes = store.changes_since(s, now()).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (
            changes[0].entity.as_str(),
            changes[0].record_id,
            changes[0].action.as_str()
        ),
        ("people", p, "create")
    );
    assert_eq!(changes[0].data["full_name"], "Amira Khan");
    assert!(store.changes_since(s, later).await.unwrap().is_empty());
}

fn incoming(
    kind: EntityKind,
    source: &str,
    fields: &[(&str, &str)],
    refs: &[(&'static str, &str)],
) -> lantern_core::incoming::Incoming {
    lantern_core::incoming::Incoming {
        kind,
        source_id: source.into(),
        input: fields
            .iter()
            .map(|(k, v)| (k.to_string(), InputVal::One(v.to_string())))
            .collect(),
        defaults: Input::new(),
        refs: refs.iter().map(|(f, t)| (*f, vec![t.to_string()])).collect(),
        additive: Vec::new(),
        origin: format!("test {source}"),
        elements: Vec::new(),
    }
}

fn import_people(names: &[(&str, &str)]) -> Vec<lantern_core::incoming::Incoming> {
    let mut out = Vec::new();
    for (source, name) in names {
        out.push(incoming(
            EntityKind::Person,
            source,
            &[
                ("full_name", name),
                ("date_of_birth", "1940-01-02"),
                ("risk_tier", "low"),
            ],
            &[("service_id", "Northgate")],
        ));
        out.push(incoming(
            EntityKind::Contact,
            &format!("{source}-c1"),
            &[
                ("rank", "1"),
                ("name", "Next of kin"),
                ("relationship", "Daughter"),
                ("phone", "07700 900123"),
            ],
            &[("person_id", source)],
        ));
    }
    out
}

pub async fn imports_upsert_by_source_id_end_what_is_missing_and_change_nothing_on_error(store: &Store) {
    use lantern_store::{ImportFailure, ImportOptions};
    store.insert(&service("Northgate"), &actor(), now()).await.unwrap();
    let full = ImportOptions {
        full: vec![EntityKind::Person],
        ..Default::default()
    };
    let first = import_people(&[("P1", "Ann Lee"), ("P2", "Bob Roe")]);
    let dry = store
        .import(
            &first,
            &ImportOptions {
                dry_run: true,
                ..full.clone()
            },
            &actor(),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(dry.new[&EntityKind::Person], 2);
    assert_eq!(count(store, EntityKind::Person).await, 0, "a dry run changes nothing");

    let s = store.import(&first, &full, &actor(), now()).await.unwrap();
    assert_eq!((s.new[&EntityKind::Person], s.new[&EntityKind::Contact]), (2, 2));
    let again = store.import(&first, &full, &actor(), now()).await.unwrap();
    assert_eq!(
        again.unchanged[&EntityKind::Person],
        2,
        "a nightly re-import updates, never duplicates"
    );
    assert!(again.new.is_empty());
    assert_eq!(count(store, EntityKind::Person).await, 2);

    // P2 left the source: ended, not deleted. P1 renamed: updated.
    let next = import_people(&[("P1", "Ann Lee-Smith")]);
    let s = store.import(&next, &full, &actor(), now()).await.unwrap();
    assert_eq!((s.updated[&EntityKind::Person], s.ended[&EntityKind::Person]), (1, 1));
    let current = store.list(EntityKind::Person, &ListQuery::default()).await.unwrap();
    assert_eq!(
        current
            .items
            .iter()
            .map(|p| p.record.text("full_name"))
            .collect::<Vec<_>>(),
        vec!["Ann Lee-Smith"]
    );
    assert_eq!(count(store, EntityKind::Person).await, 2, "the ended one is kept");
    // …and back again: restored.
    let s = store.import(&first, &full, &actor(), now()).await.unwrap();
    assert_eq!(s.updated[&EntityKind::Person], 2);
    assert_eq!(
        store
            .list(EntityKind::Person, &ListQuery::default())
            .await
            .unwrap()
            .total,
        2
    );

    // A bad reference in the last record: nothing at all is applied, and it is named.
    let mut broken = import_people(&[("P3", "Cat New"), ("P1", "Changed Again")]);
    broken.push(incoming(
        EntityKind::Contact,
        "X-c1",
        &[
            ("rank", "1"),
            ("name", "Someone"),
            ("relationship", "Son"),
            ("phone", "07700 900124"),
        ],
        &[("person_id", "P404")],
    ));
    let before = store
        .list(
            EntityKind::Person,
            &ListQuery {
                include_ended: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    match store.import(&broken, &full, &actor(), now()).await {
        Err(ImportFailure::Invalid(errors)) => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(
                (errors[0].location.as_str(), errors[0].field.as_deref()),
                ("test X-c1", Some("person_id"))
            );
            assert!(errors[0].reason.contains("P404"));
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    let after = store
        .list(
            EntityKind::Person,
            &ListQuery {
                include_ended: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let names = |p: &lantern_store::Page| {
        p.items
            .iter()
            .map(|s| (s.id, s.version, s.record.text("full_name").to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&before), names(&after));
}

mod chunks;
pub use chunks::*;
mod signin;
pub use signin::*;

mod import_scope;
pub use import_scope::*;

mod person_move;
pub use person_move::*;

mod concurrent;
pub use concurrent::*;

mod users;
pub use users::*;
mod one_writer;
pub use one_writer::*;
