//! A person moved to another service by `PUT /api/v1/people/{id}` takes their emergency
//! contacts and medicines along (issue [6], point 2): the new service's pack has their page with
//! the contact and their MAR, the old one's no longer has them, both packs turn stale, and only
//! the new service's manager can read the contact and the medicine.

use crate::helpers::*;
use crate::packs::poppler;
use jiff::Timestamp;
use lantern_app::packs;
use lantern_core::EntityKind;
use lantern_core::pack::PackPolicy;
use lantern_core::user::{Role, ServiceAccess};
use lantern_store::{Actor, ListQuery, NewUser, Store, Stored};
use lantern_web::hash_password;
use serde_json::{Value, json};

const X_MANAGER: &str = "x.manager@test.example";
const Y_MANAGER: &str = "y.manager@test.example";

async fn list(store: &Store, kind: EntityKind, q: ListQuery) -> Vec<Stored> {
    let q = ListQuery { limit: 10_000, ..q };
    store.list(kind, &q).await.unwrap().items
}

/// Two supported-living services, and a person of the first with a contact and a medicine
/// given at fixed times, whose name no one else in either service shares.
async fn a_family(store: &Store) -> (i64, i64, Stored, Stored, Stored) {
    let services: Vec<i64> = list(store, EntityKind::Service, ListQuery::default())
        .await
        .into_iter()
        .filter(|s| s.record.text("service_type") == "supported_living")
        .map(|s| s.id)
        .collect();
    let (x, y) = (services[0], services[1]);
    let in_x = |kind| {
        list(
            store,
            kind,
            ListQuery {
                service: Some(x),
                ..Default::default()
            },
        )
    };
    let (people, contacts, medicines) = (
        in_x(EntityKind::Person).await,
        in_x(EntityKind::Contact).await,
        in_x(EntityKind::Medicine).await,
    );
    let everyone: Vec<Stored> = list(store, EntityKind::Person, ListQuery::default()).await;
    for p in people {
        let name = p.record.text("full_name");
        let contact = contacts.iter().find(|c| c.record.int("person_id") == Some(p.id));
        let medicine = medicines.iter().find(|m| {
            m.record.int("person_id") == Some(p.id) && matches!(m.record.get("times"), lantern_core::Val::Times(_))
        });
        let unique = everyone.iter().filter(|q| q.record.text("full_name") == name).count() == 1;
        if let (Some(c), Some(m), true) = (contact, medicine, unique) {
            return (x, y, p, c.clone(), m.clone());
        }
    }
    panic!("no person with a contact and a medicine in service {x}");
}

async fn manager_of(app: &TestApp, email: &str, service: i64) {
    let user = NewUser {
        email: email.into(),
        name: email.into(),
        role: Role::Manager,
        access: ServiceAccess::Only(vec![service]),
        password_hash: hash_password(PASSWORD).unwrap(),
    };
    let now = *app.clock.lock().unwrap();
    app.store.create_user(&user, now).await.unwrap();
}

fn now(app: &TestApp) -> Timestamp {
    *app.clock.lock().unwrap()
}

async fn pack_text(app: &TestApp, service: i64) -> Option<Vec<String>> {
    let built = packs::build(
        &app.store,
        service,
        jiff::civil::date(2026, 11, 24),
        &Actor::system("test"),
        now(app),
    )
    .await
    .unwrap();
    let text = poppler("pdftotext", &built.pdf, &[])?;
    Some(text.split('\u{c}').map(String::from).collect())
}

