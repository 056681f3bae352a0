//! The use cases: each public method of [`Clinic`] is one thing a person does, checked against
//! the authorization table and the rules, and carried out in one store transaction.
//!
//! The TUI and the CLI call only this. It holds no state of its own besides the connection and
//! the clock, so several processes on one file agree by construction: the file is the truth.

mod appointments;
mod auth;
mod booking;
mod care_team;
mod doctors;
mod export;
mod fhir_export;
mod front_desk;
mod import;
mod maintenance;
mod messages;
mod outbox;
pub mod password;
mod patients;
mod reports;
mod slots;
mod time_off;
mod visit_types;
mod waitlist;
mod working_plans;

pub use auth::{NewLogin, Session, WRONG_LOGIN};
pub use booking::{BookRequest, Cancelled, OfferMade, SeriesBooked, SeriesRequest};
pub use care_team::Assignment;
pub use export::{CalendarOf, to_utc};
pub use fhir_export::{FhirCounts, FhirFormat};
pub use front_desk::{DayCounts, Swept};
pub use import::ImportOptions;
pub use maintenance::CheckReport;
pub use outbox::{OutboxCounts, SendReport};
pub use reports::{AvailableRow, DaySheetRow, LoadRow, UtilizationRow};
pub use slots::{CopySummary, SlotFilter};
pub use time_off::TimeOffAdded;
pub use waitlist::{Offer, WaitlistEntry, WaitlistTarget};
pub use working_plans::{HORIZON_MAX_DAYS, PlanView};

use crate::clock::{Clock, SystemClock};
use crate::domain::time::truncate_to_minute;
use crate::domain::{Actor, Settings};
use crate::error::Result;
pub use crate::store::{Create, OpenOptions};
use crate::store::{Store, audit};
use chrono::NaiveDateTime;
use rusqlite::Connection;
use std::path::Path;
use std::sync::Arc;

/// The clinic: one database file and a clock.
pub struct Clinic {
    store: Store,
    clock: Arc<dyn Clock>,
}

impl Clinic {
    /// Opens the clinic file at `path` with the system clock.
    pub fn open(path: &Path, options: OpenOptions) -> Result<Clinic> {
        Self::open_with_clock(path, options, Arc::new(SystemClock))
    }

    pub fn open_with_clock(
        path: &Path,
        options: OpenOptions,
        clock: Arc<dyn Clock>,
    ) -> Result<Clinic> {
        Ok(Clinic {
            store: Store::open(path, options)?,
            clock,
        })
    }

    /// A fresh, empty clinic in memory: the fixture for tests.
    pub fn in_memory(clock: Arc<dyn Clock>) -> Result<Clinic> {
        Ok(Clinic {
            store: Store::open_in_memory()?,
            clock,
        })
    }

    /// The current clinic-local time, to the second.
    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    /// The current time as schedules see it: to the minute.
    pub fn now_minute(&self) -> NaiveDateTime {
        truncate_to_minute(self.clock.now())
    }

    pub fn settings(&self) -> Result<Settings> {
        self.store.read(|tx| crate::store::settings::get(tx))
    }

    /// Changes when any process commits to the file; poll it to refresh a screen.
    pub fn data_version(&self) -> Result<i64> {
        self.store.data_version()
    }

    /// The path of the database file, if it is one.
    pub fn path(&self) -> Option<&Path> {
        self.store.path()
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }
}

/// Appends one audit event for `actor` inside the current transaction.
fn record(
    conn: &Connection,
    now: NaiveDateTime,
    actor: &Actor,
    action: &str,
    subject: impl Into<Option<String>>,
    detail: impl Into<Option<String>>,
) -> Result<()> {
    audit::append(
        conn,
        now,
        audit::Entry {
            account: actor.account(),
            username: None,
            action,
            subject: subject.into(),
            detail: detail.into(),
        },
    )
}
