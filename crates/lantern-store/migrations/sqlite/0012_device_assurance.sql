-- Device assurance (issue [10], the seed's third story). A unit's device policy is a register
-- entity (versions in record_history, removed rather than deleted). Tests and battery checks,
-- and the times a device was out of use, are a log kept per device: written once by the
-- operation that records them (which also updates the device's register entry), never edited.
CREATE TABLE device_policies (
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
    "service_id" BIGINT REFERENCES services(id),
    "unit" TEXT,
    "device_type" TEXT,
    "in_use_needed" BIGINT,
    "spares_needed" BIGINT,
    "staff_per_device" BIGINT,
    "notes" TEXT
);
CREATE UNIQUE INDEX device_policies_external_id ON device_policies (external_id);
CREATE INDEX device_policies_scope ON device_policies (scope_service_id);
CREATE INDEX device_policies_service_id ON device_policies (service_id);

CREATE TABLE device_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id BIGINT NOT NULL REFERENCES devices(id),
    checked_on TEXT NOT NULL,
    check_type TEXT NOT NULL,
    result TEXT NOT NULL,
    battery_health BIGINT,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX device_checks_device ON device_checks (device_id, checked_on);

-- From the fault until the device is back in use; back_at NULL while it is still out of use.
CREATE TABLE device_out_of_use (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id BIGINT NOT NULL REFERENCES devices(id),
    from_at TEXT NOT NULL,
    fault TEXT NOT NULL,
    disruption_id BIGINT REFERENCES disruptions(id),
    reported_by TEXT NOT NULL,
    back_at TEXT,
    repair TEXT,
    back_by TEXT
);
CREATE INDEX device_out_of_use_device ON device_out_of_use (device_id, from_at);
