//! Back-entry of paper sheets the way a coordinator types them (issue [7]): an extra row for any
//! medicine, rows that keep their identity across both clock changes, a refused sheet that comes
//! back as typed, the repeated autumn hour, and the printed MAR's order on screen.

use crate::helpers::*;
use crate::sheets::*;
use jiff::Timestamp;
use lantern_core::EntityKind;

const BEFORE: &str = "2026-03-01T09:00:00Z";

/// A supported-living person and a home-care person, with doses and visits around 01:00–03:00
/// every day, entered in the register before the clock changes.
pub(crate) async fn night_register(app: &TestApp) -> Vec<i64> {
    let living = service_of(app, EntityKind::Person, "supported_living").await;
    let branch = service_of(app, EntityKind::Visit, "home_care").await;
    let (l, b) = (living.to_string(), branch.to_string());
    let person = entered(
        app,
        BEFORE,
        EntityKind::Person,
        &[("service_id", &l), ("full_name", "Dora Night"), ("risk_tier", "high")],
    )
    .await
    .to_string();
    for (name, times, critical) in [
        ("Levodopa", "01:30, 02:30, 08:00", "yes"),
        ("Amlodipine", "08:00", "no"),
    ] {
        let m = [
            ("person_id", person.as_str()),
            ("name", name),
            ("dose", "1 tablet"),
            ("route", "oral"),
            ("times", times),
            ("time_critical", critical),
        ];
        entered(app, BEFORE, EntityKind::Medicine, &m).await;
    }
    let prn = [
        ("person_id", person.as_str()),
        ("name", "Paracetamol"),
        ("dose", "2 tablets"),
        ("route", "oral"),
        ("prn", "yes"),
        ("prn_indication", "pain"),
        ("prn_min_interval_minutes", "240"),
        ("prn_max_doses_24h", "4"),
    ];
    entered(app, BEFORE, EntityKind::Medicine, &prn).await;
    let visited = entered(
        app,
        BEFORE,
        EntityKind::Person,
        &[("service_id", &b), ("full_name", "Ivy Fold"), ("risk_tier", "high")],
    )
    .await
    .to_string();
    for date in ["2026-03-29", "2026-10-25"] {
        for start in ["01:30", "01:45", "02:30"] {
            let v = [
                ("service_id", b.as_str()),
                ("person_id", visited.as_str()),
                ("date", date),
                ("start", start),
                ("duration_minutes", "20"),
            ];
            entered(app, BEFORE, EntityKind::Visit, &v).await;
        }
    }
    vec![living, branch]
}

/// Every current record of a disruption's sheets, as content (ids change on every save).
pub(crate) async fn held(app: &TestApp, id: i64) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut doses: Vec<String> = app
        .store
        .dose_records(id)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let d = &r.dose;
            format!(
                "{:?} {:?} {:?} {:?} {:?} {} {}",
                d.medicine_id, d.due_at, d.outcome, d.given_at, d.initials, d.note, d.person_id
            )
        })
        .collect();
    let mut visits: Vec<String> = app
        .store
        .visit_records(id)
        .await
        .unwrap()
        .iter()
        .map(|r| format!("{:?}", r.record))
        .collect();
    let mut notes: Vec<String> = app
        .store
        .entered_sheets(id)
        .await
        .unwrap()
        .iter()
        .map(|s| format!("{:?} {} {} {}", s.kind, s.subject_id, s.day, s.notes))
        .collect();
    notes.sort();
    notes.dedup();
    doses.sort();
    visits.sort();
    (doses, visits, notes)
}

/// A first entry of a sheet: every row filled, each differently, so that rows mixed up show;
/// on the autumn day, times in the repeated hour both times round.
pub(crate) fn filled(mut form: Vec<(String, String)>, autumn: bool) -> Vec<(String, String)> {
    let rows = count(&form, "slot_");
    for i in 0..rows {
        let at = due_of(&form, i) + jiff::SignedDuration::from_mins(i as i64 + 1);
        set(&mut form, &format!("outcome_{i}"), "given");
        set(&mut form, &format!("time_{i}"), &typed(at));
        set(&mut form, &format!("initials_{i}"), &format!("R{i}"));
        set(&mut form, &format!("note_{i}"), &format!("row {i}"));
    }
    if rows > 0 {
        // A second set of initials for the first dose, written at the foot.
        let medicine = get(&form, "slot_0").split('|').next().unwrap().to_string();
        let foot = typed(due_of(&form, 0) + jiff::SignedDuration::from_mins(9));
        set(&mut form, "xmed_0", &medicine);
        set(&mut form, "xoutcome_0", "given");
        set(&mut form, "xtime_0", &foot);
        set(&mut form, "xinitials_0", "X2");
    }
    let visits = count(&form, "visit_");
    for i in 0..visits {
        set(&mut form, &format!("outcome_{i}"), "completed");
        let arrived = if autumn && i == 0 {
            "01:50 GMT".to_string()
        } else {
            format!("03:0{i}")
        };
        set(&mut form, &format!("arrived_{i}"), &arrived);
        set(&mut form, &format!("departed_{i}"), &format!("03:2{i}"));
        set(&mut form, &format!("note_{i}"), &format!("visit {i}"));
    }
    set(&mut form, "notes", "A quiet night; O'Neil & co <rang>");
    form
}

