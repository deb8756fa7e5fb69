//! Readiness per service (issue [11], point 5): is this service ready to keep care safe if its
//! systems fail today? Eight lights, each red, amber or green with a sentence saying why and
//! where to fix it — the pack current and checked this month, emergency contacts verified, a
//! drill within six months, training coverage at the threshold, devices and spares against the
//! unit policy, risks reviewed, no overdue actions, no disruption awaiting review. The service
//! is as ready as its worst light. The facts come in already gathered; nothing here reads.

use super::devices::Light as DeviceLight;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Red, amber or green. Ordered so that the worst is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl Rag {
    pub const ALL: [Rag; 3] = [Rag::Green, Rag::Amber, Rag::Red];

    pub fn code(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }

    /// The light in words, for the people who cannot tell the colours apart.
    pub fn word(self) -> &'static str {
        match self {
            Rag::Green => "Ready",
            Rag::Amber => "Needs attention",
            Rag::Red => "Not ready",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Rag::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What a light is about, in the order the page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    Pack,
    Contacts,
    Drill,
    Training,
    Devices,
    Risks,
    Actions,
    Reviews,
}

impl Aspect {
    pub const ALL: [Aspect; 8] = [
        Aspect::Pack,
        Aspect::Contacts,
        Aspect::Drill,
        Aspect::Training,
        Aspect::Devices,
        Aspect::Risks,
        Aspect::Actions,
        Aspect::Reviews,
    ];

    /// The code the API and the kept history use.
    pub fn code(self) -> &'static str {
        match self {
            Aspect::Pack => "pack",
            Aspect::Contacts => "contacts",
            Aspect::Drill => "drill",
            Aspect::Training => "training",
            Aspect::Devices => "devices",
            Aspect::Risks => "risks",
            Aspect::Actions => "actions",
            Aspect::Reviews => "reviews",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Aspect::Pack => "Downtime pack",
            Aspect::Contacts => "Emergency contacts",
            Aspect::Drill => "Drills",
            Aspect::Training => "Training",
            Aspect::Devices => "Devices and spares",
            Aspect::Risks => "Risk reviews",
            Aspect::Actions => "Actions",
            Aspect::Reviews => "Post-incident reviews",
        }
    }
}

/// Where a light's cause is fixed; the web turns it into a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "page", content = "id", rename_all = "snake_case")]
pub enum Fix {
    /// The service's pack page: build, or record a check of the printed pack.
    Pack,
    /// The register's people supported, to add the missing contacts.
    People,
    /// A new drill for the service.
    NewDrill,
    Drills,
    Training,
    Devices,
    /// One risk, to review it.
    Risk(i64),
    Risks,
    /// One action, to finish it.
    Action(i64),
    Actions,
    Disruptions,
    /// A closed disruption's review.
    Review(i64),
}

impl Fix {
    /// What following the link does, as its words.
    pub fn label(self) -> &'static str {
        match self {
            Fix::Pack => "Open the downtime pack",
            Fix::People => "Open the people supported",
            Fix::NewDrill => "Plan a drill",
            Fix::Drills => "Open the drills",
            Fix::Training => "Open training coverage",
            Fix::Devices => "Open device assurance",
            Fix::Risk(_) => "Review the risk",
            Fix::Risks => "Open the risk register",
            Fix::Action(_) => "Open the action",
            Fix::Actions => "Open the actions",
            Fix::Disruptions => "Open the disruptions",
            Fix::Review(_) => "Write the review",
        }
    }
}

/// One light: what it is about, its colour, why in a sentence, and where to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lamp {
    pub aspect: Aspect,
    pub light: Rag,
    pub why: String,
    /// Where to go; also given when green, to see the record behind it.
    pub fix: Fix,
}

/// A service's readiness: its worst light and every light.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    pub light: Rag,
    pub lamps: Vec<Lamp>,
}

impl Readiness {
    pub fn lamp(&self, aspect: Aspect) -> Option<&Lamp> {
        self.lamps.iter().find(|l| l.aspect == aspect)
    }

    /// The lights that are not green, worst first (the order of the page within a colour).
    pub fn causes(&self) -> Vec<&Lamp> {
        let mut out: Vec<&Lamp> = self.lamps.iter().filter(|l| l.light != Rag::Green).collect();
        out.sort_by_key(|l| std::cmp::Reverse(l.light));
        out
    }
}

