//! The authorization table of SPEC §3, as one function per row.
//!
//! Each function answers for an [`Actor`] and the ids involved, and refuses with a plain
//! sentence. The service calls them on every use case; the UI may call them to hide what would
//! be refused, never instead of the service doing so.

use super::account::Actor;
use super::ids::{DoctorId, PatientId};
use crate::error::{Error, Result};

fn sign_in_first() -> Error {
    Error::auth("sign in first")
}

fn front_desk_only() -> Error {
    Error::forbidden("only the front desk (admin) can do that")
}

/// Requires a signed-in account of any role.
pub fn signed_in(actor: &Actor) -> Result<()> {
    match actor {
        Actor::Guest => Err(sign_in_first()),
        _ => Ok(()),
    }
}

/// Reports, appointment search, audit log, settings, registering staff, archiving patients.
pub fn admin(actor: &Actor) -> Result<()> {
    match actor {
        Actor::Admin { .. } => Ok(()),
        Actor::Guest => Err(sign_in_first()),
        _ => Err(front_desk_only()),
    }
}

/// The jobs for cron (`plan apply`, `outbox send`, `sweep`): whoever can write the file may
/// run them without signing in, as the system (a guest here); signed in, only the front desk.
pub fn run_job(actor: &Actor) -> Result<()> {
    match actor {
        Actor::Guest | Actor::Admin { .. } => Ok(()),
        _ => Err(front_desk_only()),
    }
}

/// May the actor see who booked or holds a slot of `doctor`?
pub fn sees_slot_patient(actor: &Actor, doctor: DoctorId) -> bool {
    match actor {
        Actor::Admin { .. } => true,
        Actor::Doctor { doctor: own, .. } => *own == doctor,
        Actor::Patient { .. } | Actor::Guest => false,
    }
}

/// Declare or remove slots of `doctor`: a doctor their own, an admin any.
pub fn manage_slots(actor: &Actor, doctor: DoctorId) -> Result<()> {
    match actor {
        Actor::Admin { .. } => Ok(()),
        Actor::Doctor { doctor: own, .. } if *own == doctor => Ok(()),
        Actor::Doctor { .. } => Err(Error::forbidden(
            "a doctor can only change their own availability",
        )),
        Actor::Patient { .. } => Err(Error::forbidden("patients cannot change availability")),
        Actor::Guest => Err(sign_in_first()),
    }
}

/// Hold or book a slot for `patient`: a patient for themself, an admin for anyone.
pub fn book_for(actor: &Actor, patient: PatientId) -> Result<()> {
    match actor {
        Actor::Admin { .. } => Ok(()),
        Actor::Patient { patient: own, .. } if *own == patient => Ok(()),
        Actor::Patient { .. } => Err(Error::forbidden("you can only book for yourself")),
        Actor::Doctor { .. } => Err(Error::forbidden(
            "doctors do not book; the front desk or the patient does",
        )),
        Actor::Guest => Err(sign_in_first()),
    }
}

/// Only an admin may exceed a doctor's daily limits (R4).
pub fn override_limits(actor: &Actor) -> Result<()> {
    match actor {
        Actor::Admin { .. } => Ok(()),
        _ => Err(Error::forbidden(
            "only the front desk can override a doctor's daily limit",
        )),
    }
}

/// Reschedule an appointment of `patient`: own for a patient, any for an admin.
pub fn reschedule(actor: &Actor, patient: PatientId) -> Result<()> {
    match actor {
        Actor::Admin { .. } => Ok(()),
        Actor::Patient { patient: own, .. } if *own == patient => Ok(()),
        Actor::Patient { .. } => Err(Error::forbidden(
            "you can only reschedule your own appointments",
        )),
        Actor::Doctor { .. } => Err(Error::forbidden(
            "doctors cannot reschedule; cancel with a reason or ask the front desk",
        )),
        Actor::Guest => Err(sign_in_first()),
    }
}

/// Cancel an appointment: own for patients and doctors, any for an admin.
pub fn cancel(actor: &Actor, patient: PatientId, doctor: DoctorId) -> Result<()> {
    match actor {
        Actor::Admin { .. } => Ok(()),
        Actor::Patient { patient: own, .. } if *own == patient => Ok(()),
        Actor::Doctor { doctor: own, .. } if *own == doctor => Ok(()),
        Actor::Patient { .. } | Actor::Doctor { .. } => Err(Error::forbidden(
            "you can only cancel your own appointments",
        )),
        Actor::Guest => Err(sign_in_first()),
    }
}

/// Check in, complete, no-show: the appointment's doctor, or an admin.
pub fn change_visit_status(actor: &Actor, doctor: DoctorId) -> Result<()> {
    match actor {
        Actor::Admin { .. } => Ok(()),
        Actor::Doctor { doctor: own, .. } if *own == doctor => Ok(()),
        Actor::Doctor { .. } => Err(Error::forbidden(
            "you can only change your own patients' visits",
        )),
        Actor::Patient { .. } => Err(Error::forbidden(
            "the front desk checks you in; patients cannot change a visit's status",
        )),
        Actor::Guest => Err(sign_in_first()),
    }
}

