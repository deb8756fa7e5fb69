//! The clock, injected: tests set the time instead of sleeping.

use jiff::Timestamp;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> Timestamp + Send + Sync>);

impl Clock {
    /// The real clock: the one place Lantern reads it.
    #[allow(clippy::disallowed_methods)]
    pub fn system() -> Self {
        Clock(Arc::new(Timestamp::now))
    }

    /// A clock that starts at `start` and runs on in real time: the demo replayed "as if it were
    /// 08:00" for training, and browser tests that need a fixed morning.
    #[allow(clippy::disallowed_methods)]
    pub fn starting_at(start: Timestamp) -> Self {
        let began = Timestamp::now();
        Clock(Arc::new(move || {
            let elapsed = Timestamp::now().duration_since(began);
            start.checked_add(elapsed).unwrap_or(start)
        }))
    }

    /// A clock that reads whatever was last set; for tests.
    pub fn manual(start: Timestamp) -> (Self, Arc<Mutex<Timestamp>>) {
        let cell = Arc::new(Mutex::new(start));
        let read = cell.clone();
        let clock = Clock(Arc::new(move || match read.lock() {
            Ok(t) => *t,
            Err(poisoned) => *poisoned.into_inner(),
        }));
        (clock, cell)
    }

    pub fn now(&self) -> Timestamp {
        (self.0)()
    }

    /// Today in Europe/London: what "today's visits" means to a coordinator.
    pub fn today(&self) -> jiff::civil::Date {
        self.now().to_zoned_datetime(lantern_core::schedule::london()).date()
    }
}
