//! Queries on `time_off`: doctors' leave and clinic closures.

use super::sql::{minute, minute_at, stamp};
use crate::domain::time_off::{TimeOff, TimeOffInput};
use crate::domain::{AccountId, AppointmentId, DoctorId, TimeOffId};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Row, params};

pub fn insert(
    conn: &Connection,
    t: &TimeOffInput,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> Result<TimeOffId> {
    conn.prepare_cached(
        "INSERT INTO time_off (doctor_id, starts, ends, reason, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        t.doctor,
        minute(t.from),
        minute(t.to),
        t.reason,
        stamp(now),
        by
    ])?;
    Ok(TimeOffId(conn.last_insert_rowid()))
}

const SELECT: &str = "SELECT t.id, t.doctor_id, d.full_name, t.starts, t.ends, t.reason
    FROM time_off t LEFT JOIN doctors d ON d.id = t.doctor_id";

fn view(r: &Row<'_>) -> rusqlite::Result<TimeOff> {
    Ok(TimeOff {
        id: r.get(0)?,
        doctor_id: r.get(1)?,
        doctor_name: r.get(2)?,
        from: minute_at(r, 3)?,
        to: minute_at(r, 4)?,
        reason: r.get(5)?,
    })
}

pub fn get(conn: &Connection, id: TimeOffId) -> Result<TimeOff> {
    conn.prepare_cached(&format!("{SELECT} WHERE t.id = ?1"))?
        .query_row([id], view)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("there is no time off {id}")))
}

/// Whose time off a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    Everyone,
    /// One doctor's leave and the clinic's closures.
    Doctor(DoctorId),
    Closures,
}

/// Time off overlapping `[from, to)`, by start.
pub fn between(
    conn: &Connection,
    whose: Whose,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<TimeOff>> {
    let (everyone, doctor) = match whose {
        Whose::Everyone => (true, None),
        Whose::Doctor(d) => (false, Some(d)),
        Whose::Closures => (false, None),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE t.ends > ?2 AND t.starts < ?3
           AND (?4 OR t.doctor_id IS NULL OR t.doctor_id = ?1)
         ORDER BY t.starts, t.id"
    ))?;
    let rows = stmt.query_map(params![doctor, minute(from), minute(to), everyone], view)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ends a time off at `at` (it stays as history up to then).
pub fn end_at(conn: &Connection, id: TimeOffId, at: NaiveDateTime) -> Result<()> {
    conn.prepare_cached("UPDATE time_off SET ends = ?2 WHERE id = ?1")?
        .execute(params![id, minute(at)])?;
    Ok(())
}

pub fn delete(conn: &Connection, id: TimeOffId) -> Result<()> {
    conn.prepare_cached("DELETE FROM time_off WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Active visits (booked or checked in) starting in `[from, to)`, of `doctor` or of everyone.
pub fn active_visits(
    conn: &Connection,
    doctor: Option<DoctorId>,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<AppointmentId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM appointments
         WHERE start < ?3 AND end_at > ?2 AND status IN ('booked', 'checked_in')
           AND (?1 IS NULL OR doctor_id = ?1)
         ORDER BY start, id",
    )?;
    let rows = stmt.query_map(params![doctor, minute(from), minute(to)], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Deletes the future slots (of `doctor`, or everyone's) that reach into `[from, to)` and
/// carry no active visit; their holds go with them. Returns how many went.
pub fn clear_slots(
    conn: &Connection,
    doctor: Option<DoctorId>,
    (from, to): (NaiveDateTime, NaiveDateTime),
    now: NaiveDateTime,
) -> Result<usize> {
    // Slots are at most 120 minutes long: one starting up to that before `from` can reach in.
    let earliest = (from - chrono::Duration::minutes(120)).max(now);
    Ok(conn
        .prepare_cached(
            "DELETE FROM slots
             WHERE start > ?4 AND start < ?3 AND end_at > ?2 AND booked = 0
               AND (?1 IS NULL OR doctor_id = ?1)",
        )?
        .execute(params![doctor, minute(from), minute(to), minute(earliest)])?)
}
