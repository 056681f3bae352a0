//! R12, the booking window: a patient acting for themself books only slots that start at
//! least the clinic's notice from now and at most its advance days ahead. The front desk is
//! not bound by it.

use super::settings::Settings;
use super::text::count;
use super::time::human_when;
use crate::error::{Error, Result};
use chrono::{Duration, NaiveDateTime};

/// The earliest and latest start a patient may book at `now`.
pub fn booking_window(settings: &Settings, now: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
    (
        now + Duration::minutes(i64::from(settings.min_notice_minutes)),
        now + Duration::days(i64::from(settings.max_advance_days)),
    )
}

/// R12 for a slot starting at `start`.
pub fn check_booking_window(
    settings: &Settings,
    now: NaiveDateTime,
    start: NaiveDateTime,
) -> Result<()> {
    let (earliest, latest) = booking_window(settings, now);
    if start < earliest {
        return Err(Error::invalid(format!(
            "{} is too soon: visits are booked at least {} ahead; please call the front desk",
            human_when(start),
            notice_text(settings.min_notice_minutes)
        )));
    }
    if start > latest {
        return Err(Error::invalid(format!(
            "{} is too far ahead: visits are booked at most {} ahead",
            human_when(start),
            count(settings.max_advance_days as usize, "day")
        )));
    }
    Ok(())
}

/// "60 minutes", "2 hours", "1 day".
fn notice_text(minutes: u32) -> String {
    match minutes {
        m if m >= 1440 && m % 1440 == 0 => count((m / 1440) as usize, "day"),
        m if m >= 60 && m % 60 == 0 => count((m / 60) as usize, "hour"),
        m => count(m as usize, "minute"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_minute;

    fn at(t: &str) -> NaiveDateTime {
        parse_minute(t).unwrap()
    }

    #[test]
    fn r12_edges_are_exactly_the_notice_and_exactly_the_horizon() {
        let s = Settings::default(); // 60 minutes' notice, 90 days ahead
        let now = at("2030-01-07T08:00");
        assert!(check_booking_window(&s, now, at("2030-01-07T09:00")).is_ok());
        assert_eq!(
            check_booking_window(&s, now, at("2030-01-07T08:55"))
                .unwrap_err()
                .message(),
            "Mon 7 Jan 2030 at 08:55 is too soon: visits are booked at least 1 hour ahead; \
             please call the front desk"
        );
        assert!(check_booking_window(&s, now, at("2030-04-07T08:00")).is_ok());
        assert_eq!(
            check_booking_window(&s, now, at("2030-04-07T08:05"))
                .unwrap_err()
                .message(),
            "Sun 7 Apr 2030 at 08:05 is too far ahead: visits are booked at most 90 days ahead"
        );
    }

    #[test]
    fn notice_reads_in_the_largest_whole_unit() {
        assert_eq!(notice_text(0), "0 minutes");
        assert_eq!(notice_text(45), "45 minutes");
        assert_eq!(notice_text(120), "2 hours");
        assert_eq!(notice_text(2880), "2 days");
    }
}
