//! The governance log (issue [11], point 3): dated, attributed, append-only entries — lessons
//! learned, decisions, reviews of the continuity plan, sign-offs, notes — each optionally about
//! one record. A correction is a new entry naming the one it corrects; the old one stays.
//!
//! Pure: the kinds, checking a new entry against `today` (passed in), the list's filter, and
//! how an entry's link is named and where it points.

use crate::entity::EntityKind;
use crate::field::FieldErrors;
use jiff::civil::Date;

/// The longest title, in characters.
pub const TITLE_MAX: usize = 200;
/// The longest body, in characters.
pub const BODY_MAX: usize = 8000;

/// What kind of entry it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GovKind {
    Lesson,
    Decision,
    PlanReview,
    SignOff,
    Note,
}

impl GovKind {
    pub const ALL: [GovKind; 5] = [
        GovKind::Lesson,
        GovKind::Decision,
        GovKind::PlanReview,
        GovKind::SignOff,
        GovKind::Note,
    ];

    /// What is stored and sent: `lesson`, `decision`, `plan_review`, `sign_off`, `note`.
    pub fn code(self) -> &'static str {
        match self {
            GovKind::Lesson => "lesson",
            GovKind::Decision => "decision",
            GovKind::PlanReview => "plan_review",
            GovKind::SignOff => "sign_off",
            GovKind::Note => "note",
        }
    }

    /// What people read.
    pub fn label(self) -> &'static str {
        match self {
            GovKind::Lesson => "Lesson learned",
            GovKind::Decision => "Decision",
            GovKind::PlanReview => "Review of the continuity plan",
            GovKind::SignOff => "Sign-off",
            GovKind::Note => "Note",
        }
    }

    pub fn from_code(code: &str) -> Option<GovKind> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }
}

/// What an entry can be about: a disruption (its own table), or any register record by its
/// entity slug (a drill, a risk, an action, a device…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AboutKind {
    Disruption,
    Record(EntityKind),
}

/// The `about_kind` code of a disruption.
pub const DISRUPTION: &str = "disruption";

impl AboutKind {
    /// `disruption`, or the register's slug (`drills`, `risks`, `actions`…).
    pub fn code(self) -> &'static str {
        match self {
            AboutKind::Disruption => DISRUPTION,
            AboutKind::Record(k) => k.slug(),
        }
    }

    pub fn from_code(code: &str) -> Option<AboutKind> {
        let code = code.trim();
        if code == DISRUPTION || code == "disruptions" {
            return Some(AboutKind::Disruption);
        }
        EntityKind::from_slug(code).map(AboutKind::Record)
    }

    /// "Disruption", "Drill", "Risk"…
    pub fn singular(self) -> &'static str {
        match self {
            AboutKind::Disruption => "Disruption",
            AboutKind::Record(k) => k.spec().singular,
        }
    }
}

/// The record an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct About {
    pub kind: AboutKind,
    pub id: i64,
}

impl About {
    /// Where the record's page is.
    pub fn href(&self) -> String {
        match self.kind {
            AboutKind::Disruption => format!("/disruptions/{}", self.id),
            AboutKind::Record(k) => format!("/{}/{}", k.slug(), self.id),
        }
    }

    /// How the link reads: "Drill: Live downtime drill at the residential home", or
    /// "Drill 4" when its title is not known.
    pub fn label(&self, title: Option<&str>) -> String {
        match title.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => format!("{}: {t}", self.kind.singular()),
            None => format!("{} {}", self.kind.singular(), self.id),
        }
    }
}

/// An entry as typed: every field as text, read here so that the page and the API refuse the
/// same things with the same words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryInput {
    pub kind: String,
    /// `YYYY-MM-DD`; blank for today.
    pub occurred_on: String,
    pub title: String,
    pub body: String,
    pub about_kind: String,
    pub about_id: String,
}

/// An entry that reads, ready to write (its service and what it corrects are checked by the
/// application, which knows the user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidEntry {
    pub kind: GovKind,
    pub occurred_on: Date,
    pub title: String,
    pub body: String,
    pub about: Option<About>,
}

/// Reads a date as typed (`YYYY-MM-DD`).
pub fn parse_date(text: &str) -> Result<Date, String> {
    text.trim()
        .parse::<Date>()
        .map_err(|_| "enter a date as year-month-day, for example 2026-04-15".to_string())
}

