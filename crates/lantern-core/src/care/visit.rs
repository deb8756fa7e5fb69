//! A planned home-care visit, as the pack's rounds, the live board and reconciliation read it.

use super::fields::Fields;
use super::{CareRecordError, PersonId, ServiceId, StaffId};
use crate::entity::{EntityKind, Record};
use crate::values::DoseTime;
use jiff::civil::Date;

/// One visit on the home-care rota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    /// The branch.
    pub service_id: ServiceId,
    pub person_id: PersonId,
    pub date: Date,
    /// Planned start, Europe/London wall clock.
    pub start: DoseTime,
    pub duration_minutes: i64,
    /// At most two; none while the visit is unallocated.
    pub carers: Vec<StaffId>,
    pub tasks: Vec<String>,
    pub two_carer: bool,
    /// Must not be missed or moved in a disruption.
    pub priority: bool,
    pub notes: String,
}

impl Visit {
    pub fn parse(r: &Record) -> Result<Self, CareRecordError> {
        let f = Fields::of(r, EntityKind::Visit)?;
        Ok(Self {
            service_id: f.required_id("service_id")?,
            person_id: f.required_id("person_id")?,
            date: f.required_date("date")?,
            start: f.required_time("start")?,
            duration_minutes: f.required_int("duration_minutes")?,
            carers: f.ids("carers"),
            tasks: f.texts("tasks"),
            two_carer: f.flag("two_carer"),
            priority: f.flag("priority"),
            notes: f.text("notes"),
        })
    }
}

/// A shift on the rota of a residential or supported-living service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub service_id: ServiceId,
    pub staff_id: StaffId,
    pub date: Date,
    /// Europe/London wall clock.
    pub start: DoseTime,
    /// Before the start when the shift runs overnight.
    pub finish: DoseTime,
    pub unit: String,
    pub notes: String,
}

impl Shift {
    pub fn parse(r: &Record) -> Result<Self, CareRecordError> {
        let f = Fields::of(r, EntityKind::Shift)?;
        Ok(Self {
            service_id: f.required_id("service_id")?,
            staff_id: f.required_id("staff_id")?,
            date: f.required_date("date")?,
            start: f.required_time("start")?,
            finish: f.required_time("finish")?,
            unit: f.text("unit"),
            notes: f.text("notes"),
        })
    }

    /// When it starts and ends, as instants by the doses' clock-change rule; an end at or
    /// before the start is the next morning's.
    pub fn instants(&self) -> (jiff::Timestamp, jiff::Timestamp) {
        let start = crate::schedule::due_at(self.date, self.start).0;
        let day = if self.finish <= self.start {
            self.date.tomorrow().unwrap_or(self.date)
        } else {
            self.date
        };
        (start, crate::schedule::due_at(day, self.finish).0)
    }
}
