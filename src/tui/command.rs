//! A screen's commands: what each action does on it right now, in plain words.
//!
//! One list per screen (and per open dialog) is the single source of the footer (commands
//! marked for it, as many as fit), the `?` help (all of them) and `assets/tui-keys.md`. Key
//! names are never written here: they come from the [keymap](super::keymap).

use super::action::Action;
use super::keymap::{self, Mode};

/// One thing a key does on the current screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub action: Action,
    /// What it does, in a word or two for the footer ("cancel").
    pub what: &'static str,
    /// What it does, in full for the help ("cancel with a reason; the patient is told").
    pub detail: Option<&'static str>,
    /// Whether the footer shows it (the help always does).
    pub footer: bool,
    /// Whether it applies right now: the footer and the help show only those; the keys
    /// document shows every command, with `when` it applies.
    pub now: bool,
    pub when: Option<&'static str>,
}

impl Command {
    /// A longer description for the help overlay.
    pub fn detail(mut self, detail: &'static str) -> Command {
        self.detail = Some(detail);
        self
    }

    /// What the help says it does.
    pub fn described(&self) -> &'static str {
        self.detail.unwrap_or(self.what)
    }

    /// A command that applies only `when` (e.g. "on a booked visit"), which is `now` or not.
    pub fn only_if(mut self, now: bool, when: &'static str) -> Command {
        self.now = now;
        self.when = Some(when);
        self
    }

    /// Keeps the command out of the footer: the help still lists it.
    pub fn help_only(mut self) -> Command {
        self.footer = false;
        self
    }

    /// The key names for this command in `mode`, from the keymap.
    pub fn keys(&self, mode: Mode) -> String {
        keymap::keys_for(&self.action, mode)
    }
}

/// A command shown in the footer and the help.
pub fn cmd(action: Action, what: &'static str) -> Command {
    Command {
        action,
        what,
        detail: None,
        footer: true,
        now: true,
        when: None,
    }
}

/// The moves every list understands, for the help.
pub fn list_moves() -> Vec<Command> {
    vec![
        cmd(Action::Down, "move down").help_only(),
        cmd(Action::Up, "move up").help_only(),
        cmd(Action::PageDown, "a page down (the next page is fetched)").help_only(),
        cmd(Action::PageUp, "a page up").help_only(),
        cmd(Action::First, "to the first row").help_only(),
        cmd(Action::Last, "to the last row").help_only(),
    ]
}
