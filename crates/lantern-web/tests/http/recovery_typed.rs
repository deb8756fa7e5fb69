//! A sheet refused for one bad box comes back with everything typed, the box marked and named
//! (issue [7] point 3); the MAR form lists doses in the printed MAR's order (point 10).

use crate::helpers::*;
use crate::sheets::*;
use lantern_core::EntityKind;

/// Every value posted (but the CSRF token) is in the form that came back, in its own box.
fn all_kept(posted: &[(String, String)], back: &[(String, String)]) {
    for (name, value) in posted.iter().filter(|(k, _)| k != "csrf") {
        assert_eq!(get(back, name), value, "{name} came back as typed");
    }
}

/// The tag of the element with `id`, e.g. to see that it is marked invalid.
fn tag_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let start = html[..at].rfind('<').unwrap();
    &html[start..at + html[at..].find('>').unwrap()]
}

#[tokio::test]
async fn a_thirty_row_mar_refused_for_one_bad_time_comes_back_as_typed() {
    let app = spawn_app().await;
    let living = service_of(&app, EntityKind::Person, "supported_living").await;
    let l = living.to_string();
    let at = "2026-11-23T09:00:00Z";
    let pairs = [
        ("service_id", l.as_str()),
        ("full_name", "Tess Thirty"),
        ("risk_tier", "medium"),
    ];
    let person = entered(&app, at, EntityKind::Person, &pairs).await;
    let p = person.to_string();
    for n in 0..10 {
        let name = format!("Medicine {n:02}");
        let m = [
            ("person_id", p.as_str()),
            ("name", name.as_str()),
            ("dose", "1 tablet"),
            ("route", "oral"),
            ("times", "08:00, 12:00, 18:00"),
        ];
        entered(&app, at, EntityKind::Medicine, &m).await;
    }
    let prn = [
        ("person_id", p.as_str()),
        ("name", "Paracetamol"),
        ("dose", "2 tablets"),
        ("route", "oral"),
        ("prn", "yes"),
        ("prn_indication", "pain"),
        ("prn_min_interval_minutes", "240"),
        ("prn_max_doses_24h", "4"),
    ];
    let paracetamol = entered(&app, at, EntityKind::Medicine, &prn).await.to_string();
    let id = disruption(&app, &[living], "2026-11-24T07:00", "2026-11-24T19:00").await;
    let (web, csrf) = app.signed_in(ADMIN).await;
    let sheet = format!("/disruptions/{id}/entry/mar/{person}/2026-11-24");
    let mut form = form_fields(&page(&web, &app, &sheet).await);
    let rows = count(&form, "slot_");
    assert_eq!(rows, 30);
    set(&mut form, "csrf", &csrf);
    for i in 0..rows {
        let at = due_of(&form, i) + jiff::SignedDuration::from_mins(i as i64 % 7);
        let outcome = if i % 5 == 3 { "refused" } else { "given" };
        set(&mut form, &format!("outcome_{i}"), outcome);
        set(&mut form, &format!("time_{i}"), &typed(at));
        set(&mut form, &format!("initials_{i}"), &format!("C{i}"));
        set(&mut form, &format!("note_{i}"), &format!("row {i}: O'Neil & \"co\""));
    }
    set(&mut form, "time_17", "25:99");
    for x in 0..2 {
        set(&mut form, &format!("xmed_{x}"), &paracetamol);
        set(&mut form, &format!("xoutcome_{x}"), "given");
        set(&mut form, &format!("xtime_{x}"), &format!("14:0{x}"));
        set(&mut form, &format!("xinitials_{x}"), "PR");
        set(&mut form, &format!("xnote_{x}"), "headache <bad>");
    }
    set(&mut form, "notes", "Thirty rows typed; one time wrong");
    let res = web.post(app.url(&sheet)).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    all_kept(&form, &form_fields(&html));
    let bad = tag_with_id(&html, "time_17");
    assert!(
        bad.contains("aria-invalid=\"true\"") && bad.contains("aria-describedby=\"err_17"),
        "{bad}"
    );
    assert!(html.contains("id=\"err_17\""), "the problem is written beside the box");
    assert!(html.contains("href=\"#time_17\""), "the summary links to the box");
    assert!(
        html.contains("Medicine") && html.contains("25:99"),
        "the summary names the row and the value"
    );
    assert!(
        !tag_with_id(&html, "time_16").contains("aria-invalid"),
        "only the bad box is marked"
    );
    assert!(app.store.dose_records(id).await.unwrap().is_empty(), "nothing saved");
    assert!(app.store.entered_sheets(id).await.unwrap().is_empty());
    set(&mut form, "time_17", "12:10");
    let res = web.post(app.url(&sheet)).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 303, "put right, the sheet saves");
    assert_eq!(app.store.dose_records(id).await.unwrap().len(), 32);
}

