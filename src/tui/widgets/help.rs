//! The `?` overlay: every key of the current screen, then the keys that work everywhere.

use super::footer::Hint;
use super::layout::centered;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

pub fn render(
    title: &str,
    screen: &[Hint],
    global: &[Hint],
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let key_width = screen
        .iter()
        .chain(global)
        .map(|h| h.key.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    let row = |h: &Hint| {
        Line::from(vec![
            Span::styled(format!("  {:<key_width$}", h.key), theme.key),
            Span::raw(h.what.to_string()),
        ])
    };
    let mut lines: Vec<Line> = screen.iter().map(row).collect();
    if !global.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("  Everywhere", theme.heading));
        lines.extend(global.iter().map(row));
    }
    lines.push(Line::raw(""));
    // On a short terminal the general keys give way first; how to close always shows.
    let room = area.height.saturating_sub(3) as usize;
    if lines.len() > room && room >= 2 {
        lines.truncate(room - 1);
        lines.push(Line::styled("  … more on a taller terminal", theme.dim));
    }
    lines.push(Line::styled("  Esc or ? closes this help", theme.dim));
    let width = lines.iter().map(Line::width).max().unwrap_or(20) as u16 + 4;
    let height = lines.len() as u16 + 2;
    let popup = centered(area, width.max(40), height);
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_style(theme.border)
                .title(format!(" Help: {title} ")),
        )
        .render(popup, buf);
}
