//! A person's paper MAR for a day as a form: a row per dose due, in the printed MAR's order,
//! then rows at the foot of the sheet for any medicine (a when-required dose, a second carer's
//! initials for the same dose, an extra dose written below the grid). What is typed is held row
//! by row, read from the store or from the post, so a sheet refused for one bad box comes back
//! exactly as it was typed, with that box marked.

use crate::error::AppError;
use crate::form::FormBody;
use crate::recover::recovery::{entered_line, outcome_options, problem_list, sheet, time_boxes};
use crate::recover::recovery_views::{DoseRowView, ExtraRowView, FieldProblem, SheetProblem, TimeBoxes};
use crate::views::SelectOption;
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_app::reconciliation::Loaded;
use lantern_core::pack::mar_order_of;
use lantern_core::reconcile::{DoseOutcome, due_doses};
use lantern_core::sheet_time;
use lantern_core::values::DoseTime;
use lantern_store::{NewDose, SheetKind};

/// Blank rows at the foot of a sheet with when-required or interval medicines.
const PRN_ROWS: usize = 4;
/// More rows than any paper sheet has: a post claiming more is cut here.
const MAX_EXTRA_ROWS: usize = 200;

/// What is typed in one row.
#[derive(Debug, Clone, Default)]
pub(super) struct Typed {
    outcome: String,
    time: String,
    initials: String,
    note: String,
}

impl Typed {
    fn of(d: &NewDose) -> Self {
        Typed {
            outcome: d.outcome.as_str().into(),
            time: d.given_at.map(sheet_time::show).unwrap_or_default(),
            initials: d.initials.clone(),
            note: d.note.clone(),
        }
    }

    fn posted(post: &FormBody, prefix: &str, i: usize) -> Self {
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

    /// Anything besides the outcome: a row with these and no outcome cannot be saved.
    fn has_marks(&self) -> bool {
        !(self.time.is_empty() && self.initials.is_empty() && self.note.is_empty())
    }
}

/// A row of the grid: one dose due, known by its medicine, instant and printed time (the spring
/// change prints 01:30 and 02:30 rows that are both due at 02:30 BST).
struct DueRow {
    medicine_id: i64,
    due: Timestamp,
    time: DoseTime,
    label: String,
    time_critical: bool,
    typed: Typed,
    problem: Option<FieldProblem>,
}

impl DueRow {
    fn key(&self) -> String {
        format!("{}|{}|{}", self.medicine_id, self.due, self.time)
    }
}

struct ExtraRow {
    medicine: String,
    typed: Typed,
    problem: Option<FieldProblem>,
}

impl ExtraRow {
    fn blank() -> Self {
        let typed = Typed {
            outcome: DoseOutcome::Given.as_str().into(),
            ..Typed::default()
        };
        ExtraRow {
            medicine: String::new(),
            typed,
            problem: None,
        }
    }
}

pub(super) struct MarForm {
    pub person: String,
    day: Date,
    rows: Vec<DueRow>,
    extras: Vec<ExtraRow>,
    /// Every medicine the person takes that day, for the rows at the foot: (id, label).
    medicines: Vec<(i64, String)>,
    pub notes: String,
    pub entered: String,
    focus: Option<usize>,
}

fn problem(field: &'static str, text: impl Into<String>) -> Option<FieldProblem> {
    Some(FieldProblem {
        field,
        text: text.into(),
    })
}

/// The first record not yet placed that `fits`, taken.
fn take<'a>(left: &mut [Option<&'a NewDose>], fits: impl Fn(&NewDose) -> bool) -> Option<&'a NewDose> {
    left.iter_mut().find(|d| d.is_some_and(&fits)).and_then(Option::take)
}

