//! Risk scores and the 5×5 heat map: likelihood × impact, before controls (inherent) and with
//! them (residual), and which reviews are overdue.

use crate::Record;
use jiff::civil::Date;

/// Which of a risk's two scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Inherent,
    Residual,
}

impl Basis {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "inherent" => Some(Basis::Inherent),
            "residual" | "" => Some(Basis::Residual),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Basis::Inherent => "inherent",
            Basis::Residual => "residual",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Basis::Inherent => "before controls",
            Basis::Residual => "with controls",
        }
    }
}

/// Likelihood and impact, each 1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub likelihood: u8,
    pub impact: u8,
}

impl Score {
    pub fn value(self) -> u8 {
        self.likelihood * self.impact
    }

    /// The usual NHS 5×5 bands: 1–3 low, 4–6 moderate, 8–12 high, 15–25 extreme.
    pub fn band(self) -> Band {
        match self.value() {
            0..=3 => Band::Low,
            4..=6 => Band::Moderate,
            7..=12 => Band::High,
            _ => Band::Extreme,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    Low,
    Moderate,
    High,
    Extreme,
}

impl Band {
    pub fn code(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Moderate => "moderate",
            Band::High => "high",
            Band::Extreme => "extreme",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::Low => "Low",
            Band::Moderate => "Moderate",
            Band::High => "High",
            Band::Extreme => "Extreme",
        }
    }
}

/// A risk as the heat map and the review list read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskLine {
    pub id: i64,
    pub name: String,
    pub service_id: Option<i64>,
    pub owner: String,
    pub inherent: Score,
    pub residual: Score,
    pub review_date: Option<Date>,
    pub status: String,
}

impl RiskLine {
    /// `None` for a record without whole scores (stored under older rules).
    pub fn parse(id: i64, r: &Record) -> Option<Self> {
        let score = |l: &str, i: &str| {
            Some(Score {
                likelihood: u8::try_from(r.int(l)?).ok().filter(|n| (1..=5).contains(n))?,
                impact: u8::try_from(r.int(i)?).ok().filter(|n| (1..=5).contains(n))?,
            })
        };
        Some(RiskLine {
            id,
            name: r.text("name").to_string(),
            service_id: r.int("service_id"),
            owner: r.text("owner").to_string(),
            inherent: score("inherent_likelihood", "inherent_impact")?,
            residual: score("residual_likelihood", "residual_impact")?,
            review_date: r.date("review_date"),
            status: r.text("status").to_string(),
        })
    }

    pub fn score(&self, basis: Basis) -> Score {
        match basis {
            Basis::Inherent => self.inherent,
            Basis::Residual => self.residual,
        }
    }

    /// Open risks past their review date (a closed risk needs no review).
    pub fn review_overdue(&self, today: Date) -> bool {
        self.status != "closed" && self.review_date.is_some_and(|d| d < today)
    }
}

/// The risks in each cell: `cells[likelihood - 1][impact - 1]`, closed risks left out.
pub fn heat_map(risks: &[RiskLine], basis: Basis) -> [[Vec<i64>; 5]; 5] {
    let mut cells: [[Vec<i64>; 5]; 5] = Default::default();
    for r in risks.iter().filter(|r| r.status != "closed") {
        let s = r.score(basis);
        let (l, i) = (usize::from(s.likelihood) - 1, usize::from(s.impact) - 1);
        if let Some(cell) = cells.get_mut(l).and_then(|row| row.get_mut(i)) {
            cell.push(r.id);
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn risk(id: i64, inherent: (u8, u8), residual: (u8, u8), status: &str) -> RiskLine {
        RiskLine {
            id,
            name: format!("Risk {id}"),
            service_id: None,
            owner: "Jo".into(),
            inherent: Score {
                likelihood: inherent.0,
                impact: inherent.1,
            },
            residual: Score {
                likelihood: residual.0,
                impact: residual.1,
            },
            review_date: Some(date(2026, 11, 30)),
            status: status.into(),
        }
    }

    #[test]
    fn each_risk_sits_in_its_cell_for_each_basis_and_closed_ones_leave() {
        let risks = [
            risk(1, (4, 5), (2, 5), "open"),
            risk(2, (4, 5), (2, 3), "treating"),
            risk(3, (5, 5), (5, 5), "closed"),
        ];
        let inherent = heat_map(&risks, Basis::Inherent);
        assert_eq!(inherent[3][4], [1, 2]);
        let residual = heat_map(&risks, Basis::Residual);
        assert_eq!(
            (residual[1][4].as_slice(), residual[1][2].as_slice()),
            (&[1][..], &[2][..])
        );
        assert!(residual[4][4].is_empty(), "closed risks are off the map");
        let total: usize = residual.iter().flatten().map(Vec::len).sum();
        assert_eq!(total, 2);
    }

    #[test]
    fn bands_and_overdue_reviews() {
        let s = |l, i| {
            Score {
                likelihood: l,
                impact: i,
            }
            .band()
        };
        assert_eq!(
            [s(1, 3), s(2, 2), s(2, 3), s(2, 4), s(3, 4), s(3, 5), s(5, 5)],
            [
                Band::Low,
                Band::Moderate,
                Band::Moderate,
                Band::High,
                Band::High,
                Band::Extreme,
                Band::Extreme
            ]
        );
        let r = risk(1, (3, 3), (2, 2), "open");
        assert!(r.review_overdue(date(2026, 12, 1)));
        assert!(!r.review_overdue(date(2026, 11, 30)));
        assert!(!risk(2, (3, 3), (2, 2), "closed").review_overdue(date(2027, 1, 1)));
    }
}
