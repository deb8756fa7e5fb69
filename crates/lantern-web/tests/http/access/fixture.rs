//! The world the access matrix runs in: the demo, one supported-living service "A" that the
//! limited users work in, and everything else — above all the home-care branch "H" — holding
//! records they must never reach. People and contacts outside A are renamed to sentinels
//! ("Ocelot…", "Heron…") and notes about them carry "Kestrel", so that a leak of anything of
//! theirs into a page, a JSON body, a CSV or a PDF can be found by searching for the words.

use crate::helpers::*;
use jiff::Timestamp;
use jiff::civil::Date;
use lantern_core::disruption::VisitStatus;
use lantern_core::reconcile::{DoseOutcome, VisitOutcome};
use lantern_core::user::{Role, ServiceAccess};
use lantern_core::{EntityKind, InputVal, Record};
use lantern_store::{Actor, ListQuery, MarSheet, NewDose, NewEntry, NewUser, NewVisitRecord, Stored};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A user limited to service A, signed in both ways.
pub struct Limited {
    pub role: Role,
    pub email: String,
    pub client: reqwest::Client,
    pub csrf: String,
    pub token: String,
}

pub struct Fixture {
    /// The service the limited users work in, and a person, contact and medicine of it.
    pub a: i64,
    pub a_records: BTreeMap<EntityKind, Stored>,
    /// One record of each organisation-wide kind (staff, systems…).
    pub shared_records: BTreeMap<EntityKind, Stored>,
    /// The home-care branch: visits, a board, families, a pack.
    pub h: i64,
    /// One record of each service-scoped kind outside A.
    pub theirs: BTreeMap<EntityKind, Stored>,
    /// A disruption of A, H and another service, worked and reconciled by an administrator.
    pub shared: i64,
    /// A disruption of H alone.
    pub h_only: i64,
    pub h_only_step: i64,
    /// A timeline entry about H in the shared disruption.
    pub h_entry: i64,
    /// A finding about someone outside A in the shared disruption.
    pub their_finding: String,
    /// The day of the disruption, for the sheets' paths.
    pub day: Date,
    /// A pack version of H.
    pub h_pack: i64,
    /// A visit of H and a contact of someone outside A on the shared disruption.
    pub their_visit: i64,
    pub their_contact: i64,
    /// The FHIR id of a person of H that came from an import.
    pub their_patient: String,
    /// Words that must never reach a limited user.
    pub sentinels: Vec<String>,
    /// An account (the administrator's): the users pages are refused to every limited user.
    pub account: i64,
    /// A governance log entry of H (its title holds a sentinel).
    pub their_gov_entry: i64,
}

pub const SENTINEL_NOTE: &str = "Kestrel";

fn admin() -> Actor {
    Actor::system("access matrix setup")
}

async fn all(app: &TestApp, kind: EntityKind) -> Vec<Stored> {
    let q = ListQuery {
        limit: 10_000,
        ..Default::default()
    };
    app.store.list(kind, &q).await.unwrap().items
}

async fn service_of_type(app: &TestApp, service_type: &str) -> i64 {
    all(app, EntityKind::Service)
        .await
        .into_iter()
        .find(|s| s.record.text("service_type") == service_type)
        .unwrap()
        .id
}

/// Gives a record new text values and saves it.
async fn rename(app: &TestApp, s: &Stored, values: &[(&str, String)]) {
    let mut input = s.record.to_input();
    for (field, value) in values {
        input.insert(field.to_string(), InputVal::One(value.clone()));
    }
    let record = Record::parse(s.record.kind, &input).unwrap();
    let now = *app.clock.lock().unwrap();
    app.store.update(s.id, &record, None, &admin(), now).await.unwrap();
}

fn now(app: &TestApp) -> Timestamp {
    *app.clock.lock().unwrap()
}

