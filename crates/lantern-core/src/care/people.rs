//! A person supported and their emergency contacts, as the pack, the rounds and the families
//! list read them.

use super::fields::Fields;
use super::{CareRecordError, PersonId, PracticeId, RiskTier, ServiceId};
use crate::entity::{EntityKind, Record};
use crate::values::{NhsNumber, PhoneNumber};
use jiff::civil::Date;

/// A person supported: the minimum to support them safely on paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub service_id: ServiceId,
    pub full_name: String,
    /// What they like to be called; empty when not recorded.
    pub preferred_name: String,
    pub date_of_birth: Option<Date>,
    pub nhs_number: Option<NhsNumber>,
    pub risk_tier: RiskTier,
    /// Unit or floor; empty for a service without units.
    pub unit: String,
    pub address: String,
    pub phone: Option<PhoneNumber>,
    pub access_notes: String,
    pub communication: String,
    pub allergies: Vec<String>,
    /// (risk, what to do).
    pub key_risks: Vec<(String, String)>,
    pub support_summary: String,
    pub distress_guidance: String,
    pub gp_id: Option<PracticeId>,
    pub pharmacy_id: Option<PracticeId>,
}

impl Person {
    pub fn parse(r: &Record) -> Result<Self, CareRecordError> {
        let f = Fields::of(r, EntityKind::Person)?;
        Ok(Self {
            service_id: f.required_id("service_id")?,
            full_name: f.required_text("full_name")?,
            preferred_name: f.text("preferred_name"),
            date_of_birth: f.date("date_of_birth"),
            nhs_number: f.nhs("nhs_number"),
            risk_tier: f.required_choice("risk_tier")?,
            unit: f.text("unit"),
            address: f.text("address"),
            phone: f.phone("phone"),
            access_notes: f.text("access_notes"),
            communication: f.text("communication"),
            allergies: f.texts("allergies"),
            key_risks: f.pairs("key_risks"),
            support_summary: f.text("support_summary"),
            distress_guidance: f.text("distress_guidance"),
            gp_id: f.id("gp_id"),
            pharmacy_id: f.id("pharmacy_id"),
        })
    }

    pub fn is_high_risk(&self) -> bool {
        self.risk_tier == RiskTier::High
    }
}

/// Someone to ring for a person, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub person_id: PersonId,
    /// 1 is rung first.
    pub rank: i64,
    pub name: String,
    /// Free text in the register ("Son", "Friend and neighbour"), so not an enum.
    pub relationship: String,
    pub phone: PhoneNumber,
    pub alt_phone: Option<PhoneNumber>,
    pub email: String,
    /// Ring them proactively during a disruption.
    pub proactive: bool,
    pub notes: String,
}

impl Contact {
    pub fn parse(r: &Record) -> Result<Self, CareRecordError> {
        let f = Fields::of(r, EntityKind::Contact)?;
        Ok(Self {
            person_id: f.required_id("person_id")?,
            rank: f.required_int("rank")?,
            name: f.required_text("name")?,
            relationship: f.required_text("relationship")?,
            phone: f.required_phone("phone")?,
            alt_phone: f.phone("alt_phone"),
            email: f.text("email"),
            proactive: f.flag("proactive"),
            notes: f.text("notes"),
        })
    }
}
