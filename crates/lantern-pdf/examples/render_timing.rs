//! Times rendering one stored pack document, on one thread or several:
//! `cargo run --release -p lantern-pdf --example render_timing -- THREADS DOC.json…`
//! Each thread renders every document once, in turn.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lantern_core::pack::PackDocument;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let threads: usize = args[1].parse().unwrap();
    let docs: Vec<PackDocument> = args[2..]
        .iter()
        .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
        .collect();
    let at: jiff::Timestamp = "2026-11-24T09:00:00Z".parse().unwrap();
    let start = Instant::now();
    let pages: usize = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let docs = &docs;
                s.spawn(move || {
                    // Each thread starts at a different document, so no two render the same one at once.
                    (0..docs.len())
                        .map(|i| {
                            lantern_pdf::render_pack(&docs[(i + t * 5) % docs.len()], at)
                                .unwrap()
                                .pages
                        })
                        .sum::<usize>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{pages} pages in {secs:.2}s = {:.0} pages/s ({threads} threads)",
        pages as f64 / secs
    );
}
