//! A registered device (tablet, phone, router…): what a device failure names, and the unit it
//! confines a disruption to.

use super::fields::Fields;
use super::{CareRecordError, DeviceStatus, DeviceType, ServiceId};
use crate::entity::{EntityKind, Record};

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
