//! A person's paper MAR for a day: a row per dose due, in the printed MAR's order, then rows at
//! the foot of the sheet for any medicine (a when-required dose, a second carer's initials for
//! the same dose, an extra dose written below the grid). What is typed is held row by row, from
//! the store, a form or the API's lines, so a sheet refused for one bad box comes back exactly
//! as it was typed, with that box marked.

use super::Problem;
use crate::Error;
use crate::at_start::AtStart;
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::pack::mar_order_of;
use lantern_core::reconcile::{DoseOutcome, due_doses};
use lantern_core::sheet_time;
use lantern_core::values::DoseTime;
use lantern_store::{NewDose, SheetKind, SheetRow};

/// Blank rows at the foot of a sheet with when-required or interval medicines.
const PRN_ROWS: usize = 4;
/// More rows than any paper sheet has: a post claiming more is cut here.
pub const MAX_EXTRA_ROWS: usize = 200;

/// What is typed in one row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Typed {
    pub outcome: String,
    pub time: String,
    pub initials: String,
    pub note: String,
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

    /// Anything besides the outcome: a row with these and no outcome cannot be saved.
    fn has_marks(&self) -> bool {
        !(self.time.is_empty() && self.initials.is_empty() && self.note.is_empty())
    }
}

/// A row of the grid: one dose due, known by its medicine, instant and printed time (the spring
/// change prints 01:30 and 02:30 rows that are both due at 02:30 BST).
#[derive(Debug, Clone)]
pub struct DueRow {
    pub medicine_id: i64,
    pub due: Timestamp,
    pub time: DoseTime,
    pub label: String,
    pub time_critical: bool,
    pub typed: Typed,
    pub problem: Option<Problem>,
    /// The API line it was filled from, to name in a refusal.
    pub line: Option<usize>,
}

impl DueRow {
    /// The row's identity in a form.
    pub fn key(&self) -> String {
        format!("{}|{}|{}", self.medicine_id, self.due, self.time)
    }
}

/// A row at the foot of the sheet.
#[derive(Debug, Clone)]
pub struct ExtraRow {
    /// The medicine's id as typed ("" when none was chosen).
    pub medicine: String,
    pub typed: Typed,
    pub problem: Option<Problem>,
    pub line: Option<usize>,
}

impl ExtraRow {
    pub fn blank() -> Self {
        let typed = Typed {
            outcome: DoseOutcome::Given.as_str().into(),
            ..Typed::default()
        };
        ExtraRow {
            medicine: String::new(),
            typed,
            problem: None,
            line: None,
        }
    }
}

/// One dose as the API sends it: in the grid when `due` names the printed time of a dose due
/// that day, else at the foot of the sheet.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoseLine {
    pub medicine_id: i64,
    #[serde(default)]
    pub due: Option<String>,
    pub outcome: String,
    #[serde(default)]
    pub time: String,
    #[serde(default)]
    pub initials: String,
    #[serde(default)]
    pub note: String,
}

pub struct MarEntry {
    pub person: String,
    pub person_id: i64,
    pub day: Date,
    pub rows: Vec<DueRow>,
    pub extras: Vec<ExtraRow>,
    /// Every medicine the person takes that day, for the rows at the foot: (id, label).
    pub medicines: Vec<(i64, String)>,
    pub notes: String,
    /// The sheet's current entry, if it has been entered.
    pub entered: Option<SheetRow>,
    /// The row at the foot the cursor goes to.
    pub focus: Option<usize>,
}

/// The first record not yet placed that `fits`, taken.
fn take<'a>(left: &mut [Option<&'a NewDose>], fits: impl Fn(&NewDose) -> bool) -> Option<&'a NewDose> {
    left.iter_mut().find(|d| d.is_some_and(&fits)).and_then(Option::take)
}

