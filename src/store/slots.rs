//! Queries on `slots`, and the slot lists with each slot's live state.

use super::sql::{Filter, minute, minute_at, stamp};
use crate::domain::time::fmt_clock;
use crate::domain::{DoctorId, PatientId, Slot, SlotId, SlotPlan, SlotSort, SlotState};
use crate::error::{Error, Result};
use chrono::{NaiveDateTime, NaiveTime};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

/// A slot's own columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotRow {
    pub id: SlotId,
    pub doctor_id: DoctorId,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub duration: u32,
    /// Carries an active appointment (`slots.booked`, kept by triggers).
    pub booked: bool,
}

pub fn insert(conn: &Connection, doctor: DoctorId, plan: &SlotPlan) -> Result<SlotId> {
    conn.prepare_cached(
        "INSERT INTO slots (doctor_id, start, end_at, duration) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        doctor,
        minute(plan.start),
        minute(plan.end()),
        plan.minutes
    ])?;
    Ok(SlotId(conn.last_insert_rowid()))
}

/// The first slot of `doctor` that overlaps `[start, end)`, if any (R1).
pub fn overlapping(
    conn: &Connection,
    doctor: DoctorId,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> Result<Option<SlotRow>> {
    // Slots are at most 120 minutes long, so only those starting less than that before
    // `start` can reach into it: a bounded range scan on (doctor_id, start).
    let earliest = start - chrono::Duration::minutes(120);
    Ok(conn
        .prepare_cached(
            "SELECT id, doctor_id, start, end_at, duration, booked FROM slots
             WHERE doctor_id = ?1 AND start < ?3 AND start > ?4 AND end_at > ?2
             ORDER BY start LIMIT 1",
        )?
        .query_row(
            params![doctor, minute(start), minute(end), minute(earliest)],
            row,
        )
        .optional()?)
}

fn row(r: &Row<'_>) -> rusqlite::Result<SlotRow> {
    Ok(SlotRow {
        id: r.get(0)?,
        doctor_id: r.get(1)?,
        start: minute_at(r, 2)?,
        end: minute_at(r, 3)?,
        duration: r.get(4)?,
        booked: r.get(5)?,
    })
}

pub fn get(conn: &Connection, id: SlotId) -> Result<SlotRow> {
    conn.prepare_cached(
        "SELECT id, doctor_id, start, end_at, duration, booked FROM slots WHERE id = ?1",
    )?
    .query_row([id], row)
    .optional()?
    .ok_or_else(|| Error::not_found(format!("there is no slot {id}")))
}

/// Every slot starting in `[from, to)`, by time then doctor, with its state at `now` (booked,
/// held by a live hold, or free), one at a time through `f`.
pub fn each_with_state(
    conn: &Connection,
    (from, to): (NaiveDateTime, NaiveDateTime),
    now: NaiveDateTime,
    mut f: impl FnMut(SlotRow, crate::domain::SlotState) -> Result<()>,
) -> Result<()> {
    use crate::domain::SlotState;
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.doctor_id, s.start, s.end_at, s.duration, s.booked,
                EXISTS (SELECT 1 FROM holds h WHERE h.slot_id = s.id AND h.expires_at > ?3)
         FROM slots s WHERE s.start >= ?1 AND s.start < ?2 ORDER BY s.start, s.doctor_id",
    )?;
    let mut rows = stmt.query(params![minute(from), minute(to), super::sql::stamp(now)])?;
    while let Some(r) = rows.next()? {
        let slot = row(r)?;
        let held: bool = r.get(6)?;
        let state = match (slot.booked, held) {
            (true, _) => SlotState::Booked,
            (false, true) => SlotState::Held,
            (false, false) => SlotState::Free,
        };
        f(slot, state)?;
    }
    Ok(())
}

