-- Readiness per service (issue [11], point 5). A pack check now says whether the emergency-
-- contact sheet was checked against the care records (the seed's second story: it was three
-- months old). And each service's readiness is kept per day — the lights as last worked out
-- that day — so that readiness on a past date reads as it was then, not as today's records
-- would make it.
ALTER TABLE pack_checks ADD COLUMN contacts_verified BIGINT NOT NULL DEFAULT 0;

CREATE TABLE readiness_days (
    service_id BIGINT NOT NULL REFERENCES services(id),
    day TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    light TEXT NOT NULL,
    lamps TEXT NOT NULL,
    PRIMARY KEY (service_id, day)
);
