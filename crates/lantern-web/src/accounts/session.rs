//! Sign in and sign out. Failed sign-ins are counted in the database per address, account and
//! trusted browser, and held back with growing delays (lantern-core/src/signin.rs), so that
//! guessing is slow even across several instances and no one can lock the owner out.

use crate::AppState;
use crate::auth::{
    CurrentUser, DEVICE_COOKIE, DEVICE_DAYS, SESSION_COOKIE, cookie, cookie_value, dummy_hash, random_token, sha256,
    verify_password_bounded,
};
use crate::client::ClientAddr;
use crate::error::AppError;
use crate::form::FormBody;
use crate::register::list::render;
use crate::views::{Chrome, LoginPage};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::{SignedDuration, Timestamp};
use lantern_core::signin::{self, Decision, Recent, Scope};
use lantern_store::{AuditEntry, SignInAttempt};

/// Before there is a session, the sign-in form's CSRF token is a cookie it must echo.
const LOGIN_CSRF_COOKIE: &str = "lantern_login_csrf";

fn login_page(
    csrf: &str,
    email: &str,
    error: Option<String>,
    notice: Option<String>,
    status: StatusCode,
    secure: bool,
) -> Result<Response, AppError> {
    let page = LoginPage {
        chrome: Chrome {
            title: "Sign in".into(),
            ..Chrome::default()
        },
        email: email.to_string(),
        error,
        csrf: csrf.to_string(),
        notice,
    };
    let mut res = render(&page, status)?;
    let c = cookie(LOGIN_CSRF_COOKIE, csrf, 3600, secure);
    if let Ok(v) = HeaderValue::from_str(&c) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

pub async fn login_form(State(state): State<AppState>, parts: Parts) -> Result<Response, AppError> {
    let notice = parts
        .uri
        .query()
        .filter(|q| q.contains("signed_out"))
        .map(|_| "You have signed out.".to_string());
    login_page(
        &random_token(),
        "",
        None,
        notice,
        StatusCode::OK,
        state.config.secure_cookies,
    )
}

/// Longer than any real address (RFC 5321 allows 254): what is kept of a typed email.
const MAX_EMAIL: usize = 320;

pub async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    let email: String = form
        .get("email")
        .unwrap_or("")
        .trim()
        .to_lowercase()
        .chars()
        .take(MAX_EMAIL)
        .collect();
    let password = form.get("password").unwrap_or("").to_string();
    let secure = state.config.secure_cookies;
    let cookies = {
        let (mut parts, _) = axum::http::Request::new(()).into_parts();
        parts.headers = headers;
        parts
    };
    let expected = cookie_value(&cookies, LOGIN_CSRF_COOKIE);
    let fresh = random_token();
    if expected.is_none() || expected.as_deref() != form.get("csrf") {
        let msg = "The sign-in form had expired. Please try again.".to_string();
        return login_page(&fresh, &email, Some(msg), None, StatusCode::FORBIDDEN, secure);
    }
    let now = state.app.clock.now();
    let device_token = cookie_value(&cookies, DEVICE_COOKIE);
    let device_hash = device_token.as_deref().map(sha256);
    let attempt = SignInAttempt {
        email: &email,
        address: &address,
        device_hash: device_hash.as_deref(),
    };
    // Counted before the password is checked; held back means no argon2 work and no row.
    let (recent, decision) = state.app.store.begin_sign_in(&attempt, now).await?;
    if let Decision::Wait { seconds, .. } = decision {
        let msg = signin::wait_message(seconds);
        let mut res = login_page(&fresh, &email, Some(msg), None, StatusCode::TOO_MANY_REQUESTS, secure)?;
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return Ok(res);
    }
    let user = state.app.store.user_by_email(&email).await?;
    let user_id = user.as_ref().map(|u| u.id);
    let hash = user
        .as_ref()
        .map_or(dummy_hash(), |u| u.password_hash.as_str())
        .to_string();
    let ok = verify_password_bounded(password, hash).await? && user.as_ref().is_some_and(|u| !u.disabled);
    let Some(user) = user.filter(|_| ok) else {
        let detail = format!("wrong email or password, from {address}");
        audit(&state, now, None, &email, "login_failed", &detail).await?;
        log_locks(&state, &recent, now, &attempt, user_id).await?;
        let msg = "The email or password is not right.".to_string();
        return login_page(&fresh, &email, Some(msg), None, StatusCode::UNAUTHORIZED, secure);
    };
    state.app.store.sign_in_succeeded(&attempt).await?;
    let session_id = random_token();
    let hours = state.config.session_hours;
    let expires = now + SignedDuration::from_hours(hours);
    state
        .app
        .store
        .create_session(&sha256(&session_id), user.id, &random_token(), now, expires)
        .await?;
    // A browser already trusted for someone keeps its token (a shared office computer is
    // trusted for each of its staff); any other gets a new one.
    let device = match device_token {
        Some(t) if state.app.store.device_known(&sha256(&t), now).await? => t,
        _ => random_token(),
    };
    let device_days = SignedDuration::from_hours(24 * DEVICE_DAYS);
    state
        .app
        .store
        .trust_device(&sha256(&device), user.id, now, now + device_days)
        .await?;
    audit(
        &state,
        now,
        Some(user.id),
        &user.name,
        "login",
        &format!("signed in from {address}"),
    )
    .await?;
    let mut res = Redirect::to("/").into_response();
    let headers = res.headers_mut();
    for c in [
        cookie(SESSION_COOKIE, &session_id, hours * 3600, secure),
        cookie(LOGIN_CSRF_COOKIE, "", 0, secure),
        cookie(DEVICE_COOKIE, &device, device_days.as_secs(), secure),
    ] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    Ok(res)
}

