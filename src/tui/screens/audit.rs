//! The audit log, newest first, a page at a time (paged by event id from SQL): every change
//! and every login attempt, with who, what and any detail.

use crate::Result;
use crate::domain::audit::AuditEvent;
use crate::tui::action::Action;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::list::PAGE;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap,
};

pub struct AuditScreen {
    rows: Vec<AuditEvent>,
    cursor: usize,
    /// The `before` id of each page shown so far: the last is this page's.
    pages: Vec<Option<i64>>,
    has_more: bool,
}

impl Default for AuditScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl AuditScreen {
    pub fn new() -> AuditScreen {
        AuditScreen {
            rows: Vec::new(),
            cursor: 0,
            pages: vec![None],
            has_more: false,
        }
    }

    pub fn rows(&self) -> &[AuditEvent] {
        &self.rows
    }

    /// Which page is shown, from 1.
    pub fn page(&self) -> usize {
        self.pages.len()
    }

    fn page_down(&mut self, ctx: &Ctx) -> Outcome {
        let Some(last) = self.rows.last() else {
            return Outcome::None;
        };
        if !self.has_more {
            return Outcome::None;
        }
        self.pages.push(Some(last.id));
        self.cursor = 0;
        Outcome::from(self.reload(ctx).map(|_| Outcome::None))
    }

    fn page_up(&mut self, ctx: &Ctx) -> Outcome {
        if self.pages.len() <= 1 {
            return Outcome::None;
        }
        self.pages.pop();
        self.cursor = PAGE as usize - 1;
        Outcome::from(self.reload(ctx).map(|_| Outcome::None))
    }
}

impl Screen for AuditScreen {
    fn title(&self) -> String {
        "Audit log".into()
    }

    fn hints(&self) -> Vec<Hint> {
        vec![
            hint("↑↓", "move"),
            hint("PgUp PgDn", "older / newer page"),
            hint("g", "newest"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        let last = self.rows.len().saturating_sub(1);
        match action {
            Action::Down if self.cursor < last => self.cursor += 1,
            Action::Down | Action::PageDown => return self.page_down(ctx),
            Action::Up if self.cursor > 0 => self.cursor -= 1,
            Action::Up | Action::PageUp => return self.page_up(ctx),
            Action::First => {
                self.pages.truncate(1);
                self.cursor = 0;
                return Outcome::from(self.reload(ctx).map(|_| Outcome::None));
            }
            Action::Last => self.cursor = last,
            _ => {}
        }
        Outcome::None
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let before = self.pages.last().copied().flatten();
        let mut rows = ctx.clinic.audit_log(&ctx.actor(), PAGE + 1, before)?;
        self.has_more = rows.len() > PAGE as usize;
        rows.truncate(PAGE as usize);
        self.rows = rows;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Audit log, newest first ")
            .title_bottom(Line::styled(
                format!(
                    " page {}{} ",
                    self.page(),
                    if self.has_more {
                        ", older below"
                    } else {
                        ", the oldest"
                    }
                ),
                theme.dim,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let [table_area, detail] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(inner);
        let rows = self.rows.iter().map(|e| {
            Row::new(vec![
                Cell::from(e.at.format("%-d %b %H:%M").to_string()),
                Cell::from(e.username.clone().unwrap_or_else(|| "—".into())),
                Cell::from(e.action.clone()),
                Cell::from(e.subject.clone().unwrap_or_default()),
                Cell::from(e.detail.clone().unwrap_or_default()),
            ])
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(12),
                Constraint::Length(10),
                Constraint::Length(16),
                Constraint::Length(16),
                Constraint::Fill(1),
            ],
        )
        .header(Row::new(["When", "Who", "Action", "Subject", "Detail"]).style(theme.heading))
        .row_highlight_style(theme.selected)
        .highlight_symbol("▸ ");
        let mut state = TableState::default().with_selected(Some(self.cursor));
        StatefulWidget::render(table, table_area, buf, &mut state);
        if let Some(e) = self.rows.get(self.cursor) {
            Paragraph::new(vec![
                Line::raw(""),
                Line::styled(
                    format!(
                        " #{} {} {} {}",
                        e.id,
                        e.action,
                        e.subject.as_deref().unwrap_or(""),
                        e.detail.as_deref().unwrap_or("")
                    ),
                    theme.dim,
                ),
            ])
            .wrap(Wrap { trim: false })
            .render(detail, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixture;

    #[test]
    fn pages_older_and_back_to_the_newest() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        // Enough events for two pages.
        for _ in 0..PAGE {
            clinic.login("admin", crate::demo::DEMO_PASSWORD).unwrap();
        }
        let mut s = AuditScreen::new();
        s.reload(&ctx).unwrap();
        assert_eq!(s.rows().len(), PAGE as usize);
        let newest = s.rows()[0].id;
        assert!(s.rows().windows(2).all(|w| w[0].id > w[1].id));
        s.update(&Action::PageDown, &ctx);
        assert_eq!(s.page(), 2);
        assert!(s.rows()[0].id < newest - i64::from(PAGE) + 1);
        s.update(&Action::Up, &ctx);
        assert_eq!(s.page(), 1);
        s.update(&Action::PageDown, &ctx);
        s.update(&Action::First, &ctx);
        assert_eq!(s.page(), 1);
        assert_eq!(s.rows()[0].id, newest);
    }
}
