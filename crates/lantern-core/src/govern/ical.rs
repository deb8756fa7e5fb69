//! An iCalendar (RFC 5545) file of all-day events, written by hand: the assurance calendar's
//! feed, which people subscribe to from the calendar they already use. Lines end in CRLF and
//! are folded at 75 octets without splitting a character (3.1); TEXT values escape `\`, `;`,
//! `,` and line breaks (3.3.11), and lose other control characters, so that a name typed with
//! a comma or pasted with a line break cannot break the file.

use jiff::Timestamp;
use jiff::civil::Date;

/// The product that wrote the file (3.7.3).
pub const PRODID: &str = "-//Lantern//Assurance calendar//EN";

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable for the same duty from one fetch to the next, so calendars update it in place.
    pub uid: String,
    pub date: Date,
    pub summary: String,
    pub description: String,
    /// An absolute address.
    pub url: String,
}

/// A calendar's text: VCALENDAR with its name, one VEVENT per event, stamped `stamp`.
pub fn write(name: &str, events: &[Event], stamp: Timestamp) -> String {
    let mut out = String::new();
    let stamp = stamp.strftime("%Y%m%dT%H%M%SZ").to_string();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, &format!("PRODID:{PRODID}"));
    line(&mut out, "VERSION:2.0");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    for e in events {
        let end = e.date.tomorrow().unwrap_or(e.date);
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", text(&e.uid)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART;VALUE=DATE:{}", day(e.date)));
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", day(end)));
        line(&mut out, &format!("SUMMARY:{}", text(&e.summary)));
        line(&mut out, &format!("DESCRIPTION:{}", text(&e.description)));
        line(&mut out, &format!("URL:{}", uri(&e.url)));
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn day(d: Date) -> String {
    d.strftime("%Y%m%d").to_string()
}

/// A TEXT value escaped (3.3.11): backslash, semicolon and comma escaped, any line break (CRLF,
/// CR or LF) as `\n`, other control characters dropped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: ours are plain addresses; anything that could end the line is left out.
fn uri(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

/// Appends a content line, folded so that no line is longer than 75 octets before its CRLF:
/// each continuation line starts with one space, and a character is never split.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Unfolds and splits the file into (name with parameters, value) lines.
    fn unfold(ics: &str) -> Vec<(String, String)> {
        assert!(ics.ends_with("\r\n"));
        let mut logical: Vec<String> = Vec::new();
        for l in ics.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(!l.contains('\n') && !l.contains('\r'), "a bare line break in {l:?}");
            assert!(l.len() <= 75, "{} octets: {l:?}", l.len());
            match l.strip_prefix(' ') {
                Some(rest) => logical.last_mut().unwrap().push_str(rest),
                None => logical.push(l.to_string()),
            }
        }
        logical
            .iter()
            .map(|l| {
                let (k, v) = l.split_once(':').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect()
    }

    fn unescape(v: &str) -> String {
        let mut out = String::new();
        let mut chars = v.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(o) => out.push(o),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn event(summary: &str) -> Event {
        Event {
            uid: "pack-check-1@lantern".into(),
            date: date(2026, 12, 31),
            summary: summary.into(),
            description: "Last done: 30 November 2026.\nhttps://lantern.example/packs/1".into(),
            url: "https://lantern.example/packs/1".into(),
        }
    }

    #[test]
    fn a_calendar_has_its_header_and_an_all_day_event() {
        let ics = write(
            "Lantern: Jo's duties",
            &[event("Pack check")],
            "2026-12-03T09:05:00Z".parse().unwrap(),
        );
        let lines = unfold(&ics);
        let get = |k: &str| lines.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        assert_eq!(lines.first().unwrap().1, "VCALENDAR");
        assert_eq!(get("VERSION").as_deref(), Some("2.0"));
        assert_eq!(get("PRODID").as_deref(), Some(PRODID));
        assert_eq!(get("CALSCALE").as_deref(), Some("GREGORIAN"));
        assert_eq!(get("X-WR-CALNAME").as_deref(), Some("Lantern: Jo's duties"));
        assert_eq!(get("DTSTART;VALUE=DATE").as_deref(), Some("20261231"));
        // The end of an all-day event is the next day, across the year's end.
        assert_eq!(get("DTEND;VALUE=DATE").as_deref(), Some("20270101"));
        assert_eq!(get("DTSTAMP").as_deref(), Some("20261203T090500Z"));
        assert_eq!(get("UID").as_deref(), Some("pack-check-1@lantern"));
        assert_eq!(
            unescape(&get("DESCRIPTION").unwrap()),
            "Last done: 30 November 2026.\nhttps://lantern.example/packs/1"
        );
        assert_eq!(lines.last().unwrap(), &("END".to_string(), "VCALENDAR".to_string()));
    }

    #[test]
    fn commas_semicolons_backslashes_and_line_breaks_are_escaped() {
        let name = "Acme, Ltd; \"Care\\Cloud\"\r\nBEGIN:VEVENT\rX\u{7}";
        assert_eq!(text(name), "Acme\\, Ltd\\; \"Care\\\\Cloud\"\\nBEGIN:VEVENT\\nX");
        let ics = write("x", &[event(name)], Timestamp::UNIX_EPOCH);
        let lines = unfold(&ics);
        assert_eq!(lines.iter().filter(|(k, _)| k == "BEGIN").count(), 2, "{ics}");
        let summary = &lines.iter().find(|(k, _)| k == "SUMMARY").unwrap().1;
        assert_eq!(unescape(summary), "Acme, Ltd; \"Care\\Cloud\"\nBEGIN:VEVENT\nX");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let long = "Hyfforddiant diogelu — ".repeat(10) + &"é".repeat(80) + &"🙂".repeat(30);
        let ics = write("x", &[event(&long)], Timestamp::UNIX_EPOCH);
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{}", l.len());
        }
        let lines = unfold(&ics);
        let summary = &lines.iter().find(|(k, _)| k == "SUMMARY").unwrap().1;
        assert_eq!(unescape(summary), long);
    }
}
