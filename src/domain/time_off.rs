//! Time off (SPEC §9): a doctor's leave, or a clinic closure for every doctor. No slot lies
//! inside it, plans never make one there, and no active visit is left in it unless it was
//! cancelled with the time off's reason.
//!
//! Bounds are written as a day (`2030-01-13`: from its start, or to its end) or a moment
//! (`2030-01-13T12:00`); stored as a half-open span `[from, to)`.

use super::ids::{DoctorId, TimeOffId};
use super::time::{fmt_clock, human_day, minute_serde, parse_date, parse_minute};
use crate::error::{Error, Result};
use chrono::{NaiveDateTime, NaiveTime, Timelike};
use serde::Serialize;

/// A stretch of time nobody can book (SPEC §9 JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeOff {
    pub id: TimeOffId,
    /// `None` for a clinic closure.
    pub doctor_id: Option<DoctorId>,
    /// The doctor's name, or `None` for a closure.
    pub doctor_name: Option<String>,
    #[serde(with = "minute_serde")]
    pub from: NaiveDateTime,
    #[serde(with = "minute_serde")]
    pub to: NaiveDateTime,
    pub reason: Option<String>,
}

/// What to add: whose, when, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeOffInput {
    /// `None` for a closure.
    pub doctor: Option<DoctorId>,
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub reason: Option<String>,
}

impl TimeOffInput {
    /// Reads the bounds as typed: a day or a day and time each; a closure takes whole days.
    pub fn parse(
        doctor: Option<DoctorId>,
        from: &str,
        to: Option<&str>,
        reason: Option<&str>,
    ) -> Result<TimeOffInput> {
        let closure = doctor.is_none();
        if closure && (from.contains('T') || to.is_some_and(|t| t.contains('T'))) {
            return Err(Error::invalid(
                "a closure is whole days: give dates, not times",
            ));
        }
        let start = start_of(from)?;
        let end = match to {
            Some(to) => end_of(to)?,
            None if !from.contains('T') => end_of(from)?,
            None => return Err(Error::invalid("say until when (--to)")),
        };
        if end <= start {
            return Err(Error::invalid("the time off ends before it starts"));
        }
        let reason = reason
            .map(|r| super::text::optional("the reason", Some(r), 200))
            .transpose()?
            .flatten();
        if closure && reason.is_none() {
            return Err(Error::invalid(
                "say why the clinic is closed; patients are told",
            ));
        }
        Ok(TimeOffInput {
            doctor,
            from: start,
            to: end,
            reason,
        })
    }
}

/// "2030-01-13" → its first minute; "2030-01-13T12:00" → that minute.
pub fn start_of(text: &str) -> Result<NaiveDateTime> {
    if text.contains('T') {
        parse_minute(text)
    } else {
        Ok(parse_date(text)?.and_time(NaiveTime::MIN))
    }
}

/// "2030-01-13" → the end of that day (the next midnight); "2030-01-13T12:00" → that minute.
pub fn end_of(text: &str) -> Result<NaiveDateTime> {
    if text.contains('T') {
        parse_minute(text)
    } else {
        Ok(super::time::next_day(parse_date(text)?).and_time(NaiveTime::MIN))
    }
}

impl TimeOff {
    /// Whether `[start, end)` lies (partly) inside it.
    pub fn overlaps(&self, start: NaiveDateTime, end: NaiveDateTime) -> bool {
        overlaps(self.from, self.to, start, end)
    }

    /// Whose time off it is, for a list: the doctor, or "The clinic".
    pub fn whose(&self) -> &str {
        self.doctor_name.as_deref().unwrap_or("The clinic")
    }

    /// "Mon 13 Jan 2030 – Fri 17 Jan 2030" or "Mon 13 Jan 2030 09:00–12:00".
    pub fn span_text(&self) -> String {
        span_text(self.from, self.to)
    }
}

