//! Reconciled paper dose records as CSV, for re-entry into the care system by hand or by its
//! import (PRODUCT.md, "Reconciliation": "exported for re-entry"). docs/import/reentry.md is
//! the same column list written for the care system's administrator.

use lantern_core::disruption::report::ReentryDose;
use lantern_core::reconcile::DoseOutcome;

/// The header row, in order. Change it only with docs/import/reentry.md: administrators map
/// these names in their care system's import once and reuse the mapping.
pub const REENTRY_COLUMNS: [&str; 22] = [
    "record_id",
    "person",
    "nhs_number",
    "person_source_id",
    "medicine",
    "medicine_source_id",
    "dose",
    "route",
    "outcome",
    "outcome_label",
    "due_at",
    "due_at_london",
    "given_at",
    "given_at_london",
    "initials",
    "note",
    "entered_by",
    "entered_at",
    "entered_at_london",
    "disruption_id",
    "person_id",
    "medicine_id",
];

/// The re-entry file: one row per dose record, under a header row of [`REENTRY_COLUMNS`].
///
/// | column | meaning |
/// |---|---|
/// | `record_id` | Lantern's id of this dose record: the same record always has the same id, so a row entered twice can be spotted |
/// | `person` | the person's full name |
/// | `nhs_number` | 10 digits, no spaces, or empty |
/// | `person_source_id` | the person's id in the care system (from Lantern's import), or empty if added in Lantern |
/// | `medicine` | the medicine as on the MAR ("Levodopa 100 mg/25 mg — 1 tablet") |
/// | `medicine_source_id` | the medicine's id in the care system, or empty |
/// | `dose`, `route` | as on the MAR |
/// | `outcome` | `given`, `refused`, `omitted`, `not_available`, `away` or `other` |
/// | `outcome_label` | the same in words ("Not available", "Away or in hospital") |
/// | `due_at` | the MAR row the dose was written in, RFC 3339 UTC; empty for a PRN dose |
/// | `given_at` | when it was given (or refused…), RFC 3339 UTC; empty if no time was written |
/// | `…_london` | the column before it as UK wall-clock time, `YYYY-MM-DD HH:MM`, for reading in Excel; in the hour the autumn clock change repeats, with its offset: `2026-10-25 01:40 GMT` |
/// | `initials` | the initials written on the paper |
/// | `note` | the note written with it (may hold commas, quotes and line breaks) |
/// | `entered_by`, `entered_at` | who typed it into Lantern, and when (RFC 3339 UTC) |
/// | `disruption_id`, `person_id`, `medicine_id` | Lantern's ids (`medicine_id` empty for a loose entry) |
///
/// UTF-8 with a byte-order mark and CRLF line ends, cells quoted when they hold a comma, a
/// quote or a line break: what Excel needs to show "Zoë" and a two-line note as written
/// (ARCHITECTURE.md: "Excel exports"). A cell that would open as a formula (a note
/// `=HYPERLINK(…)`) starts with a single quote ([`crate::formula::neutralise`]).
pub fn reentry_csv(doses: &[ReentryDose]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    row(&mut out, REENTRY_COLUMNS.iter().map(|c| c.to_string()));
    for d in doses {
        let (due, due_london) = instant(&d.due_at);
        let (given, given_london) = instant(&d.given_at);
        let (entered, entered_london) = instant(&d.entered_at);
        row(
            &mut out,
            [
                d.record_id.to_string(),
                d.person.clone(),
                d.nhs_number.clone(),
                d.person_source_id.clone(),
                d.medicine.clone(),
                d.medicine_source_id.clone(),
                d.dose.clone(),
                d.route.clone(),
                d.outcome.clone(),
                outcome_label(&d.outcome),
                due,
                due_london,
                given,
                given_london,
                d.initials.clone(),
                d.note.clone(),
                d.entered_by.clone(),
                entered,
                entered_london,
                d.disruption_id.to_string(),
                d.person_id.to_string(),
                d.medicine_id.map(|id| id.to_string()).unwrap_or_default(),
            ],
        );
    }
    out.into_bytes()
}

/// The outcome in words; a code Lantern does not know is shown as it is rather than hidden.
pub(crate) fn outcome_label(code: &str) -> String {
    DoseOutcome::parse(code)
        .map(|o| o.label().to_string())
        .unwrap_or_else(|_| code.to_string())
}

/// An RFC 3339 time as (UTC, London wall clock). A value that does not parse is passed through
/// unchanged with no wall-clock twin, so nothing the paper said is lost.
fn instant(text: &str) -> (String, String) {
    match text.trim().parse::<jiff::Timestamp>() {
        Ok(t) => {
            // Marked BST or GMT only in the repeated autumn hour, where the wall clock alone is two times.
            (t.to_string(), lantern_core::sheet_time::show_with_date(t))
        }
        Err(_) => (text.to_string(), String::new()),
    }
}

/// Writes one CSV row by hand: the csv crate's writer reports I/O errors that cannot happen
/// when writing to memory, and this function has no error to return.
fn row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    for (i, cell) in cells.into_iter().enumerate() {
        let cell = crate::formula::neutralise(&cell);
        if i > 0 {
            out.push(',');
        }
        if cell.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}
