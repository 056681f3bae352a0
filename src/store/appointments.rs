//! Queries on `appointments`: the rows behind R2, R3, R4, R8 and R9, and the lists.

use super::patients::matching;
use super::slots::SlotRow;
use super::sql::{Filter, minute, minute_at, opt_stamp_at, parsed_at, stamp};
pub use crate::domain::appointment::{AppointmentQuery, Order};
use crate::domain::{
    AccountId, Appointment, AppointmentId, DayLoad, DoctorId, PatientId, SeriesId, SlotId, Status,
    VisitTypeId,
};
use crate::error::{Error, Result};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

/// An appointment's own columns, for rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppointmentRow {
    pub id: AppointmentId,
    pub slot_id: Option<SlotId>,
    pub doctor_id: DoctorId,
    pub patient_id: PatientId,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub duration: u32,
    pub status: Status,
    pub visit_type: Option<VisitTypeId>,
    pub series_id: Option<SeriesId>,
}

pub fn row(conn: &Connection, id: AppointmentId) -> Result<AppointmentRow> {
    conn.prepare_cached(
        "SELECT id, slot_id, doctor_id, patient_id, start, end_at, duration, status,
                visit_type_id, series_id
         FROM appointments WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(AppointmentRow {
            id: r.get(0)?,
            slot_id: r.get(1)?,
            doctor_id: r.get(2)?,
            patient_id: r.get(3)?,
            start: minute_at(r, 4)?,
            end: minute_at(r, 5)?,
            duration: r.get(6)?,
            status: parsed_at(r, 7)?,
            visit_type: r.get(8)?,
            series_id: r.get(9)?,
        })
    })
    .optional()?
    .ok_or_else(|| Error::not_found(format!("there is no appointment {id}")))
}

/// The active appointment covering `slot`, if any (R2): its first slot or one after.
pub fn active_on_slot(conn: &Connection, slot: SlotId) -> Result<Option<AppointmentId>> {
    super::visit_types::visit_on(conn, slot)
}

/// A number no series has yet.
pub fn next_series(conn: &Connection) -> Result<SeriesId> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(series_id), 0) + 1 FROM appointments")?
        .query_row([], |r| r.get(0))?)
}

/// The active visits of `series` starting after `start` (or at it, other than `except`).
pub fn later_in_series(
    conn: &Connection,
    series: SeriesId,
    start: NaiveDateTime,
    except: AppointmentId,
) -> Result<Vec<AppointmentId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM appointments
         WHERE series_id = ?1 AND start >= ?2 AND id <> ?3 AND status = 'booked'
         ORDER BY start",
    )?;
    let rows = stmt.query_map(params![series, minute(start), except], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The first visit of `series`, by time.
pub fn first_in_series(conn: &Connection, series: SeriesId) -> Result<Option<AppointmentId>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM appointments WHERE series_id = ?1 ORDER BY start, id LIMIT 1",
        )?
        .query_row([series], |r| r.get(0))
        .optional()?)
}

/// How many visits of `series` are still booked to start after `now`.
pub fn booked_in_series_after(
    conn: &Connection,
    series: SeriesId,
    now: NaiveDateTime,
) -> Result<u64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM appointments
             WHERE series_id = ?1 AND start > ?2 AND status = 'booked'",
        )?
        .query_row(params![series, minute(now)], |r| r.get::<_, i64>(0))?
        .unsigned_abs())
}

/// The start of `patient`'s first active appointment overlapping `[start, end)`, other than
/// `except` (R3).
pub fn patient_overlap(
    conn: &Connection,
    patient: PatientId,
    start: NaiveDateTime,
    end: NaiveDateTime,
    except: Option<AppointmentId>,
) -> Result<Option<(NaiveDateTime, String)>> {
    let earliest = start - chrono::Duration::days(1);
    Ok(conn
        .prepare_cached(
            "SELECT a.start, d.full_name FROM appointments a JOIN doctors d ON d.id = a.doctor_id
             WHERE a.patient_id = ?1 AND a.status <> 'cancelled'
               AND a.start < ?3 AND a.start > ?4 AND a.end_at > ?2
               AND (?5 IS NULL OR a.id <> ?5)
             ORDER BY a.start LIMIT 1",
        )?
        .query_row(
            params![
                patient,
                minute(start),
                minute(end),
                minute(earliest),
                except
            ],
            |r| Ok((minute_at(r, 0)?, r.get(1)?)),
        )
        .optional()?)
}

