//! Availability: declaring and removing slots (R1, R10) and finding them.

use super::{Clinic, record};
use crate::domain::slot::plan_slots;
use crate::domain::text::count;
use crate::domain::time::{
    check_real_span, fmt_clock, human_day, human_when, next_day, truncate_to_minute,
};
use crate::domain::window::booking_window;
use crate::domain::{
    Actor, AppointmentId, DoctorId, PatientId, Slot, SlotId, SlotSort, SlotState, VisitTypeId,
    access,
};
use crate::error::{Error, Result};
use crate::store::slots::{self, SlotQuery};
use crate::store::{appointments, doctors, holds, patients};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

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
    /// Only slots this patient could take without clashing with their own visits (R3),
    /// the visit being moved aside.
    pub fits: Option<(PatientId, Option<AppointmentId>)>,
    /// Only where a visit of this type can start: the whole run of slots it covers is free
    /// (and, for patients, within R4/R12). Each listed slot then shows the visit's end and
    /// minutes.
    pub visit_type: Option<VisitTypeId>,
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
            fits: None,
            visit_type: None,
            sort: SlotSort::Time,
            limit: PAGE_MAX,
            offset: 0,
        }
    }
}

/// The longest span [`Clinic::copy_slots`] copies at once: a week.
pub const COPY_SPAN_MAX_DAYS: i64 = 7;
/// The most copies [`Clinic::copy_slots`] makes: a year of weeks.
pub const COPY_REPEAT_MAX: u32 = 53;

/// What copying availability forward did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CopySummary {
    /// Slots declared.
    pub created: usize,
    /// Times left out because the doctor already has a slot there.
    pub skipped_taken: usize,
    /// Times left out because they are already past (R5).
    pub skipped_past: usize,
}

impl CopySummary {
    /// "Declared 12 slots; 2 times already had a slot." in plain words.
    pub fn sentence(&self, lead: &str) -> String {
        let mut text = format!("{lead} {}", count(self.created, "slot"));
        if self.skipped_taken > 0 {
            text.push_str(&format!(
                "; {} already had a slot",
                count(self.skipped_taken, "time")
            ));
        }
        if self.skipped_past > 0 {
            text.push_str(&format!(
                "; {} already past",
                count(self.skipped_past, "time")
            ));
        }
        text.push('.');
        text
    }
}

impl Clinic {
    /// Copies a doctor's declared times of `[source_from, source_to]` (a day or a week)
    /// forward: `repeat` times, the first copy starting on `target_start`, each the span's
    /// length after the one before. Every source slot (free, held or booked: it is declared
    /// time) becomes a free slot at the same time of day; times where the doctor already has
    /// a slot, or that are past, are skipped (R1, R5). One transaction: all or nothing.
    pub fn copy_slots(
        &self,
        actor: &Actor,
        doctor: DoctorId,
        source_from: NaiveDate,
        source_to: NaiveDate,
        target_start: NaiveDate,
        repeat: u32,
    ) -> Result<CopySummary> {
        self.copy(
            actor,
            doctor,
            (source_from, source_to),
            target_start,
            repeat,
        )
    }

    /// Copies a day or a week of a doctor's declared times forward, once every span, from
    /// `first` until `until` (inclusive): "repeat this week until the end of March". The
    /// last copy may run past `until` to finish its span. One transaction, as
    /// [`Clinic::copy_slots`].
    pub fn copy_slots_until(
        &self,
        actor: &Actor,
        doctor: DoctorId,
        source: (NaiveDate, NaiveDate),
        first: NaiveDate,
        until: NaiveDate,
    ) -> Result<CopySummary> {
        if until < first {
            return Err(Error::invalid(format!(
                "'until' ({}) is before the first copy ({})",
                crate::domain::time::fmt_date(until),
                crate::domain::time::fmt_date(first)
            )));
        }
        let period = (source.1 - source.0).num_days().max(0) + 1;
        let days = (until - first).num_days() + 1;
        let repeat = u32::try_from((days + period - 1) / period).unwrap_or(u32::MAX);
        self.copy(actor, doctor, source, first, repeat)
    }

