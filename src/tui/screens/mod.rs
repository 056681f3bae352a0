//! One file per screen. Each implements [`super::screen::Screen`].
//!
//! Before sign-in: [`setup`] (first run), [`login`], [`register`]; [`lock`] after idle time.
//! Patient: [`find_slots`] → [`book`], [`appointments`], [`waitlist`] → [`waitlist_join`],
//! [`my_details`].
//! Doctor: [`schedule`] (day and week grid; [`affected`] lists the patients of booked slots
//! being removed, R10) and [`today`]. Front desk: [`today`] as the board, [`patients`] (also
//! to book for a patient, through [`find_slots`] and [`book`]), [`history`], [`care_team`],
//! [`doctors`], [`waitlist`] (every patient's), [`reports`], [`search`], [`audit`], [`outbox`]; [`import`] reads patients or doctors from a CSV file. What every list of
//! visits offers alike (cancel, check in, reschedule) is in [`visit`].
//!
//! A screen is built from the shared widgets: a [`List`](crate::tui::widgets::list::List)
//! for its rows, a [`Dialog`](crate::tui::widgets::dialog::Dialog) for anything it asks, and
//! a list of [`Command`](crate::tui::command::Command)s for its keys.

pub mod affected;
pub mod appointments;
pub mod audit;
pub mod book;
pub mod care_team;
pub mod doctors;
pub mod find_slots;
pub mod history;
pub mod import;
pub mod lock;
pub mod login;
pub mod my_details;
pub mod outbox;
pub mod patients;
pub mod plan;
pub mod register;
pub mod reports;
pub mod schedule;
pub mod search;
pub mod setup;
pub mod time_off;
pub mod today;
pub mod visit;
pub mod visit_types;
pub mod waitlist;
pub mod waitlist_join;

pub use crate::domain::time::human_when;
use chrono::{NaiveDate, NaiveDateTime};

/// "Tue 8 Jan 2030": a day as people read it.
pub fn fmt_day(d: NaiveDate) -> String {
    crate::domain::time::human_day(d)
}

/// "Tue 8 Jan 09:30": a moment this week or so, as people read it.
pub fn fmt_when(t: NaiveDateTime) -> String {
    t.format("%a %-d %b %H:%M").to_string()
}

/// "8 Jan 2030 09:30": a moment in a list that spans months or years.
pub fn fmt_dated(t: NaiveDateTime) -> String {
    t.format("%-d %b %Y %H:%M").to_string()
}
