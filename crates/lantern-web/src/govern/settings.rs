//! The assurance settings page and API: the training threshold and window, and the replacement
//! cycle of each type of device. Anyone signed in reads them; an administrator of every service
//! changes them (lantern-app's `settings::save` checks the ranges and audits the change).

use crate::AppState;
use crate::auth::{ApiUser, CurrentUser};
use crate::chrome::chrome;
use crate::error::{ApiError, AppError};
use crate::form::FormBody;
use crate::register::list::{form_status, render};
use crate::views::Chrome;
use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use lantern_app::settings::{self, Assurance};
use lantern_core::FieldErrors;
use lantern_core::entity::choices::DEVICE_TYPE;
use serde::Deserialize;

#[derive(Debug, Clone)]
pub struct NumberField {
    /// The form's name and the error's key ("training.threshold_percent").
    pub name: String,
    pub label: String,
    pub hint: String,
    pub value: String,
    pub min: u16,
    pub max: u16,
}

#[derive(Template)]
#[template(path = "assurance_settings.html")]
pub struct SettingsPage {
    pub chrome: Chrome,
    pub can_change: bool,
    pub training: Vec<NumberField>,
    pub devices: Vec<NumberField>,
    pub errors: FieldErrors,
    pub notice: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    saved: Option<String>,
}

fn number(name: &str, label: &str, hint: &str, value: String, (min, max): (u16, u16)) -> NumberField {
    NumberField {
        name: name.into(),
        label: label.into(),
        hint: hint.into(),
        value,
        min,
        max,
    }
}

/// The form's fields, holding `typed` where something was typed (kept on a refusal).
fn fields(a: &Assurance, typed: Option<&FormBody>) -> (Vec<NumberField>, Vec<NumberField>) {
    let value = |name: &str, stored: u16| match typed.and_then(|f| f.get(name)) {
        Some(t) => t.to_string(),
        None => stored.to_string(),
    };
    let (t, w, c) = (settings::THRESHOLD_RANGE, settings::WINDOW_RANGE, settings::CYCLE_RANGE);
    let training = vec![
        number(
            "training.threshold_percent",
            "Staff who must be trained (%)",
            "The DSPT asks for 95%",
            value("training.threshold_percent", a.training.threshold_percent.into()),
            (t.0.into(), t.1.into()),
        ),
        number(
            "training.window_months",
            "A completion counts for at most (months)",
            "Usually 12; a course with a shorter validity counts for less",
            value("training.window_months", a.training.window_months.into()),
            (w.0.into(), w.1.into()),
        ),
    ];
    let devices = settings::device_cycles(&a.devices)
        .iter()
        .map(|(name, months)| {
            let label = DEVICE_TYPE.iter().find(|(v, _)| v == name).map_or(*name, |(_, l)| *l);
            let key = format!("devices.{name}");
            number(
                &key,
                &format!("{label}: replace after (months)"),
                "",
                value(&key, *months),
                c,
            )
        })
        .collect();
    (training, devices)
}

async fn show(
    state: &AppState,
    me: &CurrentUser,
    typed: Option<&FormBody>,
    errors: FieldErrors,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let stored = settings::assurance(&state.app).await?;
    let (training, devices) = fields(&stored, typed);
    let status = form_status(!errors.is_empty());
    let page = SettingsPage {
        chrome: chrome(state, me, "Assurance settings", "/training").await?,
        can_change: settings::may_change(&me.user),
        training,
        devices,
        errors,
        notice,
    };
    render(&page, status)
}

pub async fn page(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(p): Query<Params>,
) -> Result<Response, AppError> {
    let notice = p.saved.map(|_| "Saved the assurance settings.".to_string());
    show(&state, &me, None, FieldErrors::default(), notice).await
}

/// Reads the form into settings; a box that is not a whole number is named.
fn read_form(form: &FormBody) -> Result<Assurance, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut n = |name: &str| -> u16 {
        match form.get(name).unwrap_or("").trim().parse::<u16>() {
            Ok(v) => v,
            Err(_) => {
                errors.add(name, "must be a whole number");
                0
            }
        }
    };
    let byte = |v: u16| u8::try_from(v).unwrap_or(u8::MAX);
    let mut a = Assurance::default();
    a.training.threshold_percent = byte(n("training.threshold_percent"));
    a.training.window_months = byte(n("training.window_months"));
    let d = &mut a.devices;
    d.tablet = n("devices.tablet");
    d.phone = n("devices.phone");
    d.laptop = n("devices.laptop");
    d.desktop = n("devices.desktop");
    d.router = n("devices.router");
    d.printer = n("devices.printer");
    d.other = n("devices.other");
    if errors.is_empty() { Ok(a) } else { Err(errors) }
}

pub async fn save(State(state): State<AppState>, me: CurrentUser, body: Bytes) -> Result<Response, AppError> {
    let form = FormBody::parse(&body);
    me.check_csrf(form.get("csrf"))?;
    if !settings::may_change(&me.user) {
        return Err(AppError::Forbidden(
            "The assurance settings apply to every service. Ask an administrator to change them.".into(),
        ));
    }
    let wanted = match read_form(&form) {
        Ok(a) => a,
        Err(errors) => return show(&state, &me, Some(&form), errors, None).await,
    };
    match settings::save(&state.app, &me.user, &me.actor(), &wanted).await {
        Ok(()) => Ok(Redirect::to("/settings/assurance?saved=1").into_response()),
        Err(lantern_app::Error::Invalid(errors)) => show(&state, &me, Some(&form), errors, None).await,
        Err(e) => Err(e.into()),
    }
}

/// `GET /api/v1/settings/assurance`.
pub async fn api_get(State(state): State<AppState>, _user: ApiUser) -> Result<Response, ApiError> {
    Ok(Json(settings::assurance(&state.app).await?).into_response())
}

/// `PUT /api/v1/settings/assurance`: both sections whole; what is left out takes its default.
pub async fn api_put(State(state): State<AppState>, user: ApiUser, bytes: Bytes) -> Result<Response, ApiError> {
    let wanted: Assurance = crate::api::body(&bytes)?;
    settings::save(&state.app, &user.0, &user.actor(), &wanted).await?;
    Ok(Json(settings::assurance(&state.app).await?).into_response())
}
