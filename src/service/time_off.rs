//! Time off (SPEC §9): a doctor's leave and the clinic's closures. Adding it removes the free
//! slots and ends the holds inside it; booked visits inside refuse it, unless they are to be
//! cancelled with its reason. Taking it back lays the plans out again on those days. Time
//! off that has begun is history: taking it back ends it now instead of deleting it.

use super::working_plans::lay_out_again;
use super::{Clinic, record};
use crate::domain::text::count;
use crate::domain::time::{fmt_minute, human_when};
use crate::domain::time_off::{TimeOff, TimeOffInput};
use crate::domain::{Actor, AppointmentId, DoctorId, Status, TimeOffId, access};
use crate::error::{Error, Result};
use crate::store::time_off::Whose;
use crate::store::{appointments, doctors, time_off};
use chrono::{Duration, NaiveDateTime};
use serde::Serialize;

/// What adding time off did: the time off (SPEC §9 JSON), the visits cancelled with it and
/// the free slots it removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeOffAdded {
    #[serde(flatten)]
    pub time_off: TimeOff,
    pub cancelled: Vec<AppointmentId>,
    pub removed_slots: u32,
}

impl TimeOffAdded {
    /// "Time off added, Mon 13 Jan 2030 – Fri 17 Jan 2030: 40 free slots removed."
    pub fn sentence(&self) -> String {
        let mut s = format!(
            "{} {}: {} removed",
            if self.time_off.doctor_id.is_some() {
                "Time off added,"
            } else {
                "Closure added,"
            },
            self.time_off.span_text(),
            count(self.removed_slots as usize, "slot")
        );
        if !self.cancelled.is_empty() {
            s.push_str(&format!(
                ", {} cancelled",
                count(self.cancelled.len(), "booked visit")
            ));
        }
        s.push('.');
        s
    }
}

/// Who may add or take back this time off: the doctor or the desk; a closure, the desk.
fn manage(actor: &Actor, doctor: Option<DoctorId>) -> Result<()> {
    match doctor {
        Some(d) => access::manage_slots(actor, d),
        None => access::admin(actor),
    }
}

impl Clinic {
    /// Adds a doctor's leave or a closure from now on at the earliest. Booked visits inside
    /// refuse it (listed) unless `cancel_booked`: then they are cancelled with its reason
    /// and no waitlist offer is made for their slots, which go. One transaction.
    pub fn add_time_off(
        &self,
        actor: &Actor,
        input: &TimeOffInput,
        cancel_booked: bool,
    ) -> Result<TimeOffAdded> {
        manage(actor, input.doctor)?;
        let now = self.now_minute();
        if input.to <= now {
            return Err(Error::invalid("that time is over already"));
        }
        let input = TimeOffInput {
            from: input.from.max(now),
            ..input.clone()
        };
        let stamp = self.now();
        self.store.write(|tx| {
            if let Some(d) = input.doctor {
                doctors::get(tx, d)?;
            }
            let visits = booked_inside(tx, input.doctor, (input.from, input.to), now)?;
            if !visits.is_empty() && !cancel_booked {
                return Err(Error::conflict(format!(
                    "{} then: {}; move or cancel them first, or cancel them with the time off",
                    count(visits.len(), "booked visit"),
                    listed(tx, &visits, input.doctor.is_none())?
                )));
            }
            let reason = input.reason.clone().unwrap_or_else(|| {
                match input.doctor {
                    Some(_) => "the doctor is away",
                    None => "the clinic is closed",
                }
                .to_string()
            });
            for &visit in &visits {
                appointments::set_status(
                    tx,
                    visit,
                    Status::Cancelled,
                    actor.account(),
                    Some(&reason),
                    stamp,
                )?;
                record(
                    tx,
                    stamp,
                    actor,
                    "cancel",
                    format!("appointment {visit}"),
                    reason.clone(),
                )?;
                super::messages::cancelled(tx, visit, stamp)?;
            }
            let removed = time_off::clear_slots(tx, input.doctor, (input.from, input.to), now)?;
            let id = time_off::insert(tx, &input, actor.account(), stamp)?;
            let added = time_off::get(tx, id)?;
            record(
                tx,
                stamp,
                actor,
                "time_off_add",
                match input.doctor {
                    Some(d) => format!("doctor {d}"),
                    None => "the clinic".to_string(),
                },
                format!(
                    "{} – {}; {}; {removed} slots removed, {} visits cancelled",
                    fmt_minute(added.from),
                    fmt_minute(added.to),
                    reason,
                    visits.len()
                ),
            )?;
            Ok(TimeOffAdded {
                time_off: added,
                cancelled: visits,
                removed_slots: u32::try_from(removed).unwrap_or(u32::MAX),
            })
        })
    }

