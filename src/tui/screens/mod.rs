//! One file per screen. Each implements [`super::screen::Screen`].
//!
//! Before sign-in: [`setup`] (first run), [`login`], [`register`]; [`lock`] after idle time.
//! Patient: [`find_slots`] → [`book`], [`appointments`], [`waitlist`] → [`waitlist_join`].
//! Doctor: [`schedule`] (day and week grid; [`affected`] lists the patients of booked slots
//! being removed, R10) and [`today`]. Front desk: [`today`] as the board, [`patients`] (also
//! to book for a patient, through [`find_slots`] and [`book`]), [`history`], [`care_team`],
//! [`doctors`], [`waitlist`] (every patient's), [`reports`], [`search`], [`audit`]. What every list of
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
pub mod lock;
pub mod login;
pub mod patients;
pub mod register;
pub mod reports;
pub mod schedule;
pub mod search;
pub mod setup;
pub mod today;
pub mod visit;
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

#[cfg(test)]
pub(crate) mod fixture {
    //! A fixed demo clinic for screen tests: 2030-01-07 08:00, seed 1.
    use crate::clock::FixedClock;
    use crate::demo::{self, DemoSpec};
    use crate::service::{Clinic, Session};
    use std::sync::Arc;

    pub fn now() -> chrono::NaiveDateTime {
        crate::domain::time::parse_minute("2030-01-07T08:00").expect("valid time")
    }

    pub fn demo_clinic() -> Clinic {
        demo_clinic_at(now())
    }

    /// The demo clinic (made as of [`now`]) seen at another moment.
    pub fn demo_clinic_at(at: chrono::NaiveDateTime) -> Clinic {
        let clock = Arc::new(FixedClock::new(now()));
        let clinic = Clinic::in_memory(clock.clone()).expect("in-memory clinic");
        demo::generate(&clinic, DemoSpec::default()).expect("demo data");
        clock.set(at);
        clinic
    }

    pub fn patient(clinic: &Clinic) -> Session {
        clinic
            .login("patient1", demo::DEMO_PASSWORD)
            .expect("patient1 signs in")
    }

    pub fn doctor(clinic: &Clinic) -> Session {
        clinic
            .login("doctor1", demo::DEMO_PASSWORD)
            .expect("doctor1 signs in")
    }

    pub fn admin(clinic: &Clinic) -> Session {
        clinic
            .login("admin", demo::DEMO_PASSWORD)
            .expect("admin signs in")
    }

    /// The context a screen sees when `session` is signed in to the demo clinic.
    pub fn ctx<'a>(clinic: &'a Clinic, session: &'a Session) -> crate::tui::screen::Ctx<'a> {
        crate::tui::screen::Ctx {
            clinic,
            session: Some(session),
            demo: true,
        }
    }

    /// A day after the demo's slots end: nothing is declared on it.
    pub fn empty_day() -> chrono::NaiveDate {
        crate::domain::time::parse_date("2030-01-21").expect("valid date")
    }
}
