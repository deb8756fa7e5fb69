//! Page models of the live board: the page, the part of it that refreshes itself (the tally,
//! the groups and their cards), and one visit's card.

use crate::views::{Chrome, SelectOption};
use askama::Template;
use lantern_core::disruption::board::BoardCounts;

/// Words on a coloured badge: ("◆ TC", "high").
pub type Badge = (String, &'static str);

/// A number to ring from a card: who, as written, and as a `tel:` link dials it.
#[derive(Debug, Clone)]
pub struct Dial {
    pub who: String,
    pub shown: String,
    pub tel: String,
}

/// A status change that was refused for this card: why, and what was typed, shown again.
#[derive(Debug, Clone, Default)]
pub struct Refused {
    /// "late" or "missed": the form that is opened again.
    pub form: &'static str,
    pub message: String,
    /// The fields named in the refusal (`expected_at`, `reason`, `confirm`, `note`).
    pub fields: Vec<String>,
    pub expected_at: String,
    pub reason: String,
    pub note: String,
    pub confirmed: bool,
}

impl Refused {
    pub fn names(&self, field: &str) -> bool {
        self.fields.iter().any(|f| f == field)
    }
}

/// One visit on the board.
#[derive(Debug, Clone)]
pub struct VisitCard {
    pub visit_id: i64,
    pub time: String,
    pub person: String,
    pub person_url: String,
    pub minutes: i64,
    pub carers: String,
    pub address: String,
    pub tasks: String,
    pub flags: Vec<Badge>,
    /// The status code, for the page's script to tell what changed.
    pub status_code: &'static str,
    /// "Late: expected 10:15".
    pub status: String,
    pub status_class: &'static str,
    pub warning: Option<String>,
    /// "Late at 09:50 by Tom Evans: stuck in traffic".
    pub updated: Option<String>,
    /// When the status was last set (RFC 3339), empty when never: another coordinator's change
    /// shows as a new stamp.
    pub stamp: String,
    /// The carers' and the person's numbers, on a card that asks for a call.
    pub ring: Vec<Dial>,
    pub action: String,
    /// The one-tap statuses: (code, label, is the current status).
    pub buttons: Vec<(&'static str, &'static str, bool)>,
    pub late_current: bool,
    pub refused: Refused,
}

/// A group of cards under its heading. Groups that need nobody now can be folded away;
/// `open` is whether one starts unfolded.
#[derive(Debug, Clone)]
pub struct GroupView {
    pub code: &'static str,
    pub heading: &'static str,
    pub cards: Vec<VisitCard>,
    pub foldable: bool,
    pub open: bool,
}

/// The part of the board that follows every change: the tally, the groups and their cards.
#[derive(Debug, Clone)]
pub struct BoardLive {
    /// Of the cards shown: every figure on the page is of what the filter keeps.
    pub counts: BoardCounts,
    /// Visits on the whole board.
    pub all: usize,
    pub filtered: bool,
    pub groups: Vec<GroupView>,
    pub can_respond: bool,
    pub open: bool,
    /// "09:40": when this was worked out.
    pub updated: String,
    /// Where the page's script asks for this part again (the filter kept).
    pub live_url: String,
    /// The whole board, unfiltered.
    pub clear_url: String,
}

#[derive(Debug, Clone)]
pub struct RoundView {
    pub unit: String,
    pub time: String,
    pub time_critical: bool,
    pub clock_note: Option<String>,
    /// (person, medicine, flags)
    pub doses: Vec<(String, String, Vec<Badge>)>,
}

/// The filter form, as the coordinator left it.
#[derive(Debug, Clone)]
pub struct FilterView {
    pub service_id: i64,
    pub search: String,
    pub carers: Vec<SelectOption>,
    pub statuses: Vec<SelectOption>,
    pub needs_action: bool,
    pub clear_url: String,
}

#[derive(Template)]
#[template(path = "board.html")]
pub struct BoardPage {
    pub chrome: Chrome,
    pub title: String,
    pub back_url: String,
    pub tabs: Vec<(String, String, bool)>,
    pub service: String,
    pub home_care: bool,
    pub rounds: Vec<RoundView>,
    pub now: String,
    pub warn_after: i64,
    pub refresh_url: String,
    pub filter: FilterView,
    pub live: BoardLive,
    /// Seconds between the page's own refreshes.
    pub refresh_seconds: u32,
}

/// The refreshing part alone, for the page's script (after a tap, and every few seconds).
#[derive(Template)]
#[template(path = "board_live.html")]
pub struct BoardLivePart {
    pub chrome: Chrome,
    pub live: BoardLive,
}
