//! Page models of the Respond pages: the disruption list, the declaration form, a disruption's
//! page (clocks, checklist, timeline) and the families to ring (the live board's are in
//! board_views.rs).

use crate::views::{Chrome, SelectOption};
use askama::Template;
use lantern_core::FieldErrors;

#[derive(Debug, Clone)]
pub struct DisruptionCard {
    pub url: String,
    pub title: String,
    pub kind: String,
    pub started: String,
    /// "Running 2 h 5 min" or "Lasted 3 h".
    pub duration: String,
    pub services: String,
    pub open: bool,
    /// Closed, but its post-incident review is not complete: not finished with yet.
    pub awaiting_review: bool,
}

#[derive(Template)]
#[template(path = "disruptions.html")]
pub struct DisruptionsPage {
    pub chrome: Chrome,
    pub can_declare: bool,
    pub open: Vec<DisruptionCard>,
    pub closed: Vec<DisruptionCard>,
}

/// A checkbox in a list: a system (with the services that depend on it) or a service.
#[derive(Debug, Clone)]
pub struct CheckOption {
    pub value: String,
    pub label: String,
    pub hint: String,
    pub checked: bool,
    /// For systems: the ids of the services proposed when it is ticked, comma-separated.
    pub services: String,
}

#[derive(Template)]
#[template(path = "disruption_new.html")]
pub struct DeclarePage {
    pub chrome: Chrome,
    pub errors: FieldErrors,
    pub kinds: Vec<SelectOption>,
    pub systems: Vec<CheckOption>,
    pub services: Vec<CheckOption>,
    pub title: String,
    pub started_at: String,
    pub detected_at: String,
    pub coordinator: String,
    pub summary: String,
    pub safe_care_options: Vec<SelectOption>,
    /// The devices of the user's services (a device failure names those that failed).
    pub devices: Vec<CheckOption>,
    /// Open when the declaration is a device failure or names devices.
    pub devices_open: bool,
    /// "" (the whole of each service), then each unit of the user's services.
    pub units: Vec<SelectOption>,
}

#[derive(Debug, Clone)]
pub struct ClockView {
    pub name: String,
    pub text: String,
    /// "ok", "medium" or "high".
    pub class: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Clone)]
pub struct StepView {
    pub id: i64,
    pub text: String,
    /// "Done 09:05 by Tom Evans".
    pub done: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EntryView {
    pub id: i64,
    pub at: String,
    pub author: String,
    pub kind: String,
    pub is_event: bool,
    pub text: String,
    /// "Corrects the entry of 09:10 (Supplier contact)".
    pub corrects: Option<String>,
    pub corrected: bool,
    /// "Only for Alder House": an entry about one service, which others do not see.
    pub about: Option<String>,
}

#[derive(Template)]
#[template(path = "disruption.html")]
pub struct DisruptionPage {
    pub chrome: Chrome,
    /// Every error of a refused form, at the top of the page (the forms are far down it).
    pub error_list: Vec<(String, String)>,
    /// What closing now would leave open: a line per kind, and every item.
    pub left_open: Vec<String>,
    pub left_open_items: Vec<String>,
    /// The unit the disruption is confined to, and the devices that failed.
    pub unit: Option<String>,
    pub devices: Vec<String>,
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub scenario: String,
    pub open: bool,
    /// Closed and its post-incident review not complete.
    pub awaiting_review: bool,
    pub started: String,
    pub detected: String,
    pub declared: String,
    pub coordinator: String,
    pub summary: String,
    pub restored: Option<String>,
    pub closing_note: Option<String>,
    pub duration: String,
    pub services: Vec<(String, String)>,
    pub clocks: Vec<ClockView>,
    /// The regulation asks for notification now (else the prompt, if any, is softer).
    pub cqc_now: bool,
    /// Why the prompt shows; empty when it does not.
    pub cqc_reason: String,
    pub regulation: &'static str,
    /// The answer to "does this stop or threaten safe care?", as last recorded, and by whom.
    pub safe_care: Option<&'static str>,
    pub safe_care_by: String,
    pub safe_care_options: Vec<SelectOption>,
    pub cqc_done: Option<String>,
    pub steps: Vec<StepView>,
    pub steps_done: usize,
    pub timeline: Vec<EntryView>,
    pub can_run: bool,
    pub can_respond: bool,
    pub notice: Option<String>,
    pub errors: FieldErrors,
    pub entry_kinds: Vec<SelectOption>,
    /// "About": the whole disruption or one of the user's services (empty: no choice to make).
    pub entry_services: Vec<SelectOption>,
    /// The "when" box: now, or what was typed into a refused form.
    pub entry_at: String,
    pub correcting: Option<(i64, String)>,
    pub draft: String,
    /// The closing form: now, or what was typed into one that was refused.
    pub close_at: String,
    pub close_note: String,
    pub families_outstanding: usize,
    pub families_url: String,
    pub board_url: String,
}

#[derive(Debug, Clone)]
pub struct FamilyView {
    pub contact_id: i64,
    pub person: String,
    pub person_url: String,
    pub service: String,
    pub risk: (String, &'static str),
    pub name: String,
    pub relationship: String,
    pub phone: String,
    pub dial: String,
    pub reason: String,
    pub calls: Vec<String>,
    pub done: bool,
    pub action: String,
    /// A refused call for this contact: why, and the note typed, shown again.
    pub error: Option<String>,
    pub note: String,
}

#[derive(Template)]
#[template(path = "families.html")]
pub struct FamiliesPage {
    pub chrome: Chrome,
    pub title: String,
    pub back_url: String,
    pub outstanding: usize,
    pub lines: Vec<FamilyView>,
    pub can_respond: bool,
    pub open: bool,
    pub outcomes: Vec<(&'static str, &'static str)>,
    pub notice: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PlanView {
    pub code: String,
    pub label: String,
    pub steps: String,
    pub rows: usize,
    pub changed: String,
    pub action: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "scenarios.html")]
pub struct ScenariosPage {
    pub chrome: Chrome,
    pub plans: Vec<PlanView>,
    pub can_edit: bool,
    pub notice: Option<String>,
}
