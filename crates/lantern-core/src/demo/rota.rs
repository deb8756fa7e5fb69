//! The rota: home-care visits day by day, and shifts for care homes and supported living.

use super::org::{Org, ServiceType, ShiftTeam};
use super::people::HomeCarePeople;
use super::rng::Rng;
use super::visits::{PlannedVisit, plan_day};
use super::{Builder, DemoParams, Fields, LocalId, clock};
use crate::entity::EntityKind;
use jiff::civil::Date;

/// Days either side of today that have a rota.
const ROTA_DAYS: i64 = 7;

pub(super) fn build(b: &mut Builder, org: &Org, home_care: &HomeCarePeople, params: &DemoParams) {
    let mut rng = Rng::stream(params.seed, "rota");
    let scaled = params.scale.is_some();
    // The scaled organisation keeps to today's visits, about six a person, to stay small.
    let (visit_days, visits_each) = if scaled { (0, (5, 7)) } else { (ROTA_DAYS, (4, 8)) };
    for (service, people) in org.services.iter().zip(home_care) {
        if service.kind == ServiceType::HomeCare {
            // Most home-care plans are the same every day: plan one day, repeat it.
            let plan = plan_day(&mut rng, people, &service.carers, visits_each);
            for offset in -visit_days..=visit_days {
                let date = b.day(offset);
                for visit in &plan {
                    b.add(EntityKind::Visit, visit_fields(service.id, date, visit));
                }
            }
        }
    }
    for offset in -ROTA_DAYS..=ROTA_DAYS {
        let date = b.day(offset);
        for service in &org.services {
            for team in &service.teams {
                shifts(b, service.id, team, date, offset);
            }
        }
    }
}

fn visit_fields(service: LocalId, date: Date, visit: &PlannedVisit) -> Fields {
    Fields::new()
        .set("service_id", service)
        .set("person_id", visit.person)
        .set("date", date)
        .set("start", clock(visit.start))
        .set("duration_minutes", visit.minutes)
        .list("carers", &visit.carers)
        .list("tasks", visit.tasks)
        .flag("two_carer", visit.two_carer)
        .flag("priority", visit.priority)
        .maybe("notes", visit.note.as_deref())
}

struct ShiftPattern {
    start: &'static str,
    finish: &'static str,
}

const EARLY: ShiftPattern = ShiftPattern {
    start: "07:00",
    finish: "15:00",
};
const LATE: ShiftPattern = ShiftPattern {
    start: "14:30",
    finish: "22:00",
};
const NIGHT: ShiftPattern = ShiftPattern {
    start: "21:45",
    finish: "07:15",
};

/// The day team works early, early, late, late, off, off, each member a day apart, so two
/// work each early and two each late; nobody goes from a late straight to an early. The
/// night team works half its nights.
fn shifts(b: &mut Builder, service: LocalId, team: &ShiftTeam, date: Date, offset: i64) {
    let turn = |i: usize, len: usize| (i as i64 + offset).rem_euclid(len.max(1) as i64) as usize;
    for (i, staff) in team.day.iter().enumerate() {
        let pattern = match turn(i, team.day.len()) {
            0 | 1 => &EARLY,
            2 | 3 => &LATE,
            _ => continue,
        };
        shift(b, service, *staff, date, pattern, team.unit.as_deref());
    }
    let on_each_night = (team.night.len() / 2).max(1);
    for (i, staff) in team.night.iter().enumerate() {
        if turn(i, team.night.len()) < on_each_night {
            // Supported living has no units: the shift says what it is instead.
            let unit = team.unit.as_deref().or(Some("Waking night"));
            shift(b, service, *staff, date, &NIGHT, unit);
        }
    }
}

fn shift(b: &mut Builder, service: LocalId, staff: LocalId, date: Date, pattern: &ShiftPattern, unit: Option<&str>) {
    let fields = Fields::new()
        .set("service_id", service)
        .set("staff_id", staff)
        .set("date", date)
        .set("start", pattern.start)
        .set("finish", pattern.finish)
        .maybe("unit", unit);
    b.add(EntityKind::Shift, fields);
}
