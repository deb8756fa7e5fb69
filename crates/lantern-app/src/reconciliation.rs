//! Reconciliation of a disruption, loaded: the window, the schedules as the register stood at
//! its start, the entered paper records, the findings of lantern-core's engine, and what
//! managers decided about them. Shared by the pages, the API and `lantern reconcile`.

use crate::at_start::AtStart;
use crate::{App, Error};
use jiff::Timestamp;
use lantern_core::disruption::VisitStatus;
use lantern_core::disruption::report_build::resolution_line;
use lantern_core::reconcile::{
    self, DoseRecord, DoseSummary, Finding, Input, Policy, Register, Sheet, VisitOutcome, VisitRecord,
};
use lantern_core::user::ServiceAccess;
use lantern_store::{DisruptionRow, ResolutionRow, SignOffRow, Store};
use std::collections::{BTreeSet, HashMap};

/// What a manager did about a finding.
pub const ACTIONS: &[(&str, &str)] = &[
    ("no_harm", "Checked: no harm came to the person"),
    ("clinical_advice", "Clinical advice sought (GP, NHS 111 or pharmacist)"),
    ("given_late", "Dose given late on advice"),
    ("record_corrected", "Paper record checked and entry corrected"),
    ("incident", "Reported as a medication incident"),
    ("safeguarding", "Safeguarding concern raised"),
    ("family_informed", "Person or family informed"),
    ("action", "Action raised for follow-up"),
    ("no_action", "No action needed (say why in the note)"),
];

pub fn action_label(code: &str) -> &str {
    ACTIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or(code)
}

/// A manager's resolution of one finding, checked once for the page and the API: the finding
/// is still there, the action is one of [`ACTIONS`], and "no action needed" says why.
pub struct Resolution<'a> {
    pub key: &'a str,
    pub action: &'a str,
    pub note: String,
}

impl<'a> Resolution<'a> {
    /// `Invalid` names the field (`action` or `note`); `NotFound` means the finding has gone
    /// (the records changed since the page was loaded).
    pub fn check(l: &Loaded, key: &'a str, action: &'a str, note: &str) -> Result<Self, Error> {
        if !l.findings.iter().any(|f| f.key == key) {
            return Err(Error::NotFound(
                "That finding is no longer there (the records have changed since): nothing was recorded. Reload the reconciliation."
                    .into(),
            ));
        }
        if !ACTIONS.iter().any(|(c, _)| *c == action) {
            return Err(Error::invalid("action", "choose what was done"));
        }
        let note = crate::disruptions::check_len("note", note, 2000)?;
        if action == "no_action" && note.is_empty() {
            return Err(Error::invalid("note", "say why no action is needed"));
        }
        Ok(Self { key, action, note })
    }

    /// Records it (the store writes the audit entry).
    pub async fn save(&self, app: &App, id: i64, actor: &lantern_store::Actor) -> Result<(), Error> {
        let now = app.clock.now();
        app.store
            .resolve_finding(id, self.key, self.action, &self.note, actor, now)
            .await?;
        Ok(())
    }
}

/// Actions that raise follow-up, listed in the downtime report.
pub fn raises_follow_up(code: &str) -> bool {
    matches!(code, "incident" | "safeguarding" | "action")
}

/// A disruption's records as they stood at its start (dereferences to [`AtStart`]), with the
/// findings of the engine over them and what managers decided about them.
pub struct Loaded {
    pub at_start: AtStart,
    pub findings: Vec<Finding>,
    /// The latest resolution of each finding key.
    pub resolutions: HashMap<String, ResolutionRow>,
    pub sign_offs: Vec<SignOffRow>,
    /// The keys of every finding of the disruption, whoever looks: a sign-off covers them all.
    pub all_keys: Vec<String>,
    /// Whose view this is: only these services' people, records and findings are held.
    pub access: ServiceAccess,
    /// Whether the view holds every service the disruption affected (only then can it be
    /// signed off: a sign-off covers the whole reconciliation).
    pub covers_all: bool,
}

impl std::ops::Deref for Loaded {
    type Target = AtStart;

    fn deref(&self) -> &AtStart {
        &self.at_start
    }
}

impl Loaded {
    pub fn unresolved(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| !self.resolutions.contains_key(&f.key))
            .count()
    }

    /// The sign-off still holds when the findings — all of them, in every service — are the
    /// ones that were signed.
    pub fn signed_off(&self) -> Option<&SignOffRow> {
        let last = self.sign_offs.last()?;
        let mut now: Vec<&str> = self.all_keys.iter().map(String::as_str).collect();
        let mut then: Vec<&str> = last.keys.iter().map(String::as_str).collect();
        now.sort_unstable();
        then.sort_unstable();
        (now == then).then_some(last)
    }

    /// What a user limited to some services may see: their services, their people, the
    /// medicines, visits, entered sheets and records of those, and the findings about them.
    /// Everything a page, the API, the report or an export shows comes from what is left.
    pub fn only(mut self, access: &ServiceAccess) -> Self {
        self.covers_all = self.disruption.services.iter().all(|s| access.allows(*s));
        self.access = access.clone();
        self.at_start = self.at_start.only(access);
        let visits: BTreeSet<i64> = self.visits.iter().map(|v| v.visit_id).collect();
        let people = &self.at_start.people;
        self.findings.retain(|f| match f.visit_id {
            Some(v) => visits.contains(&v),
            None => people.contains_key(&f.person_id),
        });
        let kept: BTreeSet<&str> = self.findings.iter().map(|f| f.key.as_str()).collect();
        self.resolutions.retain(|k, _| kept.contains(k.as_str()));
        self
    }

    /// What the register held for these services at the start, and what that means for
    /// medicines: the headline of the page and the report.
    pub fn summary(&self) -> DoseSummary {
        let register = Register {
            people: self.people.len(),
            medicines: self.medicines.len(),
            visits: self.visits.len(),
        };
        reconcile::summarise(register, &self.findings)
    }
}

