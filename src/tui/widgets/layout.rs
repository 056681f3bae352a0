//! Geometry helpers and the "terminal too small" notice.

use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Smallest terminal the screens are drawn in; below it a notice is shown instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// A `width` × `height` rectangle centred in `area` (clamped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Draws `block` over `area` and returns the space inside it.
pub fn framed(block: ratatui::widgets::Block<'_>, area: Rect, buf: &mut Buffer) -> Rect {
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Says plainly that the window is too small, and how big it needs to be.
pub fn render_too_small(area: Rect, buf: &mut Buffer, theme: &Theme) {
    let text = vec![
        Line::styled("Terminal too small", theme.heading),
        Line::raw(format!(
            "Make it at least {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{}).",
            area.width, area.height
        )),
        Line::raw("Ctrl-C quits."),
    ];
    let box_area = centered(area, area.width, 3.min(area.height));
    Paragraph::new(text)
        .centered()
        .wrap(Wrap { trim: true })
        .render(box_area, buf);
}
