//! The audit log, newest first, a page at a time (paged by event id from SQL): every change
//! and every sign-in attempt, with who, what and any detail, in plain words.

use super::fmt_dated;
use crate::Result;
use crate::domain::audit::AuditEvent;
use crate::tui::action::Action;
use crate::tui::command::{Command, cmd};
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, PAGE, col};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Widget, Wrap};

pub struct AuditScreen {
    list: List<AuditEvent>,
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
            list: List::new(
                vec![
                    col("When", Constraint::Length(17)),
                    col("Who", Constraint::Length(10)),
                    col("Action", Constraint::Length(16)),
                    col("Subject", Constraint::Length(16)),
                    col("Detail", Constraint::Fill(1)),
                ],
                "Nothing recorded yet.",
            ),
            pages: vec![None],
            has_more: false,
        }
    }

    pub fn rows(&self) -> &[AuditEvent] {
        self.list.rows()
    }

    /// Which page is shown, from 1.
    pub fn page(&self) -> usize {
        self.pages.len()
    }

    fn older(&mut self, ctx: &Ctx) -> Outcome {
        let Some(last) = self.list.rows().last().filter(|_| self.has_more) else {
            return Outcome::None;
        };
        self.pages.push(Some(last.id));
        self.list.reset();
        Outcome::from(self.reload(ctx).map(|_| Outcome::None))
    }

    fn newer(&mut self, ctx: &Ctx) -> Outcome {
        if self.pages.len() <= 1 {
            return Outcome::None;
        }
        self.pages.pop();
        self.list.reset();
        let out = Outcome::from(self.reload(ctx).map(|_| Outcome::None));
        self.list.step(&Action::Last);
        out
    }
}

impl Screen for AuditScreen {
    fn title(&self) -> String {
        "Audit log".into()
    }

    fn commands(&self) -> Vec<Command> {
        vec![
            cmd(Action::Down, "older"),
            cmd(Action::Up, "newer"),
            cmd(Action::PageDown, "older page"),
            cmd(Action::PageUp, "newer page"),
            cmd(Action::First, "the newest"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        let at_end = self.list.cursor() + 1 >= self.list.rows().len();
        match action {
            Action::Down if at_end => self.older(ctx),
            Action::PageDown => self.older(ctx),
            Action::Up if self.list.cursor() == 0 => self.newer(ctx),
            Action::PageUp => self.newer(ctx),
            Action::First => {
                self.pages.truncate(1);
                self.list.reset();
                Outcome::from(self.reload(ctx).map(|_| Outcome::None))
            }
            a => self.list.follow(a),
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let before = self.pages.last().copied().flatten();
        let rows = ctx.clinic.audit_log(&ctx.actor(), PAGE + 1, before)?;
        self.has_more = rows.len() > PAGE as usize;
        self.list.set_rows(rows);
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
        let inner = framed(block, area, buf);
        let [table, detail] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(inner);
        self.list.render(table, buf, theme, true, |e| {
            Row::new(vec![
                Cell::from(fmt_dated(e.at)),
                Cell::from(e.username.as_deref().unwrap_or("the clinic")),
                Cell::from(e.action.replace('_', " ")),
                Cell::from(e.subject.as_deref().unwrap_or_default()),
                Cell::from(e.detail.as_deref().unwrap_or_default()),
            ])
        });
        if let Some(e) = self.list.selected() {
            Paragraph::new(vec![
                Line::raw(""),
                Line::styled(
                    format!(
                        " {} at {}: {} {}",
                        e.action.replace('_', " "),
                        e.at.format("%H:%M:%S"),
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
