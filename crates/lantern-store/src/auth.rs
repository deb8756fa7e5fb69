//! Users, sessions and API tokens (failed sign-ins and trusted browsers are in signin.rs).
//! Secrets are stored only as hashes: a copied database does not let anyone sign in.

use crate::codec::ts;
use crate::{Store, StoreError};
use jiff::Timestamp;
use lantern_core::user::{Role, ServiceAccess};
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub access: ServiceAccess,
    pub password_hash: String,
    pub disabled: bool,
}

/// What `user add` and `init` create.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub access: ServiceAccess,
    pub password_hash: String,
}

/// A live session: its user and the CSRF token every form of the session must carry.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub user: User,
    pub csrf_token: String,
}

/// An API token as its owner's page lists it (never the token itself: only its hash is kept).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiToken {
    pub id: i64,
    pub label: String,
    pub created_at: Timestamp,
    /// Recorded at most hourly (see [`Store::note_token_use`]).
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

pub(crate) const USER_COLUMNS: &str = "id, email, name, role, services, password_hash, disabled_at";

pub(crate) fn user_from_row(row: &AnyRow) -> Result<User, StoreError> {
    let role: String = row.try_get("role")?;
    let services: Option<String> = row.try_get("services")?;
    let access = match services {
        None => ServiceAccess::All,
        Some(json) => ServiceAccess::Only(
            serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("user services: {e}")))?,
        ),
    };
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: Role::parse(&role).map_err(StoreError::Corrupt)?,
        access,
        password_hash: row.try_get("password_hash")?,
        disabled: row.try_get::<Option<String>, _>("disabled_at")?.is_some(),
    })
}

impl Store {
    /// Adds a user to an existing organisation.
    pub async fn create_user(&self, user: &NewUser, now: Timestamp) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let organisation = sqlx::query("SELECT 1 FROM organisation WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
        if organisation.is_none() {
            return Err(StoreError::Conflict(
                "there is no organisation yet: create it with `lantern init`".into(),
            ));
        }
        let id = insert_user_in(&mut tx, user, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"))
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY email"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    pub async fn create_session(
        &self,
        id_hash: &str,
        user_id: i64,
        csrf_token: &str,
        now: Timestamp,
        expires: Timestamp,
    ) -> Result<(), StoreError> {
        let _w = self.write_lock.lock().await;
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $4)",
        )
        .bind(id_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(ts(now))
        .bind(ts(expires))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session's user, if the session exists, has not expired and its user is enabled.
    pub async fn session(&self, id_hash: &str, now: Timestamp) -> Result<Option<SessionInfo>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.name, u.role, u.services, u.password_hash, u.disabled_at, s.csrf_token \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2",
        )
        .bind(id_hash)
        .bind(ts(now))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user = user_from_row(&row)?;
        if user.disabled {
            return Ok(None);
        }
        Ok(Some(SessionInfo {
            user,
            csrf_token: row.try_get("csrf_token")?,
        }))
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        let _w = self.write_lock.lock().await;
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64, StoreError> {
        let _w = self.write_lock.lock().await;
        let r = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(ts(now))
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected())
    }

    pub async fn create_token(
        &self,
        token_hash: &str,
        user_id: i64,
        label: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let _w = self.write_lock.lock().await;
        let row = sqlx::query(
            "INSERT INTO api_tokens (token_hash, user_id, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(label)
        .bind(ts(now))
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    /// The user behind an API token that is not revoked.
    pub async fn user_by_token(&self, token_hash: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.name, u.role, u.services, u.password_hash, u.disabled_at \
             FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(user_from_row).transpose()?.filter(|u| !u.disabled))
    }
}

pub(crate) async fn insert_user_in(
    conn: &mut AnyConnection,
    user: &NewUser,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let taken = sqlx::query("SELECT 1 FROM users WHERE email = $1")
        .bind(&user.email)
        .fetch_optional(&mut *conn)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "a user with the email {} already exists",
            user.email
        )));
    }
    let services = services_column(&user.access);
    let row = sqlx::query(
        "INSERT INTO users (email, name, role, services, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&user.email)
    .bind(&user.name)
    .bind(user.role.as_str())
    .bind(services)
    .bind(&user.password_hash)
    .bind(ts(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// How the `services` column keeps a user's access: NULL for every service.
pub(crate) fn services_column(access: &ServiceAccess) -> Option<String> {
    match access {
        ServiceAccess::All => None,
        ServiceAccess::Only(ids) => Some(serde_json::json!(ids).to_string()),
    }
}
