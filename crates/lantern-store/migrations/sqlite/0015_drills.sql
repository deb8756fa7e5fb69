-- Drills and exercises (issue [10] items 4-5): the drill brief of each scenario (briefs;
-- the six are seeded when an organisation is created), the drills held from them with the
-- outage what-if they were run with, and the actions they raised. Register entities like the
-- others: versions in record_history, ended rather than deleted. A drill or action with no
-- service is the whole organisation's.
CREATE TABLE briefs (
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
    "scenario" TEXT,
    "description" TEXT,
    "injects" TEXT,
    "systems" TEXT,
    "hours" BIGINT,
    "notes" TEXT
);
CREATE UNIQUE INDEX briefs_external_id ON briefs (external_id);
CREATE INDEX briefs_scope ON briefs (scope_service_id);
CREATE TABLE drills (
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
    "scenario_id" BIGINT REFERENCES briefs(id),
    "drill_type" TEXT,
    "status" TEXT,
    "date" TEXT,
    "service_id" BIGINT REFERENCES services(id),
    "facilitator_id" BIGINT REFERENCES staff(id),
    "participants" TEXT,
    "injects_used" TEXT,
    "findings" TEXT,
    "whatif_systems" TEXT,
    "whatif_date" TEXT,
    "whatif_time" TEXT,
    "whatif_hours" BIGINT
);
CREATE UNIQUE INDEX drills_external_id ON drills (external_id);
CREATE INDEX drills_scope ON drills (scope_service_id);
CREATE INDEX drills_service_id ON drills (service_id);
CREATE INDEX drills_scenario_id ON drills (scenario_id);
CREATE TABLE actions (
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
    "owner_id" BIGINT REFERENCES staff(id),
    "due_date" TEXT,
    "status" TEXT,
    "drill_id" BIGINT REFERENCES drills(id),
    "notes" TEXT
);
CREATE UNIQUE INDEX actions_external_id ON actions (external_id);
CREATE INDEX actions_scope ON actions (scope_service_id);
CREATE INDEX actions_service_id ON actions (service_id);
CREATE INDEX actions_drill_id ON actions (drill_id);
