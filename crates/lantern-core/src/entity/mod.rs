//! The register of the Prepare phase: every entity a provider keeps for continuity, described
//! once (its fields) and parsed into a [`Record`] whose values are valid.

mod rules;
mod specs;

use crate::field::{FieldErrors, FieldKind, FieldSpec, Input, Val, parse_field};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use rules::{dates_in_future, happened_dates, staff_role};
pub use specs::choices;

/// Every kind of register entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Service,
    Person,
    Contact,
    Practice,
    Medicine,
    Staff,
    Visit,
    Shift,
    System,
    Supplier,
    Device,
    Risk,
    DevicePolicy,
    Course,
    TrainingRecord,
    SupplierReview,
    DrillScenario,
    Drill,
    Action,
}

impl EntityKind {
    /// In an order where every entity comes after those it refers to.
    pub const ALL: [EntityKind; 19] = [
        EntityKind::Service,
        EntityKind::Practice,
        EntityKind::Supplier,
        EntityKind::Staff,
        EntityKind::Person,
        EntityKind::Contact,
        EntityKind::Medicine,
        EntityKind::Visit,
        EntityKind::Shift,
        EntityKind::System,
        EntityKind::Device,
        EntityKind::Risk,
        EntityKind::DevicePolicy,
        EntityKind::Course,
        EntityKind::TrainingRecord,
        EntityKind::SupplierReview,
        EntityKind::DrillScenario,
        EntityKind::Drill,
        EntityKind::Action,
    ];

    pub fn spec(self) -> &'static EntitySpec {
        specs::spec(self)
    }

    /// The URL segment: "people", "medicines"…
    pub fn slug(self) -> &'static str {
        self.spec().slug
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The database table, which is also the plural slug with underscores.
    pub fn table(self) -> &'static str {
        self.spec().table
    }
}

/// How one entity is named, stored and shown.
#[derive(Debug)]
pub struct EntitySpec {
    pub kind: EntityKind,
    pub slug: &'static str,
    pub table: &'static str,
    pub singular: &'static str,
    pub plural: &'static str,
    /// One sentence shown at the top of its list page.
    pub about: &'static str,
    pub fields: &'static [FieldSpec],
    /// The reference that places a record in a service, directly or through its parent.
    pub scope: Scope,
    /// The verb for ending a record ("End", "Retire"…), never a hard delete: history stays.
    pub end_verb: &'static str,
}

fn in_text(name: &str) -> String {
    let first_word = name.split_whitespace().next().unwrap_or("");
    if first_word.len() > 1 && first_word.chars().all(|c| c.is_uppercase()) {
        name.to_string()
    } else {
        let mut c = name.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect())
            .unwrap_or_default()
    }
}

/// Where a record sits, so that a user limited to some services sees only theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The record is a service.
    Itself,
    /// A field holding the service id.
    Service(&'static str),
    /// A field holding a person id; the service is that person's.
    Person(&'static str),
    /// Shared by the whole organisation.
    Organisation,
}

impl EntitySpec {
    /// The plural inside a sentence: "people supported", but "GP practices" keeps its capitals.
    pub fn plural_in_text(&self) -> String {
        in_text(self.plural)
    }

    /// The singular inside a sentence: "emergency contact", "GP or pharmacy".
    pub fn singular_in_text(&self) -> String {
        in_text(self.singular)
    }

    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The single references of this entity, for checking that their targets exist.
    pub fn references(&self) -> impl Iterator<Item = (&'static FieldSpec, EntityKind)> {
        self.fields.iter().filter_map(|f| match f.kind {
            FieldKind::Ref(k) | FieldKind::RefList(k) => Some((f, k)),
            _ => None,
        })
    }
}

/// A parsed entity: every value valid for its field, every cross-field rule met.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub kind: EntityKind,
    values: BTreeMap<&'static str, Val>,
}

impl Record {
    /// Parses raw input into a record, reporting every bad field at once. Unknown field names
    /// are errors too, so a misspelt API key is not silently dropped.
    pub fn parse(kind: EntityKind, input: &Input) -> Result<Record, FieldErrors> {
        let spec = kind.spec();
        let mut errors = FieldErrors::default();
        for key in input.keys() {
            if spec.field(key).is_none() {
                errors.add(key, format!("{} has no field called '{key}'", spec.singular));
            }
        }
        let mut values = BTreeMap::new();
        for f in spec.fields {
            match parse_field(f, input.get(f.name)) {
                Ok(v) => {
                    values.insert(f.name, v);
                }
                Err(e) => errors.add(f.name, e),
            }
        }
        let record = Record { kind, values };
        if errors.is_empty() {
            rules::check(&record, &mut errors);
        }
        errors.into_result(record)
    }

    /// Parses without the cross-field rules: for reading what was stored under older rules.
    pub fn parse_stored(kind: EntityKind, input: &Input) -> Result<Record, FieldErrors> {
        let spec = kind.spec();
        let mut errors = FieldErrors::default();
        let mut values = BTreeMap::new();
        for f in spec.fields {
            let relaxed = FieldSpec { required: false, ..*f };
            match parse_field(&relaxed, input.get(f.name)) {
                Ok(v) => {
                    values.insert(f.name, v);
                }
                Err(e) => errors.add(f.name, e),
            }
        }
        errors.into_result(Record { kind, values })
    }

    pub fn spec(&self) -> &'static EntitySpec {
        self.kind.spec()
    }

    pub fn get(&self, name: &str) -> &Val {
        self.values.get(name).unwrap_or(&Val::Empty)
    }

    /// Replaces one value (used when ids are remapped on import or seeding).
    pub fn set(&mut self, name: &str, val: Val) {
        if let Some(f) = self.spec().field(name) {
            self.values.insert(f.name, val);
        }
    }

    pub fn text(&self, name: &str) -> &str {
        match self.get(name) {
            Val::Text(s) => s,
            _ => "",
        }
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Val::Bool(true))
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        match self.get(name) {
            Val::Int(n) | Val::Ref(n) => Some(*n),
            _ => None,
        }
    }

    pub fn date(&self, name: &str) -> Option<Date> {
        match self.get(name) {
            Val::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn refs(&self, name: &str) -> Vec<i64> {
        match self.get(name) {
            Val::Refs(v) => v.clone(),
            Val::Ref(n) => vec![*n],
            _ => Vec::new(),
        }
    }

    /// All values in field order.
    pub fn values(&self) -> impl Iterator<Item = (&'static FieldSpec, &Val)> {
        self.spec().fields.iter().map(|f| (f, self.get(f.name)))
    }

    /// Raw input that parses back to this record: what an edit form starts from.
    pub fn to_input(&self) -> Input {
        self.values
            .iter()
            .filter_map(|(k, v)| v.to_input().map(|i| (k.to_string(), i)))
            .collect()
    }

    /// A short human name for the record: "Amira Khan", "Levodopa 100 mg".
    pub fn title(&self) -> String {
        rules::title(self)
    }

    /// Lower-case text that a search box matches against.
    pub fn search_text(&self) -> String {
        rules::search_text(self)
    }

    /// Things worth a warning that are not errors ("RTO is longer than the MTPD").
    pub fn warnings(&self) -> Vec<String> {
        rules::warnings(self)
    }

    /// The id of the service (or person, per [`Scope`]) this record belongs to.
    pub fn scope_ref(&self) -> Option<i64> {
        match self.spec().scope {
            Scope::Service(f) | Scope::Person(f) => self.int(f),
            Scope::Itself | Scope::Organisation => None,
        }
    }
}

#[cfg(test)]
mod tests;
