//! Flag and Condition → the person's key risks (with what to do); CarePlan → the support-plan
//! summary. Gathered onto the Patient's record (bundle.rs).

use super::bundle::Item;
use super::model::{Annotation, CodeableConcept, Reference, nonblank};
use super::out::{Out, add_unique, one_line};
use super::resolve::Index;
use serde::Deserialize;

/// What to do, when the source says nothing more.
const SEE_PLAN: &str = "See the care plan";

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Flag {
    pub status: Option<String>,
    pub code: Option<CodeableConcept>,
    pub subject: Option<Reference>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Condition {
    pub clinical_status: Option<CodeableConcept>,
    pub verification_status: Option<CodeableConcept>,
    pub code: Option<CodeableConcept>,
    pub subject: Option<Reference>,
    pub note: Vec<Annotation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CarePlan {
    pub status: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub subject: Option<Reference>,
}

pub fn flag(item: &Item, f: &Flag, idx: &Index, out: &mut Out) {
    if let Some(s @ ("inactive" | "entered-in-error")) = f.status.as_deref().map(str::trim) {
        return out.unused(format!("Flag {s}"));
    }
    let Some(person) = subject(item, f.subject.as_ref(), "Flag", idx, out) else {
        return;
    };
    let Some(risk) = f.code.as_ref().and_then(CodeableConcept::label) else {
        return out.error(
            &item.ctx,
            ".code",
            "this Flag does not say what the risk is (no code or text)",
        );
    };
    risk_pair(out, &person, &item.ctx.location, risk, SEE_PLAN.into());
}

pub fn condition(item: &Item, c: &Condition, idx: &Index, out: &mut Out) {
    let has = |cc: &Option<CodeableConcept>, codes: &[&str]| cc.as_ref().is_some_and(|c| c.has_code(codes));
    if has(&c.verification_status, &["entered-in-error", "refuted"]) {
        return out.unused("Condition entered-in-error or refuted");
    }
    if has(&c.clinical_status, &["inactive", "resolved", "remission"]) {
        return out.unused("Condition inactive, resolved or in remission");
    }
    let Some(person) = subject(item, c.subject.as_ref(), "Condition", idx, out) else {
        return;
    };
    let Some(risk) = c.code.as_ref().and_then(CodeableConcept::label) else {
        return out.error(
            &item.ctx,
            ".code",
            "this Condition does not say what it is (no code or text)",
        );
    };
    let notes: Vec<String> = c.note.iter().filter_map(|n| nonblank(&n.text)).collect();
    let todo = if notes.is_empty() {
        SEE_PLAN.into()
    } else {
        notes.join(" ")
    };
    risk_pair(out, &person, &item.ctx.location, risk, todo);
}

pub fn care_plan(item: &Item, c: &CarePlan, idx: &Index, out: &mut Out) {
    if let Some(s @ ("revoked" | "completed" | "entered-in-error")) = c.status.as_deref().map(str::trim) {
        return out.unused(format!("CarePlan {s}"));
    }
    let Some(person) = subject(item, c.subject.as_ref(), "CarePlan", idx, out) else {
        return;
    };
    let parts: Vec<String> = [nonblank(&c.title), nonblank(&c.description)]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        return out.unused("CarePlan without a title or description");
    }
    add_unique(&mut out.extras(&person, &item.ctx.location).plans, parts.join("\n"));
}

/// The Patient it is about. A resource about something else (a Flag on a location) is not
/// used; one about no one is an error.
fn subject(item: &Item, r: Option<&Reference>, rtype: &str, idx: &Index, out: &mut Out) -> Option<String> {
    if let Some(p) = idx.patient(r) {
        return Some(p);
    }
    if r.and_then(|r| r.reference.as_deref())
        .is_some_and(|s| !s.trim().is_empty())
    {
        out.unused(format!("{rtype} (not about a patient)"));
    } else {
        out.error(
            &item.ctx,
            ".subject",
            format!("this {rtype} does not say which patient it is about"),
        );
    }
    None
}

fn risk_pair(out: &mut Out, person: &str, origin: &str, risk: String, todo: String) {
    let pair = (one_line(&risk, 500), one_line(&todo, 2000));
    add_unique(&mut out.extras(person, origin).risks, pair);
}
