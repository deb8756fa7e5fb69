//! Builds a pack's content from the register. Pure: the same input gives the same content.

use super::mar::{mar_sheet, medicine_summary};
use super::register::{OnBadRecord, Read, Register};
use super::visit_lists::visit_lists;
use super::{ContactLine, EmergencyContactLine, PackContent, PackInput, PersonPage, ServiceSheet, Source, SystemLine};
use crate::care::{CareRecordError, Choice, Contact, DoseWindow, Medicine, PracticeId, ServiceId};
use crate::entity::{EntityKind, Record};
use crate::values::PhoneNumber;
use jiff::civil::Date;
use std::collections::BTreeSet;

/// The content of the pack and the record versions it was built from, or the first record
/// that does not read as its type (named with its field): a pack never silently leaves a
/// person, medicine or contact out.
pub fn try_build(input: &PackInput) -> Result<(PackContent, Vec<Source>), CareRecordError> {
    Register::read(input, OnBadRecord::Refuse).map(|register| from_register(input, &register))
}

/// [`try_build`] for callers that cannot yet take its error: records that do not read as their
/// type are left out. Every record the store holds was checked on the way in, so they match;
/// only a service that does not read gives empty content.
pub fn build(input: &PackInput) -> (PackContent, Vec<Source>) {
    match Register::read(input, OnBadRecord::LeaveOut) {
        Ok(register) => from_register(input, &register),
        Err(_) => (PackContent::default(), Vec::new()),
    }
}

/// The sources a pack holds, collected as the builder reads each record.
#[derive(Default)]
pub(super) struct Sources(BTreeSet<Source>);

impl Sources {
    pub(super) fn used<T>(&mut self, kind: EntityKind, r: &Read<'_, T>) {
        self.0.insert(Source {
            kind,
            id: r.rec.id,
            version: r.rec.version,
        });
    }
}

