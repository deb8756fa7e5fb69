-- Lantern's first schema. Timestamps are RFC 3339 UTC text (sortable); flags are 0/1 integers;
-- lists are JSON text. The register tables follow lantern-core's entity specs; a store test
-- checks every spec field has its column.

CREATE TABLE organisation (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    services TEXT,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);

-- Who viewed, printed, exported or changed what (PRODUCT.md: every view, print and export of
-- personal data is written to an audit log).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT,
    record_id BIGINT,
    service_id BIGINT,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_record ON audit_log (entity, record_id);

-- Every version of every register record, so that what a pack or a reconciliation was built
-- from can be known later, and what changed since.
CREATE TABLE record_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entity TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    service_id BIGINT,
    data TEXT NOT NULL,
    UNIQUE (entity, record_id, version)
);
CREATE INDEX record_history_service ON record_history (service_id, at);

CREATE TABLE services (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    external_id TEXT,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    scope_service_id BIGINT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    "name" TEXT,
    "service_type" TEXT,
    "cqc_location_id" TEXT,
    "address" TEXT,
    "postcode" TEXT,
    "phone" TEXT,
    "manager_name" TEXT,
    "manager_phone" TEXT,
    "on_call_phone" TEXT,
    "out_of_hours_phone" TEXT,
    "local_authority" TEXT,
    "safeguarding_phone" TEXT,
    "units" TEXT
);
CREATE UNIQUE INDEX services_external_id ON services (external_id);
CREATE INDEX services_scope ON services (scope_service_id);

CREATE TABLE practices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    external_id TEXT,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    scope_service_id BIGINT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    "practice_type" TEXT,
    "name" TEXT,
    "ods_code" TEXT,
    "phone" TEXT,
    "out_of_hours_phone" TEXT,
    "email" TEXT,
    "address" TEXT
);
CREATE UNIQUE INDEX practices_external_id ON practices (external_id);
CREATE INDEX practices_scope ON practices (scope_service_id);

CREATE TABLE suppliers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    external_id TEXT,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    scope_service_id BIGINT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    "name" TEXT,
    "support_phone" TEXT,
    "support_email" TEXT,
    "support_hours" TEXT,
    "sla" TEXT,
    "account_ref" TEXT,
    "dspt_status" TEXT,
    "notes" TEXT
);
CREATE UNIQUE INDEX suppliers_external_id ON suppliers (external_id);
CREATE INDEX suppliers_scope ON suppliers (scope_service_id);

CREATE TABLE staff (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    external_id TEXT,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    scope_service_id BIGINT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    "full_name" TEXT,
    "role" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "services" TEXT
);
CREATE UNIQUE INDEX staff_external_id ON staff (external_id);
CREATE INDEX staff_scope ON staff (scope_service_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    external_id TEXT,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    scope_service_id BIGINT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    "service_id" BIGINT REFERENCES services(id),
    "full_name" TEXT,
    "preferred_name" TEXT,
    "date_of_birth" TEXT,
    "nhs_number" TEXT,
    "risk_tier" TEXT,
    "unit" TEXT,
    "address" TEXT,
    "access_notes" TEXT,
    "communication" TEXT,
    "allergies" TEXT,
    "key_risks" TEXT,
    "support_summary" TEXT,
    "distress_guidance" TEXT,
    "gp_id" BIGINT REFERENCES practices(id),
    "pharmacy_id" BIGINT REFERENCES practices(id)
);
CREATE UNIQUE INDEX people_external_id ON people (external_id);
CREATE INDEX people_scope ON people (scope_service_id);
CREATE INDEX people_service_id ON people (service_id);
CREATE INDEX people_gp_id ON people (gp_id);
CREATE INDEX people_pharmacy_id ON people (pharmacy_id);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    external_id TEXT,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    scope_service_id BIGINT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    "person_id" BIGINT REFERENCES people(id),
    "rank" BIGINT,
    "name" TEXT,
    "relationship" TEXT,
    "phone" TEXT,
    "alt_phone" TEXT,
    "email" TEXT,
    "proactive" BIGINT NOT NULL DEFAULT 0,
    "notes" TEXT
);
CREATE UNIQUE INDEX contacts_external_id ON contacts (external_id);
CREATE INDEX contacts_scope ON contacts (scope_service_id);
CREATE INDEX contacts_person_id ON contacts (person_id);