    /// Time off overlapping `[from, to)` (default: from now on): a doctor's own and the
    /// closures for that doctor, everyone's for the desk, the closures for patients.
    pub fn time_off(
        &self,
        actor: &Actor,
        doctor: Option<DoctorId>,
        span: Option<(NaiveDateTime, NaiveDateTime)>,
    ) -> Result<Vec<TimeOff>> {
        access::signed_in(actor)?;
        let whose = match (actor, doctor) {
            (Actor::Admin { .. }, Some(d)) => Whose::Doctor(d),
            (Actor::Admin { .. }, None) => Whose::Everyone,
            (Actor::Doctor { doctor: own, .. }, None) => Whose::Doctor(*own),
            (Actor::Doctor { .. }, Some(d)) => {
                access::manage_slots(actor, d)?;
                Whose::Doctor(d)
            }
            // Patients see when the clinic is closed, not who is on leave.
            _ => Whose::Closures,
        };
        let now = self.now_minute();
        let (from, to) = span.unwrap_or((now, NaiveDateTime::MAX - Duration::days(1)));
        self.store.read(|tx| time_off::between(tx, whose, from, to))
    }

    /// Takes time off back: a future one is deleted, one under way ends now (what has passed
    /// stays as history), one that is over cannot change. The plans are laid out again on
    /// the days it freed.
    pub fn remove_time_off(&self, actor: &Actor, id: TimeOffId) -> Result<TimeOff> {
        access::signed_in(actor)?;
        let now = self.now_minute();
        let stamp = self.now();
        self.store.write(|tx| {
            let t = time_off::get(tx, id)?;
            manage(actor, t.doctor_id)?;
            if t.to <= now {
                return Err(Error::conflict(
                    "that time off is over; it stays as history",
                ));
            }
            let freed = (t.from.max(now), t.to);
            if t.from < now {
                time_off::end_at(tx, id, now)?;
            } else {
                time_off::delete(tx, id)?;
            }
            let created = lay_out_again(tx, t.doctor_id, freed, now)?;
            record(
                tx,
                stamp,
                actor,
                "time_off_remove",
                format!("time off {id}"),
                format!("{}; {created} plan slots made again", t.span_text()),
            )?;
            Ok(TimeOff {
                to: if t.from < now { now } else { t.to },
                ..t
            })
        })
    }
}

/// Booked visits of `doctor` (or anyone's) that start from now on and reach into the span.
fn booked_inside(
    tx: &rusqlite::Connection,
    doctor: Option<DoctorId>,
    span: (NaiveDateTime, NaiveDateTime),
    now: NaiveDateTime,
) -> Result<Vec<AppointmentId>> {
    let mut out = Vec::new();
    for id in time_off::active_visits(tx, doctor, span.0, span.1)? {
        let a = appointments::row(tx, id)?;
        if a.status == Status::Booked && a.start >= now {
            out.push(id);
        }
    }
    Ok(out)
}

/// "Mon 13 Jan 2030 at 09:00 Ann Archer, …" (with the doctor when `doctors`): at most five,
/// then how many more.
fn listed(tx: &rusqlite::Connection, visits: &[AppointmentId], doctors: bool) -> Result<String> {
    let mut parts = Vec::new();
    for &id in visits.iter().take(5) {
        let a = appointments::get(tx, id)?;
        parts.push(if doctors {
            format!(
                "{} {} with {}",
                human_when(a.start),
                a.patient_name,
                a.doctor_name
            )
        } else {
            format!("{} {}", human_when(a.start), a.patient_name)
        });
    }
    if visits.len() > 5 {
        parts.push(format!("and {} more", visits.len() - 5));
    }
    Ok(parts.join(", "))
}
