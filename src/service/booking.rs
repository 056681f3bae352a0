//! Holding, booking, rescheduling, cancelling and the visit's status: rules R2–R9.
//!
//! Each use case is one `BEGIN IMMEDIATE` transaction that reads what the rules need and
//! writes the outcome, so two terminals racing for one slot queue and the second one sees the
//! first one's booking. The schema's unique index (R2) and triggers (R3, R9) back this up.

use super::{Clinic, record};
use crate::domain::appointment::{
    cancel_reason, check_cancellable, check_reschedulable, check_transition,
};
use crate::domain::limits::{PATIENT_HOLDS_MAX, check_day_limits};
use crate::domain::time::{fmt_clock, fmt_minute, human_when};
use crate::domain::{Actor, Appointment, AppointmentId, PatientId, SlotId, Status, access, text};
use crate::error::{Error, Result};
use crate::store::holds::{self, Hold};
use crate::store::slots::{self, SlotRow};
use crate::store::{appointments, doctors, patients};
use chrono::{Duration, NaiveDateTime};
use rusqlite::Connection;

/// A booking as asked for.
#[derive(Debug, Clone)]
pub struct BookRequest {
    pub slot: SlotId,
    /// Whom for; a patient books for themself when this is `None`.
    pub patient: Option<PatientId>,
    /// Why the patient comes.
    pub reason: Option<String>,
    /// An admin's reason for exceeding the doctor's daily limit (R4).
    pub override_reason: Option<String>,
}

impl Clinic {
    /// R6: reserves a free slot for one patient for the clinic's hold minutes. Holding again a
    /// slot one already holds renews the hold.
    pub fn hold(&self, actor: &Actor, slot: SlotId, patient: Option<PatientId>) -> Result<Hold> {
        let patient = for_whom(actor, patient)?;
        access::book_for(actor, patient)?;
        let now = self.now();
        self.store.write(|tx| {
            self.settle_offers(tx, now)?;
            let settings = crate::store::settings::get(tx)?;
            let row = slots::get(tx, slot)?;
            check_bookable(tx, actor, &row, patient, None, now)?;
            if let Actor::Patient { account, .. } = actor {
                let mine = holds::of_patient(tx, patient, slot, Some(*account), now)?;
                if mine.len() >= PATIENT_HOLDS_MAX {
                    return Err(Error::conflict(format!(
                        "you already hold {} slots; book or release one first",
                        mine.len()
                    )));
                }
            }
            let hold = Hold {
                slot_id: slot,
                patient_id: patient,
                held_by: actor.account(),
                expires_at: now + Duration::minutes(i64::from(settings.hold_minutes)),
            };
            holds::put(tx, &hold, now)?;
            record(
                tx,
                now,
                actor,
                "hold",
                format!("slot {slot}"),
                format!("patient {patient} until {}", fmt_minute(hold.expires_at)),
            )?;
            Ok(hold)
        })
    }

    /// Ends a hold early. The patient it is for, the account that placed it, or an admin.
    pub fn release(&self, actor: &Actor, slot: SlotId) -> Result<()> {
        access::signed_in(actor)?;
        let now = self.now();
        self.store.write(|tx| {
            self.settle_offers(tx, now)?;
            slots::get(tx, slot)?;
            let Some(hold) = holds::live(tx, slot, now)? else {
                return Err(Error::conflict("this slot is not held (any more)"));
            };
            let allowed = actor.is_admin()
                || actor.patient_id() == Some(hold.patient_id)
                || (actor.account().is_some() && actor.account() == hold.held_by);
            if !allowed {
                return Err(Error::forbidden("that hold is not yours"));
            }
            holds::delete(tx, slot)?;
            self.offer_declined(tx, slot, now)?;
            record(tx, now, actor, "release", format!("slot {slot}"), None)
        })
    }

    /// Books a slot (R2–R6). An admin may exceed R4 with an override reason, never R2 or R3.
    pub fn book(&self, actor: &Actor, req: &BookRequest) -> Result<Appointment> {
        let patient = for_whom(actor, req.patient)?;
        access::book_for(actor, patient)?;
        if req.override_reason.is_some() {
            access::override_limits(actor)?;
        }
        let reason = text::optional("reason", req.reason.as_deref(), text::NOTE_MAX)?;
        let now = self.now();
        self.store.write(|tx| {
            self.settle_offers(tx, now)?;
            let slot = slots::get(tx, req.slot)?;
            let override_used = check_bookable(
                tx,
                actor,
                &slot,
                patient,
                Some(req.override_reason.as_deref()),
                now,
            )?;
            let id = appointments::insert(
                tx,
                &appointments::NewAppointment {
                    slot: &slot,
                    patient,
                    reason: reason.as_deref(),
                    override_reason: override_used.as_deref(),
                    booked_by: actor.account(),
                },
                now,
            )?;
            holds::delete(tx, slot.id)?;
            self.offer_taken(tx, slot.id, patient, now)?;
            let detail = match &override_used {
                Some(why) => format!("slot {} patient {patient}; R4 override: {why}", slot.id),
                None => format!("slot {} patient {patient}", slot.id),
            };
            record(tx, now, actor, "book", format!("appointment {id}"), detail)?;
            appointments::get(tx, id)
        })
    }