/// The latest pack and its physical check.
#[derive(Debug, Clone, Default)]
pub struct PackFacts {
    /// The latest version built; none before the first build.
    pub version: Option<i64>,
    /// Why the pack no longer matches the records (changes, age, sheets run out); the overdue
    /// check is judged separately, as "checked this month".
    pub out_of_date: Vec<String>,
    pub last_check: Option<Date>,
    pub check_every_days: u16,
}

/// Who checked the emergency-contact sheet last, and who has no contact at all.
#[derive(Debug, Clone, Default)]
pub struct ContactFacts {
    /// The day and the checker of the latest pack check that verified the contacts.
    pub last_verified: Option<(Date, String)>,
    /// People supported today with no current emergency contact.
    pub people_without: Vec<String>,
    pub every_days: u16,
}

#[derive(Debug, Clone, Default)]
pub struct DrillFacts {
    pub last: Option<Date>,
    pub next_due: Option<Date>,
}

#[derive(Debug, Clone)]
pub struct CourseFact {
    pub name: String,
    /// None when nobody at the service needs the course.
    pub percent: Option<u8>,
}

#[derive(Debug, Clone, Default)]
pub struct TrainingFacts {
    pub threshold: u8,
    pub courses: Vec<CourseFact>,
}

/// One unit's devices against its policy, as device assurance judged them today.
#[derive(Debug, Clone)]
pub struct UnitFacts {
    pub name: String,
    pub light: DeviceLight,
    pub reasons: Vec<String>,
}

/// An open risk of the service or of the whole organisation.
#[derive(Debug, Clone)]
pub struct RiskFact {
    pub id: i64,
    pub name: String,
    pub review_date: Option<Date>,
}

/// An open action of the service past its due date.
#[derive(Debug, Clone)]
pub struct ActionFact {
    pub id: i64,
    pub name: String,
    pub due: Date,
}

/// A closed disruption of the service whose review is not complete.
#[derive(Debug, Clone)]
pub struct ReviewFact {
    pub disruption_id: i64,
    pub title: String,
    pub closed_on: Date,
}

/// Everything the lights read, for one service.
#[derive(Debug, Clone, Default)]
pub struct ServiceFacts {
    pub pack: PackFacts,
    pub contacts: ContactFacts,
    pub drill: DrillFacts,
    pub training: TrainingFacts,
    pub units: Vec<UnitFacts>,
    pub risks: Vec<RiskFact>,
    pub overdue_actions: Vec<ActionFact>,
    pub awaiting_review: Vec<ReviewFact>,
}

/// A drill falling due within this many days turns the light amber: time to plan it.
const DRILL_SOON_DAYS: i32 = 30;
/// A risk review falling due within this many days turns the light amber.
const RISK_SOON_DAYS: i32 = 14;

