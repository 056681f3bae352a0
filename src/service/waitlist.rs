//! The waitlist and its offers (R7): a cancellation holds the freed slot for the oldest
//! matching entry's patient; an unused offer expires with its hold and passes on.
//!
//! Offers are settled lazily at the start of every booking transaction, so no background
//! process is needed and every terminal sees the same outcome.

use super::{Clinic, record};
use crate::domain::time::{date_serde, minute_serde, parse_date};
use crate::domain::{
    Actor, DoctorId, PatientId, SlotId, VisitTypeId, WaitlistId, access, doctor::specialty_name,
};
use crate::error::{Error, Result};
use crate::store::holds::{self, Hold};
use crate::store::waitlist::{self as store, EntryRow};
use crate::store::{appointments, doctors, patients, slots};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::Serialize;

/// What a patient waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitlistTarget {
    Doctor(DoctorId),
    /// Any doctor of this specialty.
    Specialty(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaitlistEntry {
    pub id: WaitlistId,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub doctor_id: Option<DoctorId>,
    pub doctor_name: Option<String>,
    pub specialty: String,
    #[serde(with = "date_serde")]
    pub date: NaiveDate,
    /// `waiting`, `offered`, `booked`, `expired` or `withdrawn`.
    pub status: String,
    pub offer: Option<Offer>,
    /// The visit type waited for (its name), if any; an offer is then the run it needs.
    pub visit_type: Option<String>,
    #[serde(skip)]
    pub visit_type_id: Option<VisitTypeId>,
}

/// A freed slot held for a waitlisted patient until `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offer {
    pub slot_id: SlotId,
    #[serde(with = "minute_serde")]
    pub start: NaiveDateTime,
    pub doctor_name: String,
    #[serde(with = "minute_serde")]
    pub expires_at: NaiveDateTime,
}

impl From<EntryRow> for WaitlistEntry {
    fn from(r: EntryRow) -> Self {
        WaitlistEntry {
            id: r.id,
            patient_id: r.patient_id,
            patient_name: r.patient_name,
            doctor_id: r.doctor_id,
            doctor_name: r.doctor_name,
            specialty: r.specialty,
            date: r.day,
            status: r.status,
            offer: r.offer.map(|o| Offer {
                slot_id: o.slot_id,
                start: o.start,
                doctor_name: o.doctor_name,
                expires_at: o.expires_at,
            }),
            visit_type: r.visit_type.as_ref().map(|(_, name)| name.clone()),
            visit_type_id: r.visit_type.map(|(id, _)| id),
        }
    }
}

impl Clinic {
    /// Puts a patient on the waitlist for a day, with one doctor or any of a specialty.
    pub fn join_waitlist(
        &self,
        actor: &Actor,
        patient: Option<PatientId>,
        target: &WaitlistTarget,
        day: &str,
    ) -> Result<WaitlistEntry> {
        self.join_waitlist_for(actor, patient, target, day, None)
    }

