//! Cells that a spreadsheet would run as formulas. Excel, LibreOffice and Google Sheets treat a
//! cell beginning with `=`, `+`, `-` or `@` (and, after a tab or a carriage return, the same)
//! as a formula, so a note `=HYPERLINK("http://x","y")` typed from paper would open as a live
//! link — OWASP "CSV Injection": prefix such cells with a single quote. Every CSV Lantern
//! writes (`lantern export csv`, reentry.csv) goes through [`neutralise`], and the importer
//! undoes it with [`restore`], so export → import → export is byte for byte the same.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula when they come first.
pub const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

const QUOTE: char = '\'';

/// An optional sign, digits, and an optional decimal part: `-5`, `+3`, `12.5`. A spreadsheet
/// reads it as the number it is, never as a formula, so it is left as written.
fn plain_number(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

/// The cell as it is safe to write: a single quote before a cell that begins with one of the
/// [`TRIGGERS`] (unless it is a plain number), and before a cell that already begins with a
/// single quote, so that [`restore`] can tell the two apart.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let guard = match cell.chars().next() {
        Some(QUOTE) => true,
        Some(c) if TRIGGERS.contains(&c) => !plain_number(cell),
        _ => false,
    };
    if guard {
        Cow::Owned(format!("{QUOTE}{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise`]: one leading single quote goes when a trigger or another single quote
/// follows it. Any other cell — `'tis`, a quote on its own — is read as written.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix(QUOTE) {
        Some(rest) if rest.starts_with(QUOTE) || rest.starts_with(TRIGGERS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_is_quoted_and_restored() {
        for c in TRIGGERS {
            let cell = format!("{c}cmd|' /C calc'!A0");
            let safe = neutralise(&cell);
            assert_eq!(safe, format!("'{cell}"), "{c:?}");
            assert_eq!(restore(&safe), cell, "{c:?}");
        }
    }

    #[test]
    fn formulas_and_formula_like_text_are_quoted() {
        for cell in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+44 7700 900123",
            "@SUM(A1)",
            "-2+3",
            "-",
            "+",
            "=",
            "-5e3",
            "-1.",
            "--5",
            "\tTab-led",
            "\rCR-led",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
            assert_eq!(restore(&neutralise(cell)), cell, "{cell:?}");
        }
    }

    #[test]
    fn plain_numbers_and_ordinary_text_are_left_alone() {
        for cell in [
            "-5",
            "+3",
            "12.5",
            "-0.25",
            "2026-11-24",
            "07700 900123",
            "Zoë",
            "",
            "a=b",
            "1 tablet",
        ] {
            assert!(matches!(neutralise(cell), Cow::Borrowed(_)), "{cell:?}");
            assert_eq!(restore(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn a_leading_quote_gets_another_so_it_survives_the_round_trip() {
        for cell in ["'quoted", "''", "'", "'=x", "''=x"] {
            let safe = neutralise(cell);
            assert_eq!(safe, format!("'{cell}"));
            assert_eq!(restore(&safe), cell, "{cell:?}");
        }
        // A quote the export did not add is kept: it is not followed by a trigger or a quote.
        assert_eq!(restore("'tis"), "'tis");
        assert_eq!(restore("'"), "'");
        assert_eq!(restore("'5"), "'5");
    }
}
