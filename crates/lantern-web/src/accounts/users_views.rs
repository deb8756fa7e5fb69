//! Page models of the users pages (templates `users.html` and `user.html`; adding and
//! changing an account use the register's `form.html`).

use crate::views::Chrome;
use askama::Template;

/// One account in the users list.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub url: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub services: String,
    /// "2 browsers", "—".
    pub signed_in: String,
    /// "3 failed sign-ins today", when there are any: the account may be held back.
    pub held_back: Option<String>,
}

#[derive(Template)]
#[template(path = "users.html")]
pub struct UsersPage {
    pub chrome: Chrome,
    pub users: Vec<UserRow>,
}

/// An API token as an account's page lists it.
#[derive(Debug, Clone)]
pub struct TokenRow {
    pub label: String,
    pub created: String,
    pub last_used: String,
    pub state: String,
}

#[derive(Template)]
#[template(path = "user.html")]
pub struct UserPage {
    pub chrome: Chrome,
    pub name: String,
    pub email: String,
    pub role: String,
    pub services: String,
    pub notice: Option<String>,
    /// A password Lantern just made: shown on this one answer, never stored or shown again.
    pub secret: Option<String>,
    /// The administrator is looking at their own account.
    pub is_self: bool,
    pub edit_url: String,
    pub password_url: String,
    pub revoke_url: String,
    pub unlock_url: String,
    /// "6 failed sign-ins in the last day", when there are any.
    pub failures: Option<String>,
    /// (signed in, until), UK time.
    pub sessions: Vec<(String, String)>,
    pub tokens: Vec<TokenRow>,
    /// Why the typed password was refused.
    pub password_error: Option<String>,
}
