//! Availability: declaring and removing slots (R1, R10) and finding them.

use super::{Clinic, record};
use crate::domain::slot::plan_slots;
use crate::domain::time::{fmt_clock, fmt_minute, next_day};
use crate::domain::{Actor, DoctorId, Slot, SlotId, SlotSort, SlotState, access};
use crate::error::{Error, Result};
use crate::store::slots::{self, SlotQuery};
use crate::store::{appointments, doctors, holds, patients};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// A page of slots at most this long; lists page through SQL, never load whole.
pub const PAGE_MAX: u32 = 20_000;

/// What a person asks of a slot list.
#[derive(Debug, Clone)]
pub struct SlotFilter {
    /// Slots starting in `[from, to)`.
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub doctor: Option<DoctorId>,
    pub specialty: Option<String>,
    pub time_window: Option<(NaiveTime, NaiveTime)>,
    pub free_only: bool,
    pub sort: SlotSort,
    pub limit: u32,
    pub offset: u32,
}

impl SlotFilter {
    /// Every slot of one day.
    pub fn day(day: NaiveDate) -> Self {
        SlotFilter {
            from: day.and_time(NaiveTime::MIN),
            to: next_day(day).and_time(NaiveTime::MIN),
            doctor: None,
            specialty: None,
            time_window: None,
            free_only: false,
            sort: SlotSort::Time,
            limit: PAGE_MAX,
            offset: 0,
        }
    }
}

impl Clinic {
    /// Declares consecutive slots of `length` minutes (default: the clinic's) from `from` to
    /// `to` on `date` (R1, R5). All or nothing: one overlap refuses the whole declaration.
    pub fn declare_slots(
        &self,
        actor: &Actor,
        doctor: DoctorId,
        date: NaiveDate,
        from: NaiveTime,
        to: NaiveTime,
        length: Option<u32>,
    ) -> Result<Vec<Slot>> {
        access::manage_slots(actor, doctor)?;
        let now = self.now_minute();
        self.store.write(|tx| {
            let settings = crate::store::settings::get(tx)?;
            let doc = doctors::get(tx, doctor)?;
            if !doc.active {
                return Err(Error::conflict(format!("{} is not active", doc.full_name)));
            }
            let plan = plan_slots(
                &settings,
                date,
                from,
                to,
                length.unwrap_or(settings.slot_minutes),
                now,
            )?;
            let mut created = Vec::with_capacity(plan.len());
            for p in &plan {
                if let Some(clash) = slots::overlapping(tx, doctor, p.start, p.end())? {
                    return Err(Error::conflict(format!(
                        "{} overlaps the existing slot {} at {}",
                        fmt_minute(p.start),
                        clash.id,
                        fmt_clock(clash.start.time())
                    )));
                }
                let id = slots::insert(tx, doctor, p)?;
                created.push(Slot {
                    id,
                    doctor_id: doctor,
                    doctor_name: doc.full_name.clone(),
                    specialty: doc.specialty.clone(),
                    start: p.start,
                    end: p.end(),
                    duration: p.minutes,
                    state: SlotState::Free,
                    fee: doc.fee,
                    patient_id: Some(None),
                    patient_name: None,
                });
            }
            record(
                tx,
                now,
                actor,
                "slots_declare",
                format!("doctor {doctor}"),
                format!(
                    "{} slots on {date} {}–{}",
                    created.len(),
                    fmt_clock(from),
                    fmt_clock(to)
                ),
            )?;
            Ok(created)
        })
    }

    /// Removes free slots (R10). All or nothing: a booked or held slot refuses the whole
    /// request and names who is booked, so they can be cancelled explicitly first.
    pub fn remove_slots(&self, actor: &Actor, ids: &[SlotId]) -> Result<usize> {
        access::signed_in(actor)?;
        if ids.is_empty() {
            return Err(Error::invalid("name at least one slot to remove"));
        }
        let now = self.now();
        self.store.write(|tx| {
            for &id in ids {
                let slot = slots::get(tx, id)?;
                access::manage_slots(actor, slot.doctor_id)?;
                if let Some(appt) = appointments::active_on_slot(tx, id)? {
                    let a = appointments::row(tx, appt)?;
                    let who = patients::get(tx, a.patient_id)?;
                    return Err(Error::conflict(format!(
                        "slot {id} at {} is booked by {} (appointment {appt}); cancel it with a reason first",
                        fmt_minute(slot.start),
                        who.full_name
                    )));
                }
                if let Some(hold) = holds::live(tx, id, now)? {
                    return Err(Error::conflict(format!(
                        "slot {id} is held until {}; release it first",
                        fmt_minute(hold.expires_at)
                    )));
                }
                slots::delete(tx, id)?;
            }
            let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
            record(tx, now, actor, "slots_remove", format!("slots {}", list.join(",")), None)?;
            Ok(ids.len())
        })
    }

    /// Slots matching `filter`, with their state now. Anyone may look; a guest sees free slots
    /// only, and who booked or holds a slot is shown only to its doctor and admins.
    pub fn slots(&self, actor: &Actor, filter: &SlotFilter) -> Result<Vec<Slot>> {
        if filter.from >= filter.to {
            return Err(Error::invalid("the time range is empty"));
        }
        let q = SlotQuery {
            from: filter.from,
            to: filter.to,
            doctor: filter.doctor,
            specialty: filter.specialty.as_deref(),
            time_window: filter.time_window,
            free_only: filter.free_only || *actor == Actor::Guest,
            sort: filter.sort,
            limit: filter.limit.min(PAGE_MAX),
            offset: filter.offset,
        };
        let now = self.now();
        let mut list = self.store.read(|tx| slots::list(tx, &q, now))?;
        for slot in &mut list {
            if !access::sees_slot_patient(actor, slot.doctor_id) {
                slot.patient_id = None;
                slot.patient_name = None;
            }
        }
        Ok(list)
    }
}
