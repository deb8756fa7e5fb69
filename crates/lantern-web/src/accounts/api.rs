//! Accounts through the API: what the users pages do, for an identity-management script. Only
//! a token of an administrator of every service gets anywhere; the rules and the audit are in
//! `lantern_app::users`. A password Lantern makes is in the one answer that made it.

use crate::AppState;
use crate::api::body;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use lantern_app::users;
use lantern_core::account::AccountInput;
use serde::Deserialize;
use serde_json::Value;

use super::api_json::{PasswordReset, SignedOut, Unlocked, UserAccount, UserLine, UserList};

/// `"all"` or a list of service ids, as the typed input the pages also parse.
fn services_input(services: &Value) -> Result<(bool, Vec<String>), ApiError> {
    let wrong = || ApiError(AppError::invalid("services", "Send \"all\" or a list of service ids"));
    match services {
        Value::String(s) if s == "all" => Ok((true, Vec::new())),
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::Number(n) => Ok(n.to_string()),
                Value::String(s) => Ok(s.clone()),
                _ => Err(wrong()),
            })
            .collect::<Result<_, _>>()
            .map(|ids| (false, ids)),
        _ => Err(wrong()),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountBody {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    services: Value,
    /// Only when adding; none means Lantern makes one and answers it once.
    password: Option<String>,
}

impl AccountBody {
    fn input(&self) -> Result<AccountInput, ApiError> {
        let (every_service, services) = services_input(&self.services)?;
        Ok(AccountInput {
            email: self.email.clone(),
            name: self.name.clone(),
            role: self.role.clone(),
            every_service,
            services,
        })
    }
}

pub async fn list(State(state): State<AppState>, user: ApiUser) -> Result<Response, ApiError> {
    let all = users::list(&state.app.store, &user.acting(), state.app.clock.now()).await?;
    let items = all.iter().map(UserLine::from).collect();
    Ok(Json(UserList { items }).into_response())
}

pub async fn get(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let d = users::detail(&state.app.store, &user.acting(), id, state.app.clock.now()).await?;
    Ok(Json(UserAccount::from(&d)).into_response())
}

pub async fn create(State(state): State<AppState>, user: ApiUser, bytes: Bytes) -> Result<Response, ApiError> {
    let acting = user.acting();
    acting.ensure_manages_users()?;
    let b: AccountBody = body(&bytes)?;
    let now = state.app.clock.now();
    let added = users::add(&state.app.store, &acting, &b.input()?, b.password.as_deref(), now).await?;
    let d = users::detail(&state.app.store, &acting, added.id, now).await?;
    let v = UserAccount {
        password: added.generated,
        ..UserAccount::from(&d)
    };
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/users/{}", added.id))],
        Json(v),
    )
        .into_response())
}

pub async fn update(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let acting = user.acting();
    acting.ensure_manages_users()?;
    let b: AccountBody = body(&bytes)?;
    if b.password.is_some() {
        return Err(ApiError(AppError::invalid(
            "password",
            "Reset a password with POST /api/v1/users/{id}/password",
        )));
    }
    let now = state.app.clock.now();
    users::change(&state.app.store, &acting, id, &b.input()?, now).await?;
    let d = users::detail(&state.app.store, &acting, id, now).await?;
    Ok(Json(UserAccount::from(&d)).into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PasswordBody {
    password: Option<String>,
}

pub async fn password(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let acting = user.acting();
    acting.ensure_manages_users()?;
    let b: PasswordBody = if bytes.is_empty() {
        PasswordBody::default()
    } else {
        body(&bytes)?
    };
    let reset = users::reset_password(
        &state.app.store,
        &acting,
        id,
        b.password.as_deref(),
        state.app.clock.now(),
    )
    .await?;
    Ok(Json(PasswordReset {
        signed_out: reset.sessions_ended,
        password: reset.generated,
    })
    .into_response())
}

pub async fn revoke(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let r = users::revoke(&state.app.store, &user.acting(), id, state.app.clock.now()).await?;
    Ok(Json(SignedOut {
        signed_out: r.sessions,
        tokens_revoked: r.tokens,
    })
    .into_response())
}

pub async fn unlock(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let n = users::unlock(&state.app.store, &user.acting(), id, state.app.clock.now()).await?;
    Ok(Json(Unlocked {
        failed_sign_ins_cleared: n,
    })
    .into_response())
}
