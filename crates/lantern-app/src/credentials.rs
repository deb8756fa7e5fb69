//! Passwords and tokens: argon2id hashes, bounded so sign-ins cannot exhaust the server, and
//! random tokens for sessions and the API. Shared by the web app and the lantern command.

use crate::error::Error;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// Password checks under way at once: about one per core. Each argon2 check holds ~19 MiB and
/// a core; past this, sign-ins queue instead of exhausting the server's CPU and memory. One
/// for the process, because the cores and memory it shares out are the process's.
static PASSWORD_WORK: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("could not hash the password: {e}"))
}

/// [`hash_password`] off the async threads, sharing [`PASSWORD_WORK`] with sign-ins.
pub async fn hash_password_bounded(password: String) -> Result<String, Error> {
    let _permit = PASSWORD_WORK.acquire().await.map_err(Error::internal)?;
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(Error::internal)?
        .map_err(|e| Error::Internal(e.into()))
}

/// Letters and digits that cannot be mistaken for each other when read out over the phone
/// or copied from a screen (no l/1, o/0).
const PASSWORD_LETTERS: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A new password for someone to be given once: four groups of four ("k7mq-3xpr-9tfd-h2wn"),
/// about 79 bits of randomness, which they may change for one of their own.
pub fn generate_password() -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    (0..4)
        .map(|_| {
            (0..4)
                .map(|_| char::from(PASSWORD_LETTERS[rng.gen_range(0..PASSWORD_LETTERS.len())]))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// True when `password` matches `hash`. An unreadable hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// [`verify_password`] off the async threads, at most [`PASSWORD_WORK`] at a time.
pub async fn verify_password_bounded(password: String, hash: String) -> Result<bool, Error> {
    let _permit = PASSWORD_WORK.acquire().await.map_err(Error::internal)?;
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(Error::internal)
}

/// A dummy hash to verify against when the email is unknown, so that timing does not tell
/// which accounts exist.
pub fn dummy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2mE0R8h7l5CwVqkNQ5nWmB8jT0x6dGMyF1o4xYc8r0g"
}

/// 32 random bytes as hex: session ids, CSRF tokens, API tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A new API token: (what the user keeps, what the database keeps).
pub fn new_api_token() -> (String, String) {
    let token = format!("lantern_{}", random_token());
    let hash = sha256(&token);
    (token, hash)
}

pub fn sha256(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_and_wrong_ones_do_not() {
        let h = hash_password("correct horse battery staple").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery staple", &h));
        assert!(!verify_password("Correct horse battery staple", &h));
        assert!(!verify_password("anything", "not a hash"));
        assert!(!verify_password("anything", dummy_hash()));
    }

    #[test]
    fn generated_passwords_are_long_readable_and_different() {
        let a = generate_password();
        assert_eq!(a.len(), 19, "{a}");
        assert!(
            a.split('-')
                .all(|g| g.len() == 4 && g.bytes().all(|b| PASSWORD_LETTERS.contains(&b)))
        );
        assert_ne!(a, generate_password());
        assert!(lantern_core::account::check_password(&a, "someone@example.org").is_ok());
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = new_api_token();
        let (b, _) = new_api_token();
        assert_ne!(a, b);
        assert_eq!(sha256(&a), ha);
        assert!(a.starts_with("lantern_"));
    }
}
