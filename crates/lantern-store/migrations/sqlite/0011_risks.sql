-- The risk register of digital continuity (issue [10]): a register entity like the others
-- (versions in record_history, ended rather than deleted), scored likelihood x impact 1-5
-- before and after controls. A risk with no service is the whole organisation's.
CREATE TABLE risks (
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
    "service_id" BIGINT REFERENCES services(id),
    "cause" TEXT,
    "effect_on_care" TEXT,
    "inherent_likelihood" BIGINT,
    "inherent_impact" BIGINT,
    "controls" TEXT,
    "residual_likelihood" BIGINT,
    "residual_impact" BIGINT,
    "owner" TEXT,
    "review_date" TEXT,
    "status" TEXT,
    "systems" TEXT,
    "devices" TEXT,
    "suppliers" TEXT,
    "notes" TEXT
);
CREATE UNIQUE INDEX risks_external_id ON risks (external_id);
CREATE INDEX risks_scope ON risks (scope_service_id);
CREATE INDEX risks_service_id ON risks (service_id);
