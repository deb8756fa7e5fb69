//! Builds a pack's content from the register. Pure: the same input gives the same content.

use super::{CarerRound, ContactLine, EmergencyContactLine, MarRow, MarSheet, PersonPage, PrnRow, ServiceSheet};
use super::{MonitorLine, SystemLine, VisitLine};
use super::{PackContent, PackInput, Rec, Source, mar_name, mar_order};
use crate::entity::{EntityKind, Record};
use crate::field::Val;
use crate::schedule::clock_note;
use crate::values::DoseTime;
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

/// The content of the pack and the record versions it was built from.
pub fn build(input: &PackInput) -> (PackContent, Vec<Source>) {
    let mut sources = BTreeSet::new();
    let mut used = |kind: EntityKind, r: &Rec| {
        sources.insert(Source {
            kind,
            id: r.id,
            version: r.version,
        });
    };
    used(EntityKind::Service, &input.service);
    let days: Vec<Date> = (0..i64::from(input.policy.days.max(1)))
        .filter_map(|n| input.day.checked_add(jiff::Span::new().days(n)).ok())
        .collect();
    let last_day = days.last().copied().unwrap_or(input.day);
    let by_id = |list: &[Rec]| list.iter().map(|r| (r.id, r.clone())).collect::<BTreeMap<_, _>>();
    let practices = by_id(&input.practices);
    let staff = by_id(&input.staff);
    let suppliers = by_id(&input.suppliers);

    let mut people: Vec<&Rec> = input.people.iter().collect();
    people.sort_by(|a, b| {
        (a.record.text("unit"), a.record.text("full_name")).cmp(&(b.record.text("unit"), b.record.text("full_name")))
    });
    let current_meds: Vec<&Rec> = input
        .medicines
        .iter()
        .filter(|m| is_current(&m.record, input.day, last_day))
        .collect();

    let mut person_pages = Vec::new();
    let mut mar = Vec::new();
    let mut gp_ids = BTreeSet::new();
    let mut pharmacy_ids = BTreeSet::new();
    for p in &people {
        used(EntityKind::Person, p);
        let r = &p.record;
        let mut contacts: Vec<&Rec> = input
            .contacts
            .iter()
            .filter(|c| c.record.int("person_id") == Some(p.id))
            .collect();
        contacts.sort_by_key(|c| (c.record.int("rank"), c.id));
        contacts.iter().for_each(|c| used(EntityKind::Contact, c));
        let meds: Vec<&Rec> = current_meds
            .iter()
            .copied()
            .filter(|m| m.record.int("person_id") == Some(p.id))
            .collect();
        meds.iter().for_each(|m| used(EntityKind::Medicine, m));
        let practice = |field: &str, ids: &mut BTreeSet<i64>| match r.int(field).and_then(|id| practices.get(&id)) {
            Some(pr) => {
                ids.insert(pr.id);
                format!("{} — {}", pr.record.title(), r_phone(&pr.record, "phone"))
            }
            None => String::new(),
        };
        let gp = practice("gp_id", &mut gp_ids);
        let pharmacy = practice("pharmacy_id", &mut pharmacy_ids);
        person_pages.push(PersonPage {
            name: r.text("full_name").to_string(),
            preferred_name: r.text("preferred_name").to_string(),
            date_of_birth: r.date("date_of_birth").map(long_date).unwrap_or_default(),
            nhs_number: r.get("nhs_number").text(),
            risk_tier: choice(r, "risk_tier"),
            high_risk: r.text("risk_tier") == "high",
            unit: r.text("unit").to_string(),
            address: r.text("address").replace('\n', ", "),
            access: r.text("access_notes").to_string(),
            allergies: list(r, "allergies"),
            key_risks: pairs(r, "key_risks"),
            communication: r.text("communication").to_string(),
            distress: r.text("distress_guidance").to_string(),
            support: r.text("support_summary").to_string(),
            contacts: contacts.iter().map(|c| emergency_contact(&c.record)).collect(),
            gp,
            pharmacy,
            medicines: meds.iter().map(|m| medicine_summary(&m.record)).collect(),
        });
        if !meds.is_empty() {
            mar.push(mar_sheet(r, &meds, &days));
        }
    }

    let s = &input.service.record;
    let mut contacts = vec![
        line(
            "On call",
            "",
            r_phone(s, "on_call_phone"),
            "Ring first for any problem you cannot solve on shift",
        ),
        line("Manager", s.text("manager_name"), r_phone(s, "manager_phone"), ""),
        line("Office", "", r_phone(s, "phone"), ""),
        line(
            "GP out of hours",
            "NHS 111",
            r_phone(s, "out_of_hours_phone").if_empty("111"),
            "Urgent medical advice",
        ),
        line("Emergency", "Ambulance, police, fire", "999".into(), ""),
        line(
            "Safeguarding",
            s.text("local_authority"),
            r_phone(s, "safeguarding_phone"),
            "Local authority adult safeguarding",
        ),
    ];
    for (role, ids) in [("GP practice", &gp_ids), ("Pharmacy", &pharmacy_ids)] {
        for id in ids.iter() {
            if let Some(pr) = practices.get(id) {
                used(EntityKind::Practice, pr);
                let ooh = r_phone(&pr.record, "out_of_hours_phone");
                let notes = if ooh.is_empty() {
                    String::new()
                } else {
                    format!("Out of hours: {ooh}")
                };
                contacts.push(line(
                    role,
                    pr.record.title().as_str(),
                    r_phone(&pr.record, "phone"),
                    &notes,
                ));
            }
        }
    }
    let mut systems = Vec::new();
    for sys in input
        .systems
        .iter()
        .filter(|sys| depends_on(&sys.record, input.service.id))
    {
        used(EntityKind::System, sys);
        let supplier = sys.record.int("supplier_id").and_then(|id| suppliers.get(&id));
        if let Some(sup) = supplier {
            used(EntityKind::Supplier, sup);
        }
        let sup = |f: &str| supplier.map(|x| x.record.text(f).to_string()).unwrap_or_default();
        systems.push(SystemLine {
            name: sys.record.title(),
            category: choice(&sys.record, "category"),
            supplier: sup("name"),
            support_phone: supplier
                .map(|x| r_phone(&x.record, "support_phone"))
                .unwrap_or_default(),
            support_hours: sup("support_hours"),
            paper_alternative: sys.record.text("paper_alternative").to_string(),
            paper_location: sys.record.text("paper_location").to_string(),
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

    let home_care = s.text("service_type") == "home_care";
    let (rounds, unallocated, monitoring) = if home_care {
        let visits: Vec<&Rec> = input
            .visits
            .iter()
            .filter(|v| v.record.date("date") == Some(input.day))
            .collect();
        visits.iter().for_each(|v| used(EntityKind::Visit, v));
        let (rounds, unallocated, monitoring, carers) = visit_lists(&visits, &input.people, &current_meds, &staff);
        carers
            .iter()
            .filter_map(|id| staff.get(id))
            .for_each(|st| used(EntityKind::Staff, st));
        (rounds, unallocated, monitoring)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };

    let content = PackContent {
        organisation: input.organisation.clone(),
        service: ServiceSheet {
            name: s.text("name").to_string(),
            kind: choice(s, "service_type"),
            home_care,
            address: [s.text("address").replace('\n', ", "), s.text("postcode").to_string()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            cqc_location_id: s.text("cqc_location_id").to_string(),
            manager: s.text("manager_name").to_string(),
            manager_phone: r_phone(s, "manager_phone"),
            on_call: r_phone(s, "on_call_phone"),
            office: r_phone(s, "phone"),
            out_of_hours: r_phone(s, "out_of_hours_phone").if_empty("111"),
            local_authority: s.text("local_authority").to_string(),
            safeguarding: r_phone(s, "safeguarding_phone"),
        },
        covers: format!("{} – {}", short_day(input.day), long_date(last_day)),
        valid_until: long_date(last_day),
        contacts,
        systems,
        people: person_pages,
        mar,
        outcome_codes: input.policy.outcome_codes.clone(),
        visit_day: home_care.then(|| long_day(input.day)),
        rounds,
        unallocated,
        monitoring,
    };
    (content, sources.into_iter().collect())
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

fn r_phone(r: &Record, field: &str) -> String {
    match r.get(field) {
        Val::Phone(p) => p.to_string(),
        _ => String::new(),
    }
}

fn choice(r: &Record, field: &str) -> String {
    let value = r.text(field);
    r.spec()
        .field(field)
        .and_then(|f| f.kind.choice_label(value))
        .unwrap_or(value)
        .to_string()
}

fn list(r: &Record, field: &str) -> Vec<String> {
    match r.get(field) {
        Val::Texts(items) => items.clone(),
        _ => Vec::new(),
    }
}

fn pairs(r: &Record, field: &str) -> Vec<(String, String)> {
    match r.get(field) {
        Val::Pairs(items) => items.clone(),
        _ => Vec::new(),
    }
}

fn long_date(d: Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

fn short_day(d: Date) -> String {
    d.strftime("%a %-d %b").to_string()
}

fn long_day(d: Date) -> String {
    d.strftime("%A %-d %B %Y").to_string()
}

/// A medicine is in the pack if it is taken on any day the pack covers.
pub fn is_current(m: &Record, first: Date, last: Date) -> bool {
    m.date("start_date").is_none_or(|start| start <= last) && m.date("end_date").is_none_or(|end| end >= first)
}

/// A system with no services listed is one every service depends on (email, phones).
fn depends_on(system: &Record, service: i64) -> bool {
    let services = system.refs("services");
    services.is_empty() || services.contains(&service)
}

fn emergency_contact(r: &Record) -> EmergencyContactLine {
    EmergencyContactLine {
        rank: r.int("rank").unwrap_or(0),
        name: r.text("name").to_string(),
        relationship: r.text("relationship").to_string(),
        phone: r_phone(r, "phone"),
        alt_phone: r_phone(r, "alt_phone"),
        proactive: r.flag("proactive"),
        notes: r.text("notes").to_string(),
    }
}

fn medicine_summary(m: &Record) -> String {
    let when = if m.flag("prn") {
        format!("when required for {}", m.text("prn_indication"))
    } else if let Some(h) = m.int("interval_hours") {
        format!("every {h} hours")
    } else {
        format!("at {}", m.get("times").text())
    };
    let mut s = format!("{} {} — {}, {when}", m.text("name"), m.text("strength"), m.text("dose"));
    if m.flag("time_critical") {
        s.push_str(" (TIME-CRITICAL)");
    }
    if m.flag("controlled_drug") {
        s.push_str(" (CD)");
    }
    s.replace("  ", " ")
}

/// Minutes early and late a dose may be given (PRODUCT.md: 30/120, or 30/30 time-critical).
pub fn window(m: &Record) -> (i64, i64) {
    let critical = m.flag("time_critical");
    let early = m.int("window_early_minutes").unwrap_or(30);
    let late = m.int("window_late_minutes").unwrap_or(if critical { 30 } else { 120 });
    (early, late)
}

fn mar_sheet(person: &Record, meds: &[&Rec], days: &[Date]) -> MarSheet {
    let mut rows = Vec::new();
    let mut prn = Vec::new();
    let mut notes = BTreeSet::new();
    let mut regular: Vec<&&Rec> = meds.iter().filter(|m| !m.record.flag("prn")).collect();
    regular.sort_by_key(|m| (!m.record.flag("time_critical"), m.record.text("name").to_string()));
    for m in regular {
        let r = &m.record;
        let (early, late) = window(r);
        let window = if early == late {
            format!("±{early} min")
        } else {
            format!("−{early}/+{late} min")
        };
        let times: Vec<Option<DoseTime>> = match r.get("times") {
            Val::Times(t) => t.iter().copied().map(Some).collect(),
            _ => vec![None],
        };
        for time in times {
            let marks = days
                .iter()
                .map(|d| match time.and_then(|t| clock_note(*d, t)) {
                    Some(note) => {
                        notes.insert(format!("{}: {note}", short_day(*d)));
                        "clock change: see note".to_string()
                    }
                    None => String::new(),
                })
                .collect();
            let printed = match (time, r.int("interval_hours")) {
                (Some(t), _) => t.to_string(),
                (None, Some(h)) => format!("every {h} h"),
                (None, None) => String::new(),
            };
            let row = MarRow {
                medicine: mar_name(r),
                dose: r.text("dose").to_string(),
                route: choice(r, "route"),
                time: printed.clone(),
                time_critical: r.flag("time_critical"),
                window: window.clone(),
                controlled: r.flag("controlled_drug"),
                instructions: r.text("instructions").to_string(),
                marks,
            };
            rows.push((mar_order(m.id, r, &printed), row));
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let rows: Vec<MarRow> = rows.into_iter().map(|(_, row)| row).collect();
    for m in meds.iter().filter(|m| m.record.flag("prn")) {
        let r = &m.record;
        prn.push(PrnRow {
            medicine: format!("{} {}", r.text("name"), r.text("strength")).trim().to_string(),
            dose: r.text("dose").to_string(),
            indication: r.text("prn_indication").to_string(),
            min_interval: r.int("prn_min_interval_minutes").map(minutes_text).unwrap_or_default(),
            max_24h: r.int("prn_max_doses_24h").map(|n| n.to_string()).unwrap_or_default(),
            controlled: r.flag("controlled_drug"),
        });
    }
    prn.sort_by(|a, b| a.medicine.cmp(&b.medicine));
    MarSheet {
        person: person.text("full_name").to_string(),
        date_of_birth: person.date("date_of_birth").map(long_date).unwrap_or_default(),
        nhs_number: person.get("nhs_number").text(),
        allergies: list(person, "allergies").join(", "),
        days: days.iter().map(|d| short_day(*d)).collect(),
        rows,
        prn,
        notes: notes.into_iter().collect(),
    }
}

fn minutes_text(m: i64) -> String {
    match (m / 60, m % 60) {
        (0, min) => format!("{min} min"),
        (h, 0) => format!("{h} h"),
        (h, min) => format!("{h} h {min} min"),
    }
}

/// Each carer's visits in time order (a two-carer visit is on both lists), the visits nobody
/// is on yet, and every visit once for call monitoring.
fn visit_lists(
    visits: &[&Rec],
    people: &[Rec],
    meds: &[&Rec],
    staff: &BTreeMap<i64, Rec>,
) -> (Vec<CarerRound>, Vec<VisitLine>, Vec<MonitorLine>, BTreeSet<i64>) {
    let people: BTreeMap<i64, &Record> = people.iter().map(|p| (p.id, &p.record)).collect();
    let mut ordered: Vec<&&Rec> = visits.iter().collect();
    ordered.sort_by_key(|v| (v.record.get("start").text(), v.id));
    let mut rounds: BTreeMap<i64, Vec<VisitLine>> = BTreeMap::new();
    let mut unallocated = Vec::new();
    let mut monitoring = Vec::new();
    let mut carers_used = BTreeSet::new();
    for v in ordered {
        let r = &v.record;
        let person_id = r.int("person_id").unwrap_or_default();
        let person = people.get(&person_id);
        let start = match r.get("start") {
            Val::Time(t) => t.minutes() as i64,
            _ => 0,
        };
        let minutes = r.int("duration_minutes").unwrap_or(0);
        let critical = meds.iter().any(|m| {
            m.record.int("person_id") == Some(person_id)
                && m.record.flag("time_critical")
                && matches!(m.record.get("times"), Val::Times(ts) if ts.iter().any(|t| {
                    let t = t.minutes() as i64;
                    t >= start - 30 && t <= start + minutes + 30
                }))
        });
        let carers = r.refs("carers");
        let name_of = |id: i64| staff.get(&id).map(|s| s.record.title()).unwrap_or_default();
        let base = VisitLine {
            time: r.get("start").text(),
            minutes,
            person: person.map(|p| p.text("full_name").to_string()).unwrap_or_default(),
            address: person
                .map(|p| p.text("address").replace('\n', ", "))
                .unwrap_or_default(),
            phone: String::new(),
            tasks: r.get("tasks").text(),
            priority: r.flag("priority"),
            two_carer: r.flag("two_carer"),
            time_critical: critical,
            high_risk: person.is_some_and(|p| p.text("risk_tier") == "high"),
            with: String::new(),
        };
        let names: Vec<String> = carers.iter().map(|c| name_of(*c)).collect();
        monitoring.push(MonitorLine {
            time: base.time.clone(),
            person: base.person.clone(),
            carers: if names.is_empty() {
                "NOT ALLOCATED".into()
            } else {
                names.join(" + ")
            },
            priority: base.priority,
            two_carer: base.two_carer,
            time_critical: base.time_critical,
            high_risk: base.high_risk,
        });
        if carers.is_empty() {
            unallocated.push(base);
            continue;
        }
        for c in &carers {
            carers_used.insert(*c);
            let with = carers
                .iter()
                .filter(|o| *o != c)
                .map(|o| name_of(*o))
                .collect::<Vec<_>>()
                .join(", ");
            rounds.entry(*c).or_default().push(VisitLine { with, ..base.clone() });
        }
    }
    let mut out: Vec<CarerRound> = rounds
        .into_iter()
        .map(|(id, visits)| CarerRound {
            carer: staff
                .get(&id)
                .map(|s| s.record.title())
                .unwrap_or_else(|| format!("Staff #{id}")),
            phone: staff.get(&id).map(|s| r_phone(&s.record, "phone")).unwrap_or_default(),
            visits,
        })
        .collect();
    out.sort_by(|a, b| a.carer.cmp(&b.carer));
    (out, unallocated, monitoring, carers_used)
}
