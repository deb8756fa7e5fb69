//! A form refused for one bad field comes back with everything that was typed, the bad field
//! marked and named, and nothing saved: the declaration, the closing form, the families' call
//! note and the pack check. (The MAR and visit sheets have their own tests in recovery.rs.)

use crate::helpers::*;

async fn declared(app: &TestApp, client: &reqwest::Client, csrf: &str, service: &str) -> String {
    let res = post_form(
        client,
        app.url("/disruptions"),
        &[
            ("csrf", csrf),
            ("kind", "power"),
            ("services", service),
            ("started_at", "2026-11-24T08:30"),
            ("coordinator", "Priya Shah"),
            ("safe_care", "not_threatened"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap();
    location.split('?').next().unwrap().to_string()
}

#[tokio::test]
async fn a_refused_declaration_keeps_everything_typed() {
    let app = spawn_app().await;
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let service = "6".to_string();
    let summary = "Whole street out; <b>105</b> says 4 hours";
    let res = post_form(
        &admin,
        app.url("/disruptions"),
        &[
            ("csrf", csrf.as_str()),
            ("kind", "power"),
            ("title", "Power cut at the home"),
            ("services", service.as_str()),
            ("started_at", "2026-11-24T08:30"),
            ("detected_at", "2026-11-24T08:35"),
            ("coordinator", "Priya Shah"),
            ("summary", summary),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("say whether this stops or threatens safe care"),
        "the field named"
    );
    for kept in [
        "value=\"Power cut at the home\"",
        "value=\"2026-11-24T08:30\"",
        "value=\"2026-11-24T08:35\"",
        "value=\"Priya Shah\"",
        "Whole street out; &#60;b&#62;105&#60;/b&#62; says 4 hours",
        &format!("value=\"{service}\" checked"),
        "value=\"power\" selected",
    ] {
        assert!(page.contains(kept), "{kept} kept in {page}");
    }
    assert_eq!(app.store.disruptions().await.unwrap().len(), 0, "nothing saved");
}

#[tokio::test]
async fn a_refused_closing_keeps_the_time_and_the_note() {
    let app = spawn_app().await;
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let url = declared(&app, &admin, &csrf, "6").await;
    let note = "Power back at 11:10; fridge checked, 4°C";
    let res = post_form(
        &admin,
        app.url(&format!("{url}/close")),
        &[
            ("csrf", csrf.as_str()),
            ("restored_at", "2026-11-24T25:10"),
            ("note", note),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("value=\"2026-11-24T25:10\""),
        "the bad time kept to correct"
    );
    assert!(
        page.contains(">Power back at 11:10; fridge checked, 4°C</textarea>"),
        "the note kept"
    );
    assert!(page.contains("aria-invalid=\"true\""));
    assert!(app.store.disruptions().await.unwrap()[0].is_open(), "not closed");
}

#[tokio::test]
async fn a_refused_call_note_and_pack_check_keep_what_was_typed() {
    let app = spawn_app().await;
    let (admin, csrf) = app.signed_in(ADMIN).await;
    let url = declared(&app, &admin, &csrf, "6").await;
    let families = page_text(&admin, app.url(&format!("{url}/families"))).await;
    let action = families
        .split("action=\"")
        .filter_map(|s| s.split('"').next())
        .find(|a| a.contains("/families/"))
        .expect("a family to ring")
        .to_string();
    let long = format!("Daughter says {}", "very ".repeat(500));
    let res = post_form(
        &admin,
        app.url(&action),
        &[("csrf", csrf.as_str()), ("outcome", "spoke"), ("note", long.as_str())],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("Note is too long"), "the field named");
    assert!(page.contains(&format!("value=\"{long}\"")), "the note kept");
    let d = app.store.disruptions().await.unwrap()[0].id;
    assert!(app.store.family_calls(d).await.unwrap().is_empty(), "no call recorded");

    let problems = format!("Page 3 missing; {}", "x".repeat(5000));
    let res = post_form(
        &admin,
        app.url("/packs/6/check"),
        &[("csrf", csrf.as_str()), ("problems", problems.as_str())],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("Problems found is too long"), "named");
    assert!(page.contains(&format!("{problems}</textarea>")), "kept");
    assert!(app.store.pack_checks(6).await.unwrap().is_empty());
    let res = post_form(
        &admin,
        app.url("/packs/6/build"),
        &[("csrf", csrf.as_str()), ("day", "31/02/2026")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("value=\"31/02/2026\""), "the bad day kept to correct");
    assert!(app.store.packs(6).await.unwrap().is_empty(), "nothing built");
}
