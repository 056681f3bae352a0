//! Availability: declaring and removing slots (R1, R10) and finding them.

use super::{Clinic, record};
use crate::domain::slot::plan_slots;
use crate::domain::time::{check_real_span, fmt_clock, fmt_minute, next_day};
use crate::domain::{Actor, DoctorId, Slot, SlotId, SlotSort, SlotState, access};
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
        let now = self.now_minute();
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
                    within_limits: false,
                    sort: SlotSort::Time,
                    limit: PAGE_MAX,
                    offset: 0,
                },
                now,
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
                        now,
                    ) {
                        Ok(plan) => plan,
                        Err(_) if date.and_time(s.start.time()) <= now => {
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
            real_times(&plan)?;
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
