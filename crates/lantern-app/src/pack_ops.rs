//! A person's work with the downtime packs — the state of each of their services' packs,
//! building a new version, recording a check of the printed pack, downloading a version — with
//! the rules of who may, for the packs pages and the API alike. Viewing and downloading are
//! audited; a build is audited by the builder.

use crate::access::{services_for, visible_service};
use crate::audit::seen;
use crate::packs::{self, BuiltPack, ServicePack};
use crate::{App, Error};
use lantern_core::EntityKind;
use lantern_core::user::Role;
use lantern_store::{Actor, PackCheck, PackRow, Stored, User};

/// How long a check's note may be.
const PROBLEMS_MAX: usize = 5000;

/// One of the user's services and the state of its pack.
pub struct Summary {
    pub service: Stored,
    pub pack: ServicePack,
    /// The next check is due and not done.
    pub check_overdue: bool,
}

/// The packs of every service the user looks after.
pub async fn summaries(app: &App, user: &User) -> Result<Vec<Summary>, Error> {
    let policy = packs::policy(&app.store).await?;
    let now = app.clock.now();
    let mut out = Vec::new();
    for service in services_for(app, user).await? {
        let pack = packs::service_pack(&app.store, service.id, &policy, now).await?;
        let check_overdue = pack.next_check_due.is_some_and(|due| now > due);
        out.push(Summary {
            service,
            pack,
            check_overdue,
        });
    }
    Ok(out)
}

/// One service's pack in full: its state, every version, every check, and what the user may do.
pub struct Detail {
    pub service: Stored,
    pub pack: ServicePack,
    pub versions: Vec<PackRow>,
    pub checks: Vec<PackCheck>,
    /// How many days a pack covers.
    pub days: u8,
    pub may_build: bool,
    pub may_check: bool,
}

/// A service's pack as its page and the API show it; the view is audited.
pub async fn detail(app: &App, user: &User, actor: &Actor, service_id: i64) -> Result<Detail, Error> {
    let service = visible_service(app, user, service_id).await?;
    let policy = packs::policy(&app.store).await?;
    let pack = packs::service_pack(&app.store, service_id, &policy, app.clock.now()).await?;
    let versions = app.store.packs(service_id).await?;
    let checks = app.store.pack_checks(service_id).await?;
    let current = pack.latest.is_some() && pack.fresh.fresh;
    let detail = format!(
        "Viewed the downtime pack of {}{}",
        service.record.title(),
        versions
            .first()
            .map(|v| format!(" (version {})", v.version))
            .unwrap_or_default()
    );
    seen(
        app,
        actor,
        "view",
        detail,
        Some((EntityKind::Service, service_id, Some(service_id))),
    )
    .await?;
    Ok(Detail {
        service,
        may_build: user.role.may_build_pack(current),
        may_check: user.role.can_record_checks(),
        pack,
        versions,
        checks,
        days: policy.days,
    })
}

/// Builds a new version of a service's pack from `day` (today when none), if the user may:
/// coordinators and managers at any time, staff only when the pack is not current.
pub async fn build(
    app: &App,
    user: &User,
    actor: &Actor,
    service_id: i64,
    day: Option<&str>,
) -> Result<BuiltPack, Error> {
    // Whether a pack is current is asked only of the user's own services: of another's it
    // would tell them something about it.
    visible_service(app, user, service_id).await?;
    if !user.role.can_build_packs() {
        let policy = packs::policy(&app.store).await?;
        let (latest, fresh) = packs::freshness(&app.store, service_id, &policy, app.clock.now()).await?;
        if !user.role.may_build_pack(latest.is_some() && fresh.fresh) {
            return Err(Error::Forbidden(match user.role {
                Role::Viewer => "A read-only user cannot build packs.".into(),
                _ => "This pack is up to date: there is nothing to build. A coordinator or manager can build a new version at any time.".into(),
            }));
        }
    }
    let day = match day.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => lantern_core::values::parse_date(d).map_err(|e| Error::invalid("day", e))?,
        None => app.clock.today(),
    };
    packs::build(&app.store, service_id, day, actor, app.clock.now()).await
}

/// Records a check of the printed pack of a service against its latest version: `problems`
/// is what the check found wrong, empty when nothing; `contacts_verified`, that the checker
/// compared the emergency-contact sheet with the care records (readiness asks for it monthly).
pub async fn record_check(
    app: &App,
    user: &User,
    service_id: i64,
    problems: &str,
    contacts_verified: bool,
) -> Result<PackCheck, Error> {
    if !user.role.can_record_checks() {
        return Err(Error::Forbidden("A read-only user cannot record checks.".into()));
    }
    visible_service(app, user, service_id).await?;
    let problems = problems.trim().to_string();
    if problems.chars().count() > PROBLEMS_MAX {
        return Err(Error::invalid(
            "problems",
            format!("is too long (at most {PROBLEMS_MAX} characters)"),
        ));
    }
    let latest = app.store.packs(service_id).await?.into_iter().next();
    let check = PackCheck {
        service_id,
        pack_version: latest.map(|p| p.version),
        checked_at: app.clock.now(),
        checked_by: user.name.clone(),
        problems,
        contacts_verified,
    };
    app.store.record_pack_check(&check, Some(user.id)).await?;
    Ok(check)
}

/// A version's PDF and the name to save it under; the download is audited.
pub async fn download(
    app: &App,
    user: &User,
    actor: &Actor,
    service_id: i64,
    version: i64,
) -> Result<(String, Vec<u8>), Error> {
    let service = visible_service(app, user, service_id).await?;
    let pdf = app.store.pack_pdf(service_id, version).await?;
    let name = service.record.title();
    seen(
        app,
        actor,
        "download",
        format!("Downloaded pack version {version} of {name}"),
        Some((EntityKind::Service, service_id, Some(service_id))),
    )
    .await?;
    let file: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    Ok((format!("pack-{file}-v{version}.pdf"), pdf))
}
