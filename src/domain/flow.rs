//! The front desk's day (SPEC §12): where each visit stands as the day goes — still to come,
//! late, waiting since check-in (too long, past the clinic's alert), done — when a visit
//! nobody came to becomes a no-show by itself, and what a correction sets a status back to.
//!
//! Pure: "now" and the clinic's settings are passed in.

use super::appointment::{Appointment, Status};
use super::time::human_day;
use crate::error::{Error, Result};
use chrono::{Duration, NaiveDateTime};

/// How far back the automatic no-show looks: visits that started within the last day, so a
/// sweep from cron at any interval up to a day misses none, and history is left alone.
pub const SWEEP_WINDOW: Duration = Duration::hours(24);

/// Where a visit stands for the desk at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Booked, and its start is still ahead.
    Expected,
    /// Booked, its start has passed, and the patient has not arrived: by this many minutes.
    Late(u32),
    /// Checked in this many minutes ago; `alert` once that is past the clinic's wait alert.
    Waiting {
        minutes: u32,
        alert: bool,
    },
    Completed,
    NoShow,
    Cancelled,
}

/// Minutes from `from` to `to`, never below zero.
fn minutes(from: NaiveDateTime, to: NaiveDateTime) -> u32 {
    u32::try_from((to - from).num_minutes().max(0)).unwrap_or(u32::MAX)
}

/// Where `a` stands at `now`, with waits longer than `alert_after` minutes standing out.
pub fn standing(a: &Appointment, now: NaiveDateTime, alert_after: u32) -> Standing {
    match a.status {
        Status::Booked if now > a.start => Standing::Late(minutes(a.start, now)),
        Status::Booked => Standing::Expected,
        Status::CheckedIn => {
            let waited = a.checked_in_at.map_or(0, |at| minutes(at, now));
            Standing::Waiting {
                minutes: waited,
                alert: waited > alert_after,
            }
        }
        Status::Completed => Standing::Completed,
        Status::NoShow => Standing::NoShow,
        Status::Cancelled => Standing::Cancelled,
    }
}

/// How long the patient was in the clinic's hands: from check-in until now while they wait,
/// until the visit was done once it is. `None` for a patient who never arrived.
pub fn waited(a: &Appointment, now: NaiveDateTime) -> Option<u32> {
    let arrived = a.checked_in_at?;
    match a.status {
        Status::CheckedIn => Some(minutes(arrived, now)),
        Status::Completed => a.completed_at.map(|done| minutes(arrived, done)),
        _ => None,
    }
}

/// Whether a visit still booked, that started at `start`, is a no-show at `now` by the
/// clinic's `after` minutes (0: the automatic no-show is off). Exactly at the threshold it is.
pub fn no_show_due(start: NaiveDateTime, now: NaiveDateTime, after: u32) -> bool {
    after > 0 && start + Duration::minutes(i64::from(after)) <= now
}

/// A correction (R9's one exception): the status a visit that is `status` goes back to,
/// `arrived` telling whether it was ever checked in. Only on the visit's own day; a
/// cancellation is never undone (its slot may be booked again): book once more instead.
pub fn corrected(
    status: Status,
    arrived: bool,
    start: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Status> {
    let back = match status {
        Status::CheckedIn => Status::Booked,
        Status::Completed => Status::CheckedIn,
        Status::NoShow if arrived => Status::CheckedIn,
        Status::NoShow => Status::Booked,
        Status::Cancelled => {
            return Err(Error::conflict(
                "a cancellation is never undone: its slot may be booked again; book the visit once more instead",
            ));
        }
        Status::Booked => {
            return Err(Error::conflict(
                "there is nothing to undo: the visit is booked",
            ));
        }
    };
    if start.date() != now.date() {
        return Err(Error::conflict(format!(
            "a status is corrected on the visit's own day only ({})",
            human_day(start.date())
        )));
    }
    Ok(back)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2030, 1, 7)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn visit(status: Status, checked_in_at: Option<NaiveDateTime>) -> Appointment {
        Appointment {
            id: AppointmentId(1),
            slot_id: Some(SlotId(1)),
            doctor_id: DoctorId(1),
            doctor_name: "Dr. Lee".into(),
            specialty: "Cardiology".into(),
            patient_id: PatientId(1),
            patient_name: "Ann".into(),
            start: at(9, 0),
            end: at(9, 30),
            duration: 30,
            status,
            reason: None,
            reschedules: 0,
            patient_phone: None,
            patient_email: None,
            override_reason: None,
            cancel_reason: None,
            cancelled_at: None,
            cancelled_by: None,
            visit_type: None,
            series_id: None,
            checked_in_at,
            completed_at: None,
            booked_at: at(8, 0),
        }
    }

    #[test]
    fn a_booked_visit_is_late_once_its_start_has_passed() {
        let a = visit(Status::Booked, None);
        assert_eq!(standing(&a, at(8, 59), 20), Standing::Expected);
        assert_eq!(standing(&a, at(9, 0), 20), Standing::Expected);
        assert_eq!(standing(&a, at(9, 1), 20), Standing::Late(1));
        assert_eq!(standing(&a, at(9, 17), 20), Standing::Late(17));
    }

    #[test]
    fn a_wait_stands_out_only_past_the_alert() {
        let a = visit(Status::CheckedIn, Some(at(8, 50)));
        assert_eq!(
            standing(&a, at(9, 10), 20),
            Standing::Waiting {
                minutes: 20,
                alert: false
            }
        );
        assert_eq!(
            standing(&a, at(9, 11), 20),
            Standing::Waiting {
                minutes: 21,
                alert: true
            }
        );
        assert_eq!(waited(&a, at(9, 11)), Some(21));
        let done = Appointment {
            status: Status::Completed,
            completed_at: Some(at(9, 40)),
            ..a.clone()
        };
        assert_eq!(waited(&done, at(12, 0)), Some(50), "arrival to done");
        assert_eq!(waited(&visit(Status::NoShow, None), at(12, 0)), None);
    }

    #[test]
    fn the_automatic_no_show_is_due_exactly_at_its_threshold_and_off_at_zero() {
        assert!(!no_show_due(at(9, 0), at(9, 29), 30));
        assert!(no_show_due(at(9, 0), at(9, 30), 30));
        assert!(!no_show_due(at(9, 0), at(23, 0), 0));
    }

    #[test]
    fn each_status_goes_back_one_step_on_its_day_and_a_cancellation_never() {
        let now = at(11, 0);
        let start = at(9, 0);
        assert_eq!(
            corrected(Status::CheckedIn, true, start, now).unwrap(),
            Status::Booked
        );
        assert_eq!(
            corrected(Status::Completed, true, start, now).unwrap(),
            Status::CheckedIn
        );
        assert_eq!(
            corrected(Status::NoShow, false, start, now).unwrap(),
            Status::Booked
        );
        assert_eq!(
            corrected(Status::NoShow, true, start, now).unwrap(),
            Status::CheckedIn
        );
        for refused in [Status::Cancelled, Status::Booked] {
            let e = corrected(refused, false, start, now).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Conflict, "{refused}");
        }
        let tomorrow = now + Duration::days(1);
        let e = corrected(Status::Completed, true, start, tomorrow).unwrap_err();
        assert_eq!(
            e.message(),
            "a status is corrected on the visit's own day only (Mon 7 Jan 2030)"
        );
    }
}
