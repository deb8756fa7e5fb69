//! `lantern reconcile`: a disruption's reconciliation findings, for a manager at a terminal or
//! a script (`--json`, the same shape as `GET /api/v1/disruptions/{id}/reconciliation`).

use crate::commands::{at_the_server, open};
use crate::config::Config;
use lantern_app::Clock;
use lantern_app::cause_chain as chain;
use lantern_app::reconciliation::{action_label, load, to_json};
use lantern_store::AuditEntry;

type Result<T> = std::result::Result<T, String>;

pub async fn run(config: Config, disruption: i64, json: bool) -> Result<()> {
    let store = open(&config).await?;
    let d = store.disruption(disruption).await.map_err(|e| match e {
        lantern_store::StoreError::NotFound(_) => format!("there is no disruption {disruption} (see /disruptions)"),
        other => chain(&other),
    })?;
    let now = Clock::system().now();
    let l = load(&store, d, now).await.map_err(|e| e.to_string())?;
    let actor = at_the_server("lantern reconcile");
    let entry = AuditEntry::new(
        now,
        None,
        &actor.label,
        "view",
        format!("Printed the reconciliation of disruption {disruption}"),
    );
    store.audit(&entry).await.map_err(|e| chain(&e))?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&to_json(&l)).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    println!(
        "{} — {} finding(s), {} not resolved",
        l.disruption.title,
        l.findings.len(),
        l.unresolved()
    );
    let doses = l.summary();
    println!("{}", doses.headline);
    if !doses.not_given.is_empty() {
        println!("Recorded as not given, so not missed: {}.", doses.not_given.join("; "));
    }
    for f in &l.findings {
        println!(
            "\n[{}] {} — {}\n  {}\n  Next step: {}",
            f.severity.label(),
            l.person_name(f.person_id),
            f.kind.label(),
            f.explanation,
            f.next_step
        );
        if let Some(r) = l.resolutions.get(&f.key) {
            println!("  Resolved: {} {} ({})", action_label(&r.action), r.note, r.by);
        }
    }
    match l.signed_off() {
        Some(s) => println!(
            "\nSigned off by {} on {}.",
            s.by,
            lantern_core::schedule::show_moment(s.at)
        ),
        None => println!("\nNot signed off."),
    }
    Ok(())
}