/// Appointment detail: own for patients and doctors, any for an admin.
pub fn view_appointment(actor: &Actor, patient: PatientId, doctor: DoctorId) -> Result<()> {
    match actor {
        Actor::Admin { .. } => Ok(()),
        Actor::Patient { patient: own, .. } if *own == patient => Ok(()),
        Actor::Doctor { doctor: own, .. } if *own == doctor => Ok(()),
        Actor::Patient { .. } | Actor::Doctor { .. } => {
            Err(Error::forbidden("that appointment is not yours"))
        }
        Actor::Guest => Err(sign_in_first()),
    }
}

/// Patient history and record: self; a doctor who has or had an appointment with the
/// patient or is on their care team (`related`); any for an admin.
pub fn view_patient(actor: &Actor, patient: PatientId, related: bool) -> Result<()> {
    match actor {
        Actor::Admin { .. } => Ok(()),
        Actor::Patient { patient: own, .. } if *own == patient => Ok(()),
        Actor::Doctor { .. } if related => Ok(()),
        Actor::Patient { .. } => Err(Error::forbidden("you can only see your own record")),
        Actor::Doctor { .. } => Err(Error::forbidden(
            "you can only see patients you see or are assigned to",
        )),
        Actor::Guest => Err(sign_in_first()),
    }
}

/// Edit a patient's details: self or an admin.
pub fn edit_patient(actor: &Actor, patient: PatientId) -> Result<()> {
    match actor {
        Actor::Admin { .. } => Ok(()),
        Actor::Patient { patient: own, .. } if *own == patient => Ok(()),
        Actor::Patient { .. } => Err(Error::forbidden("you can only edit your own details")),
        Actor::Doctor { .. } => Err(Error::forbidden(
            "doctors cannot edit patient records; the front desk can",
        )),
        Actor::Guest => Err(sign_in_first()),
    }
}

/// Edit a doctor's profile: the doctor themself or an admin.
pub fn edit_doctor(actor: &Actor, doctor: DoctorId) -> Result<()> {
    match actor {
        Actor::Admin { .. } => Ok(()),
        Actor::Doctor { doctor: own, .. } if *own == doctor => Ok(()),
        Actor::Doctor { .. } => Err(Error::forbidden("you can only edit your own profile")),
        Actor::Patient { .. } => Err(front_desk_only()),
        Actor::Guest => Err(sign_in_first()),
    }
}

/// Care-team assignments of `patient` / `doctor`: a patient or doctor sees their own.
pub fn view_care_team(actor: &Actor, patient: Option<PatientId>) -> Result<()> {
    match actor {
        Actor::Admin { .. } | Actor::Doctor { .. } => Ok(()),
        Actor::Patient { patient: own, .. } if patient.is_none_or(|p| p == *own) => Ok(()),
        Actor::Patient { .. } => Err(Error::forbidden("you can only see your own care team")),
        Actor::Guest => Err(sign_in_first()),
    }
}

