//! Working plans (SPEC §9): setting a doctor's weekly template and laying it out as slots
//! through the clinic's horizon, never in the past, never over another slot or time off.
//!
//! Which days a plan has been laid out on is recorded (`planned_days`), so applying again is
//! cheap and idempotent, and a plan slot the doctor removed by hand stays removed. A new
//! plan lays its days out afresh: the old plan's free slots it does not have go, booked ones
//! stay and are listed.

use super::{Clinic, record};
use crate::domain::plan::{Plan, PlanChanges, PlanRange, check_ranges, slots_on, week_text};
use crate::domain::time::{check_real_span, fmt_date, human_day};
use crate::domain::{Actor, DoctorId, PlanId, Settings, access};
use crate::error::{Error, Result};
use crate::store::time_off::Whose;
use crate::store::working_plans::{self as plans, PlanRow};
use crate::store::{doctors, slots, time_off};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Plans are laid out at most this far ahead.
pub const HORIZON_MAX_DAYS: i64 = 2 * 366;

/// `apply_plans` commits once at least this many slots have been made (after the doctor
/// it is on), so a clinic-wide apply holds the write lock a fraction of a second at a time.
const SLOTS_PER_TRANSACTION: u32 = 32_000;

/// A plan as `plan show` prints it: the plan (SPEC §9 JSON) with its id, the day the next
/// plan takes over, and the week as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanView {
    pub id: PlanId,
    #[serde(flatten)]
    pub plan: Plan,
    /// The day the doctor's next plan takes over, if one is set.
    #[serde(with = "crate::domain::time::date_serde::option")]
    pub until: Option<NaiveDate>,
    /// The week as `plan set --week` reads it.
    pub week: String,
    /// For a plan kept as history: when a later one for the same date replaced it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced: Option<String>,
}

impl Clinic {
    /// The doctor's plan in force today and the later ones; with `history`, every plan ever
    /// set, replaced ones included. The doctor themself and the front desk.
    pub fn plans(&self, actor: &Actor, doctor: DoctorId, history: bool) -> Result<Vec<PlanView>> {
        access::manage_slots(actor, doctor)?;
        let today = self.now().date();
        self.store.read(|tx| {
            doctors::get(tx, doctor)?;
            let length = crate::store::settings::get(tx)?.slot_minutes;
            let rows = plans::of_doctor(tx, doctor, history)?;
            let in_force: Vec<&PlanRow> =
                rows.iter().filter(|r| r.superseded_at.is_none()).collect();
            let until = |r: &PlanRow| {
                in_force
                    .iter()
                    .map(|p| p.plan.effective_from)
                    .filter(|d| *d > r.plan.effective_from)
                    .min()
            };
            Ok(rows
                .iter()
                .filter(|r| history || until(r).is_none_or(|u| u > today))
                .map(|r| PlanView {
                    id: r.id,
                    until: if r.superseded_at.is_none() {
                        until(r)
                    } else {
                        None
                    },
                    week: week_text(&r.plan.ranges, length),
                    replaced: r.superseded_at.map(crate::domain::time::fmt_minute),
                    plan: r.plan.clone(),
                })
                .collect())
        })
    }

    /// Sets the doctor's plan from `from` (default today) until their next plan takes over,
    /// and lays it out through the horizon: the old plan's free slots it does not have are
    /// removed, booked ones stay and are listed. One transaction.
    pub fn set_plan(
        &self,
        actor: &Actor,
        doctor: DoctorId,
        from: Option<NaiveDate>,
        ranges: Vec<PlanRange>,
    ) -> Result<PlanChanges> {
        access::manage_slots(actor, doctor)?;
        let now = self.now();
        let plan = plan_from(doctor, from, ranges, now)?;
        self.store.write(|tx| replace_plan(tx, actor, &plan, now))
    }

    /// What [`Clinic::set_plan`] would do, without doing it: the same checks and counts, in
    /// a transaction that is rolled back.
    pub fn preview_plan(
        &self,
        actor: &Actor,
        doctor: DoctorId,
        from: Option<NaiveDate>,
        ranges: Vec<PlanRange>,
    ) -> Result<PlanChanges> {
        access::manage_slots(actor, doctor)?;
        let now = self.now();
        let plan = plan_from(doctor, from, ranges, now)?;
        self.store
            .rehearse(|tx| replace_plan(tx, actor, &plan, now))
    }

