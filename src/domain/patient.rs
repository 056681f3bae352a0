//! Patients: registered by themselves or by the front desk (walk-ins never log in).

use super::contact::Contact;
use super::ids::{AccountId, PatientId};
use super::text;
use super::time::{date_serde, parse_date};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::Serialize;

/// A patient record (SPEC §7 "patient" object, plus notes and flags).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Patient {
    pub id: PatientId,
    pub full_name: String,
    pub gender: Option<String>,
    #[serde(serialize_with = "date_serde::option::serialize")]
    pub dob: Option<NaiveDate>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
    pub archived: bool,
    /// How the clinic writes to them now (SPEC §11): their choice, else the default for the
    /// addresses they have.
    pub contact: Contact,
    /// Their own choice, if they made one.
    #[serde(skip)]
    pub contact_chosen: Option<Contact>,
    #[serde(skip)]
    pub account: Option<AccountId>,
}

/// The editable part of a patient, validated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PatientProfile {
    pub full_name: String,
    pub gender: Option<String>,
    pub dob: Option<NaiveDate>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
    /// `None`: no choice made (e-mail if they have one, else SMS, else none).
    pub contact: Option<Contact>,
}

/// Unvalidated input for a patient, as typed.
#[derive(Debug, Clone, Default)]
pub struct PatientInput {
    pub full_name: String,
    pub gender: Option<String>,
    pub dob: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
    /// `email`, `sms` or `none`; blank or `None`: no choice.
    pub contact: Option<String>,
}

impl PatientInput {
    /// Validates against `today` (a birth date cannot be in the future).
    pub fn validate(&self, today: NaiveDate) -> Result<PatientProfile> {
        let dob = match self.dob.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => {
                let d = parse_date(d)?;
                if d > today {
                    return Err(Error::invalid("date of birth is in the future"));
                }
                if d < NaiveDate::from_ymd_opt(1880, 1, 1).expect("valid date") {
                    return Err(Error::invalid("date of birth is implausibly early"));
                }
                Some(d)
            }
        };
        let phone = text::phone(self.phone.as_deref())?;
        let email = text::email(self.email.as_deref())?;
        let contact = match self.contact.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => {
                let c: Contact = c.parse()?;
                c.check(email.as_deref(), phone.as_deref())?;
                Some(c)
            }
        };
        Ok(PatientProfile {
            full_name: text::required("full name", &self.full_name, text::NAME_MAX)?,
            gender: text::optional("gender", self.gender.as_deref(), 32)?,
            dob,
            phone,
            email,
            notes: text::optional("notes", self.notes.as_deref(), text::NOTE_MAX)?,
            contact,
        })
    }
}

/// Whether `profile` looks like the same person as `existing` (SPEC §13): the same name (in
/// any case, with or without accents) and date of birth, or the same e-mail address.
pub fn same_person(profile: &PatientProfile, existing: &Patient) -> bool {
    let same_name = text::search_key(&profile.full_name) == text::search_key(&existing.full_name);
    let same_birth = profile.dob.is_some() && profile.dob == existing.dob;
    let same_email = match (&profile.email, &existing.email) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    };
    (same_name && same_birth) || same_email
}

#[cfg(test)]
mod tests {
    use super::*;

    fn existing() -> Patient {
        Patient {
            id: PatientId(1),
            full_name: "Émile Zola".into(),
            gender: None,
            dob: NaiveDate::from_ymd_opt(1990, 4, 2),
            phone: None,
            email: Some("emile@example.org".into()),
            notes: None,
            archived: false,
            contact: Contact::Email,
            contact_chosen: None,
            account: None,
        }
    }

    fn profile(name: &str, dob: Option<&str>, email: Option<&str>) -> PatientProfile {
        PatientInput {
            full_name: name.into(),
            dob: dob.map(Into::into),
            email: email.map(Into::into),
            ..Default::default()
        }
        .validate(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap())
        .unwrap()
    }

    #[test]
    fn the_same_name_and_birth_date_or_the_same_email_is_the_same_person() {
        let e = existing();
        assert!(same_person(
            &profile("EMILE ZOLA", Some("1990-04-02"), None),
            &e
        ));
        assert!(same_person(
            &profile("Someone Else", None, Some("EMILE@example.org")),
            &e
        ));
        assert!(!same_person(
            &profile("Émile Zola", Some("1991-04-02"), None),
            &e
        ));
        assert!(
            !same_person(&profile("Émile Zola", None, None), &e),
            "a name alone is common"
        );
    }
}
