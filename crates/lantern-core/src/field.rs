//! Fields: how each register entity is described once and then parsed from a form, a JSON
//! body or a database row, stored, listed and shown, all from the same description.

use crate::entity::EntityKind;
use crate::values::{DoseTime, NhsNumber, PhoneNumber, parse_cqc_location_id, parse_date, parse_email, parse_postcode};
use jiff::civil::Date;
use std::collections::BTreeMap;

/// What a field holds; decides how it is parsed, stored and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text up to `max` characters.
    Text {
        max: usize,
    },
    /// Paragraphs (support-plan summary, guidance).
    LongText,
    /// One of a fixed set: (stored value, label).
    Choice(&'static [(&'static str, &'static str)]),
    Bool,
    Int {
        min: i64,
        max: i64,
    },
    Date,
    Time,
    /// Several wall-clock times (a medicine's dose times).
    TimeList,
    /// Several short texts (allergies, tasks, units).
    TextList,
    /// Several (first, second) pairs: a key risk and what to do about it.
    Pairs {
        first: &'static str,
        second: &'static str,
    },
    Nhs,
    Phone,
    Email,
    CqcLocation,
    Postcode,
    /// The id of another entity.
    Ref(EntityKind),
    /// Several ids of another entity.
    RefList(EntityKind),
}

impl FieldKind {
    /// True when the field holds several values.
    pub fn is_list(&self) -> bool {
        matches!(
            self,
            Self::TimeList | Self::TextList | Self::Pairs { .. } | Self::RefList(_)
        )
    }

    /// The label shown for a stored choice value.
    pub fn choice_label(&self, value: &str) -> Option<&'static str> {
        match self {
            Self::Choice(options) => options.iter().find(|(v, _)| *v == value).map(|(_, l)| *l),
            _ => None,
        }
    }
}

/// One field of an entity.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Column name, form name and JSON key.
    pub name: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// A hint shown under the input.
    pub help: &'static str,
    /// Shown as a column on the list page.
    pub listed: bool,
}

/// Raw input for one field, as a form or JSON body gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputVal {
    One(String),
    Many(Vec<String>),
    Pairs(Vec<(String, String)>),
}

/// Raw input for an entity: field name → value. Absent means empty.
pub type Input = BTreeMap<String, InputVal>;

/// A parsed field value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Empty,
    Text(String),
    Bool(bool),
    Int(i64),
    Date(Date),
    Time(DoseTime),
    Times(Vec<DoseTime>),
    Texts(Vec<String>),
    Pairs(Vec<(String, String)>),
    Nhs(NhsNumber),
    Phone(PhoneNumber),
    Ref(i64),
    Refs(Vec<i64>),
}

impl Val {
    pub fn is_empty(&self) -> bool {
        match self {
            Val::Empty => true,
            Val::Times(v) => v.is_empty(),
            Val::Texts(v) => v.is_empty(),
            Val::Pairs(v) => v.is_empty(),
            Val::Refs(v) => v.is_empty(),
            _ => false,
        }
    }

    /// The canonical text of a single value (what a form shows and what is stored as text).
    pub fn text(&self) -> String {
        match self {
            Val::Empty => String::new(),
            Val::Text(s) => s.clone(),
            Val::Bool(b) => b.to_string(),
            Val::Int(n) | Val::Ref(n) => n.to_string(),
            Val::Date(d) => d.to_string(),
            Val::Time(t) => t.to_string(),
            Val::Nhs(n) => n.to_string(),
            Val::Phone(p) => p.to_string(),
            Val::Times(v) => v.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", "),
            Val::Texts(v) => v.join(", "),
            Val::Refs(v) => v.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", "),
            Val::Pairs(v) => v
                .iter()
                .map(|(a, b)| format!("{a}: {b}"))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// Back to raw input: parsing the result gives this value again.
    pub fn to_input(&self) -> Option<InputVal> {
        match self {
            Val::Empty => None,
            Val::Times(v) => Some(InputVal::Many(v.iter().map(|t| t.to_string()).collect())),
            Val::Texts(v) => Some(InputVal::Many(v.clone())),
            Val::Refs(v) => Some(InputVal::Many(v.iter().map(|n| n.to_string()).collect())),
            Val::Pairs(v) => Some(InputVal::Pairs(v.clone())),
            other => Some(InputVal::One(other.text())),
        }
    }
}

/// Errors by field name, each a sentence a care worker can act on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_string()).or_insert_with(|| message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn into_result<T>(self, ok: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() { Ok(ok) } else { Err(self) }
    }
}