    /// R8: moves a booked appointment to another slot, both halves or neither. The
    /// appointment keeps its id and counts the move.
    pub fn reschedule(
        &self,
        actor: &Actor,
        id: AppointmentId,
        new_slot: SlotId,
        override_reason: Option<&str>,
    ) -> Result<Appointment> {
        access::signed_in(actor)?;
        if override_reason.is_some() {
            access::override_limits(actor)?;
        }
        let now = self.now();
        self.store.write(|tx| {
            self.settle_offers(tx, now)?;
            let appt = appointments::row(tx, id)?;
            access::reschedule(actor, appt.patient_id)?;
            check_reschedulable(appt.status, appt.start, now)?;
            if appt.slot_id == Some(new_slot) {
                return Err(Error::conflict("the appointment is already in that slot"));
            }
            let slot = slots::get(tx, new_slot)?;
            let override_used = check_bookable_except(
                tx,
                actor,
                &slot,
                appt.patient_id,
                Some(override_reason),
                now,
                Some(id),
            )?;
            appointments::move_to(tx, id, &slot, override_used.as_deref(), now)?;
            holds::delete(tx, slot.id)?;
            self.offer_taken(tx, slot.id, appt.patient_id, now)?;
            if let Some(old) = appt.slot_id {
                self.offer_freed_slot(tx, old, now)?;
            }
            record(
                tx,
                now,
                actor,
                "reschedule",
                format!("appointment {id}"),
                match &override_used {
                    Some(why) => format!(
                        "slot {} -> {}; R4 override: {why}",
                        appt.slot_id.map(|s| s.to_string()).unwrap_or_default(),
                        slot.id
                    ),
                    None => format!(
                        "slot {} -> {}",
                        appt.slot_id.map(|s| s.to_string()).unwrap_or_default(),
                        slot.id
                    ),
                },
            )?;
            appointments::get(tx, id)
        })
    }

    /// R7: cancels, freeing the slot at once; the appointment is kept with who, when and why.
    /// A matching waitlist entry is then offered the slot.
    pub fn cancel(
        &self,
        actor: &Actor,
        id: AppointmentId,
        reason: Option<&str>,
    ) -> Result<Appointment> {
        self.cancel_visit(actor, id, reason).map(|c| c.appointment)
    }

    /// [`Clinic::cancel`], telling also whether the freed slot went to the waitlist.
    pub fn cancel_visit(
        &self,
        actor: &Actor,
        id: AppointmentId,
        reason: Option<&str>,
    ) -> Result<Cancelled> {
        access::signed_in(actor)?;
        let now = self.now();
        self.store.write(|tx| {
            self.settle_offers(tx, now)?;
            let appt = appointments::row(tx, id)?;
            access::cancel(actor, appt.patient_id, appt.doctor_id)?;
            let by_patient = matches!(actor, Actor::Patient { .. });
            check_cancellable(appt.status, appt.start, now, by_patient)?;
            let role = actor.role().ok_or_else(|| Error::auth("sign in first"))?;
            let reason = cancel_reason(role, reason)?;
            appointments::set_status(
                tx,
                id,
                Status::Cancelled,
                actor.account(),
                reason.as_deref(),
                now,
            )?;
            let offered = match appt.slot_id {
                Some(slot) => self.offer_freed_slot(tx, slot, now)?,
                None => None,
            };
            record(
                tx,
                now,
                actor,
                "cancel",
                format!("appointment {id}"),
                reason.clone(),
            )?;
            let offered = match offered {
                Some((patient, until)) => Some(OfferMade {
                    until,
                    // Patients never learn another patient's name.
                    patient_name: if access::sees_slot_patient(actor, appt.doctor_id) {
                        Some(patients::get(tx, patient)?.full_name)
                    } else {
                        None
                    },
                }),
                None => None,
            };
            Ok(Cancelled {
                appointment: appointments::get(tx, id)?,
                offered,
            })
        })
    }

    /// R9: `checked_in`, `completed` or `no_show`, by the appointment's doctor or an admin.
    pub fn set_visit_status(
        &self,
        actor: &Actor,
        id: AppointmentId,
        status: Status,
    ) -> Result<Appointment> {
        access::signed_in(actor)?;
        if !matches!(
            status,
            Status::CheckedIn | Status::Completed | Status::NoShow
        ) {
            return Err(Error::invalid(format!(
                "use cancel for {status}; a visit can be checked in, completed or marked no-show"
            )));
        }
        let now = self.now();
        self.store.write(|tx| {
            let appt = appointments::row(tx, id)?;
            access::change_visit_status(actor, appt.doctor_id)?;
            check_transition(appt.status, status, appt.start, now)?;
            appointments::set_status(tx, id, status, actor.account(), None, now)?;
            record(
                tx,
                now,
                actor,
                status.as_str(),
                format!("appointment {id}"),
                None,
            )?;
            appointments::get(tx, id)
        })
    }
}

