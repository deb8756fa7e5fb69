//! Looking after user accounts, shared by the users page, its API and `lantern user add`.
//! Each operation checks who is asking, validates through lantern-core's account rules, and is
//! audited in the store's transaction with who changed whom and what — never a password.

use crate::Error;
use crate::credentials::{generate_password, hash_password_bounded};
use jiff::Timestamp;
use lantern_core::EntityKind;
use lantern_core::account::{self, AccountInput, check_password, manages_users};
use lantern_core::user::ServiceAccess;
use lantern_store::{Actor, ApiToken, AuditEntry, ListQuery, NewUser, Revoked, SessionRow, Store, StoreError, User};

/// Who is acting on accounts.
#[derive(Debug, Clone)]
pub struct Acting<'a> {
    pub actor: Actor,
    /// The signed-in user; `None` for the command line, whose user holds the database itself.
    pub user: Option<&'a User>,
    /// The session they act from: kept when they sign themselves out everywhere else.
    pub session: Option<&'a str>,
}

impl<'a> Acting<'a> {
    /// Someone signed in: from a page (with the session they act from) or with an API token.
    pub fn signed_in(actor: Actor, user: &'a User, session: Option<&'a str>) -> Self {
        Acting {
            actor,
            user: Some(user),
            session,
        }
    }

    /// Someone at the server's command line (see [`crate::actors::command_line`]).
    pub fn command_line(actor: Actor) -> Self {
        Acting {
            actor,
            user: None,
            session: None,
        }
    }

    /// Only an administrator of every service looks after accounts.
    pub fn ensure_manages_users(&self) -> Result<(), Error> {
        match self.user {
            Some(u) if !manages_users(u.role, &u.access) => Err(Error::Forbidden(
                "Only an administrator of every service can look after users. Ask an administrator.".into(),
            )),
            _ => Ok(()),
        }
    }

    fn is(&self, id: i64) -> bool {
        self.user.is_some_and(|u| u.id == id)
    }

    fn entry(&self, now: Timestamp, action: &str, detail: String) -> AuditEntry {
        AuditEntry::new(now, self.actor.user_id, &self.actor.label, action, detail)
    }
}

/// A user as the users list shows them.
#[derive(Debug, Clone)]
pub struct UserSummary {
    pub user: User,
    pub sessions: usize,
    pub live_tokens: usize,
    /// Failed sign-ins over the throttle's look-back (a day).
    pub failures: i64,
}

/// A user as their own page shows them.
#[derive(Debug, Clone)]
pub struct UserDetail {
    pub user: User,
    pub sessions: Vec<SessionRow>,
    pub tokens: Vec<ApiToken>,
    pub failures: i64,
}

/// The organisation's services, id and name, ended ones last: for choosing and for naming.
pub async fn services(store: &Store) -> Result<Vec<(i64, String, bool)>, Error> {
    let q = ListQuery {
        include_ended: true,
        limit: 100_000,
        ..Default::default()
    };
    let mut all: Vec<(i64, String, bool)> = store
        .list(EntityKind::Service, &q)
        .await?
        .items
        .into_iter()
        .map(|s| (s.id, s.record.title(), s.ended_at.is_some()))
        .collect();
    all.sort_by_key(|(_, _, ended)| *ended);
    Ok(all)
}

/// "every service" or the services by name.
pub fn describe(access: &ServiceAccess, services: &[(i64, String, bool)]) -> String {
    account::describe_access(access, |id| {
        services
            .iter()
            .find(|(s, _, _)| *s == id)
            .map(|(_, name, _)| name.clone())
            .unwrap_or_else(|| format!("service {id}"))
    })
}

