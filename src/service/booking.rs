//! Holding, booking, rescheduling, cancelling and the visit's status: rules R2–R9.
//!
//! Each use case is one `BEGIN IMMEDIATE` transaction that reads what the rules need and
//! writes the outcome, so two terminals racing for one slot queue and the second one sees the
//! first one's booking. The schema's unique index (R2) and triggers (R3, R9) back this up.

use super::{Clinic, messages, record};
use crate::domain::appointment::{
    cancel_reason, check_cancellable, check_reschedulable, check_transition,
};
use crate::domain::limits::{PATIENT_HOLDS_MAX, check_day_limits};
use crate::domain::time::{fmt_clock, fmt_minute, human_day, human_when};
use crate::domain::visit_type::Repeat;
use crate::domain::{
    Actor, Appointment, AppointmentId, PatientId, SeriesId, SlotId, Status, VisitType, VisitTypeId,
    access, text,
};
use crate::error::{Error, Result};
use crate::store::holds::{self, Hold};
use crate::store::slots::{self, SlotRow};
use crate::store::{appointments, doctors, patients, visit_types};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::Serialize;

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
    /// The visit's type: it covers the back-to-back slots from `slot` that total its
    /// minutes. `None`: the one slot.
    pub visit_type: Option<VisitTypeId>,
}

/// A series as asked for: the same doctor, time of day and type, weekly or every other week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeriesRequest {
    pub repeat: Repeat,
    pub count: u32,
    /// Book the dates that can be booked and report the others, instead of booking none.
    pub skip_unavailable: bool,
}

/// A series booked: its id, the visits, and the dates skipped (SPEC §10 JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeriesBooked {
    pub series_id: SeriesId,
    pub booked: Vec<Appointment>,
    #[serde(with = "crate::domain::time::date_serde::vec")]
    pub skipped: Vec<NaiveDate>,
    /// Why each skipped date could not be booked, in the same order.
    #[serde(skip)]
    pub why_skipped: Vec<String>,
}

/// The slots one visit covers, by time: one, or a run for a visit type.
struct Run(Vec<SlotRow>);

impl Run {
    fn first(&self) -> &SlotRow {
        &self.0[0]
    }
    fn start(&self) -> NaiveDateTime {
        self.first().start
    }
    fn end(&self) -> NaiveDateTime {
        self.0.last().map_or(self.start(), |s| s.end)
    }
    fn minutes(&self) -> u32 {
        self.0.iter().map(|s| s.duration).sum()
    }
}

/// The run a visit of `minutes` (`None`: the slot's own) starting at `slot` covers.
fn run_from(conn: &Connection, slot: SlotRow, minutes: Option<u32>) -> Result<Run> {
    let Some(minutes) = minutes else {
        return Ok(Run(vec![slot]));
    };
    match visit_types::run(conn, &slot, minutes)? {
        Some(run) => Ok(Run(run)),
        None => Err(Error::conflict(format!(
            "{} has no {minutes} minutes of back-to-back slots from {}",
            doctors::get(conn, slot.doctor_id)?.full_name,
            human_when(slot.start)
        ))),
    }
}

impl Clinic {
    /// R6: reserves a free slot for one patient for the clinic's hold minutes. Holding again a
    /// slot one already holds renews the hold.
    pub fn hold(&self, actor: &Actor, slot: SlotId, patient: Option<PatientId>) -> Result<Hold> {
        self.hold_visit(actor, slot, patient, None)
    }

    /// [`Clinic::hold`] for a visit of a type: every slot of its run is held, as one hold.
    pub fn hold_visit(
        &self,
        actor: &Actor,
        slot: SlotId,
        patient: Option<PatientId>,
        visit_type: Option<VisitTypeId>,
    ) -> Result<Hold> {
        let patient = for_whom(actor, patient)?;
        access::book_for(actor, patient)?;
        let now = self.now();
        self.store.write(|tx| {
            self.settle_offers(tx, now)?;
            let settings = crate::store::settings::get(tx)?;
            let kind = chosen_type(tx, visit_type)?;
            let run = run_from(tx, slots::get(tx, slot)?, kind.as_ref().map(|t| t.minutes))?;
            check_bookable(tx, actor, &run, patient, None, now)?;
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
            holds::delete(tx, slot)?;
            let run_start = (run.0.len() > 1).then_some(slot);
            for covered in &run.0 {
                let one = Hold {
                    slot_id: covered.id,
                    ..hold.clone()
                };
                holds::put(tx, &one, run_start, now)?;
            }
            record(
                tx,
                now,
                actor,
                "hold",
                format!("slot {slot}"),
                format!(
                    "patient {patient} until {}{}",
                    fmt_minute(hold.expires_at),
                    kind.map(|t| format!(", {} ({} minutes)", t.name, t.minutes))
                        .unwrap_or_default()
                ),
            )?;
            Ok(hold)
        })
    }