#[tokio::test]
async fn a_visit_sheet_refused_for_one_bad_time_comes_back_as_typed() {
    let app = spawn_app().await;
    let branch = service_of(&app, EntityKind::Visit, "home_care").await;
    let id = disruption(&app, &[branch], "2026-11-24T06:00", "2026-11-24T12:00").await;
    let (web, csrf) = app.signed_in(ADMIN).await;
    let entry = page(&web, &app, &format!("/disruptions/{id}/entry")).await;
    let sheet = links(&entry, &format!("/disruptions/{id}/entry/visits/"))[0].clone();
    let mut form = form_fields(&page(&web, &app, &sheet).await);
    let rows = count(&form, "visit_");
    assert!(rows >= 3, "visits planned 06:00–12:00: {rows}");
    set(&mut form, "csrf", &csrf);
    for i in 0..rows {
        set(
            &mut form,
            &format!("outcome_{i}"),
            if i % 4 == 2 { "missed" } else { "completed" },
        );
        set(
            &mut form,
            &format!("arrived_{i}"),
            &format!("0{}{:02}", 6 + i % 4, i % 60),
        );
        set(
            &mut form,
            &format!("departed_{i}"),
            &format!("{:02}{:02}", 10 + i % 4, i % 60),
        );
        set(&mut form, &format!("note_{i}"), &format!("visit {i} & more"));
    }
    let last = rows - 1;
    set(&mut form, &format!("departed_{last}"), "1o:30");
    let res = web.post(app.url(&sheet)).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    all_kept(&form, &form_fields(&html));
    assert!(tag_with_id(&html, &format!("departed_{last}")).contains("aria-invalid=\"true\""));
    assert!(html.contains(&format!("href=\"#departed_{last}\"")) && html.contains("1o:30"));
    assert!(app.store.visit_records(id).await.unwrap().is_empty(), "nothing saved");
}

/// Two 08:00 medicines entered in the opposite order to their names, and a time-critical one:
/// the pack's MAR and the entry form list them in one order.
#[tokio::test]
async fn the_mar_form_lists_doses_in_the_order_of_the_printed_mar() {
    let app = spawn_app().await;
    let living = service_of(&app, EntityKind::Person, "supported_living").await;
    let l = living.to_string();
    let at = "2026-11-23T09:00:00Z";
    let pairs = [
        ("service_id", l.as_str()),
        ("full_name", "Abel Order"),
        ("risk_tier", "low"),
    ];
    let person = entered(&app, at, EntityKind::Person, &pairs).await;
    let p = person.to_string();
    for (name, strength, times, critical) in [
        ("Senna", "7.5 mg", "08:00", "no"),
        ("Amlodipine", "5 mg", "08:00, 20:00", "no"),
        ("Levodopa", "100 mg/25 mg", "08:00, 11:00", "yes"),
        ("Atorvastatin", "20 mg", "07:30", "no"),
    ] {
        let m = [
            ("person_id", p.as_str()),
            ("name", name),
            ("strength", strength),
            ("dose", "1 tablet"),
            ("route", "oral"),
            ("times", times),
            ("time_critical", critical),
        ];
        entered(&app, at, EntityKind::Medicine, &m).await;
    }
    let day = jiff::civil::date(2026, 11, 24);
    let policy = lantern_app::packs::policy(&app.store).await.unwrap();
    let input = lantern_app::packs::load_input(&app.store, living, day, policy)
        .await
        .unwrap();
    let (content, _) = lantern_core::pack::build(&input);
    let mar = content.mar.iter().find(|m| m.person == "Abel Order").unwrap();
    let printed: Vec<String> = mar.rows.iter().map(|r| format!("{} {}", r.time, r.medicine)).collect();

    let id = disruption(&app, &[living], "2026-11-24T00:00", "2026-11-24T23:59").await;
    let (web, _) = app.signed_in(ADMIN).await;
    let html = page(&web, &app, &format!("/disruptions/{id}/entry/mar/{person}/2026-11-24")).await;
    let cell = |marker: &str| -> Vec<String> {
        html.match_indices(marker)
            .map(|(i, m)| {
                let rest = &html[i + m.len()..];
                rest[..rest.find('<').unwrap()].trim().to_string()
            })
            .collect()
    };
    let due = cell("<th scope=\"row\" data-label=\"Due\">");
    let medicine = cell("<td data-label=\"Medicine\">");
    let on_screen: Vec<String> = due.iter().zip(&medicine).map(|(t, m)| format!("{t} {m}")).collect();
    assert_eq!(on_screen.len(), printed.len(), "{on_screen:?} / {printed:?}");
    for (screen, paper) in on_screen.iter().zip(&printed) {
        assert!(
            screen.starts_with(paper.as_str()),
            "screen {on_screen:#?}\npaper {printed:#?}"
        );
    }
    assert!(printed[0].contains("Levodopa"), "time-critical first: {printed:?}");
}
