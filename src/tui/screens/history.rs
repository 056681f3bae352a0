//! One patient's appointments, newest first, as the front desk (or a related doctor) sees
//! them: when, with whom, status, reason and any cancellation. `c` cancels a booked one
//! with a reason.

use super::cancel::CancelScreen;
use super::{fmt_when, status_text};
use crate::Result;
use crate::domain::{Appointment, PatientId, Status};
use crate::tui::action::Action;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::footer::{Hint, hint};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

pub struct HistoryScreen {
    patient: PatientId,
    name: String,
    rows: Vec<Appointment>,
    cursor: usize,
}

impl HistoryScreen {
    pub fn new(patient: PatientId, name: String) -> HistoryScreen {
        HistoryScreen {
            patient,
            name,
            rows: Vec::new(),
            cursor: 0,
        }
    }

    pub fn rows(&self) -> &[Appointment] {
        &self.rows
    }
}

impl Screen for HistoryScreen {
    fn title(&self) -> String {
        "History".into()
    }

    fn hints(&self) -> Vec<Hint> {
        let mut h = vec![hint("↑↓", "move")];
        if self
            .rows
            .get(self.cursor)
            .is_some_and(|a| a.status == Status::Booked)
        {
            h.push(hint("c", "cancel"));
        }
        h.push(hint("Esc", "back"));
        h
    }

    fn help(&self) -> Vec<Hint> {
        vec![
            hint("↑↓ j k", "move"),
            hint("Home End", "newest / oldest"),
            hint("c", "cancel the selected booked appointment, with a reason"),
            hint("Esc", "back"),
        ]
    }

    fn update(&mut self, action: &Action, _ctx: &Ctx) -> Outcome {
        let last = self.rows.len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(10),
            Action::PageDown => self.cursor = (self.cursor + 10).min(last),
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = last,
            Action::Back => return Outcome::Pop(1, None),
            Action::Cancel => {
                return match self.rows.get(self.cursor) {
                    Some(a) => Outcome::Push(Box::new(CancelScreen::for_staff(a.clone()))),
                    None => Outcome::None,
                };
            }
            _ => {}
        }
        Outcome::None
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        self.rows = ctx.clinic.history(&ctx.actor(), self.patient)?;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(format!(" History of {} ", self.name))
            .title_bottom(Line::styled(
                format!(" {} appointments ", self.rows.len()),
                theme.dim,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        if self.rows.is_empty() {
            Paragraph::new(" No appointments yet.").render(inner, buf);
            return;
        }
        let [table_area, detail] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
        let rows = self.rows.iter().map(|a| {
            Row::new(vec![
                Cell::from(fmt_when(a.start)),
                Cell::from(a.doctor_name.clone()),
                Cell::from(status_text(a.status)),
                Cell::from(a.reason.clone().unwrap_or_default()),
            ])
            .style(if a.status == Status::Cancelled {
                theme.dim
            } else {
                ratatui::style::Style::default()
            })
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Fill(2),
                Constraint::Length(10),
                Constraint::Fill(2),
            ],
        )
        .header(Row::new(["When", "Doctor", "Status", "Reason"]).style(theme.heading))
        .row_highlight_style(theme.selected)
        .highlight_symbol("▸ ");
        let mut state = TableState::default().with_selected(Some(self.cursor));
        StatefulWidget::render(table, table_area, buf, &mut state);
        if let Some(a) = self.rows.get(self.cursor) {
            let mut text = format!(" {} ({})", a.doctor_name, a.specialty);
            if let Some(why) = &a.cancel_reason {
                text.push_str(&format!(
                    " · cancelled by {}: {why}",
                    a.cancelled_by.as_deref().unwrap_or("?")
                ));
            }
            if a.reschedules > 0 {
                text.push_str(&format!(" · moved {}×", a.reschedules));
            }
            Paragraph::new(vec![Line::raw(""), Line::styled(text, theme.dim)]).render(detail, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixture;

    #[test]
    fn shows_the_patients_appointments_newest_first() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let p = clinic
            .patients(&admin.actor, None, false, 1, 0)
            .unwrap()
            .remove(0);
        let mut s = HistoryScreen::new(p.id, p.full_name.clone());
        s.reload(&ctx).unwrap();
        assert!(!s.rows().is_empty());
        assert!(s.rows().iter().all(|a| a.patient_id == p.id));
        assert!(s.rows().windows(2).all(|w| w[0].start >= w[1].start));
        assert!(matches!(
            s.update(&Action::Back, &ctx),
            Outcome::Pop(1, None)
        ));
    }
}