/// Whether the half-open spans `[a, b)` and `[c, d)` share a minute.
pub fn overlaps(a: NaiveDateTime, b: NaiveDateTime, c: NaiveDateTime, d: NaiveDateTime) -> bool {
    a < d && c < b
}

/// A span as people read it: whole days as days, else with the times.
pub fn span_text(from: NaiveDateTime, to: NaiveDateTime) -> String {
    let midnight = |t: NaiveDateTime| t.time() == NaiveTime::MIN && t.second() == 0;
    if midnight(from) && midnight(to) {
        let last = to.date().pred_opt().unwrap_or(to.date());
        if last == from.date() {
            return human_day(last);
        }
        return format!("{} – {}", human_day(from.date()), human_day(last));
    }
    if from.date() == to.date() {
        return format!(
            "{} {}–{}",
            human_day(from.date()),
            fmt_clock(from.time()),
            fmt_clock(to.time())
        );
    }
    format!(
        "{} {} – {} {}",
        human_day(from.date()),
        fmt_clock(from.time()),
        human_day(to.date()),
        fmt_clock(to.time())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        parse_minute(text).unwrap()
    }

    #[test]
    fn days_cover_whole_days_and_times_are_exact() {
        let leave = TimeOffInput::parse(
            Some(DoctorId(1)),
            "2030-01-13",
            Some("2030-01-17"),
            Some("holiday"),
        )
        .unwrap();
        assert_eq!(
            (leave.from, leave.to),
            (at("2030-01-13T00:00"), at("2030-01-18T00:00"))
        );
        let morning = TimeOffInput::parse(
            Some(DoctorId(1)),
            "2030-01-13T09:00",
            Some("2030-01-13T12:00"),
            None,
        )
        .unwrap();
        assert_eq!(
            (morning.from, morning.to),
            (at("2030-01-13T09:00"), at("2030-01-13T12:00"))
        );
        let one_day = TimeOffInput::parse(None, "2030-01-01", None, Some("New Year")).unwrap();
        assert_eq!(one_day.to, at("2030-01-02T00:00"));
    }

    #[test]
    fn bad_time_off_is_refused_with_a_reason() {
        let refuse = |doctor, from, to, reason| {
            TimeOffInput::parse(doctor, from, to, reason)
                .unwrap_err()
                .message()
                .to_string()
        };
        let d = Some(DoctorId(1));
        assert_eq!(
            refuse(d, "2030-01-13T12:00", Some("2030-01-13T09:00"), None),
            "the time off ends before it starts"
        );
        assert_eq!(
            refuse(None, "2030-01-13T12:00", None, Some("x")),
            "a closure is whole days: give dates, not times"
        );
        assert_eq!(
            refuse(None, "2030-01-01", None, None),
            "say why the clinic is closed; patients are told"
        );
        assert_eq!(
            refuse(d, "2030-01-13T09:00", None, None),
            "say until when (--to)"
        );
        assert!(refuse(d, "13/01/2030", None, None).contains("is not a date"));
    }

    #[test]
    fn spans_read_as_days_or_times() {
        assert_eq!(
            span_text(at("2030-01-13T00:00"), at("2030-01-18T00:00")),
            "Sun 13 Jan 2030 – Thu 17 Jan 2030"
        );
        assert_eq!(
            span_text(at("2030-01-01T00:00"), at("2030-01-02T00:00")),
            "Tue 1 Jan 2030"
        );
        assert_eq!(
            span_text(at("2030-01-13T09:00"), at("2030-01-13T12:00")),
            "Sun 13 Jan 2030 09:00–12:00"
        );
        assert!(overlaps(
            at("2030-01-13T09:00"),
            at("2030-01-13T12:00"),
            at("2030-01-13T11:30"),
            at("2030-01-13T12:00")
        ));
        assert!(!overlaps(
            at("2030-01-13T09:00"),
            at("2030-01-13T12:00"),
            at("2030-01-13T12:00"),
            at("2030-01-13T12:30")
        ));
    }
}
