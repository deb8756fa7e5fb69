//! Staff: managers, the home-care carers who do the visits, and the shift teams of care
//! homes and supported-living houses.

use super::contact_details::{PhoneBook, Pool, email};
use super::names::{Era, Name, NameBook};
use super::org::{ServicePlan, ServiceType, ShiftTeam};
use super::rng::Rng;
use super::{Builder, Fields, LocalId};
use crate::entity::EntityKind;

/// Adds everyone's staff: two organisation-wide leads, each service's registered manager
/// (already named on the service) and its team.
pub(super) fn hire(
    b: &mut Builder,
    rng: &mut Rng,
    names: &mut NameBook,
    phones: &mut PhoneBook,
    services: &mut [(ServicePlan, Name)],
) {
    let mut staff = StaffMaker { b, rng, names, phones };
    let all: Vec<LocalId> = services.iter().map(|(s, _)| s.id).collect();
    staff.add("office", &all);
    staff.add("it", &all);
    for (plan, manager) in services {
        staff.add_named(*manager, "registered_manager", &[plan.id]);
        staff.staff_service(plan);
    }
}

/// Carers per home-care person: the default branch has 12 for its 40 people.
const CARERS_PER_PERSON: f64 = 0.3;

struct StaffMaker<'a> {
    b: &'a mut Builder,
    rng: &'a mut Rng,
    names: &'a mut NameBook,
    phones: &'a mut PhoneBook,
}

impl StaffMaker<'_> {
    fn add(&mut self, role: &str, services: &[LocalId]) -> Option<LocalId> {
        let name = self.names.fresh(self.rng, Era::Younger);
        self.add_named(name, role, services)
    }

    fn add_named(&mut self, name: Name, role: &str, services: &[LocalId]) -> Option<LocalId> {
        let fields = Fields::new()
            .set("full_name", name.full())
            .set("role", role)
            .set("phone", self.phones.take(Pool::Mobile))
            .set("email", email(name.first, name.last, "riverside-care.example"))
            .list("services", services);
        self.b.add(EntityKind::Staff, fields)
    }

    /// Several staff of the given roles, in order.
    fn many(&mut self, roles: &[&str], service: LocalId) -> Vec<LocalId> {
        roles.iter().filter_map(|role| self.add(role, &[service])).collect()
    }

    fn staff_service(&mut self, plan: &mut ServicePlan) {
        let id = plan.id;
        match plan.kind {
            ServiceType::SupportedLiving => {
                plan.teams.push(ShiftTeam {
                    unit: None,
                    day: self.many(&DAY_TEAM_SUPPORTED, id),
                    night: self.many(&NIGHT_TEAM_SUPPORTED, id),
                });
            }
            ServiceType::HomeCare => {
                self.many(&["coordinator", "team_leader", "team_leader"], id);
                let count = ((plan.people as f64 * CARERS_PER_PERSON).ceil() as usize).max(2);
                let roles: Vec<&str> = (0..count)
                    .map(|i| if i % 3 == 0 { "senior_carer" } else { "care_worker" })
                    .collect();
                plan.carers = self.many(&roles, id);
            }
            ServiceType::Residential | ServiceType::Nursing => {
                self.add("deputy_manager", &[id]);
                let (day, night) = if plan.kind == ServiceType::Nursing {
                    (&DAY_TEAM_NURSING, &NIGHT_TEAM_NURSING)
                } else {
                    (&DAY_TEAM_RESIDENTIAL, &NIGHT_TEAM_RESIDENTIAL)
                };
                for unit in plan.units.clone() {
                    plan.teams.push(ShiftTeam {
                        unit: Some(unit),
                        day: self.many(day, id),
                        night: self.many(night, id),
                    });
                }
            }
        }
    }
}

// Day teams work early, early, late, late, off, off in turn, so any two neighbours in the
// list share a shift: a lead at every even place puts one lead on every shift. Night teams
// of four work two on, two off, so a nurse at places 0 and 2 covers every night.
#[rustfmt::skip]
mod teams {
    pub const DAY_TEAM_SUPPORTED: [&str; 6] = ["team_leader", "care_worker", "senior_carer", "care_worker", "senior_carer", "care_worker"];
    pub const NIGHT_TEAM_SUPPORTED: [&str; 3] = ["care_worker", "care_worker", "senior_carer"];
    pub const DAY_TEAM_RESIDENTIAL: [&str; 6] = ["shift_leader", "care_worker", "senior_carer", "care_worker", "senior_carer", "care_worker"];
    pub const NIGHT_TEAM_RESIDENTIAL: [&str; 4] = ["senior_carer", "care_worker", "senior_carer", "care_worker"];
    pub const DAY_TEAM_NURSING: [&str; 6] = ["nurse", "care_worker", "nurse", "care_worker", "nurse", "care_worker"];
    pub const NIGHT_TEAM_NURSING: [&str; 4] = ["nurse", "care_worker", "nurse", "care_worker"];
}
use teams::*;
