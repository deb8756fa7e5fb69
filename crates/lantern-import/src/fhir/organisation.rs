//! Organization → Practice (a GP practice, pharmacy or other health service). A
//! PractitionerRole is not a record: references to it lead to its organisation (resolve.rs).
//!
//! An organisation's phone is required in Lantern (it is the number staff ring) and there is
//! no sensible default. So an organisation without a phone is:
//! - an error when a Patient here names it as their GP or pharmacy (the person's record would
//!   point at a practice nobody can ring, and inventing a number is not an option);
//! - otherwise counted among the unused resources ("Organization without phone"): a hospital
//!   trust or other organisation merely mentioned in the file is not worth stopping for.

use super::bundle::Item;
use super::model::{Address, CodeableConcept, ContactPoint, Identifier, Reference, nonblank, telecom};
use super::out::{Out, Rec};
use super::resolve::Index;
use lantern_core::EntityKind;
use serde::Deserialize;

pub const ODS_CODE: &str = "https://fhir.nhs.uk/Id/ods-organization-code";

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Organization {
    pub active: Option<bool>,
    pub identifier: Vec<Identifier>,
    #[serde(rename = "type")]
    pub type_: Vec<CodeableConcept>,
    pub name: Option<String>,
    pub telecom: Vec<ContactPoint>,
    pub address: Vec<Address>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PractitionerRole {
    pub organization: Option<Reference>,
}

pub fn map(item: &Item, o: &Organization, idx: &Index, out: &mut Out) {
    let Some(sid) = item.sid.as_deref() else {
        return out.error(&item.ctx, "", "this Organization has no id or fullUrl");
    };
    let is_gp = idx.gp_orgs.contains(sid);
    let is_pharmacy = idx.pharmacy_orgs.contains(sid);
    let needed = is_gp || is_pharmacy;
    if o.active == Some(false) && !needed {
        return out.unused("Organization (inactive)");
    }
    let Some(name) = nonblank(&o.name) else {
        if needed {
            return out.error(&item.ctx, ".name", "this GP practice or pharmacy has no name");
        }
        return out.unused("Organization without a name");
    };
    let Some(phone) = telecom(&o.telecom, "phone") else {
        if needed {
            return out.error(
                &item.ctx,
                ".telecom",
                format!("{name} is named as a GP practice or pharmacy but has no phone number; Lantern needs one"),
            );
        }
        return out.unused("Organization without phone");
    };
    let kind = match practice_type(o) {
        // The reference says what it is, whatever its name.
        "other" if is_gp => "gp",
        "other" if is_pharmacy => "pharmacy",
        t => t,
    };
    let ods = o
        .identifier
        .iter()
        .find(|i| i.system.as_deref().map(str::trim) == Some(ODS_CODE))
        .and_then(|i| nonblank(&i.value));
    let mut rec = Rec::new(EntityKind::Practice, sid, &item.ctx.location);
    rec.raw("practice_type", Some(kind.into()))
        .line("name", Some(name), 120)
        .raw("ods_code", ods)
        .raw("phone", Some(phone))
        .raw("email", telecom(&o.telecom, "email"))
        .long("address", Address::pick(&o.address).and_then(Address::lines));
    rec.from("name", &item.ctx, ".name")
        .from("ods_code", &item.ctx, ".identifier")
        .from("phone", &item.ctx, ".telecom")
        .from("email", &item.ctx, ".telecom");
    rec.done(out);
}

/// ODS role codes (RO76 GP practice, RO182 pharmacy) and HL7 role codes, else the words of
/// the type and the name.
fn practice_type(o: &Organization) -> &'static str {
    const PHARMACY_CODES: &[&str] = &["RO182", "182", "PHARM", "OUTPHARM", "COMPHARM"];
    const GP_CODES: &[&str] = &["RO76", "76", "076", "GPPRAC"];
    let words: Vec<String> = o
        .type_
        .iter()
        .filter_map(CodeableConcept::label)
        .chain(nonblank(&o.name))
        .map(|s| s.to_lowercase())
        .collect();
    let says = |wanted: &[&str]| words.iter().any(|w| wanted.iter().any(|x| w.contains(x)));
    let coded = |wanted: &[&str]| o.type_.iter().any(|t| t.has_code(wanted));
    if coded(PHARMACY_CODES) || says(&["pharmacy", "chemist"]) {
        "pharmacy"
    } else if coded(GP_CODES)
        || says(&[
            "surgery",
            "medical centre",
            "medical center",
            "health centre",
            "health center",
            "practice",
            "general practi",
        ])
    {
        "gp"
    } else {
        "other"
    }
}
