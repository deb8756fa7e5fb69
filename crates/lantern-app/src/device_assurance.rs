//! Device assurance: each unit's devices against its policy today, the device log (tests,
//! battery checks, time out of use) and device downtime per month. For pages and the API alike;
//! a user limited to some services reaches only their units and devices.

use crate::disruptions::{in_service, read_one, typed};
use crate::{App, Error};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use lantern_core::EntityKind;
use lantern_core::care::{Device, Service, Shift};
use lantern_core::govern::devices::{
    OutOfUse, PolicyRecord, UnitDevices, assess_unit, downtime_by_month, peak_on_shift,
};
use lantern_core::govern::settings::DeviceCycles;
use lantern_core::schedule::parse_moment;
use lantern_store::{Actor, DeviceCheck, ListQuery, OutOfUseRow, Stored, User};

/// Months of downtime a unit page shows.
pub const DOWNTIME_MONTHS: u8 = 12;

/// One unit as its page shows it.
#[derive(Debug, Clone)]
pub struct UnitView {
    pub service_id: i64,
    pub service_name: String,
    pub unit: String,
    pub policy_id: Option<i64>,
    pub devices: UnitDevices,
    /// Minutes out of use per month, oldest first.
    pub downtime: Vec<(Date, i64)>,
    /// The unit's devices still out of use, with the device's title.
    pub out_now: Vec<(String, OutOfUseRow)>,
}

/// The organisation's replacement cycle per device type (defaults until it sets its own).
pub async fn cycles(app: &App) -> Result<DeviceCycles, Error> {
    let settings = app.store.settings().await?;
    Ok(settings
        .get("devices")
        .and_then(|d| serde_json::from_value(d.clone()).ok())
        .unwrap_or_default())
}

fn visible_service(user: &User, service_id: i64) -> Result<(), Error> {
    if user.access.allows(service_id) {
        Ok(())
    } else {
        Err(Error::NotFound("There is no such unit.".into()))
    }
}

