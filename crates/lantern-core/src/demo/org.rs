//! The organisation's shape: services, GP practices and pharmacies, suppliers and staff.

use super::contact_details::{DISTRICTS, PhoneBook, Pool, STREETS, TOWN, postcode};
use super::names::{Era, Name, NameBook};
use super::rng::Rng;
use super::{Builder, DemoParams, Fields, LocalId};
use crate::entity::EntityKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ServiceType {
    SupportedLiving,
    HomeCare,
    Residential,
    Nursing,
}

impl ServiceType {
    const CYCLE: [ServiceType; 4] = [Self::SupportedLiving, Self::HomeCare, Self::Residential, Self::Nursing];

    pub fn slug(self) -> &'static str {
        match self {
            Self::SupportedLiving => "supported_living",
            Self::HomeCare => "home_care",
            Self::Residential => "residential",
            Self::Nursing => "nursing",
        }
    }

    /// Supported living is for working-age adults here; the other services for older people.
    pub fn era(self) -> Era {
        match self {
            Self::SupportedLiving => Era::Younger,
            _ => Era::Older,
        }
    }
}

/// Staff who share a rota pattern: the day team covers early and late shifts, the night
/// team the nights (see rota.rs).
#[derive(Debug, Default)]
pub(super) struct ShiftTeam {
    pub unit: Option<String>,
    pub day: Vec<LocalId>,
    pub night: Vec<LocalId>,
}

#[derive(Debug)]
pub(super) struct ServicePlan {
    pub id: LocalId,
    pub kind: ServiceType,
    pub units: Vec<String>,
    pub people: usize,
    pub teams: Vec<ShiftTeam>,
    /// Home care: the carers who do the visits.
    pub carers: Vec<LocalId>,
}

impl ServicePlan {
    /// The unit of the `index`-th person: people fill the units in turn, evenly.
    pub fn unit_of(&self, index: usize) -> Option<String> {
        let per_unit = self.people.div_ceil(self.units.len().max(1)).max(1);
        self.units.get(index / per_unit).cloned()
    }
}

#[derive(Debug)]
pub(super) struct Org {
    pub services: Vec<ServicePlan>,
    pub gps: Vec<LocalId>,
    pub pharmacies: Vec<LocalId>,
    /// In the order of `register::SUPPLIERS`.
    pub suppliers: Vec<LocalId>,
    pub names: NameBook,
    pub phones: PhoneBook,
}

/// A service before it has an id.
struct ServiceSeed {
    kind: ServiceType,
    name: String,
    units: Vec<String>,
    people: usize,
}

#[rustfmt::skip]
const DEFAULT_SERVICES: &[(ServiceType, &str, &[&str], usize)] = &[
    (ServiceType::SupportedLiving, "Riverside Supported Living — Alder House", &[], 6),
    (ServiceType::SupportedLiving, "Riverside Supported Living — Birch Court", &[], 5),
    (ServiceType::SupportedLiving, "Riverside Supported Living — Cedar Lodge", &[], 7),
    (ServiceType::SupportedLiving, "Riverside Supported Living — Damson Mews", &[], 6),
    (ServiceType::HomeCare, "Riverside Home Care — Northgate branch", &[], 40),
    (ServiceType::Residential, "Riverside House", &["Ash", "Beech", "Cedar"], 60),
];
const TREES: &[&str] = &[
    "Alder", "Birch", "Cedar", "Damson", "Elder", "Foxglove", "Hawthorn", "Juniper", "Larch", "Maple", "Oak", "Rowan",
    "Sycamore", "Willow", "Yew", "Hazel",
];
const UNIT_NAMES: &[&str] = &["Ash", "Beech", "Cedar", "Elm", "Hazel", "Juniper", "Laurel", "Poplar"];
/// Residents per unit in a scaled home.
const UNIT_SIZE: usize = 20;

fn service_seeds(params: &DemoParams) -> Vec<ServiceSeed> {
    let Some(scale) = params.scale else {
        return DEFAULT_SERVICES
            .iter()
            .map(|(kind, name, units, people)| ServiceSeed {
                kind: *kind,
                name: (*name).to_string(),
                units: units.iter().map(|u| (*u).to_string()).collect(),
                people: *people,
            })
            .collect();
    };
    (0..scale.services)
        .map(|i| {
            let kind = ServiceType::CYCLE[i % 4];
            let place = format!("{} {}", TREES[i % TREES.len()], i / TREES.len() + 1);
            let name = match kind {
                ServiceType::SupportedLiving => format!("Riverside Supported Living — {place}"),
                ServiceType::HomeCare => format!("Riverside Home Care — {place} branch"),
                ServiceType::Residential => format!("{place} House"),
                ServiceType::Nursing => format!("{place} Nursing Home"),
            };
            let unit_count = match kind {
                ServiceType::Residential | ServiceType::Nursing => {
                    scale.people_per_service.div_ceil(UNIT_SIZE).clamp(1, UNIT_NAMES.len())
                }
                _ => 0,
            };
            ServiceSeed {
                kind,
                name,
                units: UNIT_NAMES[..unit_count].iter().map(|u| (*u).to_string()).collect(),
                people: scale.people_per_service,
            }
        })
        .collect()
}

pub(super) fn build(b: &mut Builder, params: &DemoParams) -> Org {
    let mut rng = Rng::stream(params.seed, "organisation");
    let mut names = NameBook::default();
    let mut phones = PhoneBook::default();
    // One number for the local authority's safeguarding team, whichever service rings.
    let safeguarding = phones.take(Pool::Leeds);
    let mut services = Vec::new();
    for seed in service_seeds(params) {
        let manager = names.fresh(&mut rng, Era::Younger);
        let fields = service_fields(&seed, &manager, &safeguarding, &mut rng, &mut phones);
        if let Some(id) = b.add(EntityKind::Service, fields) {
            let plan = ServicePlan {
                id,
                kind: seed.kind,
                units: seed.units,
                people: seed.people,
                teams: Vec::new(),
                carers: Vec::new(),
            };
            services.push((plan, manager));
        }
    }
    let (gps, pharmacies) = super::register::practices(b, &mut phones);
    let suppliers = super::register::suppliers(b, &mut phones);
    super::staff::hire(b, &mut rng, &mut names, &mut phones, &mut services);
    Org {
        services: services.into_iter().map(|(plan, _)| plan).collect(),
        gps,
        pharmacies,
        suppliers,
        names,
        phones,
    }
}

fn service_fields(
    seed: &ServiceSeed,
    manager: &Name,
    safeguarding: &str,
    rng: &mut Rng,
    phones: &mut PhoneBook,
) -> Fields {
    let address = format!(
        "{} {}\n{}\n{TOWN}",
        rng.between(1, 90),
        rng.pick(STREETS),
        rng.pick(DISTRICTS)
    );
    let cqc_location_id = format!("1-{}", rng.between(100_000_000, 999_999_999));
    Fields::new()
        .set("name", &seed.name)
        .set("service_type", seed.kind.slug())
        .set("cqc_location_id", cqc_location_id)
        .set("address", address)
        .set("postcode", postcode(rng))
        .set("phone", phones.take(Pool::Leeds))
        .set("manager_name", manager.full())
        .set("manager_phone", phones.take(Pool::Mobile))
        .set("on_call_phone", phones.take(Pool::Mobile))
        .set("out_of_hours_phone", "111")
        .set("local_authority", format!("{TOWN} Metropolitan Borough Council"))
        .set("safeguarding_phone", safeguarding)
        .list("units", &seed.units)
}
