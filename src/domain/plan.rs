//! Working plans (SPEC §9): a doctor's weekly template of ranges, in force from a date until
//! that doctor's next plan takes over, and the slots it makes on a given day.
//!
//! A week is written as people say it: `mon 09:00-13:00 14:00-18:00; tue-thu 09:00-12:00/15`
//! (the gap between two ranges is a break; `/15` is that range's slot length, else the
//! plan's). The same text reads back from [`week_text`].

use super::ids::DoctorId;
use super::settings::Settings;
use super::slot::{SlotPlan, check_length};
use super::time::{fmt_clock, minute_of_day, parse_clock};
use crate::error::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use serde::Serialize;

/// The short day names plans use, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// One working range of a weekday: slots of `length` minutes from `from` until `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlanRange {
    #[serde(serialize_with = "weekday_name")]
    pub weekday: Weekday,
    #[serde(serialize_with = "clock")]
    pub from: NaiveTime,
    #[serde(serialize_with = "clock")]
    pub to: NaiveTime,
    pub length: u32,
}

/// A doctor's plan as stored and shown (SPEC §9 JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub doctor_id: DoctorId,
    #[serde(with = "super::time::date_serde")]
    pub effective_from: NaiveDate,
    pub ranges: Vec<PlanRange>,
}

/// What saving or applying plans did (SPEC §9 JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlanChanges {
    /// Slots made.
    pub created: u32,
    /// Free plan slots taken away because the plan no longer has them.
    pub removed: u32,
    /// Booked visits on slots the plan no longer has: kept, for the desk to move or cancel.
    pub kept_booked: Vec<super::ids::AppointmentId>,
}

impl PlanChanges {
    pub fn add(&mut self, other: PlanChanges) {
        self.created += other.created;
        self.removed += other.removed;
        self.kept_booked.extend(other.kept_booked);
    }

    /// "12 slots made, 3 removed; 1 visit outside the plan stays booked."
    pub fn sentence(&self) -> String {
        use super::text::count;
        let mut s = format!("{} made", count(self.created as usize, "slot"));
        if self.removed > 0 {
            s.push_str(&format!(", {} removed", self.removed));
        }
        let kept = self.kept_booked.len();
        if kept > 0 {
            let verb = if kept == 1 { "stays" } else { "stay" };
            s.push_str(&format!(
                "; {} outside the plan {verb} booked",
                count(kept, "visit")
            ));
        }
        s.push('.');
        s
    }
}

fn weekday_name<S: serde::Serializer>(d: &Weekday, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(day_name(*d))
}

fn clock<S: serde::Serializer>(t: &NaiveTime, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&fmt_clock(*t))
}

/// "mon" … "sun".
pub fn day_name(d: Weekday) -> &'static str {
    WEEKDAYS[d.num_days_from_monday() as usize]
}

fn weekday_at(i: usize) -> Weekday {
    Weekday::try_from(i as u8).expect("0..7 is a weekday")
}

/// Reads "mon", "Tuesday", "WED"…: the first three letters name the day.
pub fn parse_weekday(text: &str) -> Result<Weekday> {
    let t = text.trim().to_lowercase();
    WEEKDAYS
        .iter()
        .position(|d| t.len() >= 3 && t.starts_with(d) && full_name(d).starts_with(&t))
        .map(weekday_at)
        .ok_or_else(|| Error::invalid(format!("'{text}' is not a day of the week (mon…sun)")))
}

fn full_name(short: &str) -> &'static str {
    match short {
        "mon" => "monday",
        "tue" => "tuesday",
        "wed" => "wednesday",
        "thu" => "thursday",
        "fri" => "friday",
        "sat" => "saturday",
        _ => "sunday",
    }
}

/// "mon", "mon-fri", "mon,wed,fri" → the days named.
fn parse_days(text: &str) -> Result<Vec<Weekday>> {
    let mut days = Vec::new();
    for part in text.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (parse_weekday(a)?, parse_weekday(b)?);
                let (a, b) = (a.num_days_from_monday(), b.num_days_from_monday());
                if a > b {
                    return Err(Error::invalid(format!(
                        "'{part}' runs backwards; write the days Monday first"
                    )));
                }
                days.extend((a..=b).map(|i| weekday_at(i as usize)));
            }
            None => days.push(parse_weekday(part)?),
        }
    }
    Ok(days)
}

/// "09:00-13:00" or "09:00-13:00/15".
fn parse_range(text: &str, default_length: u32) -> Result<(NaiveTime, NaiveTime, u32)> {
    let (span, length) = match text.split_once('/') {
        Some((span, len)) => (
            span,
            len.trim()
                .parse::<u32>()
                .map_err(|_| Error::invalid(format!("'{len}' is not a slot length in minutes")))?,
        ),
        None => (text, default_length),
    };
    let (from, to) = span.split_once('-').ok_or_else(|| {
        Error::invalid(format!(
            "'{text}' is not a range (HH:MM-HH:MM, or HH:MM-HH:MM/MIN)"
        ))
    })?;
    Ok((parse_clock(from.trim())?, parse_clock(to.trim())?, length))
}

