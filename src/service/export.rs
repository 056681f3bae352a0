//! Exports: a doctor's or patient's calendar as iCalendar (RFC 5545, times in UTC) and the
//! day sheet as CSV.

use super::Clinic;
use crate::domain::time::real_span;
use crate::domain::time::{fmt_clock, fmt_date, fmt_minute};
use crate::domain::{Actor, Appointment, DoctorId, PatientId, access, text};
use crate::error::{Error, Result};
use crate::store::appointments::{AppointmentQuery, Order};
use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

/// Whose calendar to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarOf {
    Doctor(DoctorId),
    Patient(PatientId),
}

impl Clinic {
    /// One VEVENT per active appointment in `[from, to]` (whole days; open ends allowed).
    /// A doctor's calendar names no patient: calendars end up on phones.
    pub fn export_ics(
        &self,
        actor: &Actor,
        of: CalendarOf,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<String> {
        match of {
            CalendarOf::Doctor(d) => access::edit_doctor(actor, d)?,
            CalendarOf::Patient(p) => access::edit_patient(actor, p)?,
        }
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            return Err(Error::invalid("the range ends before it starts"));
        }
        let (doctor, patient) = match of {
            CalendarOf::Doctor(d) => (Some(d), None),
            CalendarOf::Patient(p) => (None, Some(p)),
        };
        let list = self.store.read(|tx| {
            match of {
                CalendarOf::Doctor(d) => crate::store::doctors::get(tx, d).map(drop)?,
                CalendarOf::Patient(p) => crate::store::patients::get(tx, p).map(drop)?,
            }
            crate::store::appointments::list(
                tx,
                &AppointmentQuery {
                    doctor,
                    patient,
                    from: from.map(|d| d.and_time(NaiveTime::MIN)),
                    to: to.map(|d| crate::domain::time::next_day(d).and_time(NaiveTime::MIN)),
                    order: Order::Time,
                    limit: u32::MAX,
                    ..Default::default()
                },
            )
        })?;
        let stamp = to_utc(self.now());
        let mut cal = Calendar::new();
        cal.name(match of {
            CalendarOf::Doctor(_) => "Clinic: my appointments (doctor)",
            CalendarOf::Patient(_) => "Clinic: my appointments",
        });
        for a in list.iter().filter(|a| a.status.is_active()) {
            cal.push(event(a, of, stamp));
        }
        Ok(cal.done().to_string())
    }

    /// The day sheet as CSV with a header row.
    pub fn export_csv(&self, actor: &Actor, day: NaiveDate) -> Result<String> {
        let rows = self.day_sheet(actor, day)?;
        let mut out = csv::Writer::from_writer(Vec::new());
        let csv_err = |e: csv::Error| Error::internal(format!("cannot write CSV: {e}"));
        out.write_record([
            "doctor_id",
            "doctor_name",
            "specialty",
            "start",
            "end",
            "duration",
            "appointment_id",
            "status",
            "arrival",
            "wait_minutes",
            "patient_id",
            "patient_name",
            "patient_phone",
            "reason",
        ])
        .map_err(csv_err)?;
        for a in &rows {
            // Names and reasons were typed by people: a spreadsheet must not run them.
            out.write_record(
                [
                    a.doctor_id.to_string(),
                    a.doctor_name.clone(),
                    a.specialty.clone(),
                    fmt_minute(a.start),
                    fmt_minute(a.end),
                    a.duration.to_string(),
                    a.id.to_string(),
                    a.status.to_string(),
                    a.checked_in_at
                        .map(|t| fmt_clock(t.time()))
                        .unwrap_or_default(),
                    a.wait_minutes.map(|m| m.to_string()).unwrap_or_default(),
                    a.patient_id.to_string(),
                    a.patient_name.clone(),
                    a.patient_phone.clone().unwrap_or_default(),
                    a.reason.clone().unwrap_or_default(),
                ]
                .iter()
                .map(|cell| text::csv_cell(cell).into_owned()),
            )
            .map_err(csv_err)?;
        }
        let bytes = out
            .into_inner()
            .map_err(|e| Error::internal(format!("cannot write CSV: {e}")))?;
        String::from_utf8(bytes).map_err(|e| Error::internal(format!("cannot write CSV: {e}")))
    }
}

fn event(a: &Appointment, of: CalendarOf, stamp: DateTime<Utc>) -> Event {
    let (summary, description) = match of {
        CalendarOf::Doctor(_) => (
            format!("Appointment ({} min)", a.duration),
            format!(
                "Appointment {} on {}; details in clinic",
                a.id,
                fmt_date(a.start.date())
            ),
        ),
        CalendarOf::Patient(_) => (
            format!("{} ({})", a.doctor_name, a.specialty),
            format!("Appointment {} with {}", a.id, a.doctor_name),
        ),
    };
    // The end is the start plus the visit's minutes in real time, across a clock change too.
    let (start, end) = real_span(&Local, a.start, a.duration);
    Event::new()
        .uid(&format!("appointment-{}@clinic", a.id))
        .timestamp(stamp)
        .starts(start)
        .ends(end)
        .summary(&summary)
        .description(&description)
        .done()
}

/// Clinic-local wall-clock time to UTC with the machine's zone rules (`TZ`).
pub fn to_utc(t: NaiveDateTime) -> DateTime<Utc> {
    real_span(&Local, t, 0).0
}
