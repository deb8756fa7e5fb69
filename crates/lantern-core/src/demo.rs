//! Deterministic demo organisation (see generate).
