//! A year of the demo's training and supplier reviews (issue [10] item 7): every staff member's
//! start date, the courses a provider like Riverside runs, completions across the last year
//! with the gaps a quality lead would find — the home-care branch below 95% on phishing
//! awareness (two carers overdue), someone due next fortnight, a residential carer who never
//! did the downtime procedure, one who joined this year — and supplier reviews, one overdue.

use super::org::{Org, ServiceType};
use super::rng::Rng;
use super::{Builder, Fields, LocalId};
use crate::entity::{EntityKind, staff_role};
use crate::field::Val;

struct CourseSeed {
    name: &'static str,
    about: &'static str,
    months: u32,
    provider: &'static str,
    /// Staff role labels it is for; empty is everyone.
    roles: &'static [&'static str],
}

/// In this order: the demo refers to phishing awareness as course 1, the downtime procedure 2.
#[rustfmt::skip]
const COURSES: &[CourseSeed] = &[
    CourseSeed { name: "Phishing awareness", months: 12, provider: "Digital Social Care (e-learning)", roles: &[],
        about: "Spotting phishing e-mails, texts and calls; what to do after clicking a link." },
    CourseSeed { name: "Downtime procedure", months: 12, provider: "In house", roles: &[],
        about: "What to do when a system is down: the downtime pack, paper records, who to ring." },
    CourseSeed { name: "Paper MAR", months: 12, provider: "In house", roles: &["Senior carer", "Team leader", "Shift leader", "Nurse", "Deputy manager", "Registered manager"],
        about: "Giving and recording medicines on the printed MAR, time-critical doses, PRN on paper." },
    CourseSeed { name: "Cyber incident reporting", months: 24, provider: "Digital Social Care (e-learning)", roles: &["Registered manager", "Deputy manager", "Coordinator", "Office / administration", "IT"],
        about: "Reporting a cyber incident: the DSPT, the ICO within 72 hours, the CQC, the insurer." },
    CourseSeed { name: "Data security awareness", months: 12, provider: "NHS e-learning", roles: &[],
        about: "Data Security Awareness Level 1, as the DSPT expects of all staff." },
];

struct Member {
    id: LocalId,
    role: String,
    services: Vec<LocalId>,
}

pub(super) fn build(b: &mut Builder, org: &Org, seed: u64) {
    let mut rng = Rng::stream(seed, "training");
    let mut courses = Vec::new();
    for c in COURSES {
        let fields = Fields::new()
            .set("name", c.name)
            .set("description", c.about)
            .set("validity_months", c.months)
            .set("provider", c.provider)
            .list("roles", c.roles.iter());
        if let Some(id) = b.add(EntityKind::Course, fields) {
            courses.push((id, c));
        }
    }
    let home_care = first_of(org, ServiceType::HomeCare);
    let residential = first_of(org, ServiceType::Residential);
    let staff = start_dates(b, &mut rng, residential);
    let only_in = |m: &Member, s: Option<LocalId>| s.is_some() && m.services == [s.unwrap_or_default()];
    let overdue: Vec<LocalId> = staff
        .iter()
        .filter(|m| only_in(m, home_care) && m.role == "care_worker")
        .take(2)
        .map(|m| m.id)
        .collect();
    let residents_carers: Vec<&Member> = staff
        .iter()
        .filter(|m| only_in(m, residential) && m.role == "care_worker")
        .collect();
    // The first is the one who joined this year (start_dates); the second never did the
    // downtime procedure; the third is due for phishing awareness within a fortnight.
    let joiner = residents_carers.first().map(|m| m.id);
    let never = residents_carers.get(1).map(|m| m.id);
    let due = residents_carers.get(2).map(|m| m.id);
    for m in &staff {
        for (course_id, c) in &courses {
            let applies = c.roles.is_empty() || c.roles.iter().any(|r| staff_role(r) == Some(m.role.as_str()));
            if !applies {
                continue;
            }
            let phishing = c.name == "Phishing awareness";
            let downtime = c.name == "Downtime procedure";
            let days_ago = match () {
                _ if Some(m.id) == never && downtime => continue,
                _ if phishing && overdue.contains(&m.id) => 380 + i64::from(rng.between(0, 60)),
                _ if phishing && Some(m.id) == due => 352,
                _ if Some(m.id) == joiner => 100 - i64::from(rng.between(0, 20)),
                _ => i64::from(rng.between(15, 320)),
            };
            // The year before, too: the history a re-done course leaves.
            if days_ago < 200 && Some(m.id) != joiner {
                add_completion(b, m.id, *course_id, days_ago + 365, c.provider);
            }
            add_completion(b, m.id, *course_id, days_ago, c.provider);
        }
    }
    reviews(b, org);
}

