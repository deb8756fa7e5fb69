-- Training and supplier reviews (issue [10] items 3 and 6): courses with how long a completion
-- counts, who completed which and when, and periodic reviews of each supplier. Register
-- entities like the others (versions in record_history, ended rather than deleted), all
-- organisation-wide. Staff gain the day they started, from which coverage counts them.
ALTER TABLE staff ADD COLUMN "start_date" TEXT;
CREATE TABLE courses (
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
    "description" TEXT,
    "validity_months" BIGINT,
    "provider" TEXT,
    "roles" TEXT,
    "notes" TEXT
);
CREATE UNIQUE INDEX courses_external_id ON courses (external_id);
CREATE INDEX courses_scope ON courses (scope_service_id);
CREATE TABLE training_records (
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
    "staff_id" BIGINT REFERENCES staff(id),
    "course_id" BIGINT REFERENCES courses(id),
    "completed_on" TEXT,
    "provider" TEXT,
    "certificate_ref" TEXT,
    "notes" TEXT
);
CREATE UNIQUE INDEX training_records_external_id ON training_records (external_id);
CREATE INDEX training_records_scope ON training_records (scope_service_id);
CREATE INDEX training_records_staff_id ON training_records (staff_id);
CREATE INDEX training_records_course_id ON training_records (course_id);
CREATE TABLE supplier_reviews (
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
    "supplier_id" BIGINT REFERENCES suppliers(id),
    "review_date" TEXT,
    "reviewer" TEXT,
    "availability_percent" BIGINT,
    "response_minutes" BIGINT,
    "dspt_status" TEXT,
    "continuity_evidence" TEXT,
    "contract_ref" TEXT,
    "contract_end" TEXT,
    "support_line_checked" BIGINT NOT NULL DEFAULT 0,
    "next_review" TEXT,
    "notes" TEXT
);
CREATE UNIQUE INDEX supplier_reviews_external_id ON supplier_reviews (external_id);
CREATE INDEX supplier_reviews_scope ON supplier_reviews (scope_service_id);
CREATE INDEX supplier_reviews_supplier_id ON supplier_reviews (supplier_id);
