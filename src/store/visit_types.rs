//! Queries on `visit_types`, and the runs of slots a visit of a type covers.

use super::slots::SlotRow;
use crate::domain::text::search_key;
use crate::domain::visit_type::{VisitTypeFields, covered};
use crate::domain::{AppointmentId, SlotId, VisitType, VisitTypeId};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Row, params};

fn row(r: &Row<'_>) -> rusqlite::Result<VisitType> {
    Ok(VisitType {
        id: r.get(0)?,
        name: r.get(1)?,
        minutes: r.get(2)?,
        fee: r.get(3)?,
        description: r.get(4)?,
        retired: r.get(5)?,
    })
}

const SELECT: &str = "SELECT id, name, minutes, fee, description, retired FROM visit_types";

/// Every type, in use first, then by name.
pub fn all(conn: &Connection) -> Result<Vec<VisitType>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} ORDER BY retired, name COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: VisitTypeId) -> Result<VisitType> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("there is no visit type {id}")))
}

/// The type named `name`, in any case and with or without accents.
pub fn by_name(conn: &Connection, name: &str) -> Result<Option<VisitType>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE name_key = ?1"))?
        .query_row([search_key(name)], row)
        .optional()?)
}

pub fn insert(conn: &Connection, f: &VisitTypeFields) -> Result<VisitTypeId> {
    conn.prepare_cached(
        "INSERT INTO visit_types (name, name_key, minutes, fee, description) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![f.name, search_key(&f.name), f.minutes, f.fee, f.description])?;
    Ok(VisitTypeId(conn.last_insert_rowid()))
}

pub fn update(conn: &Connection, id: VisitTypeId, f: &VisitTypeFields) -> Result<()> {
    conn.prepare_cached(
        "UPDATE visit_types SET name = ?2, name_key = ?3, minutes = ?4, fee = ?5, description = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        f.name,
        search_key(&f.name),
        f.minutes,
        f.fee,
        f.description
    ])?;
    Ok(())
}

pub fn retire(conn: &Connection, id: VisitTypeId) -> Result<()> {
    conn.prepare_cached("UPDATE visit_types SET retired = 1 WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// The slots a visit of `minutes` from `first` covers (back to back, exactly its minutes),
/// `None` when the doctor's slots from there do not make such a run.
pub fn run(conn: &Connection, first: &SlotRow, minutes: u32) -> Result<Option<Vec<SlotRow>>> {
    if minutes == first.duration {
        return Ok(Some(vec![*first]));
    }
    let until = first.start + chrono::Duration::minutes(i64::from(minutes));
    let slots = super::slots::of_doctor_between(conn, first.doctor_id, first.start, until)?;
    let spans: Vec<(NaiveDateTime, NaiveDateTime, u32)> =
        slots.iter().map(|s| (s.start, s.end, s.duration)).collect();
    Ok(covered(&spans, minutes).map(|n| slots[..n].to_vec()))
}

/// The slots an active visit covers, by time.
pub fn covered_by(conn: &Connection, appointment: AppointmentId) -> Result<Vec<SlotRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.doctor_id, s.start, s.end_at, s.duration, s.booked
         FROM visit_slots v JOIN slots s ON s.id = v.slot_id
         WHERE v.appointment_id = ?1 ORDER BY s.start",
    )?;
    let rows = stmt.query_map([appointment], |r| {
        Ok(SlotRow {
            id: r.get(0)?,
            doctor_id: r.get(1)?,
            start: super::sql::minute_at(r, 2)?,
            end: super::sql::minute_at(r, 3)?,
            duration: r.get(4)?,
            booked: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Which visit, if any, covers `slot`.
pub fn visit_on(conn: &Connection, slot: SlotId) -> Result<Option<AppointmentId>> {
    Ok(conn
        .prepare_cached("SELECT appointment_id FROM visit_slots WHERE slot_id = ?1")?
        .query_row([slot], |r| r.get(0))
        .optional()?)
}
