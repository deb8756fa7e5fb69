//! A drill's briefing sheet as a document: what the facilitator hands out, printed. It holds
//! words ready to print (lantern-app fills it from the drill and its what-if; lantern-pdf lays
//! it out), in the order the drill page shows them, so the paper and the screen agree.

use serde::Serialize;

/// One line of a list: a time or tier, who or what, and the detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetLine {
    pub when: String,
    pub what: String,
    pub detail: String,
}

/// The drill's briefing sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefingDocument {
    pub organisation: String,
    /// Repeated on every page: which drill, service and date the sheet is for.
    pub drill: String,
    pub service: String,
    pub date: String,
    pub drill_type: String,
    pub facilitator: String,
    pub participants: Vec<String>,
    pub scenario: String,
    pub description: String,
    pub injects: Vec<String>,
    /// "4 hours from Wed 25 Nov 2026, 07:00: 40 people in 1 service"; empty without a what-if.
    pub headline: String,
    pub services: Vec<String>,
    /// (figure, label) in the drill page's order.
    pub figures: Vec<(String, String)>,
    pub milestones: Vec<String>,
    pub cqc: String,
    pub time_critical: Vec<SheetLine>,
    pub families: Vec<SheetLine>,
    pub visits: Vec<SheetLine>,
    pub doses: Vec<SheetLine>,
    pub shifts: Vec<SheetLine>,
    pub generated: String,
}
