//! A search box above a list: `/` focuses it, typing narrows the list as you go, Enter, ↓,
//! Tab or Esc go back to the list. Screens open on the list, so the keys that work
//! everywhere (`?`, `1`–`9`, `q`) are never typed into the box by surprise.

use super::field::TextField;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// What a key did to the search box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchStep {
    /// The text changed: reload the list from its first page.
    Changed,
    /// Back to the list.
    Left,
    /// Nothing for the box.
    Ignored,
}

#[derive(Debug, Clone)]
pub struct SearchBar {
    label: &'static str,
    field: TextField,
    active: bool,
}

impl SearchBar {
    pub fn new(label: &'static str, hint: &'static str) -> SearchBar {
        SearchBar {
            label,
            field: TextField::new(label).hint(hint),
            active: false,
        }
    }

    /// Whether typing goes to the box.
    pub fn is_active(&self) -> bool {
        self.active
    }

    /// Letters type while the box has the focus; otherwise they are commands.
    pub fn mode(&self) -> Mode {
        if self.active {
            Mode::TextEntry
        } else {
            Mode::Navigate
        }
    }

    pub fn set_active(&mut self, on: bool) {
        self.active = on;
        self.field.set_focus(on);
    }

    pub fn text(&self) -> String {
        self.field.value()
    }

    pub fn set_text(&mut self, text: &str) {
        self.field.set_value(text);
    }

    /// Handles a key while the box is active.
    pub fn update(&mut self, action: &Action) -> SearchStep {
        match action {
            Action::Input(key) => {
                let before = self.field.value();
                self.field.input(*key);
                if self.field.value() == before {
                    SearchStep::Ignored
                } else {
                    SearchStep::Changed
                }
            }
            Action::Submit | Action::Back | Action::NextField | Action::PrevField => {
                self.set_active(false);
                SearchStep::Left
            }
            _ => SearchStep::Ignored,
        }
    }

    /// The bar on the first row of `area` (a blank row under it); returns the rest, for
    /// the list it searches.
    pub fn render_above(&self, area: Rect, buf: &mut Buffer, theme: &Theme) -> Rect {
        let [bar, rest] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Length(2),
            ratatui::layout::Constraint::Min(1),
        ])
        .areas(area);
        self.render(bar, buf, theme);
        rest
    }

    /// One row: the label and the text.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let label_style = if self.active {
            theme.focus
        } else {
            theme.heading
        };
        let label = format!("{}: ", self.label);
        let label_width = label.chars().count() as u16 + 2;
        Line::from(vec![
            Span::styled(if self.active { "▸ " } else { "  " }, theme.focus),
            Span::styled(label, label_style),
        ])
        .render(area, buf);
        self.field.render_value(
            Rect {
                x: area.x + label_width,
                width: area.width.saturating_sub(label_width),
                height: 1,
                ..area
            },
            buf,
            theme,
        );
    }
}