fn first_of(org: &Org, kind: ServiceType) -> Option<LocalId> {
    org.services.iter().find(|s| s.kind == kind).map(|s| s.id)
}

/// Gives every staff member a start date, one to eight years ago, but the first residential
/// care worker joined 120 days ago; returns the staff as training reads them.
fn start_dates(b: &mut Builder, rng: &mut Rng, residential: Option<LocalId>) -> Vec<Member> {
    let today = b.today;
    let mut staff = Vec::new();
    let mut joined_this_year = false;
    let mut id = 0;
    for (kind, record) in b.records.iter_mut() {
        if *kind != EntityKind::Staff {
            continue;
        }
        id += 1;
        let role = record.text("role").to_string();
        let services = record.refs("services");
        let newcomer = !joined_this_year && role == "care_worker" && residential.is_some_and(|r| services == [r]);
        joined_this_year |= newcomer;
        let days = if newcomer {
            120
        } else {
            i64::from(rng.between(400, 2900))
        };
        let started = today.checked_sub(jiff::Span::new().days(days)).unwrap_or(today);
        record.set("start_date", Val::Date(started));
        staff.push(Member { id, role, services });
    }
    staff
}

fn add_completion(b: &mut Builder, staff: LocalId, course: LocalId, days_ago: i64, provider: &str) {
    let fields = Fields::new()
        .set("staff_id", staff)
        .set("course_id", course)
        .set("completed_on", b.day(-days_ago))
        .set("provider", provider);
    b.add(EntityKind::TrainingRecord, fields);
}

struct ReviewSeed {
    /// By its place in `register::SUPPLIERS`.
    supplier: usize,
    days_ago: i64,
    /// Days after the review the next is due: a review whose next date has passed is overdue.
    next_after: i64,
    reviewer: &'static str,
    availability: u32,
    response: u32,
    dspt: &'static str,
    evidence: &'static str,
    contract: &'static str,
    contract_end_in: i64,
    support_checked: bool,
    notes: &'static str,
}

#[rustfmt::skip]
const REVIEWS: &[ReviewSeed] = &[
    ReviewSeed { supplier: 0, days_ago: 380, next_after: 180, reviewer: "Sam Carter", availability: 99, response: 25,
        dspt: "exceeded", evidence: "Business continuity plan v3 seen; failover test report of last spring.",
        contract: "CPC-RIV-20431", contract_end_in: 420, support_checked: true, notes: "" },
    ReviewSeed { supplier: 0, days_ago: 200, next_after: 365, reviewer: "Sam Carter", availability: 98, response: 35,
        dspt: "exceeded", evidence: "Updated continuity plan; ISO 27001 certificate valid to next year.",
        contract: "CPC-RIV-20431", contract_end_in: 420, support_checked: true,
        notes: "Asked for the root-cause report of their last priority-1 outage." },
    ReviewSeed { supplier: 1, days_ago: 150, next_after: 180, reviewer: "Priya Shah", availability: 99, response: 55,
        dspt: "met", evidence: "Continuity plan summary only; full plan promised.",
        contract: "MT-88120", contract_end_in: 240, support_checked: true,
        notes: "Their 8-hour fix is longer than medicines can wait: printed MAR kept for 72 hours." },
    ReviewSeed { supplier: 3, days_ago: 420, next_after: 365, reviewer: "Sam Carter", availability: 97, response: 90,
        dspt: "unknown", evidence: "None seen.",
        contract: "NN-BUS-339201", contract_end_in: 60, support_checked: false,
        notes: "Fault line not tested; 4G backup SIM renewal to check." },
];

fn reviews(b: &mut Builder, org: &Org) {
    for r in REVIEWS {
        let Some(supplier) = org.suppliers.get(r.supplier) else {
            continue;
        };
        let fields = Fields::new()
            .set("supplier_id", supplier)
            .set("review_date", b.day(-r.days_ago))
            .set("reviewer", r.reviewer)
            .set("availability_percent", r.availability)
            .set("response_minutes", r.response)
            .set("dspt_status", r.dspt)
            .set("continuity_evidence", r.evidence)
            .set("contract_ref", r.contract)
            .set("contract_end", b.day(r.contract_end_in))
            .set("support_line_checked", if r.support_checked { "yes" } else { "no" })
            .set("next_review", b.day(r.next_after - r.days_ago))
            .maybe("notes", (!r.notes.is_empty()).then_some(r.notes));
        b.add(EntityKind::SupplierReview, fields);
    }
}
