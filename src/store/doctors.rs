//! Queries on `doctors` and `specialties`.

use super::sql::stamp;
use crate::domain::{AccountId, Doctor, DoctorId, DoctorProfile, PatientId, text};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Row, params};

const SELECT: &str = "SELECT d.id, d.full_name, sp.name, d.fee, d.max_per_day, d.max_minutes,
                             d.description, d.active, d.account_id
                      FROM doctors d JOIN specialties sp ON sp.id = d.specialty_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Doctor> {
    Ok(Doctor {
        id: r.get(0)?,
        full_name: r.get(1)?,
        specialty: r.get(2)?,
        fee: r.get(3)?,
        max_per_day: r.get(4)?,
        max_minutes: r.get(5)?,
        description: r.get(6)?,
        active: r.get(7)?,
        account: r.get(8)?,
    })
}

/// The id of a specialty, created on first use (names compare case-insensitively).
pub fn specialty_id(conn: &Connection, name: &str) -> Result<i64> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM specialties WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    conn.prepare_cached("INSERT INTO specialties (name) VALUES (?1)")?
        .execute([name])?;
    Ok(conn.last_insert_rowid())
}

pub fn specialties(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT sp.name FROM specialties sp
         WHERE EXISTS (SELECT 1 FROM doctors d WHERE d.specialty_id = sp.id AND d.active = 1)
         ORDER BY sp.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn all_specialties(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT name FROM specialties ORDER BY name COLLATE NOCASE")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert(
    conn: &Connection,
    p: &DoctorProfile,
    account: Option<AccountId>,
    now: NaiveDateTime,
) -> Result<DoctorId> {
    let specialty = specialty_id(conn, &p.specialty)?;
    conn.prepare_cached(
        "INSERT INTO doctors (account_id, full_name, specialty_id, description, fee,
                              max_per_day, max_minutes, created_at, search_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        account,
        p.full_name,
        specialty,
        p.description,
        p.fee,
        p.max_per_day,
        p.max_minutes,
        stamp(now),
        text::search_key(&p.full_name)
    ])?;
    Ok(DoctorId(conn.last_insert_rowid()))
}

pub fn update(conn: &Connection, id: DoctorId, p: &DoctorProfile) -> Result<()> {
    let specialty = specialty_id(conn, &p.specialty)?;
    conn.prepare_cached(
        "UPDATE doctors SET full_name = ?2, specialty_id = ?3, description = ?4, fee = ?5,
                            max_per_day = ?6, max_minutes = ?7, search_key = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        p.full_name,
        specialty,
        p.description,
        p.fee,
        p.max_per_day,
        p.max_minutes,
        text::search_key(&p.full_name)
    ])?;
    Ok(())
}

pub fn set_active(conn: &Connection, id: DoctorId, active: bool) -> Result<()> {
    conn.prepare_cached("UPDATE doctors SET active = ?2 WHERE id = ?1")?
        .execute(params![id, active])?;
    Ok(())
}

/// Every doctor, by id, through `f`; or only those a patient has appointments with starting
/// in `[from, to)`.
pub fn each(
    conn: &Connection,
    seen_by: Option<(PatientId, NaiveDateTime, NaiveDateTime)>,
    mut f: impl FnMut(Doctor) -> Result<()>,
) -> Result<()> {
    let mut stmt = match seen_by {
        Some(_) => conn.prepare_cached(&format!(
            "{SELECT} WHERE d.id IN (SELECT doctor_id FROM appointments
                                     WHERE patient_id = ?1 AND start >= ?2 AND start < ?3)
             ORDER BY d.id"
        ))?,
        None => conn.prepare_cached(&format!(
            "{SELECT} WHERE ?1 IS NULL AND ?2 IS NULL AND ?3 IS NULL ORDER BY d.id"
        ))?,
    };
    let (patient, from, to) = match seen_by {
        Some((p, from, to)) => (
            Some(p),
            Some(super::sql::minute(from)),
            Some(super::sql::minute(to)),
        ),
        None => (None, None, None),
    };
    let mut rows = stmt.query(params![patient, from, to])?;
    while let Some(r) = rows.next()? {
        f(from_row(r)?)?;
    }
    Ok(())
}

pub fn get(conn: &Connection, id: DoctorId) -> Result<Doctor> {
    conn.prepare_cached(&format!("{SELECT} WHERE d.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("there is no doctor {id}")))
}

/// Doctors by name; only active ones unless `include_inactive`.
pub fn list(
    conn: &Connection,
    specialty: Option<&str>,
    include_inactive: bool,
) -> Result<Vec<Doctor>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR sp.name = ?1) AND (?2 OR d.active = 1)
         ORDER BY d.full_name COLLATE NOCASE, d.id"
    ))?;
    let rows = stmt.query_map(params![specialty, include_inactive], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
