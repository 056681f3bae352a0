//! The `?` overlay: every command of the current screen, then the keys that work everywhere.
//! Derived from the same command lists as the footer.

use super::layout::centered;
use super::text::{width, wrap};
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

/// The help's rows: keys and what they do right now, without the duplicates a screen and
/// its list moves may share.
pub fn rows(commands: &[Command], mode: Mode) -> Vec<(String, String)> {
    distinct(
        commands
            .iter()
            .filter(|c| c.now)
            .map(|c| (c.keys(mode), c.described().to_string())),
    )
}

/// Every row a screen can show, each with when it applies: for the keys document.
pub fn all_rows(commands: &[Command], mode: Mode) -> Vec<(String, String)> {
    distinct(commands.iter().map(|c| {
        let what = match c.when {
            Some(when) => format!("{} ({when})", c.described()),
            None => c.described().to_string(),
        };
        (c.keys(mode), what)
    }))
}

fn distinct(rows: impl Iterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String)> = Vec::new();
    for row in rows {
        if !row.0.is_empty() && !seen.contains(&row) {
            seen.push(row);
        }
    }
    seen
}

pub fn render(
    title: &str,
    screen: &[Command],
    global: &[Command],
    mode: Mode,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let screen = rows(screen, mode);
    let global = rows(global, mode);
    let key_width = screen
        .iter()
        .chain(&global)
        .map(|(k, _)| width(k))
        .max()
        .unwrap_or(0)
        + 2;
    // A description too wide for the terminal goes on under itself, past the keys' column.
    let room_for_what = (area.width as usize).saturating_sub(4 + 2 + key_width);
    let row = |(keys, what): &(String, String)| {
        let pad = key_width.saturating_sub(width(keys));
        let mut parts = wrap(what, room_for_what).into_iter();
        let first = Line::from(vec![
            Span::styled(format!("  {keys}{}", " ".repeat(pad)), theme.key),
            Span::raw(parts.next().unwrap_or_default()),
        ]);
        let indent = " ".repeat(2 + key_width);
        std::iter::once(first).chain(parts.map(move |rest| Line::raw(format!("{indent}{rest}"))))
    };
    let mut lines: Vec<Line> = screen.iter().flat_map(row).collect();
    if !global.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("  Everywhere", theme.heading));
        lines.extend(global.iter().flat_map(row));
    }
    lines.push(Line::raw(""));
    // On a short terminal the general keys give way first; how to close always shows.
    let room = area.height.saturating_sub(3) as usize;
    if lines.len() > room && room >= 2 {
        lines.truncate(room - 1);
        lines.push(Line::styled("  … more on a taller terminal", theme.dim));
    }
    lines.push(Line::styled("  Esc or ? closes this help", theme.dim));
    let popup_width = lines.iter().map(Line::width).max().unwrap_or(20) as u16 + 4;
    let height = lines.len() as u16 + 2;
    let popup = centered(area, popup_width.max(40), height);
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_style(theme.border)
                .title(format!(" Help: {title} ")),
        )
        .render(popup, buf);
}