fn day(d: Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

/// "A, B and 3 more": a few names, the rest counted.
fn some(names: impl IntoIterator<Item = String>) -> String {
    let all: Vec<String> = names.into_iter().collect();
    let shown = 3;
    match all.len() {
        0 => String::new(),
        n if n <= shown => all.join(", "),
        n => format!("{} and {} more", all[..shown].join(", "), n - shown),
    }
}

fn lamp(aspect: Aspect, light: Rag, why: impl Into<String>, fix: Fix) -> Lamp {
    Lamp {
        aspect,
        light,
        why: why.into(),
        fix,
    }
}

/// Whether `then` is within `days` days before `today`.
fn within(then: Date, days: u16, today: Date) -> bool {
    today
        .checked_sub(i32::from(days).days())
        .is_ok_and(|since| then > since)
}

fn pack(p: &PackFacts, today: Date) -> Lamp {
    let a = Aspect::Pack;
    let Some(version) = p.version else {
        return lamp(a, Rag::Red, "No downtime pack has been built yet.", Fix::Pack);
    };
    if let Some(first) = p.out_of_date.first() {
        let more = match p.out_of_date.len() {
            1 => String::new(),
            n => format!(" (and {} more changes)", n - 1),
        };
        let first = first.trim_end_matches('.');
        return lamp(
            a,
            Rag::Red,
            format!("The pack is out of date: {first}{more}."),
            Fix::Pack,
        );
    }
    match p.last_check {
        None => lamp(a, Rag::Amber, "The printed pack has never been checked.", Fix::Pack),
        Some(c) if !within(c, p.check_every_days, today) => lamp(
            a,
            Rag::Amber,
            format!(
                "The printed pack was last checked on {}: a check is due every month.",
                day(c)
            ),
            Fix::Pack,
        ),
        Some(c) => lamp(
            a,
            Rag::Green,
            format!(
                "Version {version} is current; the printed copy was checked on {}.",
                day(c)
            ),
            Fix::Pack,
        ),
    }
}

fn contacts(c: &ContactFacts, today: Date) -> Lamp {
    let a = Aspect::Contacts;
    if !c.people_without.is_empty() {
        let n = c.people_without.len();
        let who = if n == 1 { "person has" } else { "people have" };
        return lamp(
            a,
            Rag::Red,
            format!(
                "{n} {who} no emergency contact: {}.",
                some(c.people_without.iter().cloned())
            ),
            Fix::People,
        );
    }
    match &c.last_verified {
        None => lamp(
            a,
            Rag::Red,
            "Nobody has recorded checking the emergency-contact sheet against the care records.",
            Fix::Pack,
        ),
        Some((d, _)) if !within(*d, c.every_days, today) => lamp(
            a,
            Rag::Amber,
            format!(
                "The emergency-contact sheet was last checked on {}: check it every month.",
                day(*d)
            ),
            Fix::Pack,
        ),
        Some((d, by)) => lamp(
            a,
            Rag::Green,
            format!("Checked against the care records on {} by {by}.", day(*d)),
            Fix::Pack,
        ),
    }
}

fn drill(d: &DrillFacts, today: Date) -> Lamp {
    let a = Aspect::Drill;
    let (Some(last), Some(due)) = (d.last, d.next_due) else {
        return lamp(a, Rag::Red, "No drill has been held.", Fix::NewDrill);
    };
    if due < today {
        return lamp(
            a,
            Rag::Red,
            format!("The last drill was on {}; the next was due by {}.", day(last), day(due)),
            Fix::NewDrill,
        );
    }
    let soon = today.checked_add(DRILL_SOON_DAYS.days()).is_ok_and(|s| due <= s);
    let (light, fix) = if soon {
        (Rag::Amber, Fix::NewDrill)
    } else {
        (Rag::Green, Fix::Drills)
    };
    lamp(
        a,
        light,
        format!("The last drill was on {}; the next is due by {}.", day(last), day(due)),
        fix,
    )
}

fn training(t: &TrainingFacts) -> Lamp {
    let a = Aspect::Training;
    let counted: Vec<&CourseFact> = t.courses.iter().filter(|c| c.percent.is_some()).collect();
    if counted.is_empty() {
        return lamp(
            a,
            Rag::Amber,
            "No training courses apply to this service's staff yet.",
            Fix::Training,
        );
    }
    let below: Vec<String> = counted
        .iter()
        .filter_map(|c| {
            let p = c.percent?;
            (p < t.threshold).then(|| format!("{} {p}%", c.name))
        })
        .collect();
    if below.is_empty() {
        lamp(
            a,
            Rag::Green,
            format!("Every course is at or above {}% of staff.", t.threshold),
            Fix::Training,
        )
    } else {
        lamp(
            a,
            Rag::Red,
            format!("Below the {}% threshold: {}.", t.threshold, some(below)),
            Fix::Training,
        )
    }
}

fn devices(units: &[UnitFacts]) -> Lamp {
    let a = Aspect::Devices;
    if units.is_empty() {
        return lamp(a, Rag::Green, "No units with devices to assess.", Fix::Devices);
    }
    let worst = units.iter().map(|u| u.light).max().unwrap_or(DeviceLight::Green);
    if worst == DeviceLight::Green {
        return lamp(
            a,
            Rag::Green,
            "Every unit has the devices and spares its policy asks for.",
            Fix::Devices,
        );
    }
    let why = some(units.iter().filter(|u| u.light == worst).map(|u| {
        format!(
            "{}: {}",
            u.name,
            u.reasons.first().map_or("needs attention", |r| r.trim_end_matches('.'))
        )
    }));
    let light = if worst == DeviceLight::Red {
        Rag::Red
    } else {
        Rag::Amber
    };
    lamp(a, light, format!("{why}."), Fix::Devices)
}

fn risks(r: &[RiskFact], today: Date) -> Lamp {
    let a = Aspect::Risks;
    if r.is_empty() {
        return lamp(
            a,
            Rag::Amber,
            "No digital-continuity risks are on the register for this service.",
            Fix::Risks,
        );
    }
    let mut overdue: Vec<&RiskFact> = r.iter().filter(|x| x.review_date.is_some_and(|d| d < today)).collect();
    overdue.sort_by_key(|x| x.review_date);
    if let Some(first) = overdue.first() {
        let list = some(overdue.iter().map(|x| {
            let due = x.review_date.map(day).unwrap_or_default();
            format!("{} (due {due})", x.name)
        }));
        let n = overdue.len();
        let what = if n == 1 { "review is" } else { "reviews are" };
        return lamp(
            a,
            Rag::Red,
            format!("{n} risk {what} overdue: {list}."),
            Fix::Risk(first.id),
        );
    }
    let soon_by = today.checked_add(RISK_SOON_DAYS.days()).unwrap_or(today);
    let mut soon: Vec<&RiskFact> = r
        .iter()
        .filter(|x| x.review_date.is_some_and(|d| d <= soon_by))
        .collect();
    soon.sort_by_key(|x| x.review_date);
    if let Some(first) = soon.first() {
        let due = first.review_date.map(day).unwrap_or_default();
        return lamp(
            a,
            Rag::Amber,
            format!("{} is due for review on {due}.", first.name),
            Fix::Risk(first.id),
        );
    }
    let n = r.len();
    let noun = if n == 1 { "risk is" } else { "risks are" };
    lamp(a, Rag::Green, format!("{n} open {noun} reviewed on time."), Fix::Risks)
}

fn actions(overdue: &[ActionFact]) -> Lamp {
    let a = Aspect::Actions;
    let mut sorted: Vec<&ActionFact> = overdue.iter().collect();
    sorted.sort_by_key(|x| (x.due, x.id));
    let Some(first) = sorted.first() else {
        return lamp(a, Rag::Green, "No action is overdue.", Fix::Actions);
    };
    let n = sorted.len();
    let what = if n == 1 { "action is" } else { "actions are" };
    let list = some(sorted.iter().map(|x| format!("{} (due {})", x.name, day(x.due))));
    lamp(
        a,
        Rag::Red,
        format!("{n} {what} overdue: {list}."),
        Fix::Action(first.id),
    )
}

fn reviews(awaiting: &[ReviewFact]) -> Lamp {
    let a = Aspect::Reviews;
    let mut sorted: Vec<&ReviewFact> = awaiting.iter().collect();
    sorted.sort_by_key(|x| (x.closed_on, x.disruption_id));
    let Some(first) = sorted.first() else {
        return lamp(
            a,
            Rag::Green,
            "Every closed disruption has been reviewed.",
            Fix::Disruptions,
        );
    };
    let more = match sorted.len() {
        1 => String::new(),
        n => format!(" ({} more await theirs)", n - 1),
    };
    lamp(
        a,
        Rag::Red,
        format!(
            "{} closed on {} and awaits its post-incident review{more}.",
            first.title,
            day(first.closed_on)
        ),
        Fix::Review(first.disruption_id),
    )
}

/// The service's readiness on `today` from its facts.
pub fn assess(f: &ServiceFacts, today: Date) -> Readiness {
    let lamps = vec![
        pack(&f.pack, today),
        contacts(&f.contacts, today),
        drill(&f.drill, today),
        training(&f.training),
        devices(&f.units),
        risks(&f.risks, today),
        actions(&f.overdue_actions),
        reviews(&f.awaiting_review),
    ];
    let light = lamps.iter().map(|l| l.light).max().unwrap_or(Rag::Green);
    Readiness { light, lamps }
}

#[cfg(test)]
#[path = "readiness_tests.rs"]
mod tests;
