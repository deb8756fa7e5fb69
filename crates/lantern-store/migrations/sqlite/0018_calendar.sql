-- The assurance calendar (issue [11] item 4). The duties themselves and when each was last
-- done are read from the records (pack checks, drills, the governance log, supplier reviews,
-- device checks, training records), never stored; what is kept here is what people choose:
-- the person named responsible for a duty (its key, e.g. "pack-check-12"; none = the
-- default, the managers of its service or the administrators), and each user's private
-- calendar feed addresses — the token kept only as its SHA-256, like sessions and API
-- tokens; a revoked feed keeps its row, so the audit log's "created"/"revoked" lines name it.
CREATE TABLE calendar_responsible (
    duty_key TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL
);

CREATE TABLE calendar_feeds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX calendar_feeds_user ON calendar_feeds (user_id);
