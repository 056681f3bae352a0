//! The idle lock: after the clinic's idle minutes without input the screen is hidden until
//! the signed-in account's password is typed again. Esc signs out instead.

use crate::domain::Account;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::field::TextField;
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

pub struct LockScreen {
    username: String,
    full_name: String,
    form: Form,
}

impl LockScreen {
    pub fn new(account: &Account) -> LockScreen {
        LockScreen {
            username: account.username.clone(),
            full_name: account.full_name.clone(),
            form: Form::new(vec![Field::Text(TextField::masked("Password"))]),
        }
    }
}

impl Screen for LockScreen {
    fn title(&self) -> String {
        "Locked".into()
    }

    fn mode(&self) -> Mode {
        Mode::TextEntry
    }

    fn hints(&self) -> Vec<Hint> {
        vec![hint("Enter", "unlock"), hint("Esc", "sign out")]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Input(key) => self.form.input(*key),
            Action::Back => return Outcome::SignOut,
            Action::Submit => {
                let password = self.form.value(0);
                self.form.set_text(0, "");
                return match ctx.clinic.login(&self.username, &password) {
                    Ok(session) if Some(&session.account) == ctx.session.map(|s| &s.account) => {
                        Outcome::Unlocked
                    }
                    Ok(_) => Outcome::SignOut,
                    Err(e) => Outcome::error(&e),
                };
            }
            _ => {}
        }
        Outcome::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let panel = centered(area, 56, 9);
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Locked ");
        let inner = block.inner(panel);
        block.render(panel, buf);
        let text = Rect {
            x: inner.x + 1,
            y: inner.y + 1,
            width: inner.width.saturating_sub(2),
            height: 3,
        };
        Paragraph::new(vec![
            Line::raw(format!(
                "Signed in as {} ({}).",
                self.full_name, self.username
            )),
            Line::raw("Type your password to carry on, or Esc to sign out."),
        ])
        .render(text, buf);
        self.form.render(
            Rect {
                y: text.bottom(),
                height: 1,
                ..text
            },
            buf,
            theme,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::DEMO_PASSWORD;
    use crate::tui::screens::fixture;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn type_into(s: &mut LockScreen, ctx: &Ctx, text: &str) {
        for c in text.chars() {
            s.update(
                &Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
                ctx,
            );
        }
    }

    #[test]
    fn the_right_password_unlocks_and_a_wrong_one_does_not() {
        let clinic = fixture::demo_clinic();
        let session = fixture::patient(&clinic);
        let ctx = fixture::ctx(&clinic, &session);
        let mut s = LockScreen::new(&session.account);
        type_into(&mut s, &ctx, "nope-nope");
        assert!(matches!(
            s.update(&Action::Submit, &ctx),
            Outcome::Message(_)
        ));
        type_into(&mut s, &ctx, DEMO_PASSWORD);
        assert!(matches!(s.update(&Action::Submit, &ctx), Outcome::Unlocked));
        assert!(matches!(s.update(&Action::Back, &ctx), Outcome::SignOut));
    }
}
