//! Visit types (SPEC §10): a follow-up takes 15 minutes, a new patient 45. A visit of a type
//! covers back-to-back slots of one doctor that total exactly its minutes; a series repeats
//! one visit weekly or every other week.

use super::ids::VisitTypeId;
use super::text;
use crate::error::{Error, Result};
use chrono::{Duration, NaiveDateTime};
use serde::Serialize;

/// One of the clinic's visit types, as `clinic types` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VisitType {
    pub id: VisitTypeId,
    pub name: String,
    pub minutes: u32,
    pub fee: Option<u32>,
    pub description: Option<String>,
    pub retired: bool,
}

/// A visit type as typed in: every field optional so one shape serves add and edit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitTypeInput {
    pub name: Option<String>,
    pub minutes: Option<u32>,
    pub fee: Option<u32>,
    pub description: Option<String>,
}

/// A visit type's fields, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitTypeFields {
    pub name: String,
    pub minutes: u32,
    pub fee: Option<u32>,
    pub description: Option<String>,
}

pub const MINUTES_MIN: u32 = 5;
pub const MINUTES_MAX: u32 = 240;
pub const FEE_MAX: u32 = 1_000_000;
pub const SERIES_MAX: u32 = 52;

impl VisitTypeInput {
    /// The fields of a new type, or of `current` changed by this input.
    pub fn fields(&self, current: Option<&VisitType>) -> Result<VisitTypeFields> {
        let name = match (&self.name, current) {
            (Some(n), _) => text::required("name", n, 80)?,
            (None, Some(c)) => c.name.clone(),
            (None, None) => return Err(Error::invalid("a visit type needs a name")),
        };
        let minutes = match (self.minutes, current) {
            (Some(m), _) => m,
            (None, Some(c)) => c.minutes,
            (None, None) => return Err(Error::invalid("a visit type needs its minutes")),
        };
        if !(MINUTES_MIN..=MINUTES_MAX).contains(&minutes) || minutes % 5 != 0 {
            return Err(Error::invalid(format!(
                "a visit takes {MINUTES_MIN} to {MINUTES_MAX} minutes in steps of 5, not {minutes}"
            )));
        }
        let fee = self.fee.or(current.and_then(|c| c.fee));
        if fee.is_some_and(|f| f > FEE_MAX) {
            return Err(Error::invalid(format!("fee is at most {FEE_MAX}")));
        }
        let description = match &self.description {
            Some(d) => text::optional("description", Some(d), text::NOTE_MAX)?,
            None => current.and_then(|c| c.description.clone()),
        };
        Ok(VisitTypeFields {
            name,
            minutes,
            fee,
            description,
        })
    }
}

/// How a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    Weekly,
    Biweekly,
}

impl Repeat {
    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_lowercase().as_str() {
            "weekly" => Ok(Self::Weekly),
            "biweekly" | "fortnightly" => Ok(Self::Biweekly),
            other => Err(Error::invalid(format!(
                "repeat is weekly or biweekly, not {other:?}"
            ))),
        }
    }

    fn step(self) -> Duration {
        match self {
            Self::Weekly => Duration::weeks(1),
            Self::Biweekly => Duration::weeks(2),
        }
    }

    /// The starts of a series of `count` visits from `first`, the first included.
    pub fn starts(self, first: NaiveDateTime, count: u32) -> Result<Vec<NaiveDateTime>> {
        if !(1..=SERIES_MAX).contains(&count) {
            return Err(Error::invalid(format!(
                "a series has 1 to {SERIES_MAX} visits, not {count}"
            )));
        }
        Ok((0..count)
            .map(|i| first + self.step() * i32::try_from(i).unwrap_or(0))
            .collect())
    }
}

/// How many of `slots` (a doctor's slots by time, from the visit's first one on: start, end,
/// minutes) a visit of `minutes` covers: back to back from the first, totalling exactly
/// `minutes`. `None` when there is a gap, or the slots overshoot.
pub fn covered(slots: &[(NaiveDateTime, NaiveDateTime, u32)], minutes: u32) -> Option<usize> {
    let mut total = 0;
    let mut end = slots.first()?.0;
    for (i, (start, slot_end, length)) in slots.iter().enumerate() {
        if *start != end {
            return None;
        }
        total += length;
        end = *slot_end;
        if total == minutes {
            return Some(i + 1);
        }
        if total > minutes {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2030, 1, 7)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn grid(from: (u32, u32), n: u32, len: u32) -> Vec<(NaiveDateTime, NaiveDateTime, u32)> {
        (0..n)
            .map(|i| {
                let s = at(from.0, from.1) + Duration::minutes(i64::from(i * len));
                (s, s + Duration::minutes(i64::from(len)), len)
            })
            .collect()
    }

    #[test]
    fn a_visit_covers_back_to_back_slots_totalling_its_minutes() {
        let quarter = grid((9, 0), 8, 15);
        assert_eq!(covered(&quarter, 15), Some(1));
        assert_eq!(covered(&quarter, 45), Some(3));
        assert_eq!(covered(&quarter, 120), Some(8));
        assert_eq!(covered(&quarter, 135), None, "runs out of slots");
        let half = grid((9, 0), 4, 30);
        assert_eq!(covered(&half, 45), None, "a 30-minute grid cannot take 45");
        assert_eq!(covered(&half, 60), Some(2));
        let mut gap = grid((9, 0), 2, 15);
        gap.extend(grid((9, 45), 2, 15));
        assert_eq!(covered(&gap, 45), None, "a gap breaks the run");
        assert_eq!(covered(&[], 15), None);
    }

    #[test]
    fn series_step_weekly_or_every_other_week_up_to_52() {
        let s = Repeat::parse("Biweekly")
            .unwrap()
            .starts(at(9, 0), 3)
            .unwrap();
        assert_eq!(s[2] - s[0], Duration::weeks(4));
        assert!(Repeat::Weekly.starts(at(9, 0), 53).is_err());
        assert!(Repeat::Weekly.starts(at(9, 0), 0).is_err());
        assert!(Repeat::parse("daily").is_err());
    }

    #[test]
    fn minutes_lie_on_the_five_minute_grid() {
        let input = |m| VisitTypeInput {
            name: Some("Physio".into()),
            minutes: Some(m),
            ..Default::default()
        };
        assert!(input(45).fields(None).is_ok());
        assert!(input(47).fields(None).is_err());
        assert!(input(0).fields(None).is_err());
        assert!(input(245).fields(None).is_err());
    }
}
