//! People supported: who they are, their risk tier and conditions. Their profile, contacts and
//! medicines are in profile.rs, contacts.rs and medicines.rs.

use super::conditions::{Ages, CONDITIONS, Condition, Dosing, Medicine};
use super::contact_details::Pool;
use super::names::Era;
use super::org::{Org, ServiceType};
use super::profile::Profile;
use super::rng::Rng;
use super::{Builder, DemoParams, Fields, LocalId, minutes};
use crate::entity::EntityKind;
use crate::values::NhsNumber;
use jiff::civil::Date;

/// What the visit planner needs to know about a person who has home care.
#[derive(Debug)]
pub(super) struct HomeCarePerson {
    pub id: LocalId,
    pub two_carer: bool,
    /// Dose times (minutes after midnight) of time-critical medicines, with the medicine.
    pub critical_doses: Vec<(u32, &'static str)>,
}

/// Home-care people by service, in the order of `Org::services`.
pub(super) type HomeCarePeople = Vec<Vec<HomeCarePerson>>;

pub(super) fn build(b: &mut Builder, org: &mut Org, params: &DemoParams) -> HomeCarePeople {
    let mut maker = PeopleMaker {
        rng: Rng::stream(params.seed, "people"),
        nhs_serial: 0,
        high_so_far: 0,
        made: 0,
    };
    let mut home_care = Vec::new();
    for s in 0..org.services.len() {
        let mut list = Vec::new();
        for i in 0..org.services[s].people {
            if let Some(p) = maker.person(b, org, s, i) {
                list.push(p);
            }
        }
        home_care.push(list);
    }
    home_care
}

/// A home-care client's landline, a supported-living tenant's mobile; care-home residents are
/// rung through the home. From the drama ranges, taking nothing from the random stream so
/// that the rest of the demo stays as it was.
fn own_phone(org: &mut Org, kind: ServiceType) -> Option<String> {
    match kind {
        ServiceType::HomeCare => Some(org.phones.take(Pool::Drama)),
        ServiceType::SupportedLiving => Some(org.phones.take(Pool::Mobile)),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tier {
    High,
    Medium,
    Low,
}

pub(super) struct PeopleMaker {
    pub rng: Rng,
    nhs_serial: u32,
    /// High-risk people so far: each takes the next high-risk condition in turn, so every
    /// kind of time-critical medicine appears.
    high_so_far: usize,
    /// People made so far; every sixth has a finished course of antibiotics.
    pub made: usize,
}

impl PeopleMaker {
    fn person(&mut self, b: &mut Builder, org: &mut Org, s: usize, index: usize) -> Option<HomeCarePerson> {
        let kind = org.services[s].kind;
        let phone = own_phone(org, kind);
        let service = &org.services[s];
        let era = service.kind.era();
        let older = era == Era::Older;
        let home_care = service.kind == ServiceType::HomeCare;
        let tier = self.tier();
        let conditions = self.conditions(if older { Ages::Older } else { Ages::Younger }, tier);
        let name = org.names.fresh(&mut self.rng, era);
        let two_carer = home_care && self.rng.percent(15);
        let profile = Profile::new(&mut self.rng, service, index, &conditions, two_carer);
        let age = if older {
            self.rng.between(65, 99)
        } else {
            self.rng.between(19, 65)
        };
        let identity = Fields::new()
            .set("service_id", service.id)
            .set("full_name", name.full())
            .maybe("preferred_name", name.preferred(&mut self.rng, older))
            .set("date_of_birth", birth_date(&mut self.rng, b.today, age))
            .set("nhs_number", self.next_nhs())
            .set("risk_tier", tier.slug())
            .maybe("unit", service.unit_of(index))
            .maybe("phone", phone)
            .maybe("gp_id", self.practice(&org.gps, s, service.kind))
            .maybe("pharmacy_id", self.practice(&org.pharmacies, s, service.kind));
        let id = b.add(EntityKind::Person, profile.add_to(identity))?;
        self.made += 1;
        self.contacts(b, org, id, &name, older, tier);
        let medicines = self.medicines(b, id, &conditions, older, profile.allergic_to_penicillin());
        home_care.then(|| HomeCarePerson {
            id,
            two_carer,
            critical_doses: critical_doses(&medicines),
        })
    }

    fn tier(&mut self) -> Tier {
        match self.rng.below(100) {
            0..25 => Tier::High,
            25..70 => Tier::Medium,
            _ => Tier::Low,
        }
    }

    /// A high-risk person has one high-risk condition (taken in turn) and maybe one more;
    /// others have one or two ordinary conditions.
    fn conditions(&mut self, ages: Ages, tier: Tier) -> Vec<&'static Condition> {
        let fits = |high: bool| CONDITIONS.iter().filter(move |c| c.ages == ages && c.high == high);
        let high: Vec<&Condition> = fits(true).collect();
        let mut ordinary: Vec<&Condition> = fits(false).collect();
        self.rng.shuffle(&mut ordinary);
        let (mut chosen, extra) = match tier {
            Tier::High => {
                self.high_so_far += 1;
                (vec![high[self.high_so_far % high.len()]], self.rng.between(0, 1))
            }
            Tier::Medium => (Vec::new(), self.rng.between(1, 2)),
            Tier::Low => (Vec::new(), 1),
        };
        chosen.extend(ordinary.into_iter().take(extra as usize));
        chosen
    }

    /// A valid number in the 999 range, which is never issued to a real patient. Numbers
    /// repeat only past about ninety thousand people.
    fn next_nhs(&mut self) -> String {
        loop {
            self.nhs_serial = (self.nhs_serial + 1 + self.rng.below(20) as u32) % 1_000_000;
            if let Some(n) = NhsNumber::from_first_nine(999_000_000 + self.nhs_serial) {
                return n.to_string();
            }
        }
    }

    /// Care homes and supported-living houses work with one practice each; home-care
    /// clients are registered wherever they live.
    fn practice(&mut self, practices: &[LocalId], service: usize, kind: ServiceType) -> Option<LocalId> {
        let i = match kind {
            ServiceType::HomeCare => self.rng.below(practices.len()),
            _ => service % practices.len().max(1),
        };
        practices.get(i).copied()
    }
}

impl Tier {
    fn slug(self) -> &'static str {
        match self {
            Tier::High => "high",
            Tier::Medium => "medium",
            Tier::Low => "low",
        }
    }
}

/// The times of day a time-critical medicine is due, with its name.
fn critical_doses(medicines: &[Medicine]) -> Vec<(u32, &'static str)> {
    medicines
        .iter()
        .filter(|m| m.time_critical)
        .flat_map(|m| match m.dosing {
            Dosing::Times(times) => times.iter().map(|t| (minutes(t), m.name)).collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn birth_date(rng: &mut Rng, today: Date, age: u32) -> Date {
    let year = today.year() - age as i16;
    Date::new(year, rng.between(1, 12) as i8, rng.between(1, 28) as i8).unwrap_or(today)
}
