//! NHS numbers: ten digits, the last a modulus-11 check digit
//! (NHS Digital, "NHS number" data dictionary entry).

use std::fmt;

/// A valid NHS number, held as its ten digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NhsNumber([u8; 10]);

impl NhsNumber {
    /// Parses "943 476 5919", "943-476-5919" or "9434765919".
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut digits = [0u8; 10];
        let mut n = 0;
        for c in text.trim().chars() {
            match c {
                ' ' | '-' => continue,
                '0'..='9' => {
                    if n == 10 {
                        return Err("an NHS number has 10 digits; this has more".into());
                    }
                    digits[n] = c as u8 - b'0';
                    n += 1;
                }
                _ => return Err(format!("an NHS number has only digits; found '{c}'")),
            }
        }
        if n != 10 {
            return Err(format!("an NHS number has 10 digits; this has {n}"));
        }
        match check_digit(&digits) {
            Some(check) if check == digits[9] => Ok(Self(digits)),
            _ => Err("this is not a valid NHS number (its check digit does not match)".into()),
        }
    }

    /// Builds a valid number from nine leading digits, or `None` when no check digit
    /// exists for them (the modulus-11 rule rejects a remainder of 10).
    pub fn from_first_nine(first: u32) -> Option<Self> {
        if first > 999_999_999 {
            return None;
        }
        let mut digits = [0u8; 10];
        let mut rest = first;
        for i in (0..9).rev() {
            digits[i] = (rest % 10) as u8;
            rest /= 10;
        }
        digits[9] = check_digit(&digits)?;
        Some(Self(digits))
    }

    /// The ten digits with no spaces, as systems exchange them.
    pub fn digits(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }
}

/// Modulus 11: weights 10..2 on the first nine digits; 11 − (sum mod 11), where 11 becomes 0
/// and 10 means the number cannot be valid.
fn check_digit(digits: &[u8; 10]) -> Option<u8> {
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        c => Some(c as u8),
    }
}

impl fmt::Display for NhsNumber {
    /// The 3-3-4 grouping printed on NHS letters: "943 476 5919".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(f, "{} {} {}", &d[..3], &d[3..6], &d[6..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_the_published_example() {
        let n = NhsNumber::parse("943 476 5919").unwrap();
        assert_eq!(n.to_string(), "943 476 5919");
        assert_eq!(n.digits(), "9434765919");
    }

    #[test]
    fn rejects_a_wrong_check_digit_and_bad_lengths() {
        assert!(NhsNumber::parse("943 476 5918").is_err());
        assert!(NhsNumber::parse("943476591").unwrap_err().contains("has 9"));
        assert!(NhsNumber::parse("94347659190").is_err());
        assert!(NhsNumber::parse("94347A5919").unwrap_err().contains("'A'"));
        assert!(NhsNumber::parse("").is_err());
    }

    proptest! {
        #[test]
        fn generated_numbers_round_trip(first in 0u32..1_000_000_000) {
            if let Some(n) = NhsNumber::from_first_nine(first) {
                prop_assert_eq!(NhsNumber::parse(&n.to_string()).unwrap(), n);
                prop_assert_eq!(NhsNumber::parse(&n.digits()).unwrap(), n);
            }
        }

        #[test]
        fn changing_one_digit_is_caught(first in 0u32..1_000_000_000, pos in 0usize..10, delta in 1u8..10) {
            if let Some(n) = NhsNumber::from_first_nine(first) {
                let mut d: Vec<u8> = n.digits().bytes().map(|b| b - b'0').collect();
                d[pos] = (d[pos] + delta) % 10;
                let text: String = d.iter().map(|x| char::from(b'0' + x)).collect();
                prop_assert!(NhsNumber::parse(&text).is_err());
            }
        }

        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = NhsNumber::parse(&s);
        }
    }
}