    /// [`Clinic::join_waitlist`] for a visit of a type: a cancellation offers the entry only
    /// a freed run of slots that fits it.
    pub fn join_waitlist_for(
        &self,
        actor: &Actor,
        patient: Option<PatientId>,
        target: &WaitlistTarget,
        day: &str,
        visit_type: Option<VisitTypeId>,
    ) -> Result<WaitlistEntry> {
        let patient = match (patient, actor) {
            (Some(p), _) => p,
            (None, Actor::Patient { patient, .. }) => *patient,
            (None, Actor::Guest) => return Err(Error::auth("sign in first")),
            // Doctors never add, whether or not they name a patient: refused, not "say who".
            (None, Actor::Doctor { .. }) => {
                return Err(Error::forbidden(
                    "doctors see their waitlist but do not add to it",
                ));
            }
            (None, _) => return Err(Error::invalid("say which patient (--patient ID)")),
        };
        access::add_to_waitlist(actor, patient)?;
        let day = parse_date(day)?;
        let now = self.now();
        if day < now.date() {
            return Err(Error::invalid(format!(
                "{} is in the past",
                crate::domain::time::human_day(day)
            )));
        }
        self.store.write(|tx| {
            let closes = crate::store::settings::get(tx)?.closes;
            if day == now.date() && now.time() >= closes {
                return Err(Error::invalid(format!(
                    "the clinic closed at {} today; choose another day",
                    crate::domain::time::fmt_clock(closes)
                )));
            }
            let p = patients::get(tx, patient)?;
            if p.archived {
                return Err(Error::conflict(format!("{} is archived", p.full_name)));
            }
            let (doctor, specialty) = match target {
                WaitlistTarget::Doctor(d) => {
                    let doc = doctors::get(tx, *d)?;
                    if !doc.active {
                        return Err(Error::conflict(format!(
                            "{} is not taking appointments",
                            doc.full_name
                        )));
                    }
                    (Some(*d), None)
                }
                WaitlistTarget::Specialty(name) => {
                    let name = specialty_name(name)?;
                    if !doctors::list(tx, Some(&name), false)?
                        .iter()
                        .any(|d| d.active)
                    {
                        return Err(Error::not_found(format!("no doctor practises {name}")));
                    }
                    (None, Some(doctors::specialty_id(tx, &name)?))
                }
            };
            if let Some(t) = visit_type {
                super::visit_types::in_use(tx, t)?;
            }
            let id = store::insert(
                tx,
                patient,
                doctor,
                specialty,
                day,
                visit_type,
                actor.account(),
                now,
            )?;
            record(
                tx,
                now,
                actor,
                "waitlist_join",
                format!("waitlist {id}"),
                format!("patient {patient} on {day}"),
            )?;
            Ok(store::get(tx, id)?.into())
        })
    }

    /// Waitlist entries: a patient's own, a doctor's (direct or by specialty), or all for an
    /// admin. `open_only` keeps waiting and offered ones.
    pub fn waitlist(
        &self,
        actor: &Actor,
        day: Option<NaiveDate>,
        open_only: bool,
    ) -> Result<Vec<WaitlistEntry>> {
        access::signed_in(actor)?;
        let (patient, doctor) = match actor {
            Actor::Patient { patient, .. } => (Some(*patient), None),
            Actor::Doctor { doctor, .. } => (None, Some(*doctor)),
            _ => (None, None),
        };
        let now = self.now();
        let rows = self
            .store
            .read(|tx| store::list(tx, patient, doctor, day, open_only))?;
        Ok(rows
            .into_iter()
            .map(WaitlistEntry::from)
            .map(|mut e| {
                // An offer past its time is shown as gone even before it is settled.
                if e.offer.as_ref().is_some_and(|o| o.expires_at <= now) {
                    e.offer = None;
                }
                e
            })
            .collect())
    }

    /// Takes an entry off the waitlist: its patient or an admin.
    pub fn leave_waitlist(&self, actor: &Actor, id: WaitlistId) -> Result<WaitlistEntry> {
        access::signed_in(actor)?;
        let now = self.now();
        self.store.write(|tx| {
            let entry = store::get(tx, id)?;
            access::add_to_waitlist(actor, entry.patient_id)?;
            if !matches!(entry.status.as_str(), "waiting" | "offered") {
                return Err(Error::conflict(format!(
                    "the entry is already {}",
                    entry.status
                )));
            }
            if let Some(offer) = &entry.offer {
                store::close_offer(tx, offer.id, "declined")?;
                holds::delete(tx, offer.slot_id)?;
            }
            store::set_status(tx, id, "withdrawn")?;
            record(
                tx,
                now,
                actor,
                "waitlist_leave",
                format!("waitlist {id}"),
                None,
            )?;
            if let Some(offer) = entry.offer {
                self.offer_freed_slot(tx, offer.slot_id, now)?;
            }
            Ok(store::get(tx, id)?.into())
        })
    }

    /// Expires offers whose hold ran out and passes each slot to the next entry, then clears
    /// every other expired hold.
    pub(super) fn settle_offers(&self, tx: &Connection, now: NaiveDateTime) -> Result<()> {
        for (offer, entry, slot) in store::expired_offers(tx, now)? {
            store::close_offer(tx, offer, "expired")?;
            store::set_status(tx, entry, "expired")?;
            if let Some(slot) = slot {
                holds::delete(tx, slot)?;
                self.offer_freed_slot(tx, slot, now)?;
            }
        }
        holds::purge_expired(tx, now)
    }

