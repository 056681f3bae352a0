//! `clinic check`: SQLite's own integrity and foreign-key checks plus the clinic invariants.

use crate::error::Result;
use rusqlite::Connection;
use serde::Serialize;

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `integrity`, `foreign_key`, `R2`, `R3`, `slot_copy`, `booked_flag`, `daily_totals`,
    /// `time_off_slot`, `time_off_visit`.
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
        // From each visit to the slots in its span (CROSS JOIN keeps that order: a range
        // seek on the slots' (doctor_id, start) per visit, never a scan per slot).
        "SELECT s.id, group_concat(a.id) FROM appointments a
         CROSS JOIN slots s ON s.doctor_id = a.doctor_id AND s.start >= a.start AND s.start < a.end_at
         WHERE a.status <> 'cancelled'
         GROUP BY s.id HAVING count(*) > 1",
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
           AND (a.doctor_id <> s.doctor_id OR a.start <> s.start
                OR a.duration <> (SELECT coalesce(sum(c.duration), 0)
                                  FROM visit_slots v CROSS JOIN slots c ON c.id = v.slot_id
                                  WHERE v.appointment_id = a.id AND c.doctor_id = a.doctor_id
                                    AND c.start >= a.start AND c.start < a.end_at
                                    AND c.end_at <= a.end_at))",
    )?;
    for row in stmt.query_map([], |r| {
        Ok(format!(
            "appointment {} does not match its slot {} or the slots it covers",
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
         WHERE s.booked <> EXISTS (SELECT 1 FROM visit_slots v
                                   JOIN appointments a ON a.id = v.appointment_id
                                   WHERE v.slot_id = s.id AND a.status <> 'cancelled')",
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
    let mut stmt = conn.prepare(
        "WITH truth AS (
             SELECT day, doctor_id, sum(n) AS n, sum(mins) AS mins, sum(act) AS act,
                    sum(booked) AS booked, sum(done) AS done, sum(gone) AS gone,
                    sum(absent) AS absent
             FROM (
                 SELECT substr(start, 1, 10) AS day, doctor_id, count(*) AS n,
                        sum(duration) AS mins, 0 AS act, 0 AS booked, 0 AS done, 0 AS gone,
                        0 AS absent
                 FROM slots GROUP BY 1, 2
                 UNION ALL
                 SELECT substr(start, 1, 10), doctor_id, 0, 0, sum(status <> 'cancelled'),
                        sum((status <> 'cancelled') * duration), sum(status = 'completed'),
                        sum(status = 'cancelled'), sum(status = 'no_show')
                 FROM appointments GROUP BY 1, 2
             )
             GROUP BY day, doctor_id
         )
         SELECT coalesce(t.day, dd.day), coalesce(t.doctor_id, dd.doctor_id)
         FROM truth t
         FULL JOIN doctor_days dd ON dd.day = t.day AND dd.doctor_id = t.doctor_id
         WHERE coalesce(t.n, 0) <> coalesce(dd.slots, 0)
            OR coalesce(t.mins, 0) <> coalesce(dd.declared_mins, 0)
            OR coalesce(t.act, 0) <> coalesce(dd.active, 0)
            OR coalesce(t.booked, 0) <> coalesce(dd.booked_mins, 0)
            OR coalesce(t.done, 0) <> coalesce(dd.completed, 0)
            OR coalesce(t.gone, 0) <> coalesce(dd.cancelled, 0)
            OR coalesce(t.absent, 0) <> coalesce(dd.no_shows, 0)
         LIMIT 100",
    )?;
    for row in stmt.query_map([], |r| {
        Ok(format!(
            "the daily totals of doctor {} on {} do not match the slots and appointments",
            r.get::<_, i64>(1)?,
            r.get::<_, String>(0)?
        ))
    })? {
        problems.push(Problem {
            check: "daily_totals",
            detail: row?,
        });
    }
    // Time off (SPEC §9): no slot inside it, and no active visit left in it (adding it
    // refuses booked visits unless they are cancelled with it).
    for (check, table, active, what) in [
        ("time_off_slot", "slots", "1", "slot"),
        (
            "time_off_visit",
            "appointments",
            "x.status IN ('booked', 'checked_in')",
            "active appointment",
        ),
    ] {
        let sql = format!(
            "SELECT x.id, t.id FROM time_off t JOIN {table} x
                 ON x.doctor_id = t.doctor_id AND x.start >= t.starts AND x.start < t.ends
             WHERE {active}
             UNION ALL
             SELECT x.id, t.id FROM time_off t JOIN {table} x
                 ON t.doctor_id IS NULL AND x.start >= t.starts AND x.start < t.ends
             WHERE {active}
             LIMIT 100"
        );
        let mut stmt = conn.prepare(&sql)?;
        for row in stmt.query_map([], |r| {
            Ok(format!(
                "{what} {} lies inside time off {}",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?
            ))
        })? {
            problems.push(Problem {
                check,
                detail: row?,
            });
        }
    }
    Ok(problems)
}