/// `doctor`'s slots starting in `[from, to)`, by time.
pub fn of_doctor_between(
    conn: &Connection,
    doctor: DoctorId,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<SlotRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, doctor_id, start, end_at, duration, booked FROM slots
         WHERE doctor_id = ?1 AND start >= ?2 AND start < ?3 ORDER BY start",
    )?;
    let rows = stmt.query_map(params![doctor, minute(from), minute(to)], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `doctor`'s slot starting exactly at `start`, if there is one.
pub fn starting_at(
    conn: &Connection,
    doctor: DoctorId,
    start: NaiveDateTime,
) -> Result<Option<SlotRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, doctor_id, start, end_at, duration, booked FROM slots
             WHERE doctor_id = ?1 AND start = ?2",
        )?
        .query_row(params![doctor, minute(start)], row)
        .optional()?)
}

pub fn delete(conn: &Connection, id: SlotId) -> Result<()> {
    conn.prepare_cached("DELETE FROM slots WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// What a slot list shows.
#[derive(Debug, Clone)]
pub struct SlotQuery<'a> {
    /// Slots starting in `[from, to)`.
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub doctor: Option<DoctorId>,
    pub specialty: Option<&'a str>,
    /// Only slots whose start time of day lies in `[start, end)`.
    pub time_window: Option<(NaiveTime, NaiveTime)>,
    /// Only bookable slots: not booked, not held, not past, doctor active.
    pub free_only: bool,
    /// Only slots where a visit of these minutes can start: the doctor's slots from there
    /// run back to back, free and unheld, for exactly that long (with `free_only`).
    pub visit_minutes: Option<u32>,
    /// With `free_only`: leave out slots of doctors already at a daily limit (R4) on that
    /// day, which only the front desk may exceed.
    pub within_limits: bool,
    /// Leave out slots overlapping this patient's active visits other than the one given.
    pub fits: Option<(PatientId, Option<crate::domain::AppointmentId>)>,
    pub sort: SlotSort,
    pub limit: u32,
    pub offset: u32,
}

/// Slots with their state at `now`. `patient_id` is filled in but left for the caller to hide.
pub fn list(conn: &Connection, q: &SlotQuery<'_>, now: NaiveDateTime) -> Result<Vec<Slot>> {
    // By time is the index's own order (slots_by_start: start, doctor_id), so the first page
    // streams without sorting the day.
    let order = match q.sort {
        SlotSort::Time => "s.start, s.doctor_id",
        SlotSort::Doctor => "d.full_name COLLATE NOCASE, s.doctor_id, s.start",
        SlotSort::Specialty => "sp.name COLLATE NOCASE, s.start, s.doctor_id",
        SlotSort::Fee => "d.fee, s.start, s.doctor_id",
    };
    // Free slots have nobody on them (`slots.booked` says so): skip the appointment and
    // patient lookups, a million-row index probe per slot.
    let (booked_by, patient_name, joins) = if q.free_only && q.within_limits {
        (
            "NULL",
            "NULL",
            "LEFT JOIN doctor_days dd ON dd.day = substr(s.start, 1, 10) AND dd.doctor_id = s.doctor_id",
        )
    } else if q.free_only {
        ("NULL", "NULL", "")
    } else {
        (
            "a.patient_id",
            "p.full_name",
            "LEFT JOIN visit_slots vs ON vs.slot_id = s.id
             LEFT JOIN appointments a ON a.id = vs.appointment_id
             LEFT JOIN patients p ON p.id = coalesce(a.patient_id, h.patient_id)",
        )
    };
    let mut w = Filter::default();
    w.and("s.start >= ?", vec![Box::new(minute(q.from))])
        .and("s.start < ?", vec![Box::new(minute(q.to))])
        .and_some("s.doctor_id = ?", q.doctor)
        .and_some("sp.name = ?", q.specialty.map(str::to_string));
    if let Some((from, to)) = q.time_window {
        w.and(
            "substr(s.start, 12) >= ? AND substr(s.start, 12) < ?",
            vec![Box::new(fmt_clock(from)), Box::new(fmt_clock(to))],
        );
    }
    if q.free_only {
        w.and(
            "s.booked = 0 AND h.slot_id IS NULL AND s.start > ? AND d.active = 1",
            vec![Box::new(minute(now))],
        );
    }
    // The visit's end and minutes: the slot's own, or those of a visit of a type.
    let (visit_end, visit_minutes) = match q.visit_minutes {
        Some(m) => (
            format!("strftime('%Y-%m-%dT%H:%M', s.start, '+{m} minutes')"),
            m.to_string(),
        ),
        None => ("s.end_at".to_string(), "s.duration".to_string()),
    };
    if let Some((patient, moving)) = q.fits {
        // R3 by the patient's own index: their visits that day, few.
        w.and(
            &format!(
                "NOT EXISTS (SELECT 1 FROM appointments pa
                             WHERE pa.patient_id = ? AND pa.status <> 'cancelled'
                               AND pa.start < {visit_end} AND pa.end_at > s.start
                               AND pa.start > substr(s.start, 1, 10) AND pa.id IS NOT ?)"
            ),
            vec![Box::new(patient), Box::new(moving)],
        );
    }
    if q.free_only && q.within_limits {
        w.and(
            &format!(
                "coalesce(dd.active, 0) < d.max_per_day
                 AND coalesce(dd.booked_mins, 0) + {visit_minutes} <= d.max_minutes"
            ),
            vec![],
        );
    }
    if let Some(m) = q.visit_minutes {
        // Last, as the dearest test. The run: the doctor's free, unheld slots inside the
        // visit's span total its minutes (slots never overlap, so that is back to back from
        // this one). A range scan on (doctor_id, start) per candidate.
        w.and(
            &format!(
                "(SELECT coalesce(sum(r.duration), 0) FROM slots r
                  WHERE r.doctor_id = s.doctor_id AND r.start >= s.start
                    AND r.start < {visit_end} AND r.end_at <= {visit_end} AND r.booked = 0
                    AND NOT EXISTS (SELECT 1 FROM holds hr
                                    WHERE hr.slot_id = r.id AND hr.expires_at > ?)) = {m}"
            ),
            vec![Box::new(stamp(now))],
        );
    }
    let sql = format!(
        "SELECT s.id, s.doctor_id, d.full_name, sp.name, s.start, s.end_at, s.duration, d.fee,
                {booked_by}, h.patient_id, {patient_name}
         FROM slots s
         JOIN doctors d      ON d.id = s.doctor_id
         JOIN specialties sp ON sp.id = d.specialty_id
         LEFT JOIN holds h        ON h.slot_id = s.id AND h.expires_at > ?
         {joins}
         {}
         ORDER BY {order}
         LIMIT ? OFFSET ?",
        w.sql()
    );
    let mut params: Vec<Box<dyn rusqlite::ToSql>> = vec![Box::new(stamp(now))];
    params.extend(w.params(vec![Box::new(q.limit), Box::new(q.offset)]));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params.iter()), |r| {
        let booked: Option<PatientId> = r.get(8)?;
        let held: Option<PatientId> = r.get(9)?;
        let state = match (booked, held) {
            (Some(_), _) => SlotState::Booked,
            (None, Some(_)) => SlotState::Held,
            (None, None) => SlotState::Free,
        };
        Ok(Slot {
            id: r.get(0)?,
            doctor_id: r.get(1)?,
            doctor_name: r.get(2)?,
            specialty: r.get(3)?,
            start: minute_at(r, 4)?,
            end: match q.visit_minutes {
                Some(m) => minute_at(r, 4)? + chrono::Duration::minutes(i64::from(m)),
                None => minute_at(r, 5)?,
            },
            duration: q.visit_minutes.map_or_else(|| r.get(6), Ok)?,
            fee: r.get(7)?,
            state,
            patient_id: Some(booked.or(held)),
            patient_name: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