    /// Lays the plans out through `until` (default: the horizon): one doctor's (theirs or the
    /// desk's choice) or, for the desk, every planned doctor's, one transaction each so
    /// bookings carry on meanwhile. Idempotent: days already laid out are left alone.
    pub fn apply_plans(
        &self,
        actor: &Actor,
        doctor: Option<DoctorId>,
        until: Option<NaiveDate>,
    ) -> Result<PlanChanges> {
        // A job for cron (SPEC part two): the system may run it without signing in.
        match (actor, doctor) {
            (Actor::Guest, _) | (_, None) => access::run_job(actor)?,
            (_, Some(d)) => access::manage_slots(actor, d)?,
        }
        let now = self.now();
        let today = now.date();
        let settings = self.settings()?;
        let horizon = horizon_end(&settings, today);
        let end = match until {
            Some(u) if u < today => {
                return Err(Error::invalid(format!("{} is in the past", human_day(u))));
            }
            Some(u) if (u - today).num_days() > HORIZON_MAX_DAYS => {
                return Err(Error::invalid("plans are laid out at most two years ahead"));
            }
            Some(u) => u + Duration::days(1),
            None => horizon,
        };
        let doctors = match doctor {
            Some(d) => vec![d],
            None => self.store.read(|tx| plans::planned_doctors(tx))?,
        };
        let mut changes = PlanChanges::default();
        let mut doctors = doctors.into_iter().peekable();
        loop {
            // Several doctors a transaction: far fewer pages written than one each, and the
            // write lock is still given up every few thousand slots so bookings carry on.
            changes.created += self.store.write(|tx| {
                let mut created = 0;
                while created < SLOTS_PER_TRANSACTION {
                    let Some(d) = doctors.next() else { break };
                    let made = lay_out(tx, d, today, end, now, &settings)?;
                    if made > 0 {
                        record(
                            tx,
                            now,
                            actor,
                            "plan_apply",
                            format!("doctor {d}"),
                            format!("{made} slots through {}", fmt_date(end - Duration::days(1))),
                        )?;
                    }
                    created += made;
                }
                if doctor.is_none() && doctors.peek().is_none() {
                    plans::set_planned_through(tx, end - Duration::days(1))?;
                }
                Ok(created)
            })?;
            if doctors.peek().is_none() {
                break;
            }
        }
        Ok(changes)
    }

    /// For the front desk's sign-in: lays the plans out when the horizon has fallen short by
    /// more than a little (a week of an 8-week horizon, a day of a 1-week one), so it never
    /// silently runs out and a sign-in rarely waits for it. `None` when nothing was needed.
    pub fn extend_horizon(&self, actor: &Actor) -> Result<Option<PlanChanges>> {
        access::admin(actor)?;
        let today = self.now().date();
        let settings = self.settings()?;
        let through = self.store.read(|tx| plans::planned_through(tx))?;
        let wanted = horizon_end(&settings, today) - Duration::days(1);
        let slack = Duration::days((i64::from(settings.horizon_weeks) * 7 / 8).clamp(1, 7));
        if through.is_some_and(|t| t + slack >= wanted) {
            return Ok(None);
        }
        self.apply_plans(actor, None, None).map(Some)
    }
}

/// The plan to set: R1 for every range, effective today or later.
fn plan_from(
    doctor: DoctorId,
    from: Option<NaiveDate>,
    ranges: Vec<PlanRange>,
    now: NaiveDateTime,
) -> Result<Plan> {
    let today = now.date();
    let effective_from = from.unwrap_or(today);
    if effective_from < today {
        return Err(Error::invalid(format!(
            "a plan takes effect today or later; {} is past",
            human_day(effective_from)
        )));
    }
    Ok(Plan {
        doctor_id: doctor,
        effective_from,
        ranges,
    })
}

/// The first day past the horizon.
pub fn horizon_end(settings: &Settings, today: NaiveDate) -> NaiveDate {
    today + Duration::days(i64::from(settings.horizon_weeks) * 7)
}

