//! The application state: which screens are open, who is signed in, the message line, the
//! help overlay, the idle lock and the live refresh. It routes actions to the focused screen
//! and draws the frame around it (title bar, message line, footer).
//!
//! It owns the [`Clinic`] but never queries it for a screen's data: screens do that in
//! `reload`. It only reads `data_version` (live refresh) and the settings (idle lock).

use super::action::Action;
use super::command::{Command, cmd};
use super::keymap::{self, Mode};
use super::message::{Message, MessageKind};
use super::screen::{Ctx, Outcome, Screen, Shown};
use super::screens::{lock::LockScreen, login::LoginScreen, setup::SetupScreen};
use super::sections;
use super::theme::Theme;
use super::widgets::{footer, help, layout, text};
use crate::service::{Clinic, Session};
use chrono::NaiveDateTime;
use crossterm::event::Event;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use std::time::{Duration, Instant};

/// Everything the TUI knows between two key presses.
pub struct App {
    clinic: Clinic,
    demo: bool,
    theme: Theme,
    session: Option<Session>,
    /// Open screens; the last one has the focus. Never empty.
    stack: Vec<Box<dyn Screen>>,
    /// The top screens of the other sections, kept as they were left (the day shown, the
    /// selection) for when their number is pressed again.
    parked: Vec<Option<Box<dyn Screen>>>,
    /// The idle lock, shown over everything while set.
    lock: Option<Box<dyn Screen>>,
    section: usize,
    message: Option<Message>,
    help: bool,
    quit: bool,
    idle_lock: Option<Duration>,
    last_input: Instant,
    data_version: Option<i64>,
    minute: NaiveDateTime,
}

impl App {
    /// Opens on the first-run screen when the clinic has no admin yet, else on the login.
    pub fn new(clinic: Clinic, demo: bool, theme: Theme) -> App {
        let first: Box<dyn Screen> = match clinic.needs_first_admin() {
            Ok(true) => Box::new(SetupScreen::new()),
            _ => Box::new(LoginScreen::new(demo)),
        };
        let minute = clinic.now_minute();
        let data_version = clinic.data_version().ok();
        let mut app = App {
            clinic,
            demo,
            theme,
            session: None,
            stack: vec![first],
            parked: Vec::new(),
            lock: None,
            section: 0,
            message: None,
            help: false,
            quit: false,
            idle_lock: None,
            last_input: Instant::now(),
            data_version,
            minute,
        };
        app.reload_focused();
        app
    }