/// Reads a week: `mon 09:00-13:00 14:00-18:00; tue-thu 09:00-12:00/15`. Days left out are
/// days off; an empty text is a plan with no working time (the doctor stops taking visits).
pub fn parse_week(text: &str, default_length: u32) -> Result<Vec<PlanRange>> {
    let mut ranges = Vec::new();
    for day in text.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let mut words = day.split_whitespace();
        let days = parse_days(words.next().unwrap_or_default())?;
        let spans: Vec<&str> = words.collect();
        if spans.is_empty() {
            return Err(Error::invalid(format!(
                "'{day}' names no hours; write e.g. \"mon 09:00-13:00\""
            )));
        }
        for span in spans {
            let (from, to, length) = parse_range(span, default_length)?;
            ranges.extend(days.iter().map(|&weekday| PlanRange {
                weekday,
                from,
                to,
                length,
            }));
        }
    }
    sort(&mut ranges);
    Ok(ranges)
}

fn sort(ranges: &mut [PlanRange]) {
    ranges.sort_by_key(|r| (r.weekday.num_days_from_monday(), r.from));
}

/// The week as [`parse_week`] reads it, lengths written where they differ from `length`;
/// days in a row with the same hours are joined ("mon-fri 09:00-13:00").
pub fn week_text(ranges: &[PlanRange], length: u32) -> String {
    let day_hours = |i: usize| -> String {
        ranges
            .iter()
            .filter(|r| r.weekday.num_days_from_monday() as usize == i)
            .map(|r| {
                let mut s = format!("{}-{}", fmt_clock(r.from), fmt_clock(r.to));
                if r.length != length {
                    s.push_str(&format!("/{}", r.length));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let hours: Vec<String> = (0..7).map(day_hours).collect();
    let mut days: Vec<String> = Vec::new();
    let mut i = 0;
    while i < 7 {
        let mut j = i;
        while j + 1 < 7 && hours[j + 1] == hours[i] {
            j += 1;
        }
        if !hours[i].is_empty() {
            let name = match j - i {
                0 => WEEKDAYS[i].to_string(),
                1 => format!("{},{}", WEEKDAYS[i], WEEKDAYS[j]),
                _ => format!("{}-{}", WEEKDAYS[i], WEEKDAYS[j]),
            };
            days.push(format!("{name} {}", hours[i]));
        }
        i = j + 1;
    }
    days.join("; ")
}

/// R1 for every range, and no two ranges of a day overlap.
pub fn check_ranges(ranges: &[PlanRange], settings: &Settings) -> Result<()> {
    for r in ranges {
        let day = day_name(r.weekday);
        let span = format!("{} {}–{}", day, fmt_clock(r.from), fmt_clock(r.to));
        check_length(r.length)?;
        if minute_of_day(r.from) % super::slot::GRID_MINUTES != 0 {
            return Err(Error::invalid(format!(
                "{span}: slots start on the {}-minute grid",
                super::slot::GRID_MINUTES
            )));
        }
        if r.from >= r.to {
            return Err(Error::invalid(format!("{span} is empty")));
        }
        if r.from < settings.opens || r.to > settings.closes {
            return Err(Error::invalid(format!(
                "{span} is outside opening hours {}–{}",
                fmt_clock(settings.opens),
                fmt_clock(settings.closes)
            )));
        }
        if minute_of_day(r.to) - minute_of_day(r.from) < r.length {
            return Err(Error::invalid(format!(
                "{span} is shorter than one {}-minute slot",
                r.length
            )));
        }
    }
    let mut sorted = ranges.to_vec();
    sort(&mut sorted);
    if let Some(w) = sorted
        .windows(2)
        .find(|w| w[0].weekday == w[1].weekday && w[1].from < w[0].to)
    {
        return Err(Error::invalid(format!(
            "on {} {}–{} overlaps {}–{}",
            day_name(w[0].weekday),
            fmt_clock(w[1].from),
            fmt_clock(w[1].to),
            fmt_clock(w[0].from),
            fmt_clock(w[0].to)
        )));
    }
    Ok(())
}

/// The slots `ranges` make on `day`, in time order.
pub fn slots_on(ranges: &[PlanRange], day: NaiveDate) -> Vec<SlotPlan> {
    ranges
        .iter()
        .filter(|r| r.weekday == day.weekday())
        .flat_map(|r| {
            let count = (minute_of_day(r.to) - minute_of_day(r.from)) / r.length;
            let first = day.and_time(r.from);
            (0..count).map(move |i| SlotPlan {
                start: first + Duration::minutes(i64::from(i * r.length)),
                minutes: r.length,
            })
        })
        .collect()
}

/// Working minutes a week, for a one-line summary.
pub fn weekly_minutes(ranges: &[PlanRange]) -> u32 {
    ranges
        .iter()
        .map(|r| (minute_of_day(r.to) - minute_of_day(r.from)) / r.length * r.length)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn a_week_reads_days_ranges_breaks_and_lengths() {
        let week = parse_week("mon 09:00-13:00 14:00-18:00; tue-thu 09:00-12:00/15", 30).unwrap();
        assert_eq!(week.len(), 5);
        assert_eq!(
            week[0],
            PlanRange {
                weekday: Weekday::Mon,
                from: t(9, 0),
                to: t(13, 0),
                length: 30
            }
        );
        assert_eq!(week[2].weekday, Weekday::Tue);
        assert_eq!(week[4].weekday, Weekday::Thu);
        assert_eq!(week[4].length, 15);
        assert_eq!(
            week_text(&week, 30),
            "mon 09:00-13:00 14:00-18:00; tue-thu 09:00-12:00/15"
        );
        assert_eq!(parse_week(&week_text(&week, 30), 30).unwrap(), week);
    }

    #[test]
    fn day_names_lists_and_an_empty_week() {
        let week = parse_week("Monday,WED 10:00-11:00", 30).unwrap();
        assert_eq!(
            week.iter().map(|r| r.weekday).collect::<Vec<_>>(),
            [Weekday::Mon, Weekday::Wed]
        );
        assert!(parse_week("", 30).unwrap().is_empty());
        assert!(parse_week(" ; ", 30).unwrap().is_empty());
    }

    #[test]
    fn malformed_weeks_say_what_is_wrong() {
        for (text, says) in [
            (
                "mun 09:00-10:00",
                "'mun' is not a day of the week (mon…sun)",
            ),
            (
                "mon",
                "'mon' names no hours; write e.g. \"mon 09:00-13:00\"",
            ),
            ("mon 9-10", "'9' is not a time (HH:MM)"),
            ("mon 09:00", "'09:00' is not a range"),
            ("fri-mon 09:00-10:00", "'fri-mon' runs backwards"),
            ("mon 09:00-10:00/x", "'x' is not a slot length in minutes"),
        ] {
            let e = parse_week(text, 30).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Invalid);
            assert!(e.message().starts_with(says), "{text}: {}", e.message());
        }
    }

    #[test]
    fn every_range_keeps_r1_and_ranges_of_a_day_never_overlap() {
        let s = Settings::default();
        let check = |text: &str| check_ranges(&parse_week(text, 30).unwrap(), &s);
        assert!(check("mon 09:00-12:00 12:00-13:00; tue 09:00-12:00").is_ok());
        assert_eq!(
            check("mon 09:00-12:00 11:30-13:00").unwrap_err().message(),
            "on mon 11:30–13:00 overlaps 09:00–12:00"
        );
        assert_eq!(
            check("mon 08:00-10:00").unwrap_err().message(),
            "mon 08:00–10:00 is outside opening hours 09:00–21:00"
        );
        assert!(check("mon 09:00-10:00/10").is_err(), "below 15 minutes");
        assert!(check("mon 09:02-10:00").is_err(), "off the grid");
        assert!(check("mon 10:00-09:00").is_err(), "empty");
        assert!(check("mon 09:00-09:20").is_err(), "shorter than a slot");
    }

    #[test]
    fn a_day_gets_the_slots_of_its_ranges() {
        let week = parse_week("mon 09:00-10:00 14:00-14:45/15; tue 09:00-10:00", 30).unwrap();
        let monday = NaiveDate::from_ymd_opt(2030, 1, 7).unwrap();
        let slots = slots_on(&week, monday);
        let starts: Vec<String> = slots.iter().map(|s| fmt_clock(s.start.time())).collect();
        assert_eq!(starts, ["09:00", "09:30", "14:00", "14:15", "14:30"]);
        assert_eq!(slots[4].minutes, 15);
        assert!(slots_on(&week, monday + Duration::days(2)).is_empty());
        assert_eq!(weekly_minutes(&week), 60 + 45 + 60);
    }

    #[test]
    fn changes_read_as_a_sentence() {
        let mut c = PlanChanges {
            created: 12,
            ..Default::default()
        };
        assert_eq!(c.sentence(), "12 slots made.");
        c.add(PlanChanges {
            created: 0,
            removed: 3,
            kept_booked: vec![super::super::ids::AppointmentId(4)],
        });
        assert_eq!(
            c.sentence(),
            "12 slots made, 3 removed; 1 visit outside the plan stays booked."
        );
    }
}
