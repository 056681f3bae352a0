//! The admin's reports (SPEC §3): top, busy, available, utilization, day sheet.

use super::Clinic;
use crate::domain::flow::waited;
use crate::domain::{Actor, Appointment, access};
use crate::error::{Error, Result};
use crate::store::appointments;
use crate::store::reports;
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

pub use crate::store::reports::{AvailableRow, LoadRow, UtilizationRow};

/// A day-sheet line: an appointment (with the patient's phone, when they arrived and when the
/// visit was done) and how long the patient waited (SPEC §12): from arrival until now while
/// they wait, until the visit was done once it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DaySheetRow {
    #[serde(flatten)]
    pub visit: Appointment,
    pub wait_minutes: Option<u32>,
}

impl std::ops::Deref for DaySheetRow {
    type Target = Appointment;

    fn deref(&self) -> &Appointment {
        &self.visit
    }
}

/// The longest range a utilization report covers.
pub const UTILIZATION_MAX_DAYS: i64 = 366;

impl Clinic {
    /// Every doctor with at least one active appointment on `day`, busiest first.
    pub fn report_top(&self, actor: &Actor, day: NaiveDate) -> Result<Vec<LoadRow>> {
        access::admin(actor)?;
        self.store.read(|tx| reports::load(tx, day, 0))
    }

    /// Doctors with at least `min_minutes` booked on `day` (the seeds' "six hours plus": 360).
    pub fn report_busy(
        &self,
        actor: &Actor,
        day: NaiveDate,
        min_minutes: u32,
    ) -> Result<Vec<LoadRow>> {
        access::admin(actor)?;
        self.store
            .read(|tx| reports::load(tx, day, min_minutes.max(1)))
    }

    /// Doctors who can still take a booking on `day`, with their free slots.
    pub fn report_available(&self, actor: &Actor, day: NaiveDate) -> Result<Vec<AvailableRow>> {
        access::admin(actor)?;
        let now = self.now();
        self.store.read(|tx| reports::available(tx, day, now))
    }

    /// Declared vs booked time and visit outcomes per doctor over `[from, to]`.
    pub fn report_utilization(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UtilizationRow>> {
        access::admin(actor)?;
        if to < from {
            return Err(Error::invalid("the range ends before it starts"));
        }
        if (to - from).num_days() >= UTILIZATION_MAX_DAYS {
            return Err(Error::invalid(format!(
                "a utilization report covers at most {UTILIZATION_MAX_DAYS} days"
            )));
        }
        self.store.read(|tx| reports::utilization(tx, from, to))
    }

    /// Every active appointment of `day` (booked, checked in, completed or no-show), grouped
    /// by doctor then time, with the patient's phone, their arrival and their wait. Cancelled visits are left out: nobody
    /// comes for them, and their slot may carry a new booking at the same time.
    pub fn day_sheet(&self, actor: &Actor, day: NaiveDate) -> Result<Vec<DaySheetRow>> {
        access::admin(actor)?;
        let now = self.now();
        let rows = self.store.read(|tx| {
            appointments::active_by_doctor(
                tx,
                day.and_time(NaiveTime::MIN),
                crate::domain::time::next_day(day).and_time(NaiveTime::MIN),
            )
        })?;
        Ok(rows
            .into_iter()
            .map(|visit| DaySheetRow {
                wait_minutes: waited(&visit, now),
                visit,
            })
            .collect())
    }
}
