//! Device assurance through the API, by lantern-app's `device_assurance`: the units with their
//! lights and reasons, one unit, a device's log, and the three writes of the log.

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lantern_app::device_assurance::{self, BackInput, CheckInput, FaultInput, UnitView};
use lantern_core::care::Choice;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDevice {
    pub id: i64,
    pub title: String,
    /// `in_use`, `spare`, `faulty`.
    pub status: String,
    /// YYYY-MM-DD, from the purchase date and the replacement cycle (or set by hand).
    pub replacement_due: Option<String>,
    pub concerns: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MonthDowntime {
    /// YYYY-MM: a calendar month in UK time.
    pub month: String,
    pub minutes: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitJson {
    pub service_id: i64,
    pub service: String,
    pub unit: String,
    /// `red`: too few working devices; `amber`: something to look at; `green`: ready.
    pub light: String,
    /// Why it is not green, most serious first.
    pub reasons: Vec<String>,
    pub policy_id: Option<i64>,
    pub needed_in_use: u32,
    pub spares_needed: Option<u32>,
    pub in_use: u32,
    pub spare: u32,
    pub faulty: u32,
    /// The most staff on the unit at once today, from the shifts.
    pub staff_on_shift: u32,
    pub devices: Vec<UnitDevice>,
    pub downtime: Vec<MonthDowntime>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitList {
    pub units: Vec<UnitJson>,
}

fn unit_json(v: &UnitView) -> UnitJson {
    let d = &v.devices;
    UnitJson {
        service_id: v.service_id,
        service: v.service_name.clone(),
        unit: v.unit.clone(),
        light: d.light.code().into(),
        reasons: d.reasons.clone(),
        policy_id: v.policy_id,
        needed_in_use: d.needed_in_use,
        spares_needed: d.policy.map(|p| p.spares_needed),
        in_use: d.in_use,
        spare: d.spare,
        faulty: d.faulty,
        staff_on_shift: d.staff_on_shift,
        devices: d
            .devices
            .iter()
            .map(|l| UnitDevice {
                id: l.id,
                title: l.title.clone(),
                status: l.status.code().into(),
                replacement_due: l.replacement_due.map(|d| d.to_string()),
                concerns: l.concerns.clone(),
            })
            .collect(),
        downtime: v
            .downtime
            .iter()
            .map(|(m, minutes)| MonthDowntime {
                month: m.strftime("%Y-%m").to_string(),
                minutes: *minutes,
            })
            .collect(),
    }
}

pub async fn units(State(state): State<AppState>, user: ApiUser) -> Result<Response, ApiError> {
    let views = device_assurance::units(&state.app, &user.0).await?;
    Ok(Json(UnitList {
        units: views.iter().map(unit_json).collect(),
    })
    .into_response())
}

pub async fn unit(
    State(state): State<AppState>,
    user: ApiUser,
    Path((service, unit)): Path<(i64, String)>,
) -> Result<Response, ApiError> {
    let view = device_assurance::unit(&state.app, &user.0, service, &unit).await?;
    Ok(Json(unit_json(&view)).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckJson {
    pub id: i64,
    /// YYYY-MM-DD.
    pub checked_on: String,
    /// `test` or `battery`.
    pub check_type: String,
    /// `pass` or `fail`.
    pub result: String,
    pub battery_health: Option<i64>,
    pub note: String,
    pub recorded_by: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutOfUseJson {
    pub id: i64,
    #[schema(schema_with = crate::api::schema::moment)]
    pub from: jiff::Timestamp,
    #[schema(schema_with = crate::api::schema::moment_or_null)]
    pub back: Option<jiff::Timestamp>,
    pub fault: String,
    pub repair: String,
    /// The device failure it was declared in, if any.
    pub disruption_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceLog {
    pub device_id: i64,
    pub title: String,
    pub checks: Vec<CheckJson>,
    pub out_of_use: Vec<OutOfUseJson>,
}

pub async fn log(State(state): State<AppState>, user: ApiUser, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let (stored, checks, out) = device_assurance::device(&state.app, &user.0, id).await?;
    Ok(Json(DeviceLog {
        device_id: id,
        title: stored.record.title(),
        checks: checks
            .into_iter()
            .map(|c| CheckJson {
                id: c.id,
                checked_on: c.checked_on.to_string(),
                check_type: c.check_type,
                result: c.result,
                battery_health: c.battery_health,
                note: c.note,
                recorded_by: c.recorded_by,
            })
            .collect(),
        out_of_use: out
            .into_iter()
            .map(|o| OutOfUseJson {
                id: o.id,
                from: o.from,
                back: o.back,
                fault: o.fault,
                repair: o.repair,
                disruption_id: o.disruption_id,
            })
            .collect(),
    })
    .into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Recorded {
    pub id: i64,
}

pub async fn record_check(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let input: CheckInput = crate::api::body(&bytes)?;
    let check = device_assurance::record_check(&state.app, &user.0, &user.actor(), id, &input).await?;
    Ok((StatusCode::CREATED, Json(Recorded { id: check })).into_response())
}

pub async fn out_of_use(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let input: FaultInput = crate::api::body(&bytes)?;
    let out = device_assurance::report_fault(&state.app, &user.0, &user.actor(), id, &input).await?;
    Ok((StatusCode::CREATED, Json(Recorded { id: out })).into_response())
}

pub async fn back_in_use(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let input: BackInput = crate::api::body(&bytes)?;
    device_assurance::back_in_use(&state.app, &user.0, &user.actor(), id, &input).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
