//! The FHIR R4 data types the importer reads: only the elements Lantern uses, every one
//! optional, unknown elements ignored. A value of the wrong JSON type is still an error (with
//! its path), because silently dropping it could drop an allergy or a dose.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Coding {
    pub system: Option<String>,
    pub code: Option<String>,
    pub display: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CodeableConcept {
    pub coding: Vec<Coding>,
    pub text: Option<String>,
}

impl CodeableConcept {
    /// What a person would read: the text, else the first display, else the first code.
    pub fn label(&self) -> Option<String> {
        nonblank(&self.text)
            .or_else(|| self.coding.iter().find_map(|c| nonblank(&c.display)))
            .or_else(|| self.coding.iter().find_map(|c| nonblank(&c.code)))
    }

    /// The codes of every coding, for matching against a code list.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.coding.iter().filter_map(|c| c.code.as_deref()).map(str::trim)
    }

    pub fn has_code(&self, wanted: &[&str]) -> bool {
        self.codes().any(|c| wanted.iter().any(|w| w.eq_ignore_ascii_case(c)))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Identifier {
    pub system: Option<String>,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Reference {
    pub reference: Option<String>,
    pub display: Option<String>,
    pub identifier: Option<Identifier>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HumanName {
    #[serde(rename = "use")]
    pub use_: Option<String>,
    pub text: Option<String>,
    pub family: Option<String>,
    pub given: Vec<String>,
}

impl HumanName {
    /// Given names then family name (prefixes such as "Mr" left out); the text when there are
    /// no parts.
    pub fn full(&self) -> Option<String> {
        let parts: Vec<&str> = self
            .given
            .iter()
            .map(String::as_str)
            .chain(self.family.as_deref())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if parts.is_empty() {
            nonblank(&self.text)
        } else {
            Some(parts.join(" "))
        }
    }

    pub fn is(&self, uses: &[&str]) -> bool {
        self.use_.as_deref().is_some_and(|u| uses.contains(&u))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Address {
    #[serde(rename = "use")]
    pub use_: Option<String>,
    pub text: Option<String>,
    pub line: Vec<String>,
    pub city: Option<String>,
    pub postal_code: Option<String>,
}

impl Address {
    /// One line per part: the street lines, the town, the postcode.
    pub fn lines(&self) -> Option<String> {
        let parts: Vec<&str> = self
            .line
            .iter()
            .map(String::as_str)
            .chain(self.city.as_deref())
            .chain(self.postal_code.as_deref())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if parts.is_empty() {
            nonblank(&self.text)
        } else {
            Some(parts.join("\n"))
        }
    }

    /// The current address: a home (or unmarked) one rather than an old one.
    pub fn pick(all: &[Address]) -> Option<&Address> {
        let current = |a: &&Address| !matches!(a.use_.as_deref(), Some("old"));
        all.iter()
            .filter(current)
            .find(|a| a.use_.as_deref() == Some("home"))
            .or_else(|| all.iter().find(current))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ContactPoint {
    pub system: Option<String>,
    pub value: Option<String>,
}

/// The first value of a telecom system ("phone", "email").
pub fn telecom(all: &[ContactPoint], system: &str) -> Option<String> {
    all.iter()
        .filter(|c| c.system.as_deref() == Some(system))
        .find_map(|c| nonblank(&c.value))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Period {
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Quantity {
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub system: Option<String>,
    pub code: Option<String>,
}

impl Quantity {
    /// The unit as written for people: the human unit ("tablet", "drop"), except that a
    /// UCUM code is shorter than its spelt-out name ("mg", not "milligram").
    pub fn unit_text(&self) -> Option<String> {
        let ucum = self.system.as_deref() == Some("http://unitsofmeasure.org");
        let code = nonblank(&self.code).filter(|c| ucum && !c.contains(['[', '{']));
        code.or_else(|| nonblank(&self.unit)).or_else(|| nonblank(&self.code))
    }

    /// "500 mg", "2 tablet".
    pub fn text(&self) -> Option<String> {
        let value = number(self.value?);
        Some(match self.unit_text() {
            Some(u) => format!("{value} {u}"),
            None => value,
        })
    }

    /// Whether two quantities are in the same unit, so that they can be divided.
    pub fn same_unit(&self, other: &Quantity) -> bool {
        let key = |q: &Quantity| {
            nonblank(&q.code)
                .or_else(|| nonblank(&q.unit))
                .map(|s| s.to_lowercase())
        };
        key(self).is_some() && key(self) == key(other)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Range {
    pub low: Option<Quantity>,
    pub high: Option<Quantity>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Ratio {
    pub numerator: Option<Quantity>,
    pub denominator: Option<Quantity>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Annotation {
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Extension {
    pub url: Option<String>,
    pub extension: Vec<Extension>,
    pub value_boolean: Option<bool>,
    pub value_positive_int: Option<i64>,
    pub value_string: Option<String>,
    pub value_code: Option<String>,
    pub value_coding: Option<Coding>,
    pub value_codeable_concept: Option<CodeableConcept>,
    pub value_reference: Option<Reference>,
}

impl Extension {
    /// Whether the extension's URL ends with `name` (UK Core and HL7 URLs differ in their base).
    pub fn named(&self, name: &str) -> bool {
        self.url
            .as_deref()
            .is_some_and(|u| u == name || u.ends_with(&format!("/{name}")))
    }

    /// A coded or text value, as a person would read it.
    pub fn value_label(&self) -> Option<String> {
        self.value_codeable_concept
            .as_ref()
            .and_then(CodeableConcept::label)
            .or_else(|| {
                let c = self.value_coding.as_ref()?;
                nonblank(&c.display).or_else(|| nonblank(&c.code))
            })
            .or_else(|| nonblank(&self.value_string))
            .or_else(|| nonblank(&self.value_code))
    }
}

/// Finds an extension (or a nested one) by name.
pub fn find_ext<'a>(all: &'a [Extension], name: &str) -> Option<&'a Extension> {
    all.iter().find(|e| e.named(name))
}

/// A trimmed copy of the string, or `None` when it is empty.
pub fn nonblank(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(String::from)
}

/// A decimal without a trailing ".0": 500 → "500", 0.5 → "0.5".
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// "9339101000001105 | Septrin" → "Septrin": a SNOMED code some systems put before the term
/// when they degrade a coded entry to text.
pub fn strip_code(s: &str) -> String {
    match s.split_once('|') {
        Some((code, rest)) if !code.trim().is_empty() && code.trim().bytes().all(|b| b.is_ascii_digit()) => {
            rest.trim().to_string()
        }
        _ => s.trim().to_string(),
    }
}
