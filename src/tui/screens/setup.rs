//! First run: the clinic has no admin yet, so the first person creates one (`init_admin`) and
//! is signed in as them.

use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Entry, Field, Form, password_pair};
use crate::tui::widgets::layout::{centered, framed};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    Username,
    FullName,
    Password,
    Repeat,
}

pub struct SetupScreen {
    form: Form<F>,
}

impl Default for SetupScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl SetupScreen {
    pub fn new() -> SetupScreen {
        SetupScreen {
            form: Form::new(
                vec![
                    (F::Username, Field::filled("Username", "admin", "")),
                    (F::FullName, Field::text("Full name")),
                ]
                .into_iter()
                .chain(password_pair(F::Password, F::Repeat))
                .collect(),
            ),
        }
    }

    pub fn form_mut(&mut self) -> &mut Form<F> {
        &mut self.form
    }

    fn submit(&mut self, ctx: &Ctx) -> Outcome {
        let password = match self.form.new_password(F::Password, F::Repeat) {
            Ok(p) => p,
            Err(e) => return Outcome::error(&e),
        };
        let full_name = self.form.optional(F::FullName);
        let created =
            ctx.clinic
                .init_admin(&self.form.text(F::Username), full_name.as_deref(), || {
                    Ok(password.clone())
                });
        match created.and_then(|(account, _)| ctx.clinic.login(&account.username, &password)) {
            Ok(session) => Outcome::SignedIn(
                session,
                Some(Message::info(
                    "The clinic is ready: you are its first admin.",
                )),
            ),
            Err(e) => Outcome::error(&e),
        }
    }
}

impl Screen for SetupScreen {
    fn title(&self) -> String {
        "First run".into()
    }

    fn mode(&self) -> Mode {
        Mode::TextEntry
    }

    fn commands(&self) -> Vec<Command> {
        self.form.commands("create the admin")
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match self.form.enter(action) {
            Entry::Submit => self.submit(ctx),
            _ => Outcome::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let panel = centered(area, 66, 12);
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Welcome: create the first admin ");
        let inner = framed(block, panel, buf);
        let text = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
            height: 3,
            ..inner
        };
        Paragraph::new(vec![
            Line::raw("This clinic file has no accounts yet. The admin you create"),
            Line::raw("here registers doctors, patients and front-desk staff."),
        ])
        .wrap(Wrap { trim: true })
        .render(text, buf);
        let form = Rect {
            y: text.bottom(),
            height: self.form.height(),
            ..text
        };
        self.form.render(form, buf, theme);
    }
}