    /// Ends a hold early (the whole run, for a visit of a type). The patient it is for, the
    /// account that placed it, or an admin.
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
            let first = holds::run_start(tx, slot)?;
            holds::delete(tx, first)?;
            self.offer_declined(tx, first, now)?;
            record(tx, now, actor, "release", format!("slot {first}"), None)
        })
    }

    /// Books a slot, or the run of slots a visit of the request's type covers (R2–R6). An
    /// admin may exceed R4 with an override reason, never R2 or R3.
    pub fn book(&self, actor: &Actor, req: &BookRequest) -> Result<Appointment> {
        let (patient, reason) = self.booking_for(actor, req)?;
        let now = self.now();
        self.store.write(|tx| {
            self.settle_offers(tx, now)?;
            let kind = chosen_type(tx, req.visit_type)?;
            let slot = slots::get(tx, req.slot)?;
            let id = self.book_one(
                tx,
                actor,
                req,
                slot,
                kind.as_ref(),
                patient,
                &reason,
                None,
                now,
            )?;
            let booked = appointments::get(tx, id)?;
            messages::booked(tx, &booked, now)?;
            Ok(booked)
        })
    }

    /// Books a series (SPEC §10): the request's visit on each date of `series`, the same
    /// doctor, time of day and type, in one transaction. If any date cannot be booked nothing
    /// is, and the error names the dates, unless `skip_unavailable`.
    pub fn book_series(
        &self,
        actor: &Actor,
        req: &BookRequest,
        series: SeriesRequest,
    ) -> Result<SeriesBooked> {
        let (patient, reason) = self.booking_for(actor, req)?;
        let now = self.now();
        self.store
            .write(|tx| self.series_in(tx, actor, req, (patient, &reason), series, now))
    }

    /// What [`Clinic::book_series`] would book and skip, and why, without booking: the same
    /// checks in a transaction that is rolled back. For the desk's preview of a course.
    pub fn preview_series(
        &self,
        actor: &Actor,
        req: &BookRequest,
        series: SeriesRequest,
    ) -> Result<SeriesBooked> {
        let (patient, reason) = self.booking_for(actor, req)?;
        let now = self.now();
        let series = SeriesRequest {
            skip_unavailable: true,
            ..series
        };
        self.store
            .rehearse(|tx| self.series_in(tx, actor, req, (patient, &reason), series, now))
    }

    fn series_in(
        &self,
        tx: &Connection,
        actor: &Actor,
        req: &BookRequest,
        (patient, reason): (PatientId, &Option<String>),
        series: SeriesRequest,
        now: NaiveDateTime,
    ) -> Result<SeriesBooked> {
        self.settle_offers(tx, now)?;
        let kind = chosen_type(tx, req.visit_type)?;
        let first = slots::get(tx, req.slot)?;
        let series_id = appointments::next_series(tx)?;
        let mut booked = Vec::new();
        let mut failed: Vec<(NaiveDate, String)> = Vec::new();
        for start in series.repeat.starts(first.start, series.count)? {
            let outcome = match slots::starting_at(tx, first.doctor_id, start)? {
                None => Err(Error::conflict("no slot at that time")),
                Some(slot) => self.book_one(
                    tx,
                    actor,
                    req,
                    slot,
                    kind.as_ref(),
                    patient,
                    reason,
                    Some(series_id),
                    now,
                ),
            };
            match outcome {
                Ok(id) => booked.push(id),
                Err(e) if e.kind() == crate::ErrorKind::Database => return Err(e),
                Err(e) => failed.push((start.date(), e.message().to_string())),
            }
        }
        let why = |failed: &[(NaiveDate, String)]| {
            failed
                .iter()
                .map(|(d, why)| format!("{}: {why}", human_day(*d)))
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !failed.is_empty() && !series.skip_unavailable {
            return Err(Error::conflict(format!(
                "nothing was booked: {} of {} dates cannot be booked — {} (--skip-unavailable books the others)",
                failed.len(),
                series.count,
                why(&failed)
            )));
        }
        if booked.is_empty() {
            return Err(Error::conflict(format!(
                "none of the {} dates can be booked: {}",
                series.count,
                why(&failed)
            )));
        }
        record(
            tx,
            now,
            actor,
            "book_series",
            format!("series {series_id}"),
            format!(
                "{} booked, {} skipped",
                text::count(booked.len(), "visit"),
                failed.len()
            ),
        )?;
        let booked: Vec<Appointment> = booked
            .into_iter()
            .map(|id| appointments::get(tx, id))
            .collect::<Result<_>>()?;
        messages::course_booked(tx, &booked, now)?;
        Ok(SeriesBooked {
            series_id,
            booked,
            skipped: failed.iter().map(|(d, _)| *d).collect(),
            why_skipped: failed.into_iter().map(|(_, why)| why).collect(),
        })
    }

    /// Who a booking is for and its reason, checked before any transaction.
    fn booking_for(&self, actor: &Actor, req: &BookRequest) -> Result<(PatientId, Option<String>)> {
        let patient = for_whom(actor, req.patient)?;
        access::book_for(actor, patient)?;
        if req.override_reason.is_some() {
            access::override_limits(actor)?;
        }
        let reason = text::optional("reason", req.reason.as_deref(), text::NOTE_MAX)?;
        Ok((patient, reason))
    }

    /// Books one visit from `slot` inside the caller's transaction.
    #[allow(clippy::too_many_arguments)]
    fn book_one(
        &self,
        tx: &Connection,
        actor: &Actor,
        req: &BookRequest,
        slot: SlotRow,
        kind: Option<&VisitType>,
        patient: PatientId,
        reason: &Option<String>,
        series: Option<SeriesId>,
        now: NaiveDateTime,
    ) -> Result<AppointmentId> {
        let run = run_from(tx, slot, kind.map(|t| t.minutes))?;
        let override_used = check_bookable(
            tx,
            actor,
            &run,
            patient,
            Some(req.override_reason.as_deref()),
            now,
        )?;
        let first = *run.first();
        let id = appointments::insert(
            tx,
            &appointments::NewAppointment {
                slot: &first,
                end: run.end(),
                minutes: run.minutes(),
                visit_type: kind.map(|t| t.id),
                series,
                patient,
                reason: reason.as_deref(),
                override_reason: override_used.as_deref(),
                booked_by: actor.account(),
            },
            now,
        )?;
        for covered in &run.0 {
            holds::delete(tx, covered.id)?;
        }
        self.offer_taken(tx, first.id, patient, now)?;
        let mut detail = format!("slot {} patient {patient}", first.id);
        if let Some(t) = kind {
            detail.push_str(&format!(", {} ({} minutes)", t.name, t.minutes));
        }
        if let Some(why) = &override_used {
            detail.push_str(&format!("; R4 override: {why}"));
        }
        record(tx, now, actor, "book", format!("appointment {id}"), detail)?;
        Ok(id)
    }

    /// R8: moves a booked appointment to another slot, both halves or neither: the whole
    /// visit, to the run of the same length from the new slot. The appointment keeps its id
    /// and counts the move.
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
            let minutes = appt.visit_type.map(|_| appt.duration);
            let run = run_from(tx, slot, minutes)?;
            let override_used = check_bookable_except(
                tx,
                actor,
                &run,
                appt.patient_id,
                Some(override_reason),
                now,
                Some(id),
            )?;
            let first = *run.first();
            appointments::move_to(
                tx,
                id,
                &first,
                run.end(),
                run.minutes(),
                override_used.as_deref(),
                now,
            )?;
            for covered in &run.0 {
                holds::delete(tx, covered.id)?;
            }
            self.offer_taken(tx, first.id, appt.patient_id, now)?;
            messages::rescheduled(tx, id, appt.start, now)?;
            if let Some(old) = appt.slot_id {
                self.offer_freed_slot(tx, old, now)?;
            }
            let moved = format!(
                "slot {} -> {}",
                appt.slot_id.map(|s| s.to_string()).unwrap_or_default(),
                first.id
            );
            record(
                tx,
                now,
                actor,
                "reschedule",
                format!("appointment {id}"),
                match &override_used {
                    Some(why) => format!("{moved}; R4 override: {why}"),
                    None => moved,
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
            let cancelled = self.cancel_in(tx, actor, id, reason, now)?;
            messages::cancelled(tx, id, now)?;
            Ok(cancelled)
        })
    }

    /// Cancels a visit of a series and every later active one of the same series, in one
    /// transaction (SPEC §10 `cancel --series`). Returns them by time, the one named first.
    pub fn cancel_series(
        &self,
        actor: &Actor,
        id: AppointmentId,
        reason: Option<&str>,
    ) -> Result<Vec<Appointment>> {
        access::signed_in(actor)?;
        let now = self.now();
        self.store.write(|tx| {
            let appt = appointments::row(tx, id)?;
            let Some(series) = appt.series_id else {
                return Err(Error::invalid(format!(
                    "appointment {id} is not part of a series"
                )));
            };
            let mut cancelled = vec![self.cancel_in(tx, actor, id, reason, now)?.appointment];
            for later in appointments::later_in_series(tx, series, appt.start, id)? {
                cancelled.push(self.cancel_in(tx, actor, later, reason, now)?.appointment);
            }
            messages::course_cancelled(tx, &cancelled, now)?;
            Ok(cancelled)
        })
    }

    fn cancel_in(
        &self,
        tx: &Connection,
        actor: &Actor,
        id: AppointmentId,
        reason: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Cancelled> {
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

/// The type a booking chose, if any; a retired one is refused.
fn chosen_type(conn: &Connection, id: Option<VisitTypeId>) -> Result<Option<VisitType>> {
    id.map(|id| super::visit_types::in_use(conn, id))
        .transpose()
}

/// Checks R2, R3, R5, R6 and, when booking (`limits` is `Some(override)`), R4 for putting
/// `patient` into the visit `run` covers. Returns the override reason used, if the limit
/// needed one.
fn check_bookable(
    conn: &Connection,
    actor: &Actor,
    run: &Run,
    patient: PatientId,
    limits: Option<Option<&str>>,
    now: NaiveDateTime,
) -> Result<Option<String>> {
    check_bookable_except(conn, actor, run, patient, limits, now, None)
}

fn check_bookable_except(
    conn: &Connection,
    actor: &Actor,
    run: &Run,
    patient: PatientId,
    limits: Option<Option<&str>>,
    now: NaiveDateTime,
    moving: Option<AppointmentId>,
) -> Result<Option<String>> {
    let who = patients::get(conn, patient)?;
    if who.archived {
        return Err(Error::conflict(format!("{} is archived", who.full_name)));
    }
    let first = run.first();
    let doctor = doctors::get(conn, first.doctor_id)?;
    if !doctor.active {
        return Err(Error::conflict(format!(
            "{} is not taking appointments",
            doctor.full_name
        )));
    }
    // R5
    if first.start <= now {
        return Err(Error::invalid(format!(
            "the slot {} is in the past",
            human_when(first.start)
        )));
    }
    // R12: a patient acting for themself books only inside the booking window.
    if matches!(actor, Actor::Patient { .. }) {
        let settings = crate::store::settings::get(conn)?;
        crate::domain::window::check_booking_window(&settings, now, first.start)?;
    }
    for slot in &run.0 {
        // R2, for every slot the visit covers (a visit being moved may keep its own).
        if slot.booked && (moving.is_none() || visit_types::visit_on(conn, slot.id)? != moving) {
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
    }
    let (start, end) = (run.start(), run.end());
    // R3, on the visit's whole span
    if let Some((start, with)) = appointments::patient_overlap(conn, patient, start, end, moving)? {
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
    if let Some((_, held, _)) = holds::of_patient(conn, patient, first.id, None, now)?
        .into_iter()
        .find(|(_, s, e)| *s < end && *e > start)
    {
        let whose = if actor.patient_id() == Some(patient) {
            "you are".to_string()
        } else {
            format!("{} is", who.full_name)
        };
        return Err(Error::conflict(format!(
            "{whose} holding the slot {} already; release it first",
            human_when(held)
        )));
    }
    // R4, on the visit's real minutes
    match limits {
        None => Ok(None),
        Some(override_reason) => {
            let load = appointments::day_load(conn, doctor.id, start.date(), moving)?;
            check_day_limits(&doctor, load, run.minutes(), override_reason)
        }
    }
}
