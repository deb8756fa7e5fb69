//! The account answers of the API as types (`api::schema` says why). Never a password hash or
//! a token: a password Lantern made is in the one answer that made it, and tokens are listed
//! by label and dates only.

use crate::api::schema;
use lantern_app::users::{UserDetail, UserSummary};
use lantern_core::user::{Role, ServiceAccess};
use lantern_store::{ApiToken, User};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

/// The services someone works in: `"all"` (every service, including ones added later) or ids.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Services {
    All(&'static str),
    Only(Vec<i64>),
}

impl From<&ServiceAccess> for Services {
    fn from(access: &ServiceAccess) -> Self {
        match access {
            ServiceAccess::All => Services::All("all"),
            ServiceAccess::Only(ids) => Services::Only(ids.clone()),
        }
    }
}

fn services() -> RefOr<Schema> {
    schema::literal(serde_json::json!({"oneOf": [
        {"type": "string", "enum": ["all"], "description": "every service, including services added later"},
        {"type": "array", "items": {"type": "integer"}, "description": "ids of the services they work in"}
    ]}))
}

fn role() -> RefOr<Schema> {
    schema::coded(Role::ALL.iter().map(|r| r.as_str()))
}

/// A user account as the list shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserLine {
    pub id: i64,
    pub email: String,
    pub name: String,
    #[schema(schema_with = role)]
    pub role: &'static str,
    #[schema(schema_with = services)]
    pub services: Services,
    /// Live sign-ins.
    pub signed_in: usize,
    /// Failed sign-ins over the last day.
    pub failed_sign_ins: i64,
}

impl From<&UserSummary> for UserLine {
    fn from(s: &UserSummary) -> Self {
        let u: &User = &s.user;
        Self {
            id: u.id,
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role.as_str(),
            services: Services::from(&u.access),
            signed_in: s.sessions,
            failed_sign_ins: s.failures,
        }
    }
}

/// `GET /api/v1/users`.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    pub items: Vec<UserLine>,
}

/// A user account with its API tokens.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserAccount {
    pub id: i64,
    pub email: String,
    pub name: String,
    #[schema(schema_with = role)]
    pub role: &'static str,
    #[schema(schema_with = services)]
    pub services: Services,
    /// Live sign-ins.
    pub signed_in: usize,
    /// Failed sign-ins over the last day.
    pub failed_sign_ins: i64,
    pub tokens: Vec<Token>,
    /// Only when Lantern made the password, in the answer that made it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

impl From<&UserDetail> for UserAccount {
    fn from(d: &UserDetail) -> Self {
        let u = &d.user;
        Self {
            id: u.id,
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role.as_str(),
            services: Services::from(&u.access),
            signed_in: d.sessions.len(),
            failed_sign_ins: d.failures,
            tokens: d.tokens.iter().map(Token::from).collect(),
            password: None,
        }
    }
}

/// An API token, never the token itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct Token {
    pub id: i64,
    pub label: String,
    #[schema(schema_with = schema::moment)]
    pub created_at: jiff::Timestamp,
    /// Recorded at most hourly.
    #[schema(schema_with = schema::moment_or_null)]
    pub last_used_at: Option<jiff::Timestamp>,
    #[schema(schema_with = schema::moment_or_null)]
    pub revoked_at: Option<jiff::Timestamp>,
}

impl From<&ApiToken> for Token {
    fn from(t: &ApiToken) -> Self {
        Self {
            id: t.id,
            label: t.label.clone(),
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// A password reset.
#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordReset {
    /// Sign-ins ended.
    pub signed_out: u64,
    /// Only when Lantern made the password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// Everything a user was signed out of.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedOut {
    pub signed_out: u64,
    pub tokens_revoked: u64,
}

/// Failed sign-ins forgotten.
#[derive(Debug, Serialize, ToSchema)]
pub struct Unlocked {
    pub failed_sign_ins_cleared: u64,
}

/// The account answers, for `components.schemas`.
pub fn schemas(out: &mut serde_json::Map<String, serde_json::Value>) {
    schema::add::<UserList>(out);
    schema::add::<UserAccount>(out);
    schema::add::<PasswordReset>(out);
    schema::add::<SignedOut>(out);
    schema::add::<Unlocked>(out);
}
