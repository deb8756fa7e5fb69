//! The assurance calendar (issue [11] item 4): the recurring duties of continuity — the monthly
//! check of each service's printed pack, a drill per service every six months, the annual
//! review of the continuity plan (and one whenever a critical system changes), supplier
//! reviews, device audits and training renewals — each with the last time it was done, read
//! from the records (never ticked by hand), its next date and whether it is overdue. Pure: the
//! application layer reads the records and passes today in.

use jiff::ToSpan;
use jiff::civil::Date;

/// The continuity plan is reviewed at least once a year: the DSPT (standard 7, "Continuity
/// planning": the plan is reviewed and tested at least annually) and Digital Social Care's
/// business continuity template ("review this plan at least every 12 months").
pub const PLAN_REVIEW_MONTHS: i8 = 12;

/// A supplier's first review is due this long after it joined the register, when no review
/// has set a date (DSPT standard 10, "Accountable suppliers": supplier assurance reviewed at
/// least annually). Later reviews set their own next date.
pub const SUPPLIER_REVIEW_MONTHS: i8 = 12;

/// Each service's devices are audited (a test or battery check of its devices) every three
/// months. No source sets a figure; quarterly because the seed's device-failure story turns on
/// tablets whose batteries had quietly worn out, and a battery's health falls noticeably in a
/// quarter of daily use, while a monthly audit of every device is more than a small home can
/// keep up with. The organisation's replacement cycle (assurance settings) is a different,
/// longer clock.
pub const DEVICE_AUDIT_MONTHS: i8 = 3;

/// A training renewal appears this many days before a completion stops counting (the training
/// coverage's own "due" window, so the calendar and the training page agree).
pub const TRAINING_DUE_WITHIN_DAYS: i64 = super::training::DUE_WITHIN_DAYS;

/// How often a duty recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Months(i8),
    Days(i64),
    /// Set by each record itself (a supplier review's next date, a course's validity).
    AsRecorded,
}

impl Every {
    /// In words: "every 6 months", "every 31 days", "as each record sets".
    pub fn words(self) -> String {
        match self {
            Every::Months(1) => "every month".into(),
            Every::Months(12) => "every year".into(),
            Every::Months(n) => format!("every {n} months"),
            Every::Days(n) => format!("every {n} days"),
            Every::AsRecorded => "as each record sets".into(),
        }
    }
}

/// `last` plus one interval. A month added to the 31st lands on the month's last day (31 Jan
/// + 1 month = 28 or 29 Feb), never in the month after; `AsRecorded` has no arithmetic.
pub fn next_after(last: Date, every: Every) -> Date {
    let next = match every {
        Every::Months(n) => last.checked_add(i64::from(n).months()),
        Every::Days(n) => last.checked_add(n.days()),
        Every::AsRecorded => Ok(last),
    };
    next.unwrap_or(Date::MAX)
}

/// A duty is overdue once its date has passed: on the day itself it is due, not overdue.
pub fn is_overdue(next: Date, today: Date) -> bool {
    next < today
}

/// What kind of duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DutyKind {
    PackCheck,
    Drill,
    PlanReview,
    SupplierReview,
    DeviceAudit,
    TrainingRenewal,
}

impl DutyKind {
    pub const ALL: [DutyKind; 6] = [
        DutyKind::PackCheck,
        DutyKind::Drill,
        DutyKind::PlanReview,
        DutyKind::SupplierReview,
        DutyKind::DeviceAudit,
        DutyKind::TrainingRenewal,
    ];

    /// What is stored and sent, and the start of a duty's key.
    pub fn code(self) -> &'static str {
        match self {
            DutyKind::PackCheck => "pack-check",
            DutyKind::Drill => "drill",
            DutyKind::PlanReview => "plan-review",
            DutyKind::SupplierReview => "supplier-review",
            DutyKind::DeviceAudit => "device-audit",
            DutyKind::TrainingRenewal => "training",
        }
    }

    /// What people read.
    pub fn label(self) -> &'static str {
        match self {
            DutyKind::PackCheck => "Check of the printed downtime pack",
            DutyKind::Drill => "Continuity drill",
            DutyKind::PlanReview => "Review of the continuity plan",
            DutyKind::SupplierReview => "Supplier review",
            DutyKind::DeviceAudit => "Device audit",
            DutyKind::TrainingRenewal => "Training renewals",
        }
    }
}