/// `doctor`'s active appointments and booked minutes on `day`, not counting `except` (R4).
/// Read from the daily totals the triggers keep, so a booking does one lookup, not a scan.
pub fn day_load(
    conn: &Connection,
    doctor: DoctorId,
    day: NaiveDate,
    except: Option<AppointmentId>,
) -> Result<DayLoad> {
    let mut load = conn
        .prepare_cached(
            "SELECT active, booked_mins FROM doctor_days WHERE day = ?1 AND doctor_id = ?2",
        )?
        .query_row(params![super::sql::date(day), doctor], |r| {
            Ok(DayLoad {
                appointments: r.get(0)?,
                minutes: r.get(1)?,
            })
        })
        .optional()?
        .unwrap_or_default();
    if let Some(id) = except {
        let a = row(conn, id)?;
        if a.doctor_id == doctor && a.start.date() == day && a.status.is_active() {
            load.appointments = load.appointments.saturating_sub(1);
            load.minutes = load.minutes.saturating_sub(a.duration);
        }
    }
    Ok(load)
}

/// What a new appointment records.
#[derive(Debug, Clone)]
pub struct NewAppointment<'a> {
    /// The visit's first slot.
    pub slot: &'a SlotRow,
    /// The end of the visit's last slot, and the minutes its slots total.
    pub end: NaiveDateTime,
    pub minutes: u32,
    pub visit_type: Option<VisitTypeId>,
    pub series: Option<SeriesId>,
    pub patient: PatientId,
    pub reason: Option<&'a str>,
    pub override_reason: Option<&'a str>,
    pub booked_by: Option<AccountId>,
}

pub fn insert(
    conn: &Connection,
    a: &NewAppointment<'_>,
    now: NaiveDateTime,
) -> Result<AppointmentId> {
    conn.prepare_cached(
        "INSERT INTO appointments (slot_id, doctor_id, patient_id, start, end_at, duration,
                                   status, reason, override_reason, booked_at, booked_by, updated_at,
                                   visit_type_id, series_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'booked', ?7, ?8, ?9, ?10, ?9, ?11, ?12)",
    )?
    .execute(params![
        a.slot.id,
        a.slot.doctor_id,
        a.patient,
        minute(a.slot.start),
        minute(a.end),
        a.minutes,
        a.reason,
        a.override_reason,
        stamp(now),
        a.booked_by,
        a.visit_type,
        a.series
    ])?;
    Ok(AppointmentId(conn.last_insert_rowid()))
}

/// R8: points the appointment at another first slot (and the run to `end`) and counts the
/// reschedule.
pub fn move_to(
    conn: &Connection,
    id: AppointmentId,
    slot: &SlotRow,
    end: NaiveDateTime,
    minutes: u32,
    override_reason: Option<&str>,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE appointments
         SET slot_id = ?2, doctor_id = ?3, start = ?4, end_at = ?5, duration = ?6,
             reschedules = reschedules + 1, override_reason = coalesce(?7, override_reason),
             updated_at = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        slot.id,
        slot.doctor_id,
        minute(slot.start),
        minute(end),
        minutes,
        override_reason,
        stamp(now)
    ])?;
    Ok(())
}

