//! Patient records: self-registration, walk-ins, edits, archive, search.

use super::{Clinic, NewLogin, record};
use crate::domain::patient::same_person;
use crate::domain::{Actor, Patient, PatientId, PatientInput, Role, access};
use crate::error::{Error, Result};
use crate::store::accounts;
use crate::store::patients::{self, PatientQuery};

/// A page of patients at most this long.
pub const PAGE_MAX: u32 = 500;

impl Clinic {
    /// Registers a patient. A guest registers themself and must choose a login (R11);
    /// an admin registers anyone, with a login or as a walk-in without one.
    pub fn register_patient(
        &self,
        actor: &Actor,
        input: &PatientInput,
        login: Option<&NewLogin>,
    ) -> Result<Patient> {
        match actor {
            Actor::Guest if login.is_none() => {
                return Err(Error::invalid("choose a username and password to register"));
            }
            Actor::Guest | Actor::Admin { .. } => {}
            Actor::Patient { .. } => {
                return Err(Error::forbidden("you are already registered"));
            }
            Actor::Doctor { .. } => {
                return Err(Error::forbidden("only the front desk registers patients"));
            }
        }
        let now = self.now();
        let profile = input.validate(now.date())?;
        let login = login.map(NewLogin::validate_and_hash).transpose()?;
        self.store.write(|tx| {
            let account = match &login {
                Some((username, hash)) => Some(accounts::insert(
                    tx,
                    username,
                    Role::Patient,
                    &profile.full_name,
                    hash,
                    now,
                )?),
                None => None,
            };
            let id = patients::insert(tx, &profile, account, actor.account(), now)?;
            let as_actor = match (actor, account) {
                (Actor::Guest, Some(account)) => Actor::Patient {
                    account,
                    patient: id,
                },
                _ => actor.clone(),
            };
            record(
                tx,
                now,
                &as_actor,
                "patient_register",
                format!("patient {id}"),
                None,
            )?;
            patients::get(tx, id)
        })
    }

    /// Patients already on file who look like the one `input` describes (same name and
    /// birth date, or same e-mail): the desk is asked before registering a second record.
    /// Admins only.
    pub fn possible_duplicates(&self, actor: &Actor, input: &PatientInput) -> Result<Vec<Patient>> {
        access::admin(actor)?;
        let profile = input.validate(self.now().date())?;
        let mut found: Vec<Patient> = Vec::new();
        self.store.read(|tx| {
            let mut candidates = patients::search(
                tx,
                &PatientQuery {
                    search: Some(&profile.full_name),
                    include_archived: true,
                    limit: PAGE_MAX,
                    ..Default::default()
                },
            )?;
            if let Some(email) = &profile.email {
                candidates.extend(patients::with_email(tx, email)?);
            }
            for p in candidates {
                if same_person(&profile, &p) && !found.iter().any(|f| f.id == p.id) {
                    found.push(p);
                }
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// One patient's record: self, a related doctor, or an admin.
    pub fn patient(&self, actor: &Actor, id: PatientId) -> Result<Patient> {
        self.store.read(|tx| {
            let related = match actor.doctor_id() {
                Some(d) => patients::is_related(tx, d, id)?,
                None => false,
            };
            // Refuse before looking the id up, so "not found" never tells a patient or doctor
            // which other patient ids exist.
            access::view_patient(actor, id, related)?;
            patients::get(tx, id)
        })
    }

    /// Edits a patient's details: self or an admin.
    pub fn update_patient(
        &self,
        actor: &Actor,
        id: PatientId,
        input: &PatientInput,
    ) -> Result<Patient> {
        access::edit_patient(actor, id)?;
        let now = self.now();
        let profile = input.validate(now.date())?;
        self.store.write(|tx| {
            let before = patients::get(tx, id)?;
            patients::update(tx, id, &profile)?;
            if let Some(account) = before.account {
                accounts::set_full_name(tx, account, &profile.full_name)?;
            }
            record(
                tx,
                now,
                actor,
                "patient_update",
                format!("patient {id}"),
                None,
            )?;
            patients::get(tx, id)
        })
    }

    /// Archives (or restores) a patient: kept for history, hidden from lists, cannot book.
    pub fn set_patient_archived(
        &self,
        actor: &Actor,
        id: PatientId,
        archived: bool,
    ) -> Result<Patient> {
        access::admin(actor)?;
        let now = self.now();
        self.store.write(|tx| {
            patients::get(tx, id)?;
            patients::set_archived(tx, id, archived)?;
            let action = if archived {
                "patient_archive"
            } else {
                "patient_restore"
            };
            record(tx, now, actor, action, format!("patient {id}"), None)?;
            patients::get(tx, id)
        })
    }

    /// Patients by name or phone, paged. Admins see everyone; a doctor sees the patients they
    /// see or are assigned to; a patient sees only themself.
    pub fn patients(
        &self,
        actor: &Actor,
        search: Option<&str>,
        include_archived: bool,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<Patient>> {
        access::signed_in(actor)?;
        if let Actor::Patient { patient, .. } = actor {
            return Ok(vec![self.patient(actor, *patient)?]);
        }
        let search = search.map(str::trim).filter(|s| !s.is_empty());
        if search.is_some_and(|s| s.chars().count() > 100) {
            return Err(Error::invalid(
                "the search text is too long (at most 100 characters)",
            ));
        }
        let q = PatientQuery {
            search,
            related_to: actor.doctor_id(),
            include_archived: include_archived && actor.is_admin(),
            limit: if limit == 0 {
                PAGE_MAX
            } else {
                limit.min(PAGE_MAX)
            },
            offset,
        };
        self.store.read(|tx| patients::search(tx, &q))
    }
}