/// Which duty: its kind and the records it is for. Written as a key ("pack-check-12",
/// "training-12-3", "plan-review") that stays the same from one day to the next, so that a
/// named responsible person and a calendar event's UID follow the duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DutyKey {
    PackCheck { service: i64 },
    Drill { service: i64 },
    PlanReview,
    SupplierReview { supplier: i64 },
    DeviceAudit { service: i64 },
    TrainingRenewal { service: i64, course: i64 },
}

impl DutyKey {
    pub fn kind(self) -> DutyKind {
        match self {
            DutyKey::PackCheck { .. } => DutyKind::PackCheck,
            DutyKey::Drill { .. } => DutyKind::Drill,
            DutyKey::PlanReview => DutyKind::PlanReview,
            DutyKey::SupplierReview { .. } => DutyKind::SupplierReview,
            DutyKey::DeviceAudit { .. } => DutyKind::DeviceAudit,
            DutyKey::TrainingRenewal { .. } => DutyKind::TrainingRenewal,
        }
    }

    /// The service the duty belongs to; `None` for the organisation's duties (the plan review,
    /// supplier reviews: suppliers serve every service).
    pub fn service(self) -> Option<i64> {
        match self {
            DutyKey::PackCheck { service }
            | DutyKey::Drill { service }
            | DutyKey::DeviceAudit { service }
            | DutyKey::TrainingRenewal { service, .. } => Some(service),
            DutyKey::PlanReview | DutyKey::SupplierReview { .. } => None,
        }
    }

    pub fn code(self) -> String {
        let kind = self.kind().code();
        match self {
            DutyKey::PlanReview => kind.to_string(),
            DutyKey::PackCheck { service } | DutyKey::Drill { service } | DutyKey::DeviceAudit { service } => {
                format!("{kind}-{service}")
            }
            DutyKey::SupplierReview { supplier } => format!("{kind}-{supplier}"),
            DutyKey::TrainingRenewal { service, course } => format!("{kind}-{service}-{course}"),
        }
    }

    /// The key of [`DutyKey::code`]; `None` for anything else.
    pub fn parse(text: &str) -> Option<DutyKey> {
        let text = text.trim();
        if text == DutyKind::PlanReview.code() {
            return Some(DutyKey::PlanReview);
        }
        let kind = DutyKind::ALL
            .into_iter()
            .filter(|k| *k != DutyKind::PlanReview)
            .find(|k| text.strip_prefix(k.code()).is_some_and(|rest| rest.starts_with('-')))?;
        let rest = &text[kind.code().len() + 1..];
        let ids: Vec<i64> = rest
            .split('-')
            .map(|n| {
                // Digits only: no sign, no spaces, no leading "+".
                if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                    n.parse().ok()
                } else {
                    None
                }
            })
            .collect::<Option<Vec<i64>>>()?;
        match (kind, ids.as_slice()) {
            (DutyKind::PackCheck, [s]) => Some(DutyKey::PackCheck { service: *s }),
            (DutyKind::Drill, [s]) => Some(DutyKey::Drill { service: *s }),
            (DutyKind::DeviceAudit, [s]) => Some(DutyKey::DeviceAudit { service: *s }),
            (DutyKind::SupplierReview, [s]) => Some(DutyKey::SupplierReview { supplier: *s }),
            (DutyKind::TrainingRenewal, [s, c]) => Some(DutyKey::TrainingRenewal {
                service: *s,
                course: *c,
            }),
            _ => None,
        }
    }
}

/// The record that last did a duty: when, in words, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub on: Date,
    /// "Checked by Jo Patel", "Tabletop: phishing", "Review of 3 March".
    pub what: String,
    pub href: String,
}

/// One duty as the calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    pub key: DutyKey,
    /// What it is about: the service's, supplier's or course's name, or "Whole organisation".
    pub subject: String,
    /// The service's name; "Whole organisation" for the organisation's duties.
    pub service: String,
    pub every: Every,
    pub last: Option<Done>,
    pub next: Date,
    pub overdue: bool,
    /// Why the date is what it is, when the interval alone does not say ("Never checked",
    /// "Care planning changed on 3 December, after the last review", "2 staff due").
    pub why: String,
    /// The page where the duty is done.
    pub act_href: String,
    /// What that link says ("Record a check").
    pub act_label: String,
}

