//! Screen by screen, keys → state on the demo clinic: one module per screen in
//! `src/tui/screens`. What a whole session looks like is in `tui_flow` and the snapshots.

#[path = "../support/mod.rs"]
mod support;

/// What every screen test names.
mod prelude {
    pub use crate::support::demo::{self, said};
    pub use clinic::domain::*;
    pub use clinic::service::*;
    pub use clinic::tui::action::Action;
    pub use clinic::tui::asking::Dialogs;
    pub use clinic::tui::screen::{Ctx, Outcome, Screen};
}

mod affected;
mod appointments;
mod audit;
mod book;
mod care_team;
mod doctors;
mod find_slots;
mod history;
mod import;
mod lock;
mod login;
mod my_details;
mod outbox;
mod patients;
mod plan;
mod register;
mod reports;
mod schedule;
mod search;
mod setup;
mod time_off;
mod today;
mod visit_types;
mod waitlist;
mod waitlist_join;
