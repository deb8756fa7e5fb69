//! Plans one day of home-care visits for a branch and allocates its carers.
//!
//! Time-critical doses come first: each is given in a visit pinned around the time it is
//! due. Then the other visits are placed inside their windows where the person is free
//! and enough carers are free (with travel time between visits). A visit no carer can take
//! stays unallocated, as on a real coordinator's board.

use super::LocalId;
use super::people::HomeCarePerson;
use super::rng::Rng;

/// Minutes a carer needs between one visit and the next.
const TRAVEL: u32 = 10;
const DAY_START: u32 = at(7, 0);
const DAY_END: u32 = at(22, 0);
/// How far past its window a visit may still be placed.
const SLACK: u32 = 30;
/// A dose is covered by a visit that overlaps its time ±30 minutes (the default window).
const DOSE_WINDOW: u32 = 30;
/// A visit for a time-critical dose starts at most this long after it is due.
const PINNED_LATE: u32 = 15;

struct Slot {
    earliest: u32,
    latest: u32,
    durations: &'static [u32],
    tasks: &'static [&'static str],
}

const fn slot(earliest: u32, latest: u32, durations: &'static [u32], tasks: &'static [&'static str]) -> Slot {
    Slot {
        earliest,
        latest,
        durations,
        tasks,
    }
}

/// Minutes after midnight.
const fn at(hours: u32, minutes: u32) -> u32 {
    hours * 60 + minutes
}

/// Every person's four daily visits: the window their start falls in, how long, what for.
#[rustfmt::skip]
const CORE: [Slot; 4] = [
    slot(at(7, 0), at(10, 0), &[30, 30, 45, 60], &["Personal care", "Breakfast", "Medicines"]),
    slot(at(11, 45), at(13, 30), &[15, 30, 30], &["Lunch", "Medicines"]),
    slot(at(16, 30), at(18, 0), &[15, 30, 30], &["Tea", "Medicines"]),
    slot(at(19, 0), at(21, 30), &[20, 30, 30], &["Bed", "Personal care", "Medicines"]),
];
/// Extra visits some people have.
#[rustfmt::skip]
const EXTRA: [Slot; 4] = [
    slot(at(10, 45), at(11, 30), &[15], &["Medicines", "Drink and snack"]),
    slot(at(13, 45), at(15, 0), &[30, 45], &["Shopping", "Domestic tasks"]),
    slot(at(15, 15), at(16, 0), &[15], &["Welfare check", "Drink and snack"]),
    slot(at(18, 15), at(19, 0), &[15], &["Medicines", "Drink"]),
];
const TIME_CRITICAL_TASKS: &[&str] = &["Medicines (time-critical)"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PlannedVisit {
    pub person: LocalId,
    pub start: u32,
    pub minutes: u32,
    pub tasks: &'static [&'static str],
    pub two_carer: bool,
    pub priority: bool,
    pub carers: Vec<LocalId>,
    pub note: Option<String>,
}

impl PlannedVisit {
    fn end(&self) -> u32 {
        self.start + self.minutes
    }
}

/// A visit still to place, with the window its start may fall in. A pinned visit gives a
/// time-critical dose, and its window is set around that dose.
struct Request {
    person: usize,
    earliest: u32,
    latest: u32,
    minutes: u32,
    tasks: &'static [&'static str],
    two_carer: bool,
    pinned_for: Option<(u32, &'static str)>,
}

impl Request {
    /// True when the visit, wherever it starts in its window, gives `dose` within ±30 minutes.
    fn covers(&self, dose: u32) -> bool {
        self.pinned_for.is_some()
            && self.latest <= dose + DOSE_WINDOW
            && self.earliest + self.minutes + DOSE_WINDOW >= dose
    }

    /// Pins the visit to run through `dose`: from ending when it is due to starting
    /// a quarter of an hour after, so the dose is given well inside its window.
    fn pin(&mut self, dose: u32, medicine: &'static str) {
        let latest = (dose + PINNED_LATE).clamp(DAY_START, DAY_END - self.minutes);
        self.earliest = dose.saturating_sub(self.minutes).clamp(DAY_START, latest);
        self.latest = latest;
        self.pinned_for = Some((dose, medicine));
    }
}

/// Plans a day for `people` with `carers`; `visits_each` bounds each person's visit count.
pub(super) fn plan_day(
    rng: &mut Rng,
    people: &[HomeCarePerson],
    carers: &[LocalId],
    visits_each: (u32, u32),
) -> Vec<PlannedVisit> {
    let mut requests = Vec::new();
    for (p, person) in people.iter().enumerate() {
        let mut own = person_requests(rng, p, person, visits_each);
        pin_time_critical(&mut own, p, person);
        requests.extend(own);
    }
    // Pinned visits first, then by window; ties in a shuffled order so no one is always last.
    rng.shuffle(&mut requests);
    requests.sort_by_key(|r| (r.pinned_for.is_none(), r.earliest, r.latest));
    let mut board = Board {
        carers: carers
            .iter()
            .map(|id| CarerDay {
                id: *id,
                booked: Vec::new(),
            })
            .collect(),
        visits: Vec::new(),
    };
    for r in &requests {
        board.place(r, people);
    }
    board.visits.sort_by_key(|v| (v.start, v.person));
    board.visits
}

fn person_requests(rng: &mut Rng, p: usize, person: &HomeCarePerson, (least, most): (u32, u32)) -> Vec<Request> {
    let mut extras: Vec<&Slot> = EXTRA.iter().collect();
    rng.shuffle(&mut extras);
    let extra_count = rng.between(least, most).saturating_sub(CORE.len() as u32) as usize;
    let slots = CORE.iter().chain(extras.into_iter().take(extra_count));
    slots
        .enumerate()
        .map(|(i, s)| Request {
            person: p,
            earliest: s.earliest,
            latest: s.latest,
            minutes: rng.pick(s.durations),
            tasks: s.tasks,
            // Two carers for the hoist at the morning and bedtime calls.
            two_carer: person.two_carer && (i == 0 || i == 3),
            pinned_for: None,
        })
        .collect()
}

/// Gives every time-critical dose a visit around the time it is due: an existing visit whose
/// window allows it, or a short medicines visit of its own.
fn pin_time_critical(own: &mut Vec<Request>, p: usize, person: &HomeCarePerson) {
    let mut doses = person.critical_doses.clone();
    doses.sort();
    for (dose, medicine) in doses {
        if own.iter().any(|r| r.covers(dose)) {
            continue;
        }
        let host = own
            .iter_mut()
            .find(|r| r.pinned_for.is_none() && r.earliest <= dose + DOSE_WINDOW && dose <= r.latest + PINNED_LATE);
        match host {
            Some(r) => r.pin(dose, medicine),
            None => {
                let mut r = Request {
                    person: p,
                    earliest: dose,
                    latest: dose,
                    minutes: 15,
                    tasks: TIME_CRITICAL_TASKS,
                    two_carer: false,
                    pinned_for: None,
                };
                r.pin(dose, medicine);
                own.push(r);
            }
        }
    }
}

/// The day as it fills up: each carer's visits, and every visit placed.
struct Board {
    carers: Vec<CarerDay>,
    visits: Vec<PlannedVisit>,
}

struct CarerDay {
    id: LocalId,
    booked: Vec<Booking>,
}

struct Booking {
    start: u32,
    end: u32,
    person: LocalId,
}

impl CarerDay {
    /// Free from `start` to `end`, with travel time either side.
    fn free(&self, start: u32, end: u32) -> bool {
        self.booked
            .iter()
            .all(|b| b.end + TRAVEL <= start || end + TRAVEL <= b.start)
    }
}

impl Board {
    fn place(&mut self, r: &Request, people: &[HomeCarePerson]) {
        let person = people[r.person].id;
        let needed = if r.two_carer { 2 } else { 1 };
        let latest = if r.pinned_for.is_some() {
            r.latest
        } else {
            r.latest + SLACK
        };
        let mut first_free = None;
        for start in (r.earliest..=latest).step_by(5) {
            if start + r.minutes > DAY_END || !self.person_free(person, start, start + r.minutes) {
                continue;
            }
            first_free.get_or_insert(start);
            let carers = self.free_carers(person, start, start + r.minutes);
            if carers.len() >= needed {
                self.push(r, person, start, carers[..needed].to_vec());
                return;
            }
        }
        // Nobody can take it: it goes on the board unallocated, if the person is free.
        if let Some(start) = first_free {
            self.push(r, person, start, Vec::new());
        }
    }

    fn person_free(&self, person: LocalId, start: u32, end: u32) -> bool {
        self.visits
            .iter()
            .all(|v| v.person != person || v.end() <= start || end <= v.start)
    }

    /// Carers free from `start` to `end` with travel time either side; those who already
    /// visit this person today first (continuity), then the least busy.
    fn free_carers(&self, person: LocalId, start: u32, end: u32) -> Vec<LocalId> {
        let mut free: Vec<(bool, u32, LocalId)> = self
            .carers
            .iter()
            .filter(|c| c.free(start, end))
            .map(|c| {
                let knows = c.booked.iter().any(|b| b.person == person);
                let load = c.booked.iter().map(|b| b.end - b.start).sum::<u32>();
                (!knows, load / 60, c.id)
            })
            .collect();
        free.sort();
        free.into_iter().map(|(_, _, id)| id).collect()
    }

    fn push(&mut self, r: &Request, person: LocalId, start: u32, carers: Vec<LocalId>) {
        let end = start + r.minutes;
        for carer in self.carers.iter_mut().filter(|c| carers.contains(&c.id)) {
            carer.booked.push(Booking { start, end, person });
        }
        let note = r
            .pinned_for
            .map(|(dose, medicine)| format!("Time-critical: {medicine} due at {}.", super::clock(dose)));
        self.visits.push(PlannedVisit {
            person,
            start,
            minutes: r.minutes,
            tasks: r.tasks,
            two_carer: r.two_carer,
            priority: r.pinned_for.is_some(),
            carers,
            note,
        });
    }
}
