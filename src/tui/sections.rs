//! The top screens of each role, switched with the number keys and shown as tabs in the
//! title bar. Adding a role's screen = one entry here plus its file in `screens/`.

use super::screen::{Ctx, Screen};
use super::screens::appointments::AppointmentsScreen;
use super::screens::audit::AuditScreen;
use super::screens::doctors::DoctorsScreen;
use super::screens::find_slots::FindSlots;
use super::screens::my_details::MyDetailsScreen;
use super::screens::outbox::OutboxScreen;
use super::screens::patients::{PatientsPurpose, PatientsScreen};
use super::screens::plan::PlanScreen;
use super::screens::reports::ReportsScreen;
use super::screens::schedule::ScheduleScreen;
use super::screens::search::SearchScreen;
use super::screens::time_off::TimeOffScreen;
use super::screens::today::TodayScreen;
use super::screens::waitlist::WaitlistScreen;
use crate::domain::Role;

/// A top screen of a role.
pub struct Section {
    pub title: &'static str,
    /// Builds the screen; the app loads its data right after.
    pub open: fn(&Ctx) -> Box<dyn Screen>,
}

const PATIENT: &[Section] = &[
    Section {
        title: "Find a slot",
        open: |ctx| Box::new(FindSlots::booking(ctx)),
    },
    Section {
        title: "My appointments",
        open: |_| Box::new(AppointmentsScreen::new()),
    },
    Section {
        title: "Waitlist",
        open: |_| Box::new(WaitlistScreen::new()),
    },
    Section {
        title: "My details",
        open: |_| Box::new(MyDetailsScreen::new()),
    },
];

const DOCTOR: &[Section] = &[
    Section {
        title: "Schedule",
        open: |ctx| Box::new(ScheduleScreen::for_doctor(ctx)),
    },
    Section {
        title: "Today",
        open: |ctx| Box::new(TodayScreen::doctor(ctx)),
    },
    Section {
        title: "Plan",
        open: |ctx| Box::new(PlanScreen::for_doctor(ctx)),
    },
    Section {
        title: "Time off",
        open: |ctx| Box::new(TimeOffScreen::for_doctor(ctx)),
    },
];

const ADMIN: &[Section] = &[
    Section {
        title: "Today",
        open: |ctx| Box::new(TodayScreen::board(ctx)),
    },
    Section {
        title: "Book",
        open: |_| Box::new(PatientsScreen::new(PatientsPurpose::Book)),
    },
    Section {
        title: "Patients",
        open: |_| Box::new(PatientsScreen::new(PatientsPurpose::Manage)),
    },
    Section {
        title: "Doctors",
        open: |_| Box::new(DoctorsScreen::new()),
    },
    Section {
        title: "Waitlist",
        open: |_| Box::new(WaitlistScreen::desk()),
    },
    Section {
        title: "Reports",
        open: |ctx| Box::new(ReportsScreen::new(ctx)),
    },
    Section {
        title: "Search",
        open: |_| Box::new(SearchScreen::new()),
    },
    Section {
        title: "Audit",
        open: |_| Box::new(AuditScreen::new()),
    },
    Section {
        title: "Time off",
        open: |_| Box::new(TimeOffScreen::desk()),
    },
    Section {
        title: "Outbox",
        open: |_| Box::new(OutboxScreen::new()),
    },
];

/// The key that opens section `i` (from 0): `1`–`9`, then `0` for the tenth.
pub fn number(i: usize) -> usize {
    (i + 1) % 10
}

/// The sections of `role`, in key order (`1` is the first).
pub fn for_role(role: Role) -> &'static [Section] {
    match role {
        Role::Patient => PATIENT,
        Role::Doctor => DOCTOR,
        Role::Admin => ADMIN,
    }
}
