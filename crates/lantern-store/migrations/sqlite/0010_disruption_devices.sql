-- A device failure is the size of the problem: the devices that failed (from the register)
-- and the unit they serve. With a unit, the families list, the rounds and the clocks cover that
-- unit only. NULL: the whole of each affected service.
ALTER TABLE disruptions ADD COLUMN unit TEXT;

-- What was still open when the disruption was closed (steps, families, visits), as JSON, for
-- the downtime report: closing is allowed, but what it left is kept. NULL before this asked.
ALTER TABLE disruptions ADD COLUMN left_open TEXT;

CREATE TABLE disruption_devices (
    disruption_id BIGINT NOT NULL REFERENCES disruptions(id),
    device_id BIGINT NOT NULL REFERENCES devices(id),
    PRIMARY KEY (disruption_id, device_id)
);
