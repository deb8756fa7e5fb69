//! The downtime packs through the API, by the same operations and rules as the packs pages
//! (lantern-app's `pack_ops`): their state, building a version, recording a check of the
//! printed pack, downloading a version's PDF.

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_app::pack_ops;
use lantern_app::packs::ServicePack;
use lantern_store::{PackCheck, PackRow};
use serde::Deserialize;
use serde_json::{Value, json};

fn version(p: &PackRow) -> Value {
    json!({
        "version": p.version, "first_day": p.first_day, "last_day": p.last_day, "built_at": p.built_at,
        "built_by": p.built_by, "pages": p.pages, "fingerprint": p.fingerprint,
        "pdf": format!("/api/v1/packs/{}/versions/{}/pdf", p.service_id, p.version),
    })
}

fn check(c: &PackCheck) -> Value {
    json!({"pack_version": c.pack_version, "checked_at": c.checked_at, "checked_by": c.checked_by, "problems": c.problems})
}

fn state_of(service_id: i64, name: String, p: &ServicePack, check_overdue: bool) -> Value {
    json!({
        "service_id": service_id, "service": name, "fresh": p.fresh.fresh, "reasons": p.fresh.reasons,
        "latest": p.latest.as_ref().map(version),
        "last_check": p.last_check.as_ref().map(|c| json!({"at": c.at.to_string(), "by": c.by, "problems": c.problems})),
        "next_check_due": p.next_check_due.map(|t| t.to_string()), "check_overdue": check_overdue,
    })
}

/// Every pack of the services the token's user looks after.
pub async fn list(State(state): State<AppState>, user: ApiUser) -> Result<Response, ApiError> {
    let items: Vec<Value> = pack_ops::summaries(&state.app, &user.0)
        .await?
        .into_iter()
        .map(|s| state_of(s.service.id, s.service.record.title(), &s.pack, s.check_overdue))
        .collect();
    Ok(Json(json!({ "items": items })).into_response())
}

/// One service's pack: its state, versions and checks, and what the user may do.
pub async fn get(State(state): State<AppState>, user: ApiUser, Path(service): Path<i64>) -> Result<Response, ApiError> {
    let d = pack_ops::detail(&state.app, &user.0, &user.actor(), service).await?;
    let overdue = d.pack.next_check_due.is_some_and(|due| state.app.clock.now() > due);
    let mut out = state_of(service, d.service.record.title(), &d.pack, overdue);
    out["versions"] = d.versions.iter().map(version).collect();
    out["checks"] = d.checks.iter().map(check).collect();
    out["days"] = json!(d.days);
    out["may_build"] = json!(d.may_build);
    out["may_check"] = json!(d.may_check);
    Ok(Json(out).into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct BuildBody {
    /// The first day the pack covers (YYYY-MM-DD or DD/MM/YYYY); today when absent.
    day: Option<String>,
}

pub async fn build(
    State(state): State<AppState>,
    user: ApiUser,
    Path(service): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let b: BuildBody = if bytes.is_empty() {
        BuildBody::default()
    } else {
        crate::api::body(&bytes)?
    };
    let built = pack_ops::build(&state.app, &user.0, &user.actor(), service, b.day.as_deref()).await?;
    let latest = state.app.store.packs(service).await?.into_iter().next();
    Ok((
        StatusCode::CREATED,
        Json(
            json!({"service_id": built.service_id, "version": built.version, "pages": built.pages,
                    "pack": latest.as_ref().map(version)}),
        ),
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckBody {
    /// What the check of the printed pack found wrong; empty when nothing.
    #[serde(default)]
    problems: String,
}

pub async fn record_check(
    State(state): State<AppState>,
    user: ApiUser,
    Path(service): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let b: CheckBody = crate::api::body(&bytes)?;
    let c = pack_ops::record_check(&state.app, &user.0, service, &b.problems).await?;
    Ok((StatusCode::CREATED, Json(check(&c))).into_response())
}

pub async fn pdf(
    State(state): State<AppState>,
    user: ApiUser,
    Path((service, version)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (file, pdf) = pack_ops::download(&state.app, &user.0, &user.actor(), service, version).await?;
    Ok(crate::download::attachment("application/pdf", &file, pdf))
}
