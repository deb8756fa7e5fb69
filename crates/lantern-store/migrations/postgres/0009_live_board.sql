-- What a coordinator learns by phone beyond the status itself: the time a late carer now
-- expects to arrive (RFC 3339 UTC; NULL when none was given, and for statuses set before this
-- column), and why a visit was missed (empty otherwise). The log stays append-only.
ALTER TABLE visit_statuses ADD COLUMN expected_at TEXT;
ALTER TABLE visit_statuses ADD COLUMN reason TEXT NOT NULL DEFAULT '';

-- A person's own phone number (home or mobile): an overdue visit's card offers it to ring.
ALTER TABLE people ADD COLUMN "phone" TEXT;
