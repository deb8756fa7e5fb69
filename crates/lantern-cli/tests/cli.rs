//! Black-box tests of the real `lantern` binary. Each test works in its own temporary directory
//! (the children's working directory, with the data in `data/`); servers bind port 0 and announce
//! their address on stdout, and every child is killed when its guard drops.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;
use tempfile::TempDir;

/// How long a command may run, or a server take to print its address, before the test fails.
const DEADLINE: Duration = Duration::from_secs(60);
const READY_LINE: &str = "Lantern is running at http://";
const BOSS: &str = "boss@example.org";
const INIT: [&str; 6] = [
    "init",
    "--organisation",
    "Test Care Ltd",
    "--admin-email",
    BOSS,
    "--password-stdin",
];

/// One test's scratch directory.
struct Scratch(TempDir);

impl Scratch {
    fn new() -> Self {
        Scratch(tempfile::tempdir().unwrap())
    }

    /// `lantern ARGS --data DIR/data`, isolated from the caller's `LANTERN_*` settings and
    /// from any `./lantern.toml`.
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_lantern"));
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("LANTERN_") {
                c.env_remove(key);
            }
        }
        c.args(args)
            .arg("--data")
            .arg(self.0.path().join("data"))
            .current_dir(self.0.path())
            .env_remove("RUST_LOG")
            .env("LANTERN_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    fn run(&self, args: &[&str]) -> Out {
        run(self.cmd(args), "")
    }

    /// Creates "Test Care Ltd" with administrator `BOSS`.
    fn init(&self) -> Out {
        run(self.cmd(&INIT), "fourteen-chars\n")
    }
}

/// What a finished command did.
#[derive(Debug)]
struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn success(self) -> Self {
        assert_eq!(self.code, Some(0), "expected success: {self:#?}");
        self
    }

    /// Asserts a non-zero exit and returns stdout and stderr together.
    fn failure(self) -> String {
        assert!(matches!(self.code, Some(c) if c != 0), "expected failure: {self:#?}");
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Kills and reaps the child when dropped, so no test leaves a process behind.
struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads `pipe` to its end on a thread, so it never fills; the text arrives at end of file.
fn drain(mut pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = tx.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    rx
}

fn within_deadline(rx: &Receiver<String>, what: &str) -> String {
    rx.recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("{what} was still running after {DEADLINE:?}"))
}

/// Runs `cmd` to completion with `stdin` as its input. A child still running at the deadline
/// (say a `serve` that should have refused to start) fails the test instead of hanging it.
fn run(mut cmd: Command, stdin: &str) -> Out {
    let mut child = ChildGuard(cmd.spawn().unwrap());
    // The child may exit without reading its input, so a failed write is not an error here.
    let _ = child.0.stdin.take().unwrap().write_all(stdin.as_bytes());
    let stdout = drain(child.0.stdout.take().unwrap());
    let stderr = drain(child.0.stderr.take().unwrap());
    let what = format!("{cmd:?}");
    let (stdout, stderr) = (within_deadline(&stdout, &what), within_deadline(&stderr, &what));
    Out {
        code: child.0.wait().unwrap().code(),
        stdout,
        stderr,
    }
}

/// A running `serve` or `demo`, listening at `addr`.
struct Server {
    _child: ChildGuard,
    addr: String,
}

/// Starts `cmd` (which must bind 127.0.0.1:0) and reads its stdout until it prints its address.
fn start(mut cmd: Command) -> Server {
    let mut child = ChildGuard(cmd.stdin(Stdio::null()).spawn().unwrap());
    let stdout = child.0.stdout.take().unwrap();
    let stderr = drain(child.0.stderr.take().unwrap());
    let (tx, lines) = mpsc::channel();
    // Keeps reading until the child exits, so the pipe never fills.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    loop {
        match lines.recv_timeout(DEADLINE) {
            Ok(line) => {
                if let Some((_, rest)) = line.split_once(READY_LINE) {
                    let addr = rest.split('/').next().unwrap().to_string();
                    return Server { _child: child, addr };
                }
            }
            Err(RecvTimeoutError::Timeout) => panic!("no '{READY_LINE}' within {DEADLINE:?}"),
            Err(RecvTimeoutError::Disconnected) => {
                let status = child.0.wait().unwrap();
                let stderr = within_deadline(&stderr, "stderr");
                panic!("the server exited ({status}) before it was ready: {stderr}");
            }
        }
    }
}

/// Sends `GET path` over HTTP/1.1 and returns the status code and the whole response.
fn http_get(addr: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP status line in {text:?}"));
    (status, text)
}

fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next().unwrap_or_default();
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn demo_seed_only_seeds_riverside_once() {
    let s = Scratch::new();
    let first = s.run(&["demo", "--seed-only"]).success();
    assert!(first.stdout.contains("Created Riverside Care Group"), "{first:#?}");
    assert!(
        first
            .stdout
            .contains("Sign in as admin@riverside-care.example with password lantern-demo"),
        "{first:#?}"
    );
    assert!(!first.stdout.contains(READY_LINE), "--seed-only must not serve");
    let second = s.run(&["demo", "--seed-only"]).success();
    assert!(
        second.stdout.contains("Using the organisation already in"),
        "{second:#?}"
    );
    assert!(!second.stdout.contains("Created"), "{second:#?}");
}

