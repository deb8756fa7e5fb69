//! A home-care branch's visit (call-monitoring) sheet for a day: each planned visit in the
//! window a row with its outcome, arrival and departure. A row not entered yet starts from what
//! the live board learnt by phone, marked as such and editable.

use super::Problem;
use crate::at_start::AtStart;
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::disruption::from_board::sheet_row;
use lantern_core::reconcile::VisitOutcome;
use lantern_core::schedule::show_time;
use lantern_core::sheet_time;
use lantern_store::{NewVisitRecord, SheetKind, SheetRow};

/// What is typed in one row of the visit sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Typed {
    pub outcome: String,
    pub arrived: String,
    pub departed: String,
    pub note: String,
}

/// A planned visit's row, known by the visit.
#[derive(Debug, Clone)]
pub struct Row {
    pub visit_id: i64,
    pub due: Timestamp,
    pub time: String,
    pub person: String,
    pub minutes: i64,
    pub typed: Typed,
    pub problem: Option<Problem>,
    /// The row was filled in from the live board: what it says, to check against the paper.
    pub from_board: Option<String>,
    /// The API line it was filled from, to name in a refusal.
    pub line: Option<usize>,
}

/// One visit as the API sends it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitLine {
    pub visit_id: i64,
    pub outcome: String,
    #[serde(default)]
    pub arrived: String,
    #[serde(default)]
    pub departed: String,
    #[serde(default)]
    pub note: String,
}

/// A branch's visit sheet for a day: the planned visits in time order, as entered so far.
pub struct VisitEntry {
    pub service_id: i64,
    pub day: Date,
    pub rows: Vec<Row>,
    pub entered: Option<SheetRow>,
    /// API lines naming no planned visit of this sheet: (line, visit id).
    pub strays: Vec<(usize, i64)>,
}

impl VisitEntry {
    pub fn load(l: &AtStart, service_id: i64, day: Date) -> Self {
        let mut visits: Vec<_> = l
            .visits
            .iter()
            .filter(|v| v.service_id == service_id && v.date == day)
            .collect();
        visits.sort_by_key(|v| (v.due, v.visit_id));
        let shown = |t: Option<Timestamp>| t.map(sheet_time::show).unwrap_or_default();
        let rows = visits
            .iter()
            .map(|v| {
                let was = l
                    .visit_records
                    .iter()
                    .find(|r| r.record.visit_id == v.visit_id)
                    .map(|r| &r.record);
                // Not entered yet: start from what the board learnt by phone.
                let board = match was {
                    Some(_) => None,
                    None => l.board.get(&v.visit_id).and_then(|h| sheet_row(h)),
                };
                Row {
                    visit_id: v.visit_id,
                    due: v.due,
                    time: show_time(v.due),
                    person: l.person_name(v.person_id),
                    minutes: v.duration_minutes,
                    typed: match (was, &board) {
                        (Some(w), _) => Typed {
                            outcome: w.outcome.as_str().into(),
                            arrived: shown(w.arrived_at),
                            departed: shown(w.departed_at),
                            note: w.note.clone(),
                        },
                        (None, Some(b)) => Typed {
                            outcome: b.outcome.as_str().into(),
                            arrived: shown(b.arrived),
                            departed: shown(b.departed),
                            note: b.note.clone(),
                        },
                        (None, None) => Typed::default(),
                    },
                    problem: None,
                    from_board: board.map(|b| {
                        format!(
                            "From the board: {} at {} by {}",
                            b.last.status.label(),
                            show_time(b.last.at),
                            b.last.by
                        )
                    }),
                    line: None,
                }
            })
            .collect();
        VisitEntry {
            service_id,
            day,
            rows,
            entered: l.sheet(SheetKind::Visits, service_id, day).cloned(),
            strays: Vec::new(),
        }
    }

    /// Replaces what was there with the API's lines, matched by visit; visits no line names
    /// are left blank, as a paper sheet entered again replaces the last entry.
    pub fn fill_lines(&mut self, lines: &[VisitLine]) {
        for row in &mut self.rows {
            row.typed = Typed::default();
            row.from_board = None;
        }
        for (i, line) in lines.iter().enumerate() {
            match self
                .rows
                .iter_mut()
                .find(|r| r.visit_id == line.visit_id && r.line.is_none())
            {
                Some(row) => {
                    row.line = Some(i);
                    row.typed = Typed {
                        outcome: line.outcome.trim().to_string(),
                        arrived: line.arrived.trim().to_string(),
                        departed: line.departed.trim().to_string(),
                        note: line.note.trim().to_string(),
                    };
                }
                None => self.strays.push((i, line.visit_id)),
            }
        }
    }

    /// The records to save, or `None` with each bad box marked.
    pub fn read(&mut self) -> Option<Vec<NewVisitRecord>> {
        let mut records = Vec::new();
        for r in &mut self.rows {
            match checked(self.day, r) {
                Ok(Some(record)) => records.push(record),
                Ok(None) => {}
                Err(p) => r.problem = Some(p),
            }
        }
        (self.strays.is_empty() && self.rows.iter().all(|r| r.problem.is_none())).then_some(records)
    }

    /// Every problem, in the order of the sheet: (the form's box, the row in words, problem).
    pub fn problems(&self) -> Vec<(String, String, &Problem)> {
        self.rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let p = r.problem.as_ref()?;
                Some((format!("{}_{i}", p.field), format!("{} at {}", r.person, r.time), p))
            })
            .collect()
    }

    /// Every problem named as the API's request names it (`visits[2].arrived`), in words.
    pub fn line_problems(&self) -> Vec<(String, String)> {
        let strays = self.strays.iter().map(|(i, visit)| {
            (
                format!("visits[{i}].visit_id"),
                format!("visit {visit} is not planned on this sheet (or is given twice)"),
            )
        });
        let rows = self.rows.iter().filter_map(|r| {
            let p = r.problem.as_ref()?;
            let field = match r.line {
                Some(i) => format!("visits[{i}].{}", p.field),
                None => "visits".into(),
            };
            Some((field, super::problem_text(&format!("{} at {}", r.person, r.time), p)))
        });
        strays.chain(rows).collect()
    }
}

/// One row's record, `None` when the row is blank, or its first bad box.
fn checked(day: Date, r: &Row) -> Result<Option<NewVisitRecord>, Problem> {
    let t = &r.typed;
    if t.outcome.is_empty() {
        if t.arrived.is_empty() && t.departed.is_empty() && t.note.is_empty() {
            return Ok(None);
        }
        return Err(Problem::new("outcome", "choose the outcome, or clear the row"));
    }
    let outcome = VisitOutcome::parse(&t.outcome).map_err(|e| Problem::new("outcome", e))?;
    let arrived_at = sheet_time::written(day, &t.arrived, Some(r.due)).map_err(|e| Problem::new("arrived", e))?;
    let departed_at = sheet_time::written(day, &t.departed, Some(r.due)).map_err(|e| Problem::new("departed", e))?;
    if let (Some(a), Some(d)) = (arrived_at, departed_at)
        && d < a
    {
        return Err(Problem::new("departed", "left before arriving: check the times"));
    }
    if t.note.chars().count() > 500 {
        return Err(Problem::new(
            "note",
            "the note is longer than 500 characters: shorten it",
        ));
    }
    Ok(Some(NewVisitRecord {
        visit_id: r.visit_id,
        outcome,
        arrived_at,
        departed_at,
        note: t.note.clone(),
    }))
}
