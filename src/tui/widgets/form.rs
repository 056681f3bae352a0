//! A form: labelled fields one per row, one focused, each named by a key of the screen's
//! own field enum (`form.text(Field::Phone)`, never `form.value(3)`). Tab / Shift-Tab (or
//! ↑/↓) move between fields; the [dialog](super::dialog) decides what Enter does.

use super::field::{Choice, TextField};
use super::text::width;
use crate::tui::action::Action;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// One field of a form. (A form holds a handful, so the size difference between variants
/// does not matter.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Field {
    Text(TextField),
    /// Options with string keys ("" conventionally means "any").
    Choice(Choice<String>),
}

impl Field {
    /// A text field.
    pub fn text(label: &'static str) -> Field {
        Field::Text(TextField::new(label))
    }

    /// A text field holding `value`, with a `hint` after it.
    pub fn filled(label: &'static str, value: &str, hint: &'static str) -> Field {
        Field::Text(TextField::new(label).with_value(value).hint(hint))
    }

    /// A choice among `options` (shown text, key).
    pub fn choice(label: &'static str, options: Vec<(String, String)>) -> Field {
        Field::Choice(Choice::new(label, options))
    }

    fn label(&self) -> &'static str {
        match self {
            Field::Text(f) => f.label,
            Field::Choice(c) => c.label,
        }
    }
}

impl From<TextField> for Field {
    fn from(f: TextField) -> Field {
        Field::Text(f)
    }
}

/// What the one rule of every form made of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Enter on the last field: submit the form.
    Submit,
    /// Typing, moving between fields, or Enter on another field (moved to the next).
    Handled,
    /// Not a form key (Esc, a global key).
    Other,
}

#[derive(Debug, Clone)]
pub struct Form<K> {
    fields: Vec<(K, Field)>,
    focus: usize,
}

impl<K: Copy + PartialEq + std::fmt::Debug> Form<K> {
    pub fn new(fields: Vec<(K, Field)>) -> Form<K> {
        let mut f = Form { fields, focus: 0 };
        f.refocus();
        f
    }

