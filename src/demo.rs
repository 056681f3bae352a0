//! The demo clinic: a deterministic, realistic clinic for trying the product and for the
//! benchmarks (`clinic demo`, `clinic --demo`).
//!
//! Same seed, same clinic (relative to today). Names and specialties come from `assets/`.
//! Every doctor works to a weekly plan (a lunch break, a 15-minute grid, part-time, late
//! days); the slots are those plans laid out, less a public holiday and one doctor's leave
//! next week. The desk's first sign-in lays the plans out through the rest of the horizon.
//! It writes through the store's bulk loader in one transaction; the rules it must respect
//! (one appointment per slot, no patient overlap, daily limits) are kept by construction
//! and verified by `clinic check` in the tests.

use crate::domain::plan::{Plan, PlanRange, parse_week, slots_on};
use crate::domain::time_off::TimeOffInput;
use crate::domain::visit_type::{Repeat, VisitTypeFields};
use crate::domain::{
    AccountId, Actor, Contact, DoctorId, DoctorProfile, PatientId, PatientProfile, PlanId, Role,
    SlotId, Status, VisitTypeId,
};
use crate::error::{Error, Result};
use crate::service::{BookRequest, Clinic, SeriesRequest, SlotFilter, password};
use crate::store::bulk::{self, BulkAppointment};
use crate::store::{
    accounts, audit, care_team, doctors, patients, time_off, visit_types, waitlist, working_plans,
};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;
use std::collections::HashSet;

const NAMES: &str = include_str!("../assets/names.txt");
const SPECIALTIES: &str = include_str!("../assets/specialties.txt");

/// The password of every demo login.
pub const DEMO_PASSWORD: &str = "demo-pass";

/// How big a clinic to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSpec {
    pub doctors: u32,
    pub patients: u32,
    /// Days of slots in all; about a third lie in the past, as history.
    pub days: u32,
    pub seed: u64,
}

impl Default for DemoSpec {
    fn default() -> Self {
        DemoSpec {
            doctors: 12,
            patients: 200,
            days: 14,
            seed: 1,
        }
    }
}

/// What was made, and how to sign in.
#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    pub doctors: u32,
    pub patients: u32,
    pub slots: u64,
    pub appointments: u64,
    pub logins: Vec<DemoLogin>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DemoLogin {
    pub username: String,
    pub password: String,
    pub role: Role,
    pub full_name: String,
}

/// The doctors' weekly plans, in turn: a lunch break; a 15-minute grid; part-time; late
/// days and a Saturday morning.
const PLANS: [&str; 4] = [
    "mon-fri 09:00-13:00 14:00-18:00",
    "mon-fri 09:00-12:00/15 13:00-17:00/15",
    "mon,wed,fri 09:00-13:00",
    "mon-thu 12:00-20:00; sat 09:00-13:00",
];

/// The clinic's visit types: name, minutes, fee, description.
const VISIT_TYPES: [(&str, u32, Option<u32>, &str); 4] = [
    (
        "Follow-up",
        15,
        Some(40),
        "A short review of a known problem",
    ),
    (
        "Consultation",
        30,
        None,
        "The doctor's usual visit, at the doctor's fee",
    ),
    (
        "New patient",
        45,
        Some(90),
        "First visit: history, examination and a plan",
    ),
    (
        "Physiotherapy",
        30,
        Some(55),
        "One session of a course of treatment",
    ),
];

const REASONS: [&str; 8] = [
    "check-up",
    "follow-up",
    "persistent cough",
    "back pain",
    "test results",
    "prescription renewal",
    "headache",
    "skin rash",
];