#[test]
fn serve_answers_health_home_and_login() {
    let s = Scratch::new();
    s.run(&["demo", "--seed-only"]).success();
    let server = start(s.cmd(&["serve", "--bind", "127.0.0.1:0"]));
    let addr = &server.addr;
    assert_eq!(http_get(addr, "/healthz", &[]).0, 200);
    assert_eq!(http_get(addr, "/readyz", &[]).0, 200);
    let (status, home) = http_get(addr, "/", &[]);
    assert_eq!(status, 303, "{home}");
    assert!(
        header(&home, "location").is_some_and(|l| l.ends_with("/login")),
        "{home}"
    );
    assert_eq!(http_get(addr, "/login", &[]).0, 200);
}

#[test]
fn serve_refuses_a_data_dir_without_an_organisation() {
    let s = Scratch::new();
    let message = s.run(&["serve", "--bind", "127.0.0.1:0"]).failure();
    assert!(message.contains("lantern init"), "{message}");
    assert!(!message.contains(READY_LINE), "{message}");
    let check = s.run(&["config", "check"]).success();
    assert!(check.stdout.contains("no organisation yet"), "{check:#?}");
}

#[test]
fn init_creates_once_and_requires_a_long_password() {
    let s = Scratch::new();
    let short = run(s.cmd(&INIT), "eleven-char\n").failure();
    assert!(short.contains("12"), "{short}");
    let created = s.init().success();
    assert!(created.stdout.contains("Created Test Care Ltd"), "{created:#?}");
    assert!(created.stdout.contains(BOSS), "{created:#?}");
    assert!(!created.stdout.contains("Password (shown once)"), "{created:#?}");
    let again = s.init().failure();
    assert!(again.contains("already exists"), "{again}");
}

#[test]
fn user_add_checks_role_service_and_duplicates() {
    let s = Scratch::new();
    let add = |extra: &[&str]| {
        let mut args = vec!["user", "add", "--email", "coord@example.org"];
        args.extend_from_slice(extra);
        args.push("--password-stdin");
        run(s.cmd(&args), "coordinator-pass\n")
    };
    let too_early = add(&["--role", "staff"]).failure();
    assert!(too_early.contains("lantern init"), "{too_early}");
    s.init().success();
    let wizard = add(&["--role", "wizard"]).failure();
    for role in ["admin", "manager", "coordinator", "staff", "viewer"] {
        assert!(wizard.contains(role), "{wizard}");
    }
    let nowhere = add(&["--role", "staff", "--service", "No Such Place"]).failure();
    assert!(nowhere.contains("No Such Place"), "{nowhere}");
    let added = add(&["--role", "coordinator"]).success();
    assert!(added.stdout.contains("coord@example.org"), "{added:#?}");
    let twice = add(&["--role", "viewer"]).failure();
    assert!(twice.contains("already exists"), "{twice}");
    let list = s.run(&["user", "list"]).success().stdout;
    let line = |email: &str| list.lines().find(|l| l.starts_with(email)).unwrap_or("");
    assert!(line(BOSS).contains("admin"), "{list}");
    assert!(line("coord@example.org").contains("coordinator"), "{list}");
    assert_eq!(list.lines().count(), 2, "{list}");
}

#[test]
fn api_token_authorises_api_requests() {
    let s = Scratch::new();
    s.init().success();
    let token = s.run(&["token", "create", "--user", BOSS]).success().stdout;
    let token = token.trim();
    assert!(token.starts_with("lantern_"), "{token}");
    let unknown = s.run(&["token", "create", "--user", "nobody@example.org"]);
    assert!(unknown.failure().contains("nobody@example.org"));
    let server = start(s.cmd(&["serve", "--bind", "127.0.0.1:0"]));
    let bearer = format!("Bearer {token}");
    let (status, body) = http_get(&server.addr, "/api/v1/services", &[("Authorization", &bearer)]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(http_get(&server.addr, "/api/v1/services", &[]).0, 401);
    let wrong = [("Authorization", "Bearer lantern_not-a-real-token")];
    assert_eq!(http_get(&server.addr, "/api/v1/services", &wrong).0, 401);
}

#[test]
fn config_check_reports_hides_secrets_and_names_unknown_keys() {
    let s = Scratch::new();
    let check = s.run(&["config", "check"]).success();
    assert!(check.stdout.contains("database: ok"), "{check:#?}");
    assert!(check.stdout.contains("session_hours"), "{check:#?}");

    let mut pg = s.cmd(&["config", "check"]);
    pg.env(
        "LANTERN_DATABASE_URL",
        "postgres://u:hunter2@127.0.0.1:1/x?password=hunter2",
    );
    let pg = run(pg, "");
    assert!(!pg.stdout.contains("hunter2"), "{pg:#?}");
    assert!(!pg.stderr.contains("hunter2"), "{pg:#?}");
    assert!(pg.stdout.contains("u:***@127.0.0.1:1"), "{pg:#?}");

    let file = s.0.path().join("typo.toml");
    std::fs::write(&file, "bnd = 1\n").unwrap();
    let typo = s.run(&["config", "check", "--config", file.to_str().unwrap()]);
    let message = typo.failure();
    assert!(message.contains("bnd"), "{message}");
}

#[test]
fn help_describes_subcommands_and_flags() {
    let s = Scratch::new();
    let help = |args: &[&str]| s.run(args).success().stdout;
    let top = help(&["--help"]);
    for sub in ["demo", "serve", "init", "user", "token", "config"] {
        assert!(top.contains(sub), "{top}");
    }
    let user = help(&["user", "--help"]);
    assert!(user.contains("add") && user.contains("list"), "{user}");
    let demo = help(&["demo", "--help"]);
    for flag in ["--seed-only", "--people-per-service", "--services", "--bind"] {
        assert!(demo.contains(flag), "{demo}");
    }
}
