//! The what-if's answer in words — headline, figures, recovery targets and the lines of each
//! list — built once, so the What if page, the drill page and the drill's briefing sheet say
//! the same things in the same order.

use crate::what_if::Answer;
use lantern_core::care::{Choice, RiskTier};
use lantern_core::govern::briefing::SheetLine;
use lantern_core::schedule::{show_moment, show_time};
use lantern_core::words::count;

/// "4 hours from Wed 25 Nov 2026, 07:00: 40 people in 1 service".
pub fn headline(a: &Answer) -> String {
    format!(
        "{} from {}: {} in {}",
        count(usize::try_from(a.window.hours).unwrap_or(0), "hour", "hours"),
        show_moment(a.window.start),
        count(a.people, "person", "people"),
        count(a.services.len(), "service", "services")
    )
}

/// The figures, in the page's order: (number, what it counts).
pub fn figures(a: &Answer) -> Vec<(String, String)> {
    vec![
        (a.doses.len().to_string(), "doses due".into()),
        (a.time_critical_doses.to_string(), "time-critical".into()),
        (a.visits.len().to_string(), "visits".into()),
        (a.shifts.len().to_string(), "shifts on".into()),
        (a.families.len().to_string(), "families to ring".into()),
    ]
}

/// When each failed system passes its RTO and MTPD, in words.
pub fn milestones(a: &Answer) -> Vec<String> {
    a.systems
        .iter()
        .map(|s| match (s.passes_rto, s.passes_mtpd) {
            (_, true) => format!(
                "{}: past its MTPD at {} — harm is likely by then",
                s.name,
                show_moment(s.mtpd_at)
            ),
            (true, false) => format!("{}: past its RTO at {}, within its MTPD", s.name, show_moment(s.rto_at)),
            _ => format!("{}: back within its RTO (by {})", s.name, show_moment(s.rto_at)),
        })
        .collect()
}

fn line(when: String, what: impl Into<String>, detail: impl Into<String>) -> SheetLine {
    SheetLine {
        when,
        what: what.into(),
        detail: detail.into(),
    }
}

/// The time-critical doses, soonest first, then by person.
pub fn time_critical(a: &Answer) -> Vec<SheetLine> {
    let mut critical: Vec<_> = a.doses.iter().filter(|d| d.time_critical).collect();
    critical.sort_by(|x, y| (x.due_at, &x.person).cmp(&(y.due_at, &y.person)));
    critical
        .into_iter()
        .map(|d| line(show_time(d.due_at), d.person.clone(), d.medicine.clone()))
        .collect()
}

/// The families to ring, in the answer's order (highest risk first): tier, who for whom, phone.
pub fn families(a: &Answer) -> Vec<SheetLine> {
    a.families
        .iter()
        .map(|f| {
            let tier = RiskTier::from_code(&f.risk_tier).map_or("", |t| t.label());
            line(
                tier.to_string(),
                format!("{} ({}) for {}", f.contact, f.relationship, f.person),
                f.phone.clone(),
            )
        })
        .collect()
}

/// The visits in the window: due time, person, length.
pub fn visits(a: &Answer) -> Vec<SheetLine> {
    a.visits
        .iter()
        .map(|v| line(show_time(v.due_at), v.person.clone(), format!("{} min", v.minutes)))
        .collect()
}

/// Every dose due in the window, the time-critical ones marked.
pub fn doses(a: &Answer) -> Vec<SheetLine> {
    a.doses
        .iter()
        .map(|d| {
            let mark = if d.time_critical { " ⚠ time-critical" } else { "" };
            line(show_time(d.due_at), d.person.clone(), format!("{}{mark}", d.medicine))
        })
        .collect()
}

/// The shifts on in the window: start, who, end.
pub fn shifts(a: &Answer) -> Vec<SheetLine> {
    a.shifts
        .iter()
        .map(|s| line(show_time(s.start), s.staff.clone(), show_time(s.end)))
        .collect()
}
