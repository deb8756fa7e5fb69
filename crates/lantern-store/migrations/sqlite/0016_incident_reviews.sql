-- The post-incident review of a closed disruption or of a held drill (issue [11]): what
-- happened, what went well, weaknesses and lessons, a draft until completed. One per
-- disruption or drill; each save is a new version (the audit log keeps who and when), and a
-- save from a stale version is refused so two reviewers never overwrite each other.
CREATE TABLE incident_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    disruption_id BIGINT UNIQUE REFERENCES disruptions(id),
    drill_id BIGINT UNIQUE REFERENCES drills(id),
    what_happened TEXT NOT NULL,
    went_well TEXT NOT NULL,
    weaknesses TEXT NOT NULL,
    lessons TEXT NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    completed_at TEXT,
    completed_by TEXT
);

-- An action says where it was raised (a review, a drill, a pack check, a device test, a
-- supplier review, a reconciliation finding, or by hand), the disruption whose review raised
-- it, and what shows it is done: "done" needs that evidence and the day it was done.
ALTER TABLE actions ADD COLUMN "raised_from" TEXT;
ALTER TABLE actions ADD COLUMN "disruption_id" BIGINT REFERENCES disruptions(id);
ALTER TABLE actions ADD COLUMN "evidence" TEXT;
ALTER TABLE actions ADD COLUMN "done_on" TEXT;
CREATE INDEX actions_disruption_id ON actions (disruption_id);