/// R9: records a status change with its time (and, for a cancellation, who and why).
pub fn set_status(
    conn: &Connection,
    id: AppointmentId,
    status: Status,
    by: Option<AccountId>,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> Result<()> {
    let at = stamp(now);
    let sql = match status {
        Status::CheckedIn => {
            "UPDATE appointments SET status = 'checked_in', checked_in_at = ?2, updated_at = ?2 WHERE id = ?1"
        }
        Status::Completed => {
            "UPDATE appointments SET status = 'completed', completed_at = ?2, updated_at = ?2 WHERE id = ?1"
        }
        Status::NoShow => {
            "UPDATE appointments SET status = 'no_show', updated_at = ?2 WHERE id = ?1"
        }
        Status::Cancelled => {
            "UPDATE appointments SET status = 'cancelled', cancelled_at = ?2, updated_at = ?2, cancelled_by = ?3, cancel_reason = ?4 WHERE id = ?1"
        }
        Status::Booked => {
            return Err(Error::internal(
                "an appointment is never set back to booked",
            ));
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    if status == Status::Cancelled {
        stmt.execute(params![id, at, by, reason])?;
    } else {
        stmt.execute(params![id, at])?;
    }
    Ok(())
}

/// Sets a visit's status one step back, after its correction was recorded: to `booked`
/// (the arrival forgotten) or to `checked_in` (the completion forgotten).
pub fn set_back(
    conn: &Connection,
    id: AppointmentId,
    to: Status,
    now: NaiveDateTime,
) -> Result<()> {
    let sql = match to {
        Status::Booked => {
            "UPDATE appointments SET status = 'booked', checked_in_at = NULL, updated_at = ?2 WHERE id = ?1"
        }
        Status::CheckedIn => {
            "UPDATE appointments SET status = 'checked_in', completed_at = NULL, updated_at = ?2 WHERE id = ?1"
        }
        other => {
            return Err(Error::internal(format!(
                "a correction never sets a visit to {other}"
            )));
        }
    };
    conn.prepare_cached(sql)?.execute(params![id, stamp(now)])?;
    Ok(())
}

/// Visits still booked that started in `[since, cutoff]` and were never taken back from a
/// no-show: those the automatic no-show marks.
pub fn sweepable(
    conn: &Connection,
    since: NaiveDateTime,
    cutoff: NaiveDateTime,
) -> Result<Vec<AppointmentId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id FROM appointments a
         WHERE a.start >= ?1 AND a.start <= ?2 AND a.status = 'booked'
           AND NOT EXISTS (SELECT 1 FROM corrections c
                           WHERE c.appointment_id = a.id AND c.from_status = 'no_show')
         ORDER BY a.start, a.id",
    )?;
    let rows = stmt.query_map(params![minute(since), minute(cutoff)], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many visits starting in `[from, to)` (of `doctor`, if given) stand in each status, in
/// the order of [`Status::ALL`].
pub fn status_counts(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    doctor: Option<DoctorId>,
) -> Result<[u64; 5]> {
    let mut out = [0; 5];
    let mut stmt = match doctor {
        Some(_) => conn.prepare_cached(
            "SELECT status, count(*) FROM appointments
             WHERE doctor_id = ?3 AND start >= ?1 AND start < ?2 GROUP BY status",
        )?,
        None => conn.prepare_cached(
            "SELECT status, count(*) FROM appointments
             WHERE start >= ?1 AND start < ?2 AND ?3 IS NULL GROUP BY status",
        )?,
    };
    let rows = stmt.query_map(params![minute(from), minute(to), doctor], |r| {
        Ok((parsed_at::<Status>(r, 0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (status, n) = row?;
        if let Some(i) = Status::ALL.iter().position(|s| *s == status) {
            out[i] = n.unsigned_abs();
        }
    }
    Ok(out)
}

/// Every active visit starting in `[from, to)`, by doctor (name, then id) and time: the day
/// sheet. Sorted here rather than by SQL: SQLite's sorter copies each whole row, names and
/// contact details with it, into a temporary b-tree, which was two thirds of the day sheet's
/// time on the big clinic. `COLLATE NOCASE` folds ASCII only, as the key below does.
pub fn active_by_doctor(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<Appointment>> {
    let sql = format!("{SELECT} WHERE a.start >= ?1 AND a.start < ?2 AND a.status <> 'cancelled'");
    let mut rows: Vec<Appointment> = conn
        .prepare_cached(&sql)?
        .query_map(params![minute(from), minute(to)], view)?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_by_cached_key(|a| {
        (
            a.doctor_name.to_ascii_lowercase(),
            a.doctor_id,
            a.start,
            a.id,
        )
    });
    Ok(rows)
}

const SELECT: &str = "SELECT a.id, a.slot_id, a.doctor_id, d.full_name, sp.name, a.patient_id,
        p.full_name, a.start, a.end_at, a.duration, a.status, a.reason, a.reschedules,
        p.phone, p.email, a.override_reason, a.cancel_reason, a.cancelled_at,
        CASE WHEN a.cancelled_at IS NULL THEN NULL
             WHEN ca.role = 'admin' THEN 'the front desk'
             WHEN ca.role = 'doctor' THEN
                 coalesce((SELECT cd.full_name FROM doctors cd WHERE cd.account_id = ca.id), 'the doctor')
             WHEN ca.role = 'patient' THEN 'the patient'
             ELSE 'the clinic' END,
        vt.name, a.series_id, a.checked_in_at, a.completed_at, a.booked_at
    FROM appointments a
    JOIN doctors d      ON d.id = a.doctor_id
    JOIN specialties sp ON sp.id = d.specialty_id
    JOIN patients p     ON p.id = a.patient_id
    LEFT JOIN accounts ca ON ca.id = a.cancelled_by
    LEFT JOIN visit_types vt ON vt.id = a.visit_type_id";

fn view(r: &Row<'_>) -> rusqlite::Result<Appointment> {
    Ok(Appointment {
        id: r.get(0)?,
        slot_id: r.get(1)?,
        doctor_id: r.get(2)?,
        doctor_name: r.get(3)?,
        specialty: r.get(4)?,
        patient_id: r.get(5)?,
        patient_name: r.get(6)?,
        start: minute_at(r, 7)?,
        end: minute_at(r, 8)?,
        duration: r.get(9)?,
        status: parsed_at(r, 10)?,
        reason: r.get(11)?,
        reschedules: r.get(12)?,
        patient_phone: r.get(13)?,
        patient_email: r.get(14)?,
        override_reason: r.get(15)?,
        cancel_reason: r.get(16)?,
        cancelled_at: opt_stamp_at(r, 17)?,
        cancelled_by: r.get(18)?,
        visit_type: r.get(19)?,
        series_id: r.get(20)?,
        checked_in_at: opt_stamp_at(r, 21)?,
        completed_at: opt_stamp_at(r, 22)?,
        booked_at: super::sql::stamp_at(r, 23)?,
    })
}

/// Every appointment starting in `[from, to)` (only `patient`'s, if given), by time, one at a
/// time through `f`: an export of any size holds one row.
pub fn each(
    conn: &Connection,
    (from, to): (NaiveDateTime, NaiveDateTime),
    patient: Option<PatientId>,
    mut f: impl FnMut(Appointment) -> Result<()>,
) -> Result<()> {
    let mut stmt = match patient {
        Some(_) => conn.prepare_cached(&format!(
            "{SELECT} WHERE a.patient_id = ?3 AND a.start >= ?1 AND a.start < ?2 ORDER BY a.start, a.id"
        ))?,
        None => conn.prepare_cached(&format!(
            "{SELECT} WHERE a.start >= ?1 AND a.start < ?2 AND ?3 IS NULL ORDER BY a.start, a.id"
        ))?,
    };
    let mut rows = stmt.query(params![minute(from), minute(to), patient])?;
    while let Some(r) = rows.next()? {
        f(view(r)?)?;
    }
    Ok(())
}

pub fn get(conn: &Connection, id: AppointmentId) -> Result<Appointment> {
    conn.prepare_cached(&format!("{SELECT} WHERE a.id = ?1"))?
        .query_row([id], view)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("there is no appointment {id}")))
}

pub fn list(conn: &Connection, q: &AppointmentQuery<'_>) -> Result<Vec<Appointment>> {
    let order = match q.order {
        Order::Time => "a.start, d.full_name COLLATE NOCASE, a.id",
        Order::Doctor => "d.full_name COLLATE NOCASE, a.doctor_id, a.start, a.id",
        Order::NewestFirst => "a.start DESC, a.id DESC",
    };
    let mut w = Filter::default();
    w.and_some("a.doctor_id = ?", q.doctor)
        .and_some("a.patient_id = ?", q.patient)
        .and_some("a.start >= ?", q.from.map(minute))
        .and_some("a.start < ?", q.to.map(minute))
        .and_some("a.status = ?", q.status.map(Status::as_str));
    if let Some(text) = q.search {
        // Find the matching people first, then their appointments by index.
        let (patient, value) = matching("pm", text);
        w.and(
            &format!(
                "(a.doctor_id IN (SELECT id FROM doctors WHERE instr(search_key, ?) > 0)
                  OR a.patient_id IN (SELECT pm.id FROM patients pm WHERE {patient}))"
            ),
            vec![Box::new(crate::domain::text::search_key(text)), value],
        );
    }
    let sql = format!("{SELECT}{} ORDER BY {order} LIMIT ? OFFSET ?", w.sql());
    let params = w.params(vec![Box::new(q.limit), Box::new(q.offset)]);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params.iter()), view)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