/// Disruption `id`'s reconciliation as `user` may see it: only if the disruption touches one of
/// their services, and only what is of their services. It is worked out over every service —
/// a sign-off covers them all — and then narrowed.
pub async fn visible(app: &App, user: &lantern_store::User, id: i64) -> Result<Loaded, Error> {
    let whole = crate::disruptions::whole_if_visible(app, user, id).await?;
    Ok(load(&app.store, whole, app.clock.now()).await?.only(&user.access))
}

/// Loads and reconciles disruption `id`: the window runs from its start to its restoration
/// (or `now` while it is still open).
pub async fn load(store: &Store, d: DisruptionRow, now: Timestamp) -> Result<Loaded, Error> {
    let at_start = AtStart::load(store, d, now).await?;
    let AtStart {
        disruption: d,
        period,
        medicines,
        visits,
        doses,
        visit_records,
        sheets,
        ..
    } = &at_start;
    let entered: BTreeSet<Sheet> = sheets.iter().map(crate::at_start::sheet_of).collect();
    let dose_input: Vec<DoseRecord> = doses
        .iter()
        .map(|r| DoseRecord {
            id: r.id,
            person_id: r.dose.person_id,
            medicine_id: r.dose.medicine_id,
            due_at: r.dose.due_at,
            outcome: r.dose.outcome,
            at: r.dose.given_at,
            note: r.dose.note.clone(),
        })
        .collect();
    let mut visit_input: Vec<VisitRecord> = visit_records
        .iter()
        .map(|r| VisitRecord {
            id: r.id,
            visit_id: r.record.visit_id,
            outcome: r.record.outcome,
            arrived: r.record.arrived_at,
            departed: r.record.departed_at,
        })
        .collect();
    // What the live board learnt by phone counts too, without times (the paper sheet has them).
    let entered_visits: BTreeSet<i64> = visit_records.iter().map(|r| r.record.visit_id).collect();
    for s in store.visit_statuses(d.id).await? {
        let outcome = match s.status {
            VisitStatus::Completed => VisitOutcome::Completed,
            VisitStatus::Missed => VisitOutcome::Missed,
            VisitStatus::Cancelled => VisitOutcome::Cancelled,
            VisitStatus::NotStarted | VisitStatus::Confirmed | VisitStatus::Late | VisitStatus::DelayedFamilyTold => {
                continue;
            }
        };
        if !entered_visits.contains(&s.visit_id) {
            visit_input.retain(|v| v.visit_id != s.visit_id || v.id != 0);
            visit_input.push(VisitRecord {
                id: 0,
                visit_id: s.visit_id,
                outcome,
                arrived: None,
                departed: None,
            });
        }
    }
    let findings = reconcile::reconcile(&Input {
        period: *period,
        policy: Policy::default(),
        medicines,
        visits,
        doses: &dose_input,
        visit_records: &visit_input,
        entered: &entered,
    });
    let resolutions: HashMap<String, ResolutionRow> = store
        .resolutions(d.id)
        .await?
        .into_iter()
        .map(|r| (r.key.clone(), r))
        .collect();
    let sign_offs = store.sign_offs(d.id).await?;
    let all_keys = findings.iter().map(|f| f.key.clone()).collect();
    Ok(Loaded {
        at_start,
        findings,
        resolutions,
        sign_offs,
        all_keys,
        access: ServiceAccess::All,
        covers_all: true,
    })
}

/// The reconciliation as the API and `lantern reconcile --json` give it.
pub fn to_json(l: &Loaded) -> serde_json::Value {
    let findings: Vec<serde_json::Value> = l
        .findings
        .iter()
        .map(|f| {
            let mut v = serde_json::json!(f);
            v["person"] = serde_json::json!(l.person_name(f.person_id));
            v["resolution"] = match l.resolutions.get(&f.key) {
                Some(r) => serde_json::json!({"action": r.action, "note": r.note, "by": r.by, "at": r.at}),
                None => serde_json::Value::Null,
            };
            v
        })
        .collect();
    serde_json::json!({
        "disruption_id": l.disruption.id,
        "window": {"start": l.period.start, "end": l.period.end},
        "doses": l.summary(),
        "findings": findings,
        "unresolved": l.unresolved(),
        "signed_off": l.signed_off().map(|s| serde_json::json!({"by": s.by, "at": s.at, "note": s.note})),
    })
}

/// How a finding was resolved, in one line: "Given late — note (Jo Bloggs, Tue 24 Nov 2026, 10:00)".
pub fn resolution_text(l: &Loaded, key: &str) -> Option<String> {
    l.resolutions
        .get(key)
        .map(|r| resolution_line(action_label(&r.action), &r.note, &r.by, r.at))
}
