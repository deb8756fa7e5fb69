//! What the matrix asks of each route: for every route of the router there are requests that
//! name another service's records (which must be refused), or pages and answers that must hold
//! nothing of other services. A route with no entry here fails the matrix, so a new route
//! cannot be forgotten.

use super::fixture::{Fixture, scoped};
use axum::http::Method;
use lantern_core::{EntityKind, InputVal, Record};
use lantern_store::Stored;
use lantern_web::RouteInfo;
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub enum Body {
    None,
    /// A page form (the session's CSRF token is added when sent).
    Form(Vec<(String, String)>),
    Json(Value),
    /// A raw body (CSV, FHIR JSON) for the import API.
    Raw(String),
    /// The import page's upload: its fields, then the file.
    Upload(Vec<(String, String)>, String, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// 403 or 404 (an import may instead be refused whole as 422, naming the rows), nothing of
    /// other services in the body, and for a write nothing changed in the database.
    Refused,
    /// Whatever the user may see, with nothing of other services in it.
    Clean,
    /// As `Clean`, on a session of its own (signing out ends the session).
    CleanOwnSession,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub path: String,
    pub body: Body,
    pub expect: Expect,
}

fn case(path: impl Into<String>, body: Body, expect: Expect) -> Case {
    Case {
        path: path.into(),
        body,
        expect,
    }
}

fn refused(path: impl Into<String>) -> Case {
    case(path, Body::None, Expect::Refused)
}

fn clean(path: impl Into<String>) -> Case {
    case(path, Body::None, Expect::Clean)
}

fn form(pairs: &[(&str, String)]) -> Body {
    Body::Form(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
}

/// A record as its edit form sends it.
pub fn record_form(record: &Record) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in record.spec().fields {
        if f.kind == lantern_core::FieldKind::Bool {
            if record.flag(f.name) {
                out.push((f.name.to_string(), "yes".into()));
            }
            continue;
        }
        match record.get(f.name).to_input() {
            None => {}
            Some(InputVal::One(v)) => out.push((f.name.to_string(), v)),
            Some(InputVal::Many(items)) if matches!(f.kind, lantern_core::FieldKind::RefList(_)) => {
                out.extend(items.into_iter().map(|i| (f.name.to_string(), i)));
            }
            Some(InputVal::Many(items)) => out.push((f.name.to_string(), items.join("\n"))),
            Some(InputVal::Pairs(pairs)) => {
                for (a, b) in pairs {
                    out.push((format!("{}.first", f.name), a));
                    out.push((format!("{}.second", f.name), b));
                }
            }
        }
    }
    out
}

/// A record the user may edit, pointed at another service: an A record's service field or
/// person changed, or an organisation-wide record's list of services given H too.
fn moved_out(fx: &Fixture, kind: EntityKind) -> Option<(&Stored, Record)> {
    if let Some(own) = fx.a_records.get(&kind) {
        let (field, target) = match kind.spec().scope {
            lantern_core::Scope::Service(f) => (f, fx.h),
            lantern_core::Scope::Person(f) => (f, fx.theirs.get(&EntityKind::Person)?.id),
            _ => return None,
        };
        let mut input = own.record.to_input();
        input.insert(field.into(), InputVal::One(target.to_string()));
        return Some((own, Record::parse(kind, &input).ok()?));
    }
    let shared = fx.shared_records.get(&kind)?;
    let (field, _) = kind
        .spec()
        .references()
        .find(|(f, t)| *t == EntityKind::Service && matches!(f.kind, lantern_core::FieldKind::RefList(_)))?;
    let mut input = shared.record.to_input();
    let mut ids: Vec<String> = shared.record.refs(field.name).iter().map(i64::to_string).collect();
    ids.retain(|id| *id != fx.h.to_string());
    ids.push(fx.h.to_string());
    input.insert(field.name.into(), InputVal::Many(ids));
    // Only a reference it did not have before is a change to refuse.
    (!shared.record.refs(field.name).contains(&fx.h)).then_some(())?;
    Some((shared, Record::parse(kind, &input).ok()?))
}

/// The register routes, for every kind.
fn register(fx: &Fixture, route: &RouteInfo) -> Option<Vec<Case>> {
    let api = route.path.starts_with("/api/v1");
    let base = if api { "/api/v1" } else { "" };
    let mut out = Vec::new();
    for kind in EntityKind::ALL {
        let slug = kind.slug();
        let theirs = fx.theirs.get(&kind);
        let form_or_json = |r: &Record, version: Option<i64>| {
            if api {
                let mut v = Value::Object(lantern_core::json::record_to_json(r));
                if let Some(version) = version {
                    v["version"] = json!(version);
                }
                Body::Json(v)
            } else {
                let mut pairs = record_form(r);
                if let Some(version) = version {
                    pairs.push(("version".into(), version.to_string()));
                }
                Body::Form(pairs)
            }
        };
        match (route.method.clone(), route.path.trim_start_matches("/api/v1")) {
            (Method::GET, "/{slug}") => {
                out.push(clean(format!("{base}/{slug}")));
                // Everyone outside A is called "… Quill": found, they would show as "Ocelot…".
                out.push(clean(format!("{base}/{slug}?q=quill")));
                if scoped(kind) {
                    out.push(clean(format!("{base}/{slug}?service={}", fx.h)));
                }
            }
            (Method::GET, "/{slug}/new") => out.push(clean(format!("/{slug}/new"))),
            (Method::POST, "/{slug}") => {
                if let Some(t) = theirs {
                    out.push(case(
                        format!("{base}/{slug}"),
                        form_or_json(&t.record, None),
                        Expect::Refused,
                    ));
                }
                if let Some((_, moved)) = moved_out(fx, kind).filter(|_| !scoped(kind)) {
                    out.push(case(
                        format!("{base}/{slug}"),
                        form_or_json(&moved, None),
                        Expect::Refused,
                    ));
                }
            }
            (Method::GET, "/{slug}/{id}") | (Method::GET, "/{slug}/{id}/edit") | (Method::DELETE, "/{slug}/{id}") => {
                if let Some(t) = theirs {
                    let tail = if route.path.ends_with("/edit") { "/edit" } else { "" };
                    out.push(refused(format!("{base}/{slug}/{}{tail}", t.id)));
                }
            }
            (Method::POST, "/{slug}/{id}/end") | (Method::POST, "/{slug}/{id}/restore") => {
                if let Some(t) = theirs {
                    let tail = route.path.rsplit('/').next().unwrap_or("");
                    out.push(case(format!("/{slug}/{}/{tail}", t.id), form(&[]), Expect::Refused));
                }
            }
            (Method::POST, "/{slug}/{id}") | (Method::PUT, "/{slug}/{id}") => {
                if let Some(t) = theirs {
                    let path = format!("{base}/{slug}/{}", t.id);
                    out.push(case(path, form_or_json(&t.record, Some(t.version)), Expect::Refused));
                }
                if let Some((own, moved)) = moved_out(fx, kind) {
                    let path = format!("{base}/{slug}/{}", own.id);
                    out.push(case(path, form_or_json(&moved, Some(own.version)), Expect::Refused));
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

fn their(fx: &Fixture, kind: EntityKind) -> i64 {
    fx.theirs.get(&kind).map(|s| s.id).unwrap_or(0)
}

/// The cases of one route, or `None` when the matrix does not know it.
pub fn for_route(route: &RouteInfo, fx: &Fixture) -> Option<Vec<Case>> {
    let (shared, h_only, h) = (fx.shared, fx.h_only, fx.h);
    let day = fx.day;
    let their_person = their(fx, EntityKind::Person);
    let a_person = fx.a_records.get(&EntityKind::Person).map(|s| s.id).unwrap_or(0);
    let people_csv = format!(
        "source_id,service_id,full_name,risk_tier\r\n#{their_person},#{},HACKED VIA IMPORT,high\r\n",
        fx.a
    );
    let medicine_csv =
        format!("source_id,person_id,name,dose,route\r\nM-NEW,#{their_person},Paracetamol,1 tablet,oral\r\n");
    let patient =
        json!({"resourceType": "Patient", "id": fx.their_patient, "name": [{"given": ["Taken"], "family": "Over"}],
                         "birthDate": "1941-05-06"})
        .to_string();
    let d = |id: i64, tail: &str| format!("/disruptions/{id}{tail}");
    let api = |id: i64, tail: &str| format!("/api/v1/disruptions/{id}{tail}");
    let entry = |pairs: &[(&str, String)]| {
        let mut all = vec![("kind", "note".to_string()), ("text", "Rang the office".to_string())];
        all.extend(pairs.iter().cloned());
        form(&all)
    };
    let entry_json = |extra: Value| {
        let mut v = json!({"kind": "note", "text": "Rang the office"});
        if let (Value::Object(v), Value::Object(extra)) = (&mut v, extra) {
            v.extend(extra);
        }
        Body::Json(v)
    };
    let declare = form(&[
        ("kind", "cyber_incident".into()),
        ("services", h.to_string()),
        ("started_at", "2026-11-24T08:00".into()),
        ("coordinator", "Priya Shah".into()),
        ("safe_care", "not_threatened".into()),
    ]);
    let m = route.method.clone();
    let cases = match (m.clone(), route.path.as_str()) {
        (Method::GET, "/") | (Method::GET, "/login") | (Method::GET, "/healthz") | (Method::GET, "/readyz") => {
            vec![clean(route.path.clone())]
        }
        (Method::POST, "/login") => vec![case(
            "/login",
            form(&[("email", "admin@test.example".into()), ("password", "not it".into())]),
            Expect::Clean,
        )],
        (Method::POST, "/logout") => vec![case("/logout", form(&[]), Expect::CleanOwnSession)],
        (Method::GET, "/audit") => vec![refused("/audit")],
        (Method::GET, "/assets/{file}") => vec![clean("/assets/lantern.css")],
        (Method::GET, "/packs") => vec![clean("/packs"), clean(format!("/packs/{}", fx.a))],
        (Method::GET, "/packs/{service}") => vec![refused(format!("/packs/{h}"))],
        (Method::POST, "/packs/{service}/build") => vec![case(format!("/packs/{h}/build"), form(&[]), Expect::Refused)],
        (Method::POST, "/packs/{service}/check") => vec![case(
            format!("/packs/{h}/check"),
            form(&[("outcome", "ok".into()), ("version", fx.h_pack.to_string())]),
            Expect::Refused,
        )],
        (Method::GET, "/packs/{service}/versions/{version}/pdf") => {
            vec![refused(format!("/packs/{h}/versions/{}/pdf", fx.h_pack))]
        }
        (Method::GET, "/disruptions") | (Method::GET, "/disruptions/new") | (Method::GET, "/scenarios") => {
            vec![clean(route.path.clone())]
        }
        (Method::POST, "/disruptions") => vec![case("/disruptions", declare, Expect::Refused)],
        (Method::POST, "/scenarios/{scenario}") => vec![case(
            "/scenarios/cyber_attack",
            form(&[("steps", "Ring IT".into())]),
            Expect::Refused,
        )],
        (Method::GET, "/disruptions/{id}")
        | (Method::GET, "/disruptions/{id}/board")
        | (Method::GET, "/disruptions/{id}/families")
        | (Method::GET, "/disruptions/{id}/entry")
        | (Method::GET, "/disruptions/{id}/reconciliation")
        | (Method::GET, "/disruptions/{id}/report")
        | (Method::GET, "/disruptions/{id}/report.pdf") => {
            let tail = route.path.trim_start_matches("/disruptions/{id}");
            vec![refused(d(h_only, tail)), clean(d(shared, tail))]
        }
        (Method::GET, "/disruptions/{id}/export/{format}") => vec![
            refused(d(h_only, "/export/reentry.csv")),
            clean(d(shared, "/export/reentry.csv")),
            clean(d(shared, "/export/reentry.fhir.json")),
        ],
        (Method::POST, "/disruptions/{id}/steps/{step}") => vec![case(
            d(h_only, &format!("/steps/{}", fx.h_only_step)),
            form(&[("done", "yes".into())]),
            Expect::Refused,
        )],
        (Method::POST, "/disruptions/{id}/timeline") => vec![
            case(d(h_only, "/timeline"), entry(&[]), Expect::Refused),
            case(
                d(shared, "/timeline"),
                entry(&[("service_id", h.to_string())]),
                Expect::Refused,
            ),
            case(
                d(shared, "/timeline"),
                entry(&[("corrects", fx.h_entry.to_string())]),
                Expect::Refused,
            ),
        ],
        (Method::POST, "/disruptions/{id}/close") => vec![case(
            d(h_only, "/close"),
            form(&[("restored_at", "2026-11-24T08:30".into())]),
            Expect::Refused,
        )],
        (Method::POST, "/disruptions/{id}/cqc") => vec![case(d(h_only, "/cqc"), form(&[]), Expect::Refused)],
        (Method::POST, "/disruptions/{id}/safe-care") => vec![case(
            d(h_only, "/safe-care"),
            form(&[("safe_care", "threatened".into())]),
            Expect::Refused,
        )],
        (Method::POST, "/disruptions/{id}/visits/{visit}") => vec![
            case(
                d(shared, &format!("/visits/{}", fx.their_visit)),
                form(&[("status", "completed".into())]),
                Expect::Refused,
            ),
            case(
                d(h_only, &format!("/visits/{}", fx.their_visit)),
                form(&[("status", "completed".into())]),
                Expect::Refused,
            ),
        ],
        (Method::POST, "/disruptions/{id}/families/{contact}") => vec![case(
            d(shared, &format!("/families/{}", fx.their_contact)),
            form(&[("outcome", "spoke".into())]),
            Expect::Refused,
        )],
        (Method::GET, "/disruptions/{id}/entry/mar/{person}/{day}") => vec![
            refused(d(shared, &format!("/entry/mar/{their_person}/{day}"))),
            clean(d(shared, &format!("/entry/mar/{a_person}/{day}"))),
        ],
        (Method::POST, "/disruptions/{id}/entry/mar/{person}/{day}") => vec![case(
            d(shared, &format!("/entry/mar/{their_person}/{day}")),
            form(&[("notes", "entered".into())]),
            Expect::Refused,
        )],
        (Method::GET, "/disruptions/{id}/entry/visits/{service}/{day}") => {
            vec![refused(d(shared, &format!("/entry/visits/{h}/{day}")))]
        }
        (Method::POST, "/disruptions/{id}/entry/visits/{service}/{day}") => vec![case(
            d(shared, &format!("/entry/visits/{h}/{day}")),
            form(&[("notes", "entered".into())]),
            Expect::Refused,
        )],
        (Method::POST, "/disruptions/{id}/reconciliation/resolve") => vec![case(
            d(shared, "/reconciliation/resolve"),
            form(&[("key", fx.their_finding.clone()), ("action", "no_harm".into())]),
            Expect::Refused,
        )],
        (Method::POST, "/disruptions/{id}/reconciliation/sign-off") => vec![
            case(d(shared, "/reconciliation/sign-off"), form(&[]), Expect::Refused),
            case(d(h_only, "/reconciliation/sign-off"), form(&[]), Expect::Refused),
        ],
        // Accounts are for administrators of every service: a limited administrator too is
        // refused, or they could give themselves every service.
        (Method::GET, "/users") | (Method::GET, "/users/new") => vec![refused(route.path.clone())],
        (Method::GET, "/users/{id}") | (Method::GET, "/users/{id}/edit") => {
            vec![refused(route.path.replace("{id}", &fx.account.to_string()))]
        }
        (Method::POST, "/users") => vec![case(
            "/users",
            form(&[
                ("email", "intruder@test.example".into()),
                ("name", "Intruder".into()),
                ("role", "admin".into()),
                ("every_service", "yes".into()),
            ]),
            Expect::Refused,
        )],
        (Method::POST, "/users/{id}") => vec![case(
            format!("/users/{}", fx.account),
            form(&[
                ("name", "Taken over".into()),
                ("role", "viewer".into()),
                ("services", fx.a.to_string()),
            ]),
            Expect::Refused,
        )],
        (Method::POST, "/users/{id}/password")
        | (Method::POST, "/users/{id}/revoke")
        | (Method::POST, "/users/{id}/unlock") => vec![case(
            route.path.replace("{id}", &fx.account.to_string()),
            form(&[("password", "a password of my choosing".into())]),
            Expect::Refused,
        )],
        (Method::GET, "/api/v1/users") => vec![refused("/api/v1/users")],
        (Method::GET, "/api/v1/users/{id}") => vec![refused(format!("/api/v1/users/{}", fx.account))],
        (Method::POST, "/api/v1/users") => vec![case(
            "/api/v1/users",
            Body::Json(
                json!({"email": "intruder@test.example", "name": "Intruder", "role": "admin", "services": "all"}),
            ),
            Expect::Refused,
        )],
        (Method::PUT, "/api/v1/users/{id}") => vec![case(
            format!("/api/v1/users/{}", fx.account),
            Body::Json(json!({"name": "Taken over", "role": "viewer", "services": [fx.a]})),
            Expect::Refused,
        )],
        (Method::POST, "/api/v1/users/{id}/password")
        | (Method::POST, "/api/v1/users/{id}/revoke")
        | (Method::POST, "/api/v1/users/{id}/unlock") => vec![case(
            route.path.replace("{id}", &fx.account.to_string()),
            Body::Json(json!({})),
            Expect::Refused,
        )],
        (Method::GET, "/import") => vec![clean("/import")],
        (Method::POST, "/import") => vec![case(
            "/import",
            Body::Upload(
                vec![("format".into(), "people".into())],
                "people.csv".into(),
                people_csv.clone(),
            ),
            Expect::Refused,
        )],
        (Method::POST, "/api/v1/import/csv/{slug}") => vec![
            case(
                "/api/v1/import/csv/people?partial=true",
                Body::Raw(people_csv.clone()),
                Expect::Refused,
            ),
            case(
                "/api/v1/import/csv/medicines?partial=true",
                Body::Raw(medicine_csv),
                Expect::Refused,
            ),
        ],
        (Method::POST, "/api/v1/import/fhir") => vec![
            case(
                format!("/api/v1/import/fhir?service={h}"),
                Body::Raw(patient.clone()),
                Expect::Refused,
            ),
            case(
                format!("/api/v1/import/fhir?service={}", fx.a),
                Body::Raw(patient),
                Expect::Refused,
            ),
        ],
        (Method::GET, "/api/v1/openapi.json")
        | (Method::GET, "/api/v1/scenarios")
        | (Method::GET, "/api/v1/disruptions") => {
            vec![clean(route.path.clone())]
        }
        (Method::PUT, "/api/v1/scenarios/{scenario}") => vec![case(
            "/api/v1/scenarios/cyber_attack",
            Body::Json(json!({"steps": ["Ring IT"]})),
            Expect::Refused,
        )],
        (Method::POST, "/api/v1/disruptions") => vec![case(
            "/api/v1/disruptions",
            Body::Json(
                json!({"kind": "cyber_incident", "services": [h], "started_at": "2026-11-24T08:00:00Z",
                              "coordinator": "Priya Shah", "safe_care": "not_threatened"}),
            ),
            Expect::Refused,
        )],
        (Method::GET, "/api/v1/disruptions/{id}")
        | (Method::GET, "/api/v1/disruptions/{id}/timeline")
        | (Method::GET, "/api/v1/disruptions/{id}/families")
        | (Method::GET, "/api/v1/disruptions/{id}/reconciliation")
        | (Method::GET, "/api/v1/disruptions/{id}/report") => {
            let tail = route.path.trim_start_matches("/api/v1/disruptions/{id}");
            vec![refused(api(h_only, tail)), clean(api(shared, tail))]
        }
        (Method::GET, "/api/v1/disruptions/{id}/board") => vec![
            refused(api(h_only, "/board")),
            clean(api(shared, "/board")),
            clean(api(shared, &format!("/board?service={h}"))),
        ],
        (Method::POST, "/api/v1/disruptions/{id}/close") => vec![case(
            api(h_only, "/close"),
            Body::Json(json!({"restored_at": "2026-11-24T08:30:00Z"})),
            Expect::Refused,
        )],
        (Method::POST, "/api/v1/disruptions/{id}/cqc-notification") => {
            vec![case(
                api(h_only, "/cqc-notification"),
                Body::Json(json!({})),
                Expect::Refused,
            )]
        }
        (Method::POST, "/api/v1/disruptions/{id}/safe-care") => vec![case(
            api(h_only, "/safe-care"),
            Body::Json(json!({"safe_care": "threatened"})),
            Expect::Refused,
        )],
        (Method::POST, "/api/v1/disruptions/{id}/steps/{step}") => vec![case(
            api(h_only, &format!("/steps/{}", fx.h_only_step)),
            Body::Json(json!({"done": true})),
            Expect::Refused,
        )],
        (Method::POST, "/api/v1/disruptions/{id}/timeline") => vec![
            case(api(h_only, "/timeline"), entry_json(json!({})), Expect::Refused),
            case(
                api(shared, "/timeline"),
                entry_json(json!({"service_id": h})),
                Expect::Refused,
            ),
            case(
                api(shared, "/timeline"),
                entry_json(json!({"corrects": fx.h_entry})),
                Expect::Refused,
            ),
        ],
        (Method::POST, "/api/v1/disruptions/{id}/visits/{visit}") => vec![case(
            api(shared, &format!("/visits/{}", fx.their_visit)),
            Body::Json(json!({"status": "completed"})),
            Expect::Refused,
        )],
        (Method::POST, "/api/v1/disruptions/{id}/reconciliation/resolutions") => vec![case(
            api(shared, "/reconciliation/resolutions"),
            Body::Json(json!({"key": fx.their_finding, "action": "no_harm"})),
            Expect::Refused,
        )],
        (Method::GET, "/api/v1/disruptions/{id}/report.pdf") => {
            vec![refused(api(h_only, "/report.pdf")), clean(api(shared, "/report.pdf"))]
        }
        (Method::GET, "/api/v1/disruptions/{id}/export/{file}") => vec![
            refused(api(h_only, "/export/reentry.csv")),
            clean(api(shared, "/export/reentry.csv")),
            clean(api(shared, "/export/reentry.fhir.json")),
        ],
        (Method::GET, "/api/v1/disruptions/{id}/sheets") => {
            vec![refused(api(h_only, "/sheets")), clean(api(shared, "/sheets"))]
        }
        (Method::GET, "/api/v1/disruptions/{id}/sheets/mar/{person}/{day}") => vec![
            refused(api(shared, &format!("/sheets/mar/{their_person}/{day}"))),
            clean(api(shared, &format!("/sheets/mar/{a_person}/{day}"))),
        ],
        (Method::POST, "/api/v1/disruptions/{id}/sheets/mar/{person}/{day}") => vec![case(
            api(shared, &format!("/sheets/mar/{their_person}/{day}")),
            Body::Json(json!({"doses": [], "notes": "entered"})),
            Expect::Refused,
        )],
        (Method::GET, "/api/v1/disruptions/{id}/sheets/visits/{service}/{day}") => {
            vec![refused(api(shared, &format!("/sheets/visits/{h}/{day}")))]
        }
        (Method::POST, "/api/v1/disruptions/{id}/sheets/visits/{service}/{day}") => vec![case(
            api(shared, &format!("/sheets/visits/{h}/{day}")),
            Body::Json(json!({"visits": []})),
            Expect::Refused,
        )],
        (Method::POST, "/api/v1/disruptions/{id}/reconciliation/sign-off") => vec![
            case(
                api(h_only, "/reconciliation/sign-off"),
                Body::Json(json!({})),
                Expect::Refused,
            ),
            case(
                api(shared, "/reconciliation/sign-off"),
                Body::Json(json!({})),
                Expect::Refused,
            ),
        ],
        (Method::GET, "/what-if") => {
            let system = fx.shared_records.get(&EntityKind::System).map(|s| s.id).unwrap_or(0);
            vec![
                refused(format!("/what-if?services={h}&start=2026-11-24T09:00&hours=4")),
                clean(format!("/what-if?systems={system}&start=2026-11-24T09:00&hours=4")),
                clean("/what-if"),
            ]
        }
        (Method::POST, "/api/v1/what-if") => {
            let ask = |services: Vec<i64>, systems: Vec<i64>| {
                Body::Json(json!({"services": services, "systems": systems, "start": "2026-11-24T09:00", "hours": 4}))
            };
            vec![
                case("/api/v1/what-if", ask(vec![h], vec![]), Expect::Refused),
                case("/api/v1/what-if", ask(vec![fx.a, h], vec![]), Expect::Refused),
                case(
                    "/api/v1/what-if",
                    ask(
                        vec![],
                        vec![fx.shared_records.get(&EntityKind::System).map(|s| s.id).unwrap_or(0)],
                    ),
                    Expect::Clean,
                ),
            ]
        }
        // Training coverage: another service's figures and lists are not theirs; their own are.
        (Method::GET, "/training") => vec![clean("/training"), refused(format!("/training?service={h}"))],
        (Method::GET, "/training/{service}/{course}") => {
            let course = fx.shared_records.get(&EntityKind::Course).map(|c| c.id).unwrap_or(0);
            vec![
                refused(format!("/training/{h}/{course}")),
                clean(format!("/training/{}/{course}", fx.a)),
            ]
        }
        (Method::GET, "/api/v1/training/coverage") => vec![
            clean("/api/v1/training/coverage"),
            clean(format!("/api/v1/training/coverage?service={}", fx.a)),
            refused(format!("/api/v1/training/coverage?service={h}")),
        ],
        // The assurance settings are read by all and changed by administrators of every service.
        (Method::GET, "/settings/assurance") | (Method::GET, "/api/v1/settings/assurance") => {
            vec![clean(route.path.clone())]
        }
        (Method::POST, "/settings/assurance") => vec![case(
            "/settings/assurance",
            form(&[
                ("training.threshold_percent", "90".into()),
                ("training.window_months", "12".into()),
                ("devices.tablet", "24".into()),
                ("devices.phone", "36".into()),
                ("devices.laptop", "48".into()),
                ("devices.desktop", "60".into()),
                ("devices.router", "60".into()),
                ("devices.printer", "60".into()),
                ("devices.other", "48".into()),
            ]),
            Expect::Refused,
        )],
        (Method::PUT, "/api/v1/settings/assurance") => vec![case(
            "/api/v1/settings/assurance",
            Body::Json(json!({"training": {"threshold_percent": 90, "window_months": 12}})),
            Expect::Refused,
        )],
        // A supplier's disruptions are those of the user's services only.
        (Method::GET, "/suppliers/{id}/assurance") | (Method::GET, "/api/v1/suppliers/{id}/assurance") => {
            let supplier = fx.shared_records.get(&EntityKind::Supplier).map(|s| s.id).unwrap_or(0);
            vec![clean(route.path.replace("{id}", &supplier.to_string()))]
        }
        (Method::GET, "/drills/due") | (Method::GET, "/api/v1/drills/due") => vec![clean(route.path.clone())],
        (Method::POST, "/drills/{id}/what-if") => {
            let drill = fx.theirs.get(&EntityKind::Drill).map(|s| s.id).unwrap_or(0);
            let system = fx.shared_records.get(&EntityKind::System).map(|s| s.id).unwrap_or(0);
            vec![case(
                format!("/drills/{drill}/what-if"),
                form(&[
                    ("systems", system.to_string()),
                    ("start", "2026-11-24T09:00".into()),
                    ("hours", "6".into()),
                ]),
                Expect::Refused,
            )]
        }
        // A disruption of another service has no review to read or write; one shared with
        // theirs is theirs to read (the limited user is not an editor, so writing is refused).
        (Method::GET, "/disruptions/{id}/review") => vec![refused(d(h_only, "/review")), clean(d(shared, "/review"))],
        (Method::GET, "/api/v1/disruptions/{id}/review") => {
            vec![refused(api(h_only, "/review")), clean(api(shared, "/review"))]
        }
        (Method::POST, "/disruptions/{id}/review") => vec![case(
            d(h_only, "/review"),
            form(&[
                ("version", "0".into()),
                ("lessons", "Kestrel".into()),
                ("complete", "yes".into()),
            ]),
            Expect::Refused,
        )],
        (Method::PUT, "/api/v1/disruptions/{id}/review") => vec![case(
            api(h_only, "/review"),
            Body::Json(json!({"version": 0, "lessons": "Kestrel"})),
            Expect::Refused,
        )],
        (Method::GET, "/drills/{id}/review") | (Method::GET, "/api/v1/drills/{id}/review") => {
            let drill = fx.theirs.get(&EntityKind::Drill).map(|s| s.id).unwrap_or(0);
            vec![refused(route.path.replace("{id}", &drill.to_string()))]
        }
        (Method::POST, "/drills/{id}/review") | (Method::PUT, "/api/v1/drills/{id}/review") => {
            let drill = fx.theirs.get(&EntityKind::Drill).map(|s| s.id).unwrap_or(0);
            let body = if route.path.starts_with("/api/v1") {
                Body::Json(json!({"version": 0, "lessons": "Kestrel"}))
            } else {
                form(&[("version", "0".into()), ("lessons", "Kestrel".into())])
            };
            vec![case(
                route.path.replace("{id}", &drill.to_string()),
                body,
                Expect::Refused,
            )]
        }
        // Another service's drill does not exist, to read or to raise a risk from.
        (Method::GET, "/drills/{id}/risks") => {
            let drill = fx.theirs.get(&EntityKind::Drill).map(|s| s.id).unwrap_or(0);
            vec![refused(format!("/drills/{drill}/risks"))]
        }
        (Method::POST, "/drills/{id}/risks") | (Method::POST, "/api/v1/drills/{id}/risks") => {
            let drill = fx.theirs.get(&EntityKind::Drill).map(|s| s.id).unwrap_or(0);
            let fields = [
                ("name", "Raised over another service's drill".to_string()),
                ("effect_on_care", "None".to_string()),
                ("likelihood", "2".to_string()),
                ("impact", "2".to_string()),
                ("note", "Kestrel".to_string()),
            ];
            let body = if route.path.starts_with("/api/v1") {
                Body::Json(Value::Object(
                    fields.iter().map(|(k, v)| (k.to_string(), json!(v))).collect(),
                ))
            } else {
                form(&fields)
            };
            vec![case(
                route.path.replace("{id}", &drill.to_string()),
                body,
                Expect::Refused,
            )]
        }
        (Method::GET, "/drills/{id}/briefing.pdf")
        | (Method::GET, "/api/v1/drills/{id}/what-if")
        | (Method::GET, "/api/v1/drills/{id}/briefing.pdf") => {
            let drill = fx.theirs.get(&EntityKind::Drill).map(|s| s.id).unwrap_or(0);
            vec![refused(route.path.replace("{id}", &drill.to_string()))]
        }
        (Method::GET, "/api/v1/packs") => vec![clean("/api/v1/packs"), clean(format!("/api/v1/packs/{}", fx.a))],
        (Method::GET, "/api/v1/packs/{service}") => vec![refused(format!("/api/v1/packs/{h}"))],
        (Method::POST, "/api/v1/packs/{service}/build") => vec![case(
            format!("/api/v1/packs/{h}/build"),
            Body::Json(json!({})),
            Expect::Refused,
        )],
        (Method::POST, "/api/v1/packs/{service}/checks") => vec![case(
            format!("/api/v1/packs/{h}/checks"),
            Body::Json(json!({"problems": ""})),
            Expect::Refused,
        )],
        (Method::GET, "/api/v1/packs/{service}/versions/{version}/pdf") => {
            vec![refused(format!("/api/v1/packs/{h}/versions/{}/pdf", fx.h_pack))]
        }
        (Method::GET, "/units") | (Method::GET, "/api/v1/units") => vec![clean(route.path.clone())],
        (Method::GET, "/units/{service}/{unit}") | (Method::GET, "/api/v1/units/{service}/{unit}") => {
            let base = route.path.trim_end_matches("/{service}/{unit}");
            let device = fx.theirs.get(&EntityKind::Device);
            let (service, unit) = device.map_or((h, "Ash".to_string()), |d| {
                (d.service_id.unwrap_or(h), d.record.text("unit").to_string())
            });
            vec![refused(format!("{base}/{service}/{}", unit.replace(' ', "%20")))]
        }
        (Method::GET, "/devices/{id}/log") | (Method::GET, "/api/v1/devices/{id}/log") => {
            vec![refused(
                route.path.replace("{id}", &their(fx, EntityKind::Device).to_string()),
            )]
        }
        (Method::POST, "/devices/{id}/checks")
        | (Method::POST, "/devices/{id}/out-of-use")
        | (Method::POST, "/devices/{id}/back-in-use")
        | (Method::POST, "/api/v1/devices/{id}/checks")
        | (Method::POST, "/api/v1/devices/{id}/out-of-use")
        | (Method::POST, "/api/v1/devices/{id}/back-in-use") => {
            let path = route.path.replace("{id}", &their(fx, EntityKind::Device).to_string());
            let fields = [
                ("checked_on", "2026-11-20".to_string()),
                ("check_type", "test".to_string()),
                ("result", "pass".to_string()),
                ("from", "2026-11-20T09:00".to_string()),
                ("fault", "Cracked".to_string()),
                ("at", "2026-11-20T10:00".to_string()),
                ("status", "in_use".to_string()),
            ];
            let tail = route.path.rsplit('/').next().unwrap_or("");
            let keep: &[&str] = match tail {
                "checks" => &["checked_on", "check_type", "result"],
                "out-of-use" => &["from", "fault"],
                _ => &["at", "status"],
            };
            let chosen: Vec<(&str, String)> = fields.into_iter().filter(|(k, _)| keep.contains(k)).collect();
            let body = if path.starts_with("/api/v1") {
                Body::Json(Value::Object(
                    chosen.iter().map(|(k, v)| (k.to_string(), json!(v))).collect(),
                ))
            } else {
                form(&chosen)
            };
            vec![case(path, body, Expect::Refused)]
        }
        (Method::GET, "/risks/heat-map") => vec![
            clean("/risks/heat-map"),
            clean("/risks/heat-map?basis=inherent&l=4&i=4"),
            clean("/risks/heat-map?basis=residual&l=2&i=4"),
        ],
        (Method::GET, "/api/v1/risks/heat-map") => vec![clean("/api/v1/risks/heat-map?basis=inherent")],
        (Method::GET, "/risks/{id}/reviews") | (Method::GET, "/api/v1/risks/{id}/reviews") => {
            vec![refused(
                route.path.replace("{id}", &their(fx, EntityKind::Risk).to_string()),
            )]
        }
        (Method::POST, "/risks/{id}/reviews") | (Method::POST, "/api/v1/risks/{id}/reviews") => {
            let theirs = fx.theirs.get(&EntityKind::Risk);
            let path = route.path.replace("{id}", &their(fx, EntityKind::Risk).to_string());
            let version = theirs.map_or(1, |t| t.version);
            let body = if path.starts_with("/api/v1") {
                Body::Json(
                    json!({"version": version, "residual_likelihood": "1", "residual_impact": "1",
                                  "next_review": "2027-06-01", "note": "Taken over"}),
                )
            } else {
                form(&[
                    ("version", version.to_string()),
                    ("residual_likelihood", "1".into()),
                    ("residual_impact", "1".into()),
                    ("next_review", "2027-06-01".into()),
                    ("note", "Taken over".into()),
                ])
            };
            vec![case(path, body, Expect::Refused)]
        }
        (Method::GET, "/disruptions/{id}/risks") => vec![refused(d(h_only, "/risks")), clean(d(shared, "/risks"))],
        (Method::POST, "/disruptions/{id}/risks") | (Method::POST, "/api/v1/disruptions/{id}/risks") => {
            let fields = [
                ("name", "Raised over another service".to_string()),
                ("effect_on_care", "None".to_string()),
                ("likelihood", "2".to_string()),
                ("impact", "2".to_string()),
                ("note", "Kestrel".to_string()),
            ];
            let body = |api: bool| {
                if api {
                    Body::Json(Value::Object(
                        fields.iter().map(|(k, v)| (k.to_string(), json!(v))).collect(),
                    ))
                } else {
                    form(&fields)
                }
            };
            let api = route.path.starts_with("/api/v1");
            let path = |id: i64| route.path.replace("{id}", &id.to_string());
            vec![case(path(h_only), body(api), Expect::Refused)]
        }
        (Method::GET, "/api/v1/audit") => vec![refused("/api/v1/audit")],
        // Readiness: the overview holds A's services only, today and on a past day; H's
        // readiness, past readiness and history do not exist for A's users.
        (Method::GET, "/readiness") | (Method::GET, "/api/v1/readiness") => vec![
            clean(route.path.clone()),
            clean(format!("{}?on=2026-11-20", route.path)),
        ],
        (Method::GET, "/readiness/{service}")
        | (Method::GET, "/api/v1/readiness/{service}")
        | (Method::GET, "/api/v1/readiness/{service}/history") => {
            let path = |s: i64| route.path.replace("{service}", &s.to_string());
            vec![
                refused(path(fx.h)),
                refused(format!("{}?on=2026-11-20", path(fx.h))),
                clean(path(fx.a)),
            ]
        }
        // The governance log: lists, prints and exports hold only A's and the organisation's
        // entries; H's entry does not exist; nothing is written for H.
        (Method::GET, "/governance")
        | (Method::GET, "/governance/print.pdf")
        | (Method::GET, "/governance/export.csv")
        | (Method::GET, "/api/v1/governance") => vec![
            clean(route.path.clone()),
            clean(format!("{}?service={}", route.path, fx.h)),
        ],
        (Method::GET, "/governance/{id}") | (Method::GET, "/api/v1/governance/{id}") => {
            vec![refused(route.path.replace("{id}", &fx.their_gov_entry.to_string()))]
        }
        (Method::POST, "/governance") | (Method::POST, "/api/v1/governance") => {
            let body = if route.path.starts_with("/api/v1") {
                Body::Json(json!({"kind": "lesson", "title": "Kestrel for H", "service_id": fx.h}))
            } else {
                form(&[
                    ("kind", "lesson".into()),
                    ("title", "Kestrel for H".into()),
                    ("service_id", fx.h.to_string()),
                ])
            };
            vec![case(route.path.clone(), body, Expect::Refused)]
        }
        (Method::POST, "/governance/{id}/corrections") | (Method::POST, "/api/v1/governance/{id}/corrections") => {
            let body = if route.path.starts_with("/api/v1") {
                Body::Json(json!({"kind": "lesson", "title": "Kestrel corrected"}))
            } else {
                form(&[("kind", "lesson".into()), ("title", "Kestrel corrected".into())])
            };
            let path = route.path.replace("{id}", &fx.their_gov_entry.to_string());
            vec![case(path, body, Expect::Refused)]
        }
        // The assurance calendar: the list holds A's and the organisation's duties only (H by
        // the filter is refused); H's duties do not exist for naming someone; the user's own
        // feed is theirs to make and revoke; a feed address that is not live does not exist.
        (Method::GET, "/calendar") | (Method::GET, "/api/v1/calendar") => vec![
            clean(route.path.clone()),
            clean(format!("{}?service={}", route.path, fx.h)),
        ],
        (Method::POST, "/calendar/duties/{key}/responsible") => vec![case(
            format!("/calendar/duties/pack-check-{}/responsible", fx.h),
            form(&[("user_id", String::new())]),
            Expect::Refused,
        )],
        (Method::PUT, "/api/v1/calendar/duties/{key}/responsible") => vec![case(
            format!("/api/v1/calendar/duties/pack-check-{}/responsible", fx.h),
            Body::Json(json!({"user_id": null})),
            Expect::Refused,
        )],
        (Method::POST, "/calendar/feed") | (Method::POST, "/calendar/feed/revoke") => {
            vec![case(route.path.clone(), form(&[]), Expect::Clean)]
        }
        (Method::POST, "/api/v1/calendar/feed") | (Method::DELETE, "/api/v1/calendar/feed") => {
            vec![clean(route.path.clone())]
        }
        (Method::GET, "/calendar/feed/{file}") => vec![refused(format!("/calendar/feed/{}.ics", "0".repeat(64)))],
        (Method::POST, "/api/v1/disruptions/{id}/families/{contact}/calls") => vec![case(
            api(shared, &format!("/families/{}/calls", fx.their_contact)),
            Body::Json(json!({"outcome": "spoke"})),
            Expect::Refused,
        )],
        _ => return register(fx, route),
    };
    Some(cases)
}
