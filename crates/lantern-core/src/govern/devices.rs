//! Device assurance (the seed's third story): whether a unit has the devices its policy needs
//! today, why not, when each device is due for replacement, and how long devices were out of
//! use each month. A unit with too few working devices is not an IT nuisance: staff queue for
//! the one that works and recording runs late.

use super::settings::DeviceCycles;
use crate::care::{Choice, Device, DeviceStatus, DeviceType, TestResult};
use crate::schedule::london;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

/// A unit's device policy: how many of a type must be in use and how many kept spare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitPolicy {
    pub device_type: DeviceType,
    pub in_use_needed: u32,
    pub spares_needed: u32,
    /// One device for every N staff on shift: raises the need on a busy shift.
    pub staff_per_device: Option<u32>,
}

/// A unit's policy as the register holds it: the service, the unit's name and the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRecord {
    pub service_id: i64,
    pub unit: String,
    pub policy: UnitPolicy,
}

impl PolicyRecord {
    /// `None` for a record that is not a whole policy (an older or hand-edited row).
    pub fn parse(r: &crate::Record) -> Option<Self> {
        let count = |f: &str| r.int(f).and_then(|n| u32::try_from(n).ok());
        Some(PolicyRecord {
            service_id: r.int("service_id")?,
            unit: r.text("unit").trim().to_string(),
            policy: UnitPolicy {
                device_type: DeviceType::from_code(r.text("device_type"))?,
                in_use_needed: count("in_use_needed")?,
                spares_needed: count("spares_needed")?,
                staff_per_device: count("staff_per_device"),
            },
        })
    }
}

/// A time a device was out of use: from the fault until it was back (open while `back` is none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfUse {
    pub device_id: i64,
    pub from: Timestamp,
    pub back: Option<Timestamp>,
}

impl OutOfUse {
    /// Minutes inside `[start, end)`, an open fault counting until `now`.
    pub fn minutes_within(&self, start: Timestamp, end: Timestamp, now: Timestamp) -> i64 {
        let until = self.back.unwrap_or(now).min(end);
        let from = self.from.max(start);
        if until <= from {
            return 0;
        }
        (until.as_second() - from.as_second()) / 60
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Light {
    Green,
    Amber,
    Red,
}

impl Light {
    pub fn word(self) -> &'static str {
        match self {
            Light::Green => "Ready",
            Light::Amber => "Needs attention",
            Light::Red => "Not enough devices",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Amber => "amber",
            Light::Red => "red",
        }
    }
}

/// One device as the unit page shows it, with what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceLine {
    pub id: i64,
    pub title: String,
    pub model: String,
    pub status: DeviceStatus,
    pub replacement_due: Option<Date>,
    pub concerns: Vec<String>,
}

/// A unit's devices against its policy today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitDevices {
    pub light: Light,
    /// Why the light is not green, most serious first; empty when green.
    pub reasons: Vec<String>,
    pub policy: Option<UnitPolicy>,
    /// In use needed today: the policy's number, or more when the shift is busy.
    pub needed_in_use: u32,
    pub in_use: u32,
    pub spare: u32,
    pub faulty: u32,
    pub staff_on_shift: u32,
    pub devices: Vec<DeviceLine>,
}

/// A device untested for longer than this is a concern: a monthly check, with some slack.
const TEST_EVERY_DAYS: i32 = 45;
/// Below this a tablet will not last a long shift.
const WEAK_BATTERY: i64 = 70;
/// Replacement inside this many days is flagged ahead.
const REPLACE_SOON_DAYS: i32 = 60;

/// When a device should be replaced: the date set by hand, else purchase plus the cycle.
pub fn replacement_due(device: &Device, cycles: &DeviceCycles) -> Option<Date> {
    device.replacement_due.or_else(|| {
        let months = i32::from(cycles.months(device.device_type.code()));
        device.purchase_date?.checked_add(months.months()).ok()
    })
}

fn plural(n: u32, one: &str) -> String {
    match (n, one) {
        (1, _) => format!("1 {one}"),
        (_, "spare") => format!("{n} spares"),
        _ => format!("{n} {one}s"),
    }
}