    fn copy(
        &self,
        actor: &Actor,
        doctor: DoctorId,
        (source_from, source_to): (NaiveDate, NaiveDate),
        target_start: NaiveDate,
        repeat: u32,
    ) -> Result<CopySummary> {
        access::manage_slots(actor, doctor)?;
        if source_to < source_from {
            return Err(Error::invalid("the days to copy end before they start"));
        }
        let span = (source_to - source_from).num_days() + 1;
        if span > COPY_SPAN_MAX_DAYS {
            return Err(Error::invalid(format!(
                "copy a day or a week at a time (at most {COPY_SPAN_MAX_DAYS} days)"
            )));
        }
        if target_start <= source_to {
            return Err(Error::invalid(format!(
                "copies go forward: the first copy must start after {}",
                crate::domain::time::fmt_date(source_to)
            )));
        }
        if !(1..=COPY_REPEAT_MAX).contains(&repeat) {
            return Err(Error::invalid(format!(
                "make 1 to {COPY_REPEAT_MAX} copies at a time"
            )));
        }
        // Audited to the second (events stay in order); R5 is judged to the minute.
        let now = self.now();
        let minute = truncate_to_minute(now);
        self.store.write(|tx| {
            let settings = crate::store::settings::get(tx)?;
            let doc = doctors::get(tx, doctor)?;
            if !doc.active {
                return Err(Error::conflict(format!("{} is not active", doc.full_name)));
            }
            let source = slots::list(
                tx,
                &SlotQuery {
                    from: source_from.and_time(NaiveTime::MIN),
                    to: next_day(source_to).and_time(NaiveTime::MIN),
                    doctor: Some(doctor),
                    specialty: None,
                    time_window: None,
                    free_only: false,
                    visit_minutes: None,
                    fits: None,
                    within_limits: false,
                    sort: SlotSort::Time,
                    limit: PAGE_MAX,
                    offset: 0,
                },
                minute,
            )?;
            if source.is_empty() {
                return Err(Error::invalid(format!(
                    "{} has no slots to copy from {} to {}",
                    doc.full_name,
                    crate::domain::time::fmt_date(source_from),
                    crate::domain::time::fmt_date(source_to)
                )));
            }
            let shift = target_start - source_from;
            let mut summary = CopySummary::default();
            for k in 0..i64::from(repeat) {
                let offset = shift + Duration::days(span * k);
                for s in &source {
                    let date = (s.start + offset).date();
                    let plan = match plan_slots(
                        &settings,
                        date,
                        s.start.time(),
                        s.end.time(),
                        s.duration,
                        minute,
                    ) {
                        Ok(plan) => plan,
                        Err(_) if date.and_time(s.start.time()) <= minute => {
                            summary.skipped_past += 1;
                            continue;
                        }
                        Err(e) => return Err(e),
                    };
                    real_times(&plan)?;
                    for p in &plan {
                        if slots::overlapping(tx, doctor, p.start, p.end())?.is_some() {
                            summary.skipped_taken += 1;
                        } else {
                            slots::insert(tx, doctor, p)?;
                            summary.created += 1;
                        }
                    }
                }
            }
            record(
                tx,
                now,
                actor,
                "slots_copy",
                format!("doctor {doctor}"),
                format!(
                    "{} slots from {source_from}–{source_to} to {repeat} × from {target_start}; {} taken, {} past skipped",
                    summary.created, summary.skipped_taken, summary.skipped_past
                ),
            )?;
            Ok(summary)
        })
    }

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
        let now = self.now();
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
                truncate_to_minute(now),
            )?;
            real_times(&plan)?;
            let mut created = Vec::with_capacity(plan.len());
            for p in &plan {
                if let Some(clash) = slots::overlapping(tx, doctor, p.start, p.end())? {
                    return Err(Error::conflict(format!(
                        "{} overlaps the existing {} slot",
                        human_when(p.start),
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

    /// Declares consecutive slots of `length` minutes from `from` to `to` on `date` where
    /// the doctor has none yet: the gaps of a partly filled day are filled, and what was left
    /// out (times already declared, times past) is counted, as copying does. R1 and R5 as
    /// [`Clinic::declare_slots`]; one transaction.
    pub fn declare_range(
        &self,
        actor: &Actor,
        doctor: DoctorId,
        date: NaiveDate,
        (from, to): (NaiveTime, NaiveTime),
        length: Option<u32>,
    ) -> Result<CopySummary> {
        access::manage_slots(actor, doctor)?;
        let now = self.now();
        self.store.write(|tx| {
            let settings = crate::store::settings::get(tx)?;
            let doc = doctors::get(tx, doctor)?;
            if !doc.active {
                return Err(Error::conflict(format!("{} is not active", doc.full_name)));
            }
            let length = length.unwrap_or(settings.slot_minutes);
            // The past part of a range started today is skipped, not refused.
            let minute = truncate_to_minute(now);
            let plan = plan_slots(
                &settings,
                date,
                from,
                to,
                length,
                date.and_time(NaiveTime::MIN),
            )?;
            real_times(&plan)?;
            let mut summary = CopySummary::default();
            for p in &plan {
                if p.start <= minute {
                    summary.skipped_past += 1;
                } else if slots::overlapping(tx, doctor, p.start, p.end())?.is_some() {
                    summary.skipped_taken += 1;
                } else {
                    slots::insert(tx, doctor, p)?;
                    summary.created += 1;
                }
            }
            if summary.created == 0 && summary.skipped_taken == 0 {
                return Err(Error::invalid(format!(
                    "{}–{} on {} is already past",
                    fmt_clock(from),
                    fmt_clock(to),
                    human_day(date)
                )));
            }
            record(
                tx,
                now,
                actor,
                "slots_declare",
                format!("doctor {doctor}"),
                format!(
                    "{} on {date} {}–{}; {} taken, {} past skipped",
                    count(summary.created, "slot"),
                    fmt_clock(from),
                    fmt_clock(to),
                    summary.skipped_taken,
                    summary.skipped_past
                ),
            )?;
            Ok(summary)
        })
    }

    /// The active appointments on `doctor`'s future slots starting in `[from, to)` on `date`:
    /// what must be cancelled before [`Clinic::remove_slots_in_range`] can go ahead (R10).
    pub fn booked_in_range(
        &self,
        actor: &Actor,
        doctor: DoctorId,
        date: NaiveDate,
        (from, to): (NaiveTime, NaiveTime),
    ) -> Result<Vec<crate::domain::Appointment>> {
        access::manage_slots(actor, doctor)?;
        let now = self.now();
        self.store.read(|tx| {
            let mut list = Vec::new();
            for slot in future_slots(tx, doctor, date, (from, to), now)? {
                if let Some(id) = appointments::active_on_slot(tx, slot.id)? {
                    list.push(appointments::get(tx, id)?);
                }
            }
            Ok(list)
        })
    }

    /// Removes `doctor`'s future slots starting in `[from, to)` on `date` (R10: all must be
    /// free; held or booked ones refuse the whole removal, naming the first). Past slots
    /// stay: they are history. One transaction. Returns how many went.
    pub fn remove_slots_in_range(
        &self,
        actor: &Actor,
        doctor: DoctorId,
        date: NaiveDate,
        (from, to): (NaiveTime, NaiveTime),
    ) -> Result<usize> {
        access::manage_slots(actor, doctor)?;
        if from >= to {
            return Err(Error::invalid(format!(
                "the range {}–{} is empty",
                fmt_clock(from),
                fmt_clock(to)
            )));
        }
        let now = self.now();
        self.store.write(|tx| {
            let list = future_slots(tx, doctor, date, (from, to), now)?;
            if list.is_empty() {
                return Err(Error::invalid(format!(
                    "there are no future slots on {} between {} and {}",
                    human_day(date),
                    fmt_clock(from),
                    fmt_clock(to)
                )));
            }
            for slot in &list {
                removable(tx, slot, now)?;
                slots::delete(tx, slot.id)?;
            }
            record(
                tx,
                now,
                actor,
                "slots_remove",
                format!("doctor {doctor}"),
                format!(
                    "{} on {date} {}–{}",
                    count(list.len(), "slot"),
                    fmt_clock(from),
                    fmt_clock(to)
                ),
            )?;
            Ok(list.len())
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
                removable(tx, &slot, now)?;
                slots::delete(tx, id)?;
            }
            let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
            record(
                tx,
                now,
                actor,
                "slots_remove",
                format!("slots {}", list.join(",")),
                None,
            )?;
            Ok(ids.len())
        })
    }

    /// The first day from `filter.from` (within `days`) on which `filter` lists a slot:
    /// where a list should open rather than on an empty evening.
    pub fn first_day_with_slots(
        &self,
        actor: &Actor,
        filter: &SlotFilter,
        days: i64,
    ) -> Result<Option<NaiveDate>> {
        let search = SlotFilter {
            to: filter.from + Duration::days(days),
            sort: SlotSort::Time,
            limit: 1,
            offset: 0,
            ..filter.clone()
        };
        Ok(self.slots(actor, &search)?.first().map(|s| s.start.date()))
    }

    /// Slots matching `filter`, with their state now. Anyone may look; a guest sees free slots
    /// only, and who booked or holds a slot is shown only to its doctor and admins.
    pub fn slots(&self, actor: &Actor, filter: &SlotFilter) -> Result<Vec<Slot>> {
        if filter.from >= filter.to {
            return Err(Error::invalid("the time range is empty"));
        }
        if let (Some(doctor), Some(specialty)) = (filter.doctor, filter.specialty.as_deref()) {
            let d = self.doctor(doctor)?;
            if !d.specialty.eq_ignore_ascii_case(specialty) {
                return Err(Error::invalid(format!(
                    "{} practises {}, not {specialty}: choose one or the other",
                    d.full_name, d.specialty
                )));
            }
        }
        if let Some((patient, _)) = filter.fits
            && !actor.is_admin()
            && actor.patient_id() != Some(patient)
        {
            return Err(Error::forbidden("you can only look for your own free time"));
        }
        // R12: patients (and guests, who would book as patients) see only what they may book.
        let (from, to) = match actor {
            Actor::Patient { .. } | Actor::Guest if filter.free_only || *actor == Actor::Guest => {
                let (earliest, latest) = booking_window(&self.settings()?, self.now());
                // Starts from `earliest` through `latest` itself (the list's end is exclusive).
                (
                    filter.from.max(earliest),
                    filter.to.min(latest + Duration::seconds(1)),
                )
            }
            _ => (filter.from, filter.to),
        };
        if from >= to {
            return Ok(Vec::new());
        }
        let visit_minutes = match filter.visit_type {
            Some(t) => Some(
                self.store
                    .read(|tx| super::visit_types::in_use(tx, t))?
                    .minutes,
            ),
            None => None,
        };
        let q = SlotQuery {
            from,
            to,
            doctor: filter.doctor,
            specialty: filter.specialty.as_deref(),
            time_window: filter.time_window,
            visit_minutes,
            free_only: filter.free_only || *actor == Actor::Guest || visit_minutes.is_some(),
            fits: filter.fits,
            // Only the front desk may book past a daily limit, so only it sees those slots.
            within_limits: !actor.is_admin(),
            sort: filter.sort,
            // 0 means "as many as a page holds", as for every list.
            limit: if filter.limit == 0 {
                PAGE_MAX
            } else {
                filter.limit.min(PAGE_MAX)
            },
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

/// The future slots of `doctor` starting in `[from, to)` on `date`.
fn future_slots(
    tx: &rusqlite::Connection,
    doctor: DoctorId,
    date: NaiveDate,
    (from, to): (NaiveTime, NaiveTime),
    now: NaiveDateTime,
) -> Result<Vec<slots::SlotRow>> {
    let start = date.and_time(from).max(now + Duration::seconds(1));
    slots::of_doctor_between(tx, doctor, start, date.and_time(to))
}

/// R10: a slot may go only when nobody is booked on it or holds it.
fn removable(tx: &rusqlite::Connection, slot: &slots::SlotRow, now: NaiveDateTime) -> Result<()> {
    if let Some(appt) = appointments::active_on_slot(tx, slot.id)? {
        let a = appointments::row(tx, appt)?;
        let who = patients::get(tx, a.patient_id)?;
        return Err(Error::conflict(format!(
            "the {} slot on {} is booked by {}; cancel it with a reason first",
            fmt_clock(slot.start.time()),
            human_day(slot.start.date()),
            who.full_name
        )));
    }
    if let Some(hold) = holds::live(tx, slot.id, now)? {
        return Err(Error::conflict(format!(
            "the {} slot on {} is held until {}; wait for it or release it first",
            fmt_clock(slot.start.time()),
            human_day(slot.start.date()),
            fmt_clock(hold.expires_at.time())
        )));
    }
    Ok(())
}

/// Every planned slot exists as written on the machine's clock (`TZ`): none starts in the
/// hour the clocks skip, none spans a change (SPEC §14).
fn real_times(plan: &[crate::domain::SlotPlan]) -> Result<()> {
    plan.iter()
        .try_for_each(|p| check_real_span(&chrono::Local, p.start, p.minutes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::clock::FixedClock;
    use crate::domain::time::{parse_date, parse_minute};
    use crate::domain::{AccountId, DoctorInput};
    use std::sync::Arc;

    fn setup() -> (Clinic, Actor, DoctorId) {
        let (clinic, admin, doc, _) = setup_with_clock();
        (clinic, admin, doc)
    }

    fn setup_with_clock() -> (Clinic, Actor, DoctorId, Arc<FixedClock>) {
        let now = parse_minute("2030-01-07T08:00").unwrap();
        let clock = Arc::new(FixedClock::new(now));
        let clinic = Clinic::in_memory(clock.clone()).unwrap();
        let (account, _) = clinic
            .init_admin("admin", None, || Ok("secret-pass".into()))
            .unwrap();
        let admin = Actor::Admin {
            account: account.id,
        };
        let doctor = clinic
            .register_doctor(
                &admin,
                &DoctorInput {
                    full_name: "Dr. Ada Lee".into(),
                    specialty: "Cardiology".into(),
                    ..Default::default()
                },
                None,
            )
            .unwrap();
        (clinic, admin, doctor.id, clock)
    }

    fn day(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn t(s: &str) -> NaiveTime {
        crate::domain::time::parse_clock(s).unwrap()
    }

    fn starts(clinic: &Clinic, actor: &Actor, doctor: DoctorId, d: &str) -> Vec<String> {
        let mut f = SlotFilter::day(day(d));
        f.doctor = Some(doctor);
        clinic
            .slots(actor, &f)
            .unwrap()
            .iter()
            .map(|s| format!("{}+{}", fmt_clock(s.start.time()), s.duration))
            .collect()
    }

    #[test]
    fn copy_a_day_forward_declares_the_same_times_on_each_target_day() {
        let (clinic, admin, doc) = setup();
        clinic
            .declare_slots(&admin, doc, day("2030-01-08"), t("09:00"), t("10:00"), None)
            .unwrap();
        clinic
            .declare_slots(
                &admin,
                doc,
                day("2030-01-08"),
                t("14:00"),
                t("14:45"),
                Some(45),
            )
            .unwrap();
        let done = clinic
            .copy_slots(
                &admin,
                doc,
                day("2030-01-08"),
                day("2030-01-08"),
                day("2030-01-09"),
                3,
            )
            .unwrap();
        assert_eq!(
            done,
            CopySummary {
                created: 9,
                skipped_taken: 0,
                skipped_past: 0
            }
        );
        for d in ["2030-01-09", "2030-01-10", "2030-01-11"] {
            assert_eq!(
                starts(&clinic, &admin, doc, d),
                ["09:00+30", "09:30+30", "14:00+45"],
                "{d}"
            );
        }
        assert!(starts(&clinic, &admin, doc, "2030-01-12").is_empty());
    }

    #[test]
    fn copy_a_week_skips_times_already_declared_and_keeps_them() {
        let (clinic, admin, doc) = setup();
        clinic
            .declare_slots(&admin, doc, day("2030-01-08"), t("09:00"), t("10:00"), None)
            .unwrap();
        clinic
            .declare_slots(&admin, doc, day("2030-01-10"), t("11:00"), t("11:30"), None)
            .unwrap();
        // Next week already has an hour-long slot over 09:00–10:00 on Tuesday.
        clinic
            .declare_slots(
                &admin,
                doc,
                day("2030-01-15"),
                t("09:00"),
                t("10:00"),
                Some(60),
            )
            .unwrap();
        let done = clinic
            .copy_slots(
                &admin,
                doc,
                day("2030-01-07"),
                day("2030-01-13"),
                day("2030-01-14"),
                2,
            )
            .unwrap();
        assert_eq!(done.created, 4);
        assert_eq!(done.skipped_taken, 2);
        assert_eq!(starts(&clinic, &admin, doc, "2030-01-15"), ["09:00+60"]);
        assert_eq!(starts(&clinic, &admin, doc, "2030-01-17"), ["11:00+30"]);
        assert_eq!(
            starts(&clinic, &admin, doc, "2030-01-22"),
            ["09:00+30", "09:30+30"]
        );
        assert_eq!(starts(&clinic, &admin, doc, "2030-01-24"), ["11:00+30"]);
    }

    #[test]
    fn copy_is_refused_backwards_too_long_or_by_another_doctor() {
        let (clinic, admin, doc) = setup();
        clinic
            .declare_slots(&admin, doc, day("2030-01-09"), t("09:00"), t("10:00"), None)
            .unwrap();
        let back = clinic
            .copy_slots(
                &admin,
                doc,
                day("2030-01-09"),
                day("2030-01-09"),
                day("2030-01-08"),
                1,
            )
            .unwrap_err();
        assert_eq!(back.kind(), ErrorKind::Invalid);
        let long = clinic
            .copy_slots(
                &admin,
                doc,
                day("2030-01-01"),
                day("2030-01-09"),
                day("2030-01-10"),
                1,
            )
            .unwrap_err();
        assert_eq!(long.kind(), ErrorKind::Invalid);
        let stranger = Actor::Doctor {
            account: AccountId(999),
            doctor: DoctorId(doc.0 + 1),
        };
        let e = clinic
            .copy_slots(
                &stranger,
                doc,
                day("2030-01-09"),
                day("2030-01-09"),
                day("2030-01-10"),
                1,
            )
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Forbidden);
        let none = clinic
            .copy_slots(
                &admin,
                doc,
                day("2030-01-11"),
                day("2030-01-11"),
                day("2030-01-12"),
                1,
            )
            .unwrap_err();
        assert!(
            none.message().contains("no slots to copy"),
            "{}",
            none.message()
        );
        assert!(starts(&clinic, &admin, doc, "2030-01-10").is_empty());
    }

    #[test]
    fn copying_onto_today_skips_the_times_already_past() {
        let (clinic, admin, doc, clock) = setup_with_clock();
        clinic
            .declare_slots(&admin, doc, day("2030-01-07"), t("09:00"), t("10:00"), None)
            .unwrap();
        clock.set(parse_minute("2030-01-08T09:10").unwrap());
        let done = clinic
            .copy_slots(
                &admin,
                doc,
                day("2030-01-07"),
                day("2030-01-07"),
                day("2030-01-08"),
                1,
            )
            .unwrap();
        assert_eq!(
            done,
            CopySummary {
                created: 1,
                skipped_taken: 0,
                skipped_past: 1
            }
        );
        assert_eq!(starts(&clinic, &admin, doc, "2030-01-08"), ["09:30+30"]);
    }
}
