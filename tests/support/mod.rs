//! What the test crates share; each uses part of it.
//!
//! - [`cli`]: the real binary on a temporary database file;
//! - [`clinic`]: a library-level clinic, the template one or a blank one;
//! - [`demo`]: the demo clinic, its screens and the app on a test terminal;
//! - [`pty`]: the real binary in a pseudo-terminal;
//! - [`servers`]: real SMTP and HTTP servers on 127.0.0.1 for the messaging tests.
//!
//! Their clocks are frozen, at [`NOW`] unless a test says otherwise.
#![allow(dead_code)]

pub mod cli;
pub mod clinic;
pub mod demo;
pub mod pty;
pub mod servers;

use ::clinic::clock::FixedClock;
use ::clinic::{Error, ErrorKind};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::sync::Arc;

/// The frozen "now" of every test: Monday 2030-01-07 08:00, before opening.
pub const NOW: &str = "2030-01-07T08:00";
/// Today, the day of [`NOW`].
pub const TODAY: &str = "2030-01-07";
/// The day after [`NOW`].
pub const TOMORROW: &str = "2030-01-08";
/// The password of the accounts the fixtures create (the template's have their own).
pub const PASSWORD: &str = "secret-pass";

/// [`NOW`] as a date-time.
pub fn now() -> NaiveDateTime {
    at(NOW)
}

/// A clock frozen at [`NOW`].
pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(now()))
}

/// `"2030-01-07T09:30"` → a date-time. Panics on a typo: it is test input.
pub fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").expect("YYYY-MM-DDTHH:MM")
}

/// `"2030-01-07"` → a date.
pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("YYYY-MM-DD")
}

/// `"09:30"` → a time of day.
pub fn hm(text: &str) -> NaiveTime {
    NaiveTime::parse_from_str(text, "%H:%M").expect("HH:MM")
}

/// The error's kind, or a panic naming what unexpectedly succeeded.
pub fn kind_of<T: std::fmt::Debug>(r: Result<T, Error>) -> ErrorKind {
    match r {
        Ok(v) => panic!("expected an error, got Ok({v:?})"),
        Err(e) => e.kind(),
    }
}

/// Asserts `r` failed with `kind`, and returns the message for further checks.
#[track_caller]
pub fn expect_err<T: std::fmt::Debug>(r: Result<T, Error>, kind: ErrorKind) -> String {
    match r {
        Ok(v) => panic!("expected a {kind:?} error, got Ok({v:?})"),
        Err(e) => {
            assert_eq!(e.kind(), kind, "wrong error kind: {}", e.message());
            e.message().to_string()
        }
    }
}