impl Duty {
    /// How often it comes round, in words: "every 6 months", "before each completion runs out".
    pub fn cadence(&self) -> String {
        match (self.every, self.key.kind()) {
            (Every::AsRecorded, DutyKind::TrainingRenewal) => "before each completion runs out".into(),
            (Every::AsRecorded, DutyKind::SupplierReview) => "when the last review said (a year at first)".into(),
            (every, _) => every.words(),
        }
    }

    /// A sentence for the home page: "The check of the printed downtime pack of Riverside Home
    /// Care was due on 2 December 2026."
    pub fn overdue_sentence(&self) -> String {
        let what = match self.key.kind() {
            DutyKind::PackCheck => format!("The monthly check of {}'s printed downtime pack", self.subject),
            DutyKind::Drill => format!("{}'s continuity drill", self.subject),
            DutyKind::PlanReview => "The review of the continuity plan".to_string(),
            DutyKind::SupplierReview => format!("The review of supplier {}", self.subject),
            DutyKind::DeviceAudit => format!("The device audit of {}", self.subject),
            DutyKind::TrainingRenewal => format!("{} renewals at {}", self.subject, self.service),
        };
        let why = if self.why.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.why.trim_end_matches('.'))
        };
        format!("{what} was due on {}{why}.", show_date(self.next))
    }
}

/// A date as people read it: "2 December 2026".
pub fn show_date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

/// The pack check's next date: `every_days` after the later of the pack's build and its last
/// check (a new build is a new printed pack, checked as it is printed: the packs' own rule,
/// lantern-core::pack::freshness); due today when the service has no pack yet.
pub fn pack_check_next(built: Option<Date>, last_check: Option<Date>, every_days: i64, today: Date) -> Date {
    match (built, last_check) {
        (None, None) => today,
        (b, c) => next_after(b.max(c).unwrap_or(today), Every::Days(every_days)),
    }
}

/// The plan review's next date and why: a year after the last review (due now when there has
/// never been one), or the day a critical system changed after the last review, whichever is
/// first. `changed_since` is the critical systems edited after the last review was recorded:
/// (name, day of the edit).
pub fn plan_review_next(last_review: Option<Date>, changed_since: &[(String, Date)], today: Date) -> (Date, String) {
    let yearly = last_review.map(|d| next_after(d, Every::Months(PLAN_REVIEW_MONTHS)));
    let first_change = changed_since.iter().min_by_key(|(name, on)| (*on, name.clone()));
    match (yearly, first_change) {
        (Some(y), Some((name, on))) if *on < y => (
            *on,
            format!(
                "{name}, a critical system, changed on {} after the last review",
                show_date(*on)
            ),
        ),
        (Some(y), _) => (y, String::new()),
        (None, _) => (today, "No review of the plan is in the governance log yet".into()),
    }
}

/// A system is critical to the continuity plan when its business impact analysis says that
/// four hours without it do major or severe harm: the systems whose change the plan must
/// answer for (the register has no separate "critical" flag; the BIA is where criticality is
/// recorded, as Digital Social Care's template asks).
pub fn is_critical(impact_4h: crate::care::Impact, impact_24h: crate::care::Impact) -> bool {
    use crate::care::Impact;
    impact_4h >= Impact::Major || impact_24h >= Impact::Severe
}

/// A supplier review's next date: the one its latest review set; a year after the latest
/// review when that set none; a year after the supplier joined the register when it has never
/// been reviewed.
pub fn supplier_review_next(latest: Option<(Date, Option<Date>)>, added: Date) -> Date {
    match latest {
        Some((_, Some(next))) => next,
        Some((on, None)) => next_after(on, Every::Months(SUPPLIER_REVIEW_MONTHS)),
        None => next_after(added, Every::Months(SUPPLIER_REVIEW_MONTHS)),
    }
}

/// A device audit's next date: three months after the latest test or battery check of any of
/// the service's devices; due today when none was ever recorded.
pub fn device_audit_next(last_check: Option<Date>, today: Date) -> Date {
    last_check.map_or(today, |d| next_after(d, Every::Months(DEVICE_AUDIT_MONTHS)))
}

