//! MedicationRequest and MedicationStatement → Medicine; a Medication (standalone or
//! contained) supplies the name, strength and form.

use super::bundle::Item;
use super::dosage::{Dosage, Schedule, combine, sequential};
use super::model::{Annotation, CodeableConcept, Period, Ratio, Reference, nonblank, number, strip_code};
use super::out::{Out, Rec, cut, one_line};
use super::path;
use super::resolve::Index;
use super::visit::fhir_date;
use lantern_core::{EntityKind, InputVal};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Medication {
    pub code: Option<CodeableConcept>,
    pub form: Option<CodeableConcept>,
    pub ingredient: Vec<Ingredient>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Ingredient {
    pub strength: Option<Ratio>,
}

/// The elements of a MedicationRequest and a MedicationStatement that Lantern reads.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MedUse {
    pub status: Option<String>,
    pub medication_codeable_concept: Option<CodeableConcept>,
    pub medication_reference: Option<Reference>,
    pub subject: Option<Reference>,
    pub authored_on: Option<String>,
    pub effective_date_time: Option<String>,
    pub effective_period: Option<Period>,
    pub dosage_instruction: Vec<Dosage>,
    pub dosage: Vec<Dosage>,
    pub dispense_request: Option<DispenseRequest>,
    pub note: Vec<Annotation>,
    pub contained: Vec<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DispenseRequest {
    pub validity_period: Option<Period>,
}

/// Name, strength and form, wherever they came from.
#[derive(Default)]
struct Drug {
    name: Option<String>,
    strength: Option<String>,
    form: Option<String>,
}

pub fn map(item: &Item, m: &MedUse, idx: &Index, out: &mut Out) {
    let rtype = item.res.type_name();
    let Some(sid) = item.sid.as_deref() else {
        return out.error(&item.ctx, "", format!("this {rtype} has no id or fullUrl"));
    };
    let status = m.status.as_deref().unwrap_or("").trim();
    if status == "entered-in-error" {
        return out.unused(format!("{rtype} entered-in-error"));
    }
    if status == "not-taken" {
        return out.unused(format!("{rtype} not-taken"));
    }
    let Some(person) = idx.patient(m.subject.as_ref()) else {
        return out.error(
            &item.ctx,
            ".subject",
            "it does not say whose medicine this is (no Patient reference)",
        );
    };
    let Some(drug) = drug(item, m, idx, out) else { return };
    let dosages: &[Dosage] = if m.dosage_instruction.is_empty() {
        &m.dosage
    } else {
        &m.dosage_instruction
    };
    let plan = combine(dosages);

    let mut rec = Rec::new(EntityKind::Medicine, sid, &item.ctx.location);
    rec.reference("person_id", person);
    let mut instructions: Vec<String> = Vec::new();
    if let Some(name) = &drug.name {
        let full = match &drug.form {
            Some(f) if !name.to_lowercase().contains(&f.to_lowercase()) => format!("{name} ({f})"),
            _ => name.clone(),
        };
        if full.chars().count() > 120 {
            instructions.push(format!("Full name: {}", one_line(&full, 2000)));
        }
        rec.line("name", Some(full), 120);
    }
    // Without a name (a Medication in another file), the record is a partial update: the
    // store fills it from the register, or reports it for a new medicine.
    rec.line("strength", drug.strength, 200);
    match &plan.dose {
        Some(d) => rec.line("dose", Some(d.clone()), 200),
        None => rec.line("dose", Some("Not stated: check with the prescriber".into()), 200),
    };
    match plan.route {
        Some(r) => rec.raw("route", Some(r.into())),
        None => rec.default("route", "other"),
    };
    schedule(&mut rec, &plan.schedule);
    let texts: Vec<String> = dosages.iter().filter_map(|d| nonblank(&d.text)).collect();
    if !texts.is_empty() {
        instructions.push(texts.join(if sequential(dosages) { "; then " } else { "; " }));
    }
    instructions.extend(dosages.iter().filter_map(|d| nonblank(&d.patient_instruction)));
    instructions.extend(m.note.iter().filter_map(|n| nonblank(&n.text)));
    instructions.extend(plan.notes);
    rec.long(
        "instructions",
        (!instructions.is_empty()).then(|| instructions.join("\n")),
    );

    let start = m
        .authored_on
        .as_deref()
        .or(m.effective_period.as_ref().and_then(|p| p.start.as_deref()))
        .or(m.effective_date_time.as_deref())
        .and_then(fhir_date);
    let bounds_end = dosages
        .iter()
        .filter_map(|d| {
            d.timing
                .as_ref()?
                .repeat
                .as_ref()?
                .bounds_period
                .as_ref()?
                .end
                .as_deref()
        })
        .next_back();
    let ended = matches!(status, "stopped" | "completed" | "cancelled");
    // A prescription's validity period ends when it can no longer be dispensed, not when the
    // medicine stops (repeats are re-issued): it is an end date only for an ended request.
    let validity_end = m
        .dispense_request
        .as_ref()
        .and_then(|d| d.validity_period.as_ref()?.end.as_deref())
        .filter(|_| ended);
    let mut end = m
        .effective_period
        .as_ref()
        .and_then(|p| p.end.as_deref())
        .or(bounds_end)
        .or(validity_end)
        .and_then(fhir_date);
    if ended && end.is_none() {
        end = start.clone();
    }
    rec.raw("start_date", start).raw("end_date", end);
    rec.from("person_id", &item.ctx, ".subject")
        .from("name", &item.ctx, ".medication")
        .from("route", &item.ctx, ".dosageInstruction.route");
    rec.done(out);
}

/// Sets the schedule, and clears the other kind, so that an update from regular to PRN (or
/// from times to an interval) does not leave both.
fn schedule(rec: &mut Rec, s: &Schedule) {
    let input = &mut rec.0.input;
    let mut set = |k: &str, v: InputVal| {
        input.insert(k.to_string(), v);
    };
    let none = || InputVal::One(String::new());
    let (times, interval) = match s {
        Schedule::Times(t) => (InputVal::Many(t.clone()), none()),
        Schedule::Interval(h) => (InputVal::Many(Vec::new()), InputVal::One(h.to_string())),
        Schedule::Prn { .. } => (InputVal::Many(Vec::new()), none()),
    };
    set("times", times);
    set("interval_hours", interval);
    match s {
        Schedule::Prn {
            indication,
            min_interval,
            max_24h,
        } => {
            set("prn", InputVal::One("true".into()));
            set("prn_indication", InputVal::One(indication.clone()));
            set("prn_min_interval_minutes", InputVal::One(min_interval.to_string()));
            set("prn_max_doses_24h", InputVal::One(max_24h.to_string()));
        }
        _ => {
            set("prn", InputVal::One("false".into()));
            for k in ["prn_indication", "prn_min_interval_minutes", "prn_max_doses_24h"] {
                set(k, none());
            }
        }
    }
}

/// The medicine named by a code, a contained Medication ("#med1") or a Medication resource.
fn drug(item: &Item, m: &MedUse, idx: &Index, out: &mut Out) -> Option<Drug> {
    if let Some(cc) = &m.medication_codeable_concept {
        return Some(Drug {
            name: cc.label().map(|n| strip_code(&n)),
            ..Drug::default()
        });
    }
    let Some(r) = &m.medication_reference else {
        return Some(Drug::default());
    };
    let reference = r.reference.as_deref().unwrap_or("").trim();
    let from_display = || Drug {
        name: nonblank(&r.display),
        ..Drug::default()
    };
    if let Some(local) = reference.strip_prefix('#') {
        let found = m.contained.iter().enumerate().find(|(_, v)| {
            v.get("id").and_then(Value::as_str) == Some(local)
                && v.get("resourceType").and_then(Value::as_str) == Some("Medication")
        });
        let Some((i, v)) = found else {
            out.error(
                &item.ctx,
                ".medicationReference",
                format!("the contained Medication '#{local}' is not in the resource"),
            );
            return None;
        };
        return match path::read::<Medication>(v) {
            Ok(med) => Some(from_medication(&med, nonblank(&r.display))),
            Err((below, msg)) => {
                out.error(
                    &item.ctx,
                    &format!(".contained[{i}]{below}"),
                    format!("cannot read this Medication: {msg}"),
                );
                None
            }
        };
    }
    let Some(sid) = idx.resolve(r) else {
        return Some(from_display());
    };
    match idx.medication(&sid) {
        Some(med) => {
            out.used_meds.insert(sid);
            Some(from_medication(med, nonblank(&r.display)))
        }
        None => Some(from_display()),
    }
}

fn from_medication(med: &Medication, display: Option<String>) -> Drug {
    let strengths: Vec<String> = med
        .ingredient
        .iter()
        .filter_map(|i| strength(i.strength.as_ref()?))
        .collect();
    Drug {
        name: med
            .code
            .as_ref()
            .and_then(CodeableConcept::label)
            .map(|n| strip_code(&n))
            .or(display),
        strength: (!strengths.is_empty()).then(|| cut(&strengths.join(" + "), 200)),
        form: med.form.as_ref().and_then(CodeableConcept::label),
    }
}

/// "500 mg" per tablet; "400 mg/200 ml" per volume.
fn strength(r: &Ratio) -> Option<String> {
    let num = r.numerator.as_ref()?.text()?;
    let Some(den) = &r.denominator else { return Some(num) };
    let unit = den.unit_text().unwrap_or_default();
    let per_volume = ["ml", "l", "g", "mg", "dose", "actuation"].contains(&unit.to_lowercase().as_str());
    match den.value {
        Some(1.0) if !per_volume => Some(num),
        Some(1.0) => Some(format!("{num}/{unit}")),
        Some(v) => Some(format!("{num}/{} {unit}", number(v)).trim_end().to_string()),
        None => Some(num),
    }
}
