//! The front desk's outbox (SPEC §11): every message to patients, newest first, paged from
//! SQL. Tab narrows to queued, sent, failed or skipped (each with its count); Enter shows a
//! message whole, with its error and tries; `R` queues a failed one again. Live like every
//! list: the sender's progress in another process shows within a second. While e-mail or
//! SMS is not set up, the screen says so and how to set it up.

use super::fmt_when;
use crate::Result;
use crate::domain::{Message, MessageStatus, Settings};
use crate::service::OutboxCounts;
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::Form;
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use crate::tui::widgets::text::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Widget};

/// The statuses the filter steps through; `None` is all of them.
const FILTERS: [Option<MessageStatus>; 5] = [
    None,
    Some(MessageStatus::Queued),
    Some(MessageStatus::Sent),
    Some(MessageStatus::Failed),
    Some(MessageStatus::Skipped),
];

/// What the screen's dialog shows: one message, whole.
#[derive(Debug, Clone)]
pub struct Show;

/// The detail has no fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoField;

pub struct OutboxScreen {
    filter: usize,
    list: List<Message>,
    counts: OutboxCounts,
    /// What is not set up, in a sentence (`None`: e-mail and SMS both are).
    not_set_up: Option<String>,
}

impl OutboxScreen {
    pub fn new() -> Dialogs<OutboxScreen> {
        Dialogs::new(OutboxScreen {
            filter: 0,
            list: List::new(
                vec![
                    col("When", Constraint::Length(12)),
                    col("Kind", Constraint::Length(12)),
                    col("Patient", Constraint::Fill(2)),
                    col("To", Constraint::Fill(3)),
                    col("Status", Constraint::Length(8)),
                ],
                "No messages yet: bookings, changes and reminders queue them here.",
            ),
            counts: OutboxCounts::default(),
            not_set_up: None,
        })
    }

    pub fn list(&self) -> &List<Message> {
        &self.list
    }

    /// Selects message `id` if it is on the page shown.
    pub fn list_select(&mut self, id: crate::domain::MessageId) -> bool {
        self.list.select(id.0)
    }

    pub fn not_set_up(&self) -> Option<&str> {
        self.not_set_up.as_deref()
    }

    fn status(&self) -> Option<MessageStatus> {
        FILTERS[self.filter]
    }

    fn count(&self, status: Option<MessageStatus>) -> u64 {
        match status {
            Some(s) => self.counts.of(s),
            None => MessageStatus::ALL.iter().map(|s| self.counts.of(*s)).sum(),
        }
    }
}

/// What is missing for messages to go, and how to set it up, or `None`.
fn missing(s: &Settings) -> Option<String> {
    let mail = s.smtp_url.is_some() && s.mail_from.is_some();
    let sms = s.sms_url.is_some();
    let how_mail = "e-mail with clinic settings --smtp-url smtp://HOST:587 --mail-from ADDRESS";
    let how_sms = "SMS with clinic settings --sms-url URL";
    let then = "then run clinic outbox send --watch (the README's Messages section)";
    match (mail, sms) {
        (true, true) => None,
        (false, false) => Some(format!(
            "Not sent: e-mail and SMS are not set up. Set up {how_mail}, SMS with --sms-url URL, {then}."
        )),
        (false, true) => Some(format!(
            "E-mails wait: e-mail is not set up. Set up {how_mail}, {then}."
        )),
        (true, false) => Some(format!(
            "Texts wait: SMS is not set up. Set up {how_sms}, {then}."
        )),
    }
}

/// "18 Jan 08:30": when a message is due or went.
fn when(t: chrono::NaiveDateTime) -> String {
    t.format("%-d %b %H:%M").to_string()
}

/// One message whole, for the detail dialog.
fn detail(m: &Message) -> Vec<String> {
    let mut lines = vec![
        format!(
            "{} by {} to {} ({})",
            m.kind,
            m.channel.words(),
            m.to,
            m.patient_name
        ),
        match m.sent_at {
            Some(at) => format!("Sent {} after {}.", fmt_when(at), tries(m.attempts)),
            None if m.attempts == 0 => {
                format!("{}; due {}; not tried yet.", m.status, fmt_when(m.due_at))
            }
            None => format!(
                "{}; due {}; {} so far.",
                m.status,
                fmt_when(m.due_at),
                tries(m.attempts)
            ),
        },
    ];
    if let Some(e) = &m.last_error {
        lines.push(match m.status {
            MessageStatus::Skipped => format!("Not sent: {e}."),
            _ => format!("Last error: {e}"),
        });
    }
    lines.push(String::new());
    if let Some(s) = &m.subject {
        lines.push(format!("Subject: {s}"));
        lines.push(String::new());
    }
    lines.extend(m.body.trim_end().lines().map(str::to_string));
    lines
}

fn tries(n: u32) -> String {
    match n {
        1 => "1 try".into(),
        n => format!("{n} tries"),
    }
}

impl Asking for OutboxScreen {
    type Ask = Show;
    type Field = NoField;

    fn title(&self) -> String {
        "Outbox".into()
    }

