//! Patient self-registration (R11): the patient's details and a login, then signed in.

use crate::domain::{Actor, PatientInput};
use crate::service::NewLogin;
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
use ratatui::widgets::{Block, Widget};

/// The registration form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    FullName,
    Dob,
    Gender,
    Phone,
    Email,
    Username,
    Password,
    Repeat,
}

pub struct RegisterScreen {
    form: Form<F>,
}

impl Default for RegisterScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl RegisterScreen {
    pub fn new() -> RegisterScreen {
        RegisterScreen {
            form: Form::new(
                vec![
                    (F::FullName, Field::text("Full name")),
                    (
                        F::Dob,
                        Field::filled("Date of birth", "", "YYYY-MM-DD, optional"),
                    ),
                    (F::Gender, Field::filled("Gender", "", "optional")),
                    (F::Phone, Field::filled("Phone", "", "optional")),
                    (F::Email, Field::filled("Email", "", "optional")),
                    (
                        F::Username,
                        Field::filled("Username", "", "3-32 of a-z 0-9 . _ -"),
                    ),
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
        let input = PatientInput {
            full_name: self.form.text(F::FullName),
            gender: self.form.optional(F::Gender),
            dob: self.form.optional(F::Dob),
            phone: self.form.optional(F::Phone),
            email: self.form.optional(F::Email),
            notes: None,
            contact: None,
        };
        let login = NewLogin {
            username: self.form.text(F::Username),
            password: password.clone(),
        };
        let registered = ctx
            .clinic
            .register_patient(&Actor::Guest, &input, Some(&login))
            .and_then(|_| ctx.clinic.login(&login.username, &password));
        match registered {
            Ok(session) => {
                let name = session.account.full_name.clone();
                Outcome::SignedIn(
                    session,
                    Some(Message::info(format!(
                        "Welcome, {name}: you are registered and signed in."
                    ))),
                )
            }
            Err(e) => Outcome::error(&e),
        }
    }
}

impl Screen for RegisterScreen {
    fn title(&self) -> String {
        "Register".into()
    }

    fn mode(&self) -> Mode {
        Mode::TextEntry
    }

    fn commands(&self) -> Vec<Command> {
        self.form
            .commands_and_back("register and sign in", "back to sign in")
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match (action, self.form.enter(action)) {
            (_, Entry::Submit) => self.submit(ctx),
            (Action::Back, _) => Outcome::Pop(1, None),
            _ => Outcome::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let panel = centered(area, 72, 14);
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Register as a new patient ");
        let inner = framed(block, panel, buf);
        let form = self.form.render_padded(inner, buf, theme);
        if form.bottom() + 1 < inner.bottom() {
            Line::styled(
                "Enter on the last field registers you and signs you in.",
                theme.dim,
            )
            .render(
                Rect {
                    y: form.bottom() + 1,
                    height: 1,
                    ..form
                },
                buf,
            );
        }
    }
}
