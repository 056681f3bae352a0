//! Screens that ask. A screen with dialogs (register, edit, confirm, cancel with a reason)
//! implements [`Asking`]: which actions open which dialog, and what a submitted dialog does.
//! [`Dialogs`] makes it a [`Screen`]: it keeps the open dialog, gives it every key first,
//! draws it on top and shows its keys; a refused submit keeps it open with the library's
//! sentence, a successful one or Esc closes it. No screen writes that again.

use super::action::Action;
use super::command::Command;
use super::keymap::Mode;
use super::screen::{Ctx, Outcome, Screen};
use super::theme::Theme;
use super::widgets::dialog::{Dialog, Overlay, Step};
use super::widgets::form::Form;
use crate::Result;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::ops::{Deref, DerefMut};

/// What a submitted dialog led to: done (with what to show), or a further question.
pub enum Reply<A, K> {
    Done(Outcome),
    Ask(Dialog<A, K>),
}

impl<A, K> From<Outcome> for Reply<A, K> {
    fn from(outcome: Outcome) -> Self {
        Reply::Done(outcome)
    }
}

/// A screen with dialogs; [`Dialogs`] turns it into a [`Screen`]. The methods it shares with
/// [`Screen`] mean the same.
pub trait Asking {
    /// What the screen's dialogs are for (register, edit, archive…).
    type Ask;
    /// The names of the screen's form fields.
    type Field: Copy + PartialEq + std::fmt::Debug;

    fn title(&self) -> String;

    fn mode(&self) -> Mode {
        Mode::Navigate
    }

    fn commands(&self) -> Vec<Command>;

    /// The dialog `action` opens, if it opens one; otherwise [`Asking::update`] has it.
    fn ask(&mut self, action: &Action, ctx: &Ctx) -> Option<Dialog<Self::Ask, Self::Field>>;

    /// Carries out a submitted dialog. An error keeps the dialog open with its sentence.
    fn answer(
        &mut self,
        dialog: &Dialog<Self::Ask, Self::Field>,
        ctx: &Ctx,
    ) -> Result<Reply<Self::Ask, Self::Field>>;

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome;

    fn reload(&mut self, _ctx: &Ctx) -> Result<()> {
        Ok(())
    }

    fn leave(&mut self, _ctx: &Ctx) {}

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme);
}

/// An [`Asking`] screen and its open dialog, if any.
pub struct Dialogs<S: Asking> {
    screen: S,
    open: Option<Dialog<S::Ask, S::Field>>,
}

impl<S: Asking> Dialogs<S> {
    pub fn new(screen: S) -> Dialogs<S> {
        Dialogs { screen, open: None }
    }

    /// The open dialog.
    pub fn asking(&self) -> Option<&Dialog<S::Ask, S::Field>> {
        self.open.as_ref()
    }

    /// The open dialog's form, to fill in.
    pub fn form_mut(&mut self) -> Option<&mut Form<S::Field>> {
        self.open.as_mut().map(|d| &mut d.form)
    }

    /// Routes `action` to the open dialog.
    fn update_dialog(&mut self, action: &Action, ctx: &Ctx) -> Option<Outcome> {
        let mut dialog = self.open.take()?;
        Some(match dialog.step(action) {
            Step::Stay => {
                self.open = Some(dialog);
                Outcome::None
            }
            Step::Close => Outcome::info("Nothing changed."),
            Step::Submit => match self.screen.answer(&dialog, ctx) {
                Ok(Reply::Done(outcome)) => outcome,
                Ok(Reply::Ask(next)) => {
                    self.open = Some(next);
                    Outcome::None
                }
                Err(e) => {
                    self.open = Some(dialog);
                    Outcome::error(&e)
                }
            },
        })
    }
}

impl<S: Asking> Deref for Dialogs<S> {
    type Target = S;

    fn deref(&self) -> &S {
        &self.screen
    }
}

impl<S: Asking> DerefMut for Dialogs<S> {
    fn deref_mut(&mut self) -> &mut S {
        &mut self.screen
    }
}

impl<S: Asking> Screen for Dialogs<S> {
    fn title(&self) -> String {
        self.screen.title()
    }

    fn mode(&self) -> Mode {
        self.screen.mode()
    }