/// Issue [7] point 2: on 29 March a medicine due 01:30 and 02:30 has two rows both due at
/// 02:30 BST; on 25 October 01:30 happens twice. Every sheet of both days, entered once and
/// then saved twice as it comes back, holds exactly what it held.
#[tokio::test]
async fn every_sheet_of_both_clock_change_days_saved_twice_unchanged_changes_nothing() {
    let app = spawn_app().await;
    let services = night_register(&app).await;
    let (web, csrf) = app.signed_in(ADMIN).await;
    for (start, end) in [
        ("2026-03-29T00:00", "2026-03-29T12:00"),
        ("2026-10-25T00:00", "2026-10-25T12:00"),
    ] {
        let id = disruption(&app, &services, start, end).await;
        let entry = page(&web, &app, &format!("/disruptions/{id}/entry")).await;
        let mut sheets = links(&entry, &format!("/disruptions/{id}/entry/mar/"));
        sheets.extend(links(&entry, &format!("/disruptions/{id}/entry/visits/")));
        assert!(sheets.len() >= 2, "a MAR and a visit sheet on {start}: {sheets:?}");
        for sheet in &sheets {
            let autumn = sheet.ends_with("2026-10-25");
            let mut first = filled(form_fields(&page(&web, &app, sheet).await), autumn);
            set(&mut first, "csrf", &csrf);
            let res = web.post(app.url(sheet)).form(&first).send().await.unwrap();
            assert_eq!(res.status(), 303, "{sheet}: {}", res.text().await.unwrap());
        }
        let once = held(&app, id).await;
        assert!(once.0.len() >= 4 && once.1.len() >= 3, "entered: {once:?}");
        for round in 1..=2 {
            for sheet in &sheets {
                let mut again = form_fields(&page(&web, &app, sheet).await);
                set(&mut again, "csrf", &csrf);
                let res = web.post(app.url(sheet)).form(&again).send().await.unwrap();
                assert_eq!(
                    res.status(),
                    303,
                    "{sheet} saved as it came back: {}",
                    res.text().await.unwrap()
                );
            }
            assert_eq!(held(&app, id).await, once, "{start}: save {round} changed the sheets");
        }
    }
}