/// Fills an empty clinic. Refuses a file that already has accounts, doctors or patients, so a
/// real clinic can never be mixed with demo data, nor gain demo logins with a published
/// password.
pub fn generate(clinic: &Clinic, spec: DemoSpec) -> Result<DemoSummary> {
    if spec.doctors == 0 || spec.doctors > 5_000 {
        return Err(Error::invalid("--doctors is 1 to 5000"));
    }
    if spec.patients == 0 || spec.patients > 1_000_000 {
        return Err(Error::invalid("--patients is 1 to 1000000"));
    }
    if spec.days == 0 || spec.days > 3_660 {
        return Err(Error::invalid("--days is 1 to 3660"));
    }
    let mut rng = fastrand::Rng::with_seed(spec.seed);
    let (first_names, last_names) = names();
    let specialties = specialties();
    let hash = password::hash(DEMO_PASSWORD)?;
    let now = clinic.now();
    let today = now.date();
    let settings = clinic.settings()?;
    let past_days = spec.days / 3;
    let first_day = today - Duration::days(i64::from(past_days));

    let (mut summary, admin, doctor_ids, patient_ids) = clinic.store().bulk(|tx| {
        if !bulk::is_empty(tx)? {
            return Err(Error::conflict(
                "this clinic already has accounts, doctors or patients; the demo only fills a new, empty file",
            ));
        }
        let mut logins = Vec::new();
        let mut login = |username: &str, role: Role, full_name: &str| -> Result<AccountId> {
            let id = accounts::insert(tx, username, role, full_name, &hash, now)?;
            logins.push(DemoLogin {
                username: username.into(),
                password: DEMO_PASSWORD.into(),
                role,
                full_name: full_name.into(),
            });
            Ok(id)
        };
        // What messages to patients sign with; mail itself is left for the clinic to set up,
        // so the demo's messages wait in the outbox.
        let mut named = settings.clone();
        named.clinic_name = "Riverside Clinic".into();
        named.address = Some("1 River Road, Leeds LS1 4AP".into());
        crate::store::settings::put(tx, &named)?;
        let admin = login("admin", Role::Admin, "Alex Front-Desk")?;
        login("frontdesk", Role::Admin, "Sam Reception")?;

        // Doctors: specialties round-robin over the first few, so each has several doctors.
        let specialty_count = specialties
            .len()
            .min((spec.doctors as usize).div_ceil(2))
            .max(1);
        let mut doctor_ids = Vec::with_capacity(spec.doctors as usize);
        let mut doctor_limits = Vec::with_capacity(spec.doctors as usize);
        let mut doctor_names = HashSet::new();
        for i in 0..spec.doctors {
            let (specialty, description) = specialties[i as usize % specialty_count];
            // Distinct names while the name lists last: two "Dr. Silva"s confuse the desk.
            let full_name = loop {
                let name = format!(
                    "Dr. {} {}",
                    first_names[rng.usize(..first_names.len())],
                    last_names[rng.usize(..last_names.len())]
                );
                if doctor_names.insert(name.clone()) || doctor_names.len() >= 2_000 {
                    break name;
                }
            };
            // Most doctors see up to 16 patients a day; every fourth keeps the default 12.
            let max_per_day = if i % 4 == 3 { 12 } else { 16 };
            let profile = DoctorProfile {
                full_name: full_name.clone(),
                specialty: specialty.to_string(),
                description: Some(description.to_string()),
                fee: 40 + 10 * rng.u32(0..20),
                max_per_day,
                max_minutes: 480,
            };
            let account = if i < 3.min(spec.doctors) || spec.doctors <= 20 {
                Some(login(
                    &format!("doctor{}", i + 1),
                    Role::Doctor,
                    &full_name,
                )?)
            } else {
                None
            };
            doctor_ids.push(doctors::insert(tx, &profile, account, now)?);
            doctor_limits.push(max_per_day);
        }

        // Patients: the first five can sign in; the rest are walk-ins.
        let mut patient_ids = Vec::with_capacity(spec.patients as usize);
        for i in 0..spec.patients {
            let first = first_names[rng.usize(..first_names.len())];
            let last = last_names[rng.usize(..last_names.len())];
            let full_name = format!("{first} {last}");
            let dob =
                NaiveDate::from_ymd_opt(1940 + rng.i32(0..80), rng.u32(1..13), rng.u32(1..29));
            let profile = PatientProfile {
                full_name: full_name.clone(),
                gender: Some(["female", "male", "female", "male", "other"][rng.usize(..5)].into()),
                dob,
                phone: Some(format!("+44 7700 {:06}", rng.u32(0..1_000_000))),
                email: Some(format!(
                    "{}.{}{}@example.org",
                    first.to_lowercase(),
                    last.to_lowercase(),
                    i
                )),
                notes: None,
                // Most never choose (e-mail, then); some prefer texts, a few no messages.
                contact: match i % 13 {
                    3 | 8 => Some(Contact::Sms),
                    11 => Some(Contact::None),
                    _ => None,
                },
            };
            let account = if i < 5 {
                Some(login(
                    &format!("patient{}", i + 1),
                    Role::Patient,
                    &full_name,
                )?)
            } else {
                None
            };
            patient_ids.push(patients::insert(tx, &profile, account, Some(admin), now)?);
        }

        // Plans from the first day; a public holiday and one doctor's leave next week.
        let mut plans = Vec::with_capacity(doctor_ids.len());
        for (i, &doctor) in doctor_ids.iter().enumerate() {
            let plan = Plan {
                doctor_id: doctor,
                effective_from: first_day,
                ranges: parse_week(PLANS[i % PLANS.len()], settings.slot_minutes)?,
            };
            plans.push((working_plans::insert(tx, &plan, Some(admin), now)?, plan.ranges));
        }
        let mut off = vec![TimeOffInput {
            doctor: None,
            from: holiday(today).and_time(NaiveTime::MIN),
            to: (holiday(today) + Duration::days(1)).and_time(NaiveTime::MIN),
            reason: Some("Public holiday".into()),
        }];
        if doctor_ids.len() > 1 {
            let monday = today + Duration::days(7 - i64::from(today.weekday().num_days_from_monday()));
            off.push(TimeOffInput {
                doctor: Some(doctor_ids[1]),
                from: monday.and_time(NaiveTime::MIN),
                to: (monday + Duration::days(5)).and_time(NaiveTime::MIN),
                reason: Some("Annual leave".into()),
            });
        }
        for t in &off {
            time_off::insert(tx, t, Some(admin), now)?;
        }
        for (name, minutes, fee, description) in VISIT_TYPES {
            visit_types::insert(
                tx,
                &VisitTypeFields {
                    name: name.into(),
                    minutes,
                    fee,
                    description: Some(description.into()),
                },
            )?;
        }

        // The bulk of the rows: load them with secondary indexes deferred.
        let roster = Roster {
            doctors: &doctor_ids,
            limits: &doctor_limits,
            patients: &patient_ids,
            plans: &plans,
            off: &off,
            admin,
        };
        let (slots, appointments) = bulk::with_deferred_indexes(tx, |tx| {
            schedule(tx, &mut rng, &spec, &roster, first_day, now)
        })?;

        // Care teams for a few patients, and a waitlist for tomorrow.
        for &p in patient_ids.iter().take(30.min(patient_ids.len())) {
            let d = doctor_ids[rng.usize(..doctor_ids.len())];
            let _ = care_team::insert(tx, p, d, Some(admin), now);
        }
        let tomorrow = today + Duration::days(1);
        for &p in patient_ids.iter().skip(5).take(3) {
            let d = doctor_ids[rng.usize(..doctor_ids.len())];
            waitlist::insert(tx, p, Some(d), None, tomorrow, None, Some(admin), now)?;
        }
        audit::append(
            tx,
            now,
            audit::Entry {
                account: Some(admin),
                action: "demo",
                detail: Some(format!(
                    "{} doctors, {} patients, {slots} slots, {appointments} appointments (seed {})",
                    spec.doctors, spec.patients, spec.seed
                )),
                ..Default::default()
            },
        )?;
        let summary = DemoSummary {
            doctors: spec.doctors,
            patients: spec.patients,
            slots,
            appointments,
            logins,
        };
        Ok((summary, admin, doctor_ids, patient_ids))
    })?;
    let (slots, visits) = typed_visits(
        clinic,
        &Actor::Admin { account: admin },
        &doctor_ids,
        &patient_ids,
    )?;
    summary.slots += slots;
    summary.appointments += visits;
    Ok(summary)
}

