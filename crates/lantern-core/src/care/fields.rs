//! Reading a record's values as types, each miss turned into an error that names the field.
//! The only place in `care` where field names are strings: each is checked against the spec.

use super::CareRecordError;
use super::choices::Choice;
use crate::entity::{EntityKind, Record};
use crate::field::Val;
use crate::values::{DoseTime, NhsNumber, PhoneNumber};
use jiff::civil::Date;

/// A record of a known kind, read one field at a time.
pub(super) struct Fields<'a> {
    record: &'a Record,
}

impl<'a> Fields<'a> {
    pub(super) fn of(record: &'a Record, expected: EntityKind) -> Result<Self, CareRecordError> {
        if record.kind == expected {
            Ok(Self { record })
        } else {
            Err(CareRecordError::WrongKind {
                expected,
                found: record.kind,
            })
        }
    }

    pub(super) fn error(&self, field: &'static str, reason: impl Into<String>) -> CareRecordError {
        let spec = self.record.spec();
        CareRecordError::Field {
            entity: spec.singular,
            id: None,
            field,
            label: spec.field(field).map_or(field, |f| f.label),
            reason: reason.into(),
        }
    }

    fn missing(&self, field: &'static str) -> CareRecordError {
        self.error(field, "is missing")
    }

    fn val(&self, field: &'static str) -> &'a Val {
        // A name outside the spec is a bug in this module; the tests parse every struct from
        // the demo data, which reads every name used here.
        debug_assert!(self.record.spec().field(field).is_some(), "no field {field}");
        self.record.get(field)
    }

    /// Free text; empty when not filled in.
    pub(super) fn text(&self, field: &'static str) -> String {
        match self.val(field) {
            Val::Text(s) => s.clone(),
            _ => String::new(),
        }
    }

    /// Text the spec requires.
    pub(super) fn required_text(&self, field: &'static str) -> Result<String, CareRecordError> {
        match self.val(field) {
            Val::Text(s) if !s.trim().is_empty() => Ok(s.clone()),
            _ => Err(self.missing(field)),
        }
    }

    pub(super) fn flag(&self, field: &'static str) -> bool {
        matches!(self.val(field), Val::Bool(true))
    }

    /// A number; `None` when not filled in.
    pub(super) fn int(&self, field: &'static str) -> Option<i64> {
        match self.val(field) {
            Val::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub(super) fn required_int(&self, field: &'static str) -> Result<i64, CareRecordError> {
        self.int(field).ok_or_else(|| self.missing(field))
    }

    pub(super) fn id<T: From<i64>>(&self, field: &'static str) -> Option<T> {
        match self.val(field) {
            Val::Ref(n) => Some(T::from(*n)),
            _ => None,
        }
    }

    pub(super) fn required_id<T: From<i64>>(&self, field: &'static str) -> Result<T, CareRecordError> {
        self.id(field).ok_or_else(|| self.missing(field))
    }

    pub(super) fn ids<T: From<i64>>(&self, field: &'static str) -> Vec<T> {
        match self.val(field) {
            Val::Refs(v) => v.iter().copied().map(T::from).collect(),
            Val::Ref(n) => vec![T::from(*n)],
            _ => Vec::new(),
        }
    }

    pub(super) fn date(&self, field: &'static str) -> Option<Date> {
        match self.val(field) {
            Val::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub(super) fn required_date(&self, field: &'static str) -> Result<Date, CareRecordError> {
        self.date(field).ok_or_else(|| self.missing(field))
    }

    pub(super) fn required_time(&self, field: &'static str) -> Result<DoseTime, CareRecordError> {
        match self.val(field) {
            Val::Time(t) => Ok(*t),
            _ => Err(self.missing(field)),
        }
    }

    /// Several times, in the order the field keeps them (sorted, no repeats).
    pub(super) fn times(&self, field: &'static str) -> Vec<DoseTime> {
        match self.val(field) {
            Val::Times(t) => t.clone(),
            _ => Vec::new(),
        }
    }

    pub(super) fn texts(&self, field: &'static str) -> Vec<String> {
        match self.val(field) {
            Val::Texts(items) => items.clone(),
            _ => Vec::new(),
        }
    }

    pub(super) fn pairs(&self, field: &'static str) -> Vec<(String, String)> {
        match self.val(field) {
            Val::Pairs(items) => items.clone(),
            _ => Vec::new(),
        }
    }

    pub(super) fn phone(&self, field: &'static str) -> Option<PhoneNumber> {
        match self.val(field) {
            Val::Phone(p) => Some(p.clone()),
            _ => None,
        }
    }

    pub(super) fn required_phone(&self, field: &'static str) -> Result<PhoneNumber, CareRecordError> {
        self.phone(field).ok_or_else(|| self.missing(field))
    }

    pub(super) fn nhs(&self, field: &'static str) -> Option<NhsNumber> {
        match self.val(field) {
            Val::Nhs(n) => Some(*n),
            _ => None,
        }
    }

    pub(super) fn choice<C: Choice>(&self, field: &'static str) -> Result<Option<C>, CareRecordError> {
        match self.val(field) {
            Val::Text(code) if !code.is_empty() => C::from_code(code)
                .map(Some)
                .ok_or_else(|| self.error(field, format!("'{code}' is not one of its choices"))),
            _ => Ok(None),
        }
    }

    pub(super) fn required_choice<C: Choice>(&self, field: &'static str) -> Result<C, CareRecordError> {
        self.choice(field)?.ok_or_else(|| self.missing(field))
    }
}
