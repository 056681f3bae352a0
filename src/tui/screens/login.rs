//! The login screen: username and masked password; Ctrl-R opens self-registration. In the
//! demo clinic it lists the demo logins. The library decides everything, including the
//! lockout after five failures, whose sentence is shown as is.

use crate::demo::{DEMO_PASSWORD, DemoSpec};
use crate::tui::action::Action;
use crate::tui::command::{Command, cmd};
use crate::tui::keymap::Mode;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::screens::register::RegisterScreen;
use crate::tui::theme::Theme;
use crate::tui::widgets::field::TextField;
use crate::tui::widgets::form::{Entry, Field, Form};
use crate::tui::widgets::layout::{centered, framed};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    Username,
    Password,
}

pub struct LoginScreen {
    form: Form<F>,
    demo: bool,
}

impl LoginScreen {
    pub fn new(demo: bool) -> LoginScreen {
        LoginScreen {
            form: Form::new(vec![
                (F::Username, Field::text("Username")),
                (F::Password, TextField::masked("Password").into()),
            ]),
            demo,
        }
    }

    pub fn username(&self) -> String {
        self.form.text(F::Username)
    }

    pub fn password(&self) -> String {
        self.form.text(F::Password)
    }

    pub fn focus(&self) -> Option<F> {
        self.form.focused()
    }

    fn submit(&mut self, ctx: &Ctx) -> Outcome {
        let result = ctx.clinic.login(&self.username(), &self.password());
        self.form.set_text(F::Password, "");
        match result {
            Ok(session) => Outcome::SignedIn(session, None),
            Err(e) => {
                self.form.focus_on(F::Password);
                Outcome::error(&e)
            }
        }
    }
}

impl Screen for LoginScreen {
    fn title(&self) -> String {
        "Sign in".into()
    }

    fn mode(&self) -> Mode {
        Mode::TextEntry
    }

    fn commands(&self) -> Vec<Command> {
        let mut list = self.form.commands("sign in");
        list.push(cmd(Action::Register, "register").detail("register as a new patient"));
        list
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match (action, self.form.enter(action)) {
            (_, Entry::Submit) => self.submit(ctx),
            (Action::Register, _) => Outcome::Push(Box::new(RegisterScreen::new())),
            _ => Outcome::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let height = if self.demo { 13 } else { 8 };
        let panel = centered(area, 56, height);
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Sign in ");
        let inner = framed(block, panel, buf);
        let form_area = Rect {
            x: inner.x + 1,
            y: inner.y + 1,
            width: inner.width.saturating_sub(2),
            height: 2,
        };
        self.form.render(form_area, buf, theme);
        let mut lines = vec![
            Line::raw(""),
            Line::styled("New patient? Press Ctrl-R to register.", theme.dim),
        ];
        if self.demo {
            let doctors = DemoSpec::default().doctors;
            lines.extend([
                Line::raw(""),
                Line::styled(
                    format!("Demo clinic: every login's password is {DEMO_PASSWORD}"),
                    theme.heading,
                ),
                Line::raw(format!("  {:<22}patients", "patient1 … patient5")),
                Line::raw(format!(
                    "  {:<22}doctors",
                    format!("doctor1 … doctor{doctors}")
                )),
                Line::raw(format!("  {:<22}front desk", "admin, frontdesk")),
            ]);
        }
        let rest = Rect {
            x: inner.x + 1,
            y: form_area.bottom(),
            width: inner.width.saturating_sub(2),
            height: inner.bottom().saturating_sub(form_area.bottom()),
        };
        Paragraph::new(lines).render(rest, buf);
    }
}
