//! Accounts as an administrator sets them up: who someone is, their role, the services they
//! work in, and the rule every password meets. The users page, the API and `lantern user add`
//! all parse through here, so none of them can let through what another refuses.

use crate::FieldErrors;
use crate::user::{Role, ServiceAccess};
use crate::values::parse_email;

/// NCSC password guidance: length beats complexity rules; twelve characters is a short
/// sentence or three random words, and what `lantern init` has always asked for.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longer than any pass phrase, short enough that hashing it is no burden.
pub const MAX_PASSWORD_CHARS: usize = 200;
const MAX_NAME_CHARS: usize = 100;

/// Administers users and reads the whole audit log: an administrator of every service. An
/// administrator limited to some services could otherwise give themselves the rest.
pub fn manages_users(role: Role, access: &ServiceAccess) -> bool {
    role == Role::Admin && *access == ServiceAccess::All
}

/// An account as typed into the users page, a JSON body or the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountInput {
    pub email: String,
    pub name: String,
    pub role: String,
    /// Every service, including those added later.
    pub every_service: bool,
    /// Service ids, as sent; ignored when `every_service`.
    pub services: Vec<String>,
}

/// An account that parsed: what the store keeps (besides the password's hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub access: ServiceAccess,
}

/// Parses an account against the services that exist. Every problem is named by its field
/// (`email`, `name`, `role`, `services`), so a form can show each beside its box.
pub fn parse_account(input: &AccountInput, existing_services: &[i64]) -> Result<Account, FieldErrors> {
    let mut errors = FieldErrors::default();
    let email = if input.email.trim().is_empty() {
        errors.add("email", "Enter the email address they will sign in with");
        None
    } else {
        parse_email(&input.email).map_err(|e| errors.add("email", e)).ok()
    };
    let name = input.name.trim().to_string();
    if name.is_empty() {
        errors.add("name", "Enter their name, as colleagues know them");
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.add("name", format!("is too long (at most {MAX_NAME_CHARS} characters)"));
    }
    let role = if input.role.trim().is_empty() {
        errors.add("role", "Choose a role");
        None
    } else {
        Role::parse(&input.role).map_err(|e| errors.add("role", e)).ok()
    };
    let access = parse_access(input, existing_services).map_err(|e| errors.add("services", e));
    if let (Some(Role::Admin), Ok(ServiceAccess::Only(_))) = (role, &access) {
        errors.add(
            "services",
            "An administrator works across every service: tick “Every service”",
        );
    }
    match (email, role, access) {
        (Some(email), Some(role), Ok(access)) if errors.is_empty() => Ok(Account {
            email,
            name,
            role,
            access,
        }),
        _ => Err(errors),
    }
}

fn parse_access(input: &AccountInput, existing: &[i64]) -> Result<ServiceAccess, String> {
    if input.every_service {
        return Ok(ServiceAccess::All);
    }
    let mut ids = Vec::new();
    for typed in input.services.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match typed.parse::<i64>() {
            Ok(id) if existing.contains(&id) => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => return Err(format!("There is no service '{typed}'")),
        }
    }
    if ids.is_empty() {
        return Err("Choose the services they work in, or “Every service”".into());
    }
    ids.sort_unstable();
    Ok(ServiceAccess::Only(ids))
}

