//! A name typed with an emoji prints its emoji, from the embedded fallback font, not a box.

use super::{at, fixture, poppler};
use lantern_pdf::render_report;

pub const EMOJI_NAME: &str = "Joy 🌻 Smith";

#[test]
fn a_name_with_an_emoji_prints_it_from_the_embedded_emoji_font() {
    let mut doc = fixture::report();
    doc.findings[0].person = EMOJI_NAME.into();
    doc.findings[0].explanation = format!("Paracetamol 1 g due 08:00 for {EMOJI_NAME} is not recorded.");
    let rendered = render_report(&doc, at()).unwrap();
    if let Ok(path) = std::env::var("LANTERN_EMOJI_REPORT_PDF") {
        std::fs::write(path, &rendered.pdf).unwrap();
    }
    let Some(text) = poppler("pdftotext", &rendered.pdf, &["-raw"]) else {
        return;
    };
    assert!(text.contains(EMOJI_NAME), "the name as typed, emoji and all");
    let Some(fonts) = poppler("pdffonts", &rendered.pdf, &[]) else {
        return;
    };
    let emoji = fonts
        .lines()
        .find(|l| l.contains("NotoEmoji"))
        .unwrap_or_else(|| panic!("no emoji font in the PDF:\n{fonts}"));
    let cols: Vec<&str> = emoji.split_whitespace().collect();
    assert_eq!(cols[cols.len() - 5], "yes", "emoji font not embedded: {emoji}");
}
