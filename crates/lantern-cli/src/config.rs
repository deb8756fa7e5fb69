//! Configuration, layered: defaults in code → `lantern.toml` → `LANTERN_*` environment →
//! command-line flags. Unknown keys in the file are errors, so a typo is not silently ignored.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where the embedded database lives.
    pub data_dir: PathBuf,
    /// A `postgres://` URL to use PostgreSQL instead of the embedded database.
    pub database_url: Option<String>,
    /// The address to serve on.
    pub bind: SocketAddr,
    /// Mark cookies Secure (when served over HTTPS behind a proxy).
    pub secure_cookies: bool,
    /// Behind one reverse proxy: count sign-ins per the right-most `X-Forwarded-For` address
    /// (the proxy's entry) instead of the connection's, which would be the proxy itself.
    pub trust_forwarded_for: bool,
    /// How long a sign-in lasts, in hours.
    pub session_hours: i64,
    /// Log filter, e.g. "info" or "lantern=debug".
    pub log: String,
    /// When `serve` builds every service's pack each morning (London time), or "off": then
    /// Lantern builds no pack by itself — not each morning, nor the first packs of the demo,
    /// of a new service or of services that have none when it starts.
    pub pack_build_time: String,
}

impl Config {
    /// Lantern builds packs by itself (each morning, and the first pack of each service).
    pub fn builds_packs(&self) -> bool {
        self.pack_build_time != "off"
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("./lantern-data"),
            database_url: None,
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            secure_cookies: false,
            trust_forwarded_for: false,
            session_hours: 12,
            log: "info".into(),
            pack_build_time: "05:30".into(),
        }
    }
}

/// Passwords in a database URL never reach a log.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("database_url", &self.database_url.as_deref().map(redact_url))
            .field("bind", &self.bind)
            .field("secure_cookies", &self.secure_cookies)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .field("session_hours", &self.session_hours)
            .field("log", &self.log)
            .field("pack_build_time", &self.pack_build_time)
            .finish()
    }
}

/// `postgres://user:secret@host/db?password=x` → `postgres://user:***@host/db?password=***`.
pub fn redact_url(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = match (base.find("://"), base.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &base[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &base[..scheme_end + 3], &base[at..]),
                None => base.to_string(),
            }
        }
        _ => base.to_string(),
    };
    match query {
        None => base,
        Some(q) => {
            let params: Vec<String> = q
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") || k.to_lowercase().contains("secret") => {
                        format!("{k}=***")
                    }
                    _ => p.to_string(),
                })
                .collect();
            format!("{base}?{}", params.join("&"))
        }
    }
}

/// Where each setting came from, for `lantern config check`.
pub struct Loaded {
    pub config: Config,
    pub file: Option<PathBuf>,
    pub env_used: Vec<String>,
    pub env_unknown: Vec<String>,
}

const ENV_KEYS: &[&str] = &[
    "LANTERN_DATA_DIR",
    "LANTERN_DATABASE_URL",
    "LANTERN_BIND",
    "LANTERN_SECURE_COOKIES",
    "LANTERN_TRUST_FORWARDED_FOR",
    "LANTERN_SESSION_HOURS",
    "LANTERN_LOG",
    "LANTERN_PACK_BUILD_TIME",
    "LANTERN_CONFIG",
];

/// Reads the file (the explicit one must exist; `./lantern.toml` is used if present) and the
/// environment. Flags are applied by the caller.
pub fn load(explicit: Option<&Path>, env: &[(String, String)]) -> Result<Loaded, String> {
    let from_env = env
        .iter()
        .find(|(k, _)| k == "LANTERN_CONFIG")
        .map(|(_, v)| PathBuf::from(v));
    let path = explicit.map(Path::to_path_buf).or(from_env);
    let (mut config, file) = match path {
        Some(p) => (read_file(&p)?, Some(p)),
        None if Path::new("lantern.toml").exists() => (
            read_file(Path::new("lantern.toml"))?,
            Some(PathBuf::from("lantern.toml")),
        ),
        None => (Config::default(), None),
    };
    let mut env_used = Vec::new();
    let mut env_unknown = Vec::new();
    for (key, value) in env {
        if !key.starts_with("LANTERN_") {
            continue;
        }
        let bad = |what: &str| format!("{key}: '{value}' is not {what}");
        match key.as_str() {
            "LANTERN_DATA_DIR" => config.data_dir = PathBuf::from(value),
            "LANTERN_DATABASE_URL" => config.database_url = Some(value.clone()),
            "LANTERN_BIND" => config.bind = value.parse().map_err(|_| bad("an address like 127.0.0.1:8080"))?,
            "LANTERN_SECURE_COOKIES" => {
                config.secure_cookies = parse_bool(value).ok_or_else(|| bad("true or false"))?
            }
            "LANTERN_TRUST_FORWARDED_FOR" => {
                config.trust_forwarded_for = parse_bool(value).ok_or_else(|| bad("true or false"))?
            }
            "LANTERN_SESSION_HOURS" => config.session_hours = value.parse().map_err(|_| bad("a number of hours"))?,
            "LANTERN_LOG" => config.log = value.clone(),
            "LANTERN_PACK_BUILD_TIME" => config.pack_build_time = value.clone(),
            "LANTERN_CONFIG" => {}
            _ => {
                env_unknown.push(key.clone());
                continue;
            }
        }
        if ENV_KEYS.contains(&key.as_str()) {
            env_used.push(key.clone());
        }
    }
    validate(&config)?;
    Ok(Loaded {
        config,
        file,
        env_used,
        env_unknown,
    })
}

