//! The idle lock: after the clinic's idle minutes without input the screen is hidden until
//! the signed-in account's password is typed again. Esc does nothing here (a stray key must
//! not sign anyone out); Ctrl-C quits, giving back anything held.

use crate::ErrorKind;
use crate::domain::Account;
use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::field::TextField;
use crate::tui::widgets::form::{Entry, Form};
use crate::tui::widgets::layout::{centered, framed};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

pub struct LockScreen {
    username: String,
    full_name: String,
    form: Form<()>,
}

impl LockScreen {
    pub fn new(account: &Account) -> LockScreen {
        LockScreen {
            username: account.username.clone(),
            full_name: account.full_name.clone(),
            form: Form::new(vec![((), TextField::masked("Password").into())]),
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

    fn commands(&self) -> Vec<Command> {
        self.form.commands("unlock")
    }

    fn modal(&self) -> bool {
        true
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match (action, self.form.enter(action)) {
            (_, Entry::Submit) => {
                let password = self.form.text(());
                self.form.set_text((), "");
                match ctx.clinic.login(&self.username, &password) {
                    Ok(session) if Some(&session.account) == ctx.session.map(|s| &s.account) => {
                        Outcome::Unlocked
                    }
                    Ok(_) => Outcome::SignOut,
                    // Only the password was asked: say so, not "username or password".
                    Err(e) if e.kind() == ErrorKind::Auth => {
                        Outcome::Message(crate::tui::message::Message::error(format!(
                            "That is not {}'s password (5 wrong ones lock the login for 15 minutes).",
                            self.username
                        )))
                    }
                    Err(e) => Outcome::error(&e),
                }
            }
            (Action::Back, _) => Outcome::info(
                "Type your password to carry on; Ctrl-C quits and frees the terminal.",
            ),
            _ => Outcome::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let panel = centered(area, 56, 9);
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Locked ");
        let inner = framed(block, panel, buf);
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
            Line::raw("Type your password to carry on (Ctrl-C quits)."),
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
