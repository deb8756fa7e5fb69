//! Downtime packs, checked the way a person would: the PDF's text (pdftotext) and fonts
//! (pdffonts). Without poppler-utils these tests say so and stop; `.ci/run` installs it.

use crate::helpers::*;
use jiff::Timestamp;
use lantern_app::packs;
use lantern_core::pack::PackDocument;
use lantern_core::{EntityKind, Input, InputVal, Record};
use lantern_store::{Actor, ListQuery, Store};
use std::io::Write;
use std::process::Command;

/// Runs a poppler tool on PDF bytes; `None` (after saying why) when it is not installed.
pub fn poppler(tool: &str, pdf: &[u8], args: &[&str]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pack.pdf");
    std::fs::write(&file, pdf).unwrap();
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(&file);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    match cmd.output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(_) if std::env::var("CI").is_ok() || std::env::var("LANTERN_REQUIRE_TOOLS").is_ok() => {
            panic!("{tool} is required (apt-get install poppler-utils)")
        }
        Err(_) => {
            let _ = writeln!(
                std::io::stderr(),
                "skipped a pack test: {tool} is not installed (apt-get install poppler-utils)"
            );
            None
        }
    }
}

fn now() -> Timestamp {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

async fn service_of_type(store: &Store, service_type: &str) -> (i64, String) {
    let all = store
        .list(
            EntityKind::Service,
            &ListQuery {
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let s = all
        .items
        .into_iter()
        .find(|s| s.record.text("service_type") == service_type)
        .unwrap();
    (s.id, s.record.title())
}

async fn in_service(store: &Store, kind: EntityKind, service: i64) -> Vec<lantern_store::Stored> {
    let q = ListQuery {
        service: Some(service),
        limit: 10_000,
        ..Default::default()
    };
    store.list(kind, &q).await.unwrap().items
}

fn record(kind: EntityKind, pairs: &[(&str, &str)]) -> Record {
    let input: Input = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), InputVal::One(v.to_string())))
        .collect();
    Record::parse(kind, &input).unwrap()
}

#[tokio::test]
async fn a_pack_holds_every_person_medicine_dose_and_contact_but_no_ended_medicine() {
    let app = spawn_app().await;
    let store = &app.store;
    let (service, _) = service_of_type(store, "supported_living").await;
    let people = in_service(store, EntityKind::Person, service).await;
    let person = people[0].id.to_string();
    let stopped = record(
        EntityKind::Medicine,
        &[
            ("person_id", &person),
            ("name", "Zopiclone"),
            ("strength", "3.75 mg"),
            ("dose", "1 tablet"),
            ("route", "oral"),
            ("times", "22:00"),
            ("end_date", "2026-11-01"),
        ],
    );
    store.insert(&stopped, &Actor::system("test"), now()).await.unwrap();
    let ended = record(
        EntityKind::Medicine,
        &[
            ("person_id", &person),
            ("name", "Nitrofurantoin"),
            ("dose", "1 capsule"),
            ("route", "oral"),
            ("times", "08:00, 20:00"),
        ],
    );
    let ended_id = store.insert(&ended, &Actor::system("test"), now()).await.unwrap();
    store
        .end(EntityKind::Medicine, ended_id, &Actor::system("test"), now())
        .await
        .unwrap();

    let built = packs::build(
        store,
        service,
        jiff::civil::date(2026, 11, 24),
        &Actor::system("test"),
        now(),
    )
    .await
    .unwrap();
    let Some(text) = poppler("pdftotext", &built.pdf, &["-layout"]) else {
        return;
    };
    let lines: Vec<&str> = text.lines().collect();
    for p in &people {
        assert!(
            text.contains(p.record.text("full_name")),
            "{} missing",
            p.record.text("full_name")
        );
    }
    for c in in_service(store, EntityKind::Contact, service).await {
        assert!(
            text.contains(c.record.text("name")),
            "contact {} missing",
            c.record.text("name")
        );
    }
    let mut rows = 0;
    for m in in_service(store, EntityKind::Medicine, service).await {
        let r = &m.record;
        if r.date("end_date").is_some_and(|d| d < jiff::civil::date(2026, 11, 24)) {
            continue;
        }
        let name: String = r.text("name").chars().take(12).collect();
        assert!(text.contains(&name), "medicine {name} missing");
        if let lantern_core::Val::Times(times) = r.get("times") {
            for t in times {
                let t = t.to_string();
                assert!(
                    lines.iter().any(|l| l.contains(&name) && l.contains(&t)),
                    "{name} at {t} has no MAR row"
                );
                rows += 1;
            }
        }
    }
    assert!(rows > 10, "the service has regular doses ({rows})");
    assert!(
        !text.contains("Zopiclone"),
        "a medicine that ended before the pack's days is left out"
    );
    assert!(
        !text.contains("Nitrofurantoin"),
        "a stopped (ended) medicine is left out"
    );
    assert!(text.contains("Page 1 of"), "every page says page x of y");
}

