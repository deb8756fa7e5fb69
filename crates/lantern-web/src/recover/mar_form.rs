//! A person's paper MAR for a day as a form: what was posted goes into lantern-app's
//! `MarEntry` row by row (so a sheet refused for one bad box comes back exactly as typed), and
//! the entry is shown as rows of boxes.

use crate::form::FormBody;
use crate::recover::recovery::outcome_options;
use crate::recover::recovery_views::{DoseRowView, ExtraRowView};
use crate::views::SelectOption;
use lantern_app::sheets::mar::{ExtraRow, MAX_EXTRA_ROWS, Typed};
use lantern_app::sheets::{MarEntry, Problem};

fn posted(post: &FormBody, prefix: &str, i: usize) -> Typed {
    let field = |name: &str| {
        post.get(&format!("{prefix}{name}_{i}"))
            .unwrap_or("")
            .trim()
            .to_string()
    };
    Typed {
        outcome: field("outcome"),
        time: field("time"),
        initials: field("initials"),
        note: field("note"),
    }
}

/// Replaces what the store held with what was posted: every row, the rows at the foot (as
/// many as were sent) and the notes.
pub(super) fn take_post(entry: &mut MarEntry, post: &FormBody) {
    let mut keys: Vec<(String, usize)> = post
        .0
        .iter()
        .filter_map(|(k, v)| Some((v.clone(), k.strip_prefix("slot_")?.parse().ok()?)))
        .collect();
    for (i, row) in entry.rows.iter_mut().enumerate() {
        let key = row.key();
        row.typed = match keys.iter().position(|(k, _)| *k == key) {
            Some(p) => posted(post, "", keys.swap_remove(p).1),
            // A post without row keys (a script, not the form) is read row by row.
            None if post.get(&format!("slot_{i}")).is_none() => posted(post, "", i),
            None => Typed::default(),
        };
    }
    let count = post
        .0
        .iter()
        .filter_map(|(k, _)| k.strip_prefix("xmed_")?.parse::<usize>().ok())
        .map(|x| x + 1)
        .max()
        .unwrap_or(0)
        .min(MAX_EXTRA_ROWS);
    entry.extras = (0..count)
        .map(|x| ExtraRow {
            medicine: post.get(&format!("xmed_{x}")).unwrap_or("").trim().to_string(),
            typed: posted(post, "x", x),
            problem: None,
            line: None,
        })
        .collect();
    // A row posted that is no longer due (the register changed meanwhile) is kept at the foot.
    for (key, i) in keys {
        entry.extras.push(ExtraRow {
            medicine: key.split('|').next().unwrap_or("").to_string(),
            typed: posted(post, "", i),
            problem: Some(Problem::new(
                "medicine",
                "this dose is no longer due on the sheet: check the row",
            )),
            line: None,
        });
    }
    if entry.extras.is_empty() {
        entry.extras.push(ExtraRow::blank());
    }
    entry.notes = post.get("notes").unwrap_or("").trim().to_string();
}

pub(super) fn rows(entry: &MarEntry) -> Vec<DoseRowView> {
    entry
        .rows
        .iter()
        .enumerate()
        .map(|(index, r)| DoseRowView {
            index,
            key: r.key(),
            medicine: r.label.clone(),
            due: r.time.to_string(),
            time_critical: r.time_critical,
            outcomes: outcome_options(&r.typed.outcome, "— blank —"),
            time: r.typed.time.clone(),
            initials: r.typed.initials.clone(),
            note: r.typed.note.clone(),
            problem: r.problem.clone().unwrap_or_default(),
        })
        .collect()
}

pub(super) fn extras(entry: &MarEntry) -> Vec<ExtraRowView> {
    entry
        .extras
        .iter()
        .enumerate()
        .map(|(index, x)| ExtraRowView {
            index,
            medicines: entry
                .medicines
                .iter()
                .map(|(id, label)| SelectOption {
                    value: id.to_string(),
                    label: label.clone(),
                    selected: x.medicine == id.to_string(),
                })
                .collect(),
            outcomes: outcome_options(&x.typed.outcome, "— blank —"),
            time: x.typed.time.clone(),
            initials: x.typed.initials.clone(),
            note: x.typed.note.clone(),
            problem: x.problem.clone().unwrap_or_default(),
            focus: entry.focus == Some(index),
        })
        .collect()
}
