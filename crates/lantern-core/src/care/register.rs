//! The continuity register around the people: services, digital systems, practices,
//! suppliers and staff, as the pack's cover and contacts sheet read them.

use super::fields::Fields;
use super::{CareRecordError, Impact, PracticeType, ServiceId, ServiceType, StaffRole};
use super::{SupplierId, SystemCategory};
use crate::entity::{EntityKind, Record};
use crate::values::PhoneNumber;

/// A location or home-care branch, with who to ring when systems fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub service_type: ServiceType,
    pub cqc_location_id: String,
    pub address: String,
    pub postcode: String,
    pub phone: Option<PhoneNumber>,
    pub manager_name: String,
    pub manager_phone: Option<PhoneNumber>,
    /// The number staff ring out of hours.
    pub on_call_phone: PhoneNumber,
    /// The GP out-of-hours number; usually 111 when not recorded.
    pub out_of_hours_phone: Option<PhoneNumber>,
    pub local_authority: String,
    pub safeguarding_phone: Option<PhoneNumber>,
    pub units: Vec<String>,
}

impl Service {
    pub fn parse(r: &Record) -> Result<Self, CareRecordError> {
        let f = Fields::of(r, EntityKind::Service)?;
        Ok(Self {
            name: f.required_text("name")?,
            service_type: f.required_choice("service_type")?,
            cqc_location_id: f.text("cqc_location_id"),
            address: f.required_text("address")?,
            postcode: f.text("postcode"),
            phone: f.phone("phone"),
            manager_name: f.required_text("manager_name")?,
            manager_phone: f.phone("manager_phone"),
            on_call_phone: f.required_phone("on_call_phone")?,
            out_of_hours_phone: f.phone("out_of_hours_phone"),
            local_authority: f.text("local_authority"),
            safeguarding_phone: f.phone("safeguarding_phone"),
            units: f.texts("units"),
        })
    }

    pub fn is_home_care(&self) -> bool {
        self.service_type == ServiceType::HomeCare
    }
}

/// A digital system care depends on, with its business impact and paper alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct System {
    pub name: String,
    pub category: SystemCategory,
    pub supplier_id: Option<SupplierId>,
    pub care_functions: Vec<String>,
    pub impact_1h: Impact,
    pub impact_4h: Impact,
    pub impact_24h: Impact,
    pub mtpd_hours: i64,
    pub rto_hours: i64,
    pub rpo_hours: Option<i64>,
    pub paper_alternative: String,
    pub paper_location: String,
    /// The services that depend on it; none listed means every service does.
    pub services: Vec<ServiceId>,
}

impl System {
    pub fn parse(r: &Record) -> Result<Self, CareRecordError> {
        let f = Fields::of(r, EntityKind::System)?;
        Ok(Self {
            name: f.required_text("name")?,
            category: f.required_choice("category")?,
            supplier_id: f.id("supplier_id"),
            care_functions: f.texts("care_functions"),
            impact_1h: f.required_choice("impact_1h")?,
            impact_4h: f.required_choice("impact_4h")?,
            impact_24h: f.required_choice("impact_24h")?,
            mtpd_hours: f.required_int("mtpd_hours")?,
            rto_hours: f.required_int("rto_hours")?,
            rpo_hours: f.int("rpo_hours"),
            paper_alternative: f.required_text("paper_alternative")?,
            paper_location: f.text("paper_location"),
            services: f.ids("services"),
        })
    }

    /// A system with no services listed is one every service depends on (email, phones).
    pub fn serves(&self, service: ServiceId) -> bool {
        self.services.is_empty() || self.services.contains(&service)
    }
}

/// A GP practice or pharmacy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practice {
    pub practice_type: PracticeType,
    pub name: String,
    pub phone: PhoneNumber,
    pub out_of_hours_phone: Option<PhoneNumber>,
}

impl Practice {
    pub fn parse(r: &Record) -> Result<Self, CareRecordError> {
        let f = Fields::of(r, EntityKind::Practice)?;
        Ok(Self {
            practice_type: f.required_choice("practice_type")?,
            name: f.required_text("name")?,
            phone: f.required_phone("phone")?,
            out_of_hours_phone: f.phone("out_of_hours_phone"),
        })
    }
}

/// A supplier and its support line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplier {
    pub name: String,
    pub support_phone: Option<PhoneNumber>,
    pub support_hours: String,
}

impl Supplier {
    pub fn parse(r: &Record) -> Result<Self, CareRecordError> {
        let f = Fields::of(r, EntityKind::Supplier)?;
        Ok(Self {
            name: f.required_text("name")?,
            support_phone: f.phone("support_phone"),
            support_hours: f.text("support_hours"),
        })
    }
}

/// A staff member and how to reach them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub full_name: String,
    pub role: StaffRole,
    pub phone: PhoneNumber,
    pub services: Vec<ServiceId>,
}

impl StaffMember {
    pub fn parse(r: &Record) -> Result<Self, CareRecordError> {
        let f = Fields::of(r, EntityKind::Staff)?;
        Ok(Self {
            full_name: f.required_text("full_name")?,
            role: f.required_choice("role")?,
            phone: f.required_phone("phone")?,
            services: f.ids("services"),
        })
    }
}
