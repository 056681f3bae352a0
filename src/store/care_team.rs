//! Queries on `care_team`: which doctors look after which patient (seed 004).

use super::sql::{stamp, stamp_at};
use crate::domain::{AccountId, DoctorId, PatientId};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use rusqlite::{Connection, params};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub patient_id: PatientId,
    pub patient_name: String,
    pub doctor_id: DoctorId,
    pub doctor_name: String,
    pub specialty: String,
    #[serde(serialize_with = "ser_stamp")]
    pub assigned_at: NaiveDateTime,
}

fn ser_stamp<S: serde::Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&stamp(*t))
}

pub fn insert(
    conn: &Connection,
    patient: PatientId,
    doctor: DoctorId,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> Result<()> {
    let changed = conn
        .prepare_cached(
            "INSERT INTO care_team (patient_id, doctor_id, assigned_at, assigned_by)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        )?
        .execute(params![patient, doctor, stamp(now), by])?;
    if changed == 0 {
        return Err(Error::conflict(
            "this doctor is already on the patient's care team",
        ));
    }
    Ok(())
}

pub fn delete(conn: &Connection, patient: PatientId, doctor: DoctorId) -> Result<()> {
    let changed = conn
        .prepare_cached("DELETE FROM care_team WHERE patient_id = ?1 AND doctor_id = ?2")?
        .execute(params![patient, doctor])?;
    if changed == 0 {
        return Err(Error::not_found(format!(
            "doctor {doctor} is not on patient {patient}'s care team"
        )));
    }
    Ok(())
}

pub fn list(
    conn: &Connection,
    patient: Option<PatientId>,
    doctor: Option<DoctorId>,
) -> Result<Vec<Assignment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.patient_id, p.full_name, c.doctor_id, d.full_name, sp.name, c.assigned_at
         FROM care_team c
         JOIN patients p ON p.id = c.patient_id
         JOIN doctors d ON d.id = c.doctor_id
         JOIN specialties sp ON sp.id = d.specialty_id
         WHERE (?1 IS NULL OR c.patient_id = ?1) AND (?2 IS NULL OR c.doctor_id = ?2)
         ORDER BY p.full_name COLLATE NOCASE, c.patient_id, d.full_name COLLATE NOCASE
         LIMIT 5000",
    )?;
    let rows = stmt.query_map(params![patient, doctor], |r| {
        Ok(Assignment {
            patient_id: r.get(0)?,
            patient_name: r.get(1)?,
            doctor_id: r.get(2)?,
            doctor_name: r.get(3)?,
            specialty: r.get(4)?,
            assigned_at: stamp_at(r, 5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
