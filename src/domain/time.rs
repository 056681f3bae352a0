//! Clinic-local wall-clock times and their one text form, `YYYY-MM-DDTHH:MM`.
//!
//! Everything the user types or reads goes through these parsers and formatters, so a
//! malformed date is always the same `invalid` error and the store always sorts as text.

use crate::error::{Error, Result};
use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Timelike, Utc,
};

/// The one format for a moment: minute precision, no zone (clinic-local).
pub const MINUTE_FORMAT: &str = "%Y-%m-%dT%H:%M";
pub const DATE_FORMAT: &str = "%Y-%m-%d";
pub const CLOCK_FORMAT: &str = "%H:%M";

/// True when `text` has exactly the shape of `pattern`, where `9` stands for any digit:
/// chrono alone accepts `+99999-01-01` or `30-01-08` for `%Y-%m-%d`.
fn shaped(text: &str, pattern: &str) -> bool {
    text.len() == pattern.len()
        && text.bytes().zip(pattern.bytes()).all(|(c, p)| match p {
            b'9' => c.is_ascii_digit(),
            _ => c == p,
        })
}

pub fn parse_date(text: &str) -> Result<NaiveDate> {
    let t = text.trim();
    shaped(t, "9999-99-99")
        .then(|| NaiveDate::parse_from_str(t, DATE_FORMAT).ok())
        .flatten()
        .ok_or_else(|| Error::invalid(format!("'{}' is not a date (YYYY-MM-DD)", shorten(text))))
}

pub fn parse_clock(text: &str) -> Result<NaiveTime> {
    let t = text.trim();
    shaped(t, "99:99")
        .then(|| NaiveTime::parse_from_str(t, CLOCK_FORMAT).ok())
        .flatten()
        .ok_or_else(|| Error::invalid(format!("'{}' is not a time (HH:MM)", shorten(text))))
}

/// Parses `YYYY-MM-DDTHH:MM` (a space instead of `T` is accepted too).
pub fn parse_minute(text: &str) -> Result<NaiveDateTime> {
    let t = text.trim();
    (shaped(t, "9999-99-99T99:99") || shaped(t, "9999-99-99 99:99"))
        .then(|| {
            NaiveDateTime::parse_from_str(t, MINUTE_FORMAT)
                .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M"))
                .ok()
        })
        .flatten()
        .ok_or_else(|| {
            Error::invalid(format!(
                "'{}' is not a date and time (YYYY-MM-DDTHH:MM)",
                shorten(text)
            ))
        })
}

// The formatters below write digits directly: they run for every row the store reads or
// writes, and chrono's strftime interpreter is several times slower.

pub fn fmt_minute(t: NaiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

pub fn fmt_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

pub fn fmt_clock(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A day as people read it in a sentence: "Tue 8 Jan 2030".
pub fn human_day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// A moment as people read it in a sentence: "Tue 8 Jan 2030 at 09:30".
pub fn human_when(t: NaiveDateTime) -> String {
    format!("{} at {}", human_day(t.date()), fmt_clock(t.time()))
}

/// Reads exactly `YYYY-MM-DDTHH:MM` (as the store writes it) without chrono's parser.
pub fn read_minute(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() != 16 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5, 7)?, num(8, 10)?)?.and_hms_opt(
        num(11, 13)?,
        num(14, 16)?,
        0,
    )
}

/// Drops seconds and below: the clinic thinks in minutes.
pub fn truncate_to_minute(t: NaiveDateTime) -> NaiveDateTime {
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

/// Minutes since midnight.
pub fn minute_of_day(t: NaiveTime) -> u32 {
    t.hour() * 60 + t.minute()
}

/// The first day after `d`, for half-open day ranges `[d, next_day(d))`.
pub fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(NaiveDate::MAX)
}

