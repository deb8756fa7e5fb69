-- The governance log (issue [11], point 3): dated, attributed entries — lessons learned,
-- decisions, reviews of the continuity plan, sign-offs, notes — each optionally about one
-- record (about_kind + about_id: a disruption, a drill, or any register record by its entity
-- slug). Append-only: a correction is a new entry naming the one it corrects (corrects_id);
-- triggers refuse any change or deletion, whatever the route. service_id null = the whole
-- organisation.
CREATE TABLE governance_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    service_id BIGINT REFERENCES services(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    about_kind TEXT,
    about_id BIGINT,
    corrects_id BIGINT REFERENCES governance_log(id),
    author TEXT NOT NULL,
    author_user_id BIGINT
);
CREATE INDEX governance_log_occurred ON governance_log (occurred_on, id);
CREATE INDEX governance_log_corrects ON governance_log (corrects_id);

CREATE TRIGGER governance_log_unchanged BEFORE UPDATE ON governance_log
BEGIN SELECT RAISE(ABORT, 'governance log entries cannot be changed: add a correction'); END;
CREATE TRIGGER governance_log_kept BEFORE DELETE ON governance_log
BEGIN SELECT RAISE(ABORT, 'governance log entries cannot be deleted'); END;