CREATE TABLE medicines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    external_id TEXT,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    scope_service_id BIGINT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    "person_id" BIGINT REFERENCES people(id),
    "name" TEXT,
    "strength" TEXT,
    "dose" TEXT,
    "route" TEXT,
    "times" TEXT,
    "interval_hours" BIGINT,
    "time_critical" BIGINT NOT NULL DEFAULT 0,
    "window_early_minutes" BIGINT,
    "window_late_minutes" BIGINT,
    "prn" BIGINT NOT NULL DEFAULT 0,
    "prn_indication" TEXT,
    "prn_min_interval_minutes" BIGINT,
    "prn_max_doses_24h" BIGINT,
    "controlled_drug" BIGINT NOT NULL DEFAULT 0,
    "start_date" TEXT,
    "end_date" TEXT,
    "instructions" TEXT
);
CREATE UNIQUE INDEX medicines_external_id ON medicines (external_id);
CREATE INDEX medicines_scope ON medicines (scope_service_id);
CREATE INDEX medicines_person_id ON medicines (person_id);

CREATE TABLE visits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    external_id TEXT,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    scope_service_id BIGINT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    "service_id" BIGINT REFERENCES services(id),
    "person_id" BIGINT REFERENCES people(id),
    "date" TEXT,
    "start" TEXT,
    "duration_minutes" BIGINT,
    "carers" TEXT,
    "tasks" TEXT,
    "two_carer" BIGINT NOT NULL DEFAULT 0,
    "priority" BIGINT NOT NULL DEFAULT 0,
    "notes" TEXT
);
CREATE UNIQUE INDEX visits_external_id ON visits (external_id);
CREATE INDEX visits_scope ON visits (scope_service_id);
CREATE INDEX visits_service_id ON visits (service_id);
CREATE INDEX visits_person_id ON visits (person_id);

CREATE TABLE shifts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    external_id TEXT,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    scope_service_id BIGINT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    "service_id" BIGINT REFERENCES services(id),
    "staff_id" BIGINT REFERENCES staff(id),
    "date" TEXT,
    "start" TEXT,
    "finish" TEXT,
    "unit" TEXT,
    "notes" TEXT
);
CREATE UNIQUE INDEX shifts_external_id ON shifts (external_id);
CREATE INDEX shifts_scope ON shifts (scope_service_id);
CREATE INDEX shifts_service_id ON shifts (service_id);
CREATE INDEX shifts_staff_id ON shifts (staff_id);

CREATE TABLE systems (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    external_id TEXT,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    scope_service_id BIGINT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    "name" TEXT,
    "category" TEXT,
    "supplier_id" BIGINT REFERENCES suppliers(id),
    "care_functions" TEXT,
    "impact_1h" TEXT,
    "impact_4h" TEXT,
    "impact_24h" TEXT,
    "mtpd_hours" BIGINT,
    "rto_hours" BIGINT,
    "rpo_hours" BIGINT,
    "paper_alternative" TEXT,
    "paper_location" TEXT,
    "services" TEXT
);
CREATE UNIQUE INDEX systems_external_id ON systems (external_id);
CREATE INDEX systems_scope ON systems (scope_service_id);
CREATE INDEX systems_supplier_id ON systems (supplier_id);

CREATE TABLE devices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    version BIGINT NOT NULL,
    external_id TEXT,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    scope_service_id BIGINT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    "asset_tag" TEXT,
    "device_type" TEXT,
    "service_id" BIGINT REFERENCES services(id),
    "unit" TEXT,
    "status" TEXT,
    "model" TEXT,
    "purchase_date" TEXT,
    "os" TEXT,
    "os_supported" BIGINT NOT NULL DEFAULT 0,
    "battery_health" BIGINT,
    "last_test_date" TEXT,
    "last_test_result" TEXT,
    "replacement_due" TEXT,
    "notes" TEXT
);
CREATE UNIQUE INDEX devices_external_id ON devices (external_id);
CREATE INDEX devices_scope ON devices (scope_service_id);
CREATE INDEX devices_service_id ON devices (service_id);

CREATE INDEX visits_day ON visits ("date", "start");
CREATE INDEX shifts_day ON shifts ("date", "start");