/// A cancellation and what became of the freed slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled {
    pub appointment: Appointment,
    /// The slot was held for a waitlisted patient (R7), until then.
    pub offered: Option<OfferMade>,
}

/// A freed slot held for a waitlisted patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferMade {
    pub until: NaiveDateTime,
    /// Whom for, when the one cancelling may know (staff); `None` for a patient.
    pub patient_name: Option<String>,
}

/// The patient a hold or booking is for: the acting patient, or the one an admin names.
fn for_whom(actor: &Actor, patient: Option<PatientId>) -> Result<PatientId> {
    match (patient, actor) {
        (Some(p), _) => Ok(p),
        (None, Actor::Patient { patient, .. }) => Ok(*patient),
        (None, Actor::Guest) => Err(Error::auth("sign in first")),
        (None, Actor::Doctor { .. }) => Err(Error::forbidden(
            "doctors do not book; the front desk or the patient does",
        )),
        (None, Actor::Admin { .. }) => Err(Error::invalid(
            "say which patient this is for (--patient ID)",
        )),
    }
}

/// Checks R2, R3, R5, R6 and, when booking (`limits` is `Some(override)`), R4 for putting
/// `patient` into `slot`. Returns the override reason used, if the limit needed one.
fn check_bookable(
    conn: &Connection,
    actor: &Actor,
    slot: &SlotRow,
    patient: PatientId,
    limits: Option<Option<&str>>,
    now: NaiveDateTime,
) -> Result<Option<String>> {
    check_bookable_except(conn, actor, slot, patient, limits, now, None)
}

fn check_bookable_except(
    conn: &Connection,
    actor: &Actor,
    slot: &SlotRow,
    patient: PatientId,
    limits: Option<Option<&str>>,
    now: NaiveDateTime,
    moving: Option<AppointmentId>,
) -> Result<Option<String>> {
    let who = patients::get(conn, patient)?;
    if who.archived {
        return Err(Error::conflict(format!("{} is archived", who.full_name)));
    }
    let doctor = doctors::get(conn, slot.doctor_id)?;
    if !doctor.active {
        return Err(Error::conflict(format!(
            "{} is not taking appointments",
            doctor.full_name
        )));
    }
    // R5
    if slot.start <= now {
        return Err(Error::invalid(format!(
            "the slot {} is in the past",
            human_when(slot.start)
        )));
    }
    // R12: a patient acting for themself books only inside the booking window.
    if matches!(actor, Actor::Patient { .. }) {
        let settings = crate::store::settings::get(conn)?;
        crate::domain::window::check_booking_window(&settings, now, slot.start)?;
    }
    // R2
    if slot.booked {
        return Err(Error::conflict(format!(
            "the slot {} with {} is already booked",
            human_when(slot.start),
            doctor.full_name
        )));
    }
    // R6
    if let Some(hold) = holds::live(conn, slot.id, now)? {
        let placed_by_actor = actor.account().is_some() && actor.account() == hold.held_by;
        let offer_for_desk = hold.held_by.is_none() && actor.is_admin();
        let patient_self = actor.patient_id() == Some(patient);
        if hold.patient_id != patient || !(placed_by_actor || offer_for_desk || patient_self) {
            return Err(Error::conflict(format!(
                "the slot {} with {} is held for another booking until {}",
                human_when(slot.start),
                doctor.full_name,
                fmt_clock(hold.expires_at.time())
            )));
        }
    }
    // R3
    if let Some((start, with)) =
        appointments::patient_overlap(conn, patient, slot.start, slot.end, moving)?
    {
        let whose = if actor.patient_id() == Some(patient) {
            "you already have".to_string()
        } else {
            format!("{} already has", who.full_name)
        };
        return Err(Error::conflict(format!(
            "{whose} an appointment {} with {with}",
            human_when(start)
        )));
    }
    // R3 counts held time too (SPEC §14): no two holds of one patient overlap, and no
    // booking overlaps a slot the patient holds elsewhere.
    if let Some((_, start, _)) = holds::of_patient(conn, patient, slot.id, None, now)?
        .into_iter()
        .find(|(_, start, end)| *start < slot.end && *end > slot.start)
    {
        let whose = if actor.patient_id() == Some(patient) {
            "you are".to_string()
        } else {
            format!("{} is", who.full_name)
        };
        return Err(Error::conflict(format!(
            "{whose} holding the slot {} already; release it first",
            human_when(start)
        )));
    }
    // R4
    match limits {
        None => Ok(None),
        Some(override_reason) => {
            let load = appointments::day_load(conn, doctor.id, slot.start.date(), moving)?;
            check_day_limits(&doctor, load, slot.duration, override_reason)
        }
    }
}
