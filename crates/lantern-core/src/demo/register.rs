//! The organisation-wide register: GP practices and pharmacies, suppliers, and the systems
//! care depends on.

use super::contact_details::{PhoneBook, Pool, TOWN};
use super::org::{Org, ServiceType};
use super::rng::Rng;
use super::{Builder, Fields, LocalId};
use crate::entity::EntityKind;

struct SupplierSeed {
    name: &'static str,
    phone: Pool,
    email: &'static str,
    hours: &'static str,
    sla: &'static str,
    account: &'static str,
    dspt: &'static str,
    notes: &'static str,
}

// Indices into this table are used by SYSTEMS below.
const CAREPLAN: usize = 0;
const MEDSTRACK: usize = 1;
const ROTAWISE: usize = 2;
const NORTHNET: usize = 3;
const CALLSURE: usize = 4;
const OFFICEMAIL: usize = 5;

#[rustfmt::skip]
const SUPPLIERS: &[SupplierSeed] = &[
    SupplierSeed { name: "CarePlan Cloud Ltd", phone: Pool::Freephone, email: "support@careplancloud.example",
        hours: "24/7 for a system outage; Mon–Fri 08:00–18:00 otherwise",
        sla: "Priority 1 (system unavailable): response 30 minutes, fix 4 hours. Priority 2: response 4 hours, fix next working day.",
        account: "CPC-RIV-20431", dspt: "exceeded", notes: "Care planning, daily notes and the incident module." },
    SupplierSeed { name: "MedsTrack eMAR Ltd", phone: Pool::Freephone, email: "help@medstrack.example",
        hours: "24/7",
        sla: "Priority 1: response 1 hour, fix 8 hours. Priority 2: response 4 hours, fix 2 working days.",
        account: "MT-88120", dspt: "met", notes: "The 8-hour fix is longer than we can run medicines without records: see the eMAR business impact." },
    SupplierSeed { name: "RotaWise Ltd", phone: Pool::London, email: "service@rotawise.example",
        hours: "Every day 06:30–22:30",
        sla: "Priority 1: response 15 minutes, fix 2 hours. Call monitoring outages are always priority 1.",
        account: "RW-4471", dspt: "met", notes: "Supplies both rostering and electronic call monitoring (one login)." },
    SupplierSeed { name: "NorthNet Broadband", phone: Pool::Freephone, email: "faults@northnet.example",
        hours: "24/7 fault line",
        sla: "Business fibre: fix within 8 working hours. A 4G backup router is included and switches over by itself.",
        account: "NN-BUS-339201", dspt: "unknown", notes: "" },
    SupplierSeed { name: "CallSure Telecom", phone: Pool::London, email: "support@callsure.example",
        hours: "Mon–Fri 08:00–20:00, Sat 09:00–13:00",
        sla: "Hosted phone outage: response 1 hour. We can divert the office lines to mobiles ourselves in the portal.",
        account: "CST-77310", dspt: "approaching", notes: "" },
    SupplierSeed { name: "OfficeMail Ltd", phone: Pool::London, email: "help@officemail.example",
        hours: "Mon–Fri 09:00–17:30",
        sla: "Reseller of our e-mail, calendar and file-sharing licences; outages of the platform itself are outside their control.",
        account: "OM-RCG-118", dspt: "met", notes: "Licences renew every April." },
];

#[rustfmt::skip]
const GPS: &[(&str, &str, &str)] = &[
    ("Millbrook Health Centre", "B86021", "Chapel Street\nMillbrook"),
    ("Northgate Surgery", "B86047", "14 Victoria Road\nNorthgate"),
    ("Kingsway Medical Practice", "B86033", "Kingsway Parade\nKingsway"),
    ("Southfield Group Practice", "B86058", "2 Orchard Close\nSouthfield"),
];
#[rustfmt::skip]
const PHARMACIES: &[(&str, &str, &str)] = &[
    ("Northgate Pharmacy", "FA312", "31 Mill Lane\nNorthgate"),
    ("Kingsway Chemist", "FA587", "6 Kingsway Parade\nKingsway"),
    ("Millbrook Late-Night Pharmacy", "FA904", "88 Station Road\nMillbrook"),
];

