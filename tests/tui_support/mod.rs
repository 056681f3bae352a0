//! What the TUI tests share: the demo clinic at a fixed time (Monday 2030-01-07 08:00, seed
//! 1) and the real event loop driven on `TestBackend` with scripted keys.

#![allow(dead_code)] // each test file uses part of this module

use clinic::Clinic;
use clinic::clock::FixedClock;
use clinic::demo::{self, DemoSpec};
use clinic::domain::time::parse_minute;
use clinic::tui::app::App;
use clinic::tui::event::Script;
use clinic::tui::run::run;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(parse_minute("2030-01-07T08:00").unwrap()))
}

pub fn demo_clinic() -> Clinic {
    let clinic = Clinic::in_memory(clock()).unwrap();
    demo::generate(&clinic, DemoSpec::default()).unwrap();
    clinic
}

/// Runs `script` through the app on a `w`×`h` test terminal and returns the terminal.
pub fn terminal_after(app: &mut App, script: Script, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut script = script;
    run(&mut terminal, app, &mut script).unwrap();
    terminal
}

/// Runs `script` at 80×24 and returns the terminal.
pub fn terminal_80x24(app: &mut App, script: Script) -> Terminal<TestBackend> {
    terminal_after(app, script, 80, 24)
}

/// Runs `script` at 80×24 and returns the screen as text.
pub fn screen_after(app: &mut App, script: Script) -> String {
    terminal_80x24(app, script).backend().to_string()
}

/// Types a demo login: username, Enter, the demo password, Enter.
pub fn login(user: &str) -> Script {
    Script::new()
        .text(user)
        .key(KeyCode::Enter)
        .text(demo::DEMO_PASSWORD)
        .key(KeyCode::Enter)
}
