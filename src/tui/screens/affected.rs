//! R10: slots that carry bookings cannot be removed. When the library refuses a removal,
//! this screen lists the patients booked in that stretch of time; Enter cancels the
//! selected appointment with a reason (a dialog), and once nobody is left Enter removes the
//! slots (one library call for the whole stretch).

use super::fmt_when;
use super::visit::{self, CancelDialog, CancelField};
use crate::Result;
use crate::domain::text::count;
use crate::domain::time::fmt_clock;
use crate::domain::{Appointment, DoctorId};
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use crate::tui::widgets::text::{title, wrap};
use chrono::{NaiveDate, NaiveTime};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Widget};

/// A stretch of a doctor's day to clear of slots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub doctor: DoctorId,
    pub doctor_name: String,
    pub date: NaiveDate,
    pub from: NaiveTime,
    pub to: NaiveTime,
}

pub struct AffectedScreen {
    removal: Removal,
    /// Why the library refused.
    refusal: String,
    list: List<Appointment>,
}

impl AffectedScreen {
    pub fn new(removal: Removal, refusal: String) -> Dialogs<AffectedScreen> {
        Dialogs::new(AffectedScreen {
            removal,
            refusal,
            list: List::new(
                vec![
                    col("When", Constraint::Length(16)),
                    col("Patient", Constraint::Fill(2)),
                    col("Phone", Constraint::Length(16)),
                    col("Status", Constraint::Length(10)),
                ],
                "Nobody is booked on them any more. Enter removes the slots.",
            ),
        })
    }

    /// The active appointments still in the way.
    pub fn booked(&self) -> &[Appointment] {
        self.list.rows()
    }

    fn remove_all(&mut self, ctx: &Ctx) -> Outcome {
        let r = &self.removal;
        match ctx
            .clinic
            .remove_slots_in_range(&ctx.actor(), r.doctor, r.date, (r.from, r.to))
        {
            Ok(n) => Outcome::Pop(
                1,
                Some(Message::info(format!("Removed {}.", count(n, "slot")))),
            ),
            Err(e) => Outcome::error(&e),
        }
    }
}

impl Asking for AffectedScreen {
    type Ask = Appointment;
    type Field = CancelField;

    fn title(&self) -> String {
        "Booked slots".into()
    }

    fn commands(&self) -> Vec<Command> {
        let clear = self.list.is_empty();
        let mut list = vec![
            cmd(Action::Submit, "cancel visit")
                .detail("cancel the selected visit, with a reason the patient is told")
                .only_if(!clear, "while someone is booked"),
            cmd(Action::Submit, "remove the slots").only_if(clear, "once nobody is booked"),
            cmd(Action::Back, "keep everything"),
        ];
        list.extend(list_moves());
        list
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<CancelDialog> {
        // Enter cancels the selected visit too: it is what this screen is for.
        let action = if *action == Action::Submit {
            &Action::Cancel
        } else {
            action
        };
        visit::ask_cancel(action, self.list.selected(), true)
    }

    fn answer(&mut self, d: &CancelDialog, ctx: &Ctx) -> Result<Reply<Appointment, CancelField>> {
        visit::answer_cancel(d, ctx)
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Back => Outcome::Pop(1, Some(Message::info("Nothing removed."))),
            Action::Submit if self.list.is_empty() => self.remove_all(ctx),
            Action::Cancel => Outcome::None,
            a => self.list.follow(a),
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let r = &self.removal;
        let booked = ctx
            .clinic
            .booked_in_range(&ctx.actor(), r.doctor, r.date, (r.from, r.to))?;
        self.list.set_all(booked);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let r = &self.removal;
        let block = Block::bordered().border_style(theme.error).title(title(
            &format!("{}: booked slots cannot be removed", r.doctor_name),
            area.width,
        ));
        let inner = framed(block, area, buf);
        let width = inner.width.saturating_sub(2) as usize;
        let mut top: Vec<Line> = wrap(&self.refusal, width)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), theme.error))
            .collect();
        top.push(Line::raw(format!(
            " Removing the slots of {}–{} needs these visits cancelled first:",
            fmt_clock(r.from),
            fmt_clock(r.to)
        )));
        let [top_area, table, bottom] = Layout::vertical([
            Constraint::Length(top.len() as u16 + 1),
            Constraint::Min(2),
            Constraint::Length(2),
        ])
        .areas(inner);
        Paragraph::new(top).render(top_area, buf);
        self.list.render(table, buf, theme, true, |a| {
            Row::new(vec![
                Cell::from(fmt_when(a.start)),
                Cell::from(a.patient_name.as_str()),
                Cell::from(a.patient_phone.as_deref().unwrap_or_default()),
                Cell::from(a.status.words()),
            ])
        });
        Paragraph::new(vec![Line::styled(
            " Each patient is told the reason you give. Esc keeps everything as it is.",
            theme.dim,
        )])
        .render(
            Rect {
                y: bottom.y + 1,
                height: 1,
                ..bottom
            },
            buf,
        );
    }
}
