//! Queries on `holds` (R6). An expired hold is treated as absent everywhere.

use super::sql::{minute_at, stamp, stamp_at};
use crate::domain::{AccountId, PatientId, SlotId};
use crate::error::Result;
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// A live hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hold {
    pub slot_id: SlotId,
    pub patient_id: PatientId,
    /// The admin who placed it; `None` when the patient did, or for a waitlist offer.
    pub held_by: Option<AccountId>,
    #[serde(serialize_with = "crate::domain::time::minute_serde::serialize")]
    pub expires_at: NaiveDateTime,
}

fn hold_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Hold> {
    Ok(Hold {
        slot_id: r.get(0)?,
        patient_id: r.get(1)?,
        held_by: r.get(2)?,
        expires_at: stamp_at(r, 3)?,
    })
}

pub fn live(conn: &Connection, slot: SlotId, now: NaiveDateTime) -> Result<Option<Hold>> {
    Ok(conn
        .prepare_cached(
            "SELECT slot_id, patient_id, held_by, expires_at FROM holds
             WHERE slot_id = ?1 AND expires_at > ?2",
        )?
        .query_row(params![slot, stamp(now)], hold_row)
        .optional()?)
}

/// Places (or renews) the hold on `slot`, replacing any expired one. `run_start`: the first
/// slot of the visit's run when the hold is one of several for one visit.
pub fn put(
    conn: &Connection,
    hold: &Hold,
    run_start: Option<SlotId>,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO holds (slot_id, patient_id, held_by, created_at, expires_at, run_start)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (slot_id) DO UPDATE SET patient_id = excluded.patient_id,
             held_by = excluded.held_by, created_at = excluded.created_at,
             expires_at = excluded.expires_at, run_start = excluded.run_start",
    )?
    .execute(params![
        hold.slot_id,
        hold.patient_id,
        hold.held_by,
        stamp(now),
        stamp(hold.expires_at),
        run_start
    ])?;
    Ok(())
}

/// Ends the hold on `slot` and, when it starts a run, the run's other holds.
pub fn delete(conn: &Connection, slot: SlotId) -> Result<()> {
    conn.prepare_cached("DELETE FROM holds WHERE slot_id = ?1 OR run_start = ?1")?
        .execute([slot])?;
    Ok(())
}

/// The first slot of the run a hold on `slot` belongs to (the slot itself for a one-slot hold).
pub fn run_start(conn: &Connection, slot: SlotId) -> Result<SlotId> {
    Ok(conn
        .prepare_cached("SELECT coalesce(run_start, slot_id) FROM holds WHERE slot_id = ?1")?
        .query_row([slot], |r| r.get(0))
        .optional()?
        .unwrap_or(slot))
}

/// Deletes holds whose time is up: they are ignored everywhere anyway (R6).
pub fn purge_expired(conn: &Connection, now: NaiveDateTime) -> Result<()> {
    conn.prepare_cached("DELETE FROM holds WHERE expires_at <= ?1")?
        .execute([stamp(now)])?;
    Ok(())
}

/// The live holds of `patient` other than on `except` (a run counts as one hold, from its
/// first slot's start to its last slot's end), placed by `placed_by` when given: R3 counts
/// held time, and a patient may hold only a few visits.
pub fn of_patient(
    conn: &Connection,
    patient: PatientId,
    except: SlotId,
    placed_by: Option<AccountId>,
    now: NaiveDateTime,
) -> Result<Vec<(SlotId, NaiveDateTime, NaiveDateTime)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(h.run_start, h.slot_id) AS first, min(s.start), max(s.end_at)
         FROM holds h JOIN slots s ON s.id = h.slot_id
         WHERE h.patient_id = ?1 AND h.expires_at > ?3
           AND (?4 IS NULL OR h.held_by = ?4)
         GROUP BY first
         HAVING first <> ?2
         ORDER BY 2",
    )?;
    let rows = stmt.query_map(params![patient, except, stamp(now), placed_by], |r| {
        Ok((r.get(0)?, minute_at(r, 1)?, minute_at(r, 2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
