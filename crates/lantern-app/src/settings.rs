//! The assurance settings — the training threshold and window, the device replacement cycle per
//! type — read with their defaults and changed by an administrator only, checked and audited.

use crate::{App, Error};
use lantern_core::FieldErrors;
use lantern_core::govern::settings::{DeviceCycles, TrainingPolicy};
use lantern_core::user::{Role, ServiceAccess};
use lantern_store::{Actor, User};
use serde::{Deserialize, Serialize};

/// Both sections, as the settings page and `GET/PUT /api/v1/settings/assurance` carry them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Assurance {
    #[schema(value_type = TrainingPolicySchema)]
    pub training: TrainingPolicy,
    #[schema(value_type = DeviceCyclesSchema)]
    pub devices: DeviceCycles,
}

/// The training policy as the API documents it.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct TrainingPolicySchema {
    /// Percentage of staff who must hold a current completion, 1–100.
    threshold_percent: u8,
    /// Months a completion counts at most (the course may say less), 1–120.
    window_months: u8,
}

/// Replacement cycle per device type, months (6–180).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct DeviceCyclesSchema {
    tablet: u16,
    phone: u16,
    laptop: u16,
    desktop: u16,
    router: u16,
    printer: u16,
    other: u16,
}

pub const THRESHOLD_RANGE: (u8, u8) = (1, 100);
pub const WINDOW_RANGE: (u8, u8) = (1, 120);
pub const CYCLE_RANGE: (u16, u16) = (6, 180);

/// A section as stored, or its defaults when missing or unreadable (a hand-edited database
/// must not take the training page down).
fn section<T: serde::de::DeserializeOwned + Default>(settings: &serde_json::Value, name: &str) -> T {
    settings
        .get(name)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default()
}

pub async fn assurance(app: &App) -> Result<Assurance, Error> {
    let settings = app.store.settings().await?;
    Ok(Assurance {
        training: section(&settings, "training"),
        devices: section(&settings, "devices"),
    })
}

pub async fn training_policy(app: &App) -> Result<TrainingPolicy, Error> {
    Ok(assurance(app).await?.training)
}

/// Only an administrator of every service changes what every service is measured against.
pub fn may_change(user: &User) -> bool {
    user.role == Role::Admin && user.access == ServiceAccess::All
}

/// Each value out of range, by the name the form and the API use ("training.threshold_percent").
pub fn check(a: &Assurance) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let t = &a.training;
    if !(THRESHOLD_RANGE.0..=THRESHOLD_RANGE.1).contains(&t.threshold_percent) {
        errors.add("training.threshold_percent", "must be a percentage from 1 to 100");
    }
    if !(WINDOW_RANGE.0..=WINDOW_RANGE.1).contains(&t.window_months) {
        errors.add("training.window_months", "must be from 1 to 120 months");
    }
    for (name, months) in device_cycles(&a.devices) {
        if !(CYCLE_RANGE.0..=CYCLE_RANGE.1).contains(&months) {
            errors.add(&format!("devices.{name}"), "must be from 6 to 180 months");
        }
    }
    errors
}

/// Every device type's cycle, by its stored name.
pub fn device_cycles(d: &DeviceCycles) -> [(&'static str, u16); 7] {
    [
        ("tablet", d.tablet),
        ("phone", d.phone),
        ("laptop", d.laptop),
        ("desktop", d.desktop),
        ("router", d.router),
        ("printer", d.printer),
        ("other", d.other),
    ]
}

/// Saves both sections, checked, as one audited change.
pub async fn save(app: &App, user: &User, actor: &Actor, a: &Assurance) -> Result<(), Error> {
    if !may_change(user) {
        return Err(Error::Forbidden(
            "The assurance settings apply to every service. Ask an administrator to change them.".into(),
        ));
    }
    let errors = check(a);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let t = &a.training;
    let cycles: Vec<String> = device_cycles(&a.devices)
        .iter()
        .map(|(n, m)| format!("{n} {m}"))
        .collect();
    let detail = format!(
        "Set the assurance settings: training coverage {}% of staff within {} months; device replacement (months) {}",
        t.threshold_percent,
        t.window_months,
        cycles.join(", ")
    );
    let training = serde_json::to_value(t).map_err(Error::internal)?;
    let devices = serde_json::to_value(&a.devices).map_err(Error::internal)?;
    app.store
        .save_settings_sections(
            vec![("training", training), ("devices", devices)],
            detail,
            actor,
            app.clock.now(),
        )
        .await?;
    Ok(())
}
