//! One file per screen. Each implements [`super::screen::Screen`].
//!
//! Before sign-in: [`setup`] (first run), [`login`], [`register`]; [`lock`] after idle time.
//! Patient: [`find_slots`] → [`book`] or [`reschedule`], [`appointments`] → [`cancel`],
//! [`waitlist`] → [`waitlist_join`].
//! Doctor: [`schedule`] (day and week grid; [`affected`] lists the patients of booked slots
//! being removed, R10) and [`today`]. Front desk: [`today`] as the board, [`patients`],
//! [`patients`] again to book for a patient (through [`find_slots`] and [`book`]), [`history`], [`care_team`], [`doctors`],
//! [`desk_waitlist`], [`reports`], [`search`], [`audit`].

pub mod affected;
pub mod appointments;
pub mod audit;
pub mod book;
pub mod cancel;
pub mod care_team;
pub mod desk_waitlist;
pub mod doctors;
pub mod find_slots;
pub mod history;
pub mod lock;
pub mod login;
pub mod patients;
pub mod register;
pub mod reports;
pub mod reschedule;
pub mod schedule;
pub mod search;
pub mod setup;
pub mod today;
pub mod waitlist;
pub mod waitlist_join;

use chrono::{NaiveDate, NaiveDateTime};

/// "Tue 8 Jan 2030": a day as people read it.
pub fn fmt_day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// "Tue 8 Jan 09:30": a moment as people read it.
pub fn fmt_when(t: NaiveDateTime) -> String {
    t.format("%a %-d %b %H:%M").to_string()
}

/// The slot finder for moving `a` to another time, or why it cannot move. Used by every list
/// that offers `r`; the library decides again when the new slot is confirmed (R8).
pub fn reschedule_from_list(
    a: Option<&crate::domain::Appointment>,
    ctx: &crate::tui::screen::Ctx,
) -> crate::tui::screen::Outcome {
    use crate::tui::message::Message;
    use crate::tui::screen::Outcome;
    match a {
        Some(a) if a.status == crate::domain::Status::Booked && a.start > ctx.now() => {
            let date = a.start.date().max(ctx.now().date());
            Outcome::Push(Box::new(find_slots::FindSlots::new(
                date,
                find_slots::Purpose::Reschedule(Box::new(a.clone())),
            )))
        }
        Some(_) => Outcome::Message(Message::error(
            "Only a booked appointment that has not started can be moved.",
        )),
        None => Outcome::info("Nothing selected."),
    }
}

/// Status words as people say them.
pub fn status_text(s: crate::domain::Status) -> &'static str {
    use crate::domain::Status::*;
    match s {
        Booked => "booked",
        CheckedIn => "checked in",
        Completed => "completed",
        Cancelled => "cancelled",
        NoShow => "no-show",
    }
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
        let clinic = Clinic::in_memory(Arc::new(FixedClock::new(now()))).expect("in-memory clinic");
        demo::generate(&clinic, DemoSpec::default()).expect("demo data");
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
