//! A learning platform's completions export (docs/import/training-provider.md): one row per
//! learner and course, in the platform's own columns — `Learner email`, `Learner name`,
//! `Course title`, `Completion date` (DD/MM/YYYY, a time after it allowed), and optionally
//! `Certificate number` and `Status`. Read here into rows; matching them to staff and courses
//! needs the register, so lantern-app does it and names a row and column it cannot match.

use crate::ImportError;
use jiff::civil::Date;

pub const EMAIL: &str = "Learner email";
pub const NAME: &str = "Learner name";
pub const COURSE: &str = "Course title";
pub const DATE: &str = "Completion date";
pub const CERTIFICATE: &str = "Certificate number";
pub const STATUS: &str = "Status";

/// One completed course as the platform exported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// "provider.csv row 3".
    pub location: String,
    pub email: String,
    pub name: String,
    pub course: String,
    pub completed_on: Date,
    pub certificate: String,
}

/// What a file held: completed rows, problems by row and column, and rows left out because
/// the platform says they are not complete ("In progress", "Not started").
#[derive(Debug, Default)]
pub struct Read {
    pub rows: Vec<Row>,
    pub errors: Vec<ImportError>,
    pub not_completed: usize,
}

/// A cell as Lantern's own CSV reading takes it: trimmed, the export's formula guard undone.
fn clean(cell: &str) -> String {
    crate::formula::restore(cell.trim()).trim().to_string()
}

/// "14/03/2026" or "14/03/2026 10:22" (platforms often add the time).
fn completion_date(text: &str) -> Result<Date, String> {
    let day = text.split_whitespace().next().unwrap_or("");
    lantern_core::values::parse_date(day)
}

pub fn read(file: &str, input: impl std::io::Read) -> Read {
    let mut out = Read::default();
    let mut input = std::io::BufReader::new(input);
    if let Ok(start) = std::io::BufRead::fill_buf(&mut input)
        && start.starts_with(b"\xEF\xBB\xBF")
    {
        std::io::BufRead::consume(&mut input, 3);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let err = |location: String, field: &str, reason: String| ImportError {
        location,
        field: (!field.is_empty()).then(|| field.to_string()),
        reason,
    };
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => {
            out.errors.push(err(
                format!("{file} row 1"),
                "",
                format!("cannot read the header row: {e}"),
            ));
            return out;
        }
    };
    let column = |name: &str| headers.iter().position(|h| *h == name.to_lowercase());
    let (email, name, course, date) = (column(EMAIL), column(NAME), column(COURSE), column(DATE));
    for (wanted, found) in [(COURSE, course), (DATE, date)] {
        if found.is_none() {
            out.errors.push(err(
                format!("{file} row 1"),
                wanted,
                format!("the {wanted} column is missing"),
            ));
        }
    }
    if email.is_none() && name.is_none() {
        out.errors.push(err(
            format!("{file} row 1"),
            EMAIL,
            format!("the file needs a {EMAIL} or a {NAME} column"),
        ));
    }
    let (Some(course), Some(date)) = (course, date) else {
        return out;
    };
    if !out.errors.is_empty() {
        return out;
    }
    let (certificate, status) = (column(CERTIFICATE), column(STATUS));
    for (i, row) in reader.records().enumerate() {
        let location = format!("{file} row {}", i + 2);
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                out.errors.push(err(location, "", format!("not valid CSV: {e}")));
                continue;
            }
        };
        let cell = |at: Option<usize>| at.and_then(|i| row.get(i)).map(clean).unwrap_or_default();
        let state = cell(status).to_lowercase();
        if !state.is_empty() && !matches!(state.as_str(), "completed" | "complete" | "passed" | "pass") {
            out.not_completed += 1;
            continue;
        }
        let (learner_email, learner_name, title) = (cell(email), cell(name), cell(Some(course)));
        if learner_email.is_empty() && learner_name.is_empty() {
            out.errors.push(err(
                location.clone(),
                EMAIL,
                "names no learner: give an email or a name".into(),
            ));
        }
        if title.is_empty() {
            out.errors.push(err(location.clone(), COURSE, "names no course".into()));
        }
        let completed_on = match completion_date(&cell(Some(date))) {
            Ok(d) => d,
            Err(e) => {
                out.errors.push(err(location, DATE, e));
                continue;
            }
        };
        out.rows.push(Row {
            location,
            email: learner_email,
            name: learner_name,
            course: title,
            completed_on,
            certificate: cell(certificate),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_platform_export_is_read_in_its_own_columns() {
        let csv = "\u{feff}Learner name,Learner email,Course title,Completion date,Status,Certificate number\r\n\
                   Amira Khan,amira.khan@riverside-care.example,Phishing awareness,14/03/2026 10:22,Completed,C-1\r\n\
                   Ben Lowe,,Paper MAR,02/04/2026,In progress,\r\n\
                   Cara Doyle,,'=HYPERLINK(\"x\"),31/02/2026,Passed,\r\n";
        let read = read("provider.csv", csv.as_bytes());
        assert_eq!(read.not_completed, 1);
        assert_eq!(read.rows.len(), 1);
        let r = &read.rows[0];
        assert_eq!(
            (r.email.as_str(), r.course.as_str(), r.completed_on.to_string()),
            (
                "amira.khan@riverside-care.example",
                "Phishing awareness",
                "2026-03-14".into()
            )
        );
        assert_eq!(read.errors.len(), 1, "{:?}", read.errors);
        assert_eq!(read.errors[0].location, "provider.csv row 4");
        assert_eq!(read.errors[0].field.as_deref(), Some(DATE));
    }

    #[test]
    fn a_file_without_the_columns_is_refused_at_its_header() {
        let read = read("x.csv", "Name,When\r\nA,01/01/2026\r\n".as_bytes());
        let fields: Vec<_> = read.errors.iter().filter_map(|e| e.field.clone()).collect();
        assert_eq!(fields, [COURSE, DATE, EMAIL]);
        assert!(read.rows.is_empty());
    }
}
