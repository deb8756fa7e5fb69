//! Smaller values with a shape of their own: e-mail addresses, CQC location ids, postcodes,
//! 1–5 scores.

/// A plausible e-mail address: one '@', a dot in the domain, no spaces. Normalised to lower case.
pub fn parse_email(text: &str) -> Result<String, String> {
    let t = text.trim();
    let bad = || format!("'{t}' is not an e-mail address");
    let (local, domain) = t.split_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || domain.len() < 3
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains('@')
        || t.chars().any(|c| c.is_whitespace() || c.is_control())
        || t.len() > 254
    {
        return Err(bad());
    }
    Ok(t.to_lowercase())
}

/// A CQC location id: "1-" followed by 6 to 11 digits, as on the CQC register.
pub fn parse_cqc_location_id(text: &str) -> Result<String, String> {
    let t = text.trim();
    match t.strip_prefix("1-") {
        Some(rest) if (6..=11).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit()) => Ok(t.to_string()),
        _ => Err(format!("'{t}' is not a CQC location id (it looks like 1-123456789)")),
    }
}

/// A UK postcode, normalised to upper case with one space before the inward code.
pub fn parse_postcode(text: &str) -> Result<String, String> {
    let compact: String = text.split_whitespace().collect::<String>().to_uppercase();
    let bad = || format!("'{}' is not a UK postcode", text.trim());
    if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
        return Err(bad());
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward_ok = {
        let b = inward.as_bytes();
        b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
    };
    let outward_ok = outward.as_bytes()[0].is_ascii_alphabetic()
        && outward.bytes().all(|b| b.is_ascii_alphanumeric())
        && outward.bytes().any(|b| b.is_ascii_digit());
    if inward_ok && outward_ok {
        Ok(format!("{outward} {inward}"))
    } else {
        Err(bad())
    }
}

/// A 1–5 score, as used for likelihood and impact on a risk register (5 × 5 matrix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(u8);

impl Score {
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().parse::<u8>() {
            Ok(n @ 1..=5) => Ok(Self(n)),
            _ => Err(format!(
                "'{}' is not a score; use a whole number from 1 to 5",
                text.trim()
            )),
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails() {
        assert_eq!(parse_email(" J.Patel@Example.org ").unwrap(), "j.patel@example.org");
        for bad in ["", "a@", "@b.org", "a b@c.org", "a@b", "a@@b.org", "a@.org"] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cqc_ids() {
        assert!(parse_cqc_location_id("1-123456789").is_ok());
        assert!(parse_cqc_location_id("1-12").is_err());
        assert!(parse_cqc_location_id("2-123456789").is_err());
    }

    #[test]
    fn postcodes() {
        assert_eq!(parse_postcode("ls1 4ap").unwrap(), "LS1 4AP");
        assert_eq!(parse_postcode("SW1A1AA").unwrap(), "SW1A 1AA");
        assert!(parse_postcode("12345").is_err());
        assert!(parse_postcode("LS1").is_err());
    }

    #[test]
    fn scores() {
        assert_eq!(Score::parse("3").unwrap().value(), 3);
        assert!(Score::parse("0").is_err());
        assert!(Score::parse("6").is_err());
        assert!(Score::parse("x").is_err());
    }

    proptest! {
        #[test]
        fn never_panic(s in "\\PC{0,30}") {
            let _ = parse_email(&s);
            let _ = parse_cqc_location_id(&s);
            let _ = parse_postcode(&s);
            let _ = Score::parse(&s);
        }
    }
}
