//! `lantern what-if`: what an outage would touch, from the register as it stands — for a drill
//! briefing at a terminal or a script (`--json`, the same shape as `POST /api/v1/what-if`).

use crate::commands::{at_the_server, open};
use crate::config::Config;
use lantern_app::what_if::{self, Ask};
use lantern_app::{App, Clock};
use lantern_core::disruption::DisruptionKind;
use lantern_core::schedule::{parse_moment, show_moment};
use lantern_core::user::ServiceAccess;
use lantern_core::{EntityKind, Record};
use lantern_store::ListQuery;

type Result<T> = std::result::Result<T, String>;

/// What was asked at the command line, as typed.
pub struct Args {
    pub systems: Vec<String>,
    pub services: Vec<String>,
    pub kind: Option<String>,
    pub from: String,
    pub hours: i64,
    pub json: bool,
}

/// A system or service by its id or its name as the register spells it.
async fn id_of(app: &App, kind: EntityKind, given: &str) -> Result<i64> {
    if let Ok(id) = given.trim().parse::<i64>() {
        return Ok(id);
    }
    let q = ListQuery {
        limit: 10_000,
        ..Default::default()
    };
    let items = app.store.list(kind, &q).await.map_err(|e| e.to_string())?.items;
    items
        .iter()
        .find(|s| Record::title(&s.record).eq_ignore_ascii_case(given.trim()))
        .map(|s| s.id)
        .ok_or_else(|| format!("there is no {} called '{given}'", kind.spec().singular_in_text()))
}

pub async fn run(config: Config, args: Args) -> Result<()> {
    let clock = Clock::system();
    let app = App {
        store: open(&config).await?,
        clock,
        builds_packs: false,
    };
    let mut systems = Vec::new();
    for s in &args.systems {
        systems.push(id_of(&app, EntityKind::System, s).await?);
    }
    let mut services = Vec::new();
    for s in &args.services {
        services.push(id_of(&app, EntityKind::Service, s).await?);
    }
    let kind = match args.kind.as_deref() {
        None => DisruptionKind::SupplierOutage,
        Some(code) => DisruptionKind::parse_code(code).map_err(|e| format!("--kind: {e}"))?,
    };
    let ask = Ask {
        kind,
        systems,
        services,
        start: parse_moment(&args.from).map_err(|e| format!("--from: {e}"))?,
        hours: args.hours,
    };
    let actor = at_the_server("lantern what-if");
    let w = what_if::run(&app, &ServiceAccess::All, &actor, &ask)
        .await
        .map_err(|e| e.to_string())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&w).map_err(|e| e.to_string())?);
        return Ok(());
    }
    let names: Vec<&str> = w.services.iter().map(|s| s.name.as_str()).collect();
    println!(
        "An outage from {} to {} ({} h) touches {}: {} people.",
        show_moment(w.window.start),
        show_moment(w.window.end),
        w.window.hours,
        if names.is_empty() {
            "no service".to_string()
        } else {
            names.join(", ")
        },
        w.people
    );
    println!(
        "Doses due: {} ({} time-critical). Visits: {}. Shifts on: {}. Families to ring: {}.",
        w.doses.len(),
        w.time_critical_doses,
        w.visits.len(),
        w.shifts.len(),
        w.families.len()
    );
    for s in &w.systems {
        let past = match (s.passes_rto, s.passes_mtpd) {
            (_, true) => format!("passes its MTPD at {}", show_moment(s.mtpd_at)),
            (true, false) => format!("passes its RTO at {}, within its MTPD", show_moment(s.rto_at)),
            _ => "stays within its RTO".to_string(),
        };
        println!("{}: {past}.", s.name);
    }
    for d in w.doses.iter().filter(|d| d.time_critical) {
        println!(
            "  Time-critical: {} — {} due {}",
            d.person,
            d.medicine,
            show_moment(d.due_at)
        );
    }
    if let Some(c) = &w.cqc {
        println!("CQC: {}", c.reason);
    }
    Ok(())
}
