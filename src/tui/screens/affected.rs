//! R10: slots that carry bookings cannot be removed. When the library refuses a removal,
//! this screen lists the patients booked on those slots; Enter cancels the selected
//! appointment with a reason (a dialog), and once nobody is left Enter removes the slots.

use super::cancel::CancelScreen;
use super::{fmt_when, status_text};
use crate::Result;
use crate::domain::appointment::AppointmentQuery;
use crate::domain::time::fmt_clock;
use crate::domain::{Appointment, Slot, SlotId};
use crate::tui::action::Action;
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::footer::{Hint, hint};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap,
};

pub struct AffectedScreen {
    doctor_name: String,
    slots: Vec<Slot>,
    /// Why the library refused.
    refusal: String,
    booked: Vec<Appointment>,
    cursor: usize,
}

impl AffectedScreen {
    pub fn new(doctor_name: String, slots: Vec<Slot>, refusal: String) -> AffectedScreen {
        AffectedScreen {
            doctor_name,
            slots,
            refusal,
            booked: Vec::new(),
            cursor: 0,
        }
    }

    /// The active appointments still in the way.
    pub fn booked(&self) -> &[Appointment] {
        &self.booked
    }

    fn remove_all(&mut self, ctx: &Ctx) -> Outcome {
        let ids: Vec<SlotId> = self.slots.iter().map(|s| s.id).collect();
        match ctx.clinic.remove_slots(&ctx.actor(), &ids) {
            Ok(n) => Outcome::Pop(
                1,
                Some(Message::info(format!(
                    "Removed {n} slot{}.",
                    if n == 1 { "" } else { "s" }
                ))),
            ),
            Err(e) => Outcome::error(&e),
        }
    }
}

impl Screen for AffectedScreen {
    fn title(&self) -> String {
        "Booked slots".into()
    }

    fn hints(&self) -> Vec<Hint> {
        if self.booked.is_empty() {
            vec![hint("Enter", "remove the slots"), hint("Esc", "keep them")]
        } else {
            vec![
                hint("Enter", "cancel with a reason"),
                hint("↑↓", "move"),
                hint("Esc", "keep all"),
            ]
        }
    }

    fn help(&self) -> Vec<Hint> {
        vec![
            hint("↑↓ j k", "move"),
            hint("Enter", "cancel the selected appointment, with a reason"),
            hint("Enter", "when nobody is left: remove the slots"),
            hint("Esc", "back to the schedule; nothing is removed"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => {
                self.cursor = (self.cursor + 1).min(self.booked.len().saturating_sub(1))
            }
            Action::Back => {
                return Outcome::Pop(1, Some(Message::info("Nothing removed.")));
            }
            Action::Submit | Action::Cancel => {
                return match self.booked.get(self.cursor) {
                    Some(a) => Outcome::Push(Box::new(CancelScreen::for_staff(a.clone()))),
                    None if *action == Action::Submit => self.remove_all(ctx),
                    None => Outcome::None,
                };
            }
            _ => {}
        }
        Outcome::None
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let (Some(first), Some(last)) = (self.slots.first(), self.slots.last()) else {
            return Ok(());
        };
        let ids: Vec<SlotId> = self.slots.iter().map(|s| s.id).collect();
        let q = AppointmentQuery {
            doctor: Some(first.doctor_id),
            from: Some(first.start),
            to: Some(last.end),
            ..Default::default()
        };
        self.booked = ctx
            .clinic
            .appointments(&ctx.actor(), &q)?
            .into_iter()
            .filter(|a| a.status.is_active() && a.slot_id.is_some_and(|s| ids.contains(&s)))
            .collect();
        self.cursor = self.cursor.min(self.booked.len().saturating_sub(1));
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered().border_style(theme.error).title(format!(
            " {}: booked slots cannot be removed ",
            self.doctor_name
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        let [top, table_area, bottom] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(2),
            Constraint::Length(3),
        ])
        .areas(inner);
        Paragraph::new(vec![
            Line::styled(format!(" {}", self.refusal), theme.error),
            Line::raw(format!(
                " Removing {} slot{} ({}–{}) needs these appointments cancelled first:",
                self.slots.len(),
                if self.slots.len() == 1 { "" } else { "s" },
                self.slots
                    .first()
                    .map(|s| fmt_clock(s.start.time()))
                    .unwrap_or_default(),
                self.slots
                    .last()
                    .map(|s| fmt_clock(s.end.time()))
                    .unwrap_or_default(),
            )),
        ])
        .wrap(Wrap { trim: false })
        .render(top, buf);
        if self.booked.is_empty() {
            Paragraph::new(vec![
                Line::raw(""),
                Line::styled(
                    " Nobody is booked on them any more. Enter removes the slots.",
                    theme.info,
                ),
            ])
            .render(table_area, buf);
        } else {
            let rows = self.booked.iter().map(|a| {
                Row::new(vec![
                    Cell::from(fmt_when(a.start)),
                    Cell::from(a.patient_name.clone()),
                    Cell::from(a.patient_phone.clone().unwrap_or_default()),
                    Cell::from(status_text(a.status)),
                ])
            });
            let table = Table::new(
                rows,
                [
                    Constraint::Length(16),
                    Constraint::Fill(2),
                    Constraint::Length(16),
                    Constraint::Length(10),
                ],
            )
            .header(Row::new(["When", "Patient", "Phone", "Status"]).style(theme.heading))
            .row_highlight_style(theme.selected)
            .highlight_symbol("▸ ");
            let mut state = TableState::default().with_selected(Some(self.cursor));
            StatefulWidget::render(table, table_area, buf, &mut state);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SlotState;
    use crate::service::SlotFilter;
    use crate::tui::screens::fixture;

    #[test]
    fn lists_the_booked_patients_and_removes_the_slots_once_they_are_cancelled() {
        let clinic = fixture::demo_clinic();
        let doctor = fixture::doctor(&clinic);
        let ctx = fixture::ctx(&clinic, &doctor);
        let mut f = SlotFilter::day(fixture::now().date().succ_opt().unwrap());
        f.doctor = doctor.actor.doctor_id();
        let slots: Vec<Slot> = clinic
            .slots(&doctor.actor, &f)
            .unwrap()
            .into_iter()
            .take(6)
            .collect();
        let booked: Vec<&Slot> = slots
            .iter()
            .filter(|s| s.state == SlotState::Booked)
            .collect();
        assert!(!booked.is_empty());
        let mut s = AffectedScreen::new("Dr. X".into(), slots.clone(), "refused".into());
        s.reload(&ctx).unwrap();
        assert_eq!(s.booked().len(), booked.len());
        for a in s.booked().to_vec() {
            clinic.cancel(&doctor.actor, a.id, Some("away")).unwrap();
        }
        s.reload(&ctx).unwrap();
        assert!(s.booked().is_empty());
        assert!(matches!(
            s.update(&Action::Submit, &ctx),
            Outcome::Pop(1, Some(_))
        ));
        assert!(
            clinic
                .slots(&doctor.actor, &f)
                .unwrap()
                .iter()
                .all(|x| !slots.iter().any(|y| y.id == x.id))
        );
    }
}
