//! What the black-box tests of the `lantern` binary share: a scratch directory per test (the
//! children's working directory, with the data in `data/`), commands isolated from the caller's
//! settings, servers that bind port 0 and announce their address on stdout, and children killed
//! when their guard drops.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;
use tempfile::TempDir;

/// How long a command may run, or a server take to print its address, before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(60);
pub const READY_LINE: &str = "Lantern is running at http://";
pub const BOSS: &str = "boss@example.org";
pub const INIT: [&str; 6] = [
    "init",
    "--organisation",
    "Test Care Ltd",
    "--admin-email",
    BOSS,
    "--password-stdin",
];

/// One test's scratch directory.
pub struct Scratch(pub TempDir);

impl Scratch {
    pub fn new() -> Self {
        Scratch(tempfile::tempdir().unwrap())
    }

    /// `lantern ARGS --data DIR/data`, isolated from the caller's `LANTERN_*` settings and
    /// from any `./lantern.toml`.
    pub fn cmd(&self, args: &[&str]) -> Command {
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
            // Laying out the demo's packs takes most of a minute in a debug build: tests that
            // are about Lantern building packs by itself turn it back on (`with_packs`).
            .env("LANTERN_PACK_BUILD_TIME", "off")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    pub fn run(&self, args: &[&str]) -> Out {
        run(self.cmd(args), "")
    }

    /// Creates "Test Care Ltd" with administrator `BOSS`.
    pub fn init(&self) -> Out {
        run(self.cmd(&INIT), "fourteen-chars\n")
    }
}

/// What a finished command did.
#[derive(Debug)]
pub struct Out {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn success(self) -> Self {
        assert_eq!(self.code, Some(0), "expected success: {self:#?}");
        self
    }

    /// Asserts a non-zero exit and returns stdout and stderr together.
    pub fn failure(self) -> String {
        assert!(matches!(self.code, Some(c) if c != 0), "expected failure: {self:#?}");
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Kills and reaps the child when dropped, so no test leaves a process behind.
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads `pipe` to its end on a thread, so it never fills; the text arrives at end of file.
pub fn drain(mut pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = tx.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    rx
}

pub fn within_deadline(rx: &Receiver<String>, what: &str) -> String {
    rx.recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("{what} was still running after {DEADLINE:?}"))
}

/// Runs `cmd` to completion with `stdin` as its input. A child still running at the deadline
/// (say a `serve` that should have refused to start) fails the test instead of hanging it.
pub fn run(mut cmd: Command, stdin: &str) -> Out {
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
pub struct Server {
    child: ChildGuard,
    pub addr: String,
}

impl Server {
    /// The server's process id, to read its memory from /proc.
    pub fn pid(&self) -> u32 {
        self.child.0.id()
    }
}

/// Starts `cmd` (which must bind 127.0.0.1:0) and reads its stdout until it prints its address.
pub fn start(mut cmd: Command) -> Server {
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
                    return Server { child, addr };
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
pub fn http_get(addr: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
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

pub fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next().unwrap_or_default();
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}
