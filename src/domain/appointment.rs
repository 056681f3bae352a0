//! Appointments and their life cycle, rule R9.

use super::ids::{AppointmentId, DoctorId, PatientId, SlotId};
use super::time::minute_serde;
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The R9 words, also stored as-is in `appointments.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Booked,
    CheckedIn,
    Completed,
    Cancelled,
    NoShow,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Booked,
        Status::CheckedIn,
        Status::Completed,
        Status::Cancelled,
        Status::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Booked => "booked",
            Status::CheckedIn => "checked_in",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
            Status::NoShow => "no_show",
        }
    }

    /// Active = holds its slot (R2) and its time (R3): anything but cancelled.
    pub fn is_active(self) -> bool {
        self != Status::Cancelled
    }

    /// Nothing leaves these (R9).
    pub fn is_final(self) -> bool {
        matches!(self, Status::Completed | Status::Cancelled | Status::NoShow)
    }

    /// The status as people say it: "checked in", "no-show".
    pub fn words(self) -> &'static str {
        match self {
            Status::Booked => "booked",
            Status::CheckedIn => "checked in",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
            Status::NoShow => "no-show",
        }
    }

    /// The status after "is": "booked", "checked in", "marked as a no-show".
    pub fn state_words(self) -> &'static str {
        match self {
            Status::NoShow => "marked as a no-show",
            other => other.words(),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "unknown status '{s}' (booked, checked_in, completed, cancelled, no_show)"
                ))
            })
    }
}

/// R9: may an appointment starting at `start` move from `from` to `to` at `now`?
///
/// `booked → checked_in` on the appointment's day; `checked_in → completed`;
/// `booked | checked_in → no_show` only after its start; `booked → cancelled`.
pub fn check_transition(
    from: Status,
    to: Status,
    start: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    use Status::*;
    if from == to {
        return Err(Error::conflict(format!(
            "the appointment is already {}",
            from.state_words()
        )));
    }
    if from.is_final() {
        return Err(Error::conflict(format!(
            "the appointment is {}; nothing changes after that",
            from.state_words()
        )));
    }
    match (from, to) {
        (Booked, CheckedIn) => {
            if start.date() != now.date() {
                return Err(Error::conflict(format!(
                    "check-in is only on the appointment's day ({})",
                    super::time::human_day(start.date())
                )));
            }
            Ok(())
        }
        (CheckedIn, Completed) => Ok(()),
        (Booked | CheckedIn, NoShow) => {
            if now < start {
                return Err(Error::conflict(format!(
                    "a no-show can only be recorded after the start ({})",
                    super::time::human_when(start)
                )));
            }
            Ok(())
        }
        (Booked, Cancelled) => Ok(()),
        (Booked, Completed) => Err(Error::conflict(
            "check the patient in before completing the visit",
        )),
        _ => Err(Error::conflict(format!(
            "an appointment that is {} cannot become {}",
            from.state_words(),
            to.words()
        ))),
    }
}

/// R7/R9: whether a visit can be cancelled at `now`: a booked one, and by its patient only
/// before it starts (afterwards the front desk sees to it).
pub fn check_cancellable(
    status: Status,
    start: NaiveDateTime,
    now: NaiveDateTime,
    by_patient: bool,
) -> Result<()> {
    check_transition(status, Status::Cancelled, start, now)?;
    if by_patient && start <= now {
        return Err(Error::conflict(
            "the appointment has already started; please speak to the front desk",
        ));
    }
    Ok(())
}

/// R8: only a booked appointment that has not started can move.
pub fn check_reschedulable(status: Status, start: NaiveDateTime, now: NaiveDateTime) -> Result<()> {
    if status != Status::Booked {
        return Err(Error::conflict(format!(
            "only a booked appointment can be rescheduled; this one is {}",
            status.state_words()
        )));
    }
    if start <= now {
        return Err(Error::conflict(format!(
            "the appointment started {}; it can no longer be moved",
            super::time::human_when(start)
        )));
    }
    Ok(())
}

/// R7 as SPEC §1 and §3 put it: the front desk and doctors cancel with a reason, which the
/// patient is told; a patient cancelling their own visit may give one.
pub fn cancel_reason(by: super::Role, reason: Option<&str>) -> Result<Option<String>> {
    let reason = super::text::optional("reason", reason, super::text::NOTE_MAX)?;
    if reason.is_none() && by != super::Role::Patient {
        return Err(Error::invalid(
            "say why the appointment is cancelled (a reason is required from staff)",
        ));
    }
    Ok(reason)
}

/// An appointment as lists and detail views show it (SPEC §7 "appointment" object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appointment {
    pub id: AppointmentId,
    /// `None` only for a cancelled appointment whose slot was later removed.
    pub slot_id: Option<SlotId>,
    pub doctor_id: DoctorId,
    pub doctor_name: String,
    pub specialty: String,
    pub patient_id: PatientId,
    pub patient_name: String,
    #[serde(with = "minute_serde")]
    pub start: NaiveDateTime,
    #[serde(with = "minute_serde")]
    pub end: NaiveDateTime,
    pub duration: u32,
    pub status: Status,
    pub reason: Option<String>,
    pub reschedules: u32,
    pub patient_phone: Option<String>,
    pub patient_email: Option<String>,
    pub override_reason: Option<String>,
    pub cancel_reason: Option<String>,
    #[serde(serialize_with = "super::time::minute_serde::option::serialize")]
    pub cancelled_at: Option<NaiveDateTime>,
    /// Who cancelled, as anyone may read it: "the front desk", the doctor's name, "the
    /// patient" or "the clinic" (never a staff username; the audit log has those).
    pub cancelled_by: Option<String>,
    /// The visit type's name, for a visit booked with one.
    pub visit_type: Option<String>,
    /// The series the visit belongs to, if it was booked as one.
    pub series_id: Option<crate::domain::SeriesId>,
    /// When the patient arrived (was checked in), if they did.
    #[serde(serialize_with = "super::time::minute_serde::option::serialize")]
    pub checked_in_at: Option<NaiveDateTime>,
    /// When the visit was marked completed.
    #[serde(serialize_with = "super::time::minute_serde::option::serialize")]
    pub completed_at: Option<NaiveDateTime>,
    /// When it was booked.
    #[serde(with = "minute_serde")]
    pub booked_at: NaiveDateTime,
}

/// What narrows an appointment list. Unset fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct AppointmentQuery<'a> {
    pub doctor: Option<DoctorId>,
    pub patient: Option<PatientId>,
    /// Appointments starting in `[from, to)`.
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
    pub status: Option<Status>,
    /// Part of the doctor's or the patient's name, case-insensitive (seed 002).
    pub search: Option<&'a str>,
    pub order: Order,
    pub limit: u32,
    pub offset: u32,
}

/// How appointment lists are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Oldest first: a day's agenda.
    #[default]
    Time,
    /// Grouped by doctor, then by time: the day sheet.
    Doctor,
    /// Newest first: history.
    NewestFirst,
}

impl Appointment {
    /// Whether [`check_reschedulable`] would let it move at `now` (for hiding the key).
    pub fn can_reschedule(&self, now: NaiveDateTime) -> bool {
        check_reschedulable(self.status, self.start, now).is_ok()
    }

    /// [`check_cancellable`] for this visit.
    pub fn check_cancellable(&self, now: NaiveDateTime, by_patient: bool) -> Result<()> {
        check_cancellable(self.status, self.start, now, by_patient)
    }
}

#[cfg(test)]
mod tests {
    use super::Status::*;
    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2030, 1, day)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn r9_check_in_only_on_the_day() {
        assert!(check_transition(Booked, CheckedIn, at(7, 10), at(7, 8)).is_ok());
        assert!(check_transition(Booked, CheckedIn, at(7, 10), at(6, 10)).is_err());
        assert!(check_transition(Booked, CheckedIn, at(7, 10), at(8, 10)).is_err());
    }

    #[test]
    fn r9_complete_follows_check_in() {
        assert!(check_transition(CheckedIn, Completed, at(7, 10), at(7, 11)).is_ok());
        assert!(check_transition(Booked, Completed, at(7, 10), at(7, 11)).is_err());
    }

    #[test]
    fn r9_no_show_only_after_start() {
        assert!(check_transition(Booked, NoShow, at(7, 10), at(7, 9)).is_err());
        assert!(check_transition(Booked, NoShow, at(7, 10), at(7, 10)).is_ok());
        assert!(check_transition(CheckedIn, NoShow, at(7, 10), at(7, 11)).is_ok());
    }

    #[test]
    fn r9_final_states_never_change() {
        for from in [Completed, Cancelled, NoShow] {
            for to in Status::ALL {
                let e = check_transition(from, to, at(7, 10), at(7, 11)).unwrap_err();
                assert_eq!(e.kind(), crate::ErrorKind::Conflict);
            }
        }
    }

    #[test]
    fn r9_only_booked_can_be_cancelled() {
        assert!(check_transition(Booked, Cancelled, at(7, 10), at(7, 9)).is_ok());
        assert!(check_transition(CheckedIn, Cancelled, at(7, 10), at(7, 9)).is_err());
    }

    #[test]
    fn r8_only_booked_visits_that_have_not_started_move() {
        assert!(check_reschedulable(Booked, at(7, 10), at(7, 9)).is_ok());
        assert!(check_reschedulable(Booked, at(7, 10), at(7, 10)).is_err());
        for s in [CheckedIn, Completed, Cancelled, NoShow] {
            assert!(check_reschedulable(s, at(8, 10), at(7, 9)).is_err(), "{s}");
        }
    }

    #[test]
    fn r7_staff_cancel_with_a_reason_patients_may_give_one() {
        use crate::domain::Role;
        assert_eq!(cancel_reason(Role::Patient, None).unwrap(), None);
        assert_eq!(cancel_reason(Role::Patient, Some("  ")).unwrap(), None);
        for role in [Role::Admin, Role::Doctor] {
            let e = cancel_reason(role, Some(" ")).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Invalid);
            assert_eq!(
                cancel_reason(role, Some("ill")).unwrap().as_deref(),
                Some("ill")
            );
        }
    }

    #[test]
    fn status_words_round_trip() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
        }
        assert!("scheduled".parse::<Status>().is_err());
    }
}
