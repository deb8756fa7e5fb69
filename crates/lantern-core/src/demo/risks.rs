//! The demo's digital-continuity risk register: what a provider like Riverside would have
//! written down, including the risks of the seed's stories — the eMAR's fix slower than its
//! tolerable downtime, a phishing attack, the residential home's unit tablets.

use super::org::{Org, ServiceType};
use super::{Builder, Fields};
use crate::entity::EntityKind;

struct RiskSeed {
    name: &'static str,
    /// The service of the risk by type (its first of that type), or the whole organisation.
    service: Option<ServiceType>,
    cause: &'static str,
    effect: &'static str,
    /// Likelihood and impact before controls, then with them.
    scores: [u8; 4],
    controls: &'static str,
    owner: &'static str,
    /// Days from today to the next review: negative is overdue.
    review_in_days: i64,
    status: &'static str,
    /// The systems it is about, by their place in the demo's list (1 = CarePlan Cloud).
    systems: &'static [i64],
}

#[rustfmt::skip]
const RISKS: &[RiskSeed] = &[
    RiskSeed { name: "eMAR unavailable for longer than medicines can run without it", service: None,
        cause: "MedsTrack's priority-1 fix time is 8 hours; the medicines round cannot safely go 4 hours without records.",
        effect: "Time-critical doses (insulin, Parkinson's medicines) given late or twice; PRN limits not known.",
        scores: [3, 5, 2, 4], controls: "Printed MAR for the next 72 hours in every pack, refreshed daily; time-critical doses marked; paper PRN log.",
        owner: "Priya Shah", review_in_days: 20, status: "treating", systems: &[2] },
    RiskSeed { name: "Phishing takes e-mail and the care system offline", service: Some(ServiceType::HomeCare),
        cause: "A carer's account is phished; the provider isolates e-mail and the cloud care system while IT investigates.",
        effect: "No rota, no call monitoring and no care plans on carers' phones at the branch; families not told of late visits.",
        scores: [4, 4, 2, 4], controls: "Phishing training for all staff; printed visit lists per run; families-to-ring list in the pack.",
        owner: "Tom Evans", review_in_days: -12, status: "open", systems: &[1, 4, 5] },
    RiskSeed { name: "Unit tablets fail with no spare", service: Some(ServiceType::Residential),
        cause: "Ageing tablets with poor batteries; one spare for the whole home, kept in the office.",
        effect: "Care and medicines recorded late or from memory on a unit over a weekend.",
        scores: [3, 3, 2, 2], controls: "A spare per unit, weekly battery checks, replacement at four years.",
        owner: "Grace Okafor", review_in_days: 45, status: "treating", systems: &[] },
    RiskSeed { name: "Broadband fails and the backup router does not take over", service: None,
        cause: "The 4G backup router is untested and its SIM may have lapsed.",
        effect: "Every cloud system unreachable at once from the offices and units.",
        scores: [2, 4, 1, 3], controls: "Monthly failover test; SIM renewal in the supplier review.",
        owner: "Sam Carter", review_in_days: 90, status: "tolerated", systems: &[9] },
    RiskSeed { name: "Power cut at a supported-living house", service: Some(ServiceType::SupportedLiving),
        cause: "Local network outages in winter storms.",
        effect: "No heating, no charging of phones and tablets; medicines fridge warming.",
        scores: [2, 4, 2, 3], controls: "Power banks charged weekly; fridge thermometer; on-call manager's list of safe places.",
        owner: "Priya Shah", review_in_days: 120, status: "open", systems: &[] },
];

/// One past review of a risk; `risk` is the risk's local id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReview {
    pub risk: super::LocalId,
    pub at: jiff::Timestamp,
    pub by: &'static str,
    pub inherent: (u8, u8),
    pub residual: (u8, u8),
    pub status: &'static str,
    pub next_review: jiff::civil::Date,
    pub note: &'static str,
}

const NOTES: [&str; 3] = [
    "Added to the register at the continuity-plan review.",
    "Controls checked at the branch assurance meeting; scores agreed.",
    "Quarterly review: controls in place, nothing new.",
];

/// A review every quarter before the next one is due, as far back as a year: the oldest scored
/// before the controls were fully in place (likelihood one higher, as far as before controls).
fn reviews(b: &mut Builder, risk: super::LocalId, r: &RiskSeed, next: jiff::civil::Date) {
    let [il, ii, rl, ri] = r.scores;
    for k in (1..=3i64).rev() {
        let on = b.day_from(next, -91 * k);
        if on >= b.today || b.today.since(on).is_ok_and(|s| s.get_days() > 365) {
            continue;
        }
        let Some(at) = crate::values::DoseTime::parse("15:00")
            .ok()
            .map(|t| crate::schedule::due_at(on, t).0)
        else {
            continue;
        };
        let residual = if k == 3 { ((rl + 1).min(il), ri) } else { (rl, ri) };
        let note = NOTES[usize::try_from(3 - k).unwrap_or(0)];
        b.risk_reviews.push(DemoReview {
            risk,
            at,
            by: r.owner,
            inherent: (il, ii),
            residual,
            status: r.status,
            next_review: b.day_from(on, 91),
            note,
        });
    }
}

pub(super) fn build(b: &mut Builder, org: &Org) {
    for r in RISKS {
        let service = r
            .service
            .and_then(|kind| org.services.iter().find(|s| s.kind == kind))
            .map(|s| s.id);
        let [il, ii, rl, ri] = r.scores;
        let review = b
            .today
            .checked_add(jiff::Span::new().days(r.review_in_days))
            .unwrap_or(b.today);
        let fields = Fields::new()
            .set("name", r.name)
            .maybe("service_id", service)
            .set("cause", r.cause)
            .set("effect_on_care", r.effect)
            .set("inherent_likelihood", il)
            .set("inherent_impact", ii)
            .set("controls", r.controls)
            .set("residual_likelihood", rl)
            .set("residual_impact", ri)
            .set("owner", r.owner)
            .set("review_date", review)
            .set("status", r.status)
            .list("systems", r.systems);
        if let Some(id) = b.add(EntityKind::Risk, fields) {
            reviews(b, id, r, review);
        }
    }
}