/// Checks a new entry; every problem named by its field. `today` is the organisation's date.
pub fn validate(input: &EntryInput, today: Date) -> Result<ValidEntry, FieldErrors> {
    let mut errors = FieldErrors::default();
    let kind = match input.kind.trim() {
        "" => {
            errors.add("kind", "choose what kind of entry this is");
            None
        }
        code => GovKind::from_code(code).or_else(|| {
            errors.add("kind", "choose one of: lesson, decision, plan_review, sign_off, note");
            None
        }),
    };
    let occurred_on = match input.occurred_on.trim() {
        "" => Some(today),
        text => match parse_date(text) {
            Ok(d) if d > today => {
                errors.add(
                    "occurred_on",
                    "cannot be after today: the log records what has happened",
                );
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                errors.add("occurred_on", e);
                None
            }
        },
    };
    let title = input.title.trim();
    if title.is_empty() {
        errors.add("title", "give the entry a title");
    } else if title.chars().count() > TITLE_MAX {
        errors.add("title", format!("is too long (at most {TITLE_MAX} characters)"));
    }
    let body = input.body.trim();
    if body.chars().count() > BODY_MAX {
        errors.add("body", format!("is too long (at most {BODY_MAX} characters)"));
    }
    let about = match (input.about_kind.trim(), input.about_id.trim()) {
        ("", "") => None,
        ("", _) => {
            errors.add("about_kind", "say what kind of record the entry is about");
            None
        }
        (_, "") => {
            errors.add("about_id", "say which record the entry is about");
            None
        }
        (k, id) => {
            let kind = AboutKind::from_code(k);
            if kind.is_none() {
                errors.add("about_kind", "is not a kind of record Lantern keeps");
            }
            let id = id.parse::<i64>().ok().filter(|n| *n > 0);
            if id.is_none() {
                errors.add("about_id", "is not a record number");
            }
            kind.zip(id).map(|(kind, id)| About { kind, id })
        }
    };
    match (kind, occurred_on) {
        (Some(kind), Some(occurred_on)) if errors.is_empty() => Ok(ValidEntry {
            kind,
            occurred_on,
            title: title.to_string(),
            body: body.to_string(),
            about,
        }),
        _ => Err(errors),
    }
}

/// Which services' entries the list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ServiceFilter {
    /// Every entry the user may see.
    #[default]
    Any,
    /// Only those about the whole organisation.
    Organisation,
    /// Only those of one service.
    Service(i64),
}

/// The list's filter: service, kind, and a period of `occurred_on` (both ends included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub service: ServiceFilter,
    pub kind: Option<GovKind>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// The filter as typed in the address (`service=3` or `service=organisation`, `kind=lesson`,
/// `from=2026-01-01`, `to=2026-06-30`); blank means no limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterInput {
    pub service: String,
    pub kind: String,
    pub from: String,
    pub to: String,
}

/// The `service` value that means "the whole organisation only".
pub const ORGANISATION: &str = "organisation";

impl Filter {
    /// Reads a typed filter; the period must run forwards (from ≤ to).
    pub fn parse(input: &FilterInput) -> Result<Filter, FieldErrors> {
        let mut errors = FieldErrors::default();
        let service = match input.service.trim() {
            "" => ServiceFilter::Any,
            ORGANISATION => ServiceFilter::Organisation,
            s => match s.parse::<i64>() {
                Ok(id) if id > 0 => ServiceFilter::Service(id),
                _ => {
                    errors.add("service", "choose a service");
                    ServiceFilter::Any
                }
            },
        };
        let kind = match input.kind.trim() {
            "" => None,
            k => GovKind::from_code(k).or_else(|| {
                errors.add("kind", "choose one of: lesson, decision, plan_review, sign_off, note");
                None
            }),
        };
        let mut date = |field: &str, text: &str| match text.trim() {
            "" => None,
            t => parse_date(t).map_err(|e| errors.add(field, e)).ok(),
        };
        let from = date("from", &input.from);
        let to = date("to", &input.to);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            errors.add("to", "the period must end on or after its first day");
        }
        errors.into_result(Filter {
            service,
            kind,
            from,
            to,
        })
    }

    /// Whether an entry of `service_id` (none: the whole organisation), `kind` and `occurred_on`
    /// passes the filter. The store asks the same in SQL; this is the rule it follows.
    pub fn matches(&self, service_id: Option<i64>, kind: GovKind, occurred_on: Date) -> bool {
        let service = match self.service {
            ServiceFilter::Any => true,
            ServiceFilter::Organisation => service_id.is_none(),
            ServiceFilter::Service(s) => service_id == Some(s),
        };
        service
            && self.kind.is_none_or(|k| k == kind)
            && self.from.is_none_or(|f| occurred_on >= f)
            && self.to.is_none_or(|t| occurred_on <= t)
    }

    /// The filter in words, for the printed log's every page: "All services · Lessons learned ·
    /// 1 January 2026 to 30 June 2026". `service_name` names the chosen service.
    pub fn describe(&self, service_name: Option<&str>) -> String {
        let service = match self.service {
            ServiceFilter::Any => "All services".to_string(),
            ServiceFilter::Organisation => "Whole organisation only".to_string(),
            ServiceFilter::Service(id) => service_name.map_or_else(|| format!("Service {id}"), str::to_string),
        };
        let kind = self.kind.map_or("Every kind", GovKind::label);
        let show = show_date;
        let period = match (self.from, self.to) {
            (None, None) => "Any date".to_string(),
            (Some(f), None) => format!("From {}", show(f)),
            (None, Some(t)) => format!("Up to {}", show(t)),
            (Some(f), Some(t)) => format!("{} to {}", show(f), show(t)),
        };
        format!("{service} · {kind} · {period}")
    }

    /// The filter as an address query (`service=3&kind=lesson&from=…&to=…`), blanks left out:
    /// the print and export links carry the list's filter.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        match self.service {
            ServiceFilter::Any => {}
            ServiceFilter::Organisation => parts.push(format!("service={ORGANISATION}")),
            ServiceFilter::Service(id) => parts.push(format!("service={id}")),
        }
        if let Some(k) = self.kind {
            parts.push(format!("kind={}", k.code()));
        }
        if let Some(f) = self.from {
            parts.push(format!("from={f}"));
        }
        if let Some(t) = self.to {
            parts.push(format!("to={t}"));
        }
        parts.join("&")
    }
}