fn replace_plan(
    tx: &Connection,
    actor: &Actor,
    plan: &Plan,
    now: NaiveDateTime,
) -> Result<PlanChanges> {
    let settings = crate::store::settings::get(tx)?;
    check_ranges(&plan.ranges, &settings)?;
    let doctor = plan.doctor_id;
    let doc = doctors::get(tx, doctor)?;
    if !doc.active {
        return Err(Error::conflict(format!("{} is not active", doc.full_name)));
    }
    plans::insert(tx, plan, actor.account(), now)?;
    let today = now.date();
    let first = plan.effective_from.max(today);
    let until = plans::next_start(tx, doctor, plan.effective_from)?;
    let mut changes = PlanChanges::default();
    // The old plans' future slots in the new plan's time that it does not make.
    let mut wanted: HashMap<NaiveDate, HashSet<(NaiveDateTime, u32)>> = HashMap::new();
    let start = first.and_time(NaiveTime::MIN).max(now);
    for old in plans::plan_slots(tx, doctor, start, until.map(midnight), now)? {
        let day = old.start.date();
        let keeps = wanted
            .entry(day)
            .or_insert_with(|| {
                slots_on(&plan.ranges, day)
                    .into_iter()
                    .map(|s| (s.start, s.minutes))
                    .collect()
            })
            .contains(&(old.start, old.minutes));
        match (keeps, old.booked) {
            (true, _) => {}
            // A visit covering several slots is listed once.
            (false, Some(visit)) if changes.kept_booked.contains(&visit) => {}
            (false, Some(visit)) => changes.kept_booked.push(visit),
            (false, None) if old.held => {}
            (false, None) => {
                slots::delete(tx, old.slot)?;
                changes.removed += 1;
            }
        }
    }
    plans::forget_laid_out(tx, Some(doctor), first, until)?;
    let end = horizon_end(&settings, today);
    let end = until.map_or(end, |u| u.min(end));
    if first < end {
        changes.created = lay_out(tx, doctor, first, end, now, &settings)?;
    }
    record(
        tx,
        now,
        actor,
        "plan_set",
        format!("doctor {doctor}"),
        format!(
            "from {}: {}; {}",
            fmt_date(plan.effective_from),
            match week_text(&plan.ranges, settings.slot_minutes) {
                w if w.is_empty() => "no working hours".to_string(),
                w => w,
            },
            changes.sentence()
        ),
    )?;
    Ok(changes)
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

/// Lays the doctor's plans out on the days in `[from, to)` not laid out yet; returns how
/// many slots it made. Skips what is past, outside opening hours, inside time off, over
/// another slot, or at a time the clocks skip or repeat.
fn lay_out(
    tx: &Connection,
    doctor: DoctorId,
    from: NaiveDate,
    to: NaiveDate,
    now: NaiveDateTime,
    settings: &Settings,
) -> Result<u32> {
    if from >= to || !doctors::get(tx, doctor)?.active {
        return Ok(0);
    }
    let in_force = plans::of_doctor(tx, doctor, false)?;
    if in_force.is_empty() {
        return Ok(0);
    }
    let done: HashSet<NaiveDate> = plans::laid_out(tx, doctor, from, to)?.into_iter().collect();
    let off = time_off::between(tx, Whose::Doctor(doctor), midnight(from), midnight(to))?;
    // Slots never overlap one another, so the last one starting before a new slot ends is
    // the only one that could overlap it.
    let mut taken: BTreeMap<NaiveDateTime, NaiveDateTime> =
        plans::taken(tx, doctor, midnight(from), midnight(to))?
            .into_iter()
            .collect();
    let mut made = Vec::new();
    let mut day = from;
    while day < to {
        let plan = in_force.iter().rev().find(|p| p.plan.effective_from <= day);
        if let (false, Some(plan)) = (done.contains(&day), plan) {
            for slot in slots_on(&plan.plan.ranges, day) {
                let end = slot.end();
                let fits = slot.start > now
                    && slot.start.time() >= settings.opens
                    && end.time() <= settings.closes
                    && end.date() == day
                    && check_real_span(&chrono::Local, slot.start, slot.minutes).is_ok()
                    && !off.iter().any(|t| t.overlaps(slot.start, end))
                    && taken
                        .range(..end)
                        .next_back()
                        .is_none_or(|(_, e)| *e <= slot.start);
                if fits {
                    taken.insert(slot.start, end);
                    made.push((slot, plan.id));
                }
            }
            plans::mark_laid_out(tx, doctor, day, plan.id)?;
        }
        day += Duration::days(1);
    }
    plans::insert_slots(tx, doctor, &made)?;
    Ok(u32::try_from(made.len()).unwrap_or(u32::MAX))
}

/// Lays plans out again on the days of `[from, to)` (of one doctor, or every planned one
/// for a closure), within the horizon: after time off is taken back.
pub(super) fn lay_out_again(
    tx: &Connection,
    doctor: Option<DoctorId>,
    (from, to): (NaiveDateTime, NaiveDateTime),
    now: NaiveDateTime,
) -> Result<u32> {
    let settings = crate::store::settings::get(tx)?;
    let first = from.date().max(now.date());
    let last = (to.date() + Duration::days(1)).min(horizon_end(&settings, now.date()));
    if first >= last {
        return Ok(0);
    }
    plans::forget_laid_out(tx, doctor, first, Some(last))?;
    let doctors = match doctor {
        Some(d) => vec![d],
        None => plans::planned_doctors(tx)?,
    };
    let mut created = 0;
    for d in doctors {
        created += lay_out(tx, d, first, last, now, &settings)?;
    }
    Ok(created)
}
