//! The reconciliation page as a view: findings grouped by person, each with its resolve form
//! showing what was recorded — or, when a resolution was refused, what the manager typed with
//! the reason beside the field — and the sign-off worded for what there is to sign.

use crate::recover::reconcile::severity_class;
use crate::recover::recovery_views::{FindingView, PersonFindings, ReconciliationPage};
use crate::register::display::record_url;
use crate::respond::disruption::disruption_url;
use crate::views::Chrome;
use lantern_app::reconciliation::{ACTIONS, Loaded, resolution_text};
use lantern_core::EntityKind;
use lantern_core::reconcile::{FindingKind, Severity};
use lantern_core::schedule::{show_moment, show_time};

/// A resolution the server refused, as it was typed, with the field at fault and why.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub key: String,
    pub action: String,
    pub note: String,
    /// "action" or "note".
    pub field: String,
    pub message: String,
}

/// What else the page says beyond the findings.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    /// "Resolution recorded." after a redirect.
    pub notice: Option<String>,
    /// A refusal about the page as a whole (the finding has gone).
    pub alert: Option<String>,
    pub typed: Option<Typed>,
}

/// The form of one finding: the typed values if this is the one refused, else the recorded
/// resolution, else nothing chosen (so that "Resolve" pressed without choosing is refused, not
/// taken as the first action in the list).
fn finding_view(l: &Loaded, f: &lantern_core::reconcile::Finding, typed: Option<&Typed>) -> FindingView {
    let recorded = l.resolutions.get(&f.key);
    let mine = typed.filter(|t| t.key == f.key);
    let (action, note) = match (mine, recorded) {
        (Some(t), _) => (t.action.clone(), t.note.clone()),
        (None, Some(r)) => (r.action.clone(), r.note.clone()),
        (None, None) => (String::new(), String::new()),
    };
    FindingView {
        key: f.key.clone(),
        severity: f.severity.label().to_string(),
        severity_class: severity_class(f.severity),
        kind: f.kind.label().to_string(),
        explanation: f.explanation.clone(),
        next_step: f.next_step.clone(),
        resolution: resolution_text(l, &f.key),
        options: ACTIONS
            .iter()
            .map(|(code, label)| (*code, *label, *code == action))
            .collect(),
        chosen: !action.is_empty(),
        note,
        error_on: mine.map(|t| t.field.clone()).unwrap_or_default(),
        error: mine.map(|t| t.message.clone()),
    }
}

/// The whole page for `l`, as `chrome`'s user sees it.
/// `is_manager`: may sign off (when the view covers every service of the disruption).
pub fn build(l: &Loaded, chrome: Chrome, shown: Shown, can_resolve: bool, is_manager: bool) -> ReconciliationPage {
    let id = l.disruption.id;
    let typed = shown.typed.as_ref();
    let mut people: Vec<PersonFindings> = Vec::new();
    for f in &l.findings {
        let view = finding_view(l, f, typed);
        let name = l.person_name(f.person_id);
        match people.last_mut() {
            Some(p) if p.person == name => p.findings.push(view),
            _ => people.push(PersonFindings {
                person: name,
                person_url: record_url(EntityKind::Person, f.person_id),
                findings: vec![view],
            }),
        }
    }
    // People with a High finding first; within a person the engine already sorts by severity.
    people.sort_by_key(|p| !p.findings.iter().any(|f| f.severity_class == "high"));
    let count = |s: Severity| l.findings.iter().filter(|f| f.severity == s).count();
    let summary = l.summary();
    let signed = l.signed_off().map(|s| {
        let note = if s.note.is_empty() {
            String::new()
        } else {
            format!(" “{}”", s.note)
        };
        let what = if summary.nothing_due { " as nothing due" } else { "" };
        format!("By {} on {}{what}.{note}", s.by, show_moment(s.at))
    });
    let stale_sign_off = match (l.sign_offs.last(), &signed) {
        (Some(s), None) => Some(format!("Signed off by {} on {}.", s.by, show_moment(s.at))),
        _ => None,
    };
    ReconciliationPage {
        title: l.disruption.title.clone(),
        back_url: disruption_url(id),
        entry_url: format!("/disruptions/{id}/entry"),
        raise_url: format!("/actions/new?raised_from=reconciliation&disruption_id={id}"),
        report_url: format!("/disruptions/{id}/report"),
        window: format!("{} to {}", show_moment(l.period.start), show_time(l.period.end)),
        notice: shown.notice,
        alert: shown.alert,
        open: l.disruption.is_open(),
        counts: vec![
            ("high".into(), "high", count(Severity::High)),
            ("medium".into(), "medium", count(Severity::Medium)),
            ("low".into(), "low", count(Severity::Low)),
        ],
        total: l.findings.len(),
        unresolved: l.unresolved(),
        not_entered: l.findings.iter().filter(|f| f.kind == FindingKind::NotEntered).count(),
        summary,
        people,
        resolve_url: format!("/disruptions/{id}/reconciliation/resolve"),
        sign_off_url: format!("/disruptions/{id}/reconciliation/sign-off"),
        can_resolve,
        can_sign: is_manager && l.covers_all,
        sign_hint: if is_manager {
            lantern_app::recovery_ops::SIGN_ALL.to_string()
        } else {
            "A manager signs the reconciliation off.".to_string()
        },
        signed,
        stale_sign_off,
        export_csv_url: format!("/disruptions/{id}/export/reentry.csv"),
        export_fhir_url: format!("/disruptions/{id}/export/reentry.fhir.json"),
        chrome,
    }
}
