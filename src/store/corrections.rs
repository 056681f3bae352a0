//! Queries on `corrections`: R9's one exception, a status set back, each a row (with its
//! reason) that the schema's forward-only trigger asks for before it lets a status move back.

use super::sql::stamp;
use crate::domain::{AccountId, AppointmentId, Status};
use crate::error::Result;
use chrono::NaiveDateTime;
use rusqlite::{Connection, params};

/// Records that `appointment` goes back from `from` to `to`, and why; the status change that
/// follows in the same transaction marks it applied.
pub fn insert(
    conn: &Connection,
    appointment: AppointmentId,
    (from, to): (Status, Status),
    reason: &str,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO corrections (appointment_id, from_status, to_status, reason, corrected_at,
                                  corrected_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        appointment,
        from.as_str(),
        to.as_str(),
        reason,
        stamp(now),
        by
    ])?;
    Ok(())
}