/// Visits of a type and series, booked through the library like the desk would: two new
/// patients and two courses (weekly physiotherapy, a fortnightly follow-up) with a doctor on
/// the 15-minute grid, whose plan is laid out through the horizon first. Dates that cannot be
/// had are skipped. Returns how many slots were laid out and how many visits booked.
fn typed_visits(
    clinic: &Clinic,
    desk: &Actor,
    doctors: &[DoctorId],
    patients: &[PatientId],
) -> Result<(u64, u64)> {
    // Doctors 1, 5, 9… work on the 15-minute grid; doctor 1 is on leave next week.
    let Some(&doctor) = doctors.get(5).or(doctors.get(1)) else {
        return Ok((0, 0));
    };
    // Courses run for weeks: this doctor's plan is laid out through the horizon.
    let laid_out = u64::from(clinic.apply_plans(desk, Some(doctor), None)?.created);
    let tomorrow = clinic.now().date() + Duration::days(1);
    let first_start = |kind: &str, from: NaiveDate| -> Result<Option<(SlotId, VisitTypeId)>> {
        let kind = clinic.visit_type(kind)?;
        for day in (0..14).map(|d| from + Duration::days(d)) {
            let mut filter = SlotFilter::day(day);
            filter.doctor = Some(doctor);
            filter.visit_type = Some(kind.id);
            filter.limit = 1;
            if let Some(s) = clinic.slots(desk, &filter)?.first() {
                return Ok(Some((s.id, kind.id)));
            }
        }
        Ok(None)
    };
    let request = |slot, kind, patient| BookRequest {
        slot,
        patient: Some(patient),
        reason: Some("demo".into()),
        override_reason: None,
        visit_type: Some(kind),
    };
    let mut booked = 0;
    let pick = |i: usize| patients[i % patients.len()];
    for (i, from) in [(6, tomorrow), (7, tomorrow + Duration::days(2))] {
        if let Some((slot, kind)) = first_start("New patient", from)?
            && clinic.book(desk, &request(slot, kind, pick(i))).is_ok()
        {
            booked += 1;
        }
    }
    for (i, kind, repeat, count) in [
        (8, "Physiotherapy", Repeat::Weekly, 6),
        (0, "Follow-up", Repeat::Biweekly, 4),
    ] {
        if let Some((slot, kind)) = first_start(kind, tomorrow + Duration::days(3))? {
            let series = SeriesRequest {
                repeat,
                count,
                skip_unavailable: true,
            };
            if let Ok(s) = clinic.book_series(desk, &request(slot, kind, pick(i)), series) {
                booked += s.booked.len() as u64;
            }
        }
    }
    Ok((laid_out, booked))
}