/// A date as people read it: "15 April 2026".
pub fn show_date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn input(kind: &str, on: &str, title: &str) -> EntryInput {
        EntryInput {
            kind: kind.into(),
            occurred_on: on.into(),
            title: title.into(),
            ..Default::default()
        }
    }

    #[test]
    fn kinds_round_trip() {
        for k in GovKind::ALL {
            assert_eq!(GovKind::from_code(k.code()), Some(k));
        }
        assert_eq!(GovKind::from_code("gossip"), None);
    }

    #[test]
    fn a_new_entry_is_checked_against_today() {
        let today = date(2026, 12, 3);
        let ok = validate(&input("decision", "", "Keep a spare tablet per unit"), today).unwrap();
        assert_eq!(ok.occurred_on, today);
        assert_eq!(ok.kind, GovKind::Decision);
        let future = validate(&input("lesson", "2026-12-04", "x"), today).unwrap_err();
        assert!(future.get("occurred_on").unwrap().contains("after today"));
        let missing = validate(&input("lesson", "2026-12-01", "  "), today).unwrap_err();
        assert!(missing.get("title").is_some());
        let long = validate(&input("note", "", &"a".repeat(TITLE_MAX + 1)), today).unwrap_err();
        assert!(long.get("title").unwrap().contains("200"));
        let mut body = input("note", "", "t");
        body.body = "b".repeat(BODY_MAX + 1);
        assert!(validate(&body, today).unwrap_err().get("body").is_some());
        let bad_kind = validate(&input("gossip", "", "t"), today).unwrap_err();
        assert!(bad_kind.get("kind").is_some());
        assert!(validate(&input("note", "", &"a".repeat(TITLE_MAX)), today).is_ok());
    }

    #[test]
    fn a_link_needs_both_halves() {
        let today = date(2026, 12, 3);
        let mut i = input("lesson", "", "t");
        i.about_kind = "drills".into();
        assert!(validate(&i, today).unwrap_err().get("about_id").is_some());
        i.about_id = "4".into();
        let ok = validate(&i, today).unwrap();
        let about = ok.about.unwrap();
        assert_eq!(about.href(), "/drills/4");
        assert_eq!(about.label(Some("Live drill")), "Drill: Live drill");
        i.about_kind = "disruption".into();
        assert_eq!(validate(&i, today).unwrap().about.unwrap().href(), "/disruptions/4");
        i.about_kind = "spaceships".into();
        assert!(validate(&i, today).unwrap_err().get("about_kind").is_some());
    }

    #[test]
    fn the_filter_reads_and_matches() {
        let f = Filter::parse(&FilterInput {
            service: "3".into(),
            kind: "lesson".into(),
            from: "2026-01-01".into(),
            to: "2026-06-30".into(),
        })
        .unwrap();
        assert!(f.matches(Some(3), GovKind::Lesson, date(2026, 3, 1)));
        assert!(!f.matches(None, GovKind::Lesson, date(2026, 3, 1)));
        assert!(!f.matches(Some(3), GovKind::Note, date(2026, 3, 1)));
        assert!(!f.matches(Some(3), GovKind::Lesson, date(2026, 7, 1)));
        assert_eq!(f.query(), "service=3&kind=lesson&from=2026-01-01&to=2026-06-30");
        assert!(
            f.describe(Some("Oak House"))
                .starts_with("Oak House · Lesson learned · 1 January 2026")
        );
        let backwards = Filter::parse(&FilterInput {
            from: "2026-06-30".into(),
            to: "2026-01-01".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert!(backwards.get("to").is_some());
        let org = Filter::parse(&FilterInput {
            service: ORGANISATION.into(),
            ..Default::default()
        })
        .unwrap();
        assert!(org.matches(None, GovKind::Note, date(2026, 1, 1)));
        assert!(!org.matches(Some(1), GovKind::Note, date(2026, 1, 1)));
        assert_eq!(Filter::default().describe(None), "All services · Every kind · Any date");
    }
}

/// One entry of the printed log, in words ready to print.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PrintEntry {
    pub number: String,
    pub date: String,
    pub kind: String,
    pub service: String,
    pub title: String,
    pub body: String,
    pub about: String,
    /// "Corrects entry 3" / "Corrected by entry 7"; empty when neither.
    pub note: String,
    pub author: String,
    pub recorded: String,
}

/// The printed governance log: every page names the organisation, "Governance log" and the
/// filter (lantern-app fills it, lantern-pdf lays it out).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GovernanceDocument {
    pub organisation: String,
    /// [`Filter::describe`].
    pub filter: String,
    pub entries: Vec<PrintEntry>,
    pub generated: String,
}
