//! Every command that reads records out of Lantern or changes them leaves an audit line naming
//! the command and the operating-system account that ran it: at the server nobody signs in,
//! so that account is who did it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Scratch;

const OS_USER: &str = "night-manager";

fn as_os_user(s: &Scratch, args: &[&str]) -> common::Out {
    let mut cmd = s.cmd(args);
    cmd.env("USER", OS_USER).env_remove("LOGNAME");
    common::run(cmd, "")
}

#[tokio::test]
async fn import_export_and_pack_build_are_audited_with_the_command_and_the_os_account() {
    let s = Scratch::new();
    s.run(&["demo", "--seed-only"]).success();
    as_os_user(&s, &["export", "csv", "--out", "out"]).success();
    as_os_user(&s, &["export", "fhir", "--out", "bundle.json"]).success();
    let services = s.0.path().join("out/services.csv");
    as_os_user(&s, &["import", "csv", services.to_str().unwrap()]).success();
    as_os_user(
        &s,
        &[
            "pack",
            "build",
            "--service",
            "Riverside Supported Living — Alder House",
            "--out",
            "packs",
        ],
    )
    .success();
    let what_if = as_os_user(
        &s,
        &[
            "what-if",
            "--systems",
            "CarePlan Cloud",
            "--from",
            "2026-11-24T09:00",
            "--hours",
            "4",
        ],
    )
    .success();
    assert!(what_if.stdout.contains("Doses due:"), "{}", what_if.stdout);

    let store = lantern_store::Store::open_dir(&s.0.path().join("data")).await.unwrap();
    let entries = store.audit_entries(1000).await.unwrap();
    let line = |command: &str, action: &str| {
        entries
            .iter()
            .find(|e| e.actor == format!("{command} (run by {OS_USER} at the server)") && e.action == action)
            .unwrap_or_else(|| panic!("no {action} line by {command}: {entries:#?}"))
    };
    assert!(line("lantern export csv", "export").detail.contains("as CSV"));
    assert!(line("lantern export fhir", "export").detail.contains("FHIR Bundle"));
    line("lantern import csv", "import");
    assert!(line("lantern pack build", "pack_build").detail.contains("Alder House"));
    assert!(
        line("lantern what-if", "view")
            .detail
            .contains("Ran an outage what-if of 4 hours")
    );
    assert!(
        entries
            .iter()
            .all(|e| e.user_id.is_none() || !e.actor.contains("at the server")),
        "a command at the server is nobody's account in Lantern"
    );
}
