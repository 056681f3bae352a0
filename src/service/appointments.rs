//! Reading appointments: detail, scoped lists and search, patient history.

use super::Clinic;
use crate::domain::{Actor, Appointment, AppointmentId, PatientId, access};
use crate::error::{Error, Result};
use crate::store::appointments::{self, AppointmentQuery};
use crate::store::patients;

/// A page of appointments at most this long.
pub const PAGE_MAX: u32 = 5_000;

impl Clinic {
    /// One appointment: own for patients and doctors, any for admins.
    pub fn appointment(&self, actor: &Actor, id: AppointmentId) -> Result<Appointment> {
        access::signed_in(actor)?;
        self.store.read(|tx| {
            let a = appointments::get(tx, id)?;
            access::view_appointment(actor, a.patient_id, a.doctor_id)?;
            Ok(a)
        })
    }

    /// Appointments matching `q`, scoped by role: a patient sees their own, a doctor theirs,
    /// an admin all. Searching names is case-insensitive and covers every status.
    pub fn appointments(
        &self,
        actor: &Actor,
        q: &AppointmentQuery<'_>,
    ) -> Result<Vec<Appointment>> {
        let mut q = q.clone();
        match actor {
            Actor::Guest => return Err(Error::auth("sign in first")),
            Actor::Patient { patient, .. } => {
                if q.patient.is_some_and(|p| p != *patient) {
                    return Err(Error::forbidden("you can only see your own appointments"));
                }
                q.patient = Some(*patient);
            }
            Actor::Doctor { doctor, .. } => {
                if q.doctor.is_some_and(|d| d != *doctor) {
                    return Err(Error::forbidden("you can only see your own appointments"));
                }
                q.doctor = Some(*doctor);
            }
            Actor::Admin { .. } => {}
        }
        if q.search.is_some_and(|s| s.chars().count() > 100) {
            return Err(Error::invalid(
                "the search text is too long (at most 100 characters)",
            ));
        }
        q.search = q.search.map(str::trim).filter(|s| !s.is_empty());
        q.limit = if q.limit == 0 {
            PAGE_MAX
        } else {
            q.limit.min(PAGE_MAX)
        };
        self.store.read(|tx| appointments::list(tx, &q))
    }

    /// A patient's appointments, newest first: self, a doctor who sees or saw them or is on
    /// their care team, or an admin.
    pub fn history(&self, actor: &Actor, patient: PatientId) -> Result<Vec<Appointment>> {
        access::signed_in(actor)?;
        self.store.read(|tx| {
            let related = match actor.doctor_id() {
                Some(d) => patients::is_related(tx, d, patient)?,
                None => false,
            };
            // Refused before the lookup: "not found" must not reveal other patients' ids.
            access::view_patient(actor, patient, related)?;
            patients::get(tx, patient)?;
            appointments::list(
                tx,
                &AppointmentQuery {
                    patient: Some(patient),
                    order: appointments::Order::NewestFirst,
                    limit: PAGE_MAX,
                    ..Default::default()
                },
            )
        })
    }
}