impl MarForm {
    /// The sheet as entered so far (blank if never).
    pub(super) fn load(l: &Loaded, person_id: i64, day: Date) -> Result<Self, AppError> {
        let person = l
            .people
            .get(&person_id)
            .ok_or_else(|| AppError::NotFound("That person is not in this disruption".into()))?;
        let schedule = |id: i64| l.medicines.iter().find(|m| m.medicine_id == id);
        let mut due: Vec<_> = due_doses(l.period, &l.medicines)
            .into_iter()
            .filter(|d| d.person_id == person_id && d.date == day)
            .collect();
        due.sort_by_cached_key(|d| {
            let order = l
                .medicine_records
                .get(&d.medicine_id)
                .map(|m| mar_order_of(d.medicine_id, m, &d.time.to_string()));
            (order, d.due_at)
        });
        let mut rows: Vec<DueRow> = due
            .iter()
            .map(|d| DueRow {
                medicine_id: d.medicine_id,
                due: d.due_at,
                time: d.time,
                label: schedule(d.medicine_id).map(|m| m.label.clone()).unwrap_or_default(),
                time_critical: schedule(d.medicine_id).is_some_and(|m| m.time_critical),
                typed: Typed::default(),
                problem: None,
            })
            .collect();
        let sheet_row = sheet(l, SheetKind::Mar, person_id, day);
        let mut left: Vec<Option<&NewDose>> = l
            .doses
            .iter()
            .filter(|r| sheet_row.is_some_and(|s| s.id == r.sheet_id))
            .map(|r| Some(&r.dose))
            .collect();
        // Each row by its own identity; then doses entered before rows were kept, in order.
        for row in &mut rows {
            let exact = |d: &NewDose| {
                d.medicine_id == Some(row.medicine_id) && d.due_at == Some(row.due) && d.sheet_time == Some(row.time)
            };
            row.typed = take(&mut left, exact).map(Typed::of).unwrap_or_default();
        }
        for row in rows.iter_mut().filter(|r| r.typed.outcome.is_empty()) {
            let older = |d: &NewDose| {
                d.medicine_id == Some(row.medicine_id) && d.due_at == Some(row.due) && d.sheet_time.is_none()
            };
            if let Some(d) = take(&mut left, older) {
                row.typed = Typed::of(d);
            }
        }
        // The rest were written at the foot (or in a row no longer due: shown, not hidden).
        let mut extras: Vec<ExtraRow> = left
            .iter()
            .flatten()
            .map(|d| ExtraRow {
                medicine: d.medicine_id.map(|m| m.to_string()).unwrap_or_default(),
                typed: Typed::of(d),
                problem: None,
            })
            .collect();
        let mut taken: Vec<_> = l
            .medicines
            .iter()
            .filter(|m| m.person_id == person_id && m.taken_on(day))
            .collect();
        taken.sort_by(|a, b| (&a.label, a.medicine_id).cmp(&(&b.label, b.medicine_id)));
        let prn_or_interval = taken.iter().any(|m| m.times.is_empty());
        let blank = if prn_or_interval {
            PRN_ROWS.saturating_sub(extras.len()).max(1)
        } else {
            1
        };
        extras.extend((0..blank).map(|_| ExtraRow::blank()));
        let medicines = taken
            .iter()
            .map(|m| {
                let when = match (m.prn, m.interval_hours) {
                    (Some(_), _) => "when required".to_string(),
                    (None, Some(h)) if m.times.is_empty() => format!("every {h} h"),
                    _ => m.times.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", "),
                };
                (m.medicine_id, format!("{} · {when}", m.label))
            })
            .collect();
        Ok(MarForm {
            person: person.full_name.clone(),
            day,
            rows,
            extras,
            medicines,
            notes: sheet_row.map(|s| s.notes.clone()).unwrap_or_default(),
            entered: entered_line(sheet_row),
            focus: None,
        })
    }

    /// Replaces what the store held with what was posted: every row, the rows at the foot (as
    /// many as were sent) and the notes.
    pub(super) fn take_post(&mut self, post: &FormBody) {
        let mut posted: Vec<(String, usize)> = post
            .0
            .iter()
            .filter_map(|(k, v)| Some((v.clone(), k.strip_prefix("slot_")?.parse().ok()?)))
            .collect();
        for (i, row) in self.rows.iter_mut().enumerate() {
            let key = row.key();
            row.typed = match posted.iter().position(|(k, _)| *k == key) {
                Some(p) => Typed::posted(post, "", posted.swap_remove(p).1),
                // A post without row keys (a script, not the form) is read row by row.
                None if post.get(&format!("slot_{i}")).is_none() => Typed::posted(post, "", i),
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
        self.extras = (0..count)
            .map(|x| ExtraRow {
                medicine: post.get(&format!("xmed_{x}")).unwrap_or("").trim().to_string(),
                typed: Typed::posted(post, "x", x),
                problem: None,
            })
            .collect();
        // A row posted that is no longer due (the register changed meanwhile) is kept at the foot.
        for (key, i) in posted {
            self.extras.push(ExtraRow {
                medicine: key.split('|').next().unwrap_or("").to_string(),
                typed: Typed::posted(post, "", i),
                problem: problem("medicine", "this dose is no longer due on the sheet: check the row"),
            });
        }
        if self.extras.is_empty() {
            self.extras.push(ExtraRow::blank());
        }
        self.notes = post.get("notes").unwrap_or("").trim().to_string();
    }

    /// One more blank row at the foot, with the cursor in it.
    pub(super) fn add_row(&mut self) {
        self.focus = Some(self.extras.len());
        self.extras.push(ExtraRow::blank());
    }

    /// The doses to save, or `None` with each bad box marked.
    pub(super) fn read(&mut self, person_id: i64) -> Option<Vec<NewDose>> {
        let day = self.day;
        let mut doses = Vec::new();
        for row in &mut self.rows {
            let t = &row.typed;
            if t.outcome.is_empty() {
                if t.has_marks() {
                    row.problem = problem("outcome", "choose what happened, or clear the row");
                }
                continue;
            }
            match checked(day, t, Some(row.due)) {
                Ok((outcome, given_at)) => doses.push(NewDose {
                    person_id,
                    medicine_id: Some(row.medicine_id),
                    due_at: Some(row.due),
                    sheet_time: Some(row.time),
                    outcome,
                    given_at,
                    initials: t.initials.clone(),
                    note: t.note.clone(),
                }),
                Err(p) => row.problem = Some(p),
            }
        }
        for x in &mut self.extras {
            let t = &x.typed;
            if x.problem.is_some() {
                continue;
            }
            if x.medicine.is_empty() {
                if t.has_marks() {
                    x.problem = problem("medicine", "choose the medicine, or clear the row");
                }
                continue;
            }
            let Some(medicine_id) = self
                .medicines
                .iter()
                .map(|(id, _)| *id)
                .find(|id| id.to_string() == x.medicine)
            else {
                x.problem = problem("medicine", "that medicine is not on this sheet");
                continue;
            };
            match checked(day, t, None) {
                Ok((_, None)) => x.problem = problem("time", "write the time it was given"),
                Ok((outcome, given_at)) => doses.push(NewDose {
                    person_id,
                    medicine_id: Some(medicine_id),
                    due_at: None,
                    sheet_time: None,
                    outcome,
                    given_at,
                    initials: t.initials.clone(),
                    note: t.note.clone(),
                }),
                Err(p) => x.problem = Some(p),
            }
        }
        let bad = self.rows.iter().any(|r| r.problem.is_some()) || self.extras.iter().any(|x| x.problem.is_some());
        (!bad).then_some(doses)
    }

    /// Every problem, in the order of the sheet, each linking to its box.
    pub(super) fn problems(&self) -> Vec<SheetProblem> {
        let due = self.rows.iter().enumerate().filter_map(|(i, r)| {
            let p = r.problem.as_ref()?;
            Some((format!("{}_{i}", p.field), format!("{} due {}", r.label, r.time), p))
        });
        let foot = self.extras.iter().enumerate().filter_map(|(x, r)| {
            let p = r.problem.as_ref()?;
            let field = if p.field == "medicine" { "med" } else { p.field };
            Some((format!("x{field}_{x}"), format!("Extra row {}", x + 1), p))
        });
        problem_list(due.chain(foot))
    }

    pub(super) fn day(&self) -> Date {
        self.day
    }

    pub(super) fn time_boxes(&self) -> TimeBoxes {
        time_boxes(self.day)
    }

    pub(super) fn rows(&self) -> Vec<DoseRowView> {
        self.rows
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

    pub(super) fn extras(&self) -> Vec<ExtraRowView> {
        self.extras
            .iter()
            .enumerate()
            .map(|(index, x)| ExtraRowView {
                index,
                medicines: self
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
                focus: self.focus == Some(index),
            })
            .collect()
    }
}

/// The outcome and time of a row that has an outcome, or the first bad box.
fn checked(day: Date, t: &Typed, due: Option<Timestamp>) -> Result<(DoseOutcome, Option<Timestamp>), FieldProblem> {
    let bad = |field, text: String| FieldProblem { field, text };
    let outcome = DoseOutcome::parse(&t.outcome).map_err(|e| bad("outcome", e))?;
    let at = sheet_time::written(day, &t.time, due).map_err(|e| bad("time", e))?;
    if t.initials.chars().count() > 8 {
        return Err(bad("initials", "write at most 8 letters of initials".into()));
    }
    if t.note.chars().count() > 500 {
        return Err(bad("note", "the note is longer than 500 characters: shorten it".into()));
    }
    Ok((outcome, at))
}
