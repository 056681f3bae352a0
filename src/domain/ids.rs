//! Typed ids, so a patient id can never be passed where a doctor id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A login account (any role).
    AccountId,
    /// A patient record, with or without a login.
    PatientId,
    /// A doctor record, with or without a login.
    DoctorId,
    /// One declared slot of a doctor's time.
    SlotId,
    /// An appointment; it keeps its id across reschedules.
    AppointmentId,
    /// A waitlist entry.
    WaitlistId,
    /// A doctor's working plan from one date on.
    PlanId,
    /// A doctor's leave or a clinic closure.
    TimeOffId,
    /// One of the clinic's visit types (a follow-up, a new patient, …).
    VisitTypeId,
    /// The visits of one series booking.
    SeriesId,
    /// A message in the outbox: a confirmation, a reminder, …
    MessageId,
);
