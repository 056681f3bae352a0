//! Form fields: a one-line text input (over `ratatui-textarea`) and a choice among options.

use super::text::{fit, width};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;

/// The widest a text field is drawn; longer values scroll while typing.
const FIELD_WIDTH: u16 = 36;

/// A one-line text input, optionally masked (passwords).
#[derive(Debug, Clone)]
pub struct TextField {
    pub label: &'static str,
    area: TextArea<'static>,
    hint: &'static str,
    masked: bool,
    focused: bool,
}

impl TextField {
    pub fn new(label: &'static str) -> TextField {
        let mut area = TextArea::default();
        area.set_cursor_line_style(Style::default());
        area.set_cursor_style(Style::default());
        TextField {
            label,
            area,
            hint: "",
            masked: false,
            focused: false,
        }
    }

    /// A password: shows `•` for every character.
    pub fn masked(label: &'static str) -> TextField {
        let mut f = TextField::new(label);
        f.area.set_mask_char('•');
        f.masked = true;
        f
    }

    /// A short note shown after the field, e.g. the expected format.
    pub fn hint(mut self, hint: &'static str) -> TextField {
        self.hint = hint;
        self
    }

    pub fn with_value(mut self, value: &str) -> TextField {
        self.set_value(value);
        self
    }

    pub fn value(&self) -> String {
        self.area.lines().join("")
    }

    pub fn set_value(&mut self, value: &str) {
        let cursor = self.area.cursor_style();
        self.area = TextArea::new(vec![value.to_string()]);
        self.area.set_cursor_style(cursor);
        self.area.set_cursor_line_style(Style::default());
        if self.masked {
            self.area.set_mask_char('•');
        }
        self.area.move_cursor(ratatui_textarea::CursorMove::End);
    }

    /// Typing, cursor movement and deletion inside the field. Never adds a line.
    pub fn input(&mut self, key: KeyEvent) {
        let newline = matches!(key.code, KeyCode::Enter)
            || (key.modifiers.contains(KeyModifiers::CONTROL)
                && matches!(key.code, KeyCode::Char('m' | 'j')));
        if !newline {
            self.area.input(key);
        }
    }

    /// Shows the cursor only in the focused field.
    pub fn set_focus(&mut self, focused: bool) {
        self.focused = focused;
        let cursor = if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        self.area.set_cursor_style(cursor);
    }

    /// Draws the value (not the label) into `area`, with the hint after it when it fits.
    /// The focused field is the editor, scrolled to the cursor; any other shows the start
    /// of its value, cut with `…` if long, so a long name never shows only its end.
    pub fn render_value(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let hint_width = width(self.hint) as u16;
        let room = if hint_width > 0 {
            area.width.saturating_sub(hint_width + 2)
        } else {
            area.width
        };
        let field_width = room.clamp(area.width.min(12), FIELD_WIDTH);
        let value_area = Rect {
            width: field_width,
            ..area
        };
        let shown = if self.focused {
            (&self.area).render(value_area, buf);
            let value = self.value();
            width(&value) + 1
        } else {
            let value = if self.masked {
                "•".repeat(self.value().chars().count())
            } else {
                self.value()
            };
            let text = fit(&value, field_width as usize);
            Line::raw(text.clone()).render(value_area, buf);
            width(&text)
        };
        // An underline after the text shows where to type.
        let start = value_area.x + (shown as u16).min(field_width);
        for x in start..value_area.right() {
            let cell = &mut buf[(x, value_area.y)];
            cell.set_symbol("_");
            cell.set_style(theme.dim);
        }
        if !self.hint.is_empty() && area.width > field_width + 2 {
            let hint_area = Rect {
                x: area.x + field_width + 2,
                width: area.width - field_width - 2,
                ..area
            };
            Line::from(Span::styled(self.hint, theme.dim)).render(hint_area, buf);
        }
    }
}

