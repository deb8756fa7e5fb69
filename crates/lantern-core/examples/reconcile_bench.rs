//! Reconciliation benchmark: a synthetic 24-hour outage for a 5,000-person home-care
//! organisation (about 150,000 due doses and visits), `reconcile` timed over several runs.
//!
//! `cargo run --release -p lantern-core --example reconcile_bench -- [PEOPLE] [RUNS]`
//! (bench/reconcile.sh pins it to one core). Target: under 150 ms, ≥ 1 million events/s.

use jiff::Timestamp;
use lantern_core::reconcile::{
    DoseOutcome, DoseRecord, Input, MedicineSchedule, Period, PlannedVisit, Policy, Sheet, VisitRecord, due_doses,
    reconcile,
};
use lantern_core::schedule::due_at;
use lantern_core::values::DoseTime;
use std::collections::BTreeSet;
use std::time::Instant;

#[path = "support/synthetic.rs"]
mod synthetic;
use synthetic::{Rng, SERVICES, add, median, medicines, visits};

struct Org {
    period: Period,
    medicines: Vec<MedicineSchedule>,
    visits: Vec<PlannedVisit>,
    doses: Vec<DoseRecord>,
    visit_records: Vec<VisitRecord>,
    entered: BTreeSet<Sheet>,
}

/// The outage: 07:00 Tuesday 24 November 2026 to 07:00 the next day (London, GMT).
fn build(people: i64, seven: DoseTime) -> Org {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let day = jiff::civil::date(2026, 11, 24);
    let start = due_at(day, seven).0;
    let period = Period {
        start,
        end: add(start, 24 * 60),
    };
    let medicines = medicines(&mut rng, people);
    let mut doses = Vec::new();
    let record = |doses: &mut Vec<DoseRecord>, m: &MedicineSchedule, due: Option<Timestamp>, outcome, at| {
        let id = doses.len() as i64 + 1;
        doses.push(DoseRecord {
            id,
            person_id: m.person_id,
            medicine_id: Some(m.medicine_id),
            due_at: due,
            outcome,
            at,
            note: String::new(),
        });
    };
    let due = due_doses(period, &medicines);
    let by_id = |id: i64| &medicines[(id - 1) as usize];
    for d in &due {
        let m = by_id(d.medicine_id);
        let on_time = Some(add(d.due_at, rng.range(-20, 25)));
        match rng.below(100) {
            0..=1 => {}
            2..=3 => record(&mut doses, m, Some(d.due_at), DoseOutcome::Refused, on_time),
            4 => record(&mut doses, m, Some(d.due_at), DoseOutcome::Away, None),
            5..=7 => record(
                &mut doses,
                m,
                Some(d.due_at),
                DoseOutcome::Given,
                Some(add(d.due_at, 150)),
            ),
            8 => {
                record(&mut doses, m, Some(d.due_at), DoseOutcome::Given, on_time);
                record(
                    &mut doses,
                    m,
                    Some(d.due_at),
                    DoseOutcome::Given,
                    Some(add(d.due_at, 60)),
                );
            }
            9 => record(&mut doses, m, None, DoseOutcome::Given, on_time),
            _ => record(&mut doses, m, Some(d.due_at), DoseOutcome::Given, on_time),
        }
    }
    for m in &medicines {
        if m.prn.is_some() {
            for _ in 0..rng.below(5) {
                let at = add(period.start, rng.range(-12 * 60, 24 * 60 - 1));
                record(&mut doses, m, None, DoseOutcome::Given, Some(at));
            }
        } else if let Some(h) = m.interval_hours {
            let mut at = add(period.start, -rng.range(0, h * 60));
            while at < period.end {
                if !rng.chance(5) {
                    record(&mut doses, m, None, DoseOutcome::Given, Some(at));
                }
                at = add(at, h * 60 + rng.range(-20, 40));
            }
        }
    }
    let (visits, visit_records) = visits(&mut rng, people, period);
    let mut entered = BTreeSet::new();
    for date in [day, jiff::civil::date(2026, 11, 25)] {
        for person_id in 1..=people {
            if !rng.chance(3) {
                entered.insert(Sheet::Mar { person_id, date });
            }
        }
        for service_id in 1..=SERVICES {
            entered.insert(Sheet::Visits { service_id, date });
        }
    }
    Org {
        period,
        medicines,
        visits,
        doses,
        visit_records,
        entered,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let people: i64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5_000);
    let runs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(15);
    let Some(seven) = DoseTime::from_minutes(7 * 60) else {
        return;
    };
    let org = build(people, seven);
    let input = Input {
        period: org.period,
        policy: Policy::default(),
        medicines: &org.medicines,
        visits: &org.visits,
        doses: &org.doses,
        visit_records: &org.visit_records,
        entered: &org.entered,
    };
    let due = due_doses(org.period, &org.medicines).len();
    let visits = org
        .visits
        .iter()
        .filter(|v| org.period.holds_visit(v.due, v.duration_minutes))
        .count();
    let events = due + visits;
    let mut findings = 0;
    let mut times = Vec::new();
    let mut due_times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        findings = std::hint::black_box(reconcile(std::hint::black_box(&input))).len();
        times.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(due_doses(org.period, std::hint::black_box(&org.medicines)));
        due_times.push(t.elapsed());
    }
    let m = median(times);
    println!(
        "organisation: {people} people, {} medicines, {} dose records, {} visit records",
        org.medicines.len(),
        org.doses.len(),
        org.visit_records.len()
    );
    println!("events: {due} due doses + {visits} visits = {events}; {findings} findings");
    println!(
        "reconcile: median {:.1} ms over {runs} runs = {:.2} million events/s",
        m.as_secs_f64() * 1e3,
        events as f64 / m.as_secs_f64() / 1e6
    );
    println!("due_doses: median {:.1} ms", median(due_times).as_secs_f64() * 1e3);
}