fn from_register(input: &PackInput, reg: &Register<'_>) -> (PackContent, Vec<Source>) {
    let mut sources = Sources::default();
    sources.used(EntityKind::Service, &reg.service);
    let days: Vec<Date> = (0..i64::from(input.policy.days.max(1)))
        .filter_map(|n| input.day.checked_add(jiff::Span::new().days(n)).ok())
        .collect();
    let last_day = days.last().copied().unwrap_or(input.day);

    let mut people: Vec<&Read<'_, _>> = reg.people.iter().collect();
    people.sort_by(|a, b| (&a.value.unit, &a.value.full_name).cmp(&(&b.value.unit, &b.value.full_name)));
    let current_meds: Vec<&Read<'_, Medicine>> = reg
        .medicines
        .iter()
        .filter(|m| m.value.is_taken_between(input.day, last_day))
        .collect();

    let mut person_pages = Vec::new();
    let mut mar = Vec::new();
    let mut gp_ids = BTreeSet::new();
    let mut pharmacy_ids = BTreeSet::new();
    for p in &people {
        sources.used(EntityKind::Person, p);
        let person = &p.value;
        let mut contacts: Vec<&Read<'_, Contact>> = reg
            .contacts
            .iter()
            .filter(|c| c.value.person_id.get() == p.rec.id)
            .collect();
        contacts.sort_by_key(|c| (c.value.rank, c.rec.id));
        contacts.iter().for_each(|c| sources.used(EntityKind::Contact, c));
        let meds: Vec<&Read<'_, Medicine>> = current_meds
            .iter()
            .copied()
            .filter(|m| m.value.person_id.get() == p.rec.id)
            .collect();
        meds.iter().for_each(|m| sources.used(EntityKind::Medicine, m));
        let practice =
            |id: Option<PracticeId>, ids: &mut BTreeSet<i64>| match id.and_then(|id| reg.practices.get(&id.get())) {
                Some(pr) => {
                    ids.insert(pr.rec.id);
                    format!("{} — {}", pr.value.name, pr.value.phone)
                }
                None => String::new(),
            };
        let gp = practice(person.gp_id, &mut gp_ids);
        let pharmacy = practice(person.pharmacy_id, &mut pharmacy_ids);
        person_pages.push(PersonPage {
            name: person.full_name.clone(),
            preferred_name: person.preferred_name.clone(),
            date_of_birth: person.date_of_birth.map(long_date).unwrap_or_default(),
            nhs_number: person.nhs_number.map(|n| n.to_string()).unwrap_or_default(),
            risk_tier: person.risk_tier.label().to_string(),
            high_risk: person.is_high_risk(),
            unit: person.unit.clone(),
            address: person.address.replace('\n', ", "),
            access: person.access_notes.clone(),
            allergies: person.allergies.clone(),
            key_risks: person.key_risks.clone(),
            communication: person.communication.clone(),
            distress: person.distress_guidance.clone(),
            support: person.support_summary.clone(),
            contacts: contacts.iter().map(|c| emergency_contact(&c.value)).collect(),
            gp,
            pharmacy,
            medicines: meds.iter().map(|m| medicine_summary(&m.value)).collect(),
        });
        if !meds.is_empty() {
            mar.push(mar_sheet(person, &meds, &days));
        }
    }

    let s = &reg.service.value;
    let mut contacts = vec![
        line(
            "On call",
            "",
            s.on_call_phone.to_string(),
            "Ring first for any problem you cannot solve on shift",
        ),
        line("Manager", &s.manager_name, phone(&s.manager_phone), ""),
        line("Office", "", phone(&s.phone), ""),
        line(
            "GP out of hours",
            "NHS 111",
            phone(&s.out_of_hours_phone).if_empty("111"),
            "Urgent medical advice",
        ),
        line("Emergency", "Ambulance, police, fire", "999".into(), ""),
        line(
            "Safeguarding",
            &s.local_authority,
            phone(&s.safeguarding_phone),
            "Local authority adult safeguarding",
        ),
    ];
    for (role, ids) in [("GP practice", &gp_ids), ("Pharmacy", &pharmacy_ids)] {
        for id in ids.iter() {
            if let Some(pr) = reg.practices.get(id) {
                sources.used(EntityKind::Practice, pr);
                let notes = match &pr.value.out_of_hours_phone {
                    Some(ooh) => format!("Out of hours: {ooh}"),
                    None => String::new(),
                };
                contacts.push(line(role, &pr.value.name, pr.value.phone.to_string(), &notes));
            }
        }
    }
    let mut systems = Vec::new();
    let this_service = ServiceId::new(reg.service.rec.id);
    for sys in reg.systems.iter().filter(|sys| sys.value.serves(this_service)) {
        sources.used(EntityKind::System, sys);
        let supplier = sys.value.supplier_id.and_then(|id| reg.suppliers.get(&id.get()));
        if let Some(sup) = supplier {
            sources.used(EntityKind::Supplier, sup);
        }
        let supplier = supplier.map(|sup| &sup.value);
        systems.push(SystemLine {
            name: sys.value.name.clone(),
            category: sys.value.category.label().to_string(),
            supplier: supplier.map(|x| x.name.clone()).unwrap_or_default(),
            support_phone: supplier.map(|x| phone(&x.support_phone)).unwrap_or_default(),
            support_hours: supplier.map(|x| x.support_hours.clone()).unwrap_or_default(),
            paper_alternative: sys.value.paper_alternative.clone(),
            paper_location: sys.value.paper_location.clone(),
        });
    }
    for sys in &systems {
        if !sys.support_phone.is_empty() {
            contacts.push(line(
                "Supplier",
                &format!("{} ({})", sys.supplier, sys.name),
                sys.support_phone.clone(),
                &sys.support_hours,
            ));
        }
    }
    contacts.retain(|c| !c.phone.is_empty());
    contacts.dedup_by(|a, b| a.role == b.role && a.phone == b.phone);

    let home_care = s.is_home_care();
    let lists = if home_care {
        let visits: Vec<_> = reg.visits.iter().filter(|v| v.value.date == input.day).collect();
        visits.iter().for_each(|v| sources.used(EntityKind::Visit, v));
        visit_lists(&visits, &reg.people, &current_meds, &reg.staff, &mut sources)
    } else {
        Default::default()
    };

    let content = PackContent {
        organisation: input.organisation.clone(),
        service: ServiceSheet {
            name: s.name.clone(),
            kind: s.service_type.label().to_string(),
            home_care,
            address: [s.address.replace('\n', ", "), s.postcode.clone()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            cqc_location_id: s.cqc_location_id.clone(),
            manager: s.manager_name.clone(),
            manager_phone: phone(&s.manager_phone),
            on_call: s.on_call_phone.to_string(),
            office: phone(&s.phone),
            out_of_hours: phone(&s.out_of_hours_phone).if_empty("111"),
            local_authority: s.local_authority.clone(),
            safeguarding: phone(&s.safeguarding_phone),
        },
        covers: format!("{} – {}", short_day(input.day), long_date(last_day)),
        valid_until: long_date(last_day),
        contacts,
        systems,
        people: person_pages,
        mar,
        outcome_codes: input.policy.outcome_codes.clone(),
        visit_day: home_care.then(|| long_day(input.day)),
        rounds: lists.rounds,
        unallocated: lists.unallocated,
        monitoring: lists.monitoring,
    };
    (content, sources.0.into_iter().collect())
}

trait IfEmpty {
    fn if_empty(self, other: &str) -> String;
}

impl IfEmpty for String {
    fn if_empty(self, other: &str) -> String {
        if self.is_empty() { other.to_string() } else { self }
    }
}

fn line(role: &str, name: &str, phone: String, notes: &str) -> ContactLine {
    ContactLine {
        role: role.into(),
        name: name.into(),
        phone,
        notes: notes.into(),
    }
}

/// A number as printed, or nothing when not recorded.
pub(super) fn phone(p: &Option<PhoneNumber>) -> String {
    p.as_ref().map(PhoneNumber::to_string).unwrap_or_default()
}

pub(super) fn long_date(d: Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

pub(super) fn short_day(d: Date) -> String {
    d.strftime("%a %-d %b").to_string()
}

fn long_day(d: Date) -> String {
    d.strftime("%A %-d %B %Y").to_string()
}

/// A medicine is in the pack if it is taken on any day the pack covers. Kept for callers with
/// a record; typed code asks [`Medicine::is_taken_between`].
pub fn is_current(m: &Record, first: Date, last: Date) -> bool {
    m.date("start_date").is_none_or(|start| start <= last) && m.date("end_date").is_none_or(|end| end >= first)
}

fn emergency_contact(c: &Contact) -> EmergencyContactLine {
    EmergencyContactLine {
        rank: c.rank,
        name: c.name.clone(),
        relationship: c.relationship.clone(),
        phone: c.phone.to_string(),
        alt_phone: phone(&c.alt_phone),
        proactive: c.proactive,
        notes: c.notes.clone(),
    }
}

/// Minutes early and late a dose may be given (PRODUCT.md: 30/120, or 30/30 time-critical).
/// Kept for callers with a record; typed code reads [`Medicine::window`].
pub fn window(m: &Record) -> (i64, i64) {
    let w = DoseWindow::new(
        m.flag("time_critical"),
        m.int("window_early_minutes"),
        m.int("window_late_minutes"),
    );
    (w.early_minutes, w.late_minutes)
}
