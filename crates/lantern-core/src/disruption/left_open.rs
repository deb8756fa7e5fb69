//! What is still open when a disruption is closed: checklist steps not ticked, families not yet
//! reached, visits the board never gave a final status. Closing is still allowed (the systems
//! are back whatever the paperwork says); the closing form says what is open first, the
//! timeline records it, and the downtime report lists it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LeftOpen {
    /// The text of each step not ticked.
    pub steps: Vec<String>,
    /// "Ann Smith (daughter) for Joan Smith".
    pub families: Vec<OpenItem>,
    /// "09:30 Joan Smith — Late".
    pub visits: Vec<OpenItem>,
}

/// A family or a visit left open, with the service it belongs to: a reader limited to some
/// services sees theirs only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenItem {
    pub service_id: i64,
    pub text: String,
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

impl LeftOpen {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.families.is_empty() && self.visits.is_empty()
    }

    /// One line per kind of thing left open, e.g. "2 checklist steps not ticked".
    pub fn headlines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.steps.is_empty() {
            out.push(count(
                self.steps.len(),
                "checklist step not ticked",
                "checklist steps not ticked",
            ));
        }
        if !self.families.is_empty() {
            out.push(count(
                self.families.len(),
                "family not yet reached",
                "families not yet reached",
            ));
        }
        if !self.visits.is_empty() {
            out.push(count(
                self.visits.len(),
                "visit with no final status on the board",
                "visits with no final status on the board",
            ));
        }
        out
    }

    /// The sentence the timeline keeps at closing: "" when nothing was left open.
    pub fn sentence(&self) -> String {
        match self.headlines().as_slice() {
            [] => String::new(),
            lines => format!("Left open at closing: {}.", lines.join("; ")),
        }
    }

    /// Every item, for the downtime report: "Checklist step not ticked: Ring the supplier", …
    pub fn items(&self) -> Vec<String> {
        let steps = self.steps.iter().map(|s| format!("Checklist step not ticked: {s}"));
        let families = self
            .families
            .iter()
            .map(|f| format!("Family not yet reached: {}", f.text));
        let visits = self
            .visits
            .iter()
            .map(|v| format!("Visit with no final status: {}", v.text));
        steps.chain(families).chain(visits).collect()
    }

    /// The part of it about `services` (the checklist is the whole disruption's).
    pub fn within(&self, services: &[i64]) -> LeftOpen {
        let keep = |items: &[OpenItem]| {
            items
                .iter()
                .filter(|i| services.contains(&i.service_id))
                .cloned()
                .collect()
        };
        LeftOpen {
            steps: self.steps.clone(),
            families: keep(&self.families),
            visits: keep(&self.visits),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_open_says_nothing() {
        let l = LeftOpen::default();
        assert!(l.is_empty());
        assert_eq!(l.sentence(), "");
        assert!(l.items().is_empty());
    }

    #[test]
    fn counts_are_worded_for_one_and_many() {
        let item = |service_id, text: &str| OpenItem {
            service_id,
            text: text.into(),
        };
        let l = LeftOpen {
            steps: vec!["Ring the supplier".into()],
            families: vec![item(1, "Ann (daughter) for Joan"), item(2, "Bob (son) for Ted")],
            visits: vec![item(1, "09:30 Joan — Late")],
        };
        assert_eq!(
            l.sentence(),
            "Left open at closing: 1 checklist step not ticked; 2 families not yet reached; \
             1 visit with no final status on the board."
        );
        assert_eq!(l.items()[0], "Checklist step not ticked: Ring the supplier");
        assert_eq!(l.items().len(), 4);
        let mine = l.within(&[2]);
        assert_eq!(
            mine.items(),
            vec![
                "Checklist step not ticked: Ring the supplier".to_string(),
                "Family not yet reached: Bob (son) for Ted".to_string()
            ],
            "another service's family and visit are not shown"
        );
    }
}
