//! Care teams (seed 004): doctors assigned to a patient; an assigned doctor may read the
//! patient's history.

use super::{Clinic, record};
use crate::domain::{Actor, DoctorId, PatientId, access};
use crate::error::Result;
use crate::store::{care_team, doctors, patients};

pub use crate::store::care_team::Assignment;

impl Clinic {
    pub fn assign(
        &self,
        actor: &Actor,
        patient: PatientId,
        doctor: DoctorId,
    ) -> Result<Assignment> {
        access::admin(actor)?;
        let now = self.now();
        self.store.write(|tx| {
            patients::get(tx, patient)?;
            doctors::get(tx, doctor)?;
            care_team::insert(tx, patient, doctor, actor.account(), now)?;
            record(
                tx,
                now,
                actor,
                "assign",
                format!("patient {patient}"),
                format!("doctor {doctor}"),
            )?;
            let mut list = care_team::list(tx, Some(patient), Some(doctor))?;
            Ok(list.remove(0))
        })
    }

    pub fn unassign(&self, actor: &Actor, patient: PatientId, doctor: DoctorId) -> Result<()> {
        access::admin(actor)?;
        let now = self.now();
        self.store.write(|tx| {
            patients::get(tx, patient)?;
            doctors::get(tx, doctor)?;
            care_team::delete(tx, patient, doctor)?;
            record(
                tx,
                now,
                actor,
                "unassign",
                format!("patient {patient}"),
                format!("doctor {doctor}"),
            )
        })
    }

    /// Assignments: all (or one patient's) for an admin, a patient's own, a doctor's own.
    pub fn assignments(
        &self,
        actor: &Actor,
        patient: Option<PatientId>,
    ) -> Result<Vec<Assignment>> {
        access::view_care_team(actor, patient)?;
        let patient = actor.patient_id().or(patient);
        let doctor = actor.doctor_id();
        self.store.read(|tx| {
            if let Some(p) = patient {
                patients::get(tx, p)?;
            }
            care_team::list(tx, patient, doctor)
        })
    }
}