fn same_unit(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Every unit of the services the user may see: those a service lists, then any its devices or
/// policies name. In service order, then as the service lists them.
pub async fn units(app: &App, user: &User) -> Result<Vec<UnitView>, Error> {
    let q = ListQuery {
        access: user.access.clone(),
        ..Default::default()
    };
    let services = typed(&app.store, EntityKind::Service, q, Service::parse).await?;
    let since = downtime_start(app.clock.now());
    let out = app.store.out_of_use_since(since).await?;
    let mut views = Vec::new();
    for (id, service) in services {
        let ctx = UnitContext::load(app, id, &out).await?;
        let mut names: Vec<String> = Vec::new();
        let listed = service.units.iter().cloned();
        let from_devices = ctx.devices.iter().map(|(_, d)| d.unit.clone());
        let from_policies = ctx.policies.iter().map(|(_, p)| p.unit.clone());
        for name in listed.chain(from_devices).chain(from_policies) {
            if !name.trim().is_empty() && !names.iter().any(|n| same_unit(n, &name)) {
                names.push(name.trim().to_string());
            }
        }
        for name in names {
            views.push(ctx.view(app, id, &service.name, &name).await?);
        }
    }
    Ok(views)
}

/// One unit of a service the user may see.
pub async fn unit(app: &App, user: &User, service_id: i64, unit: &str) -> Result<UnitView, Error> {
    visible_service(user, service_id)?;
    let service = read_one(
        &app.store.get(EntityKind::Service, service_id).await?,
        Service::parse,
        "service",
    )?;
    let out = app.store.out_of_use_since(downtime_start(app.clock.now())).await?;
    let ctx = UnitContext::load(app, service_id, &out).await?;
    let known = service.units.iter().any(|u| same_unit(u, unit))
        || ctx.devices.iter().any(|(_, d)| same_unit(&d.unit, unit))
        || ctx.policies.iter().any(|(_, p)| same_unit(&p.unit, unit));
    if !known {
        return Err(Error::NotFound("There is no such unit.".into()));
    }
    ctx.view(app, service_id, &service.name, unit.trim()).await
}

/// The first moment whose downtime a unit page can show.
fn downtime_start(now: Timestamp) -> Timestamp {
    now.checked_sub((i64::from(DOWNTIME_MONTHS) * 31 * 24).hours())
        .unwrap_or(now)
}

/// A service's devices, policies and out-of-use times, read once for all its units.
struct UnitContext {
    devices: Vec<(i64, Device)>,
    policies: Vec<(i64, PolicyRecord)>,
    out: Vec<OutOfUseRow>,
}

impl UnitContext {
    async fn load(app: &App, service_id: i64, out: &[OutOfUseRow]) -> Result<Self, Error> {
        let devices = typed(&app.store, EntityKind::Device, in_service(service_id), Device::parse).await?;
        let policies = crate::packs::all(&app.store, EntityKind::DevicePolicy, in_service(service_id))
            .await?
            .into_iter()
            .filter_map(|r| Some((r.id, PolicyRecord::parse(&r.record)?)))
            .collect();
        let ids: Vec<i64> = devices.iter().map(|(id, _)| *id).collect();
        let out = out.iter().filter(|o| ids.contains(&o.device_id)).cloned().collect();
        Ok(UnitContext { devices, policies, out })
    }

    async fn view(&self, app: &App, service_id: i64, service_name: &str, unit: &str) -> Result<UnitView, Error> {
        let today = app.clock.today();
        let now = app.clock.now();
        let devices: Vec<(i64, Device)> = self
            .devices
            .iter()
            .filter(|(_, d)| same_unit(&d.unit, unit))
            .cloned()
            .collect();
        let policy = self.policies.iter().find(|(_, p)| same_unit(&p.unit, unit));
        let q = ListQuery {
            date: Some(today),
            ..in_service(service_id)
        };
        let shifts: Vec<Shift> = typed(&app.store, EntityKind::Shift, q, Shift::parse)
            .await?
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        let staff = peak_on_shift(&shifts, unit, today);
        let assessed = assess_unit(
            policy.map(|(_, p)| p.policy),
            &devices,
            staff,
            &cycles(app).await?,
            today,
        );
        let mine = |o: &&OutOfUseRow| devices.iter().any(|(id, _)| *id == o.device_id);
        let spans: Vec<OutOfUse> = self
            .out
            .iter()
            .filter(mine)
            .map(|o| OutOfUse {
                device_id: o.device_id,
                from: o.from,
                back: o.back,
            })
            .collect();
        let title = |id: i64| {
            devices
                .iter()
                .find(|(d, _)| *d == id)
                .map(|(_, d)| d.title())
                .unwrap_or_default()
        };
        let out_now = self
            .out
            .iter()
            .filter(mine)
            .filter(|o| o.back.is_none())
            .map(|o| (title(o.device_id), o.clone()))
            .collect();
        Ok(UnitView {
            service_id,
            service_name: service_name.to_string(),
            unit: unit.to_string(),
            policy_id: policy.map(|(id, _)| *id),
            devices: assessed,
            downtime: downtime_by_month(&spans, DOWNTIME_MONTHS, now),
            out_now,
        })
    }
}

/// A device and its log, if the user may see it.
pub async fn device(
    app: &App,
    user: &User,
    device_id: i64,
) -> Result<(Stored, Vec<DeviceCheck>, Vec<OutOfUseRow>), Error> {
    let stored = app.store.get(EntityKind::Device, device_id).await?;
    crate::access::ensure_visible(user, EntityKind::Device, stored.service_id)?;
    let checks = app.store.device_checks(device_id).await?;
    let out = app.store.device_out_of_use(device_id).await?;
    Ok((stored, checks, out))
}

/// A test or battery check as typed on the page or sent to the API.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInput {
    /// `YYYY-MM-DD`; not in the future.
    pub checked_on: String,
    /// `test` (does it start, sign in, sync) or `battery` (a battery health reading).
    pub check_type: String,
    /// `pass` or `fail`.
    pub result: String,
    /// Battery health in per cent, 0–100; optional.
    #[serde(default)]
    pub battery_health: String,
    #[serde(default)]
    pub note: String,
}

/// Times out of use as typed: London wall clock or RFC 3339.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FaultInput {
    /// When it stopped being usable; not in the future.
    pub from: String,
    /// What is wrong with it.
    pub fault: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BackInput {
    /// When it was usable again; not in the future, not before it went out of use.
    pub at: String,
    /// What was done: repaired, battery replaced, swapped for a new one.
    #[serde(default)]
    pub repair: String,
    /// `in_use`, `spare`, or `retired` (replaced: its time out of use ends here).
    pub status: String,
}

