//! Device assurance pages: every unit's devices against its policy (red, amber, green with the
//! reasons), one unit with its devices and downtime per month, and a device's log with the
//! forms that record a test or battery check, take it out of use and put it back.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::chrome::chrome;
use crate::error::AppError;
use crate::form::FormBody;
use crate::register::display::record_url;
use crate::register::list::{render, render_form};
use crate::respond::disruption::local_input;
use crate::views::Chrome;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::device_assurance::{self, BackInput, CheckInput, FaultInput, UnitView};
use lantern_core::EntityKind;
use lantern_core::FieldErrors;
use lantern_core::care::Choice;
use lantern_core::govern::devices::Light;
use lantern_core::schedule::{show_minutes, show_moment};
use serde::Deserialize;

/// A unit as a card or a page shows it.
pub struct UnitShown {
    pub url: String,
    pub service: String,
    pub unit: String,
    pub light: &'static str,
    pub word: &'static str,
    pub reasons: Vec<String>,
    /// "1 in use of 3 needed · 0 spare of 1 · 2 faulty".
    pub counts: String,
    pub devices: Vec<DeviceShown>,
    pub downtime: Vec<(String, String, u32)>,
    pub out_now: Vec<(String, String, String)>,
    pub policy_url: String,
    pub policy_label: &'static str,
}

pub struct DeviceShown {
    pub title: String,
    pub model: String,
    pub status: &'static str,
    pub replacement: String,
    pub concerns: String,
    pub log_url: String,
}

pub(crate) fn unit_url(service: i64, unit: &str) -> String {
    // A path, not a query: a space is %20 there, never '+'.
    let unit: String = form_urlencoded::byte_serialize(unit.as_bytes()).collect();
    format!("/units/{service}/{}", unit.replace('+', "%20"))
}

fn shown(v: &UnitView) -> UnitShown {
    let d = &v.devices;
    let counts = match d.policy {
        Some(p) => format!(
            "{} in use of {} needed · {} spare of {} · {} faulty",
            d.in_use, d.needed_in_use, d.spare, p.spares_needed, d.faulty
        ),
        None => format!("{} in use · {} spare · {} faulty", d.in_use, d.spare, d.faulty),
    };
    let most = v.downtime.iter().map(|(_, m)| *m).max().unwrap_or(0).max(1);
    UnitShown {
        url: unit_url(v.service_id, &v.unit),
        service: v.service_name.clone(),
        unit: v.unit.clone(),
        light: d.light.code(),
        word: d.light.word(),
        reasons: d.reasons.clone(),
        counts,
        devices: d
            .devices
            .iter()
            .map(|l| DeviceShown {
                title: l.title.clone(),
                model: l.model.clone(),
                status: l.status.label(),
                replacement: l
                    .replacement_due
                    .map(|d| d.strftime("%-d %b %Y").to_string())
                    .unwrap_or_else(|| "Not known".into()),
                concerns: l.concerns.join("; "),
                log_url: format!("/devices/{}/log", l.id),
            })
            .collect(),
        downtime: v
            .downtime
            .iter()
            .map(|(month, minutes)| {
                let share = u32::try_from(minutes * 100 / most).unwrap_or(100);
                (month.strftime("%b %Y").to_string(), show_minutes(*minutes), share)
            })
            .collect(),
        out_now: v
            .out_now
            .iter()
            .map(|(title, o)| (title.clone(), show_moment(o.from), o.fault.clone()))
            .collect(),
        policy_url: v
            .policy_id
            .map(|id| format!("{}/edit", record_url(EntityKind::DevicePolicy, id)))
            .unwrap_or_else(|| "/device-policies/new".into()),
        policy_label: if v.policy_id.is_some() {
            "Change the unit's device policy"
        } else {
            "Set the unit's device policy"
        },
    }
}

#[derive(Template)]
#[template(path = "units.html")]
pub struct UnitsPage {
    pub chrome: Chrome,
    pub units: Vec<UnitShown>,
    pub red: usize,
}

pub async fn units(State(state): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    let views = device_assurance::units(&state.app, &me.user).await?;
    let red = views.iter().filter(|v| v.devices.light == Light::Red).count();
    let page = UnitsPage {
        chrome: chrome(&state, &me, "Devices by unit", "/devices").await?,
        units: views.iter().map(shown).collect(),
        red,
    };
    render(&page, StatusCode::OK)
}

#[derive(Template)]
#[template(path = "unit.html")]
pub struct UnitPage {
    pub chrome: Chrome,
    pub u: UnitShown,
    pub can_edit: bool,
}