/// One of a fixed list of options, changed with ←/→ (or the first letter).
#[derive(Debug, Clone)]
pub struct Choice<T> {
    pub label: &'static str,
    options: Vec<(String, T)>,
    index: usize,
}

impl<T: Clone + PartialEq> Choice<T> {
    pub fn new(label: &'static str, options: Vec<(String, T)>) -> Choice<T> {
        Choice {
            label,
            options,
            index: 0,
        }
    }

    pub fn value(&self) -> Option<T> {
        self.options.get(self.index).map(|(_, v)| v.clone())
    }

    pub fn text(&self) -> &str {
        self.options
            .get(self.index)
            .map(|(t, _)| t.as_str())
            .unwrap_or("")
    }

    /// Selects the option with this value, if there is one.
    pub fn select(&mut self, value: &T) {
        if let Some(i) = self.options.iter().position(|(_, v)| v == value) {
            self.index = i;
        }
    }

    pub fn set_options(&mut self, options: Vec<(String, T)>) {
        let current = self.value();
        self.options = options;
        self.index = 0;
        if let Some(v) = current {
            self.select(&v);
        }
    }

    pub fn input(&mut self, key: KeyEvent) {
        let n = self.options.len();
        if n == 0 {
            return;
        }
        match key.code {
            KeyCode::Left => self.index = (self.index + n - 1) % n,
            KeyCode::Right | KeyCode::Char(' ') => self.index = (self.index + 1) % n,
            KeyCode::Home => self.index = 0,
            KeyCode::End => self.index = n - 1,
            KeyCode::Char(c) => {
                let c = c.to_lowercase().to_string();
                let matches = |i: &usize| {
                    self.options[*i]
                        .0
                        .trim_start_matches("Dr. ")
                        .to_lowercase()
                        .starts_with(&c)
                };
                if let Some(i) = (self.index + 1..n).chain(0..=self.index).find(matches) {
                    self.index = i;
                }
            }
            _ => {}
        }
    }

    pub fn render_value(&self, area: Rect, buf: &mut Buffer, theme: &Theme, focused: bool) {
        let style = if focused {
            theme.focus
        } else {
            Style::default()
        };
        let room = (area.width as usize).saturating_sub(4);
        Line::from(vec![
            Span::styled("◀ ", theme.dim),
            Span::styled(fit(self.text(), room), style),
            Span::styled(" ▶", theme.dim),
        ])
        .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn text_field_types_and_deletes_but_never_adds_a_line() {
        let mut f = TextField::new("Name");
        for c in "annx".chars() {
            f.input(key(KeyCode::Char(c)));
        }
        f.input(key(KeyCode::Backspace));
        f.input(key(KeyCode::Enter));
        assert_eq!(f.value(), "ann");
        f.set_value("bob");
        f.input(key(KeyCode::Char('!')));
        assert_eq!(f.value(), "bob!");
    }

    #[test]
    fn masked_field_keeps_the_real_value() {
        let mut f = TextField::masked("Password");
        f.input(key(KeyCode::Char('x')));
        f.set_value("secret");
        assert_eq!(f.value(), "secret");
    }

    #[test]
    fn an_unfocused_long_value_shows_its_start() {
        let f = TextField::new("Name").with_value(&format!("Ann {}", "x".repeat(60)));
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
        f.render_value(buf.area, &mut buf, &Theme::plain());
        let shown: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert!(shown.starts_with("Ann xxx"), "{shown}");
        assert!(shown.contains('…'), "{shown}");
    }

    #[test]
    fn choice_cycles_and_jumps_by_letter() {
        let mut c = Choice::new(
            "Doctor",
            vec![
                ("any".into(), 0),
                ("Dr. Bo".into(), 1),
                ("Dr. Cy".into(), 2),
            ],
        );
        c.input(key(KeyCode::Left));
        assert_eq!(c.value(), Some(2));
        c.input(key(KeyCode::Right));
        assert_eq!(c.value(), Some(0));
        c.input(key(KeyCode::Char('b')));
        assert_eq!(c.text(), "Dr. Bo");
    }
}
