//! Accounts and the acting principal.
//!
//! Every library call takes an [`Actor`]: who is asking. The [`access`](super::access) module
//! decides from it; the UI only hides what would be refused anyway.

use super::ids::{AccountId, DoctorId, PatientId};
use crate::error::{Error, Result};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Patient,
    Doctor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Patient => "patient",
            Role::Doctor => "doctor",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "patient" => Ok(Role::Patient),
            "doctor" => Ok(Role::Doctor),
            "admin" => Ok(Role::Admin),
            other => Err(Error::invalid(format!(
                "unknown role '{other}' (patient, doctor or admin)"
            ))),
        }
    }
}

/// Who is making a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Not signed in: may read the public catalogue (doctors, free slots) and self-register.
    Guest,
    Patient {
        account: AccountId,
        patient: PatientId,
    },
    Doctor {
        account: AccountId,
        doctor: DoctorId,
    },
    Admin {
        account: AccountId,
    },
}

impl Actor {
    pub fn account(&self) -> Option<AccountId> {
        match self {
            Actor::Guest => None,
            Actor::Patient { account, .. }
            | Actor::Doctor { account, .. }
            | Actor::Admin { account } => Some(*account),
        }
    }
    pub fn role(&self) -> Option<Role> {
        match self {
            Actor::Guest => None,
            Actor::Patient { .. } => Some(Role::Patient),
            Actor::Doctor { .. } => Some(Role::Doctor),
            Actor::Admin { .. } => Some(Role::Admin),
        }
    }
    pub fn is_admin(&self) -> bool {
        matches!(self, Actor::Admin { .. })
    }
    pub fn patient_id(&self) -> Option<PatientId> {
        match self {
            Actor::Patient { patient, .. } => Some(*patient),
            _ => None,
        }
    }
    pub fn doctor_id(&self) -> Option<DoctorId> {
        match self {
            Actor::Doctor { doctor, .. } => Some(*doctor),
            _ => None,
        }
    }
}

/// A signed-in account as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    pub role: Role,
    pub full_name: String,
}

/// R11: 3–32 characters of `a-z 0-9 . _ -`; usernames compare case-insensitively, so they
/// are stored lower-cased.
pub fn normalize_username(raw: &str) -> Result<String> {
    let name = raw.trim().to_lowercase();
    let len = name.chars().count();
    if !(3..=32).contains(&len) {
        return Err(Error::invalid("a username has 3 to 32 characters"));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
    {
        return Err(Error::invalid(
            "a username may only use letters a-z, digits and . _ -",
        ));
    }
    Ok(name)
}

/// R11: at least 8 characters. (Upper bound keeps argon2 input sane.)
pub fn check_password(password: &str) -> Result<()> {
    let len = password.chars().count();
    if len < 8 {
        return Err(Error::invalid("a password has at least 8 characters"));
    }
    if len > 1024 {
        return Err(Error::invalid("a password has at most 1024 characters"));
    }
    Ok(())
}

/// Five failed logins lock an account for fifteen minutes (SPEC §5).
pub const MAX_FAILED_LOGINS: u32 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r11_username_is_case_insensitive_and_restricted() {
        assert_eq!(normalize_username("Dr.House").unwrap(), "dr.house");
        assert_eq!(normalize_username(" ann_lee-2 ").unwrap(), "ann_lee-2");
        for bad in ["ab", &"a".repeat(33), "ann lee", "anné", "ann@x", ""] {
            assert_eq!(
                normalize_username(bad).unwrap_err().kind(),
                crate::ErrorKind::Invalid,
                "{bad}"
            );
        }
    }

    #[test]
    fn r11_password_has_at_least_eight_characters() {
        assert!(check_password("1234567").is_err());
        assert!(check_password("12345678").is_ok());
    }
}
