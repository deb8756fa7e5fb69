//! The access matrix: every route of the router (read from `lantern_web::routes()`, so a new
//! route cannot be left out), for a user of every role limited to one service, asked about
//! another service's records. Each request is refused with 403 or 404 — or, for an import, as a
//! whole with the rows named — with nothing of the other service in the answer, and for a
//! write nothing changed in the database; pages, JSON, exports and PDFs the user may read hold
//! nothing of other services. The figures go to the test's output and to
//! `$CARGO_TARGET_TMPDIR/access-matrix.txt`, which `.ci/run` prints.

mod cases;
mod fixture;
mod snapshot;

use crate::helpers::*;
use cases::{Body, Case, Expect};
use fixture::{Fixture, Limited};
use lantern_web::RouteInfo;
use std::io::Write;

struct Answer {
    status: u16,
    text: String,
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answer.pdf");
    std::fs::write(&file, bytes).unwrap();
    match std::process::Command::new("pdftotext").arg(&file).arg("-").output() {
        Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
        Err(_) if std::env::var("CI").is_ok() || std::env::var("LANTERN_REQUIRE_TOOLS").is_ok() => {
            panic!("pdftotext is required (apt-get install poppler-utils)")
        }
        Err(_) => {
            let _ = writeln!(
                std::io::stderr(),
                "access matrix: pdftotext is not installed, so PDFs are searched as bytes only (apt-get install poppler-utils)"
            );
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

async fn send(app: &TestApp, user: &Limited, route: &RouteInfo, case: &Case) -> Answer {
    let api = case.path.starts_with("/api/v1");
    let (client, csrf) = match case.expect {
        Expect::CleanOwnSession => app.signed_in(&user.email).await,
        _ if api => (app.client(), String::new()),
        _ => (user.client.clone(), user.csrf.clone()),
    };
    let mut req = client.request(route.method.clone(), app.url(&case.path));
    if api {
        req = req.bearer_auth(&user.token);
    }
    req = match &case.body {
        Body::None => req,
        Body::Json(v) => req.json(v),
        Body::Raw(text) => req.body(text.clone()),
        Body::Form(pairs) => {
            let mut pairs = pairs.clone();
            pairs.push(("csrf".into(), csrf));
            req.form(&pairs)
        }
        Body::Upload(fields, name, content) => {
            let mut form = reqwest::multipart::Form::new().text("csrf", csrf);
            for (k, v) in fields {
                form = form.text(k.clone(), v.clone());
            }
            let part = reqwest::multipart::Part::text(content.clone()).file_name(name.clone());
            req.multipart(form.part("file", part))
        }
    };
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let pdf = res
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/pdf"));
    let bytes = res.bytes().await.unwrap();
    let text = if pdf {
        pdf_text(&bytes)
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Answer { status, text }
}

/// What went wrong with one request, if anything.
fn judge(fx: &Fixture, route: &RouteInfo, case: &Case, a: &Answer) -> Option<String> {
    if a.status >= 500 {
        return Some(format!("answered {}", a.status));
    }
    let lower = a.text.to_lowercase();
    if let Some(s) = fx.sentinels.iter().find(|s| lower.contains(&s.to_lowercase())) {
        return Some(format!("answered {} holding '{s}' of another service", a.status));
    }
    // An import is refused whole, each problem located (a CSV row, a FHIR resource).
    let located = a.text.contains("\"location\"") || a.text.contains(" row ");
    let import = route.area == lantern_web::Area::Import && a.status == 422 && located;
    if case.expect == Expect::Refused && !matches!(a.status, 403 | 404) && !import {
        return Some(format!(
            "answered {} instead of refusing: {}",
            a.status,
            excerpt(&a.text)
        ));
    }
    None
}

fn excerpt(text: &str) -> String {
    text.chars().take(300).collect()
}

#[tokio::test]
async fn every_route_keeps_other_services_from_a_limited_user() {
    let app = spawn_app().await;
    let fx = Fixture::build(&app).await;
    let users = fx.limited_users(&app).await;
    let mut watch = snapshot::Watch::open(app.dir.path()).await;
    let routes = lantern_web::routes();
    let (mut requests, mut writes, mut failures, mut unknown) = (0, 0, Vec::new(), Vec::new());
    for route in &routes {
        let Some(cases) = cases::for_route(route, &fx).filter(|c| !c.is_empty()) else {
            unknown.push(format!("{} {}", route.method, route.path));
            continue;
        };
        for user in &users {
            for case in &cases {
                let write = route.method != axum::http::Method::GET && case.expect == Expect::Refused;
                if write {
                    watch.before().await;
                }
                let answer = send(&app, user, route, case).await;
                requests += 1;
                let who = format!("{} {} as a limited {}", route.method, case.path, user.role.as_str());
                if let Some(problem) = judge(&fx, route, case, &answer) {
                    failures.push(format!("{who}: {problem}"));
                }
                if write {
                    writes += 1;
                    let changed = watch.changed().await;
                    if !changed.is_empty() {
                        failures.push(format!("{who}: changed {changed:?}"));
                    }
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "routes the access matrix has no case for (add them to tests/http/access/cases.rs): {unknown:#?}"
    );
    assert!(
        failures.is_empty(),
        "{} of {requests} requests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let summary = format!(
        "access matrix: {} routes × {} roles limited to one service = {} combinations, {requests} requests, {writes} refused writes with the database unchanged",
        routes.len(),
        users.len(),
        routes.len() * users.len()
    );
    println!("{summary}");
    let _ = std::fs::write(
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("access-matrix.txt"),
        format!("{summary}\n"),
    );
}