async fn api(app: &TestApp, token: &str, method: reqwest::Method, path: &str, body: Value) -> Value {
    let res = app
        .client()
        .request(method, app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

impl Fixture {
    pub async fn build(app: &TestApp) -> Fixture {
        let a = service_of_type(app, "supported_living").await;
        let h = service_of_type(app, "home_care").await;
        let mut sentinels = vec![SENTINEL_NOTE.to_string()];
        for p in all(app, EntityKind::Person).await {
            if p.service_id != Some(a) {
                let nhs = p.record.get("nhs_number").text();
                if !nhs.is_empty() {
                    sentinels.push(nhs.clone());
                    sentinels.push(nhs.replace(' ', ""));
                }
                rename(
                    app,
                    &p,
                    &[
                        ("full_name", format!("Ocelot{} Quill", p.id)),
                        ("preferred_name", String::new()),
                    ],
                )
                .await;
            }
        }
        for c in all(app, EntityKind::Contact).await {
            if c.service_id != Some(a) {
                rename(app, &c, &[("name", format!("Heron{} Vale", c.id))]).await;
            }
        }
        sentinels.extend(["Ocelot".to_string(), "Heron".to_string()]);

        let mut theirs = BTreeMap::new();
        let mut a_records = BTreeMap::new();
        let mut shared_records = BTreeMap::new();
        for kind in EntityKind::ALL {
            let items = all(app, kind).await;
            if !scoped(kind) {
                if let Some(s) = items.first() {
                    shared_records.insert(kind, s.clone());
                }
                continue;
            }
            if let Some(s) = items.iter().find(|s| s.service_id.is_some_and(|s| s != a)) {
                theirs.insert(kind, s.clone());
            }
            if let Some(s) = items.iter().find(|s| s.service_id == Some(a)) {
                a_records.insert(kind, s.clone());
            }
        }
        // The disruptions begin after the renaming: a reconciliation reads the register as it
        // stood when its disruption began.
        app.advance_minutes(1);
        // A person of H from a FHIR import, whom a limited user's FHIR import must not take.
        let token = app.token(ADMIN).await;
        let patient = json!({"resourceType": "Patient", "id": "h-patient-1", "name": [{"given": ["Ocelot"], "family": "Fhir"}],
                             "birthDate": "1941-05-06"});
        api(
            app,
            &token,
            reqwest::Method::POST,
            &format!("/api/v1/import/fhir?service={h}"),
            patient,
        )
        .await;

        let day = now(app).to_zoned_datetime(lantern_core::schedule::london()).date();
        let h_pack = lantern_app::packs::build(&app.store, h, day, &admin(), now(app))
            .await
            .unwrap()
            .version;

        let (shared, h_entry, their_visit, their_contact) = shared_disruption(app, &token, a, h).await;
        let their_finding = their_finding(app, &token, shared, h, day).await;
        let declared = api(
            app,
            &token,
            reqwest::Method::POST,
            "/api/v1/disruptions",
            json!({"kind": "power", "title": "Branch office power cut", "services": [h],
                   "started_at": "2026-11-24T08:00:00Z", "coordinator": "Priya Shah", "safe_care": "not_threatened"}),
        )
        .await;
        let their_gov_entry = their_gov_entry(app, h).await;
        Fixture {
            a,
            a_records,
            shared_records,
            h,
            theirs,
            shared,
            h_only: declared["id"].as_i64().unwrap(),
            h_only_step: declared["steps"][0]["id"].as_i64().unwrap(),
            h_entry,
            their_finding,
            day,
            h_pack,
            their_visit,
            their_contact,
            their_patient: "h-patient-1".into(),
            sentinels,
            account: app.store.user_by_email(ADMIN).await.unwrap().unwrap().id,
            their_gov_entry,
        }
    }

    /// Signs in a user of each role limited to A.
    pub async fn limited_users(&self, app: &TestApp) -> Vec<Limited> {
        let hash = lantern_web::hash_password(PASSWORD).unwrap();
        let mut out = Vec::new();
        for role in Role::ALL {
            let email = format!("limited.{}@test.example", role.as_str());
            let user = NewUser {
                email: email.clone(),
                name: format!("Limited {}", role.label()),
                role,
                access: ServiceAccess::Only(vec![self.a]),
                password_hash: hash.clone(),
            };
            app.store.create_user(&user, now(app)).await.unwrap();
            let (client, csrf) = app.signed_in(&email).await;
            let token = app.token(&email).await;
            out.push(Limited {
                role,
                email,
                client,
                csrf,
                token,
            });
        }
        out
    }
}

/// Kinds whose records belong to one service.
pub fn scoped(kind: EntityKind) -> bool {
    !matches!(kind.spec().scope, lantern_core::Scope::Organisation)
}

/// Declares a disruption of A, H and a residential service, and works it as an administrator:
/// a visit of H missed, an entry about H, a call to a family outside A, then closes it.
async fn shared_disruption(app: &TestApp, token: &str, a: i64, h: i64) -> (i64, i64, i64, i64) {
    let home = service_of_type(app, "residential").await;
    let d = api(
        app,
        token,
        reqwest::Method::POST,
        "/api/v1/disruptions",
        json!({"kind": "supplier_outage", "title": "Care system down", "services": [a, h, home],
               "started_at": now(app).to_string(), "coordinator": "Priya Shah", "safe_care": "not_threatened"}),
    )
    .await;
    let id = d["id"].as_i64().unwrap();
    app.advance_minutes(180);
    let visit = all(app, EntityKind::Visit)
        .await
        .into_iter()
        .find(|v| v.service_id == Some(h) && v.record.date("date") == Some(jiff::civil::date(2026, 11, 24)))
        .unwrap()
        .id;
    let path = format!("/api/v1/disruptions/{id}/visits/{visit}");
    let note = format!("{SENTINEL_NOTE}: no answer at the door");
    api(
        app,
        token,
        reqwest::Method::POST,
        &path,
        json!({"status": VisitStatus::Missed, "note": note, "reason": "Nobody at home", "confirm": true}),
    )
    .await;
    let entry = NewEntry {
        at: now(app),
        kind: lantern_core::disruption::EntryKind::Decision,
        text: &format!("{SENTINEL_NOTE}: the branch rings its own carers"),
        corrects: None,
        service_id: Some(h),
    };
    let h_entry = app
        .store
        .add_timeline_entry(id, &entry, &admin(), now(app))
        .await
        .unwrap();
    let shared = NewEntry {
        text: "Switched every service to paper",
        service_id: None,
        ..entry.clone()
    };
    app.store
        .add_timeline_entry(id, &shared, &admin(), now(app))
        .await
        .unwrap();
    let families = api(
        app,
        token,
        reqwest::Method::GET,
        &format!("/api/v1/disruptions/{id}/families"),
        json!({}),
    )
    .await;
    let contact = families["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["contact"]["name"].as_str().is_some_and(|n| n.starts_with("Heron")))
        .unwrap()["contact"]["contact_id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/disruptions/{id}/families/{contact}/calls");
    let note = format!("{SENTINEL_NOTE}: daughter will visit");
    api(
        app,
        token,
        reqwest::Method::POST,
        &path,
        json!({"outcome": "spoke", "note": note}),
    )
    .await;
    app.store
        .close_disruption(id, now(app), "", &Default::default(), &admin(), now(app))
        .await
        .unwrap();
    (id, h_entry, visit, contact)
}

/// Enters paper sheets outside A and resolves a finding about someone outside A; returns its key.
async fn their_finding(app: &TestApp, token: &str, id: i64, h: i64, day: Date) -> String {
    let home = service_of_type(app, "residential").await;
    let person = all(app, EntityKind::Person)
        .await
        .into_iter()
        .find(|p| p.service_id == Some(home))
        .unwrap();
    let dose = NewDose {
        person_id: person.id,
        medicine_id: None,
        due_at: None,
        sheet_time: None,
        outcome: DoseOutcome::Given,
        given_at: Some(now(app) - jiff::SignedDuration::from_hours(1)),
        initials: "JP".into(),
        note: format!("{SENTINEL_NOTE}: paracetamol from the home's stock"),
    };
    let sheet = MarSheet {
        person_id: person.id,
        day,
        doses: std::slice::from_ref(&dose),
        notes: "",
    };
    app.store.save_mar_sheet(id, &sheet, &admin(), now(app)).await.unwrap();
    let visit = all(app, EntityKind::Visit)
        .await
        .into_iter()
        .find(|v| v.service_id == Some(h) && v.record.date("date") == Some(day))
        .unwrap();
    let record = NewVisitRecord {
        visit_id: visit.id,
        outcome: VisitOutcome::Completed,
        arrived_at: None,
        departed_at: None,
        note: format!("{SENTINEL_NOTE}: key safe code changed"),
    };
    app.store
        .save_visit_sheet(id, h, day, &[record], &admin(), now(app))
        .await
        .unwrap();
    let rec = api(
        app,
        token,
        reqwest::Method::GET,
        &format!("/api/v1/disruptions/{id}/reconciliation"),
        json!({}),
    )
    .await;
    let key = rec["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["person"].as_str().is_some_and(|p| p.starts_with("Ocelot")))
        .unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();
    let note = format!("{SENTINEL_NOTE}: GP said no harm");
    app.store
        .resolve_finding(id, &key, "no_harm", &note, &admin(), now(app))
        .await
        .unwrap();
    key
}

/// A governance log entry of H, its title holding a sentinel.
async fn their_gov_entry(app: &TestApp, h: i64) -> i64 {
    use lantern_core::govern::governance_log::GovKind;
    let entry = lantern_store::NewGovEntry {
        occurred_on: jiff::civil::date(2026, 11, 20),
        kind: GovKind::Lesson,
        service_id: Some(h),
        title: "Kestrel: a lesson of the home-care branch",
        body: "",
        about: None,
        corrects_id: None,
    };
    let now = *app.clock.lock().unwrap();
    app.store.append_governance_entry(&entry, &admin(), now).await.unwrap()
}
