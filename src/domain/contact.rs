//! How a patient wants to hear from the clinic (SPEC §11): by e-mail, by SMS, or not at all.
//!
//! A patient who never chose is written to by e-mail if they have an address, else by SMS if
//! they have a phone, else not at all; a choice they made is kept as long as they have the
//! address it needs.

use crate::error::{Error, Result};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Contact {
    Email,
    Sms,
    None,
}

impl Contact {
    pub const ALL: [Contact; 3] = [Contact::Email, Contact::Sms, Contact::None];

    pub fn as_str(self) -> &'static str {
        match self {
            Contact::Email => "email",
            Contact::Sms => "sms",
            Contact::None => "none",
        }
    }

    /// As a sentence says it: "by e-mail", "by SMS", "no messages".
    pub fn words(self) -> &'static str {
        match self {
            Contact::Email => "by e-mail",
            Contact::Sms => "by SMS",
            Contact::None => "no messages",
        }
    }

    /// The preference in force: the one chosen, else the default for the addresses given.
    pub fn effective(chosen: Option<Contact>, email: Option<&str>, phone: Option<&str>) -> Contact {
        match chosen {
            Some(c) => c,
            None if email.is_some() => Contact::Email,
            None if phone.is_some() => Contact::Sms,
            None => Contact::None,
        }
    }

    /// A chosen preference must have its address: e-mail needs an e-mail address, SMS a phone.
    pub fn check(self, email: Option<&str>, phone: Option<&str>) -> Result<()> {
        match self {
            Contact::Email if email.is_none() => Err(Error::invalid(
                "messages by e-mail need an e-mail address; add one or choose sms or none",
            )),
            Contact::Sms if phone.is_none() => Err(Error::invalid(
                "messages by SMS need a phone number; add one or choose email or none",
            )),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Contact {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().to_ascii_lowercase();
        Contact::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "unknown contact preference '{s}' (email, sms or none)"
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_email_then_sms_then_none() {
        let e = Some("ann@example.org");
        let p = Some("+44 7700 900123");
        assert_eq!(Contact::effective(None, e, p), Contact::Email);
        assert_eq!(Contact::effective(None, None, p), Contact::Sms);
        assert_eq!(Contact::effective(None, None, None), Contact::None);
        assert_eq!(Contact::effective(Some(Contact::Sms), e, p), Contact::Sms);
        assert_eq!(Contact::effective(Some(Contact::None), e, p), Contact::None);
    }

    #[test]
    fn a_choice_needs_its_address() {
        assert!(Contact::Email.check(None, Some("1")).is_err());
        assert!(Contact::Sms.check(Some("a@b.c"), None).is_err());
        assert!(Contact::None.check(None, None).is_ok());
        assert!(Contact::Email.check(Some("a@b.c"), None).is_ok());
    }

    #[test]
    fn words_round_trip() {
        for c in Contact::ALL {
            assert_eq!(c.as_str().parse::<Contact>().unwrap(), c);
        }
        assert_eq!(" EMAIL ".parse::<Contact>().unwrap(), Contact::Email);
        assert!("post".parse::<Contact>().is_err());
    }
}