#[tokio::test]
async fn a_person_moved_by_the_api_takes_their_contacts_and_medicines_along() {
    let app = spawn_app().await;
    let (x, y, person, contact, medicine) = a_family(&app.store).await;
    let name = person.record.text("full_name").to_string();
    let contact_name = contact.record.text("name").to_string();
    let medicine_name: String = medicine.record.text("name").chars().take(12).collect();
    manager_of(&app, X_MANAGER, x).await;
    manager_of(&app, Y_MANAGER, y).await;
    let policy = PackPolicy::default();
    for s in [x, y] {
        packs::build(
            &app.store,
            s,
            jiff::civil::date(2026, 11, 24),
            &Actor::system("test"),
            now(&app),
        )
        .await
        .unwrap();
    }

    app.advance_minutes(10);
    let c = app.client();
    let token = app.token(ADMIN).await;
    let url = app.url(&format!("/api/v1/people/{}", person.id));
    let mut body: Value = c
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["service_id"] = json!(y);
    let res = c.put(&url).bearer_auth(&token).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 200);
    for (kind, id) in [(EntityKind::Contact, contact.id), (EntityKind::Medicine, medicine.id)] {
        assert_eq!(app.store.get(kind, id).await.unwrap().service_id, Some(y), "{kind:?}");
    }

    // Both packs are stale: the new one names the person's records, the old one says they left.
    let (_, old) = packs::freshness(&app.store, x, &policy, now(&app)).await.unwrap();
    let (_, new) = packs::freshness(&app.store, y, &policy, now(&app)).await.unwrap();
    assert!(!old.fresh && !new.fresh);
    assert!(
        old.reasons
            .iter()
            .any(|r| r.starts_with(&format!("Person supported {name} moved to another service"))),
        "{:?}",
        old.reasons
    );
    assert!(
        old.reasons
            .iter()
            .any(|r| r.starts_with("Emergency contact") && r.contains("moved to another service")),
        "{:?}",
        old.reasons
    );
    assert!(new.reasons.iter().any(|r| r.contains(&name)), "{:?}", new.reasons);

    // The new service's pack: the person's page with their contact, and their MAR.
    if let Some(pages) = pack_text(&app, y).await {
        let own_page = pages
            .iter()
            .find(|p| p.contains(&name) && p.contains("Emergency contacts"))
            .unwrap_or_else(|| panic!("no page for {name}"));
        assert!(own_page.contains(&contact_name), "{own_page}");
        assert!(!own_page.contains("None recorded"), "{own_page}");
        let mar = pages
            .iter()
            .find(|p| p.contains("Medicines record (MAR)") && p.contains(&name))
            .unwrap_or_else(|| panic!("no MAR for {name}"));
        assert!(mar.contains(&medicine_name), "{mar}");
        // The old service's pack no longer has them.
        let old_pages = pack_text(&app, x).await.unwrap();
        assert!(
            old_pages.iter().all(|p| !p.contains(&name)),
            "{name} still in the old pack"
        );
    }

    // The old service's manager cannot read the contact or the medicine; the new one's can.
    let (x_token, y_token) = (app.token(X_MANAGER).await, app.token(Y_MANAGER).await);
    let (x_pages, _) = app.signed_in(X_MANAGER).await;
    let (y_pages, _) = app.signed_in(Y_MANAGER).await;
    for (slug, id) in [
        ("people", person.id),
        ("contacts", contact.id),
        ("medicines", medicine.id),
    ] {
        let api = app.url(&format!("/api/v1/{slug}/{id}"));
        let page = app.url(&format!("/{slug}/{id}"));
        let res = c.get(&api).bearer_auth(&x_token).send().await.unwrap();
        assert_eq!(res.status(), 404, "{slug} by the API");
        assert!(!res.text().await.unwrap().contains(&name));
        let res = x_pages.get(&page).send().await.unwrap();
        assert_eq!(res.status(), 404, "{slug} page");
        assert!(!res.text().await.unwrap().contains(&name));
        let res = c.get(&api).bearer_auth(&y_token).send().await.unwrap();
        assert_eq!(res.status(), 200, "{slug} by the API for the new service");
        assert_eq!(y_pages.get(&page).send().await.unwrap().status(), 200, "{slug} page");
    }
    // Nor do the old service's lists hold them.
    let contacts: Value = c
        .get(app.url("/api/v1/contacts?limit=1000&include_ended=true"))
        .bearer_auth(&x_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<i64> = contacts["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["id"].as_i64())
        .collect();
    assert!(!ids.is_empty() && !ids.contains(&contact.id), "{ids:?}");
    let x_person_page = x_pages
        .get(app.url(&format!("/contacts?q={}", contact_name.replace(' ', "+"))))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!x_person_page.contains(&format!("/contacts/{}\"", contact.id)));
}
