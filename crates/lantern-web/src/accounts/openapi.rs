//! The user-account endpoints in the OpenAPI document. Roles come from lantern-core, so the
//! document cannot offer one the server refuses.

use super::api_json::{PasswordReset, SignedOut, Unlocked, UserAccount, UserList};
use crate::api::openapi::responses;
use crate::api::schema::ok;
use lantern_core::account::MIN_PASSWORD_CHARS;
use lantern_core::user::Role;
use serde_json::{Map, Value, json};

fn body(properties: Value, required: &[&str]) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": {
        "type": "object", "additionalProperties": false, "properties": properties, "required": required}}}})
}

pub fn user_paths(out: &mut Map<String, Value>) {
    let tags = json!(["Users"]);
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    let services = json!({"oneOf": [
        {"type": "string", "enum": ["all"], "description": "every service, including services added later"},
        {"type": "array", "items": {"type": "integer"}, "minItems": 1, "description": "ids of the services they work in"}
    ], "description": "an administrator works across every service: \"all\""});
    let password = json!({"type": "string", "minLength": MIN_PASSWORD_CHARS,
        "description": "optional: without it Lantern makes a strong one and answers it once, in `password`"});
    let who = "Only a token of an administrator of every service may use these (others: 403). Every change is in the audit log, never a password.";
    let id = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    let write = |code: &str, answer: Value| {
        responses(
            (code, answer),
            &[
                ("400", "malformed JSON"),
                ("404", "no such user"),
                (
                    "409",
                    "your own sign-ins and tokens, through the API (do it from your account's page)",
                ),
                (
                    "422",
                    "invalid fields, named in `fields`; `role` when the change would take away your own administrator role or the organisation's last administrator",
                ),
            ],
        )
    };
    out.insert("/api/v1/users".into(), json!({
        "get": {"summary": "List user accounts with their role, services, sign-ins and recent failed sign-ins", "description": who,
                "tags": tags, "responses": responses(("200", ok::<UserList>("the accounts")), &[])},
        "post": {"summary": "Add a user", "description": who, "tags": tags,
                 "requestBody": body(json!({"email": {"type": "string", "format": "email"}, "name": {"type": "string"},
                     "role": {"type": "string", "enum": roles}, "services": services, "password": password}),
                     &["email", "name", "role", "services"]),
                 "responses": write("201", ok::<UserAccount>("the account, and `password` when Lantern made it"))},
    }));
    out.insert("/api/v1/users/{id}".into(), json!({"parameters": id,
        "get": {"summary": "A user account with its live sign-ins and API tokens (never the tokens themselves)", "description": who,
                "tags": tags, "responses": responses(("200", ok::<UserAccount>("the account")), &[("404", "no such user")])},
        "put": {"summary": "Change a user's name, role and services (not their email); nobody removes their own administrator role, and the last administrator stays one",
                "description": who, "tags": tags,
                "requestBody": body(json!({"name": {"type": "string"}, "role": {"type": "string", "enum": roles}, "services": services}),
                                    &["name", "role", "services"]),
                "responses": write("200", ok::<UserAccount>("the account"))},
    }));
    out.insert("/api/v1/users/{id}/password".into(), json!({"parameters": id,
        "post": {"summary": "Reset a user's password and sign them out everywhere", "description": who, "tags": tags,
                 "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object",
                     "additionalProperties": false, "properties": {"password": password}}}}},
                 "responses": write("200", ok::<PasswordReset>("`signed_out`: sign-ins ended; `password` when Lantern made it"))},
    }));
    out.insert("/api/v1/users/{id}/revoke".into(), json!({"parameters": id,
        "post": {"summary": "Sign a user out of every browser and revoke their API tokens (not your own through the API: 409)", "description": who,
                 "tags": tags, "responses": write("200", ok::<SignedOut>("`signed_out` and `tokens_revoked`: how many"))},
    }));
    out.insert(
        "/api/v1/users/{id}/unlock".into(),
        json!({"parameters": id,
            "post": {"summary": "Forget a user's failed sign-ins so that they can sign in at once", "description": who,
                     "tags": tags, "responses": write("200", ok::<Unlocked>("`failed_sign_ins_cleared`: how many"))},
        }),
    );
}
