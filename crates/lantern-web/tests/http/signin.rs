//! Sign-in throttling: guesses are held back per address, account and trusted browser with
//! growing delays, and the owner of an account can always sign in.

use crate::helpers::*;
use lantern_web::WebConfig;

/// Behind one proxy, so that each test can sign in "from" any address.
async fn behind_proxy() -> TestApp {
    spawn_app_with(WebConfig {
        trust_forwarded_for: true,
        ..WebConfig::default()
    })
    .await
}

fn retry_after(res: &reqwest::Response) -> i64 {
    res.headers()["retry-after"].to_str().unwrap().parse().unwrap()
}

fn sets_session(res: &reqwest::Response) -> bool {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("lantern_session=") && !c.to_str().unwrap().contains("Max-Age=0"))
}

async fn signed_in(app: &TestApp, client: &reqwest::Client) -> bool {
    client.get(app.url("/")).send().await.unwrap().status() == 200
}

async fn locks(app: &TestApp) -> Vec<String> {
    let audit = app.store.audit_entries(1000).await.unwrap();
    audit
        .into_iter()
        .filter(|e| e.action == "sign_in_throttled")
        .map(|e| e.detail)
        .collect()
}

#[tokio::test]
async fn five_wrong_passwords_from_one_address_do_not_lock_the_owner_out() {
    let app = behind_proxy().await;
    let attacker = app.client();
    for _ in 0..5 {
        let res = app.sign_in_from(&attacker, ADMIN, "guess", Some("203.0.113.9")).await;
        assert_eq!(res.status(), 401);
    }
    let res = app.sign_in_from(&attacker, ADMIN, "guess", Some("203.0.113.9")).await;
    assert_eq!(res.status(), 429);
    assert_eq!(retry_after(&res), 5);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Too many sign-in attempts. Wait 5 seconds and try again."),
        "{page}"
    );
    // The owner, in a new browser somewhere else, signs in at once.
    let owner = app.client();
    let res = app.sign_in_from(&owner, ADMIN, PASSWORD, Some("198.51.100.7")).await;
    assert_eq!(res.status(), 303);
    assert!(signed_in(&app, &owner).await);
    // Which clears the owner's failures there, not the attacker's address.
    let res = app.sign_in_from(&attacker, ADMIN, PASSWORD, Some("203.0.113.9")).await;
    assert_eq!(res.status(), 429);
    let locks = locks(&app).await;
    assert_eq!(locks.len(), 1, "{locks:?}");
    assert!(
        locks[0].contains(ADMIN) && locks[0].contains("203.0.113.9") && locks[0].contains("5 seconds"),
        "{locks:?}"
    );
}

#[tokio::test]
async fn a_trusted_browser_signs_in_after_thirty_failures_from_many_addresses() {
    let app = behind_proxy().await;
    let owner = app.client();
    assert_eq!(
        app.sign_in_from(&owner, ADMIN, PASSWORD, Some("192.0.2.1"))
            .await
            .status(),
        303
    );
    let home = owner.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    let res = owner
        .post(app.url("/logout"))
        .form(&[("csrf", hidden(&home, "csrf"))])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(!signed_in(&app, &owner).await);

    // Thirty real failures from thirty addresses, waiting out each delay once they start.
    let mut failures = 0;
    let mut address = 0;
    while failures < 30 {
        address += 1;
        let from = format!("198.51.100.{address}");
        let res = app.sign_in_from(&app.client(), ADMIN, "guess", Some(&from)).await;
        match res.status().as_u16() {
            401 => failures += 1,
            429 => app.advance_minutes((retry_after(&res) + 59) / 60),
            other => panic!("{other}"),
        }
    }
    assert!(address > 30, "the account-wide count held some back");
    // A new browser, even with the right password, waits: the guesses were spread out.
    let stranger = app.client();
    let res = app
        .sign_in_from(&stranger, ADMIN, PASSWORD, Some("203.0.113.200"))
        .await;
    assert_eq!(res.status(), 429);
    assert_eq!(retry_after(&res), 15 * 60);
    assert!(!sets_session(&res));
    // The owner's usual browser is counted on its own, from wherever it is.
    let res = app.sign_in_from(&owner, ADMIN, PASSWORD, Some("198.51.100.3")).await;
    assert_eq!(res.status(), 303);
    assert!(signed_in(&app, &owner).await);
    let locks = locks(&app).await;
    assert_eq!(locks.len(), 1, "one lock, for the account: {locks:?}");
    assert!(locks[0].contains("browsers it has not signed in on"), "{locks:?}");
}