    /// R7: holds a freed slot for the oldest matching waitlist entry's patient, if any.
    /// Returns whom it is held for and until when.
    pub(super) fn offer_freed_slot(
        &self,
        tx: &Connection,
        slot: SlotId,
        now: NaiveDateTime,
    ) -> Result<Option<(PatientId, NaiveDateTime)>> {
        let Ok(row) = slots::get(tx, slot) else {
            return Ok(None);
        };
        if row.start <= now
            || appointments::active_on_slot(tx, slot)?.is_some()
            || holds::live(tx, slot, now)?.is_some()
        {
            return Ok(None);
        }
        let hold_minutes = crate::store::settings::get(tx)?.hold_minutes;
        for (entry, patient, minutes) in store::matching(tx, row.doctor_id, row.start.date())? {
            // The run the entry's visit needs from the freed slot: every slot free, unheld.
            let run = match minutes {
                None => vec![row],
                Some(m) => match crate::store::visit_types::run(tx, &row, m)? {
                    Some(run) => run,
                    None => continue,
                },
            };
            let end = run.last().map_or(row.end, |s| s.end);
            let mut taken = false;
            for s in &run[1..] {
                taken |= s.booked || holds::live(tx, s.id, now)?.is_some();
            }
            let p = patients::get(tx, patient)?;
            if taken
                || p.archived
                || store::let_go(tx, slot, patient)?
                || appointments::patient_overlap(tx, patient, row.start, end, None)?.is_some()
                || holds::of_patient(tx, patient, slot, None, now)?
                    .iter()
                    .any(|(_, start, held_end)| *start < end && *held_end > row.start)
            {
                continue;
            }
            let expires = now + Duration::minutes(i64::from(hold_minutes));
            let run_start = (run.len() > 1).then_some(slot);
            for s in &run {
                holds::put(
                    tx,
                    &Hold {
                        slot_id: s.id,
                        patient_id: patient,
                        held_by: None,
                        expires_at: expires,
                    },
                    run_start,
                    now,
                )?;
            }
            let offer = store::insert_offer(tx, entry, slot, now, expires)?;
            store::set_status(tx, entry, "offered")?;
            let waited_for = store::get(tx, entry)?.visit_type.map(|(_, name)| name);
            super::messages::offered(
                tx,
                &super::messages::OfferFacts {
                    offer,
                    patient,
                    doctor: &doctors::get(tx, row.doctor_id)?,
                    start: row.start,
                    end,
                    visit_type: waited_for.as_deref(),
                    until: expires,
                },
                now,
            )?;
            crate::store::audit::append(
                tx,
                now,
                crate::store::audit::Entry {
                    action: "waitlist_offer",
                    subject: Some(format!("waitlist {entry}")),
                    detail: Some(format!("slot {slot} held for patient {patient}")),
                    ..Default::default()
                },
            )?;
            return Ok(Some((patient, expires)));
        }
        Ok(None)
    }

    /// A booking took `slot`: its live offer, if for this patient, is fulfilled.
    pub(super) fn offer_taken(
        &self,
        tx: &Connection,
        slot: SlotId,
        patient: PatientId,
        _now: NaiveDateTime,
    ) -> Result<()> {
        if let Some((offer, entry, for_patient)) = store::live_offer_on(tx, slot)? {
            let outcome = if for_patient == patient {
                "booked"
            } else {
                "declined"
            };
            store::close_offer(tx, offer, outcome)?;
            store::set_status(
                tx,
                entry,
                if for_patient == patient {
                    "booked"
                } else {
                    "expired"
                },
            )?;
        }
        Ok(())
    }

    /// A hold on `slot` was released: a live offer on it is declined and passes on.
    pub(super) fn offer_declined(
        &self,
        tx: &Connection,
        slot: SlotId,
        now: NaiveDateTime,
    ) -> Result<()> {
        if let Some((offer, entry, _)) = store::live_offer_on(tx, slot)? {
            store::close_offer(tx, offer, "declined")?;
            store::set_status(tx, entry, "expired")?;
            self.offer_freed_slot(tx, slot, now)?;
        }
        Ok(())
    }
}
