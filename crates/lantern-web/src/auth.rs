//! Signing in: argon2id passwords, sessions stored hashed in the database behind an HttpOnly,
//! SameSite=Strict cookie, a CSRF token per session, and bearer tokens for the API.

use crate::AppState;
use crate::error::{ApiError, AppError};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
pub use lantern_app::credentials::{
    dummy_hash, generate_password, hash_password, new_api_token, random_token, sha256, verify_password_bounded,
};
use lantern_store::User;

pub const SESSION_COOKIE: &str = "lantern_session";
/// A browser that signed in as someone: its failures are counted on their own, so its owner
/// can sign in from it whatever others try (lantern-core/src/signin.rs).
pub const DEVICE_COOKIE: &str = "lantern_device";
/// How long a browser stays trusted after its last sign-in: a season of shifts, so staff
/// who sign in weekly, or after leave, keep it.
pub const DEVICE_DAYS: i64 = 90;

pub fn cookie_value(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value with the attributes every Lantern cookie carries.
pub fn cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_seconds}{secure}")
}

/// The signed-in user of a page request, with the session's CSRF token.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub csrf: String,
    pub session_hash: String,
}

impl CurrentUser {
    /// Every form post carries the session's token; a missing or wrong one is refused.
    pub fn check_csrf(&self, submitted: Option<&str>) -> Result<(), AppError> {
        match submitted {
            Some(t) if constant_time_eq(t.as_bytes(), self.csrf.as_bytes()) => Ok(()),
            _ => Err(AppError::Forbidden(
                "This form has expired or did not come from Lantern. Go back, reload the page and try again.".into(),
            )),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let id = cookie_value(parts, SESSION_COOKIE).ok_or(AppError::Unauthorized)?;
        let hash = sha256(&id);
        let session = state
            .app
            .store
            .session(&hash, state.app.clock.now())
            .await?
            .ok_or(AppError::Unauthorized)?;
        Ok(CurrentUser {
            user: session.user,
            csrf: session.csrf_token,
            session_hash: hash,
        })
    }
}

/// The user behind an API request's bearer token.
#[derive(Debug, Clone)]
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(ApiError(AppError::Unauthorized))?;
        let hash = sha256(token);
        let user = state
            .app
            .store
            .user_by_token(&hash)
            .await?
            .ok_or(ApiError(AppError::Unauthorized))?;
        // When a token was last used tells an administrator which integrations still run.
        state.app.store.note_token_use(&hash, state.app.clock.now()).await?;
        Ok(ApiUser(user))
    }
}

impl CurrentUser {
    /// How this user's changes are attributed.
    pub fn actor(&self) -> lantern_store::Actor {
        lantern_store::Actor {
            user_id: Some(self.user.id),
            label: self.user.name.clone(),
        }
    }

    /// This user as the operations in lantern-app see them, acting from this session.
    pub fn acting(&self) -> lantern_app::users::Acting<'_> {
        lantern_app::users::Acting::signed_in(self.actor(), &self.user, Some(&self.session_hash))
    }
}

impl ApiUser {
    pub fn actor(&self) -> lantern_store::Actor {
        lantern_store::Actor {
            user_id: Some(self.0.id),
            label: format!("{} (API)", self.0.name),
        }
    }

    /// This token's user as the operations in lantern-app see them.
    pub fn acting(&self) -> lantern_app::users::Acting<'_> {
        lantern_app::users::Acting::signed_in(self.actor(), &self.0, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_strict_and_http_only() {
        let c = cookie("x", "v", 60, true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"));
    }
}
