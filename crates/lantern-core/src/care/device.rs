//! A registered device (tablet, phone, router…): what a device failure names, and the unit it
//! confines a disruption to.

use super::fields::Fields;
use super::{CareRecordError, DeviceStatus, DeviceType, ServiceId, TestResult};
use crate::entity::{EntityKind, Record};
use jiff::civil::Date;

/// One device in the device register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub asset_tag: String,
    pub device_type: DeviceType,
    /// `None` for a device of the whole organisation.
    pub service_id: Option<ServiceId>,
    /// Unit or floor; empty when not recorded.
    pub unit: String,
    pub status: DeviceStatus,
    pub model: String,
    pub purchase_date: Option<Date>,
    /// `None` when nobody has recorded whether the operating system still gets updates.
    pub os_supported: Option<bool>,
    pub battery_health: Option<i64>,
    pub last_test: Option<(Date, Option<TestResult>)>,
    /// Set by hand in the register: then it wins over the replacement cycle.
    pub replacement_due: Option<Date>,
    pub notes: String,
}

impl Device {
    pub fn parse(r: &Record) -> Result<Self, CareRecordError> {
        let f = Fields::of(r, EntityKind::Device)?;
        Ok(Self {
            asset_tag: f.required_text("asset_tag")?,
            device_type: f.required_choice("device_type")?,
            service_id: f.id("service_id"),
            unit: f.text("unit"),
            status: f.required_choice("status")?,
            model: f.text("model"),
            purchase_date: f.date("purchase_date"),
            os_supported: match r.get("os_supported") {
                crate::field::Val::Bool(b) => Some(*b),
                _ => None,
            },
            battery_health: f.int("battery_health"),
            last_test: f
                .date("last_test_date")
                .map(|d| (d, f.choice("last_test_result").ok().flatten())),
            replacement_due: f.date("replacement_due"),
            notes: f.text("notes"),
        })
    }

    /// "RCG-TAB-0005 Tablet", as the register titles it.
    pub fn title(&self) -> String {
        use super::Choice;
        format!("{} {}", self.asset_tag.trim(), self.device_type.label())
            .trim()
            .to_string()
    }
}
