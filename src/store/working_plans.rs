//! Queries on `plans`, `plan_ranges` and `planned_days`: doctors' weekly templates, and which
//! of their days the templates have already been laid out on.

use super::sql::{date, date_at, minute, stamp};
use crate::domain::plan::{Plan, PlanRange};
use crate::domain::time::{fmt_clock, parse_clock};
use crate::domain::{AccountId, DoctorId, PlanId};
use crate::error::Result;
use chrono::{NaiveDate, NaiveDateTime, Weekday};
use rusqlite::{Connection, OptionalExtension, params};

/// A stored plan: its id, the plan, and when it stopped being the one for its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    pub id: PlanId,
    pub plan: Plan,
    /// Set when a later plan for the same doctor and date replaced it; kept as history.
    pub superseded_at: Option<NaiveDateTime>,
}

/// Stores `plan`, replacing (as history) the one the doctor had for the same date.
pub fn insert(
    conn: &Connection,
    plan: &Plan,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> Result<PlanId> {
    conn.prepare_cached(
        "UPDATE plans SET superseded_at = ?3
         WHERE doctor_id = ?1 AND effective_from = ?2 AND superseded_at IS NULL",
    )?
    .execute(params![
        plan.doctor_id,
        date(plan.effective_from),
        stamp(now)
    ])?;
    conn.prepare_cached(
        "INSERT INTO plans (doctor_id, effective_from, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        plan.doctor_id,
        date(plan.effective_from),
        stamp(now),
        by
    ])?;
    let id = PlanId(conn.last_insert_rowid());
    let mut range = conn.prepare_cached(
        "INSERT INTO plan_ranges (plan_id, weekday, starts, ends, length)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for r in &plan.ranges {
        range.execute(params![
            id,
            r.weekday.num_days_from_monday(),
            fmt_clock(r.from),
            fmt_clock(r.to),
            r.length
        ])?;
    }
    Ok(id)
}