    fn commands(&self) -> Vec<Command> {
        self.screen.commands()
    }

    fn dialog(&self) -> Option<&dyn Overlay> {
        self.open.as_ref().map(|d| d as &dyn Overlay)
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if let Some(outcome) = self.update_dialog(action, ctx) {
            return outcome;
        }
        match self.screen.ask(action, ctx) {
            Some(dialog) => {
                self.open = Some(dialog);
                Outcome::None
            }
            None => self.screen.update(action, ctx),
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        self.screen.reload(ctx)
    }

    fn leave(&mut self, ctx: &Ctx) {
        self.screen.leave(ctx)
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        self.screen.render(area, buf, theme)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::tui::widgets::form::Field;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum F {
        Name,
        Phone,
    }

    /// `n` asks for a name and a phone; a name is needed.
    struct Names {
        saved: Vec<String>,
    }

    impl Asking for Names {
        type Ask = ();
        type Field = F;

        fn title(&self) -> String {
            "Names".into()
        }

        fn commands(&self) -> Vec<Command> {
            Vec::new()
        }

        fn ask(&mut self, action: &Action, _: &Ctx) -> Option<Dialog<(), F>> {
            let form = Form::new(vec![
                (F::Name, Field::text("Name")),
                (F::Phone, Field::text("Phone")),
            ]);
            match action {
                Action::New => Some(Dialog::new((), "New", form)),
                Action::Archive => Some(Dialog::confirm((), "Sure?")),
                _ => None,
            }
        }

        fn answer(&mut self, d: &Dialog<(), F>, _: &Ctx) -> Result<Reply<(), F>> {
            let name = d.form.text(F::Name);
            if name.is_empty() {
                return Err(Error::invalid("a name is needed"));
            }
            self.saved.push(name);
            Ok(Outcome::info("saved").into())
        }

        fn update(&mut self, _: &Action, _: &Ctx) -> Outcome {
            Outcome::info("the screen itself")
        }

        fn render(&self, _: Rect, _: &mut Buffer, _: &Theme) {}
    }

    fn with_clinic(test: impl FnOnce(&Ctx)) {
        let clinic = crate::service::Clinic::in_memory(std::sync::Arc::new(
            crate::clock::FixedClock::new(chrono::NaiveDateTime::default()),
        ))
        .unwrap();
        test(&Ctx {
            clinic: &clinic,
            session: None,
            demo: false,
        });
    }

    fn said(outcome: Outcome) -> Option<String> {
        match outcome {
            Outcome::Message(m) => Some(m.text),
            _ => None,
        }
    }

    #[test]
    fn enter_moves_on_then_saves_on_the_last_field_and_a_refusal_keeps_the_form() {
        with_clinic(|ctx| {
            let mut s = Dialogs::new(Names { saved: vec![] });
            s.update(&Action::New, ctx);
            assert!(s.dialog().is_some());
            s.update(&Action::Submit, ctx);
            assert_eq!(s.asking().unwrap().form.focused(), Some(F::Phone));
            assert_eq!(
                said(s.update(&Action::Submit, ctx)).as_deref(),
                Some("a name is needed")
            );
            assert!(s.asking().is_some(), "a refused submit keeps the form");
            s.update(&Action::PrevField, ctx);
            s.update(
                &Action::Input(KeyEvent::new(KeyCode::Char('A'), KeyModifiers::NONE)),
                ctx,
            );
            s.update(&Action::Submit, ctx);
            assert_eq!(
                said(s.update(&Action::Submit, ctx)).as_deref(),
                Some("saved")
            );
            assert!(s.asking().is_none());
            assert_eq!(s.saved, ["A"]);
            assert_eq!(
                said(s.update(&Action::Submit, ctx)).as_deref(),
                Some("the screen itself"),
                "with no dialog open, keys go to the screen"
            );
        });
    }

    #[test]
    fn esc_closes_and_changes_nothing() {
        with_clinic(|ctx| {
            let mut s = Dialogs::new(Names { saved: vec![] });
            s.update(&Action::Archive, ctx);
            assert_eq!(
                said(s.update(&Action::Back, ctx)).as_deref(),
                Some("Nothing changed.")
            );
            assert!(s.asking().is_none() && s.saved.is_empty());
        });
    }
}
