//! Looking after accounts, on every backend: each change commits with its audit entry, the
//! last administrator of every service stays one, sessions and tokens end, failures are
//! forgotten, and a token's use is recorded at most hourly.

use jiff::{SignedDuration, Timestamp};
use lantern_core::user::{Role, ServiceAccess};
use lantern_store::{AuditEntry, NewUser, SignInAttempt, Store, StoreError};

fn now() -> Timestamp {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

fn later(minutes: i64) -> Timestamp {
    now() + SignedDuration::from_mins(minutes)
}

fn entry(action: &str, detail: &str) -> AuditEntry {
    AuditEntry::new(now(), None, "Test administrator", action, detail)
}

fn account(email: &str, role: Role, access: ServiceAccess) -> NewUser {
    NewUser {
        email: email.into(),
        name: email.into(),
        role,
        access,
        password_hash: "$argon2id$v=19$stub-for-store-test".into(),
    }
}

async fn audited(store: &Store, action: &str) -> Vec<AuditEntry> {
    let mut all = store.audit_entries(100).await.unwrap();
    all.retain(|e| e.action == action);
    all
}

pub async fn accounts_change_with_their_audit_entry_and_keep_an_administrator(store: &Store) {
    let orphan = account("early@example.org", Role::Staff, ServiceAccess::All);
    assert!(matches!(
        store.add_user(&orphan, entry("user_add", "too early"), now()).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(
        audited(store, "user_add").await.is_empty(),
        "no entry without the change"
    );
    let boss = account("boss@example.org", Role::Admin, ServiceAccess::All);
    store
        .create_organisation("Test Care Ltd", &[boss], now())
        .await
        .unwrap();
    let boss = store.user_by_email("boss@example.org").await.unwrap().unwrap().id;
    let jo = store
        .add_user(
            &account("jo@example.org", Role::Staff, ServiceAccess::Only(vec![3])),
            entry("user_add", "Added Jo"),
            now(),
        )
        .await
        .unwrap();
    let added = audited(store, "user_add").await;
    assert_eq!(
        (added.len(), added[0].record_id, added[0].entity.as_deref()),
        (1, Some(jo), Some("users"))
    );
    assert!(matches!(
        store
            .add_user(
                &account("jo@example.org", Role::Viewer, ServiceAccess::All),
                entry("user_add", "again"),
                now()
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(audited(store, "user_add").await.len(), 1);

    // A change sees the account and how many other administrators there are.
    let mut seen = None;
    let before = store
        .change_user(
            jo,
            "Jo Patel",
            Role::Coordinator,
            &ServiceAccess::Only(vec![3, 4]),
            |u, others| {
                seen = Some((u.role, others));
                Ok(())
            },
            entry("user_change", "Jo: coordinator"),
        )
        .await
        .unwrap();
    assert_eq!((before.role, seen), (Role::Staff, Some((Role::Staff, 1))));
    let jo_now = store.user(jo).await.unwrap();
    assert_eq!(
        (jo_now.name.as_str(), jo_now.role, jo_now.access),
        ("Jo Patel", Role::Coordinator, ServiceAccess::Only(vec![3, 4]))
    );
    // A refusal changes nothing and writes no entry.
    let refused = store
        .change_user(
            boss,
            "Boss",
            Role::Viewer,
            &ServiceAccess::All,
            |_, others| {
                if others == 0 {
                    Err("the only administrator".into())
                } else {
                    Ok(())
                }
            },
            entry("user_change", "demoted"),
        )
        .await;
    assert!(matches!(refused, Err(StoreError::Conflict(m)) if m == "the only administrator"));
    assert_eq!(store.user(boss).await.unwrap().role, Role::Admin);
    assert_eq!(audited(store, "user_change").await.len(), 1);
    assert!(matches!(store.user(9999).await, Err(StoreError::NotFound(_))));
}

pub async fn sessions_tokens_and_failures_of_an_account_end_on_request(store: &Store) {
    store.create_organisation("Test Care Ltd", &[], now()).await.unwrap();
    let jo = store
        .add_user(
            &account("jo@example.org", Role::Staff, ServiceAccess::All),
            entry("user_add", "Jo"),
            now(),
        )
        .await
        .unwrap();
    let until = later(12 * 60);
    for (hash, at) in [("phone", now()), ("office", later(5)), ("tablet", later(10))] {
        store.create_session(hash, jo, "csrf", at, until).await.unwrap();
    }
    let live = store.live_sessions(jo, later(11)).await.unwrap();
    assert_eq!(live.len(), 3);
    assert!(live[0].created_at > live[2].created_at, "newest first");
    assert!(
        store.live_sessions(jo, until).await.unwrap().is_empty(),
        "expired ones are not live"
    );

    // A new password signs Jo out everywhere but the session kept.
    let ended = store
        .set_password(jo, "$argon2id$new", Some("office"), entry("user_password", "reset"))
        .await
        .unwrap();
    assert_eq!(ended, 2);
    assert_eq!(store.user(jo).await.unwrap().password_hash, "$argon2id$new");
    assert!(store.session("office", later(11)).await.unwrap().is_some());
    assert!(store.session("phone", later(11)).await.unwrap().is_none());

    // Tokens: listed with their use, revoked with the sessions.
    store.create_token("tok-a", jo, "nightly import", now()).await.unwrap();
    store.create_token("tok-b", jo, "rota sync", later(1)).await.unwrap();
    store.note_token_use("tok-a", later(2)).await.unwrap();
    store.note_token_use("tok-a", later(30)).await.unwrap();
    let tokens = store.user_tokens(jo).await.unwrap();
    assert_eq!(
        tokens.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(),
        ["rota sync", "nightly import"]
    );
    let last = |label: &str, tokens: &[lantern_store::ApiToken]| {
        tokens.iter().find(|t| t.label == label).unwrap().last_used_at
    };
    let first_use = last("nightly import", &tokens);
    assert!(first_use.is_some() && last("rota sync", &tokens).is_none());
    store.note_token_use("tok-a", later(2 + 61)).await.unwrap();
    let tokens = store.user_tokens(jo).await.unwrap();
    assert!(
        last("nightly import", &tokens) > first_use,
        "written again after an hour, not before"
    );

    let revoked = store
        .revoke_access(jo, None, later(3), |r| {
            entry("user_revoke", &format!("{} sessions, {} tokens", r.sessions, r.tokens))
        })
        .await
        .unwrap();
    assert_eq!((revoked.sessions, revoked.tokens), (1, 2));
    assert!(store.user_by_token("tok-a").await.unwrap().is_none());
    assert!(store.live_sessions(jo, later(11)).await.unwrap().is_empty());
    assert!(
        store
            .user_tokens(jo)
            .await
            .unwrap()
            .iter()
            .all(|t| t.revoked_at.is_some())
    );
    let entries = audited(store, "user_revoke").await;
    assert_eq!(entries[0].detail, "1 sessions, 2 tokens");

    // Failed sign-ins, from anywhere, forgotten at once; another account's stay.
    for address in ["203.0.113.9", "198.51.100.7"] {
        let attempt = SignInAttempt {
            email: "jo@example.org",
            address,
            device_hash: None,
        };
        store.begin_sign_in(&attempt, later(4)).await.unwrap();
    }
    let other = SignInAttempt {
        email: "someone@example.org",
        address: "203.0.113.9",
        device_hash: None,
    };
    store.begin_sign_in(&other, later(4)).await.unwrap();
    let counts = store.sign_in_failure_counts(later(5)).await.unwrap();
    assert_eq!(
        (counts.get("jo@example.org"), counts.get("someone@example.org")),
        (Some(&2), Some(&1))
    );
    let cleared = store
        .clear_sign_in_failures(jo, |n| entry("user_unlock", &format!("{n} cleared")))
        .await
        .unwrap();
    assert_eq!(cleared, 2);
    let counts = store.sign_in_failure_counts(later(5)).await.unwrap();
    assert_eq!(
        (counts.get("jo@example.org"), counts.get("someone@example.org")),
        (None, Some(&1))
    );
    assert_eq!(audited(store, "user_unlock").await[0].detail, "2 cleared");
}
