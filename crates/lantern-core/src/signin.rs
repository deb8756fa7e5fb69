//! Sign-in throttling: may an attempt go ahead, given the failed sign-ins that concern it?
//!
//! Growing delays, never a hard lock (OWASP Authentication Cheat Sheet, "Login Throttling"):
//! a lock that even the right password cannot open lets anyone lock the registered manager
//! out during an incident. Failures are counted per address, per account at an address and
//! per account from every address; a browser holding a trusted-device cookie for the account
//! is counted only per device, so its owner can sign in from it whatever others try (OWASP
//! "Slow Brute Force Protection with Device Cookies").
//!
//! Failures are counted in *runs*: a run ends when [`Limit::quiet`] passes without a failure.
//! A sliding window would hand out a fresh burst of guesses whenever the oldest failures slid
//! out of it; a run lasts as long as someone keeps guessing at the pace the delays allow.

use jiff::{SignedDuration, Timestamp};

/// What a count is kept over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every account tried from one address.
    Address,
    /// One account from one address.
    AccountAtAddress,
    /// One account from every address without a trusted-device cookie for it.
    Account,
    /// One trusted browser.
    Device,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Address => "address",
            Scope::AccountAtAddress => "account_at_address",
            Scope::Account => "account",
            Scope::Device => "device",
        }
    }

    /// The limit that applies to this count.
    pub fn limit(self) -> Limit {
        match self {
            Scope::Address => ADDRESS,
            Scope::AccountAtAddress => ACCOUNT_AT_ADDRESS,
            Scope::Account => ACCOUNT,
            Scope::Device => DEVICE,
        }
    }
}

/// When a run of failures starts to hold attempts back, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Failures in a run before the next attempt waits.
    pub failures: usize,
    /// A gap this long without a failure ends the run. Longer than `max_delay`, or waiting
    /// out the longest delay would start a fresh run with a fresh burst of guesses.
    pub quiet: SignedDuration,
    /// The wait after the run reaches `failures`; it doubles with each further failure.
    pub first_delay: SignedDuration,
    pub max_delay: SignedDuration,
}

/// The longest any attempt waits: long enough that guessing is hopeless (four guesses an hour
/// per count), short enough that someone locked out by a typo storm is back within a break.
const MAX_DELAY: SignedDuration = SignedDuration::from_mins(15);
/// The first wait: a person who mistyped notices nothing more than a pause.
const FIRST_DELAY: SignedDuration = SignedDuration::from_secs(5);

/// One address: a care office's staff share one public address, so several people's typos
/// fit before anyone waits; ten guesses over forty accounts then slows to one per delay.
pub const ADDRESS: Limit = Limit {
    failures: 10,
    quiet: SignedDuration::from_mins(30),
    first_delay: FIRST_DELAY,
    max_delay: MAX_DELAY,
};

/// One account from one address: five tries covers a forgotten capital or Caps Lock.
pub const ACCOUNT_AT_ADDRESS: Limit = Limit {
    failures: 5,
    quiet: SignedDuration::from_mins(30),
    first_delay: FIRST_DELAY,
    max_delay: MAX_DELAY,
};

/// One account from every untrusted browser: guessing spread over many addresses. Higher than
/// the per-address counts so that one address's failures never reach it alone, and its run
/// ends only after an hour's quiet.
pub const ACCOUNT: Limit = Limit {
    failures: 20,
    quiet: SignedDuration::from_hours(1),
    first_delay: FIRST_DELAY,
    max_delay: MAX_DELAY,
};

// The account-wide count must not be reached by one address alone, nor the address's by one
// account there: each count catches what the narrower one cannot.
const _: () = assert!(ACCOUNT.failures > ADDRESS.failures && ADDRESS.failures > ACCOUNT_AT_ADDRESS.failures);

/// One trusted browser: as strict as one address for one account. Many failures from a
/// trusted browser mean a forgotten password or a copied cookie.
pub const DEVICE: Limit = Limit {
    failures: 5,
    quiet: SignedDuration::from_mins(30),
    first_delay: FIRST_DELAY,
    max_delay: MAX_DELAY,
};

/// How far back the failures that can matter go; older ones may be deleted. A run at the
/// longest delay holds about a hundred failures a day, so a day is the longest run kept.
pub const LOOKBACK: SignedDuration = SignedDuration::from_hours(24);

/// The failed sign-ins that concern one attempt, as times.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recent {
    /// From the attempt's address, for any account.
    pub address: Vec<Timestamp>,
    /// For the attempt's account from its address.
    pub account_at_address: Vec<Timestamp>,
    /// For the attempt's account from anywhere.
    pub account: Vec<Timestamp>,
    /// Carrying the attempt's trusted-device cookie: `Some` only when the cookie is valid for
    /// the account, and then the only count that applies.
    pub device: Option<Vec<Timestamp>>,
}