/// Issue [7] point 1: two carers initialled the same fixed-time dose; the second is typed in a
/// row at the foot and the duplicate-dose rule finds it. PRN rows are added without saving.
#[tokio::test]
async fn a_second_entry_for_a_fixed_time_dose_is_found_as_a_duplicate() {
    let app = spawn_app().await;
    let living = service_of(&app, EntityKind::Person, "supported_living").await;
    let id = disruption(&app, &[living], "2026-11-24T06:30", "2026-11-24T12:30").await;
    let (web, csrf) = app.signed_in(ADMIN).await;
    let entry = page(&web, &app, &format!("/disruptions/{id}/entry")).await;
    let sheet = links(&entry, &format!("/disruptions/{id}/entry/mar/"))[0].clone();
    let mut form = form_fields(&page(&web, &app, &sheet).await);
    set(&mut form, "csrf", &csrf);
    for i in 0..count(&form, "slot_") {
        let due = typed(due_of(&form, i));
        set(&mut form, &format!("outcome_{i}"), "given");
        set(&mut form, &format!("time_{i}"), &due);
        set(&mut form, &format!("initials_{i}"), "JP");
    }
    // "Add a row" four times: each comes back with what was typed and one more row.
    for n in 0..4 {
        let rows = count(&form, "xmed_");
        let mut adding = form.clone();
        adding.push(("add_row".into(), "1".into()));
        set(&mut adding, &format!("xnote_{}", rows - 1), &format!("typed {n}"));
        let res = web.post(app.url(&sheet)).form(&adding).send().await.unwrap();
        assert_eq!(res.status(), 200, "a row is added, nothing saved");
        let back = form_fields(&res.text().await.unwrap());
        assert_eq!(count(&back, "xmed_"), rows + 1, "one more row");
        assert_eq!(get(&back, &format!("xnote_{}", rows - 1)), format!("typed {n}"));
        assert_eq!(get(&back, "initials_0"), "JP", "the rows above are kept");
        form = back;
        set(&mut form, "csrf", &csrf);
    }
    assert!(app.store.entered_sheets(id).await.unwrap().is_empty(), "nothing saved");
    for x in 0..count(&form, "xmed_") {
        set(&mut form, &format!("xnote_{x}"), "");
    }
    let medicine = get(&form, "slot_0").split('|').next().unwrap().to_string();
    let last = count(&form, "xmed_") - 1;
    set(&mut form, &format!("xmed_{last}"), &medicine);
    set(&mut form, &format!("xoutcome_{last}"), "given");
    let again = typed(due_of(&form, 0) + jiff::SignedDuration::from_mins(5));
    set(&mut form, &format!("xtime_{last}"), &again);
    set(&mut form, &format!("xinitials_{last}"), "AB");
    let res = web.post(app.url(&sheet)).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let page = page(&web, &app, &format!("/disruptions/{id}/reconciliation")).await;
    assert!(page.contains("Duplicate dose"), "the second entry is a duplicate dose");
    assert!(page.contains("recorded as given 2 times"));
}

/// Issue [7] point 4: on 25 October a dose typed 01:40 must say BST or GMT; 0140 GMT is the
/// second 01:40, so a time-critical dose due 01:30 (BST) given then is 70 minutes late.
#[tokio::test]
async fn the_second_0140_of_25_october_is_entered_and_found_late() {
    let app = spawn_app().await;
    let living = service_of(&app, EntityKind::Person, "supported_living").await;
    let l = living.to_string();
    let pairs = [
        ("service_id", l.as_str()),
        ("full_name", "Otto Fold"),
        ("risk_tier", "high"),
    ];
    let person = entered(&app, BEFORE, EntityKind::Person, &pairs).await;
    let p = person.to_string();
    let m = [
        ("person_id", p.as_str()),
        ("name", "Levodopa"),
        ("dose", "1 tablet"),
        ("route", "oral"),
        ("times", "01:30"),
        ("time_critical", "yes"),
    ];
    entered(&app, BEFORE, EntityKind::Medicine, &m).await;
    let id = disruption(&app, &[living], "2026-10-25T00:00", "2026-10-25T06:00").await;
    let (web, csrf) = app.signed_in(ADMIN).await;
    let sheet = format!("/disruptions/{id}/entry/mar/{person}/2026-10-25");
    let shown = page(&web, &app, &sheet).await;
    assert!(
        shown.contains("0140 GMT"),
        "the form says how to type the repeated hour"
    );
    let mut form = form_fields(&shown);
    set(&mut form, "csrf", &csrf);
    set(&mut form, "outcome_0", "given");
    set(&mut form, "time_0", "01:40");
    set(&mut form, "initials_0", "NK");
    let res = web.post(app.url(&sheet)).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 422, "a bare 01:40 on 25 October is refused");
    let refused = res.text().await.unwrap();
    assert!(refused.contains("01:40 BST for the first or 01:40 GMT for the second"));
    assert_eq!(get(&form_fields(&refused), "time_0"), "01:40", "what was typed stays");
    assert!(app.store.dose_records(id).await.unwrap().is_empty());
    set(&mut form, "time_0", "0140 GMT");
    let res = web.post(app.url(&sheet)).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let doses = app.store.dose_records(id).await.unwrap();
    let second: Timestamp = "2026-10-25T01:40:00Z".parse().unwrap();
    assert_eq!(doses[0].dose.given_at, Some(second), "the second 01:40, in GMT");
    let again = form_fields(&page(&web, &app, &sheet).await);
    assert_eq!(get(&again, "time_0"), "01:40 GMT", "shown as it was typed");
    let found = page(&web, &app, &format!("/disruptions/{id}/reconciliation")).await;
    assert!(found.contains("Time-critical dose late"), "70 minutes late is reported");
    assert!(found.contains("70 min late"), "{found}");
    let csv = page(&web, &app, &format!("/disruptions/{id}/export/reentry.csv")).await;
    assert!(csv.contains("2026-10-25 01:40 GMT"), "{csv}");
}