#[tokio::test]
async fn home_care_packs_list_each_carers_visits_in_order_with_flags() {
    let app = spawn_app().await;
    let (service, name) = service_of_type(&app.store, "home_care").await;
    let built = packs::build(
        &app.store,
        service,
        jiff::civil::date(2026, 11, 24),
        &Actor::system("test"),
        now(),
    )
    .await
    .unwrap();
    let Some(text) = poppler("pdftotext", &built.pdf, &["-layout"]) else {
        return;
    };
    assert!(text.contains("Manual call monitoring"));
    assert!(text.contains("Visits for "));
    assert!(
        text.contains("★ PRIORITY") && text.contains("2 CARERS"),
        "flags in words"
    );
    assert!(
        text.contains(&format!("{name} · Pack v1")),
        "footer names service and version"
    );
    assert!(built.pages > 60, "{} pages", built.pages);
}

#[tokio::test]
async fn non_ascii_names_render_with_every_font_embedded() {
    let app = spawn_app().await;
    let (service, _) = service_of_type(&app.store, "residential").await;
    let people = in_service(&app.store, EntityKind::Person, service).await;
    let p = &people[0];
    let mut renamed = p.record.clone();
    renamed.set("full_name", lantern_core::Val::Text("Zoë Łukasz-Ọkafor".into()));
    app.store
        .update(p.id, &renamed, None, &Actor::system("test"), now())
        .await
        .unwrap();
    let built = packs::build(
        &app.store,
        service,
        jiff::civil::date(2026, 11, 24),
        &Actor::system("test"),
        now(),
    )
    .await
    .unwrap();
    let Some(text) = poppler("pdftotext", &built.pdf, &[]) else {
        return;
    };
    assert!(text.contains("Zoë Łukasz-Ọkafor"), "non-ASCII name as typed");
    let Some(fonts) = poppler("pdffonts", &built.pdf, &[]) else {
        return;
    };
    let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }
}

#[tokio::test]
async fn clock_change_days_keep_every_dose_row_and_say_what_to_do() {
    let app = spawn_app().await;
    let store = &app.store;
    let (service, _) = service_of_type(store, "supported_living").await;
    let person = in_service(store, EntityKind::Person, service).await[0].id.to_string();
    let night = record(
        EntityKind::Medicine,
        &[
            ("person_id", &person),
            ("name", "Melatonin"),
            ("strength", "2 mg"),
            ("dose", "1 tablet"),
            ("route", "oral"),
            ("times", "01:30"),
        ],
    );
    store.insert(&night, &Actor::system("test"), now()).await.unwrap();
    let rows_on = |doc: &PackDocument| doc.content.mar.iter().map(|m| m.rows.len()).sum::<usize>();
    let mut counts = Vec::new();
    for (day, expect) in [
        (
            jiff::civil::date(2027, 3, 28),
            "Clocks go forward: give the 01:30 dose at 02:30",
        ),
        (
            jiff::civil::date(2026, 10, 25),
            "Clocks go back: 01:30 happens twice; give once, the first time",
        ),
        (jiff::civil::date(2026, 11, 24), ""),
    ] {
        let policy = lantern_core::pack::PackPolicy {
            days: 1,
            ..Default::default()
        };
        let input = packs::load_input(store, service, day, policy).await.unwrap();
        let (content, _) = lantern_core::pack::build(&input);
        let doc = lantern_core::pack::document(content, 1, now(), "test");
        counts.push(rows_on(&doc));
        let pdf = lantern_pdf::render_pack(&doc, now()).unwrap().pdf;
        let Some(text) = poppler("pdftotext", &pdf, &[]) else {
            return;
        };
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if expect.is_empty() {
            assert!(!flat.contains("Clocks go"), "no note on an ordinary day");
        } else {
            assert!(flat.contains(expect), "{day}: note missing");
        }
    }
    assert!(
        counts.windows(2).all(|w| w[0] == w[1]),
        "the same dose rows on change days: {counts:?}"
    );
}

