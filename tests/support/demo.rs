//! The demo clinic at [`super::NOW`] (seed 1), for the TUI tests: screens driven key by key,
//! and the whole app run on a test terminal with scripted keys.

use clinic::demo::{self, DemoSpec};
use clinic::service::{Clinic, Session};
use clinic::tui::app::App;
use clinic::tui::event::Script;
use clinic::tui::run::run;
use clinic::tui::screen::{Ctx, Outcome};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub use super::{clock, now};

pub fn demo_clinic() -> Clinic {
    demo_clinic_at(now())
}

/// The demo clinic (made as of [`now`]) seen at another moment.
pub fn demo_clinic_at(at: chrono::NaiveDateTime) -> Clinic {
    let (clinic, clock) = demo_clinic_and_clock();
    clock.set(at);
    clinic
}

/// The demo clinic made at `at` (its visits of the day as they stand then: done, waiting,
/// late), and seen then.
pub fn demo_clinic_made_at(at: chrono::NaiveDateTime) -> Clinic {
    let clock = clock();
    clock.set(at);
    let clinic = Clinic::in_memory(clock).expect("in-memory clinic");
    demo::generate(&clinic, DemoSpec::default()).expect("demo data");
    clinic
}

/// A screen with its colours: the text, then each run of words that is not the terminal's
/// plain default (a foreground colour or an emphasis), row by row, between the title bar and
/// the footer, so a snapshot shows what stands out and how.
pub fn with_styles(backend: &TestBackend) -> String {
    use ratatui::style::{Color, Modifier};
    let buf = backend.buffer();
    let mut out = backend.to_string();
    out.push_str("\nstyled runs (row: cells fg/modifiers):\n");
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let cell = &buf[(x, y)];
            let key = (cell.fg, cell.modifier);
            if key == (Color::Reset, Modifier::empty()) {
                x += 1;
                continue;
            }
            let start = x;
            let mut text = String::new();
            while x < buf.area.width && (buf[(x, y)].fg, buf[(x, y)].modifier) == key {
                text.push_str(buf[(x, y)].symbol());
                x += 1;
            }
            // Words only (not frames), and not the title bar or the footer.
            let words = text.chars().any(char::is_alphanumeric);
            if words && y > 0 && y + 1 < buf.area.height {
                out.push_str(&format!(
                    "{y:>2}: {start:>2}–{:<2} {:?}{} {:?}\n",
                    x - 1,
                    key.0,
                    if key.1.is_empty() {
                        String::new()
                    } else {
                        format!(" {:?}", key.1)
                    },
                    text.trim()
                ));
            }
        }
    }
    out
}

/// The demo clinic and its clock, for a test that lets time pass.
pub fn demo_clinic_and_clock() -> (Clinic, std::sync::Arc<clinic::clock::FixedClock>) {
    let clock = clock();
    let clinic = Clinic::in_memory(clock.clone()).expect("in-memory clinic");
    demo::generate(&clinic, DemoSpec::default()).expect("demo data");
    (clinic, clock)
}

fn sign_in(clinic: &Clinic, username: &str) -> Session {
    clinic
        .login(username, demo::DEMO_PASSWORD)
        .unwrap_or_else(|e| panic!("{username} signs in: {e}"))
}

pub fn patient(clinic: &Clinic) -> Session {
    sign_in(clinic, "patient1")
}

pub fn doctor(clinic: &Clinic) -> Session {
    sign_in(clinic, "doctor1")
}

pub fn admin(clinic: &Clinic) -> Session {
    sign_in(clinic, "admin")
}

/// The context a screen sees when `session` is signed in to the demo clinic.
pub fn ctx<'a>(clinic: &'a Clinic, session: &'a Session) -> Ctx<'a> {
    Ctx {
        clinic,
        session: Some(session),
        demo: true,
    }
}

/// A day after the demo's slots end: nothing is declared on it.
pub fn empty_day() -> chrono::NaiveDate {
    super::day("2030-01-21")
}

/// The sentence an outcome shows on the message line, if any.
pub fn said(outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Message(m) | Outcome::Saved(m) | Outcome::Pop(_, Some(m)) => Some(m.text.clone()),
        Outcome::SignedIn(_, Some(m)) => Some(m.text.clone()),
        _ => None,
    }
}

/// Runs `script` through the app on a `w`×`h` test terminal and returns the terminal.
pub fn terminal_after(app: &mut App, script: Script, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    let mut script = script;
    run(&mut terminal, app, &mut script).expect("the app runs");
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

/// Asserts the outcome shows exactly `sentence`.
#[track_caller]
pub fn assert_says(outcome: &Outcome, sentence: &str) {
    assert_eq!(said(outcome).as_deref(), Some(sentence));
}

/// `screen` (with its dialog) drawn on a `w`×`h` buffer, as text, one line per row.
pub fn rendered(screen: &dyn clinic::tui::screen::Screen, w: u16, h: u16) -> String {
    use clinic::tui::screen::Shown;
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    screen.draw(area, &mut buf, &clinic::tui::theme::Theme::plain());
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