/// The rule every password meets, whoever sets it.
pub fn check_password(password: &str, email: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(format!(
            "The password must be at least {MIN_PASSWORD_CHARS} characters: three random words are easy to remember and hard to guess"
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(format!("The password must be at most {MAX_PASSWORD_CHARS} characters"));
    }
    if password.trim().eq_ignore_ascii_case(email.trim()) {
        return Err("The password must not be the email address".into());
    }
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 4 {
        return Err("The password must not be one or two characters repeated".into());
    }
    Ok(())
}

/// Whether `after` may replace an account's role and services. Nobody takes away their own
/// administrator role (they would lose this page in the middle of changing it), and an
/// organisation always keeps an administrator of every service: without one, nobody could
/// add users, reset a password or read the audit log. `other_administrators` counts the
/// administrators of every service besides this account.
pub fn check_change(
    acting_on_self: bool,
    before: (Role, &ServiceAccess),
    after: &Account,
    other_administrators: usize,
) -> Result<(), String> {
    let was = manages_users(before.0, before.1);
    let stays = manages_users(after.role, &after.access);
    if was && !stays && acting_on_self {
        return Err("You cannot take away your own administrator role. Ask another administrator to do it.".into());
    }
    if was && !stays && other_administrators == 0 {
        return Err("This is the organisation's only administrator. Make someone else an administrator first.".into());
    }
    Ok(())
}

/// "every service", or the services' names joined ("Birch Court, Riverside House").
pub fn describe_access(access: &ServiceAccess, name_of: impl Fn(i64) -> String) -> String {
    match access {
        ServiceAccess::All => "every service".into(),
        ServiceAccess::Only(ids) => ids.iter().map(|id| name_of(*id)).collect::<Vec<_>>().join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(role: &str, every: bool, services: &[&str]) -> AccountInput {
        AccountInput {
            email: " Jo.Patel@Example.org ".into(),
            name: " Jo Patel ".into(),
            role: role.into(),
            every_service: every,
            services: services.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn an_account_parses_with_its_services() {
        let a = parse_account(&input("staff", false, &["3", "1", "3"]), &[1, 2, 3]).unwrap();
        assert_eq!(a.email, "jo.patel@example.org");
        assert_eq!(a.name, "Jo Patel");
        assert_eq!((a.role, a.access), (Role::Staff, ServiceAccess::Only(vec![1, 3])));
        let every = parse_account(&input("manager", true, &["2"]), &[1, 2]).unwrap();
        assert_eq!(every.access, ServiceAccess::All);
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let bad = AccountInput {
            email: "not-an-email".into(),
            name: "  ".into(),
            role: "wizard".into(),
            every_service: false,
            services: vec![],
        };
        let e = parse_account(&bad, &[1]).unwrap_err();
        assert!(e.get("email").unwrap().contains("not an e-mail address"), "{e:?}");
        assert!(e.get("name").unwrap().contains("Enter their name"));
        assert!(e.get("role").unwrap().contains("not a role"));
        assert!(e.get("services").unwrap().contains("Choose the services"));
        let unknown = parse_account(&input("staff", false, &["9"]), &[1]).unwrap_err();
        assert!(unknown.get("services").unwrap().contains("no service '9'"));
    }

    #[test]
    fn an_administrator_works_across_every_service() {
        let e = parse_account(&input("admin", false, &["1"]), &[1]).unwrap_err();
        assert!(e.get("services").unwrap().contains("Every service"), "{e:?}");
        assert!(parse_account(&input("admin", true, &[]), &[1]).is_ok());
    }

    #[test]
    fn passwords_are_long_and_not_the_email() {
        assert!(check_password("eleven-char", "a@b.org").unwrap_err().contains("12"));
        assert!(check_password("correct horse battery", "a@b.org").is_ok());
        assert!(check_password("jo@example.org", "Jo@Example.org").is_err());
        assert!(check_password("abababababababab", "a@b.org").is_err());
        assert!(
            check_password(&"x1y2".repeat(60), "a@b.org")
                .unwrap_err()
                .contains("at most")
        );
    }

    #[test]
    fn nobody_removes_their_own_admin_role_or_the_last_administrator() {
        let all = ServiceAccess::All;
        let staff = Account {
            email: "a@b.org".into(),
            name: "A".into(),
            role: Role::Staff,
            access: ServiceAccess::Only(vec![1]),
        };
        let admin = Account {
            role: Role::Admin,
            access: ServiceAccess::All,
            ..staff.clone()
        };
        assert!(
            check_change(true, (Role::Admin, &all), &staff, 3)
                .unwrap_err()
                .contains("your own")
        );
        assert!(
            check_change(false, (Role::Admin, &all), &staff, 0)
                .unwrap_err()
                .contains("only administrator")
        );
        assert!(check_change(false, (Role::Admin, &all), &staff, 1).is_ok());
        assert!(
            check_change(true, (Role::Admin, &all), &admin, 0).is_ok(),
            "renaming oneself is fine"
        );
        assert!(check_change(false, (Role::Staff, &ServiceAccess::Only(vec![1])), &admin, 0).is_ok());
    }

    #[test]
    fn access_is_described_by_name() {
        let names = |id: i64| format!("Service {id}");
        assert_eq!(describe_access(&ServiceAccess::All, names), "every service");
        assert_eq!(
            describe_access(&ServiceAccess::Only(vec![1, 2]), names),
            "Service 1, Service 2"
        );
    }
}