/// Assesses a unit: `devices` are the unit's devices (any type; the policy's type is counted),
/// `staff_on_shift` the most staff on the unit at once today.
pub fn assess_unit(
    policy: Option<UnitPolicy>,
    devices: &[(i64, Device)],
    staff_on_shift: u32,
    cycles: &DeviceCycles,
    today: Date,
) -> UnitDevices {
    let lines: Vec<DeviceLine> = devices
        .iter()
        .filter(|(_, d)| d.status != DeviceStatus::Retired)
        .map(|(id, d)| line(*id, d, cycles, today))
        .collect();
    let kind = policy.map(|p| p.device_type);
    let counted = |status: DeviceStatus| {
        let n = devices
            .iter()
            .filter(|(_, d)| d.status == status && kind.is_none_or(|k| d.device_type == k))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    let (in_use, spare, faulty) = (
        counted(DeviceStatus::InUse),
        counted(DeviceStatus::Spare),
        counted(DeviceStatus::Faulty),
    );
    let needed_in_use = policy.map_or(0, |p| {
        let per_staff = p
            .staff_per_device
            .filter(|n| *n > 0)
            .map_or(0, |n| staff_on_shift.div_ceil(n));
        p.in_use_needed.max(per_staff)
    });
    let mut red = Vec::new();
    let mut amber = Vec::new();
    match policy {
        None => amber.push("No device policy is set for this unit: say how many must be in use and kept spare".into()),
        Some(p) => {
            let noun = p.device_type.label().to_lowercase();
            let total = in_use + spare + faulty;
            let needs = format!(
                "policy needs {} in use + {}",
                needed_in_use,
                plural(p.spares_needed, "spare")
            );
            if in_use < needed_in_use {
                let head = if faulty > 0 {
                    format!("{faulty} of {total} {noun}s faulty")
                } else {
                    format!("{in_use} {noun}s in use")
                };
                red.push(format!("{head}; {needs}"));
                if spare == 0 {
                    red.push(format!("No spare {noun} to take from the cupboard"));
                }
                if staff_on_shift > in_use {
                    red.push(match in_use {
                        0 => format!("{staff_on_shift} staff on shift and no working {noun}: record on paper"),
                        n => format!(
                            "{staff_on_shift} staff on shift share {}: recording is queued and runs late",
                            plural(n, &format!("working {noun}"))
                        ),
                    });
                }
            } else if spare < p.spares_needed {
                amber.push(format!("{} kept; {needs}", plural(spare, &format!("spare {noun}"))));
            }
        }
    }
    for l in lines.iter().filter(|l| l.status != DeviceStatus::Faulty) {
        for c in &l.concerns {
            amber.push(format!("{}: {c}", l.title));
        }
    }
    let light = if !red.is_empty() {
        Light::Red
    } else if !amber.is_empty() {
        Light::Amber
    } else {
        Light::Green
    };
    red.extend(amber);
    UnitDevices {
        light,
        reasons: red,
        policy,
        needed_in_use,
        in_use,
        spare,
        faulty,
        staff_on_shift,
        devices: lines,
    }
}

fn line(id: i64, d: &Device, cycles: &DeviceCycles, today: Date) -> DeviceLine {
    let due = replacement_due(d, cycles);
    let mut concerns = Vec::new();
    if let Some(due) = due {
        if due <= today {
            concerns.push(format!("replacement was due {}", due.strftime("%-d %b %Y")));
        } else if today
            .checked_add(REPLACE_SOON_DAYS.days())
            .is_ok_and(|soon| due <= soon)
        {
            concerns.push(format!("replacement due {}", due.strftime("%-d %b %Y")));
        }
    }
    if d.os_supported == Some(false) {
        concerns.push("operating system no longer supported".into());
    }
    if let Some(b) = d.battery_health.filter(|b| *b < WEAK_BATTERY) {
        concerns.push(format!("battery at {b}%"));
    }
    match d.last_test {
        None => concerns.push("never tested".into()),
        Some((_, Some(TestResult::Fail))) => concerns.push("failed its last test".into()),
        Some((on, _)) if today.since(on).is_ok_and(|s| s.get_days() > TEST_EVERY_DAYS) => {
            concerns.push(format!("last tested {}", on.strftime("%-d %b %Y")));
        }
        Some(_) => {}
    }
    DeviceLine {
        id,
        title: d.title(),
        model: d.model.clone(),
        status: d.status,
        replacement_due: due,
        concerns,
    }
}

/// The most staff on the unit at the same moment on `day`: every shift start is a moment the
/// count can rise, so the peak is at one of them. Shifts are matched to the unit by name.
pub fn peak_on_shift(shifts: &[crate::care::Shift], unit: &str, day: Date) -> u32 {
    let on_unit: Vec<(Timestamp, Timestamp)> = shifts
        .iter()
        .filter(|s| s.date == day && s.unit.trim().eq_ignore_ascii_case(unit.trim()))
        .map(crate::care::Shift::instants)
        .collect();
    on_unit
        .iter()
        .map(|(start, _)| on_unit.iter().filter(|(s, e)| s <= start && start < e).count())
        .max()
        .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// Minutes devices were out of use in each of the `months` calendar months (London time) ending
/// with the month of `now`, oldest first: (first day of the month, minutes).
pub fn downtime_by_month(out: &[OutOfUse], months: u8, now: Timestamp) -> Vec<(Date, i64)> {
    let this_month = now.to_zoned_datetime(london()).date().first_of_month();
    // Midnight always exists in London: the clocks change at 01:00.
    let start_of = |d: Date| {
        d.to_datetime(jiff::civil::Time::midnight())
            .to_zoned_datetime(london())
            .map_or(now, |z| z.timestamp())
    };
    (0..i32::from(months))
        .rev()
        .filter_map(|back| this_month.checked_sub(back.months()).ok())
        .map(|first| {
            let next = first.checked_add(1.month()).unwrap_or(first);
            let (start, end) = (start_of(first), start_of(next));
            (first, out.iter().map(|o| o.minutes_within(start, end, now)).sum())
        })
        .collect()
}

#[cfg(test)]
#[path = "devices_tests.rs"]
mod tests;
