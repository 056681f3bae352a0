//! The admin's reports, each one indexed query (SPEC §3 Reports).

use super::sql::{date, day_bounds, minute, stamp};
use crate::domain::DoctorId;
use crate::error::Result;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, params};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// `top` and `busy`: a doctor's active appointments on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadRow {
    pub doctor_id: DoctorId,
    pub doctor_name: String,
    pub appointments_count: u32,
    pub booked_mins: u32,
}

/// `available`: a doctor who can still take a booking that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AvailableRow {
    pub doctor_id: DoctorId,
    pub doctor_name: String,
    pub specialty: String,
    pub free_slots: u32,
}

/// `utilization`: a doctor's declared and booked time over a range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UtilizationRow {
    pub doctor_id: DoctorId,
    pub doctor_name: String,
    pub declared_mins: u32,
    pub booked_mins: u32,
    pub utilization_pct: f64,
    pub appointments_count: u32,
    pub completed: u32,
    pub cancelled: u32,
    pub no_shows: u32,
}

/// Doctors with at least `min_minutes` booked on `day` (0 = any active appointment), by
/// count desc, minutes desc, id. Cancelled appointments never count.
pub fn load(conn: &Connection, day: NaiveDate, min_minutes: u32) -> Result<Vec<LoadRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT dd.doctor_id, d.full_name, dd.active, dd.booked_mins
         FROM doctor_days dd JOIN doctors d ON d.id = dd.doctor_id
         WHERE dd.day = ?1 AND dd.active > 0 AND dd.booked_mins >= ?2
         ORDER BY dd.active DESC, dd.booked_mins DESC, dd.doctor_id",
    )?;
    let rows = stmt.query_map(params![date(day), min_minutes], |r| {
        Ok(LoadRow {
            doctor_id: r.get(0)?,
            doctor_name: r.get(1)?,
            appointments_count: r.get(2)?,
            booked_mins: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Active doctors with a free (not booked, not held, not past) slot on `day` who are still
/// under their R4 limits, counting those free slots.
///
/// The free slots are counted here rather than with SQL's GROUP BY: the day's slots stream
/// from a covering index in time order, and sorting them by doctor cost SQLite more than
/// the whole scan.
pub fn available(
    conn: &Connection,
    day: NaiveDate,
    now: NaiveDateTime,
) -> Result<Vec<AvailableRow>> {
    let (from, to) = day_bounds(day);
    // doctor -> (free slots, shortest free slot)
    let mut free: HashMap<DoctorId, (u32, u32)> = HashMap::new();
    // Live holds are few: look them up once instead of probing per slot.
    let held: HashSet<i64> = conn
        .prepare_cached("SELECT slot_id FROM holds WHERE expires_at > ?1")?
        .query_map([stamp(now)], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.doctor_id, s.duration FROM slots s
         WHERE s.start >= ?1 AND s.start < ?2 AND s.start > ?3 AND s.booked = 0",
    )?;
    let mut rows = stmt.query(params![from, to, minute(now)])?;
    while let Some(r) = rows.next()? {
        if held.contains(&r.get::<_, i64>(0)?) {
            continue;
        }
        let minutes: u32 = r.get(2)?;
        let entry = free.entry(r.get(1)?).or_insert((0, u32::MAX));
        entry.0 += 1;
        entry.1 = entry.1.min(minutes);
    }
    if free.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.full_name, sp.name, d.max_per_day, d.max_minutes,
                coalesce(b.active, 0), coalesce(b.booked_mins, 0)
         FROM doctors d
         JOIN specialties sp ON sp.id = d.specialty_id
         LEFT JOIN doctor_days b ON b.day = ?1 AND b.doctor_id = d.id
         WHERE d.active = 1
         ORDER BY d.full_name COLLATE NOCASE, d.id",
    )?;
    let mut rows = stmt.query(params![date(day)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: DoctorId = r.get(0)?;
        let Some(&(free_slots, shortest)) = free.get(&id) else {
            continue;
        };
        let (max_per_day, max_minutes, active, booked): (u32, u32, u32, u32) =
            (r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
        if active < max_per_day && booked + shortest <= max_minutes {
            out.push(AvailableRow {
                doctor_id: id,
                doctor_name: r.get(1)?,
                specialty: r.get(2)?,
                free_slots,
            });
        }
    }
    Ok(out)
}

/// Per doctor over `[from, to]` (whole days): declared and booked minutes, their ratio, and
/// the visits' outcomes. Doctors with neither slots nor appointments in range are left out.
pub fn utilization(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<UtilizationRow>> {
    let lo = date(from);
    let hi = date(to);
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.full_name, t.declared, t.booked, t.active, t.completed, t.cancelled,
                t.no_shows
         FROM (
             SELECT doctor_id, sum(slots) AS slots, sum(declared_mins) AS declared,
                    sum(booked_mins) AS booked, sum(active) AS active,
                    sum(completed) AS completed, sum(cancelled) AS cancelled,
                    sum(no_shows) AS no_shows
             FROM doctor_days
             WHERE day >= ?1 AND day <= ?2
             GROUP BY doctor_id
         ) t
         JOIN doctors d ON d.id = t.doctor_id
         WHERE t.slots > 0 OR t.active > 0 OR t.cancelled > 0
         ORDER BY d.full_name COLLATE NOCASE, d.id",
    )?;
    let rows = stmt.query_map(params![lo, hi], |r| {
        let declared: u32 = r.get(2)?;
        let booked: u32 = r.get(3)?;
        Ok(UtilizationRow {
            doctor_id: r.get(0)?,
            doctor_name: r.get(1)?,
            declared_mins: declared,
            booked_mins: booked,
            utilization_pct: if declared == 0 {
                0.0
            } else {
                (f64::from(booked) * 1000.0 / f64::from(declared)).round() / 10.0
            },
            appointments_count: r.get(4)?,
            completed: r.get(5)?,
            cancelled: r.get(6)?,
            no_shows: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
