//! Where key presses come from: the real terminal, or a script in tests.
//!
//! The event loop only sees [`EventSource`], so the whole TUI runs on `TestBackend` with
//! scripted keys exactly as it runs on a terminal.

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyModifiers};
use std::collections::VecDeque;
use std::io;
use std::time::Duration;

/// What waiting for input produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Poll {
    /// A key, a resize, a paste…
    Event(Event),
    /// Nothing happened within the timeout.
    Timeout,
    /// The source has nothing more to give (end of a test script).
    Closed,
}

/// A source of terminal events.
pub trait EventSource {
    /// Waits up to `timeout` for the next event. Must not spin: without input it blocks.
    fn next(&mut self, timeout: Duration) -> io::Result<Poll>;
}

/// The real terminal, through crossterm.
#[derive(Debug, Default)]
pub struct TerminalEvents;

impl EventSource for TerminalEvents {
    fn next(&mut self, timeout: Duration) -> io::Result<Poll> {
        if event::poll(timeout)? {
            Ok(Poll::Event(event::read()?))
        } else {
            Ok(Poll::Timeout)
        }
    }
}

/// A fixed list of events, for tests. Each step may be an event or a timeout.
#[derive(Debug, Default)]
pub struct Script {
    steps: VecDeque<Poll>,
}

impl Script {
    pub fn new() -> Script {
        Script::default()
    }
    /// Typed text, one key per character.
    pub fn text(mut self, text: &str) -> Script {
        for c in text.chars() {
            self = self.key(KeyCode::Char(c));
        }
        self
    }
    pub fn key(mut self, code: KeyCode) -> Script {
        self.steps.push_back(Poll::Event(Event::Key(KeyEvent::new(
            code,
            KeyModifiers::NONE,
        ))));
        self
    }
    pub fn ctrl(mut self, c: char) -> Script {
        self.steps.push_back(Poll::Event(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        ))));
        self
    }
    pub fn event(mut self, e: Event) -> Script {
        self.steps.push_back(Poll::Event(e));
        self
    }
    /// A quiet moment: the loop sees a timeout.
    pub fn pause(mut self) -> Script {
        self.steps.push_back(Poll::Timeout);
        self
    }
}

impl EventSource for Script {
    fn next(&mut self, _timeout: Duration) -> io::Result<Poll> {
        Ok(self.steps.pop_front().unwrap_or(Poll::Closed))
    }
}
