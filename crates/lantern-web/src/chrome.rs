//! What every signed-in page shares: its frame (the menu, who is signed in), whether a kind of
//! record is about a person, and the audit line for what a person viewed.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::views::Chrome;
use lantern_core::EntityKind;

/// The frame of a signed-in page.
pub async fn chrome(
    state: &AppState,
    me: &CurrentUser,
    title: &str,
    section: &'static str,
) -> Result<Chrome, AppError> {
    Ok(Chrome {
        title: title.to_string(),
        organisation: state.app.store.organisation().await?.unwrap_or_default(),
        user_name: me.user.name.clone(),
        role: me.user.role.label().to_string(),
        csrf: me.csrf.clone(),
        section,
        is_admin: lantern_app::access::reads_audit_log(&me.user),
        is_editor: me.user.role.can_edit_register(),
    })
}

/// Personal data: viewing it is audited (PRODUCT.md, "Rules that matter").
pub fn is_personal(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Person | EntityKind::Contact | EntityKind::Medicine | EntityKind::Visit
    )
}

pub async fn audit_view(
    state: &AppState,
    me: &CurrentUser,
    action: &str,
    detail: String,
    about: Option<(EntityKind, i64, Option<i64>)>,
) -> Result<(), AppError> {
    Ok(lantern_app::audit::seen(&state.app, &me.actor(), action, detail, about).await?)
}
