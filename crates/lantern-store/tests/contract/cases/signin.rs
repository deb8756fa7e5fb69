//! Failed sign-ins and trusted browsers: the counts the throttle reads, on every backend.

use jiff::{SignedDuration, Timestamp};
use lantern_core::signin::Decision;
use lantern_core::user::{Role, ServiceAccess};
use lantern_store::{NewUser, SignInAttempt, Store};

fn now() -> Timestamp {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

fn secs(n: i64) -> Timestamp {
    now() + SignedDuration::from_secs(n)
}

async fn two_users(store: &Store) -> (i64, i64) {
    store.create_organisation("Test Care Ltd", &[], now()).await.unwrap();
    let user = |email: &str| NewUser {
        email: email.into(),
        name: email.into(),
        role: Role::Manager,
        access: ServiceAccess::All,
        password_hash: "$argon2id$v=19$stub-for-store-test".into(),
    };
    let ann = store.create_user(&user("ann@example.org"), now()).await.unwrap();
    let ben = store.create_user(&user("ben@example.org"), now()).await.unwrap();
    (ann, ben)
}

fn attempt<'a>(email: &'a str, address: &'a str, device_hash: Option<&'a str>) -> SignInAttempt<'a> {
    SignInAttempt {
        email,
        address,
        device_hash,
    }
}

pub async fn sign_in_failures_are_counted_per_address_account_and_trusted_browser(store: &Store) {
    let (ann, _ben) = two_users(store).await;
    let later = now() + SignedDuration::from_hours(24 * 90);
    store.trust_device("device-ann", ann, now(), later).await.unwrap();
    store.trust_device("device-ann", ann, now(), later).await.unwrap();
    assert!(store.device_known("device-ann", now()).await.unwrap());
    assert!(!store.device_known("device-ann", later).await.unwrap(), "expired");
    assert!(!store.device_known("made-up", now()).await.unwrap());

    // Four wrong tries as Ann from one address, one from another, one as Ben.
    for n in 0..4 {
        let (_, d) = store
            .begin_sign_in(&attempt("ann@example.org", "203.0.113.9", None), secs(n))
            .await
            .unwrap();
        assert_eq!(d, Decision::Allowed);
    }
    store
        .begin_sign_in(&attempt("ann@example.org", "198.51.100.7", None), secs(4))
        .await
        .unwrap();
    store
        .begin_sign_in(&attempt("ben@example.org", "203.0.113.9", None), secs(5))
        .await
        .unwrap();
    let recent = store
        .sign_in_failures(&attempt("ann@example.org", "203.0.113.9", None), secs(6))
        .await
        .unwrap();
    assert_eq!(
        (
            recent.address.len(),
            recent.account_at_address.len(),
            recent.account.len()
        ),
        (5, 4, 5)
    );
    assert_eq!(recent.device, None, "no device cookie");
    assert!(recent.address.windows(2).all(|w| w[0] >= w[1]), "latest first");

    // The fifth from the same address reaches the threshold; the sixth waits and writes nothing.
    let (_, d) = store
        .begin_sign_in(&attempt("ann@example.org", "203.0.113.9", None), secs(6))
        .await
        .unwrap();
    assert_eq!(d, Decision::Allowed);
    let rows = store.login_failure_rows().await.unwrap();
    let (_, d) = store
        .begin_sign_in(&attempt("ann@example.org", "203.0.113.9", None), secs(7))
        .await
        .unwrap();
    assert!(matches!(d, Decision::Wait { .. }), "{d:?}");
    assert_eq!(store.login_failure_rows().await.unwrap(), rows, "held back: no row");

    // Ann's browser is counted on its own: none of the above holds it back.
    let trusted = attempt("ann@example.org", "203.0.113.9", Some("device-ann"));
    let (recent, d) = store.begin_sign_in(&trusted, secs(8)).await.unwrap();
    assert_eq!((recent.device, d), (Some(Vec::new()), Decision::Allowed));
    let recent = store.sign_in_failures(&trusted, secs(9)).await.unwrap();
    assert_eq!(recent.device.map(|d| d.len()), Some(1));
    // Ann's token is not Ben's, and an expired one is no one's.
    let as_ben = attempt("ben@example.org", "203.0.113.9", Some("device-ann"));
    assert_eq!(store.sign_in_failures(&as_ben, secs(9)).await.unwrap().device, None);
    assert_eq!(store.sign_in_failures(&trusted, later).await.unwrap().device, None);

    // Ann signs in from her browser: her failures from that address and browser go, the
    // other address's and Ben's stay.
    store.sign_in_succeeded(&trusted).await.unwrap();
    let recent = store
        .sign_in_failures(&attempt("ann@example.org", "203.0.113.9", None), secs(10))
        .await
        .unwrap();
    assert_eq!(
        (
            recent.address.len(),
            recent.account_at_address.len(),
            recent.account.len()
        ),
        (1, 0, 1)
    );
}

pub async fn old_sign_in_failures_and_expired_browsers_are_pruned(store: &Store) {
    let (ann, ben) = two_users(store).await;
    store
        .trust_device("short", ann, now(), now() + SignedDuration::from_hours(1))
        .await
        .unwrap();
    store
        .trust_device("long", ben, now(), now() + SignedDuration::from_hours(24 * 90))
        .await
        .unwrap();
    for n in 0..3 {
        store
            .begin_sign_in(&attempt("x@example.org", "192.0.2.1", None), secs(n))
            .await
            .unwrap();
    }
    let next_day = now() + SignedDuration::from_hours(25);
    store
        .begin_sign_in(&attempt("x@example.org", "192.0.2.1", None), next_day)
        .await
        .unwrap();
    // A day-old failure no longer counts, even before it is deleted.
    let recent = store
        .sign_in_failures(&attempt("x@example.org", "192.0.2.1", None), next_day)
        .await
        .unwrap();
    assert_eq!(recent.address.len(), 1);
    assert_eq!(store.prune_sign_in(next_day).await.unwrap(), 3 + 1);
    assert_eq!(store.login_failure_rows().await.unwrap(), 1);
    assert!(!store.device_known("short", now()).await.unwrap(), "deleted");
    assert!(store.device_known("long", next_day).await.unwrap());
}