/// Parses one field's raw input. `Ok(Val::Empty)` for an empty optional field.
pub fn parse_field(spec: &FieldSpec, raw: Option<&InputVal>) -> Result<Val, String> {
    let val = match raw {
        // An unticked box is "no", however the input arrived.
        None if spec.kind == FieldKind::Bool => Val::Bool(false),
        None => Val::Empty,
        Some(InputVal::One(s)) if spec.kind.is_list() => parse_list(spec, split_list(spec, s))?,
        Some(InputVal::Many(items)) if spec.kind.is_list() => {
            parse_list(spec, items.iter().map(|s| s.trim().to_string()).collect())?
        }
        Some(InputVal::Pairs(pairs)) => match spec.kind {
            FieldKind::Pairs { first, .. } => {
                let mut out = Vec::new();
                for (a, b) in pairs {
                    let (a, b) = (a.trim(), b.trim());
                    if a.is_empty() && b.is_empty() {
                        continue;
                    }
                    if a.is_empty() {
                        return Err(format!("each line needs a {} as well", first.to_lowercase()));
                    }
                    check_length(a, 500)?;
                    check_length(b, 2000)?;
                    out.push((a.to_string(), b.to_string()));
                }
                if out.is_empty() { Val::Empty } else { Val::Pairs(out) }
            }
            _ => return Err("expected a single value, not a list of pairs".into()),
        },
        Some(InputVal::Many(items)) => match items.as_slice() {
            [] => Val::Empty,
            [one] => parse_one(spec, one)?,
            _ => return Err("expected a single value, not a list".into()),
        },
        Some(InputVal::One(s)) => parse_one(spec, s)?,
    };
    if val.is_empty() && spec.required {
        return Err(format!("enter the {}", spec.label.to_lowercase()));
    }
    Ok(val)
}

/// A list typed into one box: dose times are split on commas or spaces; other lists by line.
fn split_list(spec: &FieldSpec, s: &str) -> Vec<String> {
    let parts: Vec<&str> = match spec.kind {
        FieldKind::TimeList | FieldKind::RefList(_) => s.split([',', ' ', '\n', ';']).collect(),
        _ => s.lines().collect(),
    };
    parts.into_iter().map(|p| p.trim().to_string()).collect()
}

fn parse_list(spec: &FieldSpec, items: Vec<String>) -> Result<Val, String> {
    let items: Vec<String> = items.into_iter().filter(|s| !s.is_empty()).collect();
    if items.is_empty() {
        return Ok(Val::Empty);
    }
    if items.len() > 200 {
        return Err("too many entries (at most 200)".into());
    }
    Ok(match spec.kind {
        FieldKind::TimeList => {
            let mut times = items
                .iter()
                .map(|s| DoseTime::parse(s))
                .collect::<Result<Vec<_>, _>>()?;
            times.sort();
            if times.windows(2).any(|w| w[0] == w[1]) {
                return Err("the same time is listed twice".into());
            }
            Val::Times(times)
        }
        FieldKind::RefList(_) => {
            let mut ids = items.iter().map(|s| parse_id(s)).collect::<Result<Vec<_>, _>>()?;
            ids.dedup();
            Val::Refs(ids)
        }
        FieldKind::TextList => {
            for s in &items {
                check_length(s, 200)?;
            }
            Val::Texts(items)
        }
        FieldKind::Pairs { .. } => {
            // One box, one pair per line: "risk | what to do".
            let mut pairs = Vec::new();
            for line in items {
                let (a, b) = line.split_once('|').unwrap_or((line.as_str(), ""));
                pairs.push((a.trim().to_string(), b.trim().to_string()));
            }
            return parse_field(
                &FieldSpec {
                    required: false,
                    ..*spec
                },
                Some(&InputVal::Pairs(pairs)),
            );
        }
        _ => return Err("expected a single value".into()),
    })
}

fn check_length(s: &str, max: usize) -> Result<(), String> {
    let n = s.chars().count();
    if n > max {
        return Err(format!("too long: {n} characters (at most {max})"));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err("contains a control character".into());
    }
    Ok(())
}

fn parse_id(s: &str) -> Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("'{}' is not a record id", s.trim())),
    }
}

