//! First run: the clinic has no admin yet, so the first person creates one (`init_admin`) and
//! is signed in as them.

use crate::Error;
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
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

const USERNAME: usize = 0;
const FULL_NAME: usize = 1;
const PASSWORD: usize = 2;
const REPEAT: usize = 3;

pub struct SetupScreen {
    form: Form,
}

impl Default for SetupScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl SetupScreen {
    pub fn new() -> SetupScreen {
        SetupScreen {
            form: Form::new(vec![
                Field::Text(TextField::new("Username").with_value("admin")),
                Field::Text(TextField::new("Full name")),
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
        let full_name = self.form.optional(FULL_NAME);
        let created =
            ctx.clinic
                .init_admin(&self.form.value(USERNAME), full_name.as_deref(), || {
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

    fn hints(&self) -> Vec<Hint> {
        vec![
            hint("Enter", "next / create"),
            hint("Tab", "next field"),
            hint("Shift-Tab", "previous"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Submit => return self.submit(ctx),
            other => {
                self.form.edit(other);
            }
        }
        Outcome::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let panel = centered(area, 66, 12);
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Welcome: create the first admin ");
        let inner = block.inner(panel);
        block.render(panel, buf);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::service::Clinic;
    use crate::tui::screens::fixture;
    use std::sync::Arc;

    #[test]
    fn creates_the_first_admin_and_signs_in() {
        let clinic = Clinic::in_memory(Arc::new(FixedClock::new(fixture::now()))).unwrap();
        assert!(clinic.needs_first_admin().unwrap());
        let ctx = Ctx {
            clinic: &clinic,
            session: None,
            demo: false,
        };
        let mut s = SetupScreen::new();
        s.form_mut().set_text(FULL_NAME, "Alex Admin");
        s.form_mut().set_text(PASSWORD, "secret-pass");
        s.form_mut().set_text(REPEAT, "secret-pass");
        assert!(
            matches!(s.update(&Action::Submit, &ctx), Outcome::None),
            "Enter moves on first"
        );
        s.form_mut().set_focus(REPEAT);
        match s.update(&Action::Submit, &ctx) {
            Outcome::SignedIn(session, _) => {
                assert_eq!(session.account.username, "admin");
                assert_eq!(session.account.full_name, "Alex Admin");
            }
            _ => panic!("expected the admin to be signed in"),
        }
        assert!(!clinic.needs_first_admin().unwrap());
    }

    #[test]
    fn different_passwords_are_refused_before_anything_is_created() {
        let clinic = Clinic::in_memory(Arc::new(FixedClock::new(fixture::now()))).unwrap();
        let ctx = Ctx {
            clinic: &clinic,
            session: None,
            demo: false,
        };
        let mut s = SetupScreen::new();
        s.form_mut().set_text(PASSWORD, "secret-pass");
        s.form_mut().set_text(REPEAT, "secret-pasS");
        s.form_mut().set_focus(REPEAT);
        assert!(matches!(
            s.update(&Action::Submit, &ctx),
            Outcome::Message(_)
        ));
        assert!(clinic.needs_first_admin().unwrap());
    }

    #[test]
    fn a_short_password_shows_the_library_rule() {
        let clinic = Clinic::in_memory(Arc::new(FixedClock::new(fixture::now()))).unwrap();
        let ctx = Ctx {
            clinic: &clinic,
            session: None,
            demo: false,
        };
        let mut s = SetupScreen::new();
        s.form_mut().set_text(PASSWORD, "short");
        s.form_mut().set_text(REPEAT, "short");
        s.form_mut().set_focus(REPEAT);
        match s.update(&Action::Submit, &ctx) {
            Outcome::Message(m) => assert!(m.text.contains("at least 8"), "{}", m.text),
            _ => panic!("expected an error"),
        }
    }
}
