//! A dialog box over a screen: a few lines of text, then an optional form. Used for the
//! range, copy, register and confirm dialogs of the staff screens.

use super::form::Form;
use super::layout::centered;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

/// Draws a centred box titled `title` with `lines` and, below them, `form`. A `danger` box
/// (destructive actions) is framed in the error style.
pub fn render(
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    title: &str,
    lines: Vec<Line<'_>>,
    form: Option<&Form>,
    danger: bool,
) {
    let text_height = lines.len() as u16;
    let form_height = form.map(|f| f.height() + 1).unwrap_or(0);
    let panel = centered(area, 72, text_height + form_height + 3);
    Clear.render(panel, buf);
    let block = Block::bordered()
        .border_style(if danger { theme.error } else { theme.focus })
        .title(format!(" {title} "));
    let inner = block.inner(panel);
    block.render(panel, buf);
    let text_area = Rect {
        y: inner.y + 1,
        height: text_height.min(inner.height.saturating_sub(1)),
        ..inner
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(text_area, buf);
    if let Some(form) = form {
        let y = text_area.bottom() + u16::from(text_height > 0);
        if y < inner.bottom() {
            form.render(
                Rect {
                    y,
                    height: inner.bottom() - y,
                    ..inner
                },
                buf,
                theme,
            );
        }
    }
}
