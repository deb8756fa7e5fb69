//! `lantern pack build` and `lantern pack status`, and the morning build inside `serve`.

use crate::commands::{at_the_server, open, where_};
use crate::config::Config;
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use lantern_app::cause_chain as chain;
use lantern_app::{Clock, packs};
use lantern_core::EntityKind;
use lantern_store::{Actor, ListQuery, Store};
use std::path::{Path, PathBuf};

/// A file name from a service name: "Riverside House" → "riverside-house".
fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-")
}

/// The services named on the command line (by name or id), or all of them.
pub(crate) async fn services(store: &Store, wanted: Option<&str>) -> Result<Vec<(i64, String)>, String> {
    let all = store
        .list(
            EntityKind::Service,
            &ListQuery {
                limit: 100_000,
                ..Default::default()
            },
        )
        .await
        .map_err(|e| chain(&e))?;
    let list: Vec<(i64, String)> = all.items.into_iter().map(|s| (s.id, s.record.title())).collect();
    match wanted {
        None => Ok(list),
        Some(w) => list
            .into_iter()
            .find(|(id, name)| id.to_string() == w || name.eq_ignore_ascii_case(w))
            .map(|s| vec![s])
            .ok_or_else(|| format!("--service: there is no service called '{w}' (see `lantern pack status`)")),
    }
}

pub async fn build(config: Config, service: Option<String>, day: Option<String>, out: PathBuf) -> Result<(), String> {
    let store = open(&config).await?;
    let day = match day {
        Some(d) => lantern_core::values::parse_date(&d).map_err(|e| format!("--day: {e}"))?,
        None => Clock::system().today(),
    };
    let targets = services(&store, service.as_deref()).await?;
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let built = build_many(&store, &targets, day, &at_the_server("lantern pack build"), Some(&out)).await?;
    let pages: usize = built.iter().map(|b| b.1).sum();
    let n = built.len();
    println!(
        "Built {n} {} ({pages} pages) for {day} in {}.",
        if n == 1 { "pack" } else { "packs" },
        out.display()
    );
    Ok(())
}

/// Builds packs for several services, as many at once as there are cores, with a progress
/// bar; writes each PDF to `out` when given. Stops at the first failure.
pub async fn build_many(
    store: &Store,
    targets: &[(i64, String)],
    day: Date,
    actor: &Actor,
    out: Option<&Path>,
) -> Result<Vec<(String, usize)>, String> {
    let bar = if out.is_some() {
        ProgressBar::new(targets.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} packs  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let clock = Clock::system();
    let mut results = futures::stream::iter(targets.iter().cloned())
        .map(|(id, name)| {
            let store = store.clone();
            let actor = actor.clone();
            let now = clock.now();
            async move { (name, packs::build(&store, id, day, &actor, now).await) }
        })
        .buffer_unordered(workers);
    let mut built = Vec::new();
    while let Some((name, result)) = results.next().await {
        let pack = result.map_err(|e| format!("{name}: {e}"))?;
        if let Some(dir) = out {
            let file = dir.join(format!("{}-v{}.pdf", slug(&pack.service), pack.version));
            std::fs::write(&file, &pack.pdf).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        }
        bar.set_message(name.clone());
        bar.inc(1);
        built.push((name, pack.pages));
    }
    bar.finish_and_clear();
    Ok(built)
}

pub async fn status(config: Config) -> Result<(), String> {
    let store = open(&config).await?;
    let policy = packs::policy(&store).await.map_err(|e| e.to_string())?;
    let now = Clock::system().now();
    println!("Downtime packs in {}:", where_(&config));
    for (id, name) in services(&store, None).await? {
        let (latest, fresh) = packs::freshness(&store, id, &policy, now)
            .await
            .map_err(|e| e.to_string())?;
        let state = if fresh.fresh { "FRESH" } else { "STALE" };
        let version = latest
            .map(|p| format!("v{} built {} by {}", p.version, p.built_at, p.built_by))
            .unwrap_or_else(|| "never built".into());
        println!("\n{state}  {name}  ({version})");
        for r in fresh.reasons {
            println!("       - {r}");
        }
    }
    Ok(())
}

/// Builds every service's pack at `time` each morning, so that packs are ready to print before
/// the first visit. A failure is logged and tried again the next morning.
pub async fn morning_builds(store: Store, clock: Clock, time: lantern_core::values::DoseTime) {
    loop {
        let now = clock.now();
        let next = lantern_core::schedule::next_daily(now, time);
        let wait = next.duration_since(now).unsigned_abs();
        tracing::info!(at = %next, "next morning pack build");
        tokio::time::sleep(wait).await;
        let day = clock.today();
        let built = match services(&store, None).await {
            Ok(targets) => build_many(&store, &targets, day, &Actor::system("morning build"), None).await,
            Err(e) => Err(e),
        };
        match built {
            Ok(b) => tracing::info!(packs = b.len(), %day, "morning packs built"),
            Err(e) => tracing::error!(error = %e, "morning pack build failed"),
        }
    }
}
