//! Huge import bodies against the real server, its memory read from /proc: a read-only user's
//! 500 MB is refused before it is read, an editor's is streamed to a temporary file (removed
//! afterwards), and imports beyond the cap are told to come back later.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const MIB: usize = 1024 * 1024;
/// What the server may grow by while bodies pour in: far below the bodies themselves.
const GROWTH_ALLOWED_KB: u64 = 100 * 1024;

/// A field of /proc/PID/status in kB (`VmHWM`: the peak resident set so far).
fn status_kb(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.trim_start_matches(':').trim().strip_suffix("kB"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

/// A chunked POST of `head` followed by `filler_mib` MiB of filler, written on one thread while
/// another reads the answer, so that an early answer (and the server closing) is seen.
/// Returns the status and the bytes the server took before it stopped reading.
fn post_chunked(addr: &str, path: &str, token: &str, head: &[u8], filler_mib: usize) -> (u16, String, usize) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut reader = stream.try_clone().unwrap();
    let answer = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = reader.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    });
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: text/csv\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    let mut sent = 0;
    // Writes the request head as it is, and the body's parts as chunks.
    let mut write = |bytes: &[u8], chunk: bool| -> bool {
        let frame = if chunk {
            [format!("{:x}\r\n", bytes.len()).as_bytes(), bytes, b"\r\n"].concat()
        } else {
            bytes.to_vec()
        };
        let ok = stream.write_all(&frame).is_ok();
        if ok && chunk {
            sent += bytes.len();
        }
        ok
    };
    let filler = b"x\r\n".repeat(MIB / 3);
    let started = write(request.as_bytes(), false);
    if started && write(head, true) {
        for _ in 0..filler_mib {
            if !write(&filler, true) {
                break;
            }
        }
        write(b"0\r\n\r\n", false);
    }
    let text = answer.join().unwrap();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    (status, text, sent)
}

/// An organisation with an administrator and a read-only user, served with its temporary files
/// in a folder of the test's own.
fn serve() -> (Scratch, Server, String, String, std::path::PathBuf) {
    let s = Scratch::new();
    s.init().success();
    run(
        s.cmd(&[
            "user",
            "add",
            "--email",
            "inspector@example.org",
            "--role",
            "viewer",
            "--password-stdin",
        ]),
        "inspector-password\n",
    )
    .success();
    let token = |email: &str| {
        s.run(&["token", "create", "--user", email])
            .success()
            .stdout
            .trim()
            .to_string()
    };
    let (admin, viewer) = (token(BOSS), token("inspector@example.org"));
    let tmp = s.0.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let mut cmd = s.cmd(&["serve", "--bind", "127.0.0.1:0"]);
    cmd.env("TMPDIR", &tmp);
    let server = start(cmd);
    (s, server, admin, viewer, tmp)
}

#[test]
fn a_read_only_users_huge_bodies_are_refused_before_they_are_read() {
    let (_s, server, _admin, viewer, _tmp) = serve();
    let before = status_kb(server.pid(), "VmHWM");
    let senders: Vec<_> = (0..3)
        .map(|_| {
            let (addr, viewer) = (server.addr.clone(), viewer.clone());
            std::thread::spawn(move || post_chunked(&addr, "/api/v1/import/fhir?ndjson=true", &viewer, b"{}\n", 500))
        })
        .collect();
    for sender in senders {
        let (status, text, sent) = sender.join().unwrap();
        assert_eq!(status, 403, "{}", text.chars().take(400).collect::<String>());
        assert!(sent < 100 * MIB, "the server read {} MiB before refusing", sent / MIB);
    }
    let grown = status_kb(server.pid(), "VmHWM").saturating_sub(before);
    assert!(grown < GROWTH_ALLOWED_KB, "the server grew by {} MiB", grown / 1024);
}

#[test]
fn an_editors_huge_body_goes_to_a_temporary_file_not_memory() {
    let (_s, server, admin, _viewer, tmp) = serve();
    let before = status_kb(server.pid(), "VmHWM");
    let (status, text, sent) = post_chunked(
        &server.addr,
        "/api/v1/import/csv/people",
        &admin,
        b"source_id,not_a_column\r\n",
        300,
    );
    assert_eq!(status, 422, "{}", text.chars().take(400).collect::<String>());
    assert!(text.contains("not_a_column"), "{text}");
    assert!(sent >= 299 * MIB, "the server stopped reading after {} MiB", sent / MIB);
    let grown = status_kb(server.pid(), "VmHWM").saturating_sub(before);
    assert!(
        grown < GROWTH_ALLOWED_KB,
        "the server grew by {} MiB for a 300 MiB body",
        grown / 1024
    );
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}

