use super::*;
use proptest::prelude::*;

fn t0() -> Timestamp {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

fn at(seconds: i64) -> Timestamp {
    t0() + SignedDuration::from_secs(seconds)
}

/// `n` failures one second apart, the last at `at(n - 1)`.
fn burst(n: i64) -> Vec<Timestamp> {
    (0..n).map(at).collect()
}

fn wait(recent: &Recent, now: Timestamp) -> Option<(Scope, i64)> {
    match decide(recent, now) {
        Decision::Allowed => None,
        Decision::Wait { scope, seconds } => Some((scope, seconds)),
    }
}

#[test]
fn each_count_holds_back_from_its_threshold_and_not_before() {
    // (scope, failures in a burst, expected wait right after the last one)
    let table = [
        (Scope::AccountAtAddress, 4, None),
        (Scope::AccountAtAddress, 5, Some(5)),
        (Scope::AccountAtAddress, 6, Some(10)),
        (Scope::AccountAtAddress, 7, Some(20)),
        (Scope::Address, 9, None),
        (Scope::Address, 10, Some(5)),
        (Scope::Address, 12, Some(20)),
        (Scope::Account, 19, None),
        (Scope::Account, 20, Some(5)),
        (Scope::Account, 40, Some(15 * 60)),
        (Scope::Device, 4, None),
        (Scope::Device, 5, Some(5)),
    ];
    for (scope, n, expected) in table {
        let failures = burst(n);
        let mut recent = Recent::default();
        match scope {
            Scope::Address => recent.address = failures,
            Scope::AccountAtAddress => recent.account_at_address = failures,
            Scope::Account => recent.account = failures,
            Scope::Device => recent.device = Some(failures),
        }
        let got = wait(&recent, at(n - 1));
        assert_eq!(got, expected.map(|s| (scope, s)), "{scope:?} after {n} failures");
    }
}

#[test]
fn the_wait_runs_out_and_the_next_failure_doubles_it() {
    let mut failures = burst(5);
    let mut now = at(4);
    let mut waits = Vec::new();
    for _ in 0..10 {
        let recent = Recent {
            account_at_address: failures.clone(),
            ..Recent::default()
        };
        let Some((_, seconds)) = wait(&recent, now) else {
            panic!("held back after {} failures", failures.len())
        };
        waits.push(seconds);
        assert!(wait(&recent, now + SignedDuration::from_secs(seconds - 1)).is_some());
        now += SignedDuration::from_secs(seconds);
        assert_eq!(wait(&recent, now), None, "allowed once the wait is over");
        failures.push(now);
    }
    assert_eq!(waits, [5, 10, 20, 40, 80, 160, 320, 640, 900, 900]);
}

#[test]
fn a_quiet_half_hour_ends_the_run() {
    let failures = burst(5);
    let recent = Recent {
        account_at_address: failures.clone(),
        ..Recent::default()
    };
    let later = at(4) + SignedDuration::from_mins(30);
    assert_eq!(wait(&recent, later), None);
    // The failure after the quiet starts a new run: no lock until the threshold again.
    assert!(locks_after_failure(&recent, later).is_empty());
    let mut next = failures;
    next.extend([later, later, later]);
    let recent = Recent {
        account_at_address: next,
        ..Recent::default()
    };
    let now = later + SignedDuration::from_secs(1);
    assert_eq!(wait(&recent, now), None, "three failures in the new run");
    let locks = locks_after_failure(&recent, now);
    assert!(locks.is_empty(), "the fourth of the new run does not lock: {locks:?}");
}

#[test]
fn a_trusted_device_is_counted_only_per_device() {
    let swamped = Recent {
        address: burst(50),
        account_at_address: burst(50),
        account: burst(50),
        device: Some(Vec::new()),
    };
    assert_eq!(wait(&swamped, at(50)), None, "the owner's browser signs in");
    let untrusted = Recent {
        device: None,
        ..swamped.clone()
    };
    assert_eq!(wait(&untrusted, at(49)).map(|(_, s)| s), Some(15 * 60));
    let guessed = Recent {
        device: Some(burst(5)),
        ..Recent::default()
    };
    assert_eq!(wait(&guessed, at(4)), Some((Scope::Device, 5)));
}

#[test]
fn the_longest_wait_wins() {
    let recent = Recent {
        address: burst(11),
        account_at_address: burst(5),
        account: burst(5),
        device: None,
    };
    assert_eq!(wait(&recent, at(10)), Some((Scope::Address, 10)));
}

#[test]
fn only_the_failure_that_reaches_a_threshold_locks() {
    let four = Recent {
        address: burst(4),
        account_at_address: burst(4),
        account: burst(4),
        device: None,
    };
    let locks = locks_after_failure(&four, at(4));
    assert_eq!(
        locks,
        [Lock {
            scope: Scope::AccountAtAddress,
            failures: 5,
            delay: SignedDuration::from_secs(5)
        }]
    );
    let five = Recent {
        account_at_address: burst(5),
        ..four.clone()
    };
    assert!(
        locks_after_failure(&five, at(20)).is_empty(),
        "the sixth only lengthens it"
    );
    let nine = Recent {
        address: burst(9),
        ..Recent::default()
    };
    let locks = locks_after_failure(&nine, at(9));
    assert_eq!(locks.iter().map(|l| l.scope).collect::<Vec<_>>(), [Scope::Address]);
    let device = Recent {
        account: burst(19),
        device: Some(burst(4)),
        ..Recent::default()
    };
    let locks = locks_after_failure(&device, at(19));
    assert_eq!(locks.iter().map(|l| l.scope).collect::<Vec<_>>(), [Scope::Device]);
}

#[test]
fn waits_are_told_in_words() {
    assert_eq!(
        wait_message(120),
        "Too many sign-in attempts. Wait 2 minutes and try again."
    );
    assert_eq!(
        wait_message(5),
        "Too many sign-in attempts. Wait 5 seconds and try again."
    );
    assert!(wait_message(1).contains("Wait 1 second "));
    assert!(wait_message(60).contains("Wait 1 minute "));
    assert!(wait_message(61).contains("Wait 2 minutes"), "rounded up");
    assert!(wait_message(900).contains("Wait 15 minutes"));
}

#[test]
fn every_run_outlasts_its_longest_delay() {
    for scope in [Scope::Address, Scope::AccountAtAddress, Scope::Account, Scope::Device] {
        let l = scope.limit();
        assert!(
            l.quiet > l.max_delay,
            "{scope:?}: waiting out the cap would reset the run"
        );
        assert!(l.first_delay <= l.max_delay);
    }
}

/// Someone who guesses the moment each wait ends, for a whole day, from one address against
/// one account: about four guesses an hour once the delays reach their cap.
#[test]
fn a_day_of_guessing_from_one_address_gets_few_guesses() {
    let mut failures: Vec<Timestamp> = Vec::new();
    let mut now = t0();
    let end = t0() + SignedDuration::from_hours(24);
    while now < end {
        let recent = Recent {
            address: failures.clone(),
            account_at_address: failures.clone(),
            account: failures.clone(),
            device: None,
        };
        match decide(&recent, now) {
            Decision::Allowed => {
                failures.push(now);
                now += SignedDuration::from_millis(100);
            }
            Decision::Wait { seconds, .. } => now += SignedDuration::from_secs(seconds),
        }
    }
    assert!(failures.len() < 24 * 4 + 20, "{} guesses in a day", failures.len());
}

fn times() -> impl Strategy<Value = Vec<Timestamp>> {
    prop::collection::vec(0i64..7200, 0..40).prop_map(|secs| secs.into_iter().map(at).collect())
}

fn recents() -> impl Strategy<Value = Recent> {
    (times(), times(), times(), prop::option::of(times())).prop_map(|(address, account_at_address, account, device)| {
        Recent {
            address,
            account_at_address,
            account,
            device,
        }
    })
}

proptest! {
    #[test]
    fn no_wait_is_longer_than_the_cap(recent in recents(), now in 7200i64..9000) {
        if let Decision::Wait { seconds, .. } = decide(&recent, at(now)) {
            prop_assert!((1..=15 * 60).contains(&seconds));
        }
    }

    #[test]
    fn a_trusted_device_ignores_every_other_count(recent in recents(), device in times(), now in 7200i64..9000) {
        let with_device = Recent { device: Some(device.clone()), ..recent };
        let only_device = Recent { device: Some(device), ..Recent::default() };
        prop_assert_eq!(decide(&with_device, at(now)), decide(&only_device, at(now)));
    }

    #[test]
    fn another_failure_never_shortens_the_wait(recent in recents(), now in 7200i64..9000) {
        let now = at(now);
        let before = match decide(&recent, now) { Decision::Allowed => 0, Decision::Wait { seconds, .. } => seconds };
        let mut after = recent.clone();
        for list in [&mut after.address, &mut after.account_at_address, &mut after.account] {
            list.push(now);
        }
        if let Some(d) = after.device.as_mut() {
            d.push(now);
        }
        let after = match decide(&after, now) { Decision::Allowed => 0, Decision::Wait { seconds, .. } => seconds };
        prop_assert!(after >= before, "{after} < {before}");
    }
}
