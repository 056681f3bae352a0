//! Messages to patients (SPEC §11): what kinds there are, how they go, where they stand, and
//! how long a failed one waits before it is tried again.

use super::ids::{AppointmentId, MessageId, PatientId};
use super::time::minute_serde;
use crate::error::{Error, Result};
use chrono::{Duration, NaiveDateTime};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Why a message is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// A visit (or a course of visits) was booked.
    Confirmation,
    /// A visit moved.
    Rescheduled,
    /// A visit was cancelled, by anyone, also by time off.
    Cancelled,
    /// A waitlisted patient is offered a freed slot, held until a time.
    Offer,
    /// A visit is coming up (the setting `reminders`).
    Reminder,
}

/// How a message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
}

/// Where a message stands. A queued one that failed and waits for another try is still
/// `queued`, with its attempts and last error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    Queued,
    Sent,
    /// Every attempt failed; `last_error` says why. The desk may retry it.
    Failed,
    /// Not sent, on purpose: the visit was cancelled or moved, the offer ended, the patient
    /// wants no messages (`last_error` says which).
    Skipped,
}

macro_rules! words {
    ($ty:ty, $what:literal, $($variant:ident => $text:literal),+ $(,)?) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $text),+ }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $ty {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                <$ty>::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    let all: Vec<&str> = <$ty>::ALL.iter().map(|v| v.as_str()).collect();
                    Error::invalid(format!("unknown {} '{s}' ({})", $what, all.join(", ")))
                })
            }
        }
    };
}

words!(MessageKind, "message kind",
    Confirmation => "confirmation",
    Rescheduled => "rescheduled",
    Cancelled => "cancelled",
    Offer => "offer",
    Reminder => "reminder",
);
words!(Channel, "channel", Email => "email", Sms => "sms");
words!(MessageStatus, "message status",
    Queued => "queued",
    Sent => "sent",
    Failed => "failed",
    Skipped => "skipped",
);

impl Channel {
    /// "e-mail", "SMS".
    pub fn words(self) -> &'static str {
        match self {
            Channel::Email => "e-mail",
            Channel::Sms => "SMS",
        }
    }
}

/// A message as the desk sees it (SPEC §11 JSON, plus its patient's name and its text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub id: MessageId,
    pub appointment_id: Option<AppointmentId>,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub kind: MessageKind,
    pub channel: Channel,
    pub to: String,
    pub subject: Option<String>,
    #[serde(with = "minute_serde")]
    pub due_at: NaiveDateTime,
    pub status: MessageStatus,
    pub attempts: u32,
    pub last_error: Option<String>,
    #[serde(serialize_with = "super::time::minute_serde::option::serialize")]
    pub sent_at: Option<NaiveDateTime>,
    pub body: String,
}

/// How many times a message is tried before it is `failed`.
pub const MAX_ATTEMPTS: u32 = 5;

/// After the `attempts`-th failed try, how long until the next one (about 1, 5, 30 and 120
/// minutes), or `None` when that was the last.
pub fn retry_after(attempts: u32) -> Option<Duration> {
    match attempts {
        0 | 1 => Some(Duration::minutes(1)),
        2 => Some(Duration::minutes(5)),
        3 => Some(Duration::minutes(30)),
        4 => Some(Duration::minutes(120)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_message_backs_off_then_fails() {
        let waits: Vec<_> = (1..=MAX_ATTEMPTS).map(retry_after).collect();
        assert_eq!(
            waits,
            vec![
                Some(Duration::minutes(1)),
                Some(Duration::minutes(5)),
                Some(Duration::minutes(30)),
                Some(Duration::minutes(120)),
                None
            ]
        );
    }

    #[test]
    fn words_round_trip() {
        for k in MessageKind::ALL {
            assert_eq!(k.as_str().parse::<MessageKind>().unwrap(), *k);
        }
        for s in MessageStatus::ALL {
            assert_eq!(s.as_str().parse::<MessageStatus>().unwrap(), *s);
        }
        assert_eq!("sms".parse::<Channel>().unwrap(), Channel::Sms);
        let e = "pending".parse::<MessageStatus>().unwrap_err();
        assert_eq!(
            e.message(),
            "unknown message status 'pending' (queued, sent, failed, skipped)"
        );
    }
}
