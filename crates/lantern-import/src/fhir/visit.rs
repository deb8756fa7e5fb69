//! Appointment and Encounter → Visit, with FHIR instants turned into Europe/London wall-clock
//! dates and times.

use super::bundle::Item;
use super::model::{CodeableConcept, Coding, Period, Quantity, Reference, nonblank};
use super::out::{Out, Rec, add_unique};
use super::resolve::Index;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use lantern_core::EntityKind;
use lantern_core::schedule::london;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Appointment {
    pub status: Option<String>,
    pub service_type: Vec<CodeableConcept>,
    pub appointment_type: Option<CodeableConcept>,
    pub description: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub minutes_duration: Option<i64>,
    pub comment: Option<String>,
    pub patient_instruction: Option<String>,
    pub participant: Vec<Participant>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Participant {
    pub actor: Option<Reference>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Encounter {
    pub status: Option<String>,
    pub class: Option<Coding>,
    #[serde(rename = "type")]
    pub type_: Vec<CodeableConcept>,
    pub service_type: Option<CodeableConcept>,
    pub subject: Option<Reference>,
    pub period: Option<Period>,
    pub length: Option<Quantity>,
}

/// Encounter classes (HL7 v3 ActCode) that happen somewhere other than the person's home: a
/// hospital stay or a clinic is not a home-care visit, and putting it on the rota would send
/// a carer to an empty house. Home health (HH), field (FLD) and unknown classes are visits.
const ELSEWHERE: &[&str] = &["IMP", "ACUTE", "NONAC", "EMER", "SS", "OBSENC", "PRENC", "AMB", "VR"];

pub fn appointment(item: &Item, a: &Appointment, idx: &Index, out: &mut Out) {
    if let Some(s @ ("cancelled" | "entered-in-error")) = a.status.as_deref().map(str::trim) {
        return out.unused(format!("Appointment {s}"));
    }
    let person = a.participant.iter().find_map(|p| idx.patient(p.actor.as_ref()));
    let Some(person) = person else {
        return out.error(&item.ctx, ".participant", "no Patient takes part in this Appointment");
    };
    let Some(start) = a.start.as_deref() else {
        return out.unused("Appointment without a start time");
    };
    let minutes = a.minutes_duration.or_else(|| minutes_between(start, a.end.as_deref()?));
    let mut tasks: Vec<String> = a.service_type.iter().filter_map(CodeableConcept::label).collect();
    if let Some(t) = a.appointment_type.as_ref().and_then(CodeableConcept::label) {
        add_unique(&mut tasks, t);
    }
    let notes: Vec<String> = [&a.description, &a.comment, &a.patient_instruction]
        .into_iter()
        .filter_map(nonblank)
        .collect();
    visit(item, "Appointment", &person, start, minutes, tasks, notes, out);
}

pub fn encounter(item: &Item, e: &Encounter, idx: &Index, out: &mut Out) {
    if let Some(s @ ("cancelled" | "entered-in-error")) = e.status.as_deref().map(str::trim) {
        return out.unused(format!("Encounter {s}"));
    }
    if e.class
        .as_ref()
        .and_then(|c| c.code.as_deref())
        .is_some_and(|c| ELSEWHERE.contains(&c.trim()))
    {
        return out.unused("Encounter (hospital or clinic, not a home visit)");
    }
    let Some(person) = idx.patient(e.subject.as_ref()) else {
        return out.error(
            &item.ctx,
            ".subject",
            "this Encounter does not say which patient it is with",
        );
    };
    let Some(start) = e.period.as_ref().and_then(|p| p.start.as_deref()) else {
        return out.unused("Encounter without a start time");
    };
    let length = e.length.as_ref().and_then(|q| {
        let factor = match q.code.as_deref().or(q.unit.as_deref())?.trim() {
            "min" | "minutes" => 1.0,
            "h" | "hours" => 60.0,
            _ => return None,
        };
        Some((q.value? * factor).round() as i64)
    });
    let minutes = length.or_else(|| minutes_between(start, e.period.as_ref()?.end.as_deref()?));
    let mut tasks: Vec<String> = e.type_.iter().filter_map(CodeableConcept::label).collect();
    if let Some(t) = e.service_type.as_ref().and_then(CodeableConcept::label) {
        add_unique(&mut tasks, t);
    }
    visit(item, "Encounter", &person, start, minutes, tasks, Vec::new(), out);
}

#[allow(clippy::too_many_arguments)]
fn visit(
    item: &Item,
    rtype: &str,
    person: &str,
    start: &str,
    minutes: Option<i64>,
    tasks: Vec<String>,
    notes: Vec<String>,
    out: &mut Out,
) {
    let Some(sid) = item.sid.as_deref() else {
        return out.error(&item.ctx, "", format!("this {rtype} has no id or fullUrl"));
    };
    let Some((date, time)) = wall_clock(start) else {
        return out.unused(format!("{rtype} without a start time"));
    };
    let minutes = minutes.unwrap_or(30).clamp(5, 720);
    let mut rec = Rec::new(EntityKind::Visit, sid, &item.ctx.location);
    rec.reference("person_id", person.to_string())
        .raw("service_id", out.service_id())
        .raw("date", Some(date))
        .raw("start", Some(time))
        .raw("duration_minutes", Some(minutes.to_string()))
        .many("tasks", tasks)
        .long("notes", (!notes.is_empty()).then(|| notes.join("\n")));
    let whose = if rtype == "Appointment" {
        ".participant"
    } else {
        ".subject"
    };
    rec.from("person_id", &item.ctx, whose);
    rec.done(out);
}

fn instant(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    // A dateTime without an offset: read as London wall-clock time.
    let dt: DateTime = s.parse().ok()?;
    dt.to_zoned_datetime(london()).ok().map(|z| z.timestamp())
}

/// A FHIR instant → the London date and "HH:MM"; `None` for a date without a time.
pub fn wall_clock(s: &str) -> Option<(String, String)> {
    if !s.contains('T') {
        return None;
    }
    let z = instant(s)?.to_zoned_datetime(london());
    Some((z.date().to_string(), format!("{:02}:{:02}", z.hour(), z.minute())))
}

/// A FHIR date or dateTime → the London date "YYYY-MM-DD"; `None` for a partial date.
pub fn fhir_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.contains('T') {
        return wall_clock(s).map(|(d, _)| d);
    }
    (s.len() == 10)
        .then(|| s.parse::<Date>().ok())
        .flatten()
        .map(|d| d.to_string())
}

fn minutes_between(start: &str, end: &str) -> Option<i64> {
    let (a, b) = (instant(start)?, instant(end)?);
    Some((b.as_second() - a.as_second()) / 60)
}
