//! Record ids as types, so that a person's id cannot be passed where a medicine's is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! record_id {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            pub const fn new(id: i64) -> Self {
                Self(id)
            }

            /// The number the store and the URLs use.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                Self(id)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )+};
}

record_id! {
    /// A person supported.
    PersonId;
    /// A medicine of a person supported.
    MedicineId;
    /// A home-care visit on the rota.
    VisitId;
    /// An emergency contact of a person supported.
    ContactId;
    /// A service: a location or a home-care branch.
    ServiceId;
    /// A digital system in the business impact analysis.
    SystemId;
    /// A GP practice or pharmacy.
    PracticeId;
    /// A staff member.
    StaffId;
    /// A supplier of a system.
    SupplierId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_show_and_serialise_as_their_number() {
        let id = PersonId::new(42);
        assert_eq!(id.to_string(), "42");
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<PersonId>("42").unwrap(), id);
        assert_eq!(i64::from(MedicineId::from(7)), 7);
        assert!(VisitId::new(1) < VisitId::new(2));
    }
}
