-- Disruptions (PRODUCT.md, "Respond"): never deleted, only closed. Their timeline, visit
-- statuses and family calls are append-only: triggers refuse any change, whatever the route.

CREATE TABLE disruptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    scenario TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    coordinator TEXT NOT NULL,
    started_at TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    declared_by TEXT NOT NULL,
    declared_by_user BIGINT,
    restored_at TEXT,
    closed_at TEXT,
    closed_by TEXT,
    closing_note TEXT,
    cqc_notified_at TEXT,
    cqc_notified_by TEXT,
    cqc_reference TEXT
);

CREATE TABLE disruption_systems (
    disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
    system_id BIGINT NOT NULL REFERENCES systems(id),
    PRIMARY KEY (disruption_id, system_id)
);

CREATE TABLE disruption_services (
    disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
    service_id BIGINT NOT NULL REFERENCES services(id),
    PRIMARY KEY (disruption_id, service_id)
);
CREATE INDEX disruption_services_service ON disruption_services (service_id);

CREATE TABLE disruption_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    done_at TEXT,
    done_by TEXT,
    done_by_user BIGINT
);
CREATE INDEX disruption_steps_disruption ON disruption_steps (disruption_id, position);

CREATE TABLE timeline_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
    at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    author TEXT NOT NULL,
    user_id BIGINT,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    corrects BIGINT REFERENCES timeline_entries(id)
);
CREATE INDEX timeline_entries_disruption ON timeline_entries (disruption_id, at);

CREATE TABLE visit_statuses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
    visit_id BIGINT NOT NULL REFERENCES visits(id),
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    by_name TEXT NOT NULL,
    user_id BIGINT,
    note TEXT NOT NULL
);
CREATE INDEX visit_statuses_disruption ON visit_statuses (disruption_id, visit_id);

CREATE TABLE family_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    outcome TEXT NOT NULL,
    note TEXT NOT NULL,
    at TEXT NOT NULL,
    by_name TEXT NOT NULL,
    user_id BIGINT
);
CREATE INDEX family_calls_disruption ON family_calls (disruption_id, contact_id);

CREATE TABLE scenario_plans (
    scenario TEXT PRIMARY KEY,
    steps TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TRIGGER disruptions_never_deleted BEFORE DELETE ON disruptions
BEGIN SELECT RAISE(ABORT, 'a disruption is never deleted, only closed'); END;
CREATE TRIGGER timeline_entries_unchanged BEFORE UPDATE ON timeline_entries
BEGIN SELECT RAISE(ABORT, 'timeline entries cannot be changed: add a correction'); END;
CREATE TRIGGER timeline_entries_kept BEFORE DELETE ON timeline_entries
BEGIN SELECT RAISE(ABORT, 'timeline entries cannot be deleted'); END;
CREATE TRIGGER visit_statuses_unchanged BEFORE UPDATE ON visit_statuses
BEGIN SELECT RAISE(ABORT, 'visit statuses are a log: add a new status'); END;
CREATE TRIGGER visit_statuses_kept BEFORE DELETE ON visit_statuses
BEGIN SELECT RAISE(ABORT, 'visit statuses cannot be deleted'); END;
CREATE TRIGGER family_calls_unchanged BEFORE UPDATE ON family_calls
BEGIN SELECT RAISE(ABORT, 'family calls are a log: record a new call'); END;
CREATE TRIGGER family_calls_kept BEFORE DELETE ON family_calls
BEGIN SELECT RAISE(ABORT, 'family calls cannot be deleted'); END;