/// A clinic-local wall-clock moment as a real instant, by the zone's rules. A moment the clocks
/// skipped (spring forward) has none; one they repeated (autumn) is read as the first.
pub fn instant<Tz: TimeZone>(zone: &Tz, t: NaiveDateTime) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&t) {
        LocalResult::Single(d) | LocalResult::Ambiguous(d, _) => Some(d.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// The real start and end of something starting at wall-clock `start` and lasting `minutes`:
/// the end is the start plus its minutes in real time, whatever the clocks do meanwhile. A
/// start the clocks skipped is read as the moment just after the gap (records made before the
/// rule below existed); nothing new can start there.
pub fn real_span<Tz: TimeZone>(
    zone: &Tz,
    start: NaiveDateTime,
    minutes: u32,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let begin = instant(zone, start)
        .or_else(|| instant(zone, start + Duration::hours(1)).map(|t| t - Duration::hours(1)))
        .unwrap_or_else(|| Utc.from_utc_datetime(&start));
    (begin, begin + Duration::minutes(i64::from(minutes)))
}

/// Refuses a span of wall-clock time that does not exist as written: a start the clocks skip
/// (spring forward), or a span whose real length is not its minutes because the clocks
/// change inside it (exit 7).
pub fn check_real_span<Tz: TimeZone>(zone: &Tz, start: NaiveDateTime, minutes: u32) -> Result<()> {
    let end = start + Duration::minutes(i64::from(minutes));
    let Some(begin) = instant(zone, start) else {
        return Err(Error::invalid(format!(
            "{} does not exist: the clocks go forward then",
            human_when(start)
        )));
    };
    let real_end = (begin + Duration::minutes(i64::from(minutes)))
        .with_timezone(zone)
        .naive_local();
    if real_end != end {
        return Err(Error::invalid(format!(
            "the clocks change between {} and {}; choose times before or after the change",
            human_when(start),
            fmt_clock(end.time())
        )));
    }
    Ok(())
}

/// Keeps echoed user input short so an error stays on one line.
fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

/// serde helpers so JSON times read `YYYY-MM-DDTHH:MM`.
pub mod minute_serde {
    use super::*;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&fmt_minute(*t))
    }

    pub mod option {
        use super::*;
        pub fn serialize<S: Serializer>(
            t: &Option<NaiveDateTime>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => s.serialize_str(&fmt_minute(*t)),
                None => s.serialize_none(),
            }
        }
    }
}

pub mod date_serde {
    use super::*;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&fmt_date(*d))
    }

    pub mod option {
        use super::*;
        pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.serialize_str(&fmt_date(*d)),
                None => s.serialize_none(),
            }
        }
    }

    pub mod vec {
        use super::*;
        use serde::ser::SerializeSeq;
        pub fn serialize<S: Serializer>(days: &[NaiveDate], s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(days.len()))?;
            for d in days {
                seq.serialize_element(&fmt_date(*d))?;
            }
            seq.end()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_contract_formats() {
        assert_eq!(
            fmt_minute(parse_minute("2026-11-23T09:30").unwrap()),
            "2026-11-23T09:30"
        );
        assert_eq!(
            fmt_minute(parse_minute("2026-11-23 09:30").unwrap()),
            "2026-11-23T09:30"
        );
        assert_eq!(fmt_date(parse_date("2026-02-28").unwrap()), "2026-02-28");
        assert_eq!(fmt_clock(parse_clock("21:00").unwrap()), "21:00");
    }

    #[test]
    fn the_fast_reader_agrees_with_chrono() {
        for text in ["2026-11-23T09:30", "2030-01-07T21:00", "1999-12-31T00:05"] {
            assert_eq!(read_minute(text), Some(parse_minute(text).unwrap()));
            assert_eq!(fmt_minute(read_minute(text).unwrap()), text);
        }
        for bad in [
            "2026-11-23 09:30",
            "2026-13-23T09:30",
            "2026-11-23T25:00",
            "2026-1-23T09:30x",
            "x",
        ] {
            assert_eq!(read_minute(bad), None, "{bad}");
        }
    }

    #[test]
    fn malformed_input_is_invalid_with_a_short_message() {
        for bad in [
            "",
            "2026-13-01",
            "2026-02-30",
            "tomorrow",
            "23/11/2026",
            "+99999-12-31",
            "30-01-08",
            "2026-1-08",
        ] {
            let e = parse_date(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Invalid, "{bad}");
        }
        assert!(parse_clock("25:00").is_err());
        assert!(parse_clock("9h").is_err());
        let huge = "x".repeat(10_000);
        let e = parse_minute(&huge).unwrap_err();
        assert!(e.message().len() < 120);
    }
}
