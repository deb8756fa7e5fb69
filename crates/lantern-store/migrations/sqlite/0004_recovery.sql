-- Recover (PRODUCT.md): the paper records entered after a disruption, which sheets were entered
-- and by whom, how each reconciliation finding was resolved, and the manager's sign-off.
-- Re-entering a sheet supersedes its earlier records; nothing entered is ever deleted.

CREATE TABLE entered_sheets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
    sheet TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    day TEXT NOT NULL,
    notes TEXT NOT NULL,
    records BIGINT NOT NULL,
    entered_at TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    user_id BIGINT
);
CREATE INDEX entered_sheets_disruption ON entered_sheets (disruption_id, sheet, subject_id, day);

CREATE TABLE dose_records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
    sheet_id BIGINT NOT NULL REFERENCES entered_sheets(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    medicine_id BIGINT REFERENCES medicines(id),
    due_at TEXT,
    outcome TEXT NOT NULL,
    given_at TEXT,
    initials TEXT NOT NULL,
    note TEXT NOT NULL,
    superseded_at TEXT
);
CREATE INDEX dose_records_disruption ON dose_records (disruption_id, person_id);

CREATE TABLE visit_records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
    sheet_id BIGINT NOT NULL REFERENCES entered_sheets(id),
    visit_id BIGINT NOT NULL REFERENCES visits(id),
    outcome TEXT NOT NULL,
    arrived_at TEXT,
    departed_at TEXT,
    note TEXT NOT NULL,
    superseded_at TEXT
);
CREATE INDEX visit_records_disruption ON visit_records (disruption_id, visit_id);

CREATE TABLE finding_resolutions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
    finding_key TEXT NOT NULL,
    action TEXT NOT NULL,
    note TEXT NOT NULL,
    resolved_at TEXT NOT NULL,
    resolved_by TEXT NOT NULL,
    user_id BIGINT
);
CREATE INDEX finding_resolutions_disruption ON finding_resolutions (disruption_id, finding_key);

CREATE TABLE reconciliation_signoffs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
    signed_at TEXT NOT NULL,
    signed_by TEXT NOT NULL,
    user_id BIGINT,
    note TEXT NOT NULL,
    finding_keys TEXT NOT NULL
);

CREATE TRIGGER entered_sheets_kept BEFORE DELETE ON entered_sheets
BEGIN SELECT RAISE(ABORT, 'entered sheets are never deleted'); END;
CREATE TRIGGER dose_records_kept BEFORE DELETE ON dose_records
BEGIN SELECT RAISE(ABORT, 'dose records are never deleted: enter the sheet again'); END;
CREATE TRIGGER visit_records_kept BEFORE DELETE ON visit_records
BEGIN SELECT RAISE(ABORT, 'visit records are never deleted: enter the sheet again'); END;
CREATE TRIGGER finding_resolutions_kept BEFORE DELETE ON finding_resolutions
BEGIN SELECT RAISE(ABORT, 'resolutions are never deleted'); END;
CREATE TRIGGER reconciliation_signoffs_kept BEFORE DELETE ON reconciliation_signoffs
BEGIN SELECT RAISE(ABORT, 'sign-offs are never deleted'); END;
