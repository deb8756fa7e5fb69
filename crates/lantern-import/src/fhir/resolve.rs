//! References between resources: "Patient/abc", an absolute URL, or a bundle entry's
//! `fullUrl` ("urn:uuid:…"), all turned into the source id of the record they point at.

use super::bundle::{Item, Res};
use super::contact;
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

/// What every resource of an import needs to know about the others, gathered by a first pass
/// over all its files (stream.rs) so that the second can map each resource as it comes,
/// whatever the order: small maps by source id, never whole resources — except Medications,
/// which are few and whose names the requests need.
#[derive(Default)]
pub struct Index {
    /// Bundle `fullUrl` → source id.
    urls: HashMap<String, String>,
    /// Source id → resource type, for entries known only by a `urn:uuid:` fullUrl.
    types: HashMap<String, String>,
    meds: HashMap<String, Medication>,
    /// PractitionerRole source id → its organisation reference, then (once sealed) the
    /// organisation's source id.
    role_refs: HashMap<String, Option<Reference>>,
    roles: HashMap<String, Option<String>>,
    /// References to GP practices and nominated pharmacies made by Patients, until sealed.
    gp_refs: HashSet<String>,
    pharmacy_refs: HashSet<String>,
    /// Organisations some Patient here names as their GP, or nominated pharmacy.
    pub gp_orgs: HashSet<String>,
    pub pharmacy_orgs: HashSet<String>,
    /// How many contacts each Patient's own `contact` list gives, so that RelatedPersons rank
    /// after them wherever they are in the files.
    own_contacts: HashMap<String, usize>,
}

/// UK Core's nominated pharmacy extensions on a Patient.
pub const PHARMACY_EXTENSIONS: [&str; 2] = [
    "Extension-UKCore-NominatedPharmacy",
    "Extension-UKCore-PreferredDispenserOrganization",
];

impl Index {
    /// Notes what one resource tells the others.
    pub fn add(&mut self, item: Item) {
        let Some(sid) = item.sid else { return };
        if let Some(url) = item.full_url {
            self.urls.insert(url, sid.clone());
        }
        let type_name = item.res.type_name();
        if sid.split_once('/').map(|(t, _)| t) != Some(type_name) {
            self.types.insert(sid.clone(), type_name.to_string());
        }
        match item.res {
            Res::Medication(m) => {
                self.meds.insert(sid, *m);
            }
            Res::Role(role) => {
                self.role_refs.insert(sid, role.organization);
            }
            Res::Patient(p) => {
                for r in p.general_practitioner {
                    self.gp_refs.extend(r.reference);
                }
                for name in PHARMACY_EXTENSIONS {
                    if let Some(r) = find_ext(&p.extension, name).and_then(|e| e.value_reference.as_ref()) {
                        self.pharmacy_refs.extend(r.reference.clone());
                    }
                }
                let n = p.contact.iter().filter(|c| contact::usable(c)).count();
                if n > 0 {
                    self.own_contacts.insert(sid, n);
                }
            }
            _ => {}
        }
    }

    /// Resolves what needed every resource to be known: roles' organisations, then the
    /// practices that Patients name through them.
    pub fn seal(&mut self) {
        let role_refs = std::mem::take(&mut self.role_refs);
        for (sid, org) in role_refs {
            let org = org.as_ref().and_then(|o| self.resolve(o));
            self.roles.insert(sid, org);
        }
        let as_ref = |s: String| Reference {
            reference: Some(s),
            ..Reference::default()
        };
        for r in std::mem::take(&mut self.gp_refs) {
            if let Target::Practice(org) = self.practice(&as_ref(r)) {
                self.gp_orgs.insert(org);
            }
        }
        for r in std::mem::take(&mut self.pharmacy_refs) {
            if let Target::Practice(org) = self.practice(&as_ref(r)) {
                self.pharmacy_orgs.insert(org);
            }
        }
    }

    /// Contacts from the Patient's own `contact` list.
    pub fn own_contacts(&self, patient: &str) -> usize {
        self.own_contacts.get(patient).copied().unwrap_or(0)
    }

    /// The source ids of every Medication resource.
    pub fn medications(&self) -> impl Iterator<Item = &String> {
        self.meds.keys()
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

    pub fn medication(&self, sid: &str) -> Option<&Medication> {
        self.meds.get(sid)
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
