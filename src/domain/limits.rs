//! Rule R4: a doctor's daily limits, and the admin's explicit override.

use super::doctor::Doctor;
use super::text;
use crate::error::{Error, Result};

/// How many slots a patient may hold for themself at once (SPEC §14): enough to compare two
/// times, too few to hoard a day. The front desk is not limited.
pub const PATIENT_HOLDS_MAX: usize = 2;

/// A doctor's active bookings on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayLoad {
    pub appointments: u32,
    pub minutes: u32,
}

const LIMIT_PREFIX: &str = "daily limit reached: ";
const LIMIT_SUFFIX: &str = " (an admin may override with a reason)";

/// If `e` is the R4 refusal an admin may override, what limit was reached (e.g. "Dr Lee
/// already has 12 of 12 appointments that day"). The UI uses it to ask for a reason.
pub fn limit_refusal(e: &Error) -> Option<&str> {
    if e.kind() != crate::ErrorKind::Conflict {
        return None;
    }
    e.message()
        .strip_prefix(LIMIT_PREFIX)
        .map(|rest| rest.strip_suffix(LIMIT_SUFFIX).unwrap_or(rest))
}

/// Would one more appointment of `minutes` keep `doctor` within R4?
///
/// Returns the validated override reason when the limit is exceeded and an admin gave one;
/// `override_reason` from anyone else is refused earlier by access rules.
pub fn check_day_limits(
    doctor: &Doctor,
    load: DayLoad,
    minutes: u32,
    override_reason: Option<&str>,
) -> Result<Option<String>> {
    let count_after = load.appointments + 1;
    let minutes_after = load.minutes + minutes;
    let over = if count_after > doctor.max_per_day {
        Some(format!(
            "{} already has {} of {} appointments that day",
            doctor.full_name, load.appointments, doctor.max_per_day
        ))
    } else if minutes_after > doctor.max_minutes {
        Some(format!(
            "{} would be booked {} of {} minutes that day",
            doctor.full_name, minutes_after, doctor.max_minutes
        ))
    } else {
        None
    };
    match (over, override_reason) {
        (None, _) => Ok(None),
        (Some(why), None) => Err(Error::conflict(format!(
            "{LIMIT_PREFIX}{why}{LIMIT_SUFFIX}"
        ))),
        (Some(_), Some(reason)) => Ok(Some(text::required(
            "override reason",
            reason,
            text::NOTE_MAX,
        )?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::DoctorId;

    fn doctor(max_per_day: u32, max_minutes: u32) -> Doctor {
        Doctor {
            id: DoctorId(1),
            full_name: "Dr Lee".into(),
            specialty: "Cardiology".into(),
            fee: 0,
            max_per_day,
            max_minutes,
            description: None,
            active: true,
            account: None,
        }
    }

    #[test]
    fn r4_count_limit() {
        let d = doctor(2, 480);
        let load = DayLoad {
            appointments: 1,
            minutes: 30,
        };
        assert_eq!(check_day_limits(&d, load, 30, None).unwrap(), None);
        let full = DayLoad {
            appointments: 2,
            minutes: 60,
        };
        assert_eq!(
            check_day_limits(&d, full, 30, None).unwrap_err().kind(),
            crate::ErrorKind::Conflict
        );
    }

    #[test]
    fn r4_refusal_is_recognisable() {
        let d = doctor(1, 480);
        let full = DayLoad {
            appointments: 1,
            minutes: 30,
        };
        let e = check_day_limits(&d, full, 30, None).unwrap_err();
        assert_eq!(
            limit_refusal(&e),
            Some("Dr Lee already has 1 of 1 appointments that day")
        );
        assert_eq!(
            limit_refusal(&Error::conflict("slot 3 is already booked")),
            None
        );
    }

    #[test]
    fn r4_minutes_limit() {
        let d = doctor(12, 60);
        let load = DayLoad {
            appointments: 1,
            minutes: 45,
        };
        assert!(check_day_limits(&d, load, 15, None).is_ok());
        assert!(check_day_limits(&d, load, 30, None).is_err());
    }

    #[test]
    fn r4_override_needs_a_real_reason() {
        let d = doctor(1, 480);
        let full = DayLoad {
            appointments: 1,
            minutes: 30,
        };
        assert_eq!(
            check_day_limits(&d, full, 30, Some("urgent")).unwrap(),
            Some("urgent".to_string())
        );
        assert!(check_day_limits(&d, full, 30, Some("   ")).is_err());
    }
}