/// Who the schedule is made of.
struct Roster<'a> {
    doctors: &'a [DoctorId],
    /// Each doctor's max appointments per day (R4), by index.
    limits: &'a [u32],
    patients: &'a [PatientId],
    /// Each doctor's plan, by index.
    plans: &'a [(PlanId, Vec<PlanRange>)],
    /// Time off: no slot is laid out in it.
    off: &'a [TimeOffInput],
    admin: AccountId,
}

/// The public holiday: the first weekday a week and a half from today.
fn holiday(today: NaiveDate) -> NaiveDate {
    let mut day = today + Duration::days(9);
    while day.weekday().num_days_from_monday() > 4 {
        day += Duration::days(1);
    }
    day
}

/// Every doctor's plan laid out on every day, about a share of the slots booked. A
/// patient's booked starts are remembered so no patient is ever in two places at once (R3),
/// and no doctor is booked past their daily limit (R4). Returns (slots, appointments) made.
fn schedule(
    tx: &rusqlite::Transaction<'_>,
    rng: &mut fastrand::Rng,
    spec: &DemoSpec,
    roster: &Roster<'_>,
    first_day: NaiveDate,
    now: NaiveDateTime,
) -> Result<(u64, u64)> {
    let days: Vec<NaiveDate> = (0..spec.days)
        .map(|i| first_day + Duration::days(i64::from(i)))
        .collect();
    let off = |doctor: DoctorId, start: NaiveDateTime, end: NaiveDateTime| {
        roster
            .off
            .iter()
            .any(|t| t.doctor.is_none_or(|d| d == doctor) && t.from < end && start < t.to)
    };
    let total_slots: usize = roster
        .plans
        .iter()
        .map(|(_, ranges)| {
            days.iter()
                .map(|&d| slots_on(ranges, d).len())
                .sum::<usize>()
        })
        .sum();
    // About 20 visits per patient over the period, at most 60% of slots on average; some
    // doctors are in more demand than others.
    let booked_share = (20.0 * f64::from(spec.patients) / total_slots.max(1) as f64).min(0.6);
    let demand = [1.5, 1.0, 0.7];
    // Arrival times come from a stream of their own, so the rest of the demo stays the same.
    let mut arrivals = fastrand::Rng::with_seed(spec.seed ^ 0x00a1_1a1e);
    // Each patient's busy 5-minute steps, so no patient is ever in two places at once (R3),
    // whatever the lengths of the visits.
    let mut taken: HashSet<(PatientId, NaiveDateTime)> = HashSet::new();
    let steps = |start: NaiveDateTime, end: NaiveDateTime| {
        (0..(end - start).num_minutes() / 5).map(move |i| start + Duration::minutes(5 * i))
    };
    let (mut slots, mut appointments) = (0u64, 0u64);
    for &day in &days {
        for (d, &doctor) in roster.doctors.iter().enumerate() {
            let (plan, ranges) = &roster.plans[d];
            let share = (booked_share * demand[d % demand.len()]).min(0.9);
            let mut booked_today = 0;
            let mut totals = bulk::DayTotals::default();
            for planned in slots_on(ranges, day) {
                let (start, end, length) = (planned.start, planned.end(), planned.minutes);
                if off(doctor, start, end) {
                    continue;
                }
                let visit = if booked_today >= roster.limits[d] || rng.f64() >= share {
                    None
                } else {
                    // The patients who can sign in come a little more often, so each has a
                    // history and visits to come to look at.
                    (0..6)
                        .map(|_| {
                            let logins = roster.patients.len().min(5);
                            if rng.f64() < 0.04 {
                                roster.patients[rng.usize(..logins)]
                            } else {
                                roster.patients[rng.usize(..roster.patients.len())]
                            }
                        })
                        .find(|p| steps(start, end).all(|t| !taken.contains(&(*p, t))))
                        .map(|patient| {
                            let roll = rng.u32(0..100);
                            (patient, outcome_for(roll, &mut arrivals, start, end, now))
                        })
                };
                let active = visit.is_some_and(|(_, o)| o.status.is_active());
                let slot = bulk::insert_slot(tx, doctor, start, end, length, active, Some(*plan))?;
                totals.add_slot(length);
                slots += 1;
                let Some((patient, outcome)) = visit else {
                    continue;
                };
                let status = outcome.status;
                if active {
                    taken.extend(steps(start, end).map(|t| (patient, t)));
                    booked_today += 1;
                }
                bulk::insert_appointment(
                    tx,
                    &BulkAppointment {
                        slot,
                        doctor,
                        patient,
                        start,
                        end,
                        duration: length,
                        status,
                        arrived: outcome.arrived,
                        done: outcome.done,
                        booked_at: (start - Duration::days(i64::from(rng.u32(1..21)))).min(now),
                        reason: Some(REASONS[rng.usize(..REASONS.len())]),
                        booked_by: Some(roster.admin),
                    },
                )?;
                totals.add_appointment(status, length);
                appointments += 1;
            }
            if totals.slots > 0 {
                bulk::insert_doctor_day(tx, day, doctor, &totals)?;
            }
            if day >= now.date() {
                working_plans::mark_laid_out(tx, doctor, day, *plan)?;
            }
        }
    }
    Ok((slots, appointments))
}