#[tokio::test]
async fn a_changed_contact_makes_the_pack_stale_and_a_check_clears_the_overdue_reason() {
    let app = spawn_app().await;
    let store = &app.store;
    let (service, _) = service_of_type(store, "home_care").await;
    let policy = lantern_core::pack::PackPolicy::default();
    packs::build(
        store,
        service,
        jiff::civil::date(2026, 11, 24),
        &Actor::system("test"),
        now(),
    )
    .await
    .unwrap();
    let (_, fresh) = packs::freshness(store, service, &policy, now()).await.unwrap();
    assert!(fresh.fresh, "{:?}", fresh.reasons);

    let contact = in_service(store, EntityKind::Contact, service).await.remove(0);
    let person = store
        .get(EntityKind::Person, contact.record.int("person_id").unwrap())
        .await
        .unwrap();
    let mut changed = contact.record.clone();
    changed.set(
        "phone",
        lantern_core::Val::Phone(lantern_core::values::PhoneNumber::parse("07700 900999").unwrap()),
    );
    let later: Timestamp = "2026-11-26T10:00:00Z".parse().unwrap();
    store
        .update(contact.id, &changed, None, &Actor::system("J. Patel"), later)
        .await
        .unwrap();
    let (_, stale) = packs::freshness(store, service, &policy, later).await.unwrap();
    assert!(!stale.fresh);
    let expected = format!(
        "Emergency contact {} for {} changed on 26 Nov by J. Patel.",
        contact.record.title(),
        person.record.title()
    );
    assert!(stale.reasons.contains(&expected), "{:?}", stale.reasons);

    // A month on, rebuilt, the check falls due; recording one clears that reason.
    let month: Timestamp = "2026-12-28T09:00:00Z".parse().unwrap();
    packs::build(
        store,
        service,
        jiff::civil::date(2026, 11, 27),
        &Actor::system("test"),
        later,
    )
    .await
    .unwrap();
    let (_, due) = packs::freshness(store, service, &policy, month).await.unwrap();
    assert!(
        due.reasons.iter().any(|r| r.contains("check is overdue")),
        "{:?}",
        due.reasons
    );
    let check = lantern_store::PackCheck {
        service_id: service,
        pack_version: Some(2),
        checked_at: "2026-12-28T08:00:00.000Z".parse().unwrap(),
        checked_by: "Ann".into(),
        problems: String::new(),
        contacts_verified: false,
    };
    store.record_pack_check(&check, None).await.unwrap();
    let (_, after) = packs::freshness(store, service, &policy, month).await.unwrap();
    assert!(
        !after.reasons.iter().any(|r| r.contains("check is overdue")),
        "{:?}",
        after.reasons
    );
}

#[tokio::test]
async fn a_kept_pack_renders_again_byte_for_byte() {
    let app = spawn_app().await;
    let (service, _) = service_of_type(&app.store, "supported_living").await;
    let built = packs::build(
        &app.store,
        service,
        jiff::civil::date(2026, 11, 24),
        &Actor::system("test"),
        now(),
    )
    .await
    .unwrap();
    let row = app.store.latest_pack(service).await.unwrap().unwrap();
    let doc: PackDocument = serde_json::from_str(&row.document).unwrap();
    let again = lantern_pdf::render_pack(&doc, row.built_at).unwrap();
    assert_eq!(again.pdf, built.pdf);
    assert_eq!(app.store.pack_pdf(service, row.version).await.unwrap(), built.pdf);
}

