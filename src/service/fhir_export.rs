//! `export fhir` (SPEC §13): the clinic as HL7 FHIR R4 — Practitioners, Patients, one
//! Schedule per doctor, Slots and Appointments — as a Bundle of type `collection` or as NDJSON,
//! written as the rows are read (one consistent snapshot, constant memory).
//!
//! The front desk exports everything in the range (patients: those with a visit in it, or all
//! of them without a range); a patient exports themself, their own visits and the doctors of
//! those visits, so every reference resolves inside what was exported.

use super::{Clinic, record};
use crate::domain::{Actor, Appointment, SlotId, Status};
use crate::error::{Error, Result};
use crate::fhir::{Resource, map};
use crate::store::{appointments, doctors, patients, slots, visit_types};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Connection;
use serde::Serialize;
use std::io::Write;

/// How the export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FhirFormat {
    /// One Bundle of type `collection`.
    Bundle,
    /// One resource a line.
    Ndjson,
}

/// How many resources of each kind an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FhirCounts {
    pub practitioners: u64,
    pub schedules: u64,
    pub patients: u64,
    pub slots: u64,
    pub appointments: u64,
}

impl FhirCounts {
    fn total(&self) -> u64 {
        self.practitioners + self.schedules + self.patients + self.slots + self.appointments
    }
}

/// Writes resources one by one in the chosen format, counting them.
struct Writer<'a> {
    out: &'a mut dyn Write,
    format: FhirFormat,
    counts: FhirCounts,
}

fn io(e: impl std::fmt::Display) -> Error {
    Error::internal(format!("cannot write the export: {e}"))
}

impl<'a> Writer<'a> {
    fn start(out: &'a mut dyn Write, format: FhirFormat, now: NaiveDateTime) -> Result<Writer<'a>> {
        if format == FhirFormat::Bundle {
            let stamp = map::instant(super::to_utc(now));
            write!(
                out,
                r#"{{"resourceType":"Bundle","type":"collection","timestamp":"{stamp}","entry":["#
            )
            .map_err(io)?;
        }
        Ok(Writer {
            out,
            format,
            counts: FhirCounts::default(),
        })
    }

    fn put(&mut self, resource: Resource) -> Result<()> {
        match self.format {
            FhirFormat::Bundle => {
                if self.counts.total() > 0 {
                    self.out.write_all(b",").map_err(io)?;
                }
                self.out.write_all(br#"{"resource":"#).map_err(io)?;
                serde_json::to_writer(&mut *self.out, &resource).map_err(io)?;
                self.out.write_all(b"}").map_err(io)?;
            }
            FhirFormat::Ndjson => {
                serde_json::to_writer(&mut *self.out, &resource).map_err(io)?;
                self.out.write_all(b"\n").map_err(io)?;
            }
        }
        let c = &mut self.counts;
        match resource {
            Resource::Practitioner(_) => c.practitioners += 1,
            Resource::Schedule(_) => c.schedules += 1,
            Resource::Patient(_) => c.patients += 1,
            Resource::Slot(_) => c.slots += 1,
            Resource::Appointment(_) => c.appointments += 1,
        }
        Ok(())
    }

    fn finish(self) -> Result<FhirCounts> {
        if self.format == FhirFormat::Bundle {
            self.out.write_all(b"]}\n").map_err(io)?;
        }
        self.out.flush().map_err(io)?;
        Ok(self.counts)
    }
}

/// `[from, to]` as whole days, either end open.
fn range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(NaiveDateTime, NaiveDateTime)> {
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        return Err(Error::invalid("the range ends before it starts"));
    }
    let first = from.unwrap_or(NaiveDate::from_ymd_opt(1, 1, 1).expect("a date"));
    let last = to.map_or(NaiveDate::MAX, crate::domain::time::next_day);
    Ok((
        first.and_time(NaiveTime::MIN),
        last.and_time(NaiveTime::MIN),
    ))
}

/// The slots an appointment covers, to refer to: every one of an active visit, the first of a
/// cancelled one while it still exists.
fn slots_of(tx: &Connection, a: &Appointment) -> Result<Vec<SlotId>> {
    if a.status == Status::Cancelled {
        return Ok(a.slot_id.into_iter().collect());
    }
    Ok(visit_types::covered_by(tx, a.id)?
        .into_iter()
        .map(|s| s.id)
        .collect())
}

impl Clinic {
    /// Writes the clinic (an admin) or one's own record (a patient) as FHIR R4 to `out`,
    /// for visits and slots starting in `[from, to]` (whole days; either end open).
    pub fn export_fhir(
        &self,
        actor: &Actor,
        (from, to): (Option<NaiveDate>, Option<NaiveDate>),
        format: FhirFormat,
        out: &mut dyn Write,
    ) -> Result<FhirCounts> {
        match actor {
            Actor::Admin { .. } | Actor::Patient { .. } => {}
            Actor::Guest => return Err(Error::auth("sign in first")),
            Actor::Doctor { .. } => {
                return Err(Error::forbidden(
                    "only the front desk exports the clinic; a patient may export their own record",
                ));
            }
        }
        let span = range(from, to)?;
        let now = self.now();
        let ranged = from.is_some() || to.is_some();
        let counts = self.store.read(|tx| {
            let mut w = Writer::start(out, format, now)?;
            match actor.patient_id() {
                Some(me) => {
                    doctors::each(tx, Some((me, span.0, span.1)), |d| {
                        w.put(map::practitioner(&d))
                    })?;
                    w.put(map::patient(&patients::get(tx, me)?))?;
                    appointments::each(tx, span, Some(me), |a| {
                        // The slots are not the patient's to see: no reference to them.
                        w.put(map::appointment(&a, &[], a.booked_at))
                    })?;
                }
                None => {
                    doctors::each(tx, None, |d| w.put(map::practitioner(&d)))?;
                    doctors::each(tx, None, |d| w.put(map::schedule(&d)))?;
                    patients::each(tx, ranged.then_some(span), |p| w.put(map::patient(&p)))?;
                    slots::each_with_state(tx, span, now, |s, state| {
                        w.put(map::slot(&map::SlotRecord {
                            id: s.id,
                            doctor: s.doctor_id,
                            start: s.start,
                            minutes: s.duration,
                            state,
                        }))
                    })?;
                    appointments::each(tx, span, None, |a| {
                        let covered = slots_of(tx, &a)?;
                        w.put(map::appointment(&a, &covered, a.booked_at))
                    })?;
                }
            }
            w.finish()
        })?;
        self.store.write(|tx| {
            record(
                tx,
                now,
                actor,
                "export_fhir",
                None,
                format!(
                    "{} practitioners, {} patients, {} slots, {} appointments{}",
                    counts.practitioners,
                    counts.patients,
                    counts.slots,
                    counts.appointments,
                    match (from, to) {
                        (None, None) => String::new(),
                        _ => format!(
                            " from {} to {}",
                            from.map(crate::domain::time::fmt_date)
                                .unwrap_or("the start".into()),
                            to.map(crate::domain::time::fmt_date)
                                .unwrap_or("the end".into())
                        ),
                    }
                ),
            )
        })?;
        Ok(counts)
    }
}
