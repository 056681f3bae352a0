//! When reminders go out (SPEC §11): offsets before a visit, the setting `reminders`, written
//! as people say them: `24h,2h`, `2d`, `90m`; `none` for no reminders.

use crate::error::{Error, Result};
use chrono::{Duration, NaiveDateTime};
use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The shortest and longest offset: a reminder a few minutes before is noise, one more than a
/// month ahead is forgotten.
const MIN_MINUTES: u32 = 5;
const MAX_MINUTES: u32 = 30 * 24 * 60;
/// More reminders than this per visit is pestering.
const MAX_COUNT: usize = 5;

/// The reminder offsets, in minutes before the visit, longest first, without repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminders(Vec<u32>);

impl Reminders {
    pub fn none() -> Reminders {
        Reminders(Vec::new())
    }

    /// Offsets in minutes, longest first.
    pub fn minutes(&self) -> &[u32] {
        &self.0
    }

    /// When each reminder of a visit starting at `start` falls due, leaving out those already
    /// due at `now` (a reminder due at booking time is not queued).
    pub fn due_times(&self, start: NaiveDateTime, now: NaiveDateTime) -> Vec<NaiveDateTime> {
        self.0
            .iter()
            .map(|m| start - Duration::minutes(i64::from(*m)))
            .filter(|due| *due > now)
            .collect()
    }
}

impl Default for Reminders {
    /// A day before and two hours before.
    fn default() -> Self {
        Reminders(vec![24 * 60, 2 * 60])
    }
}

impl FromStr for Reminders {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self> {
        let text = text.trim();
        if text.is_empty() || text.eq_ignore_ascii_case("none") {
            return Ok(Reminders::none());
        }
        let mut minutes = Vec::new();
        for part in text.split(',').map(str::trim) {
            let m = offset(part)?;
            if !minutes.contains(&m) {
                minutes.push(m);
            }
        }
        if minutes.len() > MAX_COUNT {
            return Err(Error::invalid(format!(
                "at most {MAX_COUNT} reminders a visit"
            )));
        }
        minutes.sort_unstable_by(|a, b| b.cmp(a));
        Ok(Reminders(minutes))
    }
}

/// One offset: a number and `m`, `h` or `d`.
fn offset(part: &str) -> Result<u32> {
    let bad = || {
        Error::invalid(format!(
            "'{part}' is not a reminder offset: write e.g. 24h, 2h, 90m or 2d, separated by commas"
        ))
    };
    let (digits, unit) = part.split_at(part.len().saturating_sub(1));
    let n: u32 = digits.trim().parse().map_err(|_| bad())?;
    let minutes = match unit.to_ascii_lowercase().as_str() {
        "m" => Some(n),
        "h" => n.checked_mul(60),
        "d" => n.checked_mul(24 * 60),
        _ => None,
    }
    .ok_or_else(bad)?;
    if !(MIN_MINUTES..=MAX_MINUTES).contains(&minutes) {
        return Err(Error::invalid(format!(
            "a reminder goes out {MIN_MINUTES} minutes to 30 days before the visit, not {part}"
        )));
    }
    Ok(minutes)
}

impl fmt::Display for Reminders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("none");
        }
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|m| {
                if m % 60 == 0 {
                    format!("{}h", m / 60)
                } else {
                    format!("{m}m")
                }
            })
            .collect();
        f.write_str(&parts.join(","))
    }
}

impl Serialize for Reminders {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn offsets_are_read_as_people_write_them() {
        let r: Reminders = "2h, 24h".parse().unwrap();
        assert_eq!(r.minutes(), &[1440, 120]);
        assert_eq!(r.to_string(), "24h,2h");
        assert_eq!(
            "2d,90m".parse::<Reminders>().unwrap().to_string(),
            "48h,90m"
        );
        assert_eq!("none".parse::<Reminders>().unwrap(), Reminders::none());
        assert_eq!("".parse::<Reminders>().unwrap().to_string(), "none");
        assert_eq!("2h,2h".parse::<Reminders>().unwrap().minutes(), &[120]);
        assert_eq!(Reminders::default().to_string(), "24h,2h");
    }

    #[test]
    fn nonsense_and_extremes_are_refused() {
        for bad in [
            "2",
            "h",
            "2w",
            "-2h",
            "1m",
            "31d",
            "1h,2h,3h,4h,5h,6h",
            "2h;1h",
        ] {
            let e = bad.parse::<Reminders>().unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Invalid, "{bad}");
        }
    }

    #[test]
    fn a_reminder_already_due_is_left_out() {
        let start = NaiveDate::from_ymd_opt(2030, 1, 8)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let r = Reminders::default();
        // Booked 23 hours ahead: the day-before reminder is already due.
        let now = start - Duration::hours(23);
        assert_eq!(r.due_times(start, now), vec![start - Duration::hours(2)]);
        // Exactly at the offset counts as due.
        assert_eq!(r.due_times(start, start - Duration::hours(2)), vec![]);
        assert_eq!(r.due_times(start, start - Duration::days(3)).len(), 2);
    }
}