fn read_file(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

pub fn validate(c: &Config) -> Result<(), String> {
    if !(1..=24 * 14).contains(&c.session_hours) {
        return Err(format!(
            "session_hours must be between 1 and 336, not {}",
            c.session_hours
        ));
    }
    if c.pack_build_time != "off" {
        lantern_core::values::DoseTime::parse(&c.pack_build_time)
            .map_err(|e| format!("pack_build_time: {e} (or \"off\")"))?;
    }
    if let Some(url) = &c.database_url
        && !url.starts_with("postgres://")
        && !url.starts_with("postgresql://")
        && !url.starts_with("sqlite://")
    {
        return Err(format!(
            "database_url must start with postgres:// or sqlite://, not '{}'",
            redact_url(url)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn layers_apply_in_order_file_then_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lantern.toml");
        std::fs::write(&file, "bind = \"127.0.0.1:9000\"\nsession_hours = 8\n").unwrap();
        let loaded = load(Some(&file), &env(&[("LANTERN_SESSION_HOURS", "4"), ("PATH", "/bin")])).unwrap();
        assert_eq!(loaded.config.bind.port(), 9000);
        assert_eq!(loaded.config.session_hours, 4);
        assert_eq!(loaded.env_used, vec!["LANTERN_SESSION_HOURS"]);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lantern.toml");
        std::fs::write(&file, "bnd = \"x\"\n").unwrap();
        assert!(load(Some(&file), &[]).err().unwrap().contains("bnd"));
        let e = load(None, &env(&[("LANTERN_BIND", "nowhere")])).err().unwrap();
        assert!(e.contains("LANTERN_BIND"));
        let l = load(None, &env(&[("LANTERN_TYPO", "1")])).unwrap();
        assert_eq!(l.env_unknown, vec!["LANTERN_TYPO"]);
    }

    #[test]
    fn trusting_a_proxy_is_off_unless_set_in_the_file_or_environment() {
        assert!(!load(None, &[]).unwrap().config.trust_forwarded_for);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lantern.toml");
        std::fs::write(&file, "trust_forwarded_for = true\n").unwrap();
        let loaded = load(Some(&file), &[]).unwrap();
        assert!(loaded.config.trust_forwarded_for);
        assert!(format!("{:?}", loaded.config).contains("trust_forwarded_for: true"));
        let off = load(Some(&file), &env(&[("LANTERN_TRUST_FORWARDED_FOR", "off")])).unwrap();
        assert!(!off.config.trust_forwarded_for);
        assert_eq!(off.env_used, vec!["LANTERN_TRUST_FORWARDED_FOR"]);
        let e = load(None, &env(&[("LANTERN_TRUST_FORWARDED_FOR", "maybe")]))
            .err()
            .unwrap();
        assert!(e.contains("LANTERN_TRUST_FORWARDED_FOR"));
        std::fs::write(&file, "trust_forwarded = true\n").unwrap();
        assert!(load(Some(&file), &[]).err().unwrap().contains("trust_forwarded"));
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let c = Config {
            database_url: Some("postgres://app:hunter2@db/lantern".into()),
            ..Config::default()
        };
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2") && shown.contains("app:***@db"));
        let q = redact_url("postgres://app@db/lantern?sslmode=require&password=hunter2");
        assert_eq!(q, "postgres://app@db/lantern?sslmode=require&password=***");
    }
}