/// What became of a visit, given when it is and a roll of 0–99: its status, when the patient
/// arrived and when the visit was done (times drawn from `rng`). Done visits arrived a few minutes early; a visit under way may still
/// wait for its patient (late) or have them waiting; some come early for the next hour.
fn outcome_for(
    roll: u32,
    rng: &mut fastrand::Rng,
    start: NaiveDateTime,
    end: NaiveDateTime,
    now: NaiveDateTime,
) -> Outcome {
    let early = Duration::minutes(rng.i64(0..15));
    let outcome = |status, arrived, done| Outcome {
        status,
        arrived,
        done,
    };
    if end <= now {
        match roll {
            0..8 => outcome(Status::Cancelled, None, None),
            // Earlier today, some nobody came to are still waiting for the desk (late).
            8..11 if start.date() == now.date() => outcome(Status::Booked, None, None),
            8..14 => outcome(Status::NoShow, None, None),
            _ => outcome(Status::Completed, Some(start - early), Some(end)),
        }
    } else if start <= now {
        match roll {
            0..25 => outcome(Status::Booked, None, None),
            _ => outcome(Status::CheckedIn, Some((start - early).min(now)), None),
        }
    } else if start <= now + Duration::minutes(40) && roll < 40 {
        let arrived = (now - Duration::minutes(rng.i64(0..25))).max(start - Duration::minutes(40));
        outcome(Status::CheckedIn, Some(arrived), None)
    } else if roll < 5 && start.date() != now.date() {
        // Cancellations of later days; today's were made long enough ago to be rebooked.
        outcome(Status::Cancelled, None, None)
    } else {
        outcome(Status::Booked, None, None)
    }
}

/// A visit's status and its arrival and completion times.
#[derive(Debug, Clone, Copy)]
struct Outcome {
    status: Status,
    arrived: Option<NaiveDateTime>,
    done: Option<NaiveDateTime>,
}

fn names() -> (Vec<&'static str>, Vec<&'static str>) {
    let mut lines = NAMES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let first = lines.next().unwrap_or("Ann").split_whitespace().collect();
    let last = lines.next().unwrap_or("Lee").split_whitespace().collect();
    (first, last)
}

fn specialties() -> Vec<(&'static str, &'static str)> {
    SPECIALTIES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| match l.split_once('|') {
            Some((name, desc)) => (name.trim(), desc.trim()),
            None => (l.trim(), ""),
        })
        .collect()
}
