//! Patient self-registration (R11): the patient's details and a login, then signed in.

use crate::Error;
use crate::domain::{Actor, PatientInput};
use crate::service::NewLogin;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::field::TextField;
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

pub const FULL_NAME: usize = 0;
pub const DOB: usize = 1;
pub const GENDER: usize = 2;
pub const PHONE: usize = 3;
pub const EMAIL: usize = 4;
pub const USERNAME: usize = 5;
pub const PASSWORD: usize = 6;
pub const REPEAT: usize = 7;

pub struct RegisterScreen {
    form: Form,
}

impl Default for RegisterScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl RegisterScreen {
    pub fn new() -> RegisterScreen {
        RegisterScreen {
            form: Form::new(vec![
                Field::Text(TextField::new("Full name")),
                Field::Text(TextField::new("Date of birth").hint("YYYY-MM-DD, optional")),
                Field::Text(TextField::new("Gender").hint("optional")),
                Field::Text(TextField::new("Phone").hint("optional")),
                Field::Text(TextField::new("Email").hint("optional")),
                Field::Text(TextField::new("Username").hint("3-32 of a-z 0-9 . _ -")),
                Field::Text(TextField::masked("Password").hint("8+ characters")),
                Field::Text(TextField::masked("Repeat password")),
            ]),
        }
    }

    pub fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn submit(&mut self, ctx: &Ctx) -> Outcome {
        if !self.form.on_last() {
            self.form.next();
            return Outcome::None;
        }
        let password = self.form.value(PASSWORD);
        if password != self.form.value(REPEAT) {
            self.form.set_text(REPEAT, "");
            return Outcome::error(&Error::invalid("the two passwords differ; type them again"));
        }
        let input = PatientInput {
            full_name: self.form.value(FULL_NAME),
            gender: self.form.optional(GENDER),
            dob: self.form.optional(DOB),
            phone: self.form.optional(PHONE),
            email: self.form.optional(EMAIL),
            notes: None,
        };
        let login = NewLogin {
            username: self.form.value(USERNAME),
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

    fn hints(&self) -> Vec<Hint> {
        vec![
            hint("Enter", "next / register"),
            hint("Tab", "next field"),
            hint("Esc", "back to sign in"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Submit => return self.submit(ctx),
            Action::Back => return Outcome::Pop(1, None),
            other => {
                self.form.edit(other);
            }
        }
        Outcome::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let panel = centered(area, 72, 14);
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Register as a new patient ");
        let inner = block.inner(panel);
        block.render(panel, buf);
        let form = Rect {
            x: inner.x + 1,
            y: inner.y + 1,
            width: inner.width.saturating_sub(2),
            height: self.form.height(),
        };
        self.form.render(form, buf, theme);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixture;

    #[test]
    fn registers_a_patient_and_signs_them_in() {
        let clinic = fixture::demo_clinic();
        let ctx = Ctx {
            clinic: &clinic,
            session: None,
            demo: false,
        };
        let mut s = RegisterScreen::new();
        let f = s.form_mut();
        f.set_text(FULL_NAME, "Nora Quill");
        f.set_text(DOB, "1990-04-02");
        f.set_text(USERNAME, "nora");
        f.set_text(PASSWORD, "nora-pass-1");
        f.set_text(REPEAT, "nora-pass-1");
        f.set_focus(REPEAT);
        match s.update(&Action::Submit, &ctx) {
            Outcome::SignedIn(session, _) => {
                assert_eq!(session.account.username, "nora");
                assert!(session.actor.patient_id().is_some());
            }
            _ => panic!("expected to be registered and signed in"),
        }
    }

    #[test]
    fn a_bad_date_of_birth_shows_the_library_sentence() {
        let clinic = fixture::demo_clinic();
        let ctx = Ctx {
            clinic: &clinic,
            session: None,
            demo: false,
        };
        let mut s = RegisterScreen::new();
        let f = s.form_mut();
        f.set_text(FULL_NAME, "Nora Quill");
        f.set_text(DOB, "02/04/1990");
        f.set_text(USERNAME, "nora");
        f.set_text(PASSWORD, "nora-pass-1");
        f.set_text(REPEAT, "nora-pass-1");
        f.set_focus(REPEAT);
        match s.update(&Action::Submit, &ctx) {
            Outcome::Message(m) => assert!(m.text.contains("is not a date"), "{}", m.text),
            _ => panic!("expected an error"),
        }
        assert!(matches!(
            s.update(&Action::Back, &ctx),
            Outcome::Pop(1, None)
        ));
    }
}