async fn writable_device(app: &App, user: &User, device_id: i64) -> Result<Stored, Error> {
    let stored = app.store.get(EntityKind::Device, device_id).await?;
    crate::access::ensure_visible(user, EntityKind::Device, stored.service_id)?;
    if !user.role.can_record_checks() {
        return Err(Error::Forbidden(
            "Your role can read the device register but not record its checks. Ask a senior carer or manager.".into(),
        ));
    }
    if stored.ended_at.is_some() {
        return Err(Error::Conflict(
            "This device has been removed from the register.".into(),
        ));
    }
    Ok(stored)
}

fn past_moment(app: &App, field: &str, text: &str) -> Result<Timestamp, Error> {
    let at = parse_moment(text).map_err(|e| Error::invalid(field, e))?;
    if at > app.clock.now() {
        return Err(Error::invalid(field, "this is in the future: enter when it happened"));
    }
    Ok(at)
}

fn words(field: &str, text: &str, max: usize, required: bool) -> Result<String, Error> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(Error::invalid(field, "say what happened"));
    }
    if text.chars().count() > max {
        return Err(Error::invalid(field, format!("keep this under {max} characters")));
    }
    Ok(text.to_string())
}

/// Records a test or battery check; the device's last test and battery reading follow it.
pub async fn record_check(
    app: &App,
    user: &User,
    actor: &Actor,
    device_id: i64,
    input: &CheckInput,
) -> Result<i64, Error> {
    writable_device(app, user, device_id).await?;
    let checked_on: Date = input
        .checked_on
        .trim()
        .parse()
        .map_err(|_| Error::invalid("checked_on", "enter the date as 2026-12-03"))?;
    if checked_on > app.clock.today() {
        return Err(Error::invalid(
            "checked_on",
            "this is in the future: enter the day it was checked",
        ));
    }
    let check_type = match input.check_type.trim() {
        t @ ("test" | "battery") => t.to_string(),
        _ => return Err(Error::invalid("check_type", "choose a test or a battery check")),
    };
    let result = match input.result.trim() {
        r @ ("pass" | "fail") => r.to_string(),
        _ => return Err(Error::invalid("result", "choose pass or fail")),
    };
    let battery_health = match input.battery_health.trim().trim_end_matches('%') {
        "" => None,
        b => match b.trim().parse::<i64>() {
            Ok(n) if (0..=100).contains(&n) => Some(n),
            _ => return Err(Error::invalid("battery_health", "enter a percentage from 0 to 100")),
        },
    };
    if check_type == "battery" && battery_health.is_none() {
        return Err(Error::invalid(
            "battery_health",
            "a battery check needs the battery health reading",
        ));
    }
    let check = DeviceCheck {
        id: 0,
        device_id,
        checked_on,
        check_type,
        result,
        battery_health,
        note: words("note", &input.note, 2000, false)?,
        recorded_by: actor.label.clone(),
    };
    Ok(app.store.record_device_check(&check, actor, app.clock.now()).await?)
}

/// Takes a device out of use: faulty in the register from the time given.
pub async fn report_fault(
    app: &App,
    user: &User,
    actor: &Actor,
    device_id: i64,
    input: &FaultInput,
) -> Result<i64, Error> {
    writable_device(app, user, device_id).await?;
    let from = past_moment(app, "from", &input.from)?;
    let fault = words("fault", &input.fault, 500, true)?;
    Ok(app
        .store
        .report_device_fault(device_id, from, &fault, actor, app.clock.now())
        .await?)
}

/// Puts a faulty device back in use or in the cupboard, or retires it when it is replaced: either
/// way its time out of use ends.
pub async fn back_in_use(
    app: &App,
    user: &User,
    actor: &Actor,
    device_id: i64,
    input: &BackInput,
) -> Result<(), Error> {
    writable_device(app, user, device_id).await?;
    let at = past_moment(app, "at", &input.at)?;
    let status = match input.status.trim() {
        s @ ("in_use" | "spare" | "retired") => s,
        _ => return Err(Error::invalid("status", "choose in use, spare, or retired")),
    };
    let repair = words("repair", &input.repair, 500, false)?;
    Ok(app
        .store
        .device_back_in_use(device_id, at, &repair, status, actor, app.clock.now())
        .await?)
}
