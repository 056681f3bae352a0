//! Clinic-wide settings, stored in the database file so every terminal agrees on them.

use chrono::NaiveTime;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Opening time; no slot starts before it (R1).
    #[serde(serialize_with = "clock")]
    pub opens: NaiveTime,
    /// Closing time; no slot ends after it (R1).
    #[serde(serialize_with = "clock")]
    pub closes: NaiveTime,
    /// Length of a declared slot when none is given.
    pub slot_minutes: u32,
    /// How long a hold reserves a slot (R6).
    pub hold_minutes: u32,
    /// The TUI locks after this many minutes without input.
    pub idle_lock_minutes: u32,
}

fn clock<S: serde::Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&super::time::fmt_clock(*t))
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            opens: NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"),
            closes: NaiveTime::from_hms_opt(21, 0, 0).expect("valid time"),
            slot_minutes: 30,
            hold_minutes: 15,
            idle_lock_minutes: 5,
        }
    }
}
