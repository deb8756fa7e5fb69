//! Sign in and sign out. Failed sign-ins are counted per account in the database and
//! throttled, so guessing a password is slow even across several instances.

use super::list::render;
use crate::AppState;
use crate::auth::{
    CurrentUser, SESSION_COOKIE, THROTTLE_LIMIT, THROTTLE_MINUTES, cookie, cookie_value, dummy_hash, random_token,
    sha256, verify_password,
};
use crate::error::AppError;
use crate::form::FormBody;
use crate::views::{Chrome, LoginPage};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::{SignedDuration, Timestamp};
use lantern_store::AuditEntry;

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

pub async fn login(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    let email = form.get("email").unwrap_or("").trim().to_lowercase();
    let password = form.get("password").unwrap_or("");
    let secure = state.config.secure_cookies;
    let expected = {
        let (mut parts, _) = axum::http::Request::new(()).into_parts();
        parts.headers = headers;
        cookie_value(&parts, LOGIN_CSRF_COOKIE)
    };
    let fresh = random_token();
    if expected.is_none() || expected.as_deref() != form.get("csrf") {
        let msg = "The sign-in form had expired. Please try again.".to_string();
        return login_page(&fresh, &email, Some(msg), None, StatusCode::FORBIDDEN, secure);
    }
    let now = state.clock.now();
    let window_start = now - SignedDuration::from_mins(THROTTLE_MINUTES);
    if state.store.login_failures_since(&email, window_start).await? >= THROTTLE_LIMIT {
        let msg = format!(
            "Too many failed attempts for this account. Wait {THROTTLE_MINUTES} minutes and try again, or ask an administrator."
        );
        audit(
            &state,
            now,
            None,
            &email,
            "login_throttled",
            "sign-in refused: too many failures",
        )
        .await?;
        return login_page(&fresh, &email, Some(msg), None, StatusCode::TOO_MANY_REQUESTS, secure);
    }
    let user = state.store.user_by_email(&email).await?;
    let hash = user.as_ref().map(|u| u.password_hash.as_str()).unwrap_or(dummy_hash());
    let ok = verify_password(password, hash) && user.as_ref().is_some_and(|u| !u.disabled);
    let Some(user) = user.filter(|_| ok) else {
        state.store.record_login_failure(&email, now).await?;
        audit(&state, now, None, &email, "login_failed", "wrong email or password").await?;
        let msg = "The email or password is not right.".to_string();
        return login_page(&fresh, &email, Some(msg), None, StatusCode::UNAUTHORIZED, secure);
    };
    state.store.clear_login_failures(&email).await?;
    let session_id = random_token();
    let hours = state.config.session_hours;
    let expires = now + SignedDuration::from_hours(hours);
    state
        .store
        .create_session(&sha256(&session_id), user.id, &random_token(), now, expires)
        .await?;
    audit(&state, now, Some(user.id), &user.name, "login", "signed in").await?;
    let mut res = Redirect::to("/").into_response();
    let headers = res.headers_mut();
    for c in [
        cookie(SESSION_COOKIE, &session_id, hours * 3600, secure),
        cookie(LOGIN_CSRF_COOKIE, "", 0, secure),
    ] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    Ok(res)
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
        .store
        .audit(&AuditEntry::new(now, user_id, actor, action, detail))
        .await?;
    Ok(())
}

pub async fn logout(State(state): State<AppState>, me: CurrentUser, body: Bytes) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    state.store.delete_session(&me.session_hash).await?;
    audit(
        &state,
        state.clock.now(),
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