fn who(u: &User) -> String {
    format!("{} ({})", u.name, u.email)
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub async fn list(store: &Store, acting: &Acting<'_>, now: Timestamp) -> Result<Vec<UserSummary>, Error> {
    acting.ensure_manages_users()?;
    let failures = store.sign_in_failure_counts(now).await?;
    let mut out = Vec::new();
    for user in store.users().await? {
        let sessions = store.live_sessions(user.id, now).await?.len();
        let live_tokens = store
            .user_tokens(user.id)
            .await?
            .iter()
            .filter(|t| t.revoked_at.is_none())
            .count();
        out.push(UserSummary {
            failures: failures.get(&user.email).copied().unwrap_or(0),
            user,
            sessions,
            live_tokens,
        });
    }
    Ok(out)
}

pub async fn detail(store: &Store, acting: &Acting<'_>, id: i64, now: Timestamp) -> Result<UserDetail, Error> {
    acting.ensure_manages_users()?;
    let user = store.user(id).await?;
    let failures = store.sign_in_failure_counts(now).await?;
    Ok(UserDetail {
        sessions: store.live_sessions(id, now).await?,
        tokens: store.user_tokens(id).await?,
        failures: failures.get(&user.email).copied().unwrap_or(0),
        user,
    })
}

/// A new account, and its password when Lantern made one (to be shown once, then never again).
#[derive(Debug, Clone)]
pub struct Added {
    pub id: i64,
    pub generated: Option<String>,
}

/// The password typed, checked; or a new one Lantern makes when none was typed.
fn password_for(typed: Option<&str>, email: &str) -> Result<(String, bool), String> {
    match typed.filter(|p| !p.is_empty()) {
        Some(p) => check_password(p, email).map(|_| (p.to_string(), false)),
        None => Ok((generate_password(), true)),
    }
}

/// Adds an account. Problems come back as field errors (`email`, `name`, `role`, `services`,
/// `password`), all at once.
pub async fn add(
    store: &Store,
    acting: &Acting<'_>,
    input: &AccountInput,
    password: Option<&str>,
    now: Timestamp,
) -> Result<Added, Error> {
    acting.ensure_manages_users()?;
    let services = services(store).await?;
    let ids: Vec<i64> = services.iter().map(|(id, _, _)| *id).collect();
    let parsed = account::parse_account(input, &ids);
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    let email = parsed.as_ref().map(|a| a.email.clone()).unwrap_or_default();
    if !email.is_empty() && store.user_by_email(&email).await?.is_some() {
        errors.add("email", format!("A user with the email {email} already exists"));
    }
    let password = password_for(password, &email).map_err(|e| errors.add("password", e));
    let (Ok(account), Ok((password, generated)), true) = (parsed, password, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let user = NewUser {
        email: account.email.clone(),
        name: account.name.clone(),
        role: account.role,
        access: account.access.clone(),
        password_hash: hash_password_bounded(password.clone()).await?,
    };
    let detail = format!(
        "Added {} ({}) as {} for {}",
        account.name,
        account.email,
        account.role.label(),
        describe(&account.access, &services)
    );
    let id = match store.add_user(&user, acting.entry(now, "user_add", detail), now).await {
        // Someone added the same email a moment ago.
        Err(StoreError::Conflict(m)) if m.contains("already exists") => {
            return Err(Error::invalid(
                "email",
                format!("A user with the email {email} already exists"),
            ));
        }
        other => other?,
    };
    Ok(Added {
        id,
        generated: generated.then_some(password),
    })
}

/// Changes an account's name, role and services (its email stays: it is how they sign in).
pub async fn change(
    store: &Store,
    acting: &Acting<'_>,
    id: i64,
    input: &AccountInput,
    now: Timestamp,
) -> Result<User, Error> {
    acting.ensure_manages_users()?;
    let current = store.user(id).await?;
    let services = services(store).await?;
    let ids: Vec<i64> = services.iter().map(|(id, _, _)| *id).collect();
    let input = AccountInput {
        email: current.email.clone(),
        ..input.clone()
    };
    let account = account::parse_account(&input, &ids).map_err(Error::Invalid)?;
    let mut changes = Vec::new();
    if account.name != current.name {
        changes.push(format!("name {} → {}", current.name, account.name));
    }
    if account.role != current.role {
        changes.push(format!("role {} → {}", current.role.label(), account.role.label()));
    }
    if account.access != current.access {
        changes.push(format!(
            "services {} → {}",
            describe(&current.access, &services),
            describe(&account.access, &services)
        ));
    }
    let detail = if changes.is_empty() {
        format!("Saved {} unchanged", who(&current))
    } else {
        format!("Changed {}: {}", who(&current), changes.join("; "))
    };
    let on_self = acting.is(id);
    let allowed =
        |before: &User, others: usize| account::check_change(on_self, (before.role, &before.access), &account, others);
    let entry = acting.entry(now, "user_change", detail);
    let changed = store
        .change_user(id, &account.name, account.role, &account.access, allowed, entry)
        .await;
    match changed {
        // The rule's refusal belongs beside the role it is about.
        Err(StoreError::Conflict(m)) => Err(Error::invalid("role", m)),
        Err(e) => Err(e.into()),
        Ok(_) => Ok(store.user(id).await?),
    }
}

/// A password reset: the password Lantern made, if none was typed, and the sign-ins ended.
#[derive(Debug, Clone)]
pub struct Reset {
    pub generated: Option<String>,
    pub sessions_ended: u64,
}

/// Sets a new password and signs the user out everywhere (an administrator resetting their own
/// keeps the session they are using).
pub async fn reset_password(
    store: &Store,
    acting: &Acting<'_>,
    id: i64,
    typed: Option<&str>,
    now: Timestamp,
) -> Result<Reset, Error> {
    acting.ensure_manages_users()?;
    let user = store.user(id).await?;
    let (password, generated) = password_for(typed, &user.email).map_err(|e| Error::invalid("password", e))?;
    let hash = hash_password_bounded(password.clone()).await?;
    let keep = acting.session.filter(|_| acting.is(id));
    let how = if generated {
        "to one Lantern made"
    } else {
        "to one typed by the administrator"
    };
    let detail = format!("Reset the password of {} {how} and signed them out", who(&user));
    let sessions_ended = store
        .set_password(id, &hash, keep, acting.entry(now, "user_password", detail))
        .await?;
    Ok(Reset {
        generated: generated.then_some(password),
        sessions_ended,
    })
}

/// Signs the user out of every browser and revokes their API tokens. An administrator doing it
/// to themselves stays signed in where they are: nobody revokes themselves out of the page.
pub async fn revoke(store: &Store, acting: &Acting<'_>, id: i64, now: Timestamp) -> Result<Revoked, Error> {
    acting.ensure_manages_users()?;
    let user = store.user(id).await?;
    let keep = acting.session.filter(|_| acting.is(id));
    if acting.is(id) && keep.is_none() {
        // Through the API there is no session to keep: it would revoke the very token asking.
        return Err(Error::Conflict(
            "Signing yourself out everywhere would revoke the token you are using. Do it from your account's page."
                .into(),
        ));
    }
    let elsewhere = if keep.is_some() { " (but this one)" } else { "" };
    let revoked = store
        .revoke_access(id, keep, now, |r| {
            let detail = format!(
                "Signed {} out of {}{elsewhere} and revoked {}",
                who(&user),
                plural(r.sessions, "browser", "browsers"),
                plural(r.tokens, "API token", "API tokens")
            );
            acting.entry(now, "user_revoke", detail)
        })
        .await?;
    Ok(revoked)
}

/// Forgets the account's failed sign-ins, so that its owner — held back by the throttle after
/// someone's guesses or their own typos — can sign in at once.
pub async fn unlock(store: &Store, acting: &Acting<'_>, id: i64, now: Timestamp) -> Result<u64, Error> {
    acting.ensure_manages_users()?;
    let user = store.user(id).await?;
    Ok(store
        .clear_sign_in_failures(id, |n| {
            let detail = format!(
                "Cleared {} of {} so they can sign in at once",
                plural(n, "failed sign-in", "failed sign-ins"),
                who(&user)
            );
            acting.entry(now, "user_unlock", detail)
        })
        .await?)
}