#[tokio::test]
async fn eighty_guesses_over_forty_accounts_from_one_address_are_held_back() {
    // Not behind a proxy: the header is the client's own and changes nothing.
    let app = spawn_app().await;
    let attacker = app.client();
    let mut accounts: Vec<String> = [ADMIN, VIEWER, BRANCH_MANAGER, COORDINATOR]
        .iter()
        .map(|s| s.to_string())
        .collect();
    accounts.extend((0..36).map(|n| format!("staff{n}@test.example")));
    let mut answers = Vec::new();
    for round in 0..2 {
        for (n, email) in accounts.iter().enumerate() {
            let spoofed = format!("10.{round}.0.{n}");
            let res = app.sign_in_from(&attacker, email, "Password1", Some(&spoofed)).await;
            if res.status() == 429 {
                assert!(retry_after(&res) >= 1);
            }
            answers.push(res.status().as_u16());
        }
    }
    assert_eq!(answers.len(), 80);
    assert!(answers[..10].iter().all(|s| *s == 401), "{answers:?}");
    assert!(answers[10..].iter().all(|s| *s == 429), "{answers:?}");
    assert_eq!(
        app.store.login_failure_rows().await.unwrap(),
        10,
        "held-back attempts write no row"
    );
    let audit = app.store.audit_entries(1000).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "login_failed").count(), 10);
    // The right password from the attacking address waits too, and gets no session.
    let res = app.sign_in_from(&attacker, ADMIN, PASSWORD, Some("10.9.9.9")).await;
    assert_eq!(res.status(), 429);
    assert!(!sets_session(&res));
    assert!(!signed_in(&app, &attacker).await);
    let locks = locks(&app).await;
    assert_eq!(locks.len(), 1, "{locks:?}");
    assert!(locks[0].contains("127.0.0.1, as anyone"), "{locks:?}");
}

#[tokio::test]
async fn each_wait_is_longer_than_the_last_and_a_quiet_half_hour_ends_them() {
    let app = behind_proxy().await;
    let c = app.client();
    let from = "203.0.113.77";
    for _ in 0..5 {
        assert_eq!(app.sign_in_from(&c, VIEWER, "guess", Some(from)).await.status(), 401);
    }
    let mut waits = Vec::new();
    for _ in 0..3 {
        let res = app.sign_in_from(&c, VIEWER, "guess", Some(from)).await;
        assert_eq!(res.status(), 429);
        waits.push(retry_after(&res));
        app.advance_minutes(1);
        // Past the wait: the next guess is checked, fails, and the wait doubles.
        assert_eq!(app.sign_in_from(&c, VIEWER, "guess", Some(from)).await.status(), 401);
    }
    let res = app.sign_in_from(&c, VIEWER, "guess", Some(from)).await;
    waits.push(retry_after(&res));
    assert_eq!(waits, [5, 10, 20, 40]);
    assert!(res.text().await.unwrap().contains("Wait 40 seconds"), "told in words");
    assert_eq!(locks(&app).await.len(), 1, "one lock however long it lasts");
    app.advance_minutes(31);
    assert_eq!(app.sign_in_from(&c, VIEWER, PASSWORD, Some(from)).await.status(), 303);
}
