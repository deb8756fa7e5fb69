//! Care records as types: the register's records parsed once into `Person`, `Medicine`,
//! `Visit`… so that the rules reading them (packs, rounds, reconciliation) use fields and
//! enums, never field names as strings (ARCHITECTURE.md, "Care records are described once").
//!
//! `entity/specs.rs` stays the one description of fields; these structs are views of a
//! [`Record`](crate::entity::Record) that parsed against it. A record that cannot be read as
//! its struct (stored under older rules, say) is refused with the field named in words.

mod choices;
mod device;
mod fields;
mod ids;
mod medicine;
mod people;
mod register;
#[cfg(test)]
mod tests;
mod visit;

pub use choices::{
    ActionStatus, Choice, DeviceStatus, DeviceType, DrillStatus, DrillType, DsptStatus, Impact, PracticeType,
    RaisedFrom, RiskStatus, RiskTier, Route, ServiceType, StaffRole, SystemCategory, TestResult,
};
pub use device::Device;
pub use ids::{ContactId, MedicineId, PersonId, PracticeId, ServiceId, StaffId, SupplierId, SystemId, VisitId};
pub use medicine::{DoseWindow, Medicine, PrnLimits, Schedule};
pub use people::{Contact, Person};
pub use register::{Practice, Service, StaffMember, Supplier, System};
pub use visit::{Shift, Visit};

use crate::entity::EntityKind;

/// Why a record could not be read as its typed struct: the field, in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CareRecordError {
    #[error("a {found:?} record was given where a {expected:?} was expected")]
    WrongKind { expected: EntityKind, found: EntityKind },
    #[error("{entity}{}: {label}: {reason}", id.map(|id| format!(" #{id}")).unwrap_or_default())]
    Field {
        /// "Medicine", as the register names the entity.
        entity: &'static str,
        /// The record's id, when it is known.
        id: Option<i64>,
        /// The field's name in the spec ("times").
        field: &'static str,
        /// The field's label ("Dose times").
        label: &'static str,
        reason: String,
    },
}

impl CareRecordError {
    /// The spec name of the field at fault, if one is.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Field { field, .. } => Some(field),
            Self::WrongKind { .. } => None,
        }
    }

    /// The same error, naming the record it is about.
    pub fn at(self, record_id: i64) -> Self {
        match self {
            Self::Field {
                entity,
                field,
                label,
                reason,
                ..
            } => Self::Field {
                entity,
                id: Some(record_id),
                field,
                label,
                reason,
            },
            other => other,
        }
    }
}
