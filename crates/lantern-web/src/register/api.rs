//! The register through the JSON API: list, read, add, change and end records of every kind,
//! by the same operations as the register pages (lantern-app's `register`).

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, AppError};
use crate::register::list::kind_of;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_app::access::ensure_visible;
use lantern_app::register;
use lantern_core::json::{record_from_json, record_to_json};
use lantern_core::{EntityKind, Record};
use lantern_store::{AuditEntry, ListQuery, Stored};
use serde::Deserialize;
use serde_json::{Value, json};

/// A stored record as the API returns it: its fields plus `id`, `version` and dates.
pub fn item(s: &Stored) -> Value {
    let mut obj = record_to_json(&s.record);
    obj.insert("id".into(), json!(s.id));
    obj.insert("version".into(), json!(s.version));
    obj.insert("updated_at".into(), json!(s.updated_at));
    obj.insert("ended_at".into(), json!(s.ended_at));
    Value::Object(obj)
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    q: Option<String>,
    service: Option<i64>,
    date: Option<String>,
    include_ended: Option<bool>,
    limit: Option<i64>,
    offset: Option<i64>,
}

fn visible(user: &ApiUser, kind: EntityKind, s: &Stored) -> Result<(), ApiError> {
    Ok(ensure_visible(&user.0, kind, s.service_id)?)
}

async fn audit(state: &AppState, user: &ApiUser, action: &str, detail: String) -> Result<(), ApiError> {
    let entry = AuditEntry::new(
        state.app.clock.now(),
        Some(user.0.id),
        &user.actor().label,
        action,
        detail,
    );
    state.app.store.audit(&entry).await?;
    Ok(())
}

pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Path(slug): Path<String>,
    Query(p): Query<ListParams>,
) -> Result<Response, ApiError> {
    let kind = kind_of(&slug)?;
    let date = match p.date.as_deref() {
        Some(d) => Some(lantern_core::values::parse_date(d).map_err(|m| bad_param("date", m))?),
        None => None,
    };
    let q = ListQuery {
        search: p.q,
        access: user.0.access.clone(),
        service: p.service,
        date,
        include_ended: p.include_ended.unwrap_or(false),
        limit: p.limit.unwrap_or(100).clamp(1, 1000),
        offset: p.offset.unwrap_or(0).max(0),
        ..Default::default()
    };
    let page = state.app.store.list(kind, &q).await?;
    if crate::chrome::is_personal(kind) {
        audit(
            &state,
            &user,
            "list",
            format!("API listed {} ({} returned)", kind.table(), page.items.len()),
        )
        .await?;
    }
    let items: Vec<Value> = page.items.iter().map(item).collect();
    Ok(Json(json!({ "items": items, "total": page.total })).into_response())
}

fn bad_param(name: &str, message: String) -> ApiError {
    ApiError(AppError::invalid(name, message))
}

pub async fn get(
    State(state): State<AppState>,
    user: ApiUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let kind = kind_of(&slug)?;
    let s = state.app.store.get(kind, id).await?;
    visible(&user, kind, &s)?;
    if crate::chrome::is_personal(kind) {
        audit(&state, &user, "view", format!("API viewed {} {id}", kind.table())).await?;
    }
    Ok(Json(item(&s)).into_response())
}

/// Parses a JSON object body; `version` may ride along for a safe update.
fn parse_body(kind: EntityKind, body: &[u8]) -> Result<(Record, Option<i64>), ApiError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError(AppError::BadRequest {
            code: "malformed_json",
            message: format!("the body is not valid JSON: {e}"),
        })
    })?;
    let Value::Object(mut object) = value else {
        return Err(ApiError(AppError::BadRequest {
            code: "malformed_json",
            message: "the body must be a JSON object".into(),
        }));
    };
    let version = object.remove("version").and_then(|v| v.as_i64());
    for meta in ["id", "updated_at", "ended_at"] {
        object.remove(meta);
    }
    let record = record_from_json(kind, &object).map_err(|e| ApiError(AppError::Invalid(e)))?;
    Ok((record, version))
}

pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let kind = kind_of(&slug)?;
    lantern_app::access::ensure_editor(&user.0)?;
    let (record, _) = parse_body(kind, &body)?;
    let s = register::create(&state.app, &user.0, &user.actor(), &record).await?;
    let id = s.id;
    Ok((
        StatusCode::CREATED,
        [(axum::http::header::LOCATION, format!("/api/v1/{slug}/{id}"))],
        Json(item(&s)),
    )
        .into_response())
}

pub async fn update(
    State(state): State<AppState>,
    user: ApiUser,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let kind = kind_of(&slug)?;
    lantern_app::access::ensure_editor(&user.0)?;
    register::visible_record(&state.app, &user.0, kind, id).await?;
    let (record, version) = parse_body(kind, &body)?;
    let s = register::update(&state.app, &user.0, &user.actor(), id, &record, version).await?;
    Ok(Json(item(&s)).into_response())
}

/// DELETE ends the record (it stays in history); it is never erased.
pub async fn end(
    State(state): State<AppState>,
    user: ApiUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let kind = kind_of(&slug)?;
    let s = register::set_ended(&state.app, &user.0, &user.actor(), kind, id, true).await?;
    Ok(Json(item(&s)).into_response())
}
