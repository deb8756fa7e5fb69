//! The governance log as CSV: a header and one row per entry, every cell guarded against being
//! run as a spreadsheet formula ([`crate::formula::neutralise`]), like every CSV Lantern writes.

/// The CSV file of `rows` under `header`, CRLF line ends, cells quoted when they need it.
pub fn write(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::new();
    line(&mut out, header.iter().map(|h| h.to_string()));
    for r in rows {
        line(&mut out, r.iter().cloned());
    }
    out.into_bytes()
}

fn line(out: &mut String, cells: impl IntoIterator<Item = String>) {
    for (i, cell) in cells.into_iter().enumerate() {
        let cell = crate::formula::neutralise(&cell);
        if i > 0 {
            out.push(',');
        }
        if cell.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_formula_in_a_cell_is_neutralised_and_quotes_doubled() {
        let csv = super::write(&["title"], &[vec!["=HYPERLINK(\"x\")".into()]]);
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "title\r\n\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
    }
}
