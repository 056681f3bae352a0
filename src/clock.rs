//! "Now", injected: the system's local clock in production, a settable one in tests.

use chrono::{Duration, NaiveDateTime};
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    /// The clinic-local wall-clock time.
    fn now(&self) -> NaiveDateTime;
}

/// The machine's local time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> NaiveDateTime {
        chrono::Local::now().naive_local()
    }
}

/// A clock that only moves when told to.
#[derive(Debug)]
pub struct FixedClock(Mutex<NaiveDateTime>);

impl FixedClock {
    pub fn new(at: NaiveDateTime) -> Self {
        FixedClock(Mutex::new(at))
    }
    pub fn set(&self, at: NaiveDateTime) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> NaiveDateTime {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
