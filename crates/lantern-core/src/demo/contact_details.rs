//! Phone numbers, addresses and e-mails: realistic-looking, and all fictional.

use super::rng::Rng;

/// Ofcom's ranges reserved for drama: numbers that look real and ring nobody.
#[derive(Debug, Clone, Copy)]
pub(super) enum Pool {
    /// 0113 496 0000–0999
    Leeds,
    /// 020 7946 0000–0999
    London,
    /// 01632 960000–960999
    Drama,
    /// 07700 900000–900999
    Mobile,
    /// 0808 157 0000–0999
    Freephone,
}

/// Hands out numbers from each pool in turn, wrapping after a thousand.
#[derive(Debug, Default)]
pub(super) struct PhoneBook {
    next: [u32; 5],
}

impl PhoneBook {
    pub fn take(&mut self, pool: Pool) -> String {
        let slot = &mut self.next[pool as usize];
        let n = (*slot * 7 + 101) % 1000;
        *slot += 1;
        match pool {
            Pool::Leeds => format!("0113 496 0{n:03}"),
            Pool::London => format!("020 7946 0{n:03}"),
            Pool::Drama => format!("01632 960{n:03}"),
            Pool::Mobile => format!("07700 900{n:03}"),
            Pool::Freephone => format!("0808 157 0{n:03}"),
        }
    }

    /// A landline from one of the geographic drama ranges.
    pub fn landline(&mut self, rng: &mut Rng) -> String {
        let pool = rng.pick(&[Pool::Leeds, Pool::Drama, Pool::Drama, Pool::London]);
        self.take(pool)
    }
}

/// The fictional town every service is in.
pub(super) const TOWN: &str = "Ashbridge";
pub(super) const DISTRICTS: &[&str] = &[
    "Northgate",
    "Millbrook",
    "Kingsway",
    "Southfield",
    "Eastwood",
    "Hollins Bank",
    "Low Moor",
];
pub(super) const STREETS: &[&str] = &[
    "Mill Lane",
    "Chapel Street",
    "Victoria Road",
    "Park Avenue",
    "Moorside Crescent",
    "Beck Lane",
    "Church Walk",
    "Granville Terrace",
    "Orchard Close",
    "Weaver's Row",
    "Station Road",
    "Cliffe View",
];

/// A postcode that parses but is in no real area: no UK postcode area starts with Q.
pub(super) fn postcode(rng: &mut Rng) -> String {
    const INWARD: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
    let letter = |rng: &mut Rng| char::from(rng.pick(INWARD));
    format!(
        "QX{} {}{}{}",
        rng.between(1, 9),
        rng.between(1, 9),
        letter(rng),
        letter(rng)
    )
}

/// A street address over several lines, ending in the postcode.
pub(super) fn home_address(rng: &mut Rng) -> String {
    format!(
        "{} {}\n{}\n{TOWN}\n{}",
        rng.between(1, 140),
        rng.pick(STREETS),
        rng.pick(DISTRICTS),
        postcode(rng)
    )
}

/// "first.last@domain" in plain ASCII: accents folded, spaces and apostrophes dropped.
pub(super) fn email(first: &str, last: &str, domain: &str) -> String {
    format!("{}.{}@{domain}", ascii_fold(first), ascii_fold(last))
}

fn ascii_fold(text: &str) -> String {
    const FOLDS: &[(&str, char)] = &[
        ("áàâãäåą", 'a'),
        ("éèêëę", 'e'),
        ("íìîï", 'i'),
        ("óòôõöøọ", 'o'),
        ("úùûü", 'u'),
        ("ł", 'l'),
        ("ńñ", 'n'),
        ("śš", 's'),
        ("żźž", 'z'),
        ("ćç", 'c'),
    ];
    text.to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c)
            } else {
                FOLDS.iter().find(|(from, _)| from.contains(c)).map(|(_, to)| *to)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{PhoneNumber, parse_email, parse_postcode};

    #[test]
    fn numbers_postcodes_and_emails_parse() {
        let mut book = PhoneBook::default();
        let mut rng = Rng::stream(1, "t");
        for pool in [Pool::Leeds, Pool::London, Pool::Drama, Pool::Mobile, Pool::Freephone] {
            for _ in 0..1001 {
                assert!(PhoneNumber::parse(&book.take(pool)).is_ok());
            }
        }
        for _ in 0..200 {
            assert!(parse_postcode(&postcode(&mut rng)).is_ok());
        }
        let e = email("Łukasz", "Ó Briain", "riverside-care.example");
        assert_eq!(e, "lukasz.obriain@riverside-care.example");
        assert!(parse_email(&e).is_ok());
        assert_eq!(ascii_fold("Ọkafor"), "okafor");
    }
}
