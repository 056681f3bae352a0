//! Colours and emphasis in one place. `NO_COLOR` (any non-empty value) turns colours off and
//! keeps only bold, reverse and underline, so every state still shows without colour.

use ratatui::style::{Color, Modifier, Style};

/// The styles every screen draws with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// The title bar.
    pub header: Style,
    /// The active section in the title bar.
    pub tab_active: Style,
    /// Other sections in the title bar.
    pub tab: Style,
    /// The selected row of a list.
    pub selected: Style,
    /// Table headings and field labels.
    pub heading: Style,
    /// A key name in the footer or help.
    pub key: Style,
    /// Less important text.
    pub dim: Style,
    /// The focused field.
    pub focus: Style,
    /// Error messages.
    pub error: Style,
    /// Confirmations.
    pub info: Style,
    /// Frames of panels and dialogs.
    pub border: Style,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to a non-empty value.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::plain(),
            _ => Theme::color(),
        }
    }

    pub fn color() -> Theme {
        Theme {
            header: Style::new().fg(Color::White).bg(Color::Blue),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            tab: Style::new().fg(Color::White).bg(Color::Blue),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            focus: Style::new().fg(Color::Yellow),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            info: Style::new().fg(Color::Green),
            border: Style::new().fg(Color::Blue),
        }
    }

    /// No colours at all: emphasis by bold, reverse and underline only.
    pub fn plain() -> Theme {
        let none = Style::new();
        Theme {
            header: none.add_modifier(Modifier::REVERSED),
            tab_active: none.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            tab: none.add_modifier(Modifier::REVERSED),
            selected: none.add_modifier(Modifier::REVERSED),
            heading: none.add_modifier(Modifier::BOLD),
            key: none.add_modifier(Modifier::BOLD),
            dim: none,
            focus: none.add_modifier(Modifier::BOLD),
            error: none.add_modifier(Modifier::BOLD),
            info: none,
            border: none,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_theme_has_no_colours() {
        let t = Theme::plain();
        for s in [
            t.header,
            t.tab_active,
            t.tab,
            t.selected,
            t.heading,
            t.key,
            t.dim,
            t.focus,
            t.error,
            t.info,
            t.border,
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
        assert_ne!(
            t.selected,
            Style::new(),
            "the selection must still show without colour"
        );
    }
}
