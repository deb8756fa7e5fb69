//! Resources out of JSON: a Bundle (of any type, nested) or a single resource, each checked
//! for its type and id and read into our own structs (stream.rs reads the files).

use super::allergy::AllergyIntolerance;
use super::contact::RelatedPerson;
use super::medication::{MedUse, Medication};
use super::organisation::{Organization, PractitionerRole};
use super::out::{Ctx, Out};
use super::path;
use super::patient::Patient;
use super::risks::{CarePlan, Condition, Flag};
use super::visit::{Appointment, Encounter};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Bundles inside bundles are followed this deep.
const MAX_DEPTH: usize = 4;

/// A resource read from the file, waiting to be mapped.
pub struct Item {
    pub ctx: Ctx,
    /// "Patient/abc", or the entry's fullUrl when the resource has no id.
    pub sid: Option<String>,
    pub full_url: Option<String>,
    pub res: Res,
}

pub enum Res {
    Patient(Box<Patient>),
    RelatedPerson(Box<RelatedPerson>),
    Organization(Box<Organization>),
    Role(Box<PractitionerRole>),
    Medication(Box<Medication>),
    Request(Box<MedUse>),
    Statement(Box<MedUse>),
    Allergy(Box<AllergyIntolerance>),
    Flag(Box<Flag>),
    Condition(Box<Condition>),
    CarePlan(Box<CarePlan>),
    Appointment(Box<Appointment>),
    Encounter(Box<Encounter>),
}

impl Res {
    pub fn type_name(&self) -> &'static str {
        match self {
            Res::Patient(_) => "Patient",
            Res::RelatedPerson(_) => "RelatedPerson",
            Res::Organization(_) => "Organization",
            Res::Role(_) => "PractitionerRole",
            Res::Medication(_) => "Medication",
            Res::Request(_) => "MedicationRequest",
            Res::Statement(_) => "MedicationStatement",
            Res::Allergy(_) => "AllergyIntolerance",
            Res::Flag(_) => "Flag",
            Res::Condition(_) => "Condition",
            Res::CarePlan(_) => "CarePlan",
            Res::Appointment(_) => "Appointment",
            Res::Encounter(_) => "Encounter",
        }
    }
}

/// serde's message without its " at line 1 column 5", which the caller words itself.
pub fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

pub fn collect(
    v: &Value,
    full_url: Option<&str>,
    base: &str,
    path: String,
    depth: usize,
    items: &mut Vec<Item>,
    out: &mut Out,
) {
    let mut ctx = Ctx::new(base.to_string(), path);
    let Some(obj) = v.as_object() else {
        out.error(&ctx, "", "expected a FHIR resource (a JSON object)");
        return;
    };
    let rtype = match obj.get("resourceType") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim(),
        Some(_) => return out.error(&ctx, ".resourceType", "the resource type must be text"),
        None => return out.error(&ctx, "", "not a FHIR resource: it has no resourceType"),
    };
    let id = match obj.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.trim()).filter(|s| !s.is_empty()),
        Some(_) => return out.error(&ctx, ".id", "the id must be text"),
    };
    if rtype == "Bundle" {
        if depth >= MAX_DEPTH {
            return out.error(&ctx, "", "bundles are nested too deeply");
        }
        return bundle(obj, base, &ctx.path, depth, items, out);
    }
    ctx.resource = rtype.to_string();
    let sid = id
        .map(|id| format!("{rtype}/{id}"))
        .or_else(|| full_url.map(String::from));
    if let Some(sid) = &sid {
        ctx.location = format!("{base} {sid}");
    } else if ctx.path != "$" {
        ctx.location = format!("{base} {}", ctx.path);
    }
    let res = match rtype {
        "Patient" => typed(v, &ctx, out, rtype).map(Res::Patient),
        "RelatedPerson" => typed(v, &ctx, out, rtype).map(Res::RelatedPerson),
        "Organization" => typed(v, &ctx, out, rtype).map(Res::Organization),
        "PractitionerRole" => typed(v, &ctx, out, rtype).map(Res::Role),
        "Medication" => typed(v, &ctx, out, rtype).map(Res::Medication),
        "MedicationRequest" => typed(v, &ctx, out, rtype).map(Res::Request),
        "MedicationStatement" => typed(v, &ctx, out, rtype).map(Res::Statement),
        "AllergyIntolerance" => typed(v, &ctx, out, rtype).map(Res::Allergy),
        "Flag" => typed(v, &ctx, out, rtype).map(Res::Flag),
        "Condition" => typed(v, &ctx, out, rtype).map(Res::Condition),
        "CarePlan" => typed(v, &ctx, out, rtype).map(Res::CarePlan),
        "Appointment" => typed(v, &ctx, out, rtype).map(Res::Appointment),
        "Encounter" => typed(v, &ctx, out, rtype).map(Res::Encounter),
        // Practitioners are read for the references to them; Lantern keeps practices, not
        // individual clinicians, so there is nothing to import and nothing to report.
        "Practitioner" => None,
        "MedicationAdministration" => {
            out.unused("MedicationAdministration (not imported: records, not the plan)");
            None
        }
        other => {
            out.unused(other);
            None
        }
    };
    if let Some(res) = res {
        items.push(Item {
            ctx,
            sid,
            full_url: full_url.map(String::from),
            res,
        });
    }
}

fn typed<T: DeserializeOwned>(v: &Value, ctx: &Ctx, out: &mut Out, rtype: &str) -> Option<Box<T>> {
    match path::read::<T>(v) {
        Ok(t) => Some(Box::new(t)),
        Err((below, message)) => {
            out.error(ctx, &below, format!("cannot read this {rtype}: {message}"));
            None
        }
    }
}

fn bundle(obj: &Map<String, Value>, base: &str, path: &str, depth: usize, items: &mut Vec<Item>, out: &mut Out) {
    let entries = match obj.get("entry") {
        None | Some(Value::Null) => return,
        Some(Value::Array(entries)) => entries,
        Some(_) => {
            let mut ctx = Ctx::new(base.to_string(), path.to_string());
            ctx.resource = "Bundle".into();
            return out.error(&ctx, ".entry", "a bundle's entries must be a list");
        }
    };
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("{path}.entry[{i}]");
        let full_url = entry.get("fullUrl").and_then(Value::as_str).map(str::trim);
        let method = entry.pointer("/request/method").and_then(Value::as_str);
        if method.is_some_and(|m| m.eq_ignore_ascii_case("DELETE")) {
            out.unused("Bundle entry DELETE (not applied)");
            continue;
        }
        match entry.get("resource") {
            Some(r) if !r.is_null() => collect(r, full_url, base, format!("{at}.resource"), depth + 1, items, out),
            _ => out.unused("Bundle entry without a resource"),
        }
    }
}