fn ranges(conn: &Connection, id: PlanId) -> Result<Vec<PlanRange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT weekday, starts, ends, length FROM plan_ranges
         WHERE plan_id = ?1 ORDER BY weekday, starts",
    )?;
    let rows = stmt.query_map([id], |r| {
        let day: u8 = r.get(0)?;
        let from: String = r.get(1)?;
        let to: String = r.get(2)?;
        Ok((day, from, to, r.get::<_, u32>(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (day, from, to, length) = row?;
        out.push(PlanRange {
            weekday: Weekday::try_from(day).unwrap_or(Weekday::Mon),
            from: parse_clock(&from)?,
            to: parse_clock(&to)?,
            length,
        });
    }
    Ok(out)
}

/// The doctor's plans in force (not replaced), oldest first; with `history`, the replaced
/// ones too, in the order they were made.
pub fn of_doctor(conn: &Connection, doctor: DoctorId, history: bool) -> Result<Vec<PlanRow>> {
    let sql = if history {
        "SELECT id, doctor_id, effective_from, superseded_at FROM plans
         WHERE doctor_id = ?1 ORDER BY effective_from, id"
    } else {
        "SELECT id, doctor_id, effective_from, superseded_at FROM plans
         WHERE doctor_id = ?1 AND superseded_at IS NULL ORDER BY effective_from"
    };
    let heads: Vec<(PlanId, DoctorId, NaiveDate, Option<NaiveDateTime>)> = conn
        .prepare_cached(sql)?
        .query_map([doctor], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                date_at(r, 2)?,
                super::sql::opt_stamp_at(r, 3)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    heads
        .into_iter()
        .map(|(id, doctor_id, effective_from, superseded_at)| {
            Ok(PlanRow {
                id,
                plan: Plan {
                    doctor_id,
                    effective_from,
                    ranges: ranges(conn, id)?,
                },
                superseded_at,
            })
        })
        .collect()
}

/// The first plan in force that takes effect after `day`, if any.
pub fn next_start(
    conn: &Connection,
    doctor: DoctorId,
    day: NaiveDate,
) -> Result<Option<NaiveDate>> {
    conn.prepare_cached(
        "SELECT min(effective_from) FROM plans
         WHERE doctor_id = ?1 AND effective_from > ?2 AND superseded_at IS NULL",
    )?
    .query_row(params![doctor, date(day)], |r| {
        r.get::<_, Option<String>>(0)
    })?
    .map(|d| crate::domain::time::parse_date(&d))
    .transpose()
}

/// Doctors with at least one plan in force, active ones only.
pub fn planned_doctors(conn: &Connection) -> Result<Vec<DoctorId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT p.doctor_id FROM plans p JOIN doctors d ON d.id = p.doctor_id
         WHERE p.superseded_at IS NULL AND d.active = 1 ORDER BY p.doctor_id",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The days in `[from, to)` the doctor's plans are already laid out on.
pub fn laid_out(
    conn: &Connection,
    doctor: DoctorId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<NaiveDate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day FROM planned_days WHERE doctor_id = ?1 AND day >= ?2 AND day < ?3",
    )?;
    let rows = stmt.query_map(params![doctor, date(from), date(to)], |r| date_at(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks `day` as laid out by `plan`.
pub fn mark_laid_out(
    conn: &Connection,
    doctor: DoctorId,
    day: NaiveDate,
    plan: PlanId,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO planned_days (doctor_id, day, plan_id) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![doctor, date(day), plan])?;
    Ok(())
}

/// Forgets that the days in `[from, to)` were laid out (`None`: every doctor's), so the
/// next apply lays them out again.
pub fn forget_laid_out(
    conn: &Connection,
    doctor: Option<DoctorId>,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> Result<()> {
    // Past the calendar's last day when open-ended (see `sql::date`).
    let to = to.map_or_else(|| "9999-12-32".to_string(), date);
    match doctor {
        Some(d) => conn
            .prepare_cached(
                "DELETE FROM planned_days WHERE doctor_id = ?1 AND day >= ?2 AND day < ?3",
            )?
            .execute(params![d, date(from), to])?,
        None => conn
            .prepare_cached("DELETE FROM planned_days WHERE day >= ?1 AND day < ?2")?
            .execute(params![date(from), to])?,
    };
    Ok(())
}

/// A plan slot: made by a plan, not declared by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanSlot {
    pub slot: crate::domain::SlotId,
    pub start: NaiveDateTime,
    pub minutes: u32,
    /// The active appointment on it, if any.
    pub booked: Option<crate::domain::AppointmentId>,
    /// Whether someone holds it now.
    pub held: bool,
}

/// The doctor's plan slots starting in `[from, to)` (`to` `None`: from then on).
pub fn plan_slots(
    conn: &Connection,
    doctor: DoctorId,
    from: NaiveDateTime,
    to: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<Vec<PlanSlot>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.start, s.duration,
                (SELECT v.appointment_id FROM visit_slots v WHERE v.slot_id = s.id),
                EXISTS (SELECT 1 FROM holds h WHERE h.slot_id = s.id AND h.expires_at > ?4)
         FROM slots s
         WHERE s.doctor_id = ?1 AND s.start >= ?2 AND (?3 IS NULL OR s.start < ?3)
           AND s.plan_id IS NOT NULL
         ORDER BY s.start",
    )?;
    let rows = stmt.query_map(
        params![doctor, minute(from), to.map(minute), stamp(now)],
        |r| {
            Ok(PlanSlot {
                slot: r.get(0)?,
                start: super::sql::minute_at(r, 1)?,
                minutes: r.get(2)?,
                booked: r.get(3)?,
                held: r.get(4)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Inserts slots made by plans, in one statement (one statement journal, one trigger
/// program, instead of one of each per slot); the schema refuses any inside time off or
/// over another slot, and then none is inserted.
pub fn insert_slots(
    conn: &Connection,
    doctor: DoctorId,
    made: &[(crate::domain::SlotPlan, PlanId)],
) -> Result<()> {
    if made.is_empty() {
        return Ok(());
    }
    let rows: Vec<(String, String, u32, PlanId)> = made
        .iter()
        .map(|(slot, plan)| (minute(slot.start), minute(slot.end()), slot.minutes, *plan))
        .collect();
    let rows =
        serde_json::to_string(&rows).map_err(|e| crate::error::Error::internal(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO slots (doctor_id, start, end_at, duration, plan_id)
         SELECT ?1, value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?2)",
    )?
    .execute(params![doctor, rows])?;
    Ok(())
}

/// The starts of the doctor's slots (any kind) in `[from, to)` with their ends: what a day
/// already has, so laying out a plan skips what would overlap without a query per slot.
pub fn taken(
    conn: &Connection,
    doctor: DoctorId,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<(NaiveDateTime, NaiveDateTime)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT start, end_at FROM slots
         WHERE doctor_id = ?1 AND start >= ?2 AND start < ?3 ORDER BY start",
    )?;
    let rows = stmt.query_map(params![doctor, minute(from), minute(to)], |r| {
        Ok((super::sql::minute_at(r, 0)?, super::sql::minute_at(r, 1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The plan id a day was laid out with, if it was.
pub fn laid_out_with(
    conn: &Connection,
    doctor: DoctorId,
    day: NaiveDate,
) -> Result<Option<PlanId>> {
    Ok(conn
        .prepare_cached("SELECT plan_id FROM planned_days WHERE doctor_id = ?1 AND day = ?2")?
        .query_row(params![doctor, date(day)], |r| r.get(0))
        .optional()?
        .flatten())
}

/// The last day a full `plan apply` laid every doctor's plans out through.
pub fn planned_through(conn: &Connection) -> Result<Option<NaiveDate>> {
    Ok(conn
        .prepare_cached("SELECT planned_through FROM settings WHERE id = 1")?
        .query_row([], |r| super::sql::opt_date_at(r, 0))?)
}

pub fn set_planned_through(conn: &Connection, day: NaiveDate) -> Result<()> {
    conn.prepare_cached(
        "UPDATE settings SET planned_through = ?1
         WHERE id = 1 AND (planned_through IS NULL OR planned_through < ?1)",
    )?
    .execute([date(day)])?;
    Ok(())
}