/// Waitlist entries for `patient`: patients add their own, admins anyone's; doctors only read.
pub fn add_to_waitlist(actor: &Actor, patient: PatientId) -> Result<()> {
    match actor {
        Actor::Admin { .. } => Ok(()),
        Actor::Patient { patient: own, .. } if *own == patient => Ok(()),
        Actor::Patient { .. } => Err(Error::forbidden(
            "you can only put yourself on the waitlist",
        )),
        Actor::Doctor { .. } => Err(Error::forbidden(
            "doctors see their waitlist but do not add to it",
        )),
        Actor::Guest => Err(sign_in_first()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::domain::ids::AccountId;

    const P1: PatientId = PatientId(1);
    const P2: PatientId = PatientId(2);
    const D1: DoctorId = DoctorId(1);
    const D2: DoctorId = DoctorId(2);

    fn patient() -> Actor {
        Actor::Patient {
            account: AccountId(10),
            patient: P1,
        }
    }
    fn doctor() -> Actor {
        Actor::Doctor {
            account: AccountId(20),
            doctor: D1,
        }
    }
    fn admin_actor() -> Actor {
        Actor::Admin {
            account: AccountId(30),
        }
    }

    fn refused(r: Result<()>) -> ErrorKind {
        r.unwrap_err().kind()
    }

    #[test]
    fn authz_see_who_booked_a_slot() {
        assert!(!sees_slot_patient(&patient(), D1));
        assert!(sees_slot_patient(&doctor(), D1));
        assert!(!sees_slot_patient(&doctor(), D2));
        assert!(sees_slot_patient(&admin_actor(), D2));
        assert!(!sees_slot_patient(&Actor::Guest, D1));
    }

    #[test]
    fn authz_declare_and_remove_slots() {
        assert_eq!(refused(manage_slots(&patient(), D1)), ErrorKind::Forbidden);
        assert!(manage_slots(&doctor(), D1).is_ok());
        assert_eq!(refused(manage_slots(&doctor(), D2)), ErrorKind::Forbidden);
        assert!(manage_slots(&admin_actor(), D2).is_ok());
        assert_eq!(refused(manage_slots(&Actor::Guest, D1)), ErrorKind::Auth);
    }

    #[test]
    fn authz_hold_and_book() {
        assert!(book_for(&patient(), P1).is_ok());
        assert_eq!(refused(book_for(&patient(), P2)), ErrorKind::Forbidden);
        assert_eq!(refused(book_for(&doctor(), P1)), ErrorKind::Forbidden);
        assert!(book_for(&admin_actor(), P2).is_ok());
    }

    #[test]
    fn authz_reschedule() {
        assert!(reschedule(&patient(), P1).is_ok());
        assert_eq!(refused(reschedule(&patient(), P2)), ErrorKind::Forbidden);
        assert_eq!(refused(reschedule(&doctor(), P1)), ErrorKind::Forbidden);
        assert!(reschedule(&admin_actor(), P2).is_ok());
    }

    #[test]
    fn authz_cancel() {
        assert!(cancel(&patient(), P1, D2).is_ok());
        assert_eq!(refused(cancel(&patient(), P2, D1)), ErrorKind::Forbidden);
        assert!(cancel(&doctor(), P2, D1).is_ok());
        assert_eq!(refused(cancel(&doctor(), P1, D2)), ErrorKind::Forbidden);
        assert!(cancel(&admin_actor(), P2, D2).is_ok());
    }

    #[test]
    fn authz_check_in_complete_no_show() {
        assert_eq!(
            refused(change_visit_status(&patient(), D1)),
            ErrorKind::Forbidden
        );
        assert!(change_visit_status(&doctor(), D1).is_ok());
        assert_eq!(
            refused(change_visit_status(&doctor(), D2)),
            ErrorKind::Forbidden
        );
        assert!(change_visit_status(&admin_actor(), D2).is_ok());
    }

    #[test]
    fn authz_appointment_detail() {
        assert!(view_appointment(&patient(), P1, D2).is_ok());
        assert_eq!(
            refused(view_appointment(&patient(), P2, D1)),
            ErrorKind::Forbidden
        );
        assert!(view_appointment(&doctor(), P2, D1).is_ok());
        assert_eq!(
            refused(view_appointment(&doctor(), P1, D2)),
            ErrorKind::Forbidden
        );
        assert!(view_appointment(&admin_actor(), P2, D2).is_ok());
    }

    #[test]
    fn authz_patient_history() {
        assert!(view_patient(&patient(), P1, false).is_ok());
        assert_eq!(
            refused(view_patient(&patient(), P2, true)),
            ErrorKind::Forbidden
        );
        assert!(view_patient(&doctor(), P2, true).is_ok());
        assert_eq!(
            refused(view_patient(&doctor(), P2, false)),
            ErrorKind::Forbidden
        );
        assert!(view_patient(&admin_actor(), P2, false).is_ok());
    }

    #[test]
    fn authz_patient_records() {
        assert!(edit_patient(&patient(), P1).is_ok());
        assert_eq!(refused(edit_patient(&patient(), P2)), ErrorKind::Forbidden);
        assert_eq!(refused(edit_patient(&doctor(), P1)), ErrorKind::Forbidden);
        assert!(edit_patient(&admin_actor(), P2).is_ok());
    }

    #[test]
    fn authz_doctor_records() {
        assert_eq!(refused(edit_doctor(&patient(), D1)), ErrorKind::Forbidden);
        assert!(edit_doctor(&doctor(), D1).is_ok());
        assert_eq!(refused(edit_doctor(&doctor(), D2)), ErrorKind::Forbidden);
        assert!(edit_doctor(&admin_actor(), D2).is_ok());
    }

    #[test]
    fn authz_care_team() {
        assert!(view_care_team(&patient(), Some(P1)).is_ok());
        assert_eq!(
            refused(view_care_team(&patient(), Some(P2))),
            ErrorKind::Forbidden
        );
        assert!(view_care_team(&doctor(), None).is_ok());
        assert!(view_care_team(&admin_actor(), Some(P2)).is_ok());
    }

    #[test]
    fn authz_reports_search_audit_are_admin_only() {
        assert_eq!(refused(admin(&patient())), ErrorKind::Forbidden);
        assert_eq!(refused(admin(&doctor())), ErrorKind::Forbidden);
        assert!(admin(&admin_actor()).is_ok());
        assert_eq!(refused(admin(&Actor::Guest)), ErrorKind::Auth);
    }

    #[test]
    fn authz_waitlist() {
        assert!(add_to_waitlist(&patient(), P1).is_ok());
        assert_eq!(
            refused(add_to_waitlist(&patient(), P2)),
            ErrorKind::Forbidden
        );
        assert_eq!(
            refused(add_to_waitlist(&doctor(), P1)),
            ErrorKind::Forbidden
        );
        assert!(add_to_waitlist(&admin_actor(), P2).is_ok());
    }

    #[test]
    fn authz_override_is_admin_only() {
        assert!(override_limits(&admin_actor()).is_ok());
        assert_eq!(refused(override_limits(&patient())), ErrorKind::Forbidden);
    }
}
