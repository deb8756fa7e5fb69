//! A learning platform's completions export, matched to the register: a learner to a current
//! staff member by email, then by exact name; a course by its name. Each matched row becomes a
//! training record like a `training-records.csv` row, so the import is applied, refused and
//! audited as every other (imports.rs); a row that cannot be matched is refused by its row and
//! the platform's own column, and then nothing is imported.

use crate::Error;
use lantern_core::{EntityKind, Input, InputVal};
use lantern_import::training_provider::{self, COURSE, DATE, EMAIL, NAME};
use lantern_import::{Batch, ImportError, Incoming};
use lantern_store::ListQuery;
use std::collections::{HashMap, HashSet};

/// What the rows are matched against, read before the file is.
#[derive(Debug, Default, Clone)]
pub struct Lookups {
    /// Lower-case email → staff ids with it (two means it cannot say which).
    emails: HashMap<String, Vec<i64>>,
    names: HashMap<String, Vec<i64>>,
    courses: HashMap<String, i64>,
    /// A completion after this day is refused (the import's own day, in UK time).
    today: Option<jiff::civil::Date>,
}

fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

pub async fn lookups(store: &lantern_store::Store, today: jiff::civil::Date) -> Result<Lookups, Error> {
    let q = ListQuery {
        limit: 100_000,
        ..Default::default()
    };
    let mut l = Lookups {
        today: Some(today),
        ..Default::default()
    };
    for s in store.list(EntityKind::Staff, &q).await?.items {
        let email = s.record.get("email").text();
        if !email.is_empty() {
            l.emails.entry(key(&email)).or_default().push(s.id);
        }
        l.names.entry(key(&s.record.title())).or_default().push(s.id);
    }
    for c in store.list(EntityKind::Course, &q).await?.items {
        l.courses.insert(key(&c.record.title()), c.id);
    }
    Ok(l)
}

impl Lookups {
    /// The staff member a row names, or why not (and in which column).
    fn staff(&self, row: &training_provider::Row) -> Result<i64, (&'static str, String)> {
        let only = |ids: Option<&Vec<i64>>| match ids.map(Vec::as_slice) {
            Some([one]) => Some(Ok(*one)),
            Some([_, _, ..]) => Some(Err(())),
            _ => None,
        };
        if !row.email.is_empty() {
            match only(self.emails.get(&key(&row.email))) {
                Some(Ok(id)) => return Ok(id),
                Some(Err(())) => {
                    return Err((EMAIL, format!("more than one staff member has the email {}", row.email)));
                }
                None => {}
            }
        }
        match only(self.names.get(&key(&row.name))) {
            Some(Ok(id)) if !row.name.is_empty() => Ok(id),
            Some(Err(())) => Err((
                NAME,
                format!(
                    "more than one staff member is called {}: add their email to Lantern",
                    row.name
                ),
            )),
            _ if !row.email.is_empty() => Err((
                EMAIL,
                format!("no staff member has the email {} or the name '{}'", row.email, row.name),
            )),
            _ => Err((NAME, format!("no staff member is called '{}'", row.name))),
        }
    }
}

/// Reads one platform export into training records, or the rows it cannot match.
pub fn read(file: &str, input: impl std::io::Read, l: &Lookups) -> Batch {
    let read = training_provider::read(file, input);
    let mut batch = Batch {
        errors: read.errors,
        ..Default::default()
    };
    if read.not_completed > 0 {
        batch
            .unused
            .insert(format!("{file}: rows not completed"), read.not_completed);
    }
    let mut seen = HashSet::new();
    for row in read.rows {
        let refused = |field: &str, reason: String| ImportError {
            location: row.location.clone(),
            field: Some(field.to_string()),
            reason,
        };
        let staff = l.staff(&row).map_err(|(field, reason)| refused(field, reason));
        let course = l.courses.get(&key(&row.course)).copied().ok_or_else(|| {
            refused(
                COURSE,
                format!(
                    "there is no course called '{}': add it under Courses, or correct the title",
                    row.course
                ),
            )
        });
        let future = l.today.filter(|today| row.completed_on > *today).map(|_| {
            refused(
                DATE,
                "is in the future: record it on the day it happened, or after".into(),
            )
        });
        let (staff, course) = match (staff, course, future) {
            (Ok(s), Ok(c), None) => (s, c),
            (s, c, future) => {
                batch.errors.extend(s.err());
                batch.errors.extend(c.err());
                batch.errors.extend(future);
                continue;
            }
        };
        // The same completion exported twice (or again tomorrow) is one record.
        let source_id = format!("provider/{staff}/{course}/{}", row.completed_on);
        if !seen.insert(source_id.clone()) {
            *batch.unused.entry(format!("{file}: repeated rows")).or_default() += 1;
            continue;
        }
        let mut input = Input::new();
        input.insert("completed_on".into(), InputVal::One(row.completed_on.to_string()));
        if !row.certificate.is_empty() {
            input.insert("certificate_ref".into(), InputVal::One(row.certificate.clone()));
        }
        batch.records.push(Incoming {
            kind: EntityKind::TrainingRecord,
            source_id,
            input,
            defaults: Input::new(),
            refs: vec![
                ("staff_id", vec![format!("#{staff}")]),
                ("course_id", vec![format!("#{course}")]),
            ],
            additive: Vec::new(),
            origin: row.location.clone(),
            elements: vec![
                ("completed_on".into(), DATE.into()),
                ("staff_id".into(), EMAIL.into()),
                ("course_id".into(), COURSE.into()),
                ("certificate_ref".into(), training_provider::CERTIFICATE.into()),
            ],
        });
    }
    batch
}
