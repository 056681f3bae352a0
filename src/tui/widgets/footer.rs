//! The footer: the keys that work on the current screen right now, as many as fit; the
//! keys that work everywhere on the right. Derived from the screen's commands.

use super::text::width;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// A key and what it does, ready to draw.
fn entries(commands: &[Command], mode: Mode) -> Vec<(String, &'static str)> {
    commands
        .iter()
        .filter(|c| c.footer && c.now)
        // The footer names an action's main key only; the help lists them all.
        .map(|c| {
            let keys = c.keys(mode);
            let main = keys.split(' ').next().unwrap_or_default().to_string();
            (main, c.what)
        })
        .filter(|(keys, _)| !keys.is_empty())
        .collect()
}

fn entry_width((keys, what): &(String, &str)) -> usize {
    width(keys) + width(what) + 3
}

fn spans(entries: &[(String, &'static str)], theme: &Theme, out: &mut Vec<Span<'static>>) {
    for (keys, what) in entries {
        out.push(Span::styled(keys.clone(), theme.key));
        out.push(Span::styled(format!(" {what}  "), theme.dim));
    }
}

/// Draws `left` from the left edge and `right` against the right edge; left commands that
/// do not fit are left out (the help overlay has them all).
pub fn render(
    left: &[Command],
    right: &[Command],
    mode: Mode,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let right = entries(right, mode);
    let right_width: usize = right.iter().map(entry_width).sum();
    let mut room = (area.width as usize).saturating_sub(right_width + 1);
    let fitting: Vec<(String, &'static str)> = entries(left, mode)
        .into_iter()
        .take_while(|e| {
            let w = entry_width(e);
            if w <= room {
                room -= w;
                true
            } else {
                false
            }
        })
        .collect();
    let mut l = vec![Span::raw(" ")];
    spans(&fitting, theme, &mut l);
    Line::from(l).render(area, buf);
    let mut r = Vec::new();
    spans(&right, theme, &mut r);
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
