//! UK telephone numbers as dialled from a UK phone, normalised to national format.

use std::fmt;

/// A dialable UK number: a national number (0 followed by 9 or 10 digits) or one of the
/// short numbers a care plan may name (999, 111, 112, 101, 116 xxx).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

const SHORT_NUMBERS: [&str; 4] = ["999", "111", "112", "101"];

impl PhoneNumber {
    /// Accepts spaces, dashes, dots and brackets, and "+44" or "0044" (with an optional "(0)").
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let mut digits = String::with_capacity(trimmed.len());
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                '+' if i == 0 => digits.push('+'),
                _ => {
                    return Err(format!("a phone number has only digits and spaces; found '{c}'"));
                }
            }
        }
        let national = if let Some(rest) = digits.strip_prefix("+44") {
            rest.strip_prefix('0').unwrap_or(rest).to_string()
        } else if let Some(rest) = digits.strip_prefix("0044") {
            rest.strip_prefix('0').unwrap_or(rest).to_string()
        } else if digits.starts_with('+') {
            return Err("only UK numbers are accepted (start with 0 or +44)".into());
        } else {
            digits.clone()
        };
        if digits.starts_with('+') || digits.starts_with("0044") {
            let full = format!("0{national}");
            return Self::national(&full);
        }
        if SHORT_NUMBERS.contains(&national.as_str()) || (national.len() == 6 && national.starts_with("116")) {
            return Ok(Self(national));
        }
        Self::national(&national)
    }

    fn national(n: &str) -> Result<Self, String> {
        if n.is_empty() {
            return Err("enter a phone number".into());
        }
        if !n.starts_with('0') {
            return Err("a UK number starts with 0 (or +44)".into());
        }
        match n.as_bytes().get(1) {
            Some(b'1' | b'2' | b'3' | b'5' | b'7' | b'8' | b'9') => {}
            _ => {
                return Err("this is not a UK number in use (0 must be followed by 1–3, 5, 7–9)".into());
            }
        }
        let len_ok = match n.len() {
            11 => true,
            // A few 01 areas and 0800 numbers have 9 digits after the 0.
            10 => n.starts_with("01") || n.starts_with("0800"),
            _ => false,
        };
        if !len_ok {
            return Err(format!("a UK number has 11 digits; this has {}", n.len()));
        }
        Ok(Self(n.to_string()))
    }

    /// Digits only, for `tel:` links.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneNumber {
    /// Groups as Ofcom's number plan is usually written: "020 7946 0000", "0113 496 0000",
    /// "01632 960000", "07700 900000", "0808 157 0000".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = &self.0;
        if n.len() < 10 {
            return f.write_str(n);
        }
        let groups: &[usize] = if n.starts_with("02") {
            &[3, 4]
        } else if n.starts_with("011") || (n.starts_with("01") && n.as_bytes()[3] == b'1') {
            &[4, 3]
        } else if n.starts_with("07") || n.starts_with("01") {
            &[5]
        } else {
            &[4, 3]
        };
        let mut start = 0;
        for g in groups {
            f.write_str(&n[start..start + g])?;
            f.write_str(" ")?;
            start += g;
        }
        f.write_str(&n[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn show(s: &str) -> String {
        PhoneNumber::parse(s).unwrap().to_string()
    }

    #[test]
    fn formats_the_main_number_shapes() {
        assert_eq!(show("02079460123"), "020 7946 0123");
        assert_eq!(show("0113 496 0999"), "0113 496 0999");
        assert_eq!(show("01632960001"), "01632 960001");
        assert_eq!(show("+44 7700 900123"), "07700 900123");
        assert_eq!(show("+44 (0)7700 900123"), "07700 900123");
        assert_eq!(show("0808 157 0192"), "0808 157 0192");
        assert_eq!(show("111"), "111");
    }

    #[test]
    fn rejects_what_cannot_be_dialled() {
        assert!(PhoneNumber::parse("").is_err());
        assert!(PhoneNumber::parse("07700 90012").unwrap_err().contains("11 digits"));
        assert!(PhoneNumber::parse("+33 1 23 45 67 89").unwrap_err().contains("UK"));
        assert!(PhoneNumber::parse("0400 000 0000").is_err());
        assert!(PhoneNumber::parse("0770O 900123").unwrap_err().contains("'O'"));
    }

    proptest! {
        #[test]
        fn mobiles_round_trip(rest in 0u32..1_000_000) {
            let text = format!("07700 {rest:06}");
            let p = PhoneNumber::parse(&text).unwrap();
            prop_assert_eq!(PhoneNumber::parse(&p.to_string()).unwrap(), p);
        }

        #[test]
        fn never_panics(s in "\\PC{0,24}") {
            let _ = PhoneNumber::parse(&s);
        }
    }
}
