//! Black-box tests of the real `lantern` binary (helpers in common/).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

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
