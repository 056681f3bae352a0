//! Bulk loading for the demo generator: raw inserts in one big transaction, bypassing the
//! use cases (the generator itself guarantees the rules; `clinic check` verifies them).

use super::Store;
use super::sql::{minute, stamp};
use crate::domain::{AccountId, DoctorId, PatientId, SlotId, Status};
use crate::error::Result;
use chrono::NaiveDateTime;
use rusqlite::{Transaction, TransactionBehavior, params};

/// One historical or future appointment, as the generator decided it.
#[derive(Debug, Clone)]
pub struct BulkAppointment {
    pub slot: SlotId,
    pub doctor: DoctorId,
    pub patient: PatientId,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub duration: u32,
    pub status: Status,
    /// When the patient was checked in, and when the visit was done.
    pub arrived: Option<NaiveDateTime>,
    pub done: Option<NaiveDateTime>,
    pub booked_at: NaiveDateTime,
    pub reason: Option<&'static str>,
    pub booked_by: Option<AccountId>,
}

impl Store {
    /// Runs `f` in one `BEGIN IMMEDIATE` transaction on the raw connection.
    pub fn bulk<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        // A big page cache (256 MiB) keeps the B-trees being filled in memory.
        self.conn().pragma_update(None, "cache_size", -262_144)?;
        let tx = Transaction::new_unchecked(self.conn(), TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Runs `f` with the secondary indexes and triggers of `slots` and `appointments` dropped,
/// then recreates them from their own saved definitions: building an index once after a
/// bulk load is much faster than maintaining it row by row. The rules the triggers enforce
/// must be kept by the loader itself (and are verified by `clinic check`).
pub fn with_deferred_indexes<T>(
    tx: &Transaction<'_>,
    f: impl FnOnce(&Transaction<'_>) -> Result<T>,
) -> Result<T> {
    let saved: Vec<(String, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT type, name, sql FROM sqlite_master
             WHERE tbl_name IN ('slots', 'appointments', 'visit_slots')
               AND type IN ('index', 'trigger')
               AND sql IS NOT NULL
             ORDER BY type = 'trigger', name",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (kind, name, _) in &saved {
        tx.execute_batch(&format!("DROP {kind} \"{name}\""))?;
    }
    let out = f(tx)?;
    for (kind, _, sql) in &saved {
        if kind == "index" {
            tx.execute_batch(sql)?;
        }
    }
    // What the appointment triggers would have written: the slots each active visit covers
    // (the loader has set their `booked` flag already, so visit_slots' own triggers, which
    // would set it again row by row, are still dropped here).
    tx.execute_batch(
        "INSERT INTO visit_slots (slot_id, appointment_id)
         SELECT s.id, a.id FROM appointments a
         JOIN slots s ON s.doctor_id = a.doctor_id AND s.start >= a.start AND s.start < a.end_at
         WHERE a.status <> 'cancelled'",
    )?;
    for (kind, _, sql) in &saved {
        if kind == "trigger" {
            tx.execute_batch(sql)?;
        }
    }
    Ok(out)
}

/// True for a clinic with no accounts, doctors or patients: the only kind the demo fills.
pub fn is_empty(tx: &Transaction<'_>) -> Result<bool> {
    Ok(tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM accounts) AND NOT EXISTS (SELECT 1 FROM doctors)
                AND NOT EXISTS (SELECT 1 FROM patients)",
        [],
        |r| r.get(0),
    )?)
}

/// A slot; `booked` says whether an active appointment will be loaded onto it (the triggers
/// that keep `slots.booked` are deferred during a bulk load).
pub fn insert_slot(
    tx: &Transaction<'_>,
    doctor: DoctorId,
    start: NaiveDateTime,
    end: NaiveDateTime,
    duration: u32,
    booked: bool,
    plan: Option<crate::domain::PlanId>,
) -> Result<SlotId> {
    tx.prepare_cached(
        "INSERT INTO slots (doctor_id, start, end_at, duration, booked, plan_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        doctor,
        minute(start),
        minute(end),
        duration,
        booked,
        plan
    ])?;
    Ok(SlotId(tx.last_insert_rowid()))
}

pub fn insert_appointment(tx: &Transaction<'_>, a: &BulkAppointment) -> Result<()> {
    let booked = stamp(a.booked_at);
    let cancelled = (a.status == Status::Cancelled).then(|| booked.clone());
    let (checked_in, completed) = (a.arrived.map(stamp), a.done.map(stamp));
    tx.prepare_cached(
        "INSERT INTO appointments (slot_id, doctor_id, patient_id, start, end_at, duration, status,
                                   reason, booked_at, booked_by, checked_in_at, completed_at,
                                   cancelled_at, cancelled_by, cancel_reason, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?9)",
    )?
    .execute(params![
        a.slot,
        a.doctor,
        a.patient,
        minute(a.start),
        minute(a.end),
        a.duration,
        a.status.as_str(),
        a.reason,
        booked,
        a.booked_by,
        checked_in,
        completed,
        cancelled,
        cancelled.as_ref().and(a.booked_by),
        cancelled.as_ref().map(|_| "patient called to cancel"),
    ])?;
    Ok(())
}

/// One doctor's totals for one day, as `doctor_days` keeps them.
#[derive(Debug, Clone, Copy, Default)]
pub struct DayTotals {
    pub slots: u32,
    pub declared_mins: u32,
    pub active: u32,
    pub booked_mins: u32,
    pub completed: u32,
    pub cancelled: u32,
    pub no_shows: u32,
}

impl DayTotals {
    pub fn add_slot(&mut self, minutes: u32) {
        self.slots += 1;
        self.declared_mins += minutes;
    }

    pub fn add_appointment(&mut self, status: Status, minutes: u32) {
        if status.is_active() {
            self.active += 1;
            self.booked_mins += minutes;
        }
        match status {
            Status::Completed => self.completed += 1,
            Status::Cancelled => self.cancelled += 1,
            Status::NoShow => self.no_shows += 1,
            Status::Booked | Status::CheckedIn => {}
        }
    }
}

/// The `doctor_days` row the triggers would have kept, written once per doctor and day.
pub fn insert_doctor_day(
    tx: &Transaction<'_>,
    day: chrono::NaiveDate,
    doctor: DoctorId,
    t: &DayTotals,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO doctor_days (day, doctor_id, slots, declared_mins, active, booked_mins,
                                  completed, cancelled, no_shows)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        super::sql::date(day),
        doctor,
        t.slots,
        t.declared_mins,
        t.active,
        t.booked_mins,
        t.completed,
        t.cancelled,
        t.no_shows
    ])?;
    Ok(())
}