impl MarEntry {
    /// The sheet as entered so far (blank if never).
    pub fn load(l: &AtStart, person_id: i64, day: Date) -> Result<Self, Error> {
        let person = l
            .people
            .get(&person_id)
            .ok_or_else(|| Error::NotFound("That person is not in this disruption".into()))?;
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
                line: None,
            })
            .collect();
        let sheet_row = l.sheet(SheetKind::Mar, person_id, day);
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
                line: None,
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
        Ok(MarEntry {
            person: person.full_name.clone(),
            person_id,
            day,
            rows,
            extras,
            medicines,
            notes: sheet_row.map(|s| s.notes.clone()).unwrap_or_default(),
            entered: sheet_row.cloned(),
            focus: None,
        })
    }

    /// Replaces what the store held with the API's lines: a line with `due` fills the grid's
    /// row of that medicine and printed time, the others go to the foot of the sheet. Rows no
    /// line names are left blank, as a paper sheet entered again replaces the last entry.
    pub fn fill_lines(&mut self, lines: &[DoseLine], notes: &str) {
        for row in &mut self.rows {
            row.typed = Typed::default();
        }
        self.extras.clear();
        for (i, line) in lines.iter().enumerate() {
            let typed = Typed {
                outcome: line.outcome.trim().to_string(),
                time: line.time.trim().to_string(),
                initials: line.initials.trim().to_string(),
                note: line.note.trim().to_string(),
            };
            let Some(due) = line.due.as_deref().map(str::trim).filter(|d| !d.is_empty()) else {
                self.extras.push(ExtraRow {
                    medicine: line.medicine_id.to_string(),
                    typed,
                    problem: None,
                    line: Some(i),
                });
                continue;
            };
            let printed = DoseTime::parse(due).ok();
            let row = self
                .rows
                .iter_mut()
                .find(|r| r.line.is_none() && r.medicine_id == line.medicine_id && Some(r.time) == printed);
            match row {
                Some(row) => {
                    row.typed = typed;
                    row.line = Some(i);
                }
                None => self.extras.push(ExtraRow {
                    medicine: line.medicine_id.to_string(),
                    typed,
                    problem: Some(Problem::new(
                        "due",
                        format!("no dose of this medicine is due at '{due}' on this sheet (or it is given twice)"),
                    )),
                    line: Some(i),
                }),
            }
        }
        self.notes = notes.trim().to_string();
    }

    /// One more blank row at the foot, with the cursor in it.
    pub fn add_row(&mut self) {
        self.focus = Some(self.extras.len());
        self.extras.push(ExtraRow::blank());
    }

    /// The doses to save, or `None` with each bad box marked.
    pub fn read(&mut self) -> Option<Vec<NewDose>> {
        let (day, person_id) = (self.day, self.person_id);
        let mut doses = Vec::new();
        for row in &mut self.rows {
            let t = &row.typed;
            if t.outcome.is_empty() {
                if t.has_marks() {
                    row.problem = Some(Problem::new("outcome", "choose what happened, or clear the row"));
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
                    x.problem = Some(Problem::new("medicine", "choose the medicine, or clear the row"));
                }
                continue;
            }
            let Some(medicine_id) = self
                .medicines
                .iter()
                .map(|(id, _)| *id)
                .find(|id| id.to_string() == x.medicine)
            else {
                x.problem = Some(Problem::new("medicine", "that medicine is not on this sheet"));
                continue;
            };
            match checked(day, t, None) {
                Ok((_, None)) => x.problem = Some(Problem::new("time", "write the time it was given")),
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

    /// Every problem, in the order of the sheet: (the form's box, the row in words, problem).
    pub fn problems(&self) -> Vec<(String, String, &Problem)> {
        let due = self.rows.iter().enumerate().filter_map(|(i, r)| {
            let p = r.problem.as_ref()?;
            Some((format!("{}_{i}", p.field), format!("{} due {}", r.label, r.time), p))
        });
        let foot = self.extras.iter().enumerate().filter_map(|(x, r)| {
            let p = r.problem.as_ref()?;
            let field = if p.field == "medicine" { "med" } else { p.field };
            Some((format!("x{field}_{x}"), format!("Extra row {}", x + 1), p))
        });
        due.chain(foot).collect()
    }

    /// Every problem named as the API's request names it (`doses[2].time`), in words.
    pub fn line_problems(&self) -> Vec<(String, String)> {
        let due = self.rows.iter().filter_map(|r| {
            let p = r.problem.as_ref()?;
            Some((r.line, format!("{} due {}", r.label, r.time), p))
        });
        let foot = self.extras.iter().filter_map(|r| {
            let p = r.problem.as_ref()?;
            Some((r.line, "A dose at the foot of the sheet".to_string(), p))
        });
        due.chain(foot)
            .map(|(line, row, p)| {
                let field = match (line, p.field) {
                    (Some(i), "medicine") => format!("doses[{i}].medicine_id"),
                    (Some(i), "time") => format!("doses[{i}].time"),
                    (Some(i), f) => format!("doses[{i}].{f}"),
                    (None, _) => "doses".into(),
                };
                (field, super::problem_text(&row, p))
            })
            .collect()
    }
}

/// The outcome and time of a row that has an outcome, or the first bad box.
fn checked(day: Date, t: &Typed, due: Option<Timestamp>) -> Result<(DoseOutcome, Option<Timestamp>), Problem> {
    let outcome = DoseOutcome::parse(&t.outcome).map_err(|e| Problem::new("outcome", e))?;
    let at = sheet_time::written(day, &t.time, due).map_err(|e| Problem::new("time", e))?;
    if t.initials.chars().count() > 8 {
        return Err(Problem::new("initials", "write at most 8 letters of initials"));
    }
    if t.note.chars().count() > 500 {
        return Err(Problem::new(
            "note",
            "the note is longer than 500 characters: shorten it",
        ));
    }
    Ok((outcome, at))
}
