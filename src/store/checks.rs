//! `clinic check`: SQLite's own integrity and foreign-key checks plus the clinic invariants.

use crate::error::Result;
use rusqlite::Connection;
use serde::Serialize;

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `integrity`, `foreign_key`, `R2`, `R3`, `slot_copy`, `booked_flag`.
    pub check: &'static str,
    pub detail: String,
}

pub fn run(conn: &Connection) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();

    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for line in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let line = line?;
        if line != "ok" {
            problems.push(Problem {
                check: "integrity",
                detail: line,
            });
        }
    }

    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    for row in stmt.query_map([], |r| {
        Ok(format!(
            "{} row {} points to a missing {}",
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
            r.get::<_, String>(2)?
        ))
    })? {
        problems.push(Problem {
            check: "foreign_key",
            detail: row?,
        });
    }

    let mut stmt = conn.prepare(
        "SELECT slot_id, group_concat(id) FROM appointments
         WHERE status <> 'cancelled' AND slot_id IS NOT NULL
         GROUP BY slot_id HAVING count(*) > 1",
    )?;
    for row in stmt.query_map([], |r| {
        Ok(format!(
            "slot {} has several active appointments: {}",
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?
        ))
    })? {
        problems.push(Problem {
            check: "R2",
            detail: row?,
        });
    }

    let mut stmt = conn.prepare(
        "SELECT a.patient_id, a.id, b.id FROM appointments a
         JOIN appointments b ON b.patient_id = a.patient_id AND b.id > a.id
              AND b.status <> 'cancelled'
              AND b.start < a.end_at AND b.end_at > a.start
         WHERE a.status <> 'cancelled'",
    )?;
    for row in stmt.query_map([], |r| {
        Ok(format!(
            "patient {} has overlapping appointments {} and {}",
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?
        ))
    })? {
        problems.push(Problem {
            check: "R3",
            detail: row?,
        });
    }

    let mut stmt = conn.prepare(
        "SELECT a.id, a.slot_id FROM appointments a JOIN slots s ON s.id = a.slot_id
         WHERE a.status <> 'cancelled'
           AND (a.doctor_id <> s.doctor_id OR a.start <> s.start OR a.end_at <> s.end_at)",
    )?;
    for row in stmt.query_map([], |r| {
        Ok(format!(
            "appointment {} does not match its slot {}",
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?
        ))
    })? {
        problems.push(Problem {
            check: "slot_copy",
            detail: row?,
        });
    }
    let mut stmt = conn.prepare(
        "SELECT s.id, s.booked FROM slots s
         WHERE s.booked <> EXISTS (SELECT 1 FROM appointments a
                                   WHERE a.slot_id = s.id AND a.status <> 'cancelled')",
    )?;
    for row in stmt.query_map([], |r| {
        Ok(format!(
            "slot {} is marked {} but {}",
            r.get::<_, i64>(0)?,
            if r.get::<_, i64>(1)? == 1 {
                "booked"
            } else {
                "free"
            },
            if r.get::<_, i64>(1)? == 1 {
                "has no active appointment"
            } else {
                "has one"
            }
        ))
    })? {
        problems.push(Problem {
            check: "booked_flag",
            detail: row?,
        });
    }
    Ok(problems)
}