    pub fn clinic(&self) -> &Clinic {
        &self.clinic
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    pub fn is_locked(&self) -> bool {
        self.lock.is_some()
    }

    pub fn help_shown(&self) -> bool {
        self.help
    }

    /// The title of the focused screen.
    pub fn screen_title(&self) -> String {
        self.focused().title()
    }

    /// How many screens are open (1 = a top screen).
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    fn focused(&self) -> &dyn Screen {
        match &self.lock {
            Some(l) => l.as_ref(),
            None => self
                .stack
                .last()
                .expect("the stack is never empty")
                .as_ref(),
        }
    }

    fn mode(&self) -> Mode {
        if self.help {
            Mode::Navigate
        } else {
            self.focused().key_mode()
        }
    }

    /// One terminal event, received at `at`.
    pub fn handle_event(&mut self, event: &Event, at: Instant) {
        if let Event::Key(key) = event {
            self.last_input = at;
            if let Some(action) = keymap::action_for(*key, self.mode()) {
                self.handle_action(action);
            }
        } else if let Event::Paste(text) = event {
            self.last_input = at;
            if self.mode() == Mode::TextEntry {
                for c in text.chars().filter(|c| !c.is_control()) {
                    let key = crossterm::event::KeyEvent::new(
                        crossterm::event::KeyCode::Char(c),
                        crossterm::event::KeyModifiers::NONE,
                    );
                    self.handle_action(Action::Input(key));
                }
            }
        }
    }

    /// One action: global ones here, the rest to the focused screen.
    pub fn handle_action(&mut self, action: Action) {
        if !matches!(action, Action::Input(_)) {
            self.message = None;
        }
        if self.help {
            if matches!(action, Action::Help | Action::Back | Action::Submit) {
                self.help = false;
            } else if action == Action::Quit {
                self.quit();
            }
            return;
        }
        let top = self.lock.is_none() && self.stack.len() == 1;
        // An open dialog takes every key; the global ones wait until it is closed.
        let modal = self.focused().is_modal();
        match action {
            Action::Quit => {
                self.quit();
                return;
            }
            Action::Help => {
                self.help = true;
                return;
            }
            Action::QuitFromTop if !modal => {
                if top {
                    self.quit();
                } else {
                    self.message = Some(Message::info("Esc goes back; q quits from a top screen"));
                }
                return;
            }
            Action::SignOut if self.session.is_some() && self.lock.is_none() && !modal => {
                self.sign_out();
                return;
            }
            Action::Section(n) if self.session.is_some() && self.lock.is_none() && !modal => {
                self.open_section(n);
                return;
            }
            _ => {}
        }
        let ctx = Ctx {
            clinic: &self.clinic,
            session: self.session.as_ref(),
            demo: self.demo,
        };
        let screen = match &mut self.lock {
            Some(l) => l,
            None => self.stack.last_mut().expect("the stack is never empty"),
        };
        let outcome = screen.update(&action, &ctx);
        self.apply(outcome);
    }

    fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::None => {}
            Outcome::Message(m) => self.message = Some(m),
            Outcome::Saved(m) => {
                self.message = Some(m);
                self.reload_focused();
            }
            Outcome::Push(screen) => {
                self.stack.push(screen);
                self.reload_focused();
            }
            Outcome::Pop(n, message) => {
                let keep = self.stack.len().saturating_sub(n).max(1);
                let closed = self.stack.split_off(keep);
                self.leave(closed);
                self.reload_focused();
                if message.is_some() {
                    self.message = message;
                }
            }
            Outcome::SignedIn(session, message) => self.sign_in(session, message),
            Outcome::Unlocked => {
                self.lock = None;
                self.reload_focused();
            }
            Outcome::SignOut => self.sign_out(),
            Outcome::Quit => self.quit(),
        }
    }

    /// Lets closed screens give back what they hold (e.g. a slot hold).
    fn leave(&mut self, screens: Vec<Box<dyn Screen>>) {
        let ctx = Ctx {
            clinic: &self.clinic,
            session: self.session.as_ref(),
            demo: self.demo,
        };
        for mut s in screens.into_iter().rev() {
            s.leave(&ctx);
        }
    }

    /// Leaves the program: every open and parked screen gives back what it holds. The
    /// screens stay (the last frame may still be drawn).
    fn quit(&mut self) {
        let ctx = Ctx {
            clinic: &self.clinic,
            session: self.session.as_ref(),
            demo: self.demo,
        };
        for s in self.stack.iter_mut().rev() {
            s.leave(&ctx);
        }
        for s in self.parked.iter_mut().flatten() {
            s.leave(&ctx);
        }
        self.quit = true;
    }

    /// The process was asked to stop (SIGTERM, SIGHUP): leave as on Ctrl-C, giving back
    /// every hold this session placed.
    pub fn terminate(&mut self) {
        tracing::info!("signal received: closing the TUI");
        self.quit();
    }

    /// The idle lock as the clinic's settings say now (they may change while signed in).
    fn read_idle_lock(&mut self) {
        self.idle_lock = self
            .clinic
            .settings()
            .ok()
            .filter(|s| s.idle_lock_minutes > 0)
            .map(|s| Duration::from_secs(u64::from(s.idle_lock_minutes) * 60));
    }

    fn sign_in(&mut self, session: Session, message: Option<Message>) {
        self.read_idle_lock();
        let name = session.account.full_name.clone();
        // The front desk keeps the plans' horizon from running out (SPEC §9).
        let horizon = match session.actor.is_admin() {
            true => match self.clinic.extend_horizon(&session.actor) {
                Ok(Some(done)) if done.created > 0 => Some(Message::info(format!(
                    "Welcome, {name}. The doctors' plans were laid out further ahead: {}",
                    done.sentence()
                ))),
                Ok(_) => None,
                Err(e) => Some(Message::from(&e)),
            },
            false => None,
        };
        let message = message.or(horizon);
        let before = std::mem::take(&mut self.stack);
        self.leave(before);
        self.session = Some(session);
        self.lock = None;
        self.parked.clear();
        self.section = 0;
        self.open_section(0);
        self.message = Some(message.unwrap_or_else(|| Message::info(format!("Welcome, {name}."))));
    }

    fn sign_out(&mut self) {
        let open = std::mem::take(&mut self.stack);
        self.leave(open);
        let parked: Vec<_> = std::mem::take(&mut self.parked)
            .into_iter()
            .flatten()
            .collect();
        self.leave(parked);
        self.session = None;
        self.lock = None;
        self.stack = vec![Box::new(LoginScreen::new(self.demo))];
        self.section = 0;
        self.message = Some(Message::info("Signed out."));
    }

    /// Shows section `n`: the screen it was left on, or a new one. Pressing the number of
    /// the section one is in goes back to its top screen.
    fn open_section(&mut self, n: usize) {
        let Some(session) = &self.session else {
            return;
        };
        let list = sections::for_role(session.account.role);
        let Some(open) = list.get(n).map(|s| s.open) else {
            return;
        };
        if self.parked.len() != list.len() {
            self.parked = (0..list.len()).map(|_| None).collect();
        }
        let mut old = std::mem::take(&mut self.stack);
        let top = (!old.is_empty()).then(|| old.remove(0));
        self.leave(old);
        let screen = match top {
            Some(top) if n == self.section => top,
            top => {
                if let Some(top) = top {
                    self.parked[self.section] = Some(top);
                }
                match self.parked[n].take() {
                    Some(screen) => screen,
                    None => {
                        let ctx = Ctx {
                            clinic: &self.clinic,
                            session: self.session.as_ref(),
                            demo: self.demo,
                        };
                        open(&ctx)
                    }
                }
            }
        };
        self.stack = vec![screen];
        self.section = n;
        self.reload_focused();
    }

    fn reload_focused(&mut self) {
        let ctx = Ctx {
            clinic: &self.clinic,
            session: self.session.as_ref(),
            demo: self.demo,
        };
        if let Some(screen) = self.stack.last_mut()
            && let Err(e) = screen.reload(&ctx)
        {
            self.message = Some(Message::from(&e));
        }
    }

    /// Called between events: locks after the idle time, and reloads the focused screen when
    /// another process has committed or the minute has turned. Returns whether anything
    /// changed on screen.
    pub fn tick(&mut self, at: Instant) -> bool {
        let mut changed = false;
        let version = self.clinic.data_version().ok();
        let minute = self.clinic.now_minute();
        let moved = version != self.data_version || minute != self.minute;
        // Another terminal may have changed the idle lock: it applies from now on.
        if version != self.data_version && self.session.is_some() {
            self.read_idle_lock();
        }
        if let (Some(limit), Some(session)) = (self.idle_lock, &self.session)
            && self.lock.is_none()
            && at.saturating_duration_since(self.last_input) >= limit
        {
            self.lock = Some(Box::new(LockScreen::new(&session.account)));
            self.help = false;
            self.message = Some(Message::info("Locked after a while without input."));
            changed = true;
        }
        if minute != self.minute {
            self.sweep_no_shows();
        }
        if moved {
            self.data_version = version;
            self.minute = minute;
            if self.lock.is_none() {
                self.reload_focused();
            }
            changed = true;
        }
        changed
    }

    /// The front desk's terminal marks, once a minute, the visits nobody came to as no-shows
    /// (the clinic's `no_show_after_minutes`; the library does it, audited as the clinic).
    fn sweep_no_shows(&mut self) {
        let Some(session) = self.session.as_ref().filter(|s| s.actor.is_admin()) else {
            return;
        };
        match self.clinic.sweep(&session.actor) {
            Ok(swept) if !swept.no_shows.is_empty() => {
                let n = swept.no_shows.len();
                self.message = Some(Message::info(format!(
                    "{} nobody came to {} ({} min after the start).",
                    crate::domain::text::count(n, "visit"),
                    if n == 1 {
                        "is now a no-show"
                    } else {
                        "are now no-shows"
                    },
                    swept.after_minutes
                )));
            }
            Ok(_) => {}
            Err(e) => self.message = Some(Message::from(&e)),
        }
    }

    /// The keys that work everywhere right now, for the help and the footer's right end.
    fn global_commands(&self) -> Vec<Command> {
        let signed_in = self.session.is_some() && self.lock.is_none();
        let top = self.lock.is_none() && self.stack.len() == 1;
        let modal = self.focused().is_modal();
        App::everywhere()
            .into_iter()
            .filter(|c| match c.action {
                Action::Quit | Action::Help => true,
                Action::QuitFromTop => !modal && top,
                Action::Back => !modal && !top,
                Action::Section(_) | Action::SignOut => !modal && signed_in,
                _ => false,
            })
            .collect()
    }

    /// The keys that work on every screen (each where it applies), for the help and the
    /// keys document.
    pub fn everywhere() -> Vec<Command> {
        vec![
            cmd(Action::Quit, "quit at once"),
            cmd(Action::Help, "help"),
            cmd(Action::QuitFromTop, "quit").detail("quit, from a top screen"),
            cmd(Action::Back, "back").detail("back, or close a dialog: nothing changes"),
            cmd(Action::Section(0), "switch section").help_only(),
            cmd(Action::SignOut, "sign out"),
        ]
    }

    /// Draws the whole frame. Pure: reads state only.
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        if area.width < layout::MIN_WIDTH || area.height < layout::MIN_HEIGHT {
            layout::render_too_small(area, buf, &self.theme);
            return;
        }
        // A long message takes a second line rather than being cut.
        let message_lines = self.message_lines(area.width);
        let [header, body, message, footer_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(message_lines.len().max(1) as u16),
            Constraint::Length(1),
        ])
        .areas(area);
        self.render_header(header, buf);
        self.focused().draw(body, buf, &self.theme);
        self.render_message(&message_lines, message, buf);
        let mode = self.mode();
        let global = self.global_commands();
        // The footer's right end: help, and how to leave (quit on a top screen).
        let right: Vec<Command> = global
            .iter()
            .filter(|c| {
                matches!(c.action, Action::Help | Action::QuitFromTop)
                    || (c.action == Action::Quit && mode == Mode::TextEntry)
            })
            .cloned()
            .collect();
        let mut left = self.focused().commands_now();
        left.extend(
            global
                .iter()
                .filter(|c| c.action == Action::SignOut)
                .cloned(),
        );
        footer::render(&left, &right, mode, footer_area, buf, &self.theme);
        if self.help {
            let title = self.focused().title();
            let screen = self.focused().commands_now();
            help::render(&title, &screen, &global, mode, body, buf, &self.theme);
        }
    }

    /// The message line, wrapped to at most two lines of `width` (cut with `…` after).
    fn message_lines(&self, width: u16) -> Vec<String> {
        let Some(m) = &self.message else {
            return Vec::new();
        };
        let mut lines = text::wrap(&m.text, width.saturating_sub(4) as usize);
        if lines.len() > 2 {
            let rest = lines[1..].join(" ");
            lines.truncate(1);
            lines.push(text::fit(&rest, width.saturating_sub(4) as usize));
        }
        lines
    }

    fn render_header(&self, area: Rect, buf: &mut Buffer) {
        buf.set_style(area, self.theme.header);
        let mut spans = vec![Span::styled(" clinic ", self.theme.header)];
        let right = match &self.session {
            Some(s) => {
                if self.lock.is_none() {
                    let list = sections::for_role(s.account.role);
                    // Every title with the app's name when they fit; else every title
                    // packed tighter without it; else only the current one, others by number.
                    let titles: usize = list.iter().map(|x| text::width(x.title)).sum();
                    let roomy = 8 + titles + 4 * list.len() <= area.width as usize;
                    let tight = !roomy && titles + 3 * list.len() < area.width as usize;
                    if tight {
                        spans.clear();
                    }
                    for (i, section) in list.iter().enumerate() {
                        let style = if i == self.section {
                            self.theme.tab_active
                        } else {
                            self.theme.tab
                        };
                        let n = sections::number(i);
                        let text = if roomy {
                            format!(" {n} {} ", section.title)
                        } else if tight || i == self.section {
                            format!(" {n} {}", section.title)
                        } else {
                            format!(" {n} ")
                        };
                        spans.push(Span::styled(text, style));
                    }
                }
                format!("{} · {} ", s.account.username, s.account.role)
            }
            None => {
                spans.push(Span::styled(
                    format!("· {}", self.focused().title()),
                    self.theme.header,
                ));
                if self.demo {
                    "demo clinic ".to_string()
                } else {
                    String::new()
                }
            }
        };
        let line = Line::from(spans);
        let used = line.width() as u16;
        line.render(area, buf);
        // Who is signed in, on the right, when it fits beside the tabs.
        let width = text::width(&right) as u16;
        if used + width < area.width {
            Line::from(Span::styled(right, self.theme.header)).render(
                Rect {
                    x: area.right() - width,
                    width,
                    ..area
                },
                buf,
            );
        }
    }

    fn render_message(&self, lines: &[String], area: Rect, buf: &mut Buffer) {
        let Some(m) = &self.message else {
            return;
        };
        let (prefix, style) = match m.kind {
            MessageKind::Error => ("✗ ", self.theme.error),
            MessageKind::Info => ("✓ ", self.theme.info),
        };
        for (i, line) in lines.iter().enumerate() {
            let lead = if i == 0 { prefix } else { "  " };
            Line::from(vec![
                Span::styled(format!(" {lead}"), style),
                Span::styled(line.clone(), style),
            ])
            .render(
                Rect {
                    y: area.y + i as u16,
                    height: 1,
                    ..area
                },
                buf,
            );
        }
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        App::render(self, area, buf);
    }
}
