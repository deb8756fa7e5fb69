//! Page models of the Recover pages: the sheets to enter, a MAR sheet, a visit sheet, and the
//! reconciliation with its findings, resolutions and sign-off.

use crate::views::{Chrome, SelectOption};
use askama::Template;
use lantern_app::sheets::Problem;

#[derive(Debug, Clone)]
pub struct SheetLine {
    pub label: String,
    pub url: String,
    /// "Entered 14:02 by Jo Patel (12 records)" or "".
    pub entered: String,
}

#[derive(Template)]
#[template(path = "entry.html")]
pub struct EntryPage {
    pub chrome: Chrome,
    pub title: String,
    pub back_url: String,
    pub window: String,
    pub mar: Vec<SheetLine>,
    pub visits: Vec<SheetLine>,
    pub to_enter: usize,
    pub reconciliation_url: String,
}

/// A problem found in a sheet, listed at the top: the field it is about and what is wrong.
#[derive(Debug, Clone)]
pub struct SheetProblem {
    /// The id of the field, to jump to.
    pub field: String,
    pub text: String,
}

/// One row of a MAR sheet form.
#[derive(Debug, Clone)]
pub struct DoseRowView {
    pub index: usize,
    pub key: String,
    pub medicine: String,
    pub due: String,
    pub time_critical: bool,
    pub outcomes: Vec<SelectOption>,
    pub time: String,
    pub initials: String,
    pub note: String,
    /// The row's bad box, if any (the default, empty problem otherwise).
    pub problem: Problem,
}

/// A row at the foot of the MAR: a when-required or interval dose, or another entry for any
/// medicine (a second carer's initials, a dose written below the grid).
#[derive(Debug, Clone)]
pub struct ExtraRowView {
    pub index: usize,
    pub medicines: Vec<SelectOption>,
    pub outcomes: Vec<SelectOption>,
    pub time: String,
    pub initials: String,
    pub note: String,
    /// The row's bad box, if any (the default, empty problem otherwise).
    pub problem: Problem,
    /// The row just added: the cursor goes there.
    pub focus: bool,
}

/// How time boxes behave on a sheet's day.
#[derive(Debug, Clone)]
pub struct TimeBoxes {
    /// The advice for the autumn repeated hour, or "".
    pub hint: String,
    /// `numeric`, or `text` when `BST`/`GMT` may have to be typed.
    pub inputmode: &'static str,
    pub maxlength: usize,
}

#[derive(Template)]
#[template(path = "mar_entry.html")]
pub struct MarEntryPage {
    pub chrome: Chrome,
    /// Why this user cannot save the sheet (read only, or signed off): no Save button then.
    pub locked: Option<String>,
    pub back_url: String,
    pub person: String,
    pub day: String,
    pub problems: Vec<SheetProblem>,
    pub rows: Vec<DoseRowView>,
    pub extras: Vec<ExtraRowView>,
    pub notes: String,
    pub entered: String,
    pub times: TimeBoxes,
}

#[derive(Debug, Clone)]
pub struct VisitRowView {
    pub index: usize,
    pub visit_id: i64,
    pub time: String,
    pub person: String,
    pub minutes: i64,
    pub outcomes: Vec<SelectOption>,
    pub arrived: String,
    pub departed: String,
    pub note: String,
    /// The row's bad box, if any (the default, empty problem otherwise).
    pub problem: Problem,
    /// "From the board: Completed at 10:40 by Tom Evans" when the row starts from what the
    /// live board recorded (empty otherwise).
    pub from_board: String,
}

#[derive(Template)]
#[template(path = "visits_entry.html")]
pub struct VisitEntryPage {
    pub chrome: Chrome,
    /// Why this user cannot save the sheet (read only, or signed off): no Save button then.
    pub locked: Option<String>,
    pub back_url: String,
    pub service: String,
    pub day: String,
    pub problems: Vec<SheetProblem>,
    pub rows: Vec<VisitRowView>,
    pub entered: String,
    pub times: TimeBoxes,
    /// How many rows start from the live board.
    pub from_board: usize,
}

#[derive(Debug, Clone)]
pub struct FindingView {
    pub key: String,
    pub severity: String,
    pub severity_class: &'static str,
    pub kind: String,
    pub explanation: String,
    pub next_step: String,
    /// "Clinical advice sought — GP said give now (Priya Shah, 14:02)".
    pub resolution: Option<String>,
    /// Every action (code, label, chosen): the recorded one, or the one typed when refused.
    pub options: Vec<(&'static str, &'static str, bool)>,
    /// Whether any action is chosen (else "Choose what was done" is).
    pub chosen: bool,
    /// The recorded note, or the one typed when refused.
    pub note: String,
    /// Why the resolution was refused, and the field ("action" or "note") it is about.
    pub error: Option<String>,
    pub error_on: String,
}

#[derive(Debug, Clone)]
pub struct PersonFindings {
    pub person: String,
    pub person_url: String,
    pub findings: Vec<FindingView>,
}

#[derive(Template)]
#[template(path = "reconciliation.html")]
pub struct ReconciliationPage {
    pub chrome: Chrome,
    pub title: String,
    pub back_url: String,
    pub entry_url: String,
    pub report_url: String,
    /// A new action raised from this reconciliation's findings.
    pub raise_url: String,
    pub window: String,
    pub notice: Option<String>,
    /// A refusal about the page as a whole (a finding that has gone).
    pub alert: Option<String>,
    pub open: bool,
    pub counts: Vec<(String, &'static str, usize)>,
    pub total: usize,
    pub unresolved: usize,
    pub not_entered: usize,
    /// The medicines headline: "no missed doses" only when true, not-given doses apart.
    pub summary: lantern_core::reconcile::DoseSummary,
    pub people: Vec<PersonFindings>,
    pub resolve_url: String,
    pub sign_off_url: String,
    pub can_resolve: bool,
    pub can_sign: bool,
    /// Why there is no sign-off form.
    pub sign_hint: String,
    pub signed: Option<String>,
    pub stale_sign_off: Option<String>,
    pub export_csv_url: String,
    pub export_fhir_url: String,
}

#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportPage {
    pub chrome: Chrome,
    pub doc: lantern_core::disruption::report::ReportDocument,
    pub back_url: String,
    pub pdf_url: String,
    pub reconciliation_url: String,
}
