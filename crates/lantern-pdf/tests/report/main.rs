//! The downtime report PDF, checked the way a reader would: its text (pdftotext) and its fonts
//! (pdffonts). Without poppler-utils these tests say so and stop; `.ci/run` installs it.
//! Set LANTERN_REPORT_PDF=/some/file.pdf to keep the long example for looking at.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod emoji;
mod fixture;
mod not_given;

use lantern_core::disruption::report::ReportDocument;
use lantern_pdf::render_report;
use std::io::Write;
use std::process::Command;

/// Runs a poppler tool on PDF bytes; `None` (after saying why) when it is not installed.
fn poppler(tool: &str, pdf: &[u8], args: &[&str]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, pdf).unwrap();
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(&file);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    match cmd.output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(_) if std::env::var("CI").is_ok() || std::env::var("LANTERN_REQUIRE_TOOLS").is_ok() => {
            panic!("{tool} is required (apt-get install poppler-utils)")
        }
        Err(_) => {
            let _ = writeln!(
                std::io::stderr(),
                "skipped a report test: {tool} is not installed (apt-get install poppler-utils)"
            );
            None
        }
    }
}

fn at() -> jiff::Timestamp {
    "2026-11-24T16:00:00Z".parse().unwrap()
}

/// Text with every space and line break taken out: a table cell wraps its text wherever the
/// column ends, so a sentence is found whole only once the breaks are gone.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

const HEADINGS: [&str; 11] = [
    "Summary",
    "Systems and recovery targets",
    "CQC notification",
    "Timeline",
    "People affected",
    "Paper records entered",
    "Reconciliation",
    "Sign-off",
    "Home-care visits",
    "Families contacted",
    "Actions raised",
];

/// Where each heading first appears as a line of its own, in reading order.
fn heading_lines(text: &str) -> Vec<Option<usize>> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    HEADINGS.iter().map(|h| lines.iter().position(|l| l == h)).collect()
}

#[test]
fn a_long_report_has_every_section_finding_and_unresolved_marker() {
    let doc = fixture::report();
    let rendered = render_report(&doc, at()).unwrap();
    if let Ok(path) = std::env::var("LANTERN_REPORT_PDF") {
        std::fs::write(path, &rendered.pdf).unwrap();
    }
    assert!(rendered.pages >= 3, "sixty findings run over pages: {}", rendered.pages);
    // -raw keeps the order the text was laid down in: each table cell's lines together.
    let Some(text) = poppler("pdftotext", &rendered.pdf, &["-raw"]) else {
        return;
    };
    let lines = heading_lines(&text);
    for (h, at) in HEADINGS.iter().zip(&lines) {
        assert!(at.is_some(), "heading {h} missing");
    }
    assert!(
        lines.windows(2).all(|w| w[0] < w[1]),
        "headings out of order: {lines:?}"
    );
    let flat = squeeze(&text);
    for f in &doc.findings {
        assert!(
            flat.contains(&squeeze(&f.explanation)),
            "finding missing: {}",
            f.explanation
        );
    }
    let open = (0..60).filter(|i| fixture::unresolved(*i)).count();
    // One marker per unresolved finding, and one in the sentence that counts them.
    assert_eq!(text.matches("Not resolved").count(), open + 1, "{text}");
    assert!(text.contains(&format!("{open} not resolved")));
    for e in &doc.timeline {
        assert!(flat.contains(&squeeze(&e.text)), "timeline entry missing: {}", e.text);
    }
    assert!(text.contains("Correction: Corrects the entry of 08:20"));
    assert!(text.contains("1 family still to reach"));
    assert!(text.contains("Left open at closing"), "left-open heading");
    for l in &doc.left_open {
        assert!(flat.contains(&squeeze(l)), "left open: {l}");
    }
    let footer = format!("Riverside Care Ltd · {} · generated Tue 24 Nov 2026, 16:00", doc.title);
    assert!(squeeze(&text).contains(&squeeze(&footer)), "footer");
    assert!(text.contains(&format!("Page {} of {}", rendered.pages, rendered.pages)));
}

#[test]
fn non_ascii_names_print_as_typed_with_every_font_embedded() {
    let rendered = render_report(&fixture::report(), at()).unwrap();
    let Some(text) = poppler("pdftotext", &rendered.pdf, &["-raw"]) else {
        return;
    };
    for (name, _) in fixture::PEOPLE {
        assert!(text.contains(name), "{name} not as typed");
    }
    let Some(fonts) = poppler("pdffonts", &rendered.pdf, &[]) else {
        return;
    };
    let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        assert!(
            row.starts_with(|c: char| c.is_ascii_uppercase()) && row.contains("DejaVu"),
            "{row}"
        );
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }
}

#[test]
fn an_empty_report_renders_with_none_in_each_list() {
    let rendered = render_report(&ReportDocument::default(), at()).unwrap();
    assert_eq!(rendered.pages, 1);
    let Some(text) = poppler("pdftotext", &rendered.pdf, &["-raw"]) else {
        return;
    };
    assert!(heading_lines(&text).iter().all(Option::is_some), "{text}");
    // Services, systems, timeline, people, sheets, reconciliation, families and actions.
    assert_eq!(text.matches("None.").count(), 8, "{text}");
    // With no generated text in the document, the time it was rendered stands in (UK time).
    assert!(text.contains("Generated Tue 24 Nov 2026, 16:00"), "{text}");
}

#[test]
fn the_same_report_and_time_give_the_same_bytes() {
    let doc = fixture::report();
    assert_eq!(
        render_report(&doc, at()).unwrap().pdf,
        render_report(&doc, at()).unwrap().pdf
    );
}
