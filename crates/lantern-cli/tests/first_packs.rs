//! Packs from the first minute, through the real binary: the demo builds every service's pack
//! as it is seeded; after `lantern init`, a service added through the API has its pack as it is
//! saved, and one imported while Lantern was stopped gets its pack as soon as `serve` starts —
//! none waits for the next morning build. With `pack_build_time = off`, Lantern builds none.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A command of the scratch directory with Lantern building packs by itself, as by default.
fn with_packs(s: &Scratch, args: &[&str]) -> std::process::Command {
    let mut cmd = s.cmd(args);
    cmd.env_remove("LANTERN_PACK_BUILD_TIME");
    cmd
}

/// `pack status`, as (state, service, version) per service.
fn status(s: &Scratch) -> Vec<(String, String, String)> {
    let out = s.run(&["pack", "status"]).success().stdout;
    out.lines()
        .filter(|l| l.starts_with("FRESH") || l.starts_with("STALE"))
        .map(|l| {
            let (state, rest) = l.split_once("  ").unwrap();
            let (service, version) = rest.split_once("  (").unwrap();
            (state.to_string(), service.to_string(), version.to_string())
        })
        .collect()
}

fn post_json(addr: &str, path: &str, token: &str, body: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response[9..12].parse().unwrap()
}

#[test]
fn the_demo_has_every_pack_as_soon_as_it_is_seeded_unless_told_not_to() {
    let s = Scratch::new();
    let demo = ["demo", "--seed-only", "--services", "3", "--people-per-service", "2"];
    let out = run(with_packs(&s, &demo), "").success();
    assert!(out.stdout.contains("Built 3 downtime packs"), "{out:#?}");
    let packs = status(&s);
    assert_eq!(packs.len(), 3, "{packs:?}");
    for (state, service, version) in &packs {
        assert_eq!(state, "FRESH", "{service}");
        assert!(
            version.starts_with("v1 built") && version.ends_with("by lantern demo)"),
            "{version}"
        );
    }

    let off = Scratch::new();
    let out = off.run(&demo).success();
    assert!(!out.stdout.contains("downtime packs"), "{out:#?}");
    assert!(
        off.run(&["pack", "status"])
            .success()
            .stdout
            .matches("never built")
            .count()
            == 3,
        "pack_build_time = off builds nothing"
    );
}

#[test]
fn after_init_the_first_services_have_their_packs_from_the_first_minute() {
    let s = Scratch::new();
    s.init().success();
    let token = s.run(&["token", "create", "--user", BOSS]).success().stdout;
    let token = token.trim();
    // Imported while Lantern is stopped: no pack yet.
    let csv = s.0.path().join("services.csv");
    std::fs::write(
        &csv,
        "source_id,name,service_type,address,manager_name,on_call_phone\r\n\
         S1,Hazel Row,supported_living,2 Hazel Row,Ana Lima,0113 496 0456\r\n",
    )
    .unwrap();
    s.run(&["import", "csv", csv.to_str().unwrap()]).success();
    assert_eq!(
        status(&s),
        vec![("STALE".into(), "Hazel Row".into(), "never built)".into())]
    );

    let server = start(with_packs(&s, &["serve", "--bind", "127.0.0.1:0"]));
    let body = r#"{"name": "Willow Court", "service_type": "supported_living", "address": "1 Willow Lane",
                   "manager_name": "Sam Okoro", "on_call_phone": "0113 496 0123"}"#;
    assert_eq!(post_json(&server.addr, "/api/v1/services", token, body), 201);
    let willow = status(&s).into_iter().find(|p| p.1 == "Willow Court").unwrap();
    assert!(
        willow.0 == "FRESH" && willow.2.starts_with("v1 built"),
        "built as it was saved: {willow:?}"
    );

    // The imported one is built by the server as it starts, in the background: wait for it
    // (a pack of a service with nobody in it is a few pages).
    let deadline = Instant::now() + DEADLINE;
    loop {
        let hazel = status(&s).into_iter().find(|p| p.1 == "Hazel Row").unwrap();
        if hazel.0 == "FRESH" {
            assert!(
                hazel.2.starts_with("v1 built") && hazel.2.ends_with("by Lantern)"),
                "{hazel:?}"
            );
            break;
        }
        assert!(Instant::now() < deadline, "Hazel Row still has no pack: {hazel:?}");
        std::thread::sleep(Duration::from_millis(250));
    }
    drop(server);
}
