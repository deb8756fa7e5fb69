//! The organisation's assurance policies, kept in the organisation's settings (JSON, one section
//! each) and read with their defaults when a provider has not set its own.

use serde::{Deserialize, Serialize};

/// Training coverage is measured against a threshold: the DSPT's 3.2.1 asks for 95% of staff
/// trained in the last 12 months, but the toolkit's versions differ, so both are settable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrainingPolicy {
    /// Percentage of staff who must hold a current record, 1–100.
    pub threshold_percent: u8,
    /// A record counts for this many months unless its course sets a shorter validity.
    pub window_months: u8,
}

impl Default for TrainingPolicy {
    fn default() -> Self {
        TrainingPolicy {
            threshold_percent: 95,
            window_months: 12,
        }
    }
}

/// How long each type of device is kept before it is replaced, in months (the replacement date
/// is the purchase date plus this): the organisation's own replacement cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeviceCycles {
    pub tablet: u16,
    pub phone: u16,
    pub laptop: u16,
    pub desktop: u16,
    pub router: u16,
    pub printer: u16,
    pub other: u16,
}

impl Default for DeviceCycles {
    fn default() -> Self {
        DeviceCycles {
            tablet: 36,
            phone: 36,
            laptop: 48,
            desktop: 60,
            router: 60,
            printer: 60,
            other: 48,
        }
    }
}

impl DeviceCycles {
    /// Months for a device type as stored in the register ("tablet", "phone"…).
    pub fn months(&self, device_type: &str) -> u16 {
        match device_type {
            "tablet" => self.tablet,
            "phone" => self.phone,
            "laptop" => self.laptop,
            "desktop" => self.desktop,
            "router" => self.router,
            "printer" => self.printer,
            _ => self.other,
        }
    }
}

/// Drills are due this many months after the last one for a service (default six, as [11]'s
/// assurance calendar expects).
pub const DRILL_INTERVAL_MONTHS: i8 = 6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_sections_and_keys_take_the_defaults() {
        let t: TrainingPolicy = serde_json::from_str(r#"{"threshold_percent": 90}"#).unwrap();
        assert_eq!((t.threshold_percent, t.window_months), (90, 12));
        let d: DeviceCycles = serde_json::from_str(r#"{"tablet": 24}"#).unwrap();
        assert_eq!(
            (d.months("tablet"), d.months("laptop"), d.months("kettle")),
            (24, 48, 48)
        );
        assert!(serde_json::from_str::<TrainingPolicy>(r#"{"threshold": 90}"#).is_err());
    }
}
