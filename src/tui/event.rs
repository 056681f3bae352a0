//! Where key presses come from: the real terminal, or a script in tests.
//!
//! The event loop only sees [`EventSource`], so the whole TUI runs on `TestBackend` with
//! scripted keys exactly as it runs on a terminal.

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyModifiers};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
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
    /// The process was asked to stop (SIGTERM, SIGHUP, SIGINT): leave as Ctrl-C does.
    Terminate,
}

/// A source of terminal events.
pub trait EventSource {
    /// Waits up to `timeout` for the next event. Must not spin: without input it blocks.
    fn next(&mut self, timeout: Duration) -> io::Result<Poll>;
}

/// The real terminal, through crossterm, and the signals that end a session.
///
/// Keys are read on a thread of their own and handed over a channel: a terminal that hung up
/// (a dropped SSH connection) can leave crossterm's read spinning, and the loop must still
/// see the signal and leave.
#[derive(Debug)]
pub struct TerminalEvents {
    stop: Arc<AtomicBool>,
    keys: mpsc::Receiver<io::Result<Event>>,
}

impl TerminalEvents {
    /// Listens for SIGTERM, SIGHUP (the SSH connection dropped) and SIGINT: each sets a
    /// flag the loop sees within a tenth of a second, then the TUI ends as on Ctrl-C.
    pub fn new() -> io::Result<TerminalEvents> {
        let stop = Arc::new(AtomicBool::new(false));
        for signal in [SIGTERM, SIGHUP, SIGINT] {
            signal_hook::flag::register(signal, Arc::clone(&stop))?;
        }
        let (tx, keys) = mpsc::channel();
        std::thread::Builder::new()
            .name("keys".into())
            .spawn(move || {
                loop {
                    let event = event::read();
                    let failed = event.is_err();
                    if tx.send(event).is_err() || failed {
                        return;
                    }
                }
            })?;
        Ok(TerminalEvents { stop, keys })
    }
}

impl EventSource for TerminalEvents {
    fn next(&mut self, timeout: Duration) -> io::Result<Poll> {
        if self.stop.load(Ordering::Relaxed) {
            return Ok(Poll::Terminate);
        }
        // A short wait, so a signal is seen promptly even without input.
        match self
            .keys
            .recv_timeout(timeout.min(Duration::from_millis(100)))
        {
            Ok(Ok(event)) => Ok(Poll::Event(event)),
            Ok(Err(e)) => Err(e),
            Err(mpsc::RecvTimeoutError::Timeout) => Ok(Poll::Timeout),
            // The reader stopped: the terminal is gone.
            Err(mpsc::RecvTimeoutError::Disconnected) => Ok(Poll::Terminate),
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
    /// A signal asking the process to stop.
    pub fn terminate(mut self) -> Script {
        self.steps.push_back(Poll::Terminate);
        self
    }
}

impl EventSource for Script {
    fn next(&mut self, _timeout: Duration) -> io::Result<Poll> {
        Ok(self.steps.pop_front().unwrap_or(Poll::Closed))
    }
}
