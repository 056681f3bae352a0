//! The doctor catalogue: list, detail, register, edit, deactivate.

use super::{Clinic, NewLogin, record};
use crate::domain::{Actor, Doctor, DoctorId, DoctorInput, Role, access};
use crate::error::Result;
use crate::store::{accounts, doctors};

impl Clinic {
    /// Active doctors by name, optionally of one specialty. Public.
    pub fn doctors(&self, specialty: Option<&str>) -> Result<Vec<Doctor>> {
        self.store.read(|tx| doctors::list(tx, specialty, false))
    }

    /// Every doctor, inactive ones too: the front desk's doctor screen.
    pub fn all_doctors(&self, actor: &Actor) -> Result<Vec<Doctor>> {
        access::admin(actor)?;
        self.store.read(|tx| doctors::list(tx, None, true))
    }

    /// One doctor. Public.
    pub fn doctor(&self, id: DoctorId) -> Result<Doctor> {
        self.store.read(|tx| doctors::get(tx, id))
    }

    /// Specialties that have an active doctor, by name. Public.
    pub fn specialties(&self) -> Result<Vec<String>> {
        self.store.read(|tx| doctors::specialties(tx))
    }

    /// Every specialty on file, by name, whether or not an active doctor practises it: what
    /// a doctor's specialty is picked from.
    pub fn all_specialties(&self) -> Result<Vec<String>> {
        self.store.read(|tx| doctors::all_specialties(tx))
    }

    /// Registers a doctor, with a login or without. Admins only.
    pub fn register_doctor(
        &self,
        actor: &Actor,
        input: &DoctorInput,
        login: Option<&NewLogin>,
    ) -> Result<Doctor> {
        access::admin(actor)?;
        let profile = input.validate()?;
        let login = login.map(NewLogin::validate_and_hash).transpose()?;
        let now = self.now();
        self.store.write(|tx| {
            let account = match &login {
                Some((username, hash)) => Some(accounts::insert(
                    tx,
                    username,
                    Role::Doctor,
                    &profile.full_name,
                    hash,
                    now,
                )?),
                None => None,
            };
            let id = doctors::insert(tx, &profile, account, now)?;
            record(
                tx,
                now,
                actor,
                "doctor_register",
                format!("doctor {id}"),
                profile.full_name.clone(),
            )?;
            doctors::get(tx, id)
        })
    }

    /// Edits a doctor's profile: the doctor themself or an admin.
    pub fn update_doctor(
        &self,
        actor: &Actor,
        id: DoctorId,
        input: &DoctorInput,
    ) -> Result<Doctor> {
        access::edit_doctor(actor, id)?;
        let profile = input.validate()?;
        let now = self.now();
        self.store.write(|tx| {
            let before = doctors::get(tx, id)?;
            if !actor.is_admin()
                && (before.max_per_day != profile.max_per_day
                    || before.max_minutes != profile.max_minutes)
            {
                access::admin(actor)?;
            }
            doctors::update(tx, id, &profile)?;
            if let Some(account) = before.account {
                accounts::set_full_name(tx, account, &profile.full_name)?;
            }
            record(
                tx,
                now,
                actor,
                "doctor_update",
                format!("doctor {id}"),
                None,
            )?;
            doctors::get(tx, id)
        })
    }

    /// Deactivates (or reactivates) a doctor: their free slots stop being offered. Admins only.
    pub fn set_doctor_active(&self, actor: &Actor, id: DoctorId, active: bool) -> Result<Doctor> {
        access::admin(actor)?;
        let now = self.now();
        self.store.write(|tx| {
            doctors::get(tx, id)?;
            doctors::set_active(tx, id, active)?;
            let action = if active {
                "doctor_activate"
            } else {
                "doctor_deactivate"
            };
            record(tx, now, actor, action, format!("doctor {id}"), None)?;
            doctors::get(tx, id)
        })
    }
}