fn parse_one(spec: &FieldSpec, s: &str) -> Result<Val, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(match spec.kind {
            FieldKind::Bool => Val::Bool(false),
            _ => Val::Empty,
        });
    }
    Ok(match spec.kind {
        FieldKind::Text { max } => {
            if t.contains('\n') {
                return Err("must be a single line".into());
            }
            check_length(t, max)?;
            Val::Text(t.to_string())
        }
        FieldKind::LongText => {
            check_length(t, 10_000)?;
            Val::Text(t.replace("\r\n", "\n"))
        }
        FieldKind::Choice(options) => match options.iter().find(|(v, l)| *v == t || l.eq_ignore_ascii_case(t)) {
            Some((v, _)) => Val::Text((*v).to_string()),
            None => {
                let labels: Vec<&str> = options.iter().map(|(_, l)| *l).collect();
                return Err(format!("choose one of: {}", labels.join(", ")));
            }
        },
        FieldKind::Bool => match t.to_ascii_lowercase().as_str() {
            "true" | "on" | "yes" | "y" | "1" => Val::Bool(true),
            "false" | "off" | "no" | "n" | "0" => Val::Bool(false),
            _ => return Err(format!("'{t}' is not yes or no")),
        },
        FieldKind::Int { min, max } => match t.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Val::Int(n),
            Ok(_) => return Err(format!("must be between {min} and {max}")),
            Err(_) => return Err(format!("'{t}' is not a whole number")),
        },
        FieldKind::Date => Val::Date(parse_date(t)?),
        FieldKind::Time => Val::Time(DoseTime::parse(t)?),
        FieldKind::Nhs => Val::Nhs(NhsNumber::parse(t)?),
        FieldKind::Phone => Val::Phone(PhoneNumber::parse(t)?),
        FieldKind::Email => Val::Text(parse_email(t)?),
        FieldKind::CqcLocation => Val::Text(parse_cqc_location_id(t)?),
        FieldKind::Postcode => Val::Text(parse_postcode(t)?),
        FieldKind::Ref(_) => Val::Ref(parse_id(t)?),
        FieldKind::TimeList | FieldKind::TextList | FieldKind::Pairs { .. } | FieldKind::RefList(_) => {
            return parse_list(spec, split_list(spec, t));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: FieldSpec = FieldSpec {
        name: "name",
        label: "Name",
        kind: FieldKind::Text { max: 10 },
        required: true,
        help: "",
        listed: true,
    };

    fn one(s: &str) -> InputVal {
        InputVal::One(s.to_string())
    }

    #[test]
    fn required_fields_say_what_to_enter() {
        assert_eq!(parse_field(&TEXT, None).unwrap_err(), "enter the name");
        assert_eq!(parse_field(&TEXT, Some(&one("   "))).unwrap_err(), "enter the name");
        assert_eq!(
            parse_field(&TEXT, Some(&one(" Ann "))).unwrap(),
            Val::Text("Ann".into())
        );
        assert!(
            parse_field(&TEXT, Some(&one("abcdefghijk")))
                .unwrap_err()
                .contains("too long")
        );
    }

    #[test]
    fn time_lists_sort_and_reject_repeats() {
        let spec = FieldSpec {
            kind: FieldKind::TimeList,
            required: false,
            ..TEXT
        };
        let v = parse_field(&spec, Some(&one("18:00, 08:00 12:00"))).unwrap();
        assert_eq!(v.text(), "08:00, 12:00, 18:00");
        assert!(
            parse_field(&spec, Some(&one("08:00, 8:00")))
                .unwrap_err()
                .contains("twice")
        );
        assert_eq!(parse_field(&spec, Some(&one(" , "))).unwrap(), Val::Empty);
    }

    #[test]
    fn pairs_from_one_box_or_from_rows() {
        let spec = FieldSpec {
            kind: FieldKind::Pairs {
                first: "Risk",
                second: "What to do",
            },
            required: false,
            ..TEXT
        };
        let v = parse_field(&spec, Some(&one("Choking | Soft diet, sit upright\nFalls"))).unwrap();
        assert_eq!(
            v,
            Val::Pairs(vec![
                ("Choking".into(), "Soft diet, sit upright".into()),
                ("Falls".into(), String::new())
            ])
        );
        let rows = InputVal::Pairs(vec![(String::new(), "orphan action".into())]);
        assert!(parse_field(&spec, Some(&rows)).unwrap_err().contains("risk"));
    }

    #[test]
    fn choices_accept_value_or_label() {
        let spec = FieldSpec {
            kind: FieldKind::Choice(&[("high", "High"), ("low", "Low")]),
            ..TEXT
        };
        assert_eq!(
            parse_field(&spec, Some(&one("HIGH"))).unwrap(),
            Val::Text("high".into())
        );
        assert!(
            parse_field(&spec, Some(&one("medium")))
                .unwrap_err()
                .contains("High, Low")
        );
    }

    #[test]
    fn values_round_trip_through_input() {
        let spec = FieldSpec {
            kind: FieldKind::TimeList,
            required: false,
            ..TEXT
        };
        let v = parse_field(&spec, Some(&one("08:00,20:00"))).unwrap();
        assert_eq!(parse_field(&spec, v.to_input().as_ref()).unwrap(), v);
    }
}
