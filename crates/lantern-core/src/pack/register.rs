//! The register a pack is built from, read once as typed records.

use super::{PackInput, Rec};
use crate::care::{
    CareRecordError, Contact, Medicine, Person, Practice, Service, StaffMember, Supplier, System, Visit,
};
use crate::entity::Record;
use std::collections::BTreeMap;

/// A record read as its typed struct, with the identity the pack's sources name.
pub(super) struct Read<'a, T> {
    pub rec: &'a Rec,
    pub value: T,
}

/// What to do with a record that does not read as its struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OnBadRecord {
    /// Refuse the whole pack, naming the record and field: a pack must not quietly miss a person.
    Refuse,
    /// Leave the record out (what the untyped builder's callers still get; see `build`).
    LeaveOut,
}

/// Every record of a pack's input, typed.
pub(super) struct Register<'a> {
    pub service: Read<'a, Service>,
    pub people: Vec<Read<'a, Person>>,
    pub contacts: Vec<Read<'a, Contact>>,
    pub medicines: Vec<Read<'a, Medicine>>,
    pub visits: Vec<Read<'a, Visit>>,
    pub staff: BTreeMap<i64, Read<'a, StaffMember>>,
    pub practices: BTreeMap<i64, Read<'a, Practice>>,
    pub systems: Vec<Read<'a, System>>,
    pub suppliers: BTreeMap<i64, Read<'a, Supplier>>,
}

type Parse<T> = fn(&Record) -> Result<T, CareRecordError>;

fn read_all<T>(list: &[Rec], parse: Parse<T>, on_bad: OnBadRecord) -> Result<Vec<Read<'_, T>>, CareRecordError> {
    let mut out = Vec::with_capacity(list.len());
    for rec in list {
        match parse(&rec.record) {
            Ok(value) => out.push(Read { rec, value }),
            Err(e) if on_bad == OnBadRecord::Refuse => return Err(e.at(rec.id)),
            Err(_) => {}
        }
    }
    Ok(out)
}

fn by_id<T>(list: Vec<Read<'_, T>>) -> BTreeMap<i64, Read<'_, T>> {
    list.into_iter().map(|r| (r.rec.id, r)).collect()
}

impl<'a> Register<'a> {
    /// The service itself must read whatever `on_bad` says: there is no pack without it.
    pub fn read(input: &'a PackInput, on_bad: OnBadRecord) -> Result<Self, CareRecordError> {
        Ok(Self {
            service: Read {
                rec: &input.service,
                value: Service::parse(&input.service.record).map_err(|e| e.at(input.service.id))?,
            },
            people: read_all(&input.people, Person::parse, on_bad)?,
            contacts: read_all(&input.contacts, Contact::parse, on_bad)?,
            medicines: read_all(&input.medicines, Medicine::parse, on_bad)?,
            visits: read_all(&input.visits, Visit::parse, on_bad)?,
            staff: by_id(read_all(&input.staff, StaffMember::parse, on_bad)?),
            practices: by_id(read_all(&input.practices, Practice::parse, on_bad)?),
            systems: read_all(&input.systems, System::parse, on_bad)?,
            suppliers: by_id(read_all(&input.suppliers, Supplier::parse, on_bad)?),
        })
    }
}
