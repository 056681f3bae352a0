//! A form: labelled fields one per row, one focused; Tab / Shift-Tab (or ↑/↓) move between
//! them.

use super::field::{Choice, TextField};
use crate::tui::theme::Theme;
use crossterm::event::KeyEvent;
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
    fn label(&self) -> &'static str {
        match self {
            Field::Text(f) => f.label,
            Field::Choice(c) => c.label,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Form {
    pub fields: Vec<Field>,
    focus: usize,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Form {
        let mut f = Form { fields, focus: 0 };
        f.refocus();
        f
    }

    pub fn focus(&self) -> usize {
        self.focus
    }

    pub fn set_focus(&mut self, i: usize) {
        self.focus = i.min(self.fields.len().saturating_sub(1));
        self.refocus();
    }

    pub fn next(&mut self) {
        self.set_focus((self.focus + 1) % self.fields.len().max(1));
    }

    pub fn prev(&mut self) {
        let n = self.fields.len().max(1);
        self.set_focus((self.focus + n - 1) % n);
    }

    pub fn on_last(&self) -> bool {
        self.focus + 1 >= self.fields.len()
    }

    /// Typing and moving between fields: the actions every form handles alike. Returns
    /// whether `action` was one of them.
    pub fn edit(&mut self, action: &crate::tui::action::Action) -> bool {
        use crate::tui::action::Action;
        match action {
            Action::Input(key) => self.input(*key),
            Action::NextField => self.next(),
            Action::PrevField => self.prev(),
            _ => return false,
        }
        true
    }

    pub fn input(&mut self, key: KeyEvent) {
        match self.fields.get_mut(self.focus) {
            Some(Field::Text(f)) => f.input(key),
            Some(Field::Choice(c)) => c.input(key),
            None => {}
        }
    }

    /// The text of field `i`, or the key of its chosen option.
    pub fn value(&self, i: usize) -> String {
        match self.fields.get(i) {
            Some(Field::Text(f)) => f.value(),
            Some(Field::Choice(c)) => c.value().unwrap_or_default(),
            None => String::new(),
        }
    }

    /// Like [`Form::value`], trimmed, and `None` when empty.
    pub fn optional(&self, i: usize) -> Option<String> {
        Some(self.value(i).trim().to_string()).filter(|s| !s.is_empty())
    }

    pub fn set_text(&mut self, i: usize, value: &str) {
        if let Some(Field::Text(f)) = self.fields.get_mut(i) {
            f.set_value(value);
        }
    }

    pub fn choice_mut(&mut self, i: usize) -> Option<&mut Choice<String>> {
        match self.fields.get_mut(i) {
            Some(Field::Choice(c)) => Some(c),
            _ => None,
        }
    }

    fn refocus(&mut self) {
        let focus = self.focus;
        for (i, f) in self.fields.iter_mut().enumerate() {
            if let Field::Text(t) = f {
                t.set_focus(i == focus);
            }
        }
    }

    /// Rows needed: one per field.
    pub fn height(&self) -> u16 {
        self.fields.len() as u16
    }

    /// Draws the fields one per row from the top of `area`.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let label_width = self
            .fields
            .iter()
            .map(|f| f.label().chars().count())
            .max()
            .unwrap_or(0) as u16
            + 4;
        for (i, field) in self.fields.iter().enumerate() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn tab_moves_focus_and_input_goes_to_the_focused_field() {
        let mut form = Form::new(vec![
            Field::Text(TextField::new("A")),
            Field::Text(TextField::new("B")),
        ]);
        form.next();
        form.input(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
        assert_eq!(form.value(0), "");
        assert_eq!(form.value(1), "x");
        assert!(form.on_last());
        form.next();
        assert_eq!(form.focus(), 0);
        form.prev();
        assert_eq!(form.focus(), 1);
    }
}