#[tokio::test]
async fn the_pack_page_builds_downloads_records_checks_and_audits() {
    let app = spawn_app().await;
    let (service, name) = service_of_type(&app.store, "supported_living").await;
    let (c, csrf) = app.signed_in(ADMIN).await;
    let page = c
        .get(app.url(&format!("/packs/{service}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("No pack has been built for this service yet."));
    let res = c
        .post(app.url(&format!("/packs/{service}/build")))
        .form(&[("csrf", csrf.as_str()), ("day", "2026-11-24")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = c
        .get(app.url(&format!("/packs/{service}?done=1")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Up to date") && page.contains("Built version 1."),
        "{page}"
    );
    let pdf = c
        .get(app.url(&format!("/packs/{service}/versions/1/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    let res = c
        .post(app.url(&format!("/packs/{service}/check")))
        .form(&[("csrf", csrf.as_str()), ("problems", "Contacts sheet missing")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = c
        .get(app.url(&format!("/packs/{service}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Contacts sheet missing"));
    let home = c.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("Pack up to date") && home.contains(&name));
    let actions: Vec<String> = app
        .store
        .audit_entries(50)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in ["pack_build", "download", "view"] {
        assert!(actions.iter().any(|x| x == a), "{a} not audited: {actions:?}");
    }
    let (viewer, vcsrf) = app.signed_in(VIEWER).await;
    let res = viewer
        .post(app.url(&format!("/packs/{service}/build")))
        .form(&[("csrf", vcsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

/// Every page of a medicine sheet, a continuation too, says whose it is (name, date of birth,
/// NHS number); the codes are never alone on a page; a PRN medicine has a row per dose given.
#[tokio::test]
async fn every_medicine_page_says_whose_it_is() {
    let app = spawn_app().await;
    let store = &app.store;
    let (service, _) = service_of_type(store, "residential").await;
    let built = packs::build(
        store,
        service,
        jiff::civil::date(2026, 11, 24),
        &Actor::system("test"),
        now(),
    )
    .await
    .unwrap();
    let Some(text) = poppler("pdftotext", &built.pdf, &[]) else {
        return;
    };
    let (mut sheets, mut continuations, mut prn_tables) = (0, 0, 0);
    for (n, page) in text.split('\u{c}').enumerate() {
        let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
        let medicine_page = flat.contains("Window") || flat.contains("Dose given");
        if flat.contains("Codes:") {
            assert!(
                flat.contains("Medicines record (MAR):"),
                "page {}: the codes alone: {flat}",
                n + 1
            );
        }
        if !medicine_page {
            continue;
        }
        sheets += 1;
        let whose = flat.split(" · ").collect::<Vec<_>>().windows(4).any(|w| {
            (w[0].ends_with("MAR") || w[0].ends_with("PRN")) && w[2].starts_with("born ") && w[3].starts_with("NHS ")
        });
        assert!(
            whose,
            "page {} has no name, date of birth and NHS number: {flat}",
            n + 1
        );
        if !flat.contains("Medicines record (MAR):") {
            continuations += 1;
        }
        prn_tables += flat
            .matches("Date Time Dose given Initials Reason, and what it did")
            .count();
    }
    assert!(sheets > 10, "medicine pages: {sheets}");
    assert!(
        continuations > 0,
        "the demo home has a person whose sheet runs onto a second page"
    );
    let row = store.latest_pack(service).await.unwrap().unwrap();
    let doc: PackDocument = serde_json::from_str(&row.document).unwrap();
    let prn: usize = doc.content.mar.iter().map(|m| m.prn.len()).sum();
    assert!(prn > 0);
    assert_eq!(prn_tables, prn, "a table of doses for each PRN medicine");
}
