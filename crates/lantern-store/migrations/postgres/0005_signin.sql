-- Sign-in throttling that cannot lock a person out: failed sign-ins are counted per address,
-- per account at an address, per account and per trusted browser, with growing delays
-- (lantern-core/src/signin.rs). Rows from before this migration count under 'unknown'.
ALTER TABLE login_failures ADD COLUMN address TEXT NOT NULL DEFAULT 'unknown';
-- The hashed trusted-device token the attempt carried, when it was valid for the account.
ALTER TABLE login_failures ADD COLUMN device_hash TEXT;
CREATE INDEX login_failures_address ON login_failures (address, at);
CREATE INDEX login_failures_email_address ON login_failures (email, address, at);
CREATE INDEX login_failures_device ON login_failures (device_hash, at);
-- Rows older than a day are deleted by time.
CREATE INDEX login_failures_at ON login_failures (at);

-- Browsers that signed in as a user (OWASP "slow brute force protection with device
-- cookies"): the cookie's random token, stored hashed, one row per user it signed in as.
CREATE TABLE trusted_devices (
    token_hash TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (token_hash, user_id)
);
CREATE INDEX trusted_devices_expiry ON trusted_devices (expires_at);
