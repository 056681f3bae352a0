//! Confirming a reschedule (R8): from the old time to the chosen slot, both or neither.

use super::{fmt_day, fmt_when};
use crate::domain::time::fmt_clock;
use crate::domain::{Appointment, Slot};
use crate::tui::action::Action;
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::layout::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

pub struct RescheduleScreen {
    appointment: Appointment,
    slot: Slot,
}

impl RescheduleScreen {
    pub fn new(appointment: Appointment, slot: Slot) -> RescheduleScreen {
        RescheduleScreen { appointment, slot }
    }
}

impl Screen for RescheduleScreen {
    fn title(&self) -> String {
        "Move appointment".into()
    }

    fn hints(&self) -> Vec<Hint> {
        vec![hint("Enter", "move it"), hint("Esc", "pick another slot")]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Submit => {
                match ctx
                    .clinic
                    .reschedule(&ctx.actor(), self.appointment.id, self.slot.id, None)
                {
                    // Back past the slot finder to the appointments list.
                    Ok(a) => Outcome::Pop(
                        2,
                        Some(Message::info(format!(
                            "Moved to {} with {}.",
                            fmt_when(a.start),
                            a.doctor_name
                        ))),
                    ),
                    Err(e) => Outcome::error(&e),
                }
            }
            Action::Back => Outcome::Pop(1, None),
            _ => Outcome::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let panel = centered(area, 64, 8);
        let block = Block::bordered()
            .border_style(theme.focus)
            .title(" Move this appointment? ");
        let a = &self.appointment;
        let s = &self.slot;
        let row = |label: &str, value: String| {
            Line::from(vec![
                Span::styled(format!("  {label:<6}"), theme.heading),
                Span::raw(value),
            ])
        };
        Paragraph::new(vec![
            Line::raw(""),
            row(
                "From",
                format!(
                    "{}, {} with {}",
                    fmt_day(a.start.date()),
                    fmt_clock(a.start.time()),
                    a.doctor_name
                ),
            ),
            row(
                "To",
                format!(
                    "{}, {} with {}",
                    fmt_day(s.start.date()),
                    fmt_clock(s.start.time()),
                    s.doctor_name
                ),
            ),
            Line::raw(""),
            Line::styled("  The old time is freed once the move is made.", theme.dim),
        ])
        .block(block)
        .render(panel, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;
    use crate::service::{BookRequest, SlotFilter};
    use crate::tui::screens::fixture;

    #[test]
    fn enter_moves_the_appointment_and_goes_back_to_the_list() {
        let clinic = fixture::demo_clinic();
        let session = fixture::patient(&clinic);
        let ctx = fixture::ctx(&clinic, &session);
        let mut f = SlotFilter::day(fixture::now().date().succ_opt().unwrap());
        f.free_only = true;
        let free = clinic.slots(&session.actor, &f).unwrap();
        let booked = clinic
            .book(
                &session.actor,
                &BookRequest {
                    slot: free[0].id,
                    patient: None,
                    reason: None,
                    override_reason: None,
                },
            )
            .unwrap();
        let target = free.iter().find(|s| s.start >= booked.end).unwrap().clone();
        let mut s = RescheduleScreen::new(booked.clone(), target.clone());
        assert!(matches!(
            s.update(&Action::Submit, &ctx),
            Outcome::Pop(2, Some(_))
        ));
        let moved = clinic.appointment(&session.actor, booked.id).unwrap();
        assert_eq!(moved.slot_id, Some(target.id));
        assert_eq!(moved.status, Status::Booked);
        assert_eq!(moved.reschedules, 1);
        assert!(matches!(
            s.update(&Action::Back, &ctx),
            Outcome::Pop(1, None)
        ));
    }
}
