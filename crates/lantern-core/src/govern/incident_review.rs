//! The post-incident review of a closed disruption or a held drill (issue [11], point 1): what
//! happened, what went well, the weaknesses found and the lessons learned. A draft can be
//! saved half written; completing it needs what happened and the lessons, because a review
//! with no lesson has taught nothing. A disruption counts as complete only once its review is.

use crate::FieldErrors;
use crate::schedule::{show_moment, show_time};
use jiff::Timestamp;

/// The longest a section may be: several pages of typed text.
pub const MAX_SECTION: usize = 8000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus {
    Draft,
    Complete,
}

impl ReviewStatus {
    pub fn code(self) -> &'static str {
        match self {
            ReviewStatus::Draft => "draft",
            ReviewStatus::Complete => "complete",
        }
    }

    pub fn parse(code: &str) -> Option<ReviewStatus> {
        match code {
            "draft" => Some(ReviewStatus::Draft),
            "complete" => Some(ReviewStatus::Complete),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Draft => "Draft",
            ReviewStatus::Complete => "Complete",
        }
    }
}

/// The four sections a review is written in, in the page's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReviewText {
    pub what_happened: String,
    pub went_well: String,
    pub weaknesses: String,
    pub lessons: String,
}

/// (field, label) of each section, in order: the page, the API and the errors name them so.
pub const SECTIONS: [(&str, &str); 4] = [
    ("what_happened", "What happened"),
    ("went_well", "What went well"),
    ("weaknesses", "Weaknesses found"),
    ("lessons", "Lessons learned"),
];

impl ReviewText {
    pub fn section(&self, field: &str) -> &str {
        match field {
            "what_happened" => &self.what_happened,
            "went_well" => &self.went_well,
            "weaknesses" => &self.weaknesses,
            "lessons" => &self.lessons,
            _ => "",
        }
    }

    /// Trimmed, each section checked; completing needs what happened and the lessons.
    pub fn checked(&self, status: ReviewStatus) -> Result<ReviewText, FieldErrors> {
        let mut errors = FieldErrors::default();
        for (field, label) in SECTIONS {
            if self.section(field).chars().count() > MAX_SECTION {
                errors.add(field, format!("{label} is too long: keep it under 8,000 characters"));
            }
        }
        if status == ReviewStatus::Complete {
            if self.what_happened.trim().is_empty() {
                errors.add("what_happened", "say what happened before completing the review");
            }
            if self.lessons.trim().is_empty() {
                errors.add("lessons", "write the lessons learned before completing the review");
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ReviewText {
            what_happened: self.what_happened.trim().to_string(),
            went_well: self.went_well.trim().to_string(),
            weaknesses: self.weaknesses.trim().to_string(),
            lessons: self.lessons.trim().to_string(),
        })
    }
}

/// What a disruption's record says happened, for the first draft of its review.
pub struct DisruptionStory<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub started_at: Timestamp,
    pub declared_by: &'a str,
    pub restored_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub closing_note: Option<&'a str>,
    /// The timeline the reviewer may read, in order: (when, what).
    pub timeline: Vec<(Timestamp, &'a str)>,
}

/// The draft of "what happened": the declaration, the timeline and the close, as the record
/// has them, for the reviewer to edit rather than retype.
pub fn draft_what_happened(s: &DisruptionStory<'_>) -> String {
    let mut lines = vec![format!(
        "{} — started {}, declared by {}.",
        s.title,
        show_moment(s.started_at),
        s.declared_by
    )];
    if !s.summary.trim().is_empty() {
        lines.push(s.summary.trim().to_string());
    }
    let first_day = s.started_at.to_zoned_datetime(crate::schedule::london()).date();
    for (at, text) in &s.timeline {
        let day = at.to_zoned_datetime(crate::schedule::london()).date();
        let when = if day == first_day {
            show_time(*at)
        } else {
            show_moment(*at)
        };
        lines.push(format!("- {when} {}", text.trim()));
    }
    if let Some(r) = s.restored_at {
        lines.push(format!("Systems back: {}.", show_moment(r)));
    }
    if let Some(c) = s.closed_at {
        let note = s.closing_note.map(str::trim).filter(|n| !n.is_empty());
        lines.push(match note {
            Some(n) => format!("Closed {}: {n}", show_moment(c)),
            None => format!("Closed {}.", show_moment(c)),
        });
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn completing_needs_what_happened_and_the_lessons_but_a_draft_does_not() {
        let text = ReviewText {
            went_well: "Families rung within the hour".into(),
            ..Default::default()
        };
        assert!(text.checked(ReviewStatus::Draft).is_ok());
        let e = text.checked(ReviewStatus::Complete).unwrap_err();
        assert!(e.get("what_happened").is_some() && e.get("lessons").is_some());
        assert!(e.get("went_well").is_none());
    }

    #[test]
    fn a_section_too_long_is_named_and_text_is_trimmed() {
        let long = ReviewText {
            weaknesses: "x".repeat(MAX_SECTION + 1),
            ..Default::default()
        };
        assert!(
            long.checked(ReviewStatus::Draft)
                .unwrap_err()
                .get("weaknesses")
                .is_some()
        );
        let ok = ReviewText {
            lessons: "  Check the contact sheet monthly \n".into(),
            what_happened: " Phishing ".into(),
            ..Default::default()
        };
        assert_eq!(
            ok.checked(ReviewStatus::Complete).unwrap().lessons,
            "Check the contact sheet monthly"
        );
    }

    #[test]
    fn the_draft_tells_the_story_in_order_with_times_in_uk_time() {
        let story = DisruptionStory {
            title: "Phishing: e-mail isolated",
            summary: "A carer clicked a link; e-mail and the care app were taken offline.",
            started_at: at("2026-10-25T08:10:00Z"),
            declared_by: "Tom Evans",
            restored_at: Some(at("2026-10-25T14:00:00Z")),
            closed_at: Some(at("2026-10-26T09:00:00Z")),
            closing_note: Some("All sheets entered."),
            timeline: vec![
                (at("2026-10-25T08:30:00Z"), "Rang the families of high-risk people"),
                (at("2026-10-26T08:00:00Z"), "Emergency contact sheet found out of date"),
            ],
        };
        let text = draft_what_happened(&story);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("Phishing: e-mail isolated — started Sun 25 Oct 2026, 08:10"),
            "{text}"
        );
        assert_eq!(
            lines[2], "- 08:30 Rang the families of high-risk people",
            "GMT after the clocks went back"
        );
        assert!(
            lines[3].starts_with("- Mon 26 Oct 2026, 08:00"),
            "another day shows its date: {text}"
        );
        assert!(lines.last().unwrap().ends_with("All sheets entered."));
    }
}
