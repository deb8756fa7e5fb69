//! Who may do what. Roles are coarse on purpose: a small provider has a handful of users.

use serde::{Deserialize, Serialize};

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including users and settings.
    Admin,
    /// Keeps the register of their services up to date.
    Manager,
    /// Runs the day: reads the register, works disruptions.
    Coordinator,
    /// Care staff: reads what they need.
    Staff,
    /// Inspectors and commissioners: read only.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Manager, Role::Coordinator, Role::Staff, Role::Viewer];

    pub fn parse(text: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                format!(
                    "'{}' is not a role; use admin, manager, coordinator, staff or viewer",
                    text.trim()
                )
            })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Coordinator => "coordinator",
            Role::Staff => "staff",
            Role::Viewer => "viewer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Manager => "Manager",
            Role::Coordinator => "Coordinator",
            Role::Staff => "Care staff",
            Role::Viewer => "Read only",
        }
    }

    /// May build a new version of a downtime pack at any time.
    pub fn can_build_packs(self) -> bool {
        matches!(self, Role::Admin | Role::Manager | Role::Coordinator)
    }

    /// May build a pack of their service now. Care staff (shift leaders) may when the service
    /// has no current pack — none yet, or a stale one — so that whoever is on shift when the
    /// printed pack turns out of date can replace it without waiting for a manager; a current
    /// pack they leave alone, so that versions are not built for nothing. Read-only users never.
    pub fn may_build_pack(self, has_current_pack: bool) -> bool {
        self.can_build_packs() || (self == Role::Staff && !has_current_pack)
    }

    /// May record a physical check of a printed pack (anyone who works in the service).
    pub fn can_record_checks(self) -> bool {
        !matches!(self, Role::Viewer)
    }

    /// May declare and close a disruption, and record that CQC was notified.
    pub fn can_run_disruptions(self) -> bool {
        matches!(self, Role::Admin | Role::Manager | Role::Coordinator)
    }

    /// May work a disruption: tick the checklist, log, update the board, record family calls.
    /// Shift leaders and senior carers are "staff"; only read-only users may not.
    pub fn can_respond(self) -> bool {
        !matches!(self, Role::Viewer)
    }

    /// May create, edit and end register entries.
    pub fn can_edit_register(self) -> bool {
        matches!(self, Role::Admin | Role::Manager)
    }
}

/// May change what the whole organisation shares (the scenario checklists, settings) or read
/// what it all did (the audit log): an administrator or a manager of every service — never a
/// user limited to some services, whose change would reach services they do not run.
pub fn can_change_organisation(role: Role, access: &ServiceAccess) -> bool {
    role.can_edit_register() && *access == ServiceAccess::All
}

/// Which services a user sees: all of them, or a list (a branch manager sees their branch).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ServiceAccess {
    #[default]
    All,
    Only(Vec<i64>),
}

impl ServiceAccess {
    pub fn allows(&self, service_id: i64) -> bool {
        match self {
            ServiceAccess::All => true,
            ServiceAccess::Only(ids) => ids.contains(&service_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_and_print() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        assert!(Role::parse("superuser").unwrap_err().contains("not a role"));
        assert!(Role::Manager.can_edit_register());
        assert!(!Role::Viewer.can_edit_register());
        assert!(Role::Coordinator.can_run_disruptions() && !Role::Staff.can_run_disruptions());
        assert!(Role::Staff.can_respond() && !Role::Viewer.can_respond());
    }

    #[test]
    fn staff_build_a_pack_only_when_there_is_no_current_one() {
        assert!(Role::Staff.may_build_pack(false) && !Role::Staff.may_build_pack(true));
        assert!(Role::Coordinator.may_build_pack(true) && Role::Manager.may_build_pack(true));
        assert!(!Role::Viewer.may_build_pack(false));
    }

    #[test]
    fn organisation_settings_need_every_service() {
        let one = ServiceAccess::Only(vec![1]);
        assert!(can_change_organisation(Role::Admin, &ServiceAccess::All));
        assert!(!can_change_organisation(Role::Admin, &one));
        assert!(can_change_organisation(Role::Manager, &ServiceAccess::All));
        assert!(!can_change_organisation(Role::Manager, &one));
        assert!(!can_change_organisation(Role::Coordinator, &ServiceAccess::All));
    }

    #[test]
    fn service_access() {
        assert!(ServiceAccess::All.allows(7));
        assert!(ServiceAccess::Only(vec![1, 2]).allows(2));
        assert!(!ServiceAccess::Only(vec![1, 2]).allows(3));
    }
}
