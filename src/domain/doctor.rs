//! Doctors: who can be booked, their specialty, fee and daily limits (R4).

use super::ids::{AccountId, DoctorId};
use super::text;
use crate::error::{Error, Result};
use serde::Serialize;

pub const DEFAULT_MAX_PER_DAY: u32 = 12;
pub const DEFAULT_MAX_MINUTES: u32 = 480;

/// A doctor as the catalogue shows it (SPEC §7 "doctor" object, plus a few extra fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Doctor {
    pub id: DoctorId,
    pub full_name: String,
    pub specialty: String,
    pub fee: u32,
    pub max_per_day: u32,
    pub max_minutes: u32,
    pub description: Option<String>,
    pub active: bool,
    #[serde(skip)]
    pub account: Option<AccountId>,
}

/// The editable part of a doctor, validated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DoctorProfile {
    pub full_name: String,
    pub specialty: String,
    pub description: Option<String>,
    pub fee: u32,
    pub max_per_day: u32,
    pub max_minutes: u32,
}

/// Unvalidated input for a doctor profile, as typed in a form or on the command line.
#[derive(Debug, Clone, Default)]
pub struct DoctorInput {
    pub full_name: String,
    pub specialty: String,
    pub description: Option<String>,
    pub fee: Option<u32>,
    pub max_per_day: Option<u32>,
    pub max_minutes: Option<u32>,
}

impl DoctorInput {
    pub fn validate(&self) -> Result<DoctorProfile> {
        let max_per_day = self.max_per_day.unwrap_or(DEFAULT_MAX_PER_DAY);
        let max_minutes = self.max_minutes.unwrap_or(DEFAULT_MAX_MINUTES);
        if !(1..=100).contains(&max_per_day) {
            return Err(Error::invalid("max appointments per day is 1 to 100"));
        }
        if !(15..=1440).contains(&max_minutes) {
            return Err(Error::invalid("max booked minutes per day is 15 to 1440"));
        }
        let fee = self.fee.unwrap_or(0);
        if fee > 1_000_000 {
            return Err(Error::invalid("fee is at most 1000000"));
        }
        Ok(DoctorProfile {
            full_name: text::required("full name", &self.full_name, text::NAME_MAX)?,
            specialty: specialty_name(&self.specialty)?,
            description: text::optional(
                "description",
                self.description.as_deref(),
                text::NOTE_MAX,
            )?,
            fee,
            max_per_day,
            max_minutes,
        })
    }
}

/// A specialty name: trimmed, 2–60 characters, stored as typed but compared case-insensitively.
pub fn specialty_name(raw: &str) -> Result<String> {
    let s = text::required("specialty", raw, 60)?;
    if s.chars().count() < 2 {
        return Err(Error::invalid("specialty has at least 2 characters"));
    }
    Ok(s)
}