    fn commands(&self) -> Vec<Command> {
        let failed = self
            .list
            .selected()
            .is_some_and(|m| m.status == MessageStatus::Failed);
        let mut list = vec![
            cmd(Action::Submit, "read it")
                .detail("the whole message, its tries and its last error")
                .only_if(self.list.selected().is_some(), "on a message"),
            cmd(Action::Retry, "retry")
                .detail("queue a failed message again, due now, with a fresh round of tries")
                .only_if(failed, "on a failed message"),
            cmd(Action::NextField, "filter").detail("show all, queued, sent, failed, skipped"),
            cmd(Action::PrevField, "filter back").help_only(),
        ];
        list.extend(list_moves());
        list
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<Dialog<Show, NoField>> {
        match action {
            Action::Submit => {
                let m = self.list.selected()?;
                let mut d =
                    Dialog::new(Show, format!("Message {}", m.id), Form::empty()).done("close");
                d.lines = detail(m);
                Some(d)
            }
            _ => None,
        }
    }

    fn answer(&mut self, _: &Dialog<Show, NoField>, _: &Ctx) -> Result<Reply<Show, NoField>> {
        Ok(Outcome::None.into())
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Retry => match self.list.selected() {
                Some(m) if m.status == MessageStatus::Failed => {
                    let id = m.id;
                    Outcome::from(ctx.clinic.retry_message(&ctx.actor(), id).map(|m| {
                        Outcome::saved(format!(
                            "Message {} to {} is queued again; the sender tries it at its next run.",
                            m.id, m.patient_name
                        ))
                    }))
                }
                Some(m) => Outcome::info(format!(
                    "Only a failed message is retried; this one is {}.",
                    m.status
                )),
                None => Outcome::info("Nothing selected."),
            },
            Action::NextField | Action::PrevField | Action::Filter => {
                self.filter = action.cycle(self.filter, FILTERS.len());
                self.list.reset();
                Outcome::from(self.reload(ctx).map(|_| Outcome::None))
            }
            a => {
                if self.list.step(a) {
                    return Outcome::from(self.reload(ctx).map(|_| Outcome::None));
                }
                Outcome::None
            }
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let actor = ctx.actor();
        let rows = ctx.clinic.outbox(
            &actor,
            self.status(),
            None,
            List::<Message>::fetch_limit(),
            self.list.offset(),
        )?;
        self.counts = ctx.clinic.outbox_counts(&actor)?;
        self.not_set_up = missing(&ctx.clinic.settings()?);
        self.list.set_empty(match self.status() {
            None => "No messages yet: bookings, changes and reminders queue them here.".to_string(),
            Some(s) => format!("No {s} messages."),
        });
        self.list.set_rows(rows);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Messages to patients ")
            .title_bottom(Line::styled(
                format!(" {} ", self.list.range_text("messages")),
                theme.dim,
            ));
        let inner = framed(block, area, buf);
        let width = inner.width.saturating_sub(2) as usize;
        let warning: Vec<String> = self
            .not_set_up
            .as_deref()
            .map(|w| wrap(w, width).into_iter().take(3).collect())
            .unwrap_or_default();
        let [tab_area, warn_area, table_area, detail_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(warning.len() as u16),
            Constraint::Min(2),
            Constraint::Length(2),
        ])
        .areas(inner);
        let mut tabs = vec![Span::raw(" ")];
        for (i, status) in FILTERS.iter().enumerate() {
            let name = status.map_or("all", MessageStatus::as_str);
            let style = if i == self.filter {
                theme.tab_active
            } else {
                theme.dim
            };
            tabs.push(Span::styled(
                format!(" {name} {} ", self.count(*status)),
                style,
            ));
        }
        Line::from(tabs).render(tab_area, buf);
        Paragraph::new(
            warning
                .iter()
                .map(|l| Line::styled(format!(" {l}"), theme.error))
                .collect::<Vec<_>>(),
        )
        .render(warn_area, buf);
        self.list.render(table_area, buf, theme, true, |m| {
            let style = match m.status {
                MessageStatus::Failed => theme.error,
                MessageStatus::Skipped => theme.dim,
                _ => ratatui::style::Style::default(),
            };
            Row::new(vec![
                Cell::from(when(m.sent_at.unwrap_or(m.due_at))),
                Cell::from(m.kind.as_str()),
                Cell::from(m.patient_name.as_str()),
                Cell::from(m.to.as_str()),
                Cell::from(m.status.as_str()),
            ])
            .style(style)
        });
        if let Some(m) = self.list.selected() {
            let what = m
                .subject
                .clone()
                .unwrap_or_else(|| m.body.trim().to_string());
            let mut lines = vec![Line::styled(format!(" {what}"), theme.dim)];
            if let Some(e) = &m.last_error {
                let said = match m.status {
                    MessageStatus::Skipped => format!(" not sent: {e}"),
                    _ => format!(" {} · {e}", tries(m.attempts)),
                };
                lines.push(Line::styled(said, theme.dim));
            }
            Paragraph::new(lines).render(detail_area, buf);
        }
    }
}