/// A training renewal is on the calendar when someone's completion stops counting within
/// [`TRAINING_DUE_WITHIN_DAYS`] or already has: its date is the earliest such expiry.
pub fn training_renewal_next(expiries: &[Date], today: Date) -> Option<Date> {
    let horizon = today.checked_add(TRAINING_DUE_WITHIN_DAYS.days()).unwrap_or(Date::MAX);
    expiries.iter().copied().filter(|e| *e <= horizon).min()
}

/// The calendar's order: overdue first, then by next date, then by kind and key (so that the
/// order is the same on every reading).
pub fn sort(duties: &mut [Duty]) {
    duties.sort_by_key(|a| (!a.overdue, a.next, a.key.kind(), a.key));
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_month_after_the_31st_is_the_end_of_the_next_month() {
        assert_eq!(next_after(date(2027, 1, 31), Every::Months(1)), date(2027, 2, 28));
        assert_eq!(next_after(date(2028, 1, 31), Every::Months(1)), date(2028, 2, 29));
        assert_eq!(next_after(date(2026, 8, 31), Every::Months(6)), date(2027, 2, 28));
        assert_eq!(next_after(date(2026, 3, 31), Every::Months(3)), date(2026, 6, 30));
        assert_eq!(next_after(date(2026, 2, 28), Every::Months(12)), date(2027, 2, 28));
        // A leap day plus a year is the 28th.
        assert_eq!(next_after(date(2028, 2, 29), Every::Months(12)), date(2029, 2, 28));
        assert_eq!(next_after(date(2026, 12, 31), Every::Days(31)), date(2027, 1, 31));
        assert_eq!(next_after(date(2026, 12, 31), Every::Days(1)), date(2027, 1, 1));
    }

    #[test]
    fn due_on_the_day_is_not_yet_overdue() {
        let next = date(2026, 12, 4);
        assert!(!is_overdue(next, date(2026, 12, 3)));
        assert!(!is_overdue(next, date(2026, 12, 4)));
        assert!(is_overdue(next, date(2026, 12, 5)));
    }

    #[test]
    fn the_pack_check_counts_from_the_later_of_build_and_check() {
        let today = date(2026, 12, 3);
        assert_eq!(pack_check_next(None, None, 31, today), today);
        assert_eq!(
            pack_check_next(Some(date(2026, 11, 1)), None, 31, today),
            date(2026, 12, 2)
        );
        assert_eq!(
            pack_check_next(Some(date(2026, 11, 1)), Some(date(2026, 11, 20)), 31, today),
            date(2026, 12, 21)
        );
        assert_eq!(
            pack_check_next(Some(date(2026, 11, 25)), Some(date(2026, 11, 20)), 31, today),
            date(2026, 12, 26)
        );
    }

    #[test]
    fn the_plan_review_is_yearly_or_due_when_a_critical_system_changes() {
        let today = date(2026, 12, 3);
        let (next, why) = plan_review_next(Some(date(2026, 3, 31)), &[], today);
        assert_eq!((next, why.as_str()), (date(2027, 3, 31), ""));
        let changed = vec![
            ("Email".to_string(), date(2026, 12, 2)),
            ("Care planning".to_string(), date(2026, 11, 30)),
        ];
        let (next, why) = plan_review_next(Some(date(2026, 3, 31)), &changed, today);
        assert_eq!(next, date(2026, 11, 30));
        assert!(
            why.contains("Care planning") && why.contains("30 November 2026"),
            "{why}"
        );
        assert!(is_overdue(next, today));
        let (next, why) = plan_review_next(None, &changed, today);
        assert_eq!(next, today);
        assert!(why.contains("No review"));
    }

    #[test]
    fn a_system_is_critical_when_four_hours_without_it_do_major_harm() {
        use crate::care::Impact;
        assert!(is_critical(Impact::Major, Impact::Major));
        assert!(is_critical(Impact::Moderate, Impact::Severe));
        assert!(!is_critical(Impact::Moderate, Impact::Major));
    }

    #[test]
    fn supplier_reviews_follow_their_own_dates() {
        let added = date(2026, 1, 31);
        assert_eq!(supplier_review_next(None, added), date(2027, 1, 31));
        assert_eq!(
            supplier_review_next(Some((date(2026, 5, 1), Some(date(2026, 11, 1)))), added),
            date(2026, 11, 1)
        );
        assert_eq!(
            supplier_review_next(Some((date(2026, 5, 31), None)), added),
            date(2027, 5, 31)
        );
    }

    #[test]
    fn device_audits_are_quarterly_from_the_last_check() {
        let today = date(2026, 12, 3);
        assert_eq!(device_audit_next(None, today), today);
        assert_eq!(device_audit_next(Some(date(2026, 11, 30)), today), date(2027, 2, 28));
    }

    #[test]
    fn a_training_renewal_is_the_earliest_expiry_within_thirty_days() {
        let today = date(2026, 12, 3);
        assert_eq!(training_renewal_next(&[date(2027, 3, 1)], today), None);
        assert_eq!(
            training_renewal_next(&[date(2027, 1, 2), date(2026, 12, 20)], today),
            Some(date(2026, 12, 20))
        );
        assert_eq!(training_renewal_next(&[date(2027, 1, 3)], today), None);
        assert_eq!(
            training_renewal_next(&[date(2027, 1, 2)], today),
            Some(date(2027, 1, 2))
        );
        assert_eq!(
            training_renewal_next(&[date(2026, 10, 1), date(2026, 12, 20)], today),
            Some(date(2026, 10, 1))
        );
    }

    #[test]
    fn keys_read_back_and_nothing_else_reads() {
        let keys = [
            DutyKey::PackCheck { service: 12 },
            DutyKey::Drill { service: 3 },
            DutyKey::PlanReview,
            DutyKey::SupplierReview { supplier: 7 },
            DutyKey::DeviceAudit { service: 1 },
            DutyKey::TrainingRenewal { service: 12, course: 4 },
        ];
        for k in keys {
            assert_eq!(DutyKey::parse(&k.code()), Some(k), "{}", k.code());
        }
        assert_eq!(
            DutyKey::TrainingRenewal { service: 12, course: 4 }.code(),
            "training-12-4"
        );
        for bad in [
            "",
            "pack-check",
            "pack-check-",
            "pack-check-1-2",
            "pack-check--1",
            "pack-check-+1",
            "pack-check-1 ",
            "training-1",
            "plan-review-1",
            "drills-1",
            "drill-x",
        ] {
            // A trailing space is trimmed, as a typed key would be.
            if bad == "pack-check-1 " {
                assert!(DutyKey::parse(bad).is_some());
                continue;
            }
            assert_eq!(DutyKey::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn overdue_comes_first_then_by_date() {
        let duty = |key, next, overdue| Duty {
            key,
            subject: String::new(),
            service: String::new(),
            every: Every::Months(1),
            last: None,
            next,
            overdue,
            why: String::new(),
            act_href: String::new(),
            act_label: String::new(),
        };
        let mut all = vec![
            duty(DutyKey::PlanReview, date(2027, 1, 1), false),
            duty(DutyKey::Drill { service: 1 }, date(2026, 11, 1), true),
            duty(DutyKey::PackCheck { service: 1 }, date(2026, 12, 10), false),
            duty(DutyKey::PackCheck { service: 2 }, date(2026, 10, 1), true),
        ];
        sort(&mut all);
        let keys: Vec<String> = all.iter().map(|d| d.key.code()).collect();
        assert_eq!(keys, ["pack-check-2", "drill-1", "pack-check-1", "plan-review"]);
    }

    #[test]
    fn the_home_page_sentence_says_what_and_when() {
        let d = Duty {
            key: DutyKey::PackCheck { service: 1 },
            subject: "Riverside Home Care".into(),
            service: "Riverside Home Care".into(),
            every: Every::Days(31),
            last: None,
            next: date(2026, 12, 2),
            overdue: true,
            why: "Never checked.".into(),
            act_href: "/packs/1".into(),
            act_label: "Record a check".into(),
        };
        assert_eq!(
            d.overdue_sentence(),
            "The monthly check of Riverside Home Care's printed downtime pack was due on 2 December 2026 (Never checked)."
        );
    }
}