pub(super) fn practices(b: &mut Builder, phones: &mut PhoneBook) -> (Vec<LocalId>, Vec<LocalId>) {
    let mut add = |kind: &str, (name, ods, address): &(&str, &str, &str)| {
        let mailbox: String = name.to_lowercase().split_whitespace().collect::<Vec<_>>().join(".");
        let fields = Fields::new()
            .set("practice_type", kind)
            .set("name", name)
            .set("ods_code", ods)
            .set("phone", phones.take(Pool::Drama))
            .set("out_of_hours_phone", "111")
            .set("email", format!("{mailbox}@nhs.example"))
            .set("address", format!("{address}\n{TOWN}"));
        b.add(EntityKind::Practice, fields)
    };
    let gps = GPS.iter().filter_map(|p| add("gp", p)).collect();
    let pharmacies = PHARMACIES.iter().filter_map(|p| add("pharmacy", p)).collect();
    (gps, pharmacies)
}

pub(super) fn suppliers(b: &mut Builder, phones: &mut PhoneBook) -> Vec<LocalId> {
    SUPPLIERS
        .iter()
        .filter_map(|s| {
            let fields = Fields::new()
                .set("name", s.name)
                .set("support_phone", phones.take(s.phone))
                .set("support_email", s.email)
                .set("support_hours", s.hours)
                .set("sla", s.sla)
                .set("account_ref", s.account)
                .set("dspt_status", s.dspt)
                .maybe("notes", (!s.notes.is_empty()).then_some(s.notes));
            b.add(EntityKind::Supplier, fields)
        })
        .collect()
}

struct SystemSeed {
    name: &'static str,
    category: &'static str,
    supplier: usize,
    functions: &'static [&'static str],
    /// Impact after 1 hour, 4 hours and 24 hours.
    impacts: [&'static str; 3],
    /// Maximum tolerable period of disruption, recovery time and recovery point (hours).
    mtpd_rto_rpo: [u32; 3],
    paper: &'static str,
    kept: &'static str,
    home_care_only: bool,
}

