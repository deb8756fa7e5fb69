//! Narrowing a busy board (250 visits by noon) to what a coordinator is looking for: one
//! carer's round, one status, what needs action now, or a name.

use super::VisitStatus;
use super::board::{BoardRow, Carer};

/// What the coordinator asked to see. Empty: the whole board.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardFilter {
    /// Visits of this carer (a staff id).
    pub carer: Option<i64>,
    pub status: Option<VisitStatus>,
    /// Only the rows that need someone now (overdue, or missed with the family not told).
    pub needs_action: bool,
    /// Words that must all be in the person's name or a carer's name, in any case.
    pub search: String,
}

impl BoardFilter {
    pub fn is_empty(&self) -> bool {
        self.carer.is_none() && self.status.is_none() && !self.needs_action && self.search.trim().is_empty()
    }

    pub fn keeps(&self, row: &BoardRow) -> bool {
        let v = &row.visit;
        if self.carer.is_some_and(|c| !v.carers.iter().any(|x| x.staff_id == c)) {
            return false;
        }
        if self.status.is_some_and(|s| s != row.status) || (self.needs_action && !row.needs_action) {
            return false;
        }
        let names: Vec<String> = std::iter::once(&v.person)
            .chain(v.carers.iter().map(|c| &c.name))
            .map(|n| n.to_lowercase())
            .collect();
        self.search
            .to_lowercase()
            .split_whitespace()
            .all(|word| names.iter().any(|n| n.contains(word)))
    }

    /// The rows kept, in board order.
    pub fn apply<'a>(&self, rows: &'a [BoardRow]) -> Vec<&'a BoardRow> {
        rows.iter().filter(|r| self.keeps(r)).collect()
    }
}

/// Every carer with a visit on the board, by name, each once.
pub fn carers_on(rows: &[BoardRow]) -> Vec<Carer> {
    let mut carers: Vec<Carer> = rows.iter().flat_map(|r| r.visit.carers.iter().cloned()).collect();
    carers.sort_by(|a, b| (&a.name, a.staff_id).cmp(&(&b.name, b.staff_id)));
    carers.dedup_by_key(|c| c.staff_id);
    carers
}