    /// A form without fields: a confirmation.
    pub fn empty() -> Form<K> {
        Form::new(Vec::new())
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The key of the focused field.
    pub fn focused(&self) -> Option<K> {
        self.fields.get(self.focus).map(|(k, _)| *k)
    }

    pub fn focus_on(&mut self, key: K) {
        if let Some(i) = self.fields.iter().position(|(k, _)| *k == key) {
            self.focus = i;
            self.refocus();
        }
    }

    /// Moves to the last field, where Enter submits.
    pub fn focus_last(&mut self) {
        self.focus = self.fields.len().saturating_sub(1);
        self.refocus();
    }

    pub fn next(&mut self) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus + 1) % n;
        self.refocus();
    }

    pub fn prev(&mut self) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
        self.refocus();
    }

    pub fn on_last(&self) -> bool {
        self.focus + 1 >= self.fields.len()
    }

    /// The one rule of every form: Enter moves to the next field and, on the last one,
    /// submits; typing and Tab edit and move.
    pub fn enter(&mut self, action: &Action) -> Entry {
        match action {
            Action::Submit if self.on_last() => Entry::Submit,
            Action::Submit => {
                self.next();
                Entry::Handled
            }
            other if self.edit(other) => Entry::Handled,
            _ => Entry::Other,
        }
    }

    /// The keys of a form, for the footer and the help: `done` says what submitting does.
    pub fn commands(&self, done: &'static str) -> Vec<crate::tui::command::Command> {
        use crate::tui::command::cmd;
        let enter = if self.on_last() { done } else { "next" };
        vec![
            cmd(Action::Submit, enter)
                .detail("the next field; on the last one it submits (every form alike)"),
            cmd(Action::NextField, "next field").help_only(),
            cmd(Action::PrevField, "previous field").help_only(),
        ]
    }

    /// The form's keys and a way back: Esc, saying where it leads ("back to sign in").
    pub fn commands_and_back(
        &self,
        done: &'static str,
        back: &'static str,
    ) -> Vec<crate::tui::command::Command> {
        let mut list = self.commands(done);
        list.push(crate::tui::command::cmd(Action::Back, back));
        list
    }

    /// The password typed twice in `password` and `repeat` (see [`password_pair`]); when
    /// they differ, `repeat` is cleared to be typed again.
    pub fn new_password(&mut self, password: K, repeat: K) -> crate::Result<String> {
        let typed = self.text(password);
        if typed != self.text(repeat) {
            self.set_text(repeat, "");
            return Err(crate::Error::invalid(
                "the two passwords differ; type them again",
            ));
        }
        Ok(typed)
    }

    /// Typing and moving between fields: the actions every form handles alike. Returns
    /// whether `action` was one of them.
    pub fn edit(&mut self, action: &Action) -> bool {
        match action {
            Action::Input(key) => match self.fields.get_mut(self.focus) {
                Some((_, Field::Text(f))) => f.input(*key),
                Some((_, Field::Choice(c))) => c.input(*key),
                None => {}
            },
            Action::NextField => self.next(),
            Action::PrevField => self.prev(),
            _ => return false,
        }
        true
    }

    fn field(&self, key: K) -> Option<&Field> {
        self.fields.iter().find(|(k, _)| *k == key).map(|(_, f)| f)
    }

    fn field_mut(&mut self, key: K) -> Option<&mut Field> {
        self.fields
            .iter_mut()
            .find(|(k, _)| *k == key)
            .map(|(_, f)| f)
    }

    /// The text of a field, or the key of its chosen option; empty for a field this form
    /// does not have.
    pub fn text(&self, key: K) -> String {
        match self.field(key) {
            Some(Field::Text(f)) => f.value(),
            Some(Field::Choice(c)) => c.value().unwrap_or_default(),
            None => String::new(),
        }
    }

    /// Like [`Form::text`], trimmed, and `None` when empty.
    pub fn optional(&self, key: K) -> Option<String> {
        Some(self.text(key).trim().to_string()).filter(|s| !s.is_empty())
    }

    pub fn set_text(&mut self, key: K, value: &str) {
        if let Some(Field::Text(f)) = self.field_mut(key) {
            f.set_value(value);
        }
    }

    /// Chooses the option with key `value` in a choice field.
    pub fn choose(&mut self, key: K, value: &str) {
        if let Some(Field::Choice(c)) = self.field_mut(key) {
            c.select(&value.to_string());
        }
    }

    /// Replaces a choice field's options, keeping the chosen one if it is still offered.
    pub fn set_options(&mut self, key: K, options: Vec<(String, String)>) {
        if let Some(Field::Choice(c)) = self.field_mut(key) {
            c.set_options(options);
        }
    }

    fn refocus(&mut self) {
        let focus = self.focus;
        for (i, (_, f)) in self.fields.iter_mut().enumerate() {
            if let Field::Text(t) = f {
                t.set_focus(i == focus);
            }
        }
    }

    /// Rows needed: one per field.
    pub fn height(&self) -> u16 {
        self.fields.len() as u16
    }

    /// Draws the fields inside a panel's `inner` area, a cell in from its edges; returns
    /// where they went, for what the panel says below them.
    pub fn render_padded(&self, inner: Rect, buf: &mut Buffer, theme: &Theme) -> Rect {
        let area = Rect {
            x: inner.x + 1,
            y: inner.y + 1,
            width: inner.width.saturating_sub(2),
            height: self.height().min(inner.height.saturating_sub(1)),
        };
        self.render(area, buf, theme);
        area
    }

    /// Draws the fields one per row from the top of `area`.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let label_width = self
            .fields
            .iter()
            .map(|(_, f)| width(f.label()))
            .max()
            .unwrap_or(0) as u16
            + 4;
        for (i, (_, field)) in self.fields.iter().enumerate() {
            let y = area.y + i as u16;
            if y >= area.bottom() {
                break;
            }
            let focused = i == self.focus;
            let (marker, style) = if focused {
                ("▸ ", theme.focus)
            } else {
                ("  ", theme.heading)
            };
            let row = Rect {
                y,
                height: 1,
                ..area
            };
            Line::from(vec![
                Span::styled(marker, theme.focus),
                Span::styled(format!("{}:", field.label()), style),
            ])
            .render(row, buf);
            let value_area = Rect {
                x: row.x + label_width,
                width: row.width.saturating_sub(label_width),
                ..row
            };
            match field {
                Field::Text(f) => f.render_value(value_area, buf, theme),
                Field::Choice(c) => c.render_value(value_area, buf, theme, focused),
            }
        }
    }
}

/// A new password and its repeat, masked: read them back with [`Form::new_password`].
pub fn password_pair<K>(password: K, repeat: K) -> [(K, Field); 2] {
    [
        (
            password,
            TextField::masked("Password").hint("8+ characters").into(),
        ),
        (repeat, TextField::masked("Repeat password").into()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum F {
        A,
        B,
    }

    #[test]
    fn tab_moves_focus_and_input_goes_to_the_focused_field() {
        let mut form = Form::new(vec![(F::A, Field::text("A")), (F::B, Field::text("B"))]);
        form.next();
        form.edit(&Action::Input(KeyEvent::new(
            KeyCode::Char('x'),
            KeyModifiers::NONE,
        )));
        assert_eq!(form.text(F::A), "");
        assert_eq!(form.text(F::B), "x");
        assert!(form.on_last());
        form.next();
        assert_eq!(form.focused(), Some(F::A));
        form.prev();
        assert_eq!(form.focused(), Some(F::B));
    }
}
