//! One patient's appointments, newest first, as the front desk (or a related doctor) sees
//! them: when, with whom, status, reason and any cancellation. `c` cancels a booked one
//! with a reason.

use super::fmt_dated;
use super::visit::{self, CancelDialog, CancelField};
use crate::Result;
use crate::domain::{Appointment, PatientId, Status};
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use crate::tui::widgets::text::title;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Widget};

pub struct HistoryScreen {
    patient: PatientId,
    name: String,
    list: List<Appointment>,
}

impl HistoryScreen {
    pub fn new(patient: PatientId, name: String) -> Dialogs<HistoryScreen> {
        Dialogs::new(HistoryScreen {
            patient,
            name,
            list: List::new(
                vec![
                    col("When", Constraint::Length(18)),
                    col("Doctor", Constraint::Fill(2)),
                    col("Status", Constraint::Length(10)),
                    col("Reason", Constraint::Fill(2)),
                ],
                "No appointments yet.",
            ),
        })
    }

    pub fn rows(&self) -> &[Appointment] {
        self.list.rows()
    }
}

impl Asking for HistoryScreen {
    type Ask = Appointment;
    type Field = CancelField;

    fn title(&self) -> String {
        "History".into()
    }

    fn commands(&self) -> Vec<Command> {
        let booked = self
            .list
            .selected()
            .is_some_and(|a| a.status == Status::Booked);
        let mut list = vec![
            cmd(Action::Cancel, "cancel, with a reason").only_if(booked, "on a booked visit"),
            cmd(Action::Back, "back"),
        ];
        list.extend(list_moves());
        list
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<CancelDialog> {
        visit::ask_cancel(action, self.list.selected(), true)
    }

    fn answer(&mut self, d: &CancelDialog, ctx: &Ctx) -> Result<Reply<Appointment, CancelField>> {
        visit::answer_cancel(d, ctx)
    }

    fn update(&mut self, action: &Action, _: &Ctx) -> Outcome {
        match action {
            Action::Back => Outcome::Pop(1, None),
            Action::Cancel => Outcome::info("Nothing selected."),
            a => self.list.follow(a),
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let rows = ctx.clinic.history(&ctx.actor(), self.patient)?;
        self.list.set_all(rows);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(title(&format!("History of {}", self.name), area.width))
            .title_bottom(Line::styled(
                format!(
                    " {} ",
                    crate::domain::text::count(self.list.rows().len(), "appointment")
                ),
                theme.dim,
            ));
        let inner = framed(block, area, buf);
        let [table, detail] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
        self.list.render(table, buf, theme, true, |a| {
            Row::new(vec![
                Cell::from(fmt_dated(a.start)),
                Cell::from(a.doctor_name.as_str()),
                Cell::from(a.status.words()),
                Cell::from(a.reason.as_deref().unwrap_or_default()),
            ])
            .style(if a.status == Status::Cancelled {
                theme.dim
            } else {
                ratatui::style::Style::default()
            })
        });
        if let Some(a) = self.list.selected() {
            let mut text = format!(" {} ({})", a.doctor_name, a.specialty);
            if let Some(why) = &a.cancel_reason {
                text.push_str(&format!(
                    " · cancelled by {}: {why}",
                    a.cancelled_by.as_deref().unwrap_or("the clinic")
                ));
            }
            if a.reschedules > 0 {
                text.push_str(&format!(" · moved {}×", a.reschedules));
            }
            Paragraph::new(vec![Line::raw(""), Line::styled(text, theme.dim)]).render(detail, buf);
        }
    }
}
