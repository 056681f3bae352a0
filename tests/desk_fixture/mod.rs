//! A small clinic for the front-desk tests (reports, waitlist, care teams, exports, search):
//! an in-memory file, a frozen clock, one admin, and helpers that build doctors, patients,
//! slots and appointments by name.
//!
//! Logins cost an argon2 hash each (~50 ms); a test creates only those it signs in with.
#![allow(dead_code)]

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use clinic::clock::FixedClock;
use clinic::domain::{
    Actor, Appointment, AppointmentId, DoctorId, DoctorInput, PatientId, PatientInput, SlotId,
    Status,
};
use clinic::service::{BookRequest, NewLogin, SlotFilter};
use clinic::{Clinic, ErrorKind};
use std::sync::Arc;

pub const PASSWORD: &str = "desk-pass-123";

pub fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").expect("YYYY-MM-DDTHH:MM")
}

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("YYYY-MM-DD")
}

pub fn hm(text: &str) -> NaiveTime {
    NaiveTime::parse_from_str(text, "%H:%M").expect("HH:MM")
}

/// The kind of a refusal; panics if the call succeeded.
pub fn kind<T: std::fmt::Debug>(r: clinic::Result<T>) -> ErrorKind {
    match r {
        Ok(v) => panic!("expected a refusal, got {v:?}"),
        Err(e) => e.kind(),
    }
}

pub struct Desk {
    pub clinic: Clinic,
    pub clock: Arc<FixedClock>,
    pub admin: Actor,
}

impl Desk {
    /// A fresh clinic at `now` with an admin signed in.
    pub fn new(now: &str) -> Desk {
        let clock = Arc::new(FixedClock::new(at(now)));
        let clinic = Clinic::in_memory(clock.clone()).expect("in-memory clinic");
        clinic
            .init_admin("admin", Some("Ada Admin"), || Ok(PASSWORD.to_string()))
            .expect("first admin");
        let admin = clinic.login("admin", PASSWORD).expect("admin login").actor;
        Desk {
            clinic,
            clock,
            admin,
        }
    }

    pub fn set_now(&self, now: &str) {
        self.clock.set(at(now));
    }

    pub fn advance_minutes(&self, minutes: i64) {
        self.clock.advance(Duration::minutes(minutes));
    }

    fn doctor_input(name: &str, specialty: &str) -> DoctorInput {
        DoctorInput {
            full_name: name.into(),
            specialty: specialty.into(),
            ..Default::default()
        }
    }

    /// A doctor without a login, with the default limits (12 a day, 480 minutes).
    pub fn doctor(&self, name: &str, specialty: &str) -> DoctorId {
        self.doctor_limits(name, specialty, None, None)
    }

    pub fn doctor_limits(
        &self,
        name: &str,
        specialty: &str,
        max_per_day: Option<u32>,
        max_minutes: Option<u32>,
    ) -> DoctorId {
        let input = DoctorInput {
            max_per_day,
            max_minutes,
            ..Self::doctor_input(name, specialty)
        };
        self.clinic
            .register_doctor(&self.admin, &input, None)
            .expect("register doctor")
            .id
    }

    /// A doctor with a login, and the actor that signing in as them gives.
    pub fn doctor_login(&self, name: &str, specialty: &str, username: &str) -> (DoctorId, Actor) {
        let login = NewLogin {
            username: username.into(),
            password: PASSWORD.into(),
        };
        let doctor = self
            .clinic
            .register_doctor(
                &self.admin,
                &Self::doctor_input(name, specialty),
                Some(&login),
            )
            .expect("register doctor with login");
        // What `login` would return, without a second argon2 run (checked in care_team.rs).
        let actor = Actor::Doctor {
            account: doctor.account.expect("a login"),
            doctor: doctor.id,
        };
        (doctor.id, actor)
    }

    /// A walk-in patient (no login).
    pub fn patient(&self, name: &str, phone: Option<&str>) -> PatientId {
        let input = PatientInput {
            full_name: name.into(),
            phone: phone.map(Into::into),
            ..Default::default()
        };
        self.clinic
            .register_patient(&self.admin, &input, None)
            .expect("register patient")
            .id
    }

    /// A patient with a login, and the actor that signing in as them gives.
    pub fn patient_login(&self, name: &str, username: &str) -> (PatientId, Actor) {
        let input = PatientInput {
            full_name: name.into(),
            phone: Some("+1 555 0100".into()),
            ..Default::default()
        };
        let login = NewLogin {
            username: username.into(),
            password: PASSWORD.into(),
        };
        let patient = self
            .clinic
            .register_patient(&self.admin, &input, Some(&login))
            .expect("register patient with login");
        let actor = Actor::Patient {
            account: patient.account.expect("a login"),
            patient: patient.id,
        };
        (patient.id, actor)
    }

    /// Signs in for real (argon2).
    pub fn sign_in(&self, username: &str) -> Actor {
        self.clinic.login(username, PASSWORD).expect("login").actor
    }

    /// Declares slots of `minutes` from `from` to `to` on `date`; returns their ids in order.
    pub fn slots(
        &self,
        doctor: DoctorId,
        date: &str,
        from: &str,
        to: &str,
        minutes: u32,
    ) -> Vec<SlotId> {
        self.clinic
            .declare_slots(
                &self.admin,
                doctor,
                day(date),
                hm(from),
                hm(to),
                Some(minutes),
            )
            .expect("declare slots")
            .into_iter()
            .map(|s| s.id)
            .collect()
    }

    /// Books `slot` for `patient` as the admin.
    pub fn book(&self, slot: SlotId, patient: PatientId) -> Appointment {
        self.clinic
            .book(
                &self.admin,
                &BookRequest {
                    slot,
                    patient: Some(patient),
                    reason: None,
                    override_reason: None,
                },
            )
            .expect("book")
    }

    pub fn book_as(
        &self,
        actor: &Actor,
        slot: SlotId,
        patient: Option<PatientId>,
    ) -> clinic::Result<Appointment> {
        self.clinic.book(
            actor,
            &BookRequest {
                slot,
                patient,
                reason: None,
                override_reason: None,
            },
        )
    }

    pub fn cancel(&self, id: AppointmentId) -> Appointment {
        self.clinic
            .cancel(&self.admin, id, Some("test"))
            .expect("cancel")
    }

    pub fn status(&self, id: AppointmentId, status: Status) -> Appointment {
        self.clinic
            .set_visit_status(&self.admin, id, status)
            .expect("visit status")
    }

    /// The state (`free`, `held`, `booked`) of one slot now, as the admin sees it.
    pub fn slot_state(&self, slot: SlotId, date: &str) -> String {
        self.clinic
            .slots(&self.admin, &SlotFilter::day(day(date)))
            .expect("slots")
            .into_iter()
            .find(|s| s.id == slot)
            .expect("slot listed")
            .state
            .as_str()
            .to_string()
    }
}
