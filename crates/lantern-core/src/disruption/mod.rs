//! Respond (PRODUCT.md): declaring a disruption, and the pure rules of running the day from the
//! pack — the clocks against RTO and MTPD, the live board, the families to ring. Every rule
//! takes `now` as an argument.

pub mod board;
pub mod board_filter;
mod board_visit;
pub mod clocks;
pub mod cqc;
pub mod families;
pub mod from_board;
mod kinds;
pub mod left_open;
pub mod report;
pub mod report_build;
#[cfg(test)]
mod report_build_tests;
pub mod rounds;
pub mod scenarios;
pub mod status_change;

pub use board_visit::time_critical_people;
pub use kinds::{CallOutcome, DisruptionKind, EntryKind, SafeCare, Scenario, VisitStatus};

use crate::FieldErrors;
use crate::schedule::parse_moment;
use jiff::Timestamp;

/// A declaration as typed or sent: unparsed text, ids as strings.
#[derive(Debug, Clone, Default)]
pub struct DeclarationInput {
    pub kind: String,
    pub title: String,
    pub systems: Vec<String>,
    pub services: Vec<String>,
    pub started_at: String,
    pub detected_at: String,
    pub coordinator: String,
    pub summary: String,
    /// "threatened" or "not_threatened" (SafeCare).
    pub safe_care: String,
    /// A device failure: the failed devices' ids, and the unit (floor, wing) it is confined to.
    pub devices: Vec<String>,
    pub unit: String,
}

/// A declaration that makes sense: known type, times in order and not in the future, at least
/// one service.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    pub kind: DisruptionKind,
    pub title: String,
    pub systems: Vec<i64>,
    pub services: Vec<i64>,
    pub started_at: Timestamp,
    pub detected_at: Timestamp,
    pub coordinator: String,
    pub summary: String,
    pub safe_care: SafeCare,
    pub devices: Vec<i64>,
    pub unit: Option<String>,
}

/// Allowance for clocks on different devices disagreeing.
const FUTURE_SLACK_SECONDS: i64 = 5 * 60;

fn ids(field: &str, raw: &[String], errors: &mut FieldErrors) -> Vec<i64> {
    let mut out = Vec::new();
    for r in raw.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        match r.parse::<i64>() {
            Ok(id) if !out.contains(&id) => out.push(id),
            Ok(_) => {}
            Err(_) => errors.add(field, format!("'{r}' is not a record id")),
        }
    }
    out
}

fn moment(field: &str, raw: &str, now: Timestamp, errors: &mut FieldErrors) -> Option<Timestamp> {
    match parse_moment(raw) {
        Ok(t) if t.as_second() > now.as_second() + FUTURE_SLACK_SECONDS => {
            errors.add(field, "is in the future: a disruption is declared once it has begun");
            None
        }
        Ok(t) => Some(t),
        Err(e) => {
            errors.add(field, e);
            None
        }
    }
}

fn text(field: &str, raw: &str, max: usize, errors: &mut FieldErrors) -> String {
    let t = raw.trim().to_string();
    if t.chars().count() > max {
        errors.add(field, format!("is too long (at most {max} characters)"));
    }
    t
}

