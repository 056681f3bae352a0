//! The footer: the keys that work on the current screen right now, as many as fit; the
//! keys that work everywhere on the right.

use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// A key and what it does, for the footer and the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub key: &'static str,
    pub what: &'static str,
}

/// Shorthand for a [`Hint`].
pub const fn hint(key: &'static str, what: &'static str) -> Hint {
    Hint { key, what }
}

fn width(h: &Hint) -> usize {
    h.key.chars().count() + h.what.chars().count() + 3
}

fn spans<'a>(hints: &[Hint], theme: &Theme, spans: &mut Vec<Span<'a>>) {
    for h in hints {
        spans.push(Span::styled(h.key, theme.key));
        spans.push(Span::styled(format!(" {}  ", h.what), theme.dim));
    }
}

/// Draws `left` from the left edge and `right` against the right edge; left hints that do
/// not fit are left out (the help overlay has them all).
pub fn render(left: &[Hint], right: &[Hint], area: Rect, buf: &mut Buffer, theme: &Theme) {
    let right_width: usize = right.iter().map(width).sum();
    let mut room = (area.width as usize).saturating_sub(right_width + 1);
    let fitting: Vec<Hint> = left
        .iter()
        .take_while(|h| {
            let w = width(h);
            if w <= room {
                room -= w;
                true
            } else {
                false
            }
        })
        .copied()
        .collect();
    let mut l = vec![Span::raw(" ")];
    spans(&fitting, theme, &mut l);
    Line::from(l).render(area, buf);
    let mut r = Vec::new();
    spans(right, theme, &mut r);
    let x = area.right().saturating_sub(right_width as u16);
    if x > area.x {
        Line::from(r).render(
            Rect {
                x,
                width: right_width as u16,
                ..area
            },
            buf,
        );
    }
}
