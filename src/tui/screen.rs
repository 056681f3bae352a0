//! What every screen is: a piece of state that turns actions into changes (`update`), reloads
//! its data from the library (`reload`), and draws itself as a pure function of that state
//! (`render`).
//!
//! Screens call [`Clinic`] methods only, through [`Ctx`]; they never run SQL and never check a
//! rule themselves: the library refuses, the screen shows its sentence. To add a screen, write
//! one file in `screens/` implementing [`Screen`], and push it from another screen or list it
//! as a section in [`super::sections`].

use super::action::Action;
use super::command::Command;
use super::keymap::Mode;
use super::message::Message;
use super::theme::Theme;
use super::widgets::dialog::Overlay;
use crate::domain::Actor;
use crate::service::{Clinic, Session};
use crate::{Error, Result};
use chrono::NaiveDateTime;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// What a screen may use while handling an action or loading data.
pub struct Ctx<'a> {
    pub clinic: &'a Clinic,
    /// The signed-in account, if any.
    pub session: Option<&'a Session>,
    /// Whether this is the demo clinic (`--demo`).
    pub demo: bool,
}

impl Ctx<'_> {
    /// Who is acting: the signed-in account, else a guest.
    pub fn actor(&self) -> Actor {
        self.session
            .map(|s| s.actor.clone())
            .unwrap_or(Actor::Guest)
    }

    /// The clinic's "now", to the minute.
    pub fn now(&self) -> NaiveDateTime {
        self.clinic.now_minute()
    }
}

/// What should happen after a screen handled an action.
pub enum Outcome {
    /// Nothing beyond the screen's own state change.
    None,
    /// Show a message and stay.
    Message(Message),
    /// A change was saved: reload this screen, then show the message (or, if reloading
    /// failed, why; a failure after a successful write is never swallowed).
    Saved(Message),
    /// Open another screen on top of this one.
    Push(Box<dyn Screen>),
    /// Close this many screens (1 = this one) and show a message on the one below, which is
    /// reloaded.
    Pop(usize, Option<Message>),
    /// Someone signed in: show their role's first section.
    SignedIn(Session, Option<Message>),
    /// The idle lock was lifted by the right password.
    Unlocked,
    /// Back to the login screen.
    SignOut,
    /// Leave the program.
    Quit,
}

impl Outcome {
    /// An error from the library, shown on the message line.
    pub fn error(e: &Error) -> Outcome {
        Outcome::Message(Message::from(e))
    }

    pub fn info(text: impl Into<String>) -> Outcome {
        Outcome::Message(Message::info(text))
    }

    /// A saved change: reload, then say `text`.
    pub fn saved(text: impl Into<String>) -> Outcome {
        Outcome::Saved(Message::info(text))
    }
}

impl From<Result<Outcome>> for Outcome {
    fn from(r: Result<Outcome>) -> Outcome {
        r.unwrap_or_else(|e| Outcome::error(&e))
    }
}

pub trait Screen {
    /// The name shown in the title bar and the help overlay.
    fn title(&self) -> String;

    /// Whether letters type (a form) or are commands (a list).
    fn mode(&self) -> Mode {
        Mode::Navigate
    }

    /// What the keys do right now, most useful first: the footer shows those marked for it
    /// that fit, the help all of them.
    fn commands(&self) -> Vec<Command>;

    /// The screen's open dialog, if any: it is drawn on top, its keys replace the screen's,
    /// and the keys that work everywhere else (sign out, sections, quit) wait until it closes.
    fn dialog(&self) -> Option<&dyn Overlay> {
        None
    }

    /// Whether the screen itself holds every key the way a dialog does (a confirmation
    /// screen, a search box being typed in).
    fn modal(&self) -> bool {
        false
    }

    /// Handles one action. Errors from the library become a message, never a crash.
    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome;

    /// Loads (or reloads) the screen's data: on opening, after a change, and when another
    /// process has committed.
    fn reload(&mut self, _ctx: &Ctx) -> Result<()> {
        Ok(())
    }

    /// Called once when the screen is closed for good (back, section switch, sign-out, quit),
    /// to give back what it holds, e.g. a slot hold.
    fn leave(&mut self, _ctx: &Ctx) {}

    /// Draws the screen's body. No I/O here.
    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme);
}

/// A screen as the app drives it: its open dialog, if any, comes first.
pub trait Shown {
    /// How keys are read now.
    fn key_mode(&self) -> Mode;
    /// Whether the keys that work everywhere wait (a dialog is open).
    fn is_modal(&self) -> bool;
    /// What the keys do now.
    fn commands_now(&self) -> Vec<Command>;
    /// The screen, with its dialog over it.
    fn draw(&self, area: Rect, buf: &mut Buffer, theme: &Theme);
}

impl<S: Screen + ?Sized> Shown for S {
    fn key_mode(&self) -> Mode {
        self.dialog().map_or_else(|| self.mode(), Overlay::mode)
    }

    fn is_modal(&self) -> bool {
        self.dialog().is_some() || self.modal()
    }

    fn commands_now(&self) -> Vec<Command> {
        self.dialog()
            .map_or_else(|| self.commands(), Overlay::commands)
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        self.render(area, buf, theme);
        if let Some(d) = self.dialog() {
            d.render(area, buf, theme);
        }
    }
}