impl Declaration {
    /// Parses a declaration. Services left empty are the caller's to propose (from the
    /// systems) before parsing; an empty detection time means "now".
    pub fn parse(input: &DeclarationInput, now: Timestamp) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = DisruptionKind::parse(&input.kind)
            .map_err(|e| errors.add("kind", e))
            .ok();
        let systems = ids("systems", &input.systems, &mut errors);
        let services = ids("services", &input.services, &mut errors);
        if services.is_empty() && errors.get("services").is_none() {
            errors.add("services", "choose at least one affected service");
        }
        let started_at = moment("started_at", &input.started_at, now, &mut errors);
        let detected_at = if input.detected_at.trim().is_empty() {
            Some(now)
        } else {
            moment("detected_at", &input.detected_at, now, &mut errors)
        };
        if let (Some(s), Some(d)) = (started_at, detected_at)
            && d < s
        {
            errors.add("detected_at", "is before the disruption started");
        }
        let coordinator = text("coordinator", &input.coordinator, 120, &mut errors);
        if coordinator.is_empty() {
            errors.add("coordinator", "name who is coordinating the response");
        }
        // Asked every time, because it decides whether CQC must be told now (cqc.rs).
        let safe_care = SafeCare::answer(&input.safe_care)
            .map_err(|e| errors.add("safe_care", e))
            .ok();
        let title = text("title", &input.title, 200, &mut errors);
        let summary = text("summary", &input.summary, 5000, &mut errors);
        let devices = ids("devices", &input.devices, &mut errors);
        if kind == Some(DisruptionKind::DeviceFailure) && devices.is_empty() && errors.get("devices").is_none() {
            errors.add(
                "devices",
                "choose the devices that failed; a device missing from the list needs adding to the device register first",
            );
        }
        let unit = text("unit", &input.unit, 80, &mut errors);
        match (kind, started_at, detected_at, safe_care) {
            (Some(kind), Some(started_at), Some(detected_at), Some(safe_care)) if errors.is_empty() => {
                Ok(Declaration {
                    title: if title.is_empty() {
                        kind.label().to_string()
                    } else {
                        title
                    },
                    kind,
                    systems,
                    services,
                    started_at,
                    detected_at,
                    coordinator,
                    summary,
                    safe_care,
                    devices,
                    unit: Some(unit).filter(|u| !u.is_empty()),
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-24T09:00:00Z".parse().unwrap()
    }

    fn input() -> DeclarationInput {
        DeclarationInput {
            kind: "cyber_incident".into(),
            systems: vec!["5".into(), "8".into()],
            services: vec!["3".into()],
            started_at: "2026-11-24T07:40".into(),
            detected_at: "2026-11-24 07:55".into(),
            coordinator: "Tom Evans".into(),
            safe_care: "not_threatened".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_declaration_parses_with_a_default_title() {
        let d = Declaration::parse(&input(), now()).unwrap();
        assert_eq!(d.kind, DisruptionKind::CyberIncident);
        assert_eq!(d.title, "Cyber incident (phishing, ransomware)");
        assert_eq!((d.systems.as_slice(), d.services.as_slice()), (&[5, 8][..], &[3][..]));
        assert_eq!(d.started_at.to_string(), "2026-11-24T07:40:00Z");
        assert_eq!(d.detected_at.to_string(), "2026-11-24T07:55:00Z");
    }

    #[test]
    fn every_problem_is_named_by_field() {
        let bad = DeclarationInput {
            kind: "flood".into(),
            services: vec![],
            systems: vec!["x".into()],
            started_at: "2026-11-24T10:00".into(),
            detected_at: "soon".into(),
            coordinator: " ".into(),
            ..Default::default()
        };
        let e = Declaration::parse(&bad, now()).unwrap_err();
        for field in [
            "kind",
            "systems",
            "services",
            "started_at",
            "detected_at",
            "coordinator",
            "safe_care",
        ] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
        assert!(e.get("started_at").unwrap().contains("future"));
    }

    #[test]
    fn a_device_failure_names_its_devices_and_may_name_a_unit() {
        let mut i = input();
        i.kind = "device_failure".into();
        let e = Declaration::parse(&i, now()).unwrap_err();
        assert!(e.get("devices").unwrap().contains("choose the devices"), "{e:?}");
        i.devices = vec!["12".into(), "12".into(), "13".into()];
        i.unit = " Ash ".into();
        let d = Declaration::parse(&i, now()).unwrap();
        assert_eq!((d.devices, d.unit.as_deref()), (vec![12, 13], Some("Ash")));
        i.kind = "cyber_incident".into();
        i.devices.clear();
        i.unit.clear();
        assert_eq!(Declaration::parse(&i, now()).unwrap().unit, None);
    }

    #[test]
    fn detection_before_the_start_is_refused_and_empty_detection_is_now() {
        let mut i = input();
        i.detected_at = "2026-11-24T07:00".into();
        let e = Declaration::parse(&i, now()).unwrap_err();
        assert!(e.get("detected_at").unwrap().contains("before"));
        i.detected_at = String::new();
        assert_eq!(Declaration::parse(&i, now()).unwrap().detected_at, now());
    }
}
