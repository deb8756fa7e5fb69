//! After the outage, a person's work with a disruption's records — resolving findings,
//! signing the reconciliation off, the downtime report as data or PDF, the dose records
//! exported for re-entry — with the rules of who may, worded once for the pages and the API.
//! What leaves Lantern (a report, an export) is audited.

use crate::audit::seen;
use crate::disruptions::{check_len, ensure};
use crate::reconciliation::{Loaded, Resolution, visible};
use crate::{App, Error};
use lantern_core::disruption::report::ReportDocument;
use lantern_store::{Actor, User};

pub const RESOLVE: &str = "Your role cannot resolve findings. Ask a coordinator or manager.";
pub const SIGN: &str = "Only a manager can sign off a reconciliation.";
/// A sign-off covers every service the disruption affected, so it is given by a manager who
/// can see all of them.
pub const SIGN_ALL: &str =
    "This reconciliation covers services you do not manage: a manager who works with all of them signs it off.";

/// Records what was done about one finding (the latest resolution of a finding is current).
/// Gives back the reconciliation as it was checked against, for a page to show a refusal on.
pub async fn resolve(
    app: &App,
    user: &User,
    actor: &Actor,
    id: i64,
    key: &str,
    action: &str,
    note: &str,
) -> Result<(), (Error, Option<Loaded>)> {
    ensure(user.role.can_run_disruptions(), RESOLVE).map_err(|e| (e, None))?;
    let l = visible(app, user, id).await.map_err(|e| (e, None))?;
    match Resolution::check(&l, key, action, note) {
        Ok(r) => r.save(app, id, actor).await.map_err(|e| (e, None)),
        Err(e) => Err((e, Some(l))),
    }
}

/// Signs off a reconciliation whose findings are all resolved: a manager of every service it
/// covers, once.
pub async fn sign_off(app: &App, user: &User, actor: &Actor, id: i64, note: &str) -> Result<(), Error> {
    ensure(user.role.can_edit_register(), SIGN)?;
    let l = visible(app, user, id).await?;
    ensure(l.covers_all, SIGN_ALL)?;
    if l.unresolved() > 0 {
        return Err(Error::Conflict(format!(
            "{} findings are not resolved yet: resolve them before signing off",
            l.unresolved()
        )));
    }
    let note = check_len("note", note, 2000)?;
    let keys: Vec<String> = l.findings.iter().map(|f| f.key.clone()).collect();
    Ok(app.store.sign_off(id, &note, &keys, actor, app.clock.now()).await?)
}

/// The downtime report of a disruption, as the user may see it; the view is audited.
pub async fn report(app: &App, user: &User, actor: &Actor, id: i64) -> Result<ReportDocument, Error> {
    let l = visible(app, user, id).await?;
    let doc = crate::report::build(&app.store, &l, app.clock.now(), &user.name).await?;
    seen(
        app,
        actor,
        "view",
        format!("Viewed the downtime report of disruption {id}"),
        None,
    )
    .await?;
    Ok(doc)
}

/// The downtime report as a PDF, made now, and the name to save it under; audited.
pub async fn report_pdf(app: &App, user: &User, actor: &Actor, id: i64) -> Result<(String, Vec<u8>), Error> {
    let l = visible(app, user, id).await?;
    let now = app.clock.now();
    let doc = crate::report::build(&app.store, &l, now, &user.name).await?;
    let permit = crate::packs::RENDERING.acquire().await.map_err(Error::internal)?;
    let rendered = tokio::task::spawn_blocking(move || lantern_pdf::render_report(&doc, now))
        .await
        .map_err(Error::internal)?
        .map_err(Error::internal)?;
    drop(permit);
    let detail = format!("Downloaded the downtime report of disruption {id}");
    seen(app, actor, "download", detail, None).await?;
    Ok((format!("downtime-report-{id}.pdf"), rendered.pdf))
}

/// How the entered dose records go back to the care system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReentryFormat {
    Csv,
    /// A FHIR Bundle of MedicationAdministration resources.
    Fhir,
}

impl ReentryFormat {
    /// From the file name asked for: `reentry.csv` or `reentry.fhir.json`.
    pub fn from_file(name: &str) -> Option<Self> {
        match name {
            "reentry.csv" => Some(ReentryFormat::Csv),
            "reentry.fhir.json" => Some(ReentryFormat::Fhir),
            _ => None,
        }
    }

    pub fn file(self) -> &'static str {
        match self {
            ReentryFormat::Csv => "reentry.csv",
            ReentryFormat::Fhir => "reentry.fhir.json",
        }
    }
}

/// An export's file: its name, content type and bytes.
pub struct ExportFile {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The dose records entered from paper, for re-entry into the care system; audited.
pub async fn reentry(
    app: &App,
    user: &User,
    actor: &Actor,
    id: i64,
    format: ReentryFormat,
) -> Result<ExportFile, Error> {
    let l = visible(app, user, id).await?;
    let doses = crate::report::reentry(&app.store, &l).await?;
    let file = match format {
        ReentryFormat::Csv => ExportFile {
            name: format!("reentry-{id}.csv"),
            content_type: "text/csv; charset=utf-8",
            bytes: lantern_import::reentry_csv(&doses),
        },
        ReentryFormat::Fhir => {
            let organisation = app.store.organisation().await?.unwrap_or_default();
            let bundle = lantern_import::reentry_fhir(&doses, &organisation);
            ExportFile {
                name: format!("reentry-{id}.fhir.json"),
                content_type: "application/fhir+json",
                bytes: serde_json::to_vec_pretty(&bundle).map_err(Error::internal)?,
            }
        }
    };
    let detail = format!(
        "Exported {} dose records of disruption {id} for re-entry ({})",
        doses.len(),
        format.file()
    );
    seen(app, actor, "export", detail, None).await?;
    Ok(file)
}
