//! The event loop, generic over the backend and the event source: the same loop drives a
//! real terminal and a `TestBackend` with scripted keys.
//!
//! It waits for input with a timeout of [`REFRESH`], so when nothing happens it wakes a few
//! times a second to check `data_version` (live refresh) and the idle lock, and draws only
//! when something changed. No busy loop, no transaction held while waiting.

use super::app::App;
use super::event::{EventSource, Poll};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::io;
use std::time::{Duration, Instant};

/// How often the loop looks for other processes' commits when idle.
pub const REFRESH: Duration = Duration::from_millis(300);

/// Runs until the app quits or the event source closes.
pub fn run<B: Backend, E: EventSource>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut E,
) -> io::Result<()> {
    let mut dirty = true;
    let mut last_tick = Instant::now();
    loop {
        if dirty {
            terminal
                .draw(|frame| frame.render_widget(&*app, frame.area()))
                .map_err(|e| io::Error::other(e.to_string()))?;
            dirty = false;
        }
        if app.should_quit() {
            return Ok(());
        }
        let wait = REFRESH.saturating_sub(last_tick.elapsed());
        let timed_out = match events.next(wait)? {
            Poll::Event(event) => {
                app.handle_event(&event, Instant::now());
                dirty = true;
                false
            }
            Poll::Timeout => true,
            Poll::Closed => return Ok(()),
            Poll::Terminate => {
                app.terminate();
                return Ok(());
            }
        };
        if timed_out || last_tick.elapsed() >= REFRESH {
            last_tick = Instant::now();
            dirty |= app.tick(last_tick);
        }
    }
}
