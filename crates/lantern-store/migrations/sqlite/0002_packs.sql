-- Downtime packs: every build kept with the exact document it printed, the record versions it
-- was built from, and the PDF itself; and the physical checks of the printed packs.

CREATE TABLE packs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id BIGINT NOT NULL REFERENCES services(id),
    version BIGINT NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    built_at TEXT NOT NULL,
    built_by TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    pages BIGINT NOT NULL,
    document TEXT NOT NULL,
    sources TEXT NOT NULL,
    pdf BLOB NOT NULL,
    UNIQUE (service_id, version)
);

CREATE TABLE pack_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id BIGINT NOT NULL REFERENCES services(id),
    pack_version BIGINT,
    checked_at TEXT NOT NULL,
    checked_by TEXT NOT NULL,
    user_id BIGINT,
    problems TEXT NOT NULL
);
CREATE INDEX pack_checks_service ON pack_checks (service_id, checked_at);
