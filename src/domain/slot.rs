//! Slots: the pieces of a doctor's time that can be booked, and rule R1.

use super::ids::{DoctorId, PatientId, SlotId};
use super::settings::Settings;
use super::time::{fmt_clock, minute_of_day, minute_serde};
use crate::error::{Error, Result};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::Serialize;

pub const MIN_SLOT_MINUTES: u32 = 15;
pub const MAX_SLOT_MINUTES: u32 = 120;
/// Slots start on this grid (R1).
pub const GRID_MINUTES: u32 = 5;

/// Whether a slot can be booked right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotState {
    Free,
    /// Reserved for one patient until the hold expires (R6).
    Held,
    /// Carries an active appointment (R2).
    Booked,
}

impl SlotState {
    pub fn as_str(self) -> &'static str {
        match self {
            SlotState::Free => "free",
            SlotState::Held => "held",
            SlotState::Booked => "booked",
        }
    }
}

/// A slot as lists show it (SPEC §7 "slot" object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub id: SlotId,
    pub doctor_id: DoctorId,
    pub doctor_name: String,
    pub specialty: String,
    #[serde(with = "minute_serde")]
    pub start: NaiveDateTime,
    #[serde(with = "minute_serde")]
    pub end: NaiveDateTime,
    pub duration: u32,
    pub state: SlotState,
    pub fee: u32,
    /// Who holds or booked it. The outer `None` means the caller may not see it and the field
    /// is left out of JSON; `Some(None)` is a free slot seen by someone allowed to look.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient_id: Option<Option<PatientId>>,
    /// The patient's name, only where `patient_id` is visible.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient_name: Option<String>,
}

/// How slot lists are ordered (SPEC §7 `--sort`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SlotSort {
    #[default]
    Time,
    Doctor,
    Specialty,
    Fee,
}

/// One slot to create: start and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotPlan {
    pub start: NaiveDateTime,
    pub minutes: u32,
}

impl SlotPlan {
    pub fn end(&self) -> NaiveDateTime {
        self.start + Duration::minutes(i64::from(self.minutes))
    }
}

/// R1 + R5: the consecutive slots of `length` minutes from `from` up to `to` on `date`.
///
/// Refuses the whole declaration (nothing is half-declared) when a slot would lie outside
/// opening hours, off the 5-minute grid, have a bad length, or start in the past.
pub fn plan_slots(
    settings: &Settings,
    date: NaiveDate,
    from: NaiveTime,
    to: NaiveTime,
    length: u32,
    now: NaiveDateTime,
) -> Result<Vec<SlotPlan>> {
    check_length(length)?;
    if from.second() != 0 || minute_of_day(from) % GRID_MINUTES != 0 {
        return Err(Error::invalid(format!(
            "slots start on the {GRID_MINUTES}-minute grid; {} is not on it",
            fmt_clock(from)
        )));
    }
    if from >= to {
        return Err(Error::invalid(format!(
            "the range {}–{} is empty",
            fmt_clock(from),
            fmt_clock(to)
        )));
    }
    if from < settings.opens || to > settings.closes {
        return Err(Error::invalid(format!(
            "{}–{} is outside opening hours {}–{}",
            fmt_clock(from),
            fmt_clock(to),
            fmt_clock(settings.opens),
            fmt_clock(settings.closes)
        )));
    }
    let span = minute_of_day(to) - minute_of_day(from);
    if span < length {
        return Err(Error::invalid(format!(
            "{}–{} is shorter than one {length}-minute slot",
            fmt_clock(from),
            fmt_clock(to)
        )));
    }
    let first = date.and_time(from);
    if first <= now {
        return Err(Error::invalid(format!(
            "{} is in the past",
            super::time::human_when(first)
        )));
    }
    Ok((0..span / length)
        .map(|i| SlotPlan {
            start: first + Duration::minutes(i64::from(i * length)),
            minutes: length,
        })
        .collect())
}

/// R1: 15–120 minutes, a whole number of grid steps.
pub fn check_length(length: u32) -> Result<()> {
    if !(MIN_SLOT_MINUTES..=MAX_SLOT_MINUTES).contains(&length) || length % GRID_MINUTES != 0 {
        return Err(Error::invalid(format!(
            "a slot is {MIN_SLOT_MINUTES} to {MAX_SLOT_MINUTES} minutes in steps of {GRID_MINUTES}; {length} is not"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn d() -> NaiveDate {
        NaiveDate::from_ymd_opt(2030, 1, 7).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }
    fn long_ago() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2020, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    }

    #[test]
    fn r1_default_day_gives_24_half_hour_slots() {
        let s = Settings::default();
        let plan = plan_slots(&s, d(), s.opens, s.closes, 30, long_ago()).unwrap();
        assert_eq!(plan.len(), 24);
        assert_eq!(plan[0].start, d().and_time(t(9, 0)));
        assert_eq!(plan[23].end(), d().and_time(t(21, 0)));
    }

    #[test]
    fn r1_slots_lie_inside_opening_hours() {
        let s = Settings::default();
        let e = plan_slots(&s, d(), t(8, 30), t(10, 0), 30, long_ago()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Invalid);
        let e = plan_slots(&s, d(), t(20, 0), t(21, 30), 30, long_ago()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Invalid);
    }

    #[test]
    fn r1_length_is_15_to_120_minutes() {
        let s = Settings::default();
        for bad in [0, 10, 14, 121, 17] {
            assert!(
                plan_slots(&s, d(), t(9, 0), t(13, 0), bad, long_ago()).is_err(),
                "{bad}"
            );
        }
        assert_eq!(
            plan_slots(&s, d(), t(9, 0), t(13, 0), 120, long_ago())
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            plan_slots(&s, d(), t(9, 0), t(9, 15), 15, long_ago())
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn r1_slots_start_on_the_five_minute_grid() {
        let s = Settings::default();
        let e = plan_slots(&s, d(), t(9, 7), t(10, 0), 30, long_ago()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Invalid);
        assert!(plan_slots(&s, d(), t(9, 5), t(10, 0), 15, long_ago()).is_ok());
    }

    #[test]
    fn r5_no_declaration_in_the_past() {
        let s = Settings::default();
        let now = d().and_time(t(9, 0));
        let e = plan_slots(&s, d(), t(9, 0), t(10, 0), 30, now).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Invalid);
        assert!(plan_slots(&s, d(), t(9, 30), t(10, 0), 30, now).is_ok());
    }
}
