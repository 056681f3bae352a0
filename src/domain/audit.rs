//! The audit log's events as the library hands them out: who did what, when, to what.

use super::ids::AccountId;
use chrono::NaiveDateTime;
use serde::Serialize;

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    pub id: i64,
    #[serde(serialize_with = "ser_stamp")]
    pub at: NaiveDateTime,
    pub account_id: Option<AccountId>,
    pub username: Option<String>,
    pub action: String,
    pub subject: Option<String>,
    pub detail: Option<String>,
}

fn ser_stamp<S: serde::Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    use chrono::Timelike;
    s.serialize_str(&format!(
        "{}:{:02}",
        super::time::fmt_minute(*t),
        t.second()
    ))
}