/// Starts an import and holds it open, its body unfinished. It asks to be told to go on
/// (`Expect: 100-continue`), which the server does only once the import has its place and
/// starts reading the body, so that the place is known to be taken before the test goes on.
fn held_import(addr: &str, token: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let head = format!(
        "POST /api/v1/import/csv/people HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut answer = [0u8; 25];
    stream.read_exact(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    assert!(answer.starts_with("HTTP/1.1 100 Continue"), "{answer}");
    stream.write_all(b"5\r\nsourc\r\n").unwrap();
    stream
}

#[test]
fn imports_beyond_two_at_once_are_told_to_come_back() {
    let (_s, server, admin, _viewer, _tmp) = serve();
    let busy = || http_post(&server.addr, "/api/v1/import/csv/people?dry_run=true", &admin);
    let first = held_import(&server.addr, &admin);
    let second = held_import(&server.addr, &admin);
    let (status, text) = busy();
    assert_eq!(status, 503, "{text}");
    assert_eq!(header(&text, "Retry-After"), Some("60"), "{text}");
    drop((first, second));
    // Cut short, they give their places back.
    let deadline = Instant::now() + DEADLINE;
    let status = loop {
        let (status, _) = busy();
        if status != 503 || Instant::now() > deadline {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status, 200);
}

/// A POST of a tiny valid people file.
fn http_post(addr: &str, path: &str, token: &str) -> (u16, String) {
    let body = "source_id,full_name\r\n";
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text)
}

/// A valid NHS number in the 999 range kept for test data (`n` from 0), or none when the
/// check digit would be 10.
fn nhs_number(n: u64) -> Option<String> {
    let digits = format!("{:09}", 999_000_000 + n);
    let sum: u32 = digits
        .bytes()
        .zip((2..=10).rev())
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    match 11 - sum % 11 {
        10 => None,
        11 => Some(format!("{digits}0")),
        check => Some(format!("{digits}{check}")),
    }
}

/// About `mib` MiB of FHIR NDJSON: synthetic Patients, each with a medicine and a long
/// narrative (which the import does not use, but must read past), written as HTTP chunks.
fn send_ndjson(stream: &mut TcpStream, mib: usize) -> (usize, usize) {
    let narrative = "Synthetic person for a memory test. ".repeat(200);
    let (mut sent, mut patients, mut n) = (0, 0, 0);
    while sent < mib * MIB {
        let mut chunk = String::new();
        for _ in 0..8 {
            n += 1;
            let Some(nhs) = nhs_number(n) else { continue };
            chunk.push_str(&format!(
                "{{\"resourceType\":\"Patient\",\"id\":\"p{n}\",\"text\":{{\"status\":\"generated\",\"div\":\"<div>{narrative}</div>\"}},\
                 \"identifier\":[{{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"{nhs}\"}}],\
                 \"name\":[{{\"family\":\"Family{n}\",\"given\":[\"Alex\"]}}],\"birthDate\":\"1950-01-01\"}}\n\
                 {{\"resourceType\":\"MedicationRequest\",\"id\":\"m{n}\",\"status\":\"active\",\"intent\":\"order\",\
                 \"subject\":{{\"reference\":\"Patient/p{n}\"}},\"medicationCodeableConcept\":{{\"text\":\"Metformin 500 mg\"}},\
                 \"dosageInstruction\":[{{\"text\":\"1 tablet\",\"timing\":{{\"repeat\":{{\"frequency\":1,\"period\":1,\"periodUnit\":\"d\",\"timeOfDay\":[\"08:00:00\"]}}}}}}]}}\n"
            ));
            patients += 1;
        }
        let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk.as_bytes(), b"\r\n"].concat();
        stream.write_all(&frame).unwrap();
        sent += chunk.len();
    }
    stream.write_all(b"0\r\n\r\n").unwrap();
    (sent, patients)
}

/// A 200 MB FHIR NDJSON import through the API is spooled to disk and read a line at a time:
/// the whole server stays under 150 MB while it lands, and every patient is imported.
#[test]
fn a_200_mb_fhir_ndjson_import_through_the_api_keeps_the_server_small() {
    let (s, server, admin, _viewer, tmp) = serve();
    std::fs::write(
        s.0.path().join("services.csv"),
        "source_id,name,service_type,address,manager_name,on_call_phone\r\n\
         s1,Test House,residential,1 Mill Lane,Sam Manager,01632 960000\r\n",
    )
    .unwrap();
    s.run(&["import", "csv", "services.csv"]).success();
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(900))).unwrap();
    let head = format!(
        "POST /api/v1/import/fhir?ndjson=true&service=1 HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {admin}\r\n\
         Content-Type: application/fhir+ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        server.addr
    );
    stream.write_all(head.as_bytes()).unwrap();
    let (sent, patients) = send_ndjson(&mut stream, 200);
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "{}",
        answer.chars().take(600).collect::<String>()
    );
    assert!(
        answer.contains(&format!("\"people\":{patients}")),
        "{patients} patients sent: {}",
        answer.chars().take(600).collect::<String>()
    );
    let peak = status_kb(server.pid(), "VmHWM");
    println!(
        "{} MiB, {patients} patients: server peak {} MiB",
        sent / MIB,
        peak / 1024
    );
    assert!(sent >= 200 * MIB);
    assert!(
        peak < 150 * 1024,
        "the server's peak was {} MiB for a {} MiB import",
        peak / 1024,
        sent / MIB
    );
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}
