//! References between resources: "Patient/abc", an absolute URL, or a bundle entry's
//! `fullUrl` ("urn:uuid:…"), all turned into the source id of the record they point at.

use super::bundle::{Item, Res};
use super::medication::Medication;
use super::model::{Reference, find_ext};
use std::collections::{HashMap, HashSet};

/// What a GP or pharmacy reference leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The source id of an Organization: a Practice record here or in the register.
    Practice(String),
    /// A bare Practitioner: a person, not a practice; Lantern has no record for it.
    Practitioner,
    /// Something that cannot be followed, and why.
    Unknown(&'static str),
}

#[derive(Default)]
pub struct Index<'a> {
    /// Bundle `fullUrl` → source id.
    urls: HashMap<String, String>,
    /// Source id → resource type, for entries known only by a `urn:uuid:` fullUrl.
    types: HashMap<String, String>,
    meds: HashMap<String, &'a Medication>,
    /// PractitionerRole source id → its organisation's source id, if it names one.
    roles: HashMap<String, Option<String>>,
    /// Organisations some Patient here names as their GP, or nominated pharmacy.
    pub gp_orgs: HashSet<String>,
    pub pharmacy_orgs: HashSet<String>,
}

/// UK Core's nominated pharmacy extensions on a Patient.
pub const PHARMACY_EXTENSIONS: [&str; 2] = [
    "Extension-UKCore-NominatedPharmacy",
    "Extension-UKCore-PreferredDispenserOrganization",
];

impl<'a> Index<'a> {
    pub fn build(items: &'a [Item]) -> Self {
        let mut idx = Index::default();
        for item in items {
            if let Some(sid) = &item.sid {
                if let Some(url) = &item.full_url {
                    idx.urls.insert(url.clone(), sid.clone());
                }
                idx.types.insert(sid.clone(), item.res.type_name().to_string());
                if let Res::Medication(m) = &item.res {
                    idx.meds.insert(sid.clone(), m);
                }
            }
        }
        for item in items {
            if let (Some(sid), Res::Role(role)) = (&item.sid, &item.res) {
                let org = role.organization.as_ref().and_then(|o| idx.resolve(o));
                idx.roles.insert(sid.clone(), org);
            }
        }
        for item in items {
            if let Res::Patient(p) = &item.res {
                for r in &p.general_practitioner {
                    if let Target::Practice(org) = idx.practice(r) {
                        idx.gp_orgs.insert(org);
                    }
                }
                for name in PHARMACY_EXTENSIONS {
                    if let Some(Target::Practice(org)) = find_ext(&p.extension, name)
                        .and_then(|e| e.value_reference.as_ref())
                        .map(|r| idx.practice(r))
                    {
                        idx.pharmacy_orgs.insert(org);
                    }
                }
            }
        }
        idx
    }

    /// The source id a reference points at; `None` for a contained ("#x") or empty reference.
    pub fn resolve(&self, r: &Reference) -> Option<String> {
        let s = r.reference.as_deref()?.trim();
        if s.is_empty() || s.starts_with('#') {
            return None;
        }
        if let Some(sid) = self.urls.get(s) {
            return Some(sid.clone());
        }
        let s = s.find("/_history/").map_or(s, |i| &s[..i]);
        if let Some(sid) = self.urls.get(s) {
            return Some(sid.clone());
        }
        Some(normalise(s))
    }

    /// The resource type a source id names.
    pub fn type_of<'s>(&'s self, sid: &'s str) -> &'s str {
        match self.types.get(sid) {
            Some(t) => t,
            None => sid.split_once('/').map_or("", |(t, _)| t),
        }
    }

    /// A reference to a Patient, as the person's source id.
    pub fn patient(&self, r: Option<&Reference>) -> Option<String> {
        let sid = self.resolve(r?)?;
        (self.type_of(&sid) == "Patient").then_some(sid)
    }

    /// Where a GP or pharmacy reference leads: an Organization directly, or through a
    /// PractitionerRole's organisation.
    pub fn practice(&self, r: &Reference) -> Target {
        let Some(sid) = self.resolve(r) else {
            return Target::Unknown("given only by identifier or name, not by reference");
        };
        match self.type_of(&sid) {
            "Organization" => Target::Practice(sid),
            "PractitionerRole" => match self.roles.get(&sid) {
                Some(Some(org)) => Target::Practice(org.clone()),
                Some(None) => Target::Unknown("a PractitionerRole without an organisation reference"),
                None => Target::Unknown("a PractitionerRole not in this file"),
            },
            "Practitioner" => Target::Practitioner,
            _ => Target::Unknown("not an Organization or PractitionerRole"),
        }
    }

    pub fn medication(&self, sid: &str) -> Option<&'a Medication> {
        self.meds.get(sid).copied()
    }
}

/// "https://server/fhir/Patient/123" → "Patient/123"; relative references and URNs as given.
fn normalise(s: &str) -> String {
    if s.contains("://") {
        let parts: Vec<&str> = s.trim_end_matches('/').rsplitn(3, '/').collect();
        if let [id, ty, _] = parts.as_slice()
            && ty.starts_with(|c: char| c.is_ascii_uppercase())
            && !id.is_empty()
        {
            return format!("{ty}/{id}");
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Reference {
        Reference {
            reference: Some(s.into()),
            ..Reference::default()
        }
    }

    #[test]
    fn references_become_source_ids() {
        let idx = Index::default();
        assert_eq!(idx.resolve(&r("Patient/abc")).unwrap(), "Patient/abc");
        assert_eq!(idx.resolve(&r("Patient/abc/_history/2")).unwrap(), "Patient/abc");
        assert_eq!(
            idx.resolve(&r("https://x.org/fhir/Patient/abc")).unwrap(),
            "Patient/abc"
        );
        assert_eq!(idx.resolve(&r("urn:uuid:1-2")).unwrap(), "urn:uuid:1-2");
        assert_eq!(idx.resolve(&r("#med1")), None);
        assert_eq!(idx.practice(&r("Practitioner/p")), Target::Practitioner);
        assert_eq!(
            idx.practice(&r("Organization/o")),
            Target::Practice("Organization/o".into())
        );
    }
}