/// One audit entry and one warning for each count this failure started holding back; the
/// failures after it lengthen the wait without another, so guessing cannot fill the log.
async fn log_locks(
    state: &AppState,
    recent: &Recent,
    now: Timestamp,
    attempt: &SignInAttempt<'_>,
    user_id: Option<i64>,
) -> Result<(), AppError> {
    let (email, address) = (attempt.email, attempt.address);
    for lock in signin::locks_after_failure(recent, now) {
        let (actor, who, what) = match lock.scope {
            Scope::Address => (
                format!("address {address}"),
                None,
                format!("Sign-in from {address}, as anyone,"),
            ),
            Scope::AccountAtAddress => (email.to_string(), user_id, format!("Sign-in as {email} from {address}")),
            Scope::Account => (
                email.to_string(),
                user_id,
                format!("Sign-in as {email} from browsers it has not signed in on"),
            ),
            Scope::Device => (
                email.to_string(),
                user_id,
                format!("Sign-in as {email} on a browser it signed in on before"),
            ),
        };
        let delay = signin::wait_in_words(lock.delay.as_secs());
        let detail = format!(
            "{what} held back for {delay} after {} failed attempts; the wait doubles with each further failure",
            lock.failures
        );
        tracing::warn!(scope = lock.scope.as_str(), address, email = ?email, delay_seconds = lock.delay.as_secs(), "sign-in throttled");
        audit(state, now, who, &actor, "sign_in_throttled", &detail).await?;
    }
    Ok(())
}

async fn audit(
    state: &AppState,
    now: Timestamp,
    user_id: Option<i64>,
    actor: &str,
    action: &str,
    detail: &str,
) -> Result<(), AppError> {
    state
        .app
        .store
        .audit(&AuditEntry::new(now, user_id, actor, action, detail))
        .await?;
    Ok(())
}

pub async fn logout(State(state): State<AppState>, me: CurrentUser, body: Bytes) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    state.app.store.delete_session(&me.session_hash).await?;
    audit(
        &state,
        state.app.clock.now(),
        Some(me.user.id),
        &me.user.name,
        "logout",
        "signed out",
    )
    .await?;
    let mut res = Redirect::to("/login?signed_out=1").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies)) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}
