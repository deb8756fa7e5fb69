//! What the mapping produces: records, located errors, counts of what was not used, and the
//! person details (allergies, risks, plans) gathered from separate resources.

use crate::{Batch, ImportError, Incoming};
use lantern_core::{EntityKind, Input, InputVal};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Where a resource is: "bundle.json Patient/abc" and the JSON path of the resource in its
/// file ("$.entry[3].resource", or "$" for a resource on its own).
#[derive(Debug, Clone)]
pub struct Ctx {
    pub location: String,
    pub path: String,
    /// The resource type, once known ("Patient"), so that errors name FHIR elements.
    pub resource: String,
}

impl Ctx {
    pub fn new(location: String, path: String) -> Ctx {
        Ctx {
            location,
            path,
            resource: String::new(),
        }
    }

    /// An element below the resource as FHIR names it, with its JSON path in a bundle:
    /// ".birthDate" → "Patient.birthDate", or "Patient.birthDate (at $.entry[2].resource.birthDate)".
    pub fn at(&self, below: &str) -> String {
        let json = format!("{}{below}", self.path);
        if self.resource.is_empty() {
            return json;
        }
        let element = format!("{}{below}", self.resource);
        if self.path == "$" {
            element
        } else {
            format!("{element} (at {json})")
        }
    }
}

/// Allergies, key risks and support-plan text for one person, from resources other than the
/// Patient itself.
#[derive(Debug, Default)]
pub struct Extras {
    pub origin: String,
    pub allergies: Vec<String>,
    pub risks: Vec<(String, String)>,
    pub plans: Vec<String>,
}

pub struct Out {
    /// The records of the chunk being read, and every error and unused resource so far.
    pub batch: Batch,
    /// The service people and visits belong to (FhirOptions).
    pub service: Option<i64>,
    /// Person details gathered in the chunk being read, by the person's source id, in the
    /// order first seen.
    pub extras: BTreeMap<String, Extras>,
    /// RelatedPersons made into contacts so far, per person, for their rank.
    pub related: HashMap<String, usize>,
    /// Standalone Medication resources some request or statement used.
    pub used_meds: HashSet<String>,
}

impl Out {
    pub fn new(service: Option<i64>) -> Self {
        Out {
            batch: Batch::default(),
            service,
            extras: BTreeMap::new(),
            related: HashMap::new(),
            used_meds: HashSet::new(),
        }
    }

    /// An error at `below` (a path under the resource, "" for the resource as a whole).
    pub fn error(&mut self, ctx: &Ctx, below: &str, reason: impl Into<String>) {
        self.batch.errors.push(ImportError {
            location: ctx.location.clone(),
            field: Some(ctx.at(below)),
            reason: reason.into(),
        });
    }

    pub fn unused(&mut self, key: impl Into<String>) {
        *self.batch.unused.entry(key.into()).or_default() += 1;
    }

    pub fn extras(&mut self, person: &str, origin: &str) -> &mut Extras {
        self.extras.entry(person.to_string()).or_insert_with(|| Extras {
            origin: origin.to_string(),
            ..Extras::default()
        })
    }

    pub fn service_id(&self) -> Option<String> {
        self.service.map(|n| n.to_string())
    }
}

/// An `Incoming` being built; empty values are left out, so that an update keeps what the
/// register already has.
pub struct Rec(pub Incoming);

impl Rec {
    pub fn new(kind: EntityKind, source_id: &str, origin: &str) -> Self {
        Rec(Incoming {
            kind,
            source_id: source_id.to_string(),
            input: Input::new(),
            defaults: Input::new(),
            refs: Vec::new(),
            additive: Vec::new(),
            origin: origin.to_string(),
            elements: Vec::new(),
        })
    }

    /// One line of text, cut to `max` characters.
    pub fn line(&mut self, field: &str, value: Option<String>, max: usize) -> &mut Self {
        if let Some(v) = value.map(|v| one_line(&v, max)).filter(|v| !v.is_empty()) {
            self.0.input.insert(field.into(), InputVal::One(v));
        }
        self
    }

    /// Paragraphs.
    pub fn long(&mut self, field: &str, value: Option<String>) -> &mut Self {
        if let Some(v) = value.map(|v| paragraphs(&v)).filter(|v| !v.is_empty()) {
            self.0.input.insert(field.into(), InputVal::One(v));
        }
        self
    }

    /// A value passed on as given, for Lantern to check (NHS number, phone, date, choice).
    pub fn raw(&mut self, field: &str, value: Option<String>) -> &mut Self {
        if let Some(v) = value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
            self.0.input.insert(field.into(), InputVal::One(v));
        }
        self
    }

    /// Says which FHIR element `field` comes from (`below` the resource, as ".birthDate"),
    /// so that Lantern's check of it is reported in FHIR's words.
    pub fn from(&mut self, field: &str, ctx: &Ctx, below: &str) -> &mut Self {
        self.0.elements.push((field.to_string(), ctx.at(below)));
        self
    }

    pub fn many(&mut self, field: &str, values: Vec<String>) -> &mut Self {
        let values: Vec<String> = values
            .iter()
            .map(|v| one_line(v, 200))
            .filter(|v| !v.is_empty())
            .collect();
        if !values.is_empty() {
            self.0.input.insert(field.into(), InputVal::Many(values));
        }
        self
    }

    pub fn default(&mut self, field: &str, value: &str) -> &mut Self {
        self.0.defaults.insert(field.into(), InputVal::One(value.into()));
        self
    }

    pub fn reference(&mut self, field: &'static str, target: String) -> &mut Self {
        self.0.refs.push((field, vec![target]));
        self
    }

    pub fn done(self, out: &mut Out) {
        out.batch.records.push(self.0);
    }
}

/// Control characters and line breaks become spaces; runs of spaces one; cut to `max`
/// characters with an ellipsis.
pub fn one_line(s: &str, max: usize) -> String {
    let cleaned: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    cut(&cleaned.split_whitespace().collect::<Vec<_>>().join(" "), max)
}

/// Text with its line breaks kept and other control characters dropped, cut to Lantern's
/// 10,000 characters.
pub fn paragraphs(s: &str) -> String {
    let cleaned: String = s
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    cut(cleaned.trim(), 10_000)
}

pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Appends to a list unless it is already there.
pub fn add_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}