#[rustfmt::skip]
const SYSTEMS: &[SystemSeed] = &[
    SystemSeed { name: "CarePlan Cloud", category: "care_planning", supplier: CAREPLAN,
        functions: &["Care and support plans", "Daily notes", "Risk assessments", "Body maps"],
        impacts: ["minor", "moderate", "major"], mtpd_rto_rpo: [24, 8, 1],
        paper: "Printed downtime pack: one page per person with key risks, contacts and medicines; paper daily-notes sheets, typed up afterwards.",
        kept: "Red downtime folder in each office and on each unit", home_care_only: false },
    // Deliberately a gap: the supplier's 8-hour fix is longer than 4 hours without records.
    SystemSeed { name: "MedsTrack eMAR", category: "emar", supplier: MEDSTRACK,
        functions: &["Medicines administration records", "Time-critical medicine alerts", "PRN records", "Stock"],
        impacts: ["moderate", "major", "severe"], mtpd_rto_rpo: [4, 8, 0],
        paper: "Printed MAR charts for the next 72 hours, refreshed daily; the controlled drugs register is already on paper.",
        kept: "Medicines room, blue MAR folder", home_care_only: false },
    SystemSeed { name: "RotaWise Rostering", category: "rostering", supplier: ROTAWISE,
        functions: &["Staff rota", "Shift cover", "Visit schedules"],
        impacts: ["none", "minor", "moderate"], mtpd_rto_rpo: [48, 24, 24],
        paper: "The week's rota is printed every Friday; the on-call manager keeps the staff phone list.",
        kept: "Office noticeboard and the on-call bag", home_care_only: false },
    SystemSeed { name: "RotaWise Call Monitoring", category: "call_monitoring", supplier: ROTAWISE,
        functions: &["Carer check-in and check-out", "Late and missed visit alerts", "Lone working alerts"],
        impacts: ["moderate", "major", "severe"], mtpd_rto_rpo: [2, 1, 0],
        paper: "Printed visit list for each run; carers ring the office on arrival and the coordinator ticks the paper board.",
        kept: "Coordinator's desk, visit board folder", home_care_only: true },
    SystemSeed { name: "OfficeMail e-mail", category: "email", supplier: OFFICEMAIL,
        functions: &["E-mail with GPs, pharmacies and commissioners", "Calendars"],
        impacts: ["none", "minor", "moderate"], mtpd_rto_rpo: [72, 24, 4],
        paper: "Phone instead: every GP, pharmacy and commissioner number is in the downtime pack.",
        kept: "Downtime pack, contacts page", home_care_only: false },
    SystemSeed { name: "CallSure hosted phones", category: "telephony", supplier: CALLSURE,
        functions: &["Office and on-call lines", "Families ringing in"],
        impacts: ["moderate", "major", "major"], mtpd_rto_rpo: [4, 2, 0],
        paper: "On-call mobile on a separate network (charged and tested weekly); divert the office line from the supplier's portal.",
        kept: "On-call bag; divert steps in the downtime folder", home_care_only: false },
    SystemSeed { name: "CarePlan Cloud incidents", category: "incident_reporting", supplier: CAREPLAN,
        functions: &["Incident and accident reports", "Safeguarding concerns", "Notifications to CQC"],
        impacts: ["none", "minor", "minor"], mtpd_rto_rpo: [72, 24, 24],
        paper: "Paper incident forms, entered in the system within 24 hours of it coming back.",
        kept: "Downtime folder, incident form pad", home_care_only: false },
    // Nobody has written down where the printed policies are: the register warns about it.
    SystemSeed { name: "Shared drive", category: "shared_files", supplier: OFFICEMAIL,
        functions: &["Policies and procedures", "Templates", "Staff files"],
        impacts: ["none", "minor", "moderate"], mtpd_rto_rpo: [72, 48, 24],
        paper: "Printed continuity, medicines and safeguarding policies.",
        kept: "", home_care_only: false },
    SystemSeed { name: "NorthNet broadband and Wi-Fi", category: "connectivity", supplier: NORTHNET,
        functions: &["Access to every cloud system", "Wi-Fi for care tablets"],
        impacts: ["moderate", "major", "severe"], mtpd_rto_rpo: [8, 4, 0],
        paper: "The 4G backup router takes over by itself; if it does not, use the downtime packs and ring the fault line.",
        kept: "Laminated card on the router cupboard", home_care_only: false },
];

pub(super) fn build(b: &mut Builder, org: &Org, seed: u64) {
    for s in SYSTEMS {
        let services: Vec<LocalId> = org
            .services
            .iter()
            .filter(|svc| !s.home_care_only || svc.kind == ServiceType::HomeCare)
            .map(|svc| svc.id)
            .collect();
        let [mtpd, rto, rpo] = s.mtpd_rto_rpo;
        let fields = Fields::new()
            .set("name", s.name)
            .set("category", s.category)
            .maybe("supplier_id", org.suppliers.get(s.supplier))
            .list("care_functions", s.functions)
            .set("impact_1h", s.impacts[0])
            .set("impact_4h", s.impacts[1])
            .set("impact_24h", s.impacts[2])
            .set("mtpd_hours", mtpd)
            .set("rto_hours", rto)
            .set("rpo_hours", rpo)
            .set("paper_alternative", s.paper)
            .maybe("paper_location", (!s.kept.is_empty()).then_some(s.kept))
            .list("services", &services);
        b.add(EntityKind::System, fields);
    }
    super::devices::build(b, org, &mut Rng::stream(seed, "devices"));
    super::risks::build(b, org);
    super::drills::build(b, org);
}
