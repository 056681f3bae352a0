//! The one dialog component: a box over the screen with a few lines of text and a form (or
//! none: a confirmation). It owns the keys every dialog shares, so no screen writes them:
//!
//! - Esc closes it and changes nothing;
//! - Enter moves to the next field and, on the last one (or in a confirmation), submits;
//! - typing and Tab go to the form.
//!
//! A screen that asks implements [`crate::tui::asking::Asking`]: what each dialog is for (its
//! `purpose`) and what submitting does; [`crate::tui::asking::Dialogs`] keeps it open.

use super::form::{Entry, Form};
use super::layout::{centered, framed};
use super::text::wrap;
use crate::tui::action::Action;
use crate::tui::command::{Command, cmd};
use crate::tui::keymap::Mode;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

/// A dialog: what it is for, what it says and what it asks.
#[derive(Debug, Clone)]
pub struct Dialog<P, K> {
    pub purpose: P,
    pub title: String,
    pub lines: Vec<String>,
    pub form: Form<K>,
    /// A destructive step: framed in the error style.
    pub danger: bool,
    /// What Enter on the last field does, for the footer ("save", "move it").
    pub done: &'static str,
}

/// What an action did to an open dialog.
pub enum Step {
    Stay,
    Submit,
    Close,
}

impl<P, K: Copy + PartialEq + std::fmt::Debug> Dialog<P, K> {
    /// A dialog asking `form`.
    pub fn new(purpose: P, title: impl Into<String>, form: Form<K>) -> Dialog<P, K> {
        Dialog {
            purpose,
            title: title.into(),
            lines: Vec::new(),
            form,
            danger: false,
            done: "save",
        }
    }

    /// A confirmation of a destructive step, with no fields.
    pub fn confirm(purpose: P, title: impl Into<String>) -> Dialog<P, K> {
        let mut d = Dialog::new(purpose, title, Form::empty());
        d.danger = true;
        d.done = "confirm";
        d
    }

    /// Says what Enter on the last field does ("move it", "cancel it").
    pub fn done(mut self, done: &'static str) -> Dialog<P, K> {
        self.done = done;
        self
    }

    /// Adds a line of text above the form.
    pub fn line(mut self, text: impl Into<String>) -> Dialog<P, K> {
        self.lines.push(text.into());
        self
    }

    /// Marks a step that cannot be undone.
    pub fn danger(mut self) -> Dialog<P, K> {
        self.danger = true;
        self.done = "confirm";
        self
    }

    /// Applies `action`: typing, moving, submitting or closing.
    pub fn step(&mut self, action: &Action) -> Step {
        match (action, self.form.enter(action)) {
            (Action::Back, _) => Step::Close,
            (_, Entry::Submit) => Step::Submit,
            _ => Step::Stay,
        }
    }
}

/// An open dialog as the app sees it, whatever it is for: how keys are read, what they do,
/// and how it is drawn over its screen.
pub trait Overlay {
    fn mode(&self) -> Mode;
    fn commands(&self) -> Vec<Command>;
    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme);
}

impl<P, K: Copy + PartialEq + std::fmt::Debug> Overlay for Dialog<P, K> {
    /// Letters go to the form (typing, or choosing by initial); a confirmation is navigated.
    fn mode(&self) -> Mode {
        if self.form.is_empty() {
            Mode::Navigate
        } else {
            Mode::TextEntry
        }
    }

    /// The keys of the dialog, for the footer and the help.
    fn commands(&self) -> Vec<Command> {
        let back = cmd(Action::Back, "back").detail("close the dialog; nothing changes");
        if self.form.is_empty() {
            return vec![cmd(Action::Submit, self.done), back];
        }
        let mut list = self.form.commands(self.done);
        list.push(back);
        list
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = 72.min(area.width);
        let inner_width = width.saturating_sub(4) as usize;
        let lines: Vec<Line> = self
            .lines
            .iter()
            .flat_map(|l| wrap(l, inner_width))
            .map(|l| Line::raw(format!(" {l}")))
            .collect();
        let text_height = lines.len() as u16;
        let form_height = if self.form.is_empty() {
            0
        } else {
            self.form.height() + u16::from(text_height > 0)
        };
        let panel = centered(area, width, text_height + form_height + 4);
        Clear.render(panel, buf);
        let block = Block::bordered()
            .border_style(if self.danger {
                theme.error
            } else {
                theme.focus
            })
            .title(format!(" {} ", super::text::fit(&self.title, inner_width)));
        let inner = framed(block, panel, buf);
        let text_area = Rect {
            y: inner.y + 1,
            height: text_height.min(inner.height.saturating_sub(1)),
            ..inner
        };
        Paragraph::new(lines).render(text_area, buf);
        if !self.form.is_empty() {
            let y = text_area.bottom() + u16::from(text_height > 0);
            if y < inner.bottom() {
                self.form.render(
                    Rect {
                        y,
                        height: inner.bottom() - y,
                        ..inner
                    },
                    buf,
                    theme,
                );
            }
        }
    }
}
