//! Outage what-if benchmark (issue [10] point 5): a 5,000-person organisation (the synthetic one
//! of the reconciliation benchmark, with two emergency contacts and a shift per person) and a
//! 24-hour outage of a system every service depends on, `what_if` timed over several runs. It
//! must be fast enough to drag a duration slider: target under 100 ms on one core.
//!
//! `cargo run --release -p lantern-core --example what_if_bench -- [PEOPLE] [RUNS]`
//! (bench/what_if.sh pins it to one core).

use lantern_core::disruption::DisruptionKind;
use lantern_core::disruption::clocks::SystemTarget;
use lantern_core::disruption::families::{FamilyContact, FamilyPerson};
use lantern_core::govern::what_if::{Outage, OutageSystem, PersonInService, PlannedShift, Register, what_if};
use lantern_core::reconcile::Period;
use lantern_core::schedule::due_at;
use lantern_core::values::DoseTime;
use std::time::Instant;

#[path = "support/synthetic.rs"]
mod synthetic;
use synthetic::{Rng, SERVICES, add, median, medicines, visits};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let people: i64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5_000);
    let runs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(15);
    let Some(seven) = DoseTime::from_minutes(7 * 60) else {
        return;
    };
    let start = due_at(jiff::civil::date(2026, 11, 24), seven).0;
    let day = Period {
        start,
        end: add(start, 24 * 60),
    };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let medicines = medicines(&mut rng, people);
    let (visits, _) = visits(&mut rng, people, day);
    let services: Vec<i64> = (1..=SERVICES).collect();
    let tiers = ["high", "medium", "low"];
    let people_in: Vec<PersonInService> = (1..=people)
        .map(|id| PersonInService {
            service_id: 1 + id % SERVICES,
            person: FamilyPerson {
                person_id: id,
                name: format!("Person {id}"),
                risk_tier: tiers[rng.below(3) as usize].into(),
                service: format!("Branch {}", 1 + id % SERVICES),
            },
        })
        .collect();
    let contacts: Vec<FamilyContact> = (1..=people)
        .flat_map(|p| {
            (1..=2).map(move |rank| FamilyContact {
                contact_id: p * 10 + rank,
                person_id: p,
                name: format!("Contact {p}-{rank}"),
                relationship: "Daughter".into(),
                phone: "07700 900123".into(),
                rank,
                proactive: rank == 1,
            })
        })
        .collect();
    let shifts: Vec<PlannedShift> = (1..=people)
        .map(|id| {
            let from = add(start, rng.range(-8 * 60, 24 * 60));
            PlannedShift {
                shift_id: id,
                service_id: 1 + id % SERVICES,
                staff: format!("Carer {id}"),
                start: from,
                end: add(from, 8 * 60),
            }
        })
        .collect();
    let register = Register {
        services: &services,
        people: &people_in,
        contacts: &contacts,
        medicines: &medicines,
        visits: &visits,
        shifts: &shifts,
    };
    let outage = Outage {
        kind: DisruptionKind::SupplierOutage,
        systems: vec![OutageSystem {
            target: SystemTarget {
                system_id: 1,
                name: "Care planning".into(),
                category: "care_planning".into(),
                rto_hours: 4,
                mtpd_hours: 24,
            },
            services: Vec::new(),
        }],
        services: Vec::new(),
        start,
        minutes: 24 * 60,
    };
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(std::hint::black_box(what_if(std::hint::black_box(&outage), register)));
        times.push(t.elapsed());
    }
    let Some(w) = last else { return };
    println!(
        "organisation: {people} people, {} medicines, {} visits, {} contacts, {} shifts",
        medicines.len(),
        visits.len(),
        contacts.len(),
        shifts.len()
    );
    println!(
        "24-hour what-if: {} services, {} people, {} doses due ({} time-critical), {} visits, {} shifts, {} families",
        w.services.len(),
        w.people.len(),
        w.doses.len(),
        w.time_critical.len(),
        w.visits.len(),
        w.shifts.len(),
        w.families.len()
    );
    println!(
        "what_if: median {:.1} ms over {runs} runs",
        median(times).as_secs_f64() * 1e3
    );
}