impl Recent {
    /// The counts that apply to the attempt, with their failures.
    fn scopes(&self) -> Vec<(Scope, &[Timestamp])> {
        match &self.device {
            Some(device) => vec![(Scope::Device, device.as_slice())],
            None => vec![
                (Scope::Address, self.address.as_slice()),
                (Scope::AccountAtAddress, self.account_at_address.as_slice()),
                (Scope::Account, self.account.as_slice()),
            ],
        }
    }
}

/// Whether an attempt may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Held back, without checking the password, for `seconds` (at least 1) by `scope`.
    Wait {
        scope: Scope,
        seconds: i64,
    },
}

/// A count that has just started to hold attempts back: worth one audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lock {
    pub scope: Scope,
    pub failures: usize,
    pub delay: SignedDuration,
}

/// May an attempt go ahead at `now`? The longest wait of the counts that apply wins.
pub fn decide(recent: &Recent, now: Timestamp) -> Decision {
    let mut longest: Option<(Scope, SignedDuration)> = None;
    for (scope, failures) in recent.scopes() {
        let Some(until) = held_until(failures, scope.limit(), now) else {
            continue;
        };
        let wait = until.duration_since(now);
        if wait.is_positive() && longest.is_none_or(|(_, w)| wait > w) {
            longest = Some((scope, wait));
        }
    }
    match longest {
        None => Decision::Allowed,
        Some((scope, wait)) => Decision::Wait {
            scope,
            seconds: ceil_seconds(wait),
        },
    }
}

/// The counts that a failure at `now`, on top of `recent`, makes start holding attempts back.
/// Only the failure that completes a run's threshold locks: later ones lengthen the wait
/// without a new entry, so guessing cannot fill the audit log.
pub fn locks_after_failure(recent: &Recent, now: Timestamp) -> Vec<Lock> {
    recent
        .scopes()
        .into_iter()
        .filter_map(|(scope, failures)| {
            let limit = scope.limit();
            let mut with_this: Vec<Timestamp> = failures.to_vec();
            with_this.push(now);
            (run_length(&with_this, limit.quiet, now) == limit.failures).then_some(Lock {
                scope,
                failures: limit.failures,
                delay: limit.first_delay,
            })
        })
        .collect()
}

/// Until when a count's failures hold attempts back, if they do.
fn held_until(failures: &[Timestamp], limit: Limit, now: Timestamp) -> Option<Timestamp> {
    let run = run_length(failures, limit.quiet, now);
    if run < limit.failures {
        return None;
    }
    let latest = failures.iter().copied().max()?;
    Some(
        latest
            .saturating_add(delay(limit, run - limit.failures))
            .unwrap_or(Timestamp::MAX),
    )
}

/// The wait after `extra` failures beyond the threshold: doubling, capped.
fn delay(limit: Limit, extra: usize) -> SignedDuration {
    // 2^20 × 5 s is far past any cap: stop doubling before the arithmetic could overflow.
    let factor = 1i32 << extra.min(20);
    limit.first_delay.saturating_mul(factor).min(limit.max_delay)
}

/// How many failures the current run holds: counting back from the latest while each gap is
/// shorter than `quiet`; none when the latest is already `quiet` ago.
fn run_length(failures: &[Timestamp], quiet: SignedDuration, now: Timestamp) -> usize {
    let mut times: Vec<Timestamp> = failures.to_vec();
    times.sort_unstable_by(|a, b| b.cmp(a));
    let Some(&latest) = times.first() else { return 0 };
    if now.duration_since(latest) >= quiet {
        return 0;
    }
    1 + times
        .windows(2)
        .take_while(|pair| pair[0].duration_since(pair[1]) < quiet)
        .count()
}

fn ceil_seconds(d: SignedDuration) -> i64 {
    let whole = d.as_secs();
    let seconds = if d.subsec_nanos() > 0 { whole + 1 } else { whole };
    seconds.max(1)
}

/// "Too many sign-in attempts. Wait 2 minutes and try again." — for care staff, not
/// developers: whole minutes from a minute up, rounded up so that trying then works.
pub fn wait_message(seconds: i64) -> String {
    format!(
        "Too many sign-in attempts. Wait {} and try again.",
        wait_in_words(seconds)
    )
}

/// "5 seconds", "1 minute", "15 minutes".
pub fn wait_in_words(seconds: i64) -> String {
    match seconds {
        ..=1 => "1 second".into(),
        2..=59 => format!("{seconds} seconds"),
        60 => "1 minute".into(),
        _ => format!("{} minutes", (seconds + 59) / 60),
    }
}

#[cfg(test)]
mod tests;