pub async fn unit(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((service, unit)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let view = device_assurance::unit(&state.app, &me.user, service, &unit).await?;
    let title = format!("{} unit, {}", view.unit, view.service_name);
    let page = UnitPage {
        chrome: chrome(&state, &me, &title, "/devices").await?,
        u: shown(&view),
        can_edit: me.user.role.can_edit_register(),
    };
    render(&page, StatusCode::OK)
}

/// What was typed into the log's three forms, kept when one is refused.
#[derive(Default)]
pub struct Typed {
    pub check: CheckInput,
    pub fault: FaultInput,
    pub back: BackInput,
}

#[derive(Template)]
#[template(path = "device_log.html")]
pub struct LogPage {
    pub chrome: Chrome,
    pub device_url: String,
    /// `/devices/{id}`: the forms post under it.
    pub base: String,
    pub unit_url: Option<String>,
    pub status: String,
    pub faulty: bool,
    pub can_record: bool,
    /// A new action raised from this device's tests, for its service.
    pub raise_url: String,
    pub checks: Vec<[String; 5]>,
    pub out: Vec<[String; 5]>,
    pub typed: Typed,
    pub errors: FieldErrors,
    pub notice: Option<&'static str>,
}

#[derive(Debug, Deserialize, Default)]
pub struct LogParams {
    done: Option<String>,
}

async fn log_page(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    typed: Typed,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> Result<Response, AppError> {
    let (stored, checks, out) = device_assurance::device(&state.app, &me.user, id).await?;
    let r = &stored.record;
    let status_code = r.text("status");
    let status = lantern_core::care::DeviceStatus::from_code(status_code).map_or("Not recorded", |s| s.label());
    let unit_url = stored
        .service_id
        .filter(|_| !r.text("unit").trim().is_empty())
        .map(|s| unit_url(s, r.text("unit").trim()));
    let result_word = |r: &str| if r == "fail" { "Fail" } else { "Pass" };
    let page = LogPage {
        chrome: chrome(state, me, &format!("{} — tests and faults", r.title()), "/devices").await?,
        device_url: record_url(EntityKind::Device, id),
        base: format!("/devices/{id}"),
        unit_url,
        status: status.to_string(),
        faulty: status_code == "faulty",
        can_record: me.user.role.can_record_checks() && stored.ended_at.is_none(),
        raise_url: format!(
            "/actions/new?raised_from=device_check{}",
            stored
                .service_id
                .map(|s| format!("&service_id={s}"))
                .unwrap_or_default()
        ),
        checks: checks
            .iter()
            .map(|c| {
                [
                    c.checked_on.strftime("%a %-d %b %Y").to_string(),
                    if c.check_type == "battery" {
                        "Battery check"
                    } else {
                        "Test"
                    }
                    .to_string(),
                    match c.battery_health {
                        Some(b) => format!("{} · battery {b}%", result_word(&c.result)),
                        None => result_word(&c.result).to_string(),
                    },
                    c.note.clone(),
                    c.recorded_by.clone(),
                ]
            })
            .collect(),
        out: out
            .iter()
            .map(|o| {
                let length = o
                    .back
                    .map(|b| show_minutes((b.as_second() - o.from.as_second()) / 60))
                    .unwrap_or_else(|| "Still out of use".into());
                [
                    show_moment(o.from),
                    o.back.map(show_moment).unwrap_or_default(),
                    length,
                    o.fault.clone(),
                    o.repair.clone(),
                ]
            })
            .collect(),
        typed,
        errors,
        notice,
    };
    render_form(&page, &page.errors)
}

pub async fn log(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(p): Query<LogParams>,
) -> Result<Response, AppError> {
    let notice = match p.done.as_deref() {
        Some("check") => Some("The check is recorded."),
        Some("out") => Some("The device is out of use and marked faulty."),
        Some("back") => Some("The device is back and its time out of use is recorded."),
        _ => None,
    };
    let typed = Typed {
        check: CheckInput {
            checked_on: state.app.clock.today().to_string(),
            check_type: "test".into(),
            result: "pass".into(),
            ..Default::default()
        },
        fault: FaultInput {
            from: local_input(state.app.clock.now()),
            fault: String::new(),
        },
        back: BackInput {
            at: local_input(state.app.clock.now()),
            repair: String::new(),
            status: "in_use".into(),
        },
    };
    log_page(&state, &me, id, typed, FieldErrors::default(), notice).await
}

/// One of the log's forms: parse, call lantern-app, then back to the log (or the log again
/// with what was typed and the errors).
async fn logged(state: AppState, me: CurrentUser, id: i64, body: &[u8], done: &str) -> Result<Response, AppError> {
    let form = FormBody::parse(body);
    me.check_csrf(form.get("csrf"))?;
    let get = |k: &str| form.get(k).unwrap_or("").to_string();
    let mut typed = Typed::default();
    let (app, user, actor) = (&state.app, &me.user, me.actor());
    let outcome = match done {
        "check" => {
            typed.check = CheckInput {
                checked_on: get("checked_on"),
                check_type: get("check_type"),
                result: get("result"),
                battery_health: get("battery_health"),
                note: get("note"),
            };
            device_assurance::record_check(app, user, &actor, id, &typed.check)
                .await
                .map(|_| ())
        }
        "out" => {
            typed.fault = FaultInput {
                from: get("from"),
                fault: get("fault"),
            };
            device_assurance::report_fault(app, user, &actor, id, &typed.fault)
                .await
                .map(|_| ())
        }
        _ => {
            typed.back = BackInput {
                at: get("at"),
                repair: get("repair"),
                status: get("status"),
            };
            device_assurance::back_in_use(app, user, &actor, id, &typed.back).await
        }
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/devices/{id}/log?done={done}")).into_response()),
        Err(lantern_app::Error::Invalid(errors)) => log_page(&state, &me, id, typed, errors, None).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn record_check(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    logged(state, me, id, &body, "check").await
}

pub async fn out_of_use(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    logged(state, me, id, &body, "out").await
}

pub async fn back_in_use(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, AppError> {
    logged(state, me, id, &body, "back").await
}
