//! Who acts when nobody is signed in. The audit log must say who did it even then: a command
//! at the server is named with the operating-system user who ran it, since that person holds
//! the database itself.

use lantern_store::Actor;

/// `lantern import csv`, run by `os_user` at the server.
pub fn command_line(command: &str, os_user: &str) -> Actor {
    Actor::system(&format!("{command} (run by {os_user} at the server)"))
}
