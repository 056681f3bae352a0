//! Cancelling an appointment (R7): a destructive action, so it shows what is cancelled and
//! asks for a reason first. Enter cancels; Esc keeps the appointment.

use super::fmt_when;
use crate::domain::Appointment;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::field::TextField;
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

pub struct CancelScreen {
    appointment: Appointment,
    form: Form,
    /// A doctor or the front desk cancels on the patient's behalf: names the patient.
    staff: bool,
}

impl CancelScreen {
    pub fn new(appointment: Appointment) -> CancelScreen {
        CancelScreen {
            appointment,
            form: Form::new(vec![Field::Text(TextField::new("Reason"))]),
            staff: false,
        }
    }

    /// Cancelling someone else's appointment: the dialog names the patient and their phone.
    pub fn for_staff(appointment: Appointment) -> CancelScreen {
        CancelScreen {
            staff: true,
            ..CancelScreen::new(appointment)
        }
    }

    pub fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
}

impl Screen for CancelScreen {
    fn title(&self) -> String {
        "Cancel appointment".into()
    }

    fn mode(&self) -> Mode {
        Mode::TextEntry
    }

    fn hints(&self) -> Vec<Hint> {
        vec![hint("Enter", "cancel it"), hint("Esc", "keep it")]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Input(key) => self.form.input(*key),
            Action::Back => return Outcome::Pop(1, Some(Message::info("Kept."))),
            Action::Submit => {
                let Some(reason) = self.form.optional(0) else {
                    return Outcome::Message(Message::error(if self.staff {
                        "Please give a reason; the patient is told why."
                    } else {
                        "Please say why you are cancelling."
                    }));
                };
                return match ctx
                    .clinic
                    .cancel(&ctx.actor(), self.appointment.id, Some(&reason))
                {
                    Ok(a) if self.staff => Outcome::Pop(
                        1,
                        Some(Message::info(format!(
                            "Cancelled {}'s {} appointment with {}; the slot is free.",
                            a.patient_name,
                            fmt_when(a.start),
                            a.doctor_name
                        ))),
                    ),
                    Ok(a) => Outcome::Pop(
                        1,
                        Some(Message::info(format!(
                            "Cancelled your {} appointment with {}.",
                            fmt_when(a.start),
                            a.doctor_name
                        ))),
                    ),
                    Err(e) => Outcome::error(&e),
                };
            }
            _ => {}
        }
        Outcome::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let panel = centered(area, 64, 9);
        let block = Block::bordered()
            .border_style(theme.error)
            .title(" Cancel this appointment? ");
        let inner = block.inner(panel);
        block.render(panel, buf);
        let a = &self.appointment;
        let lines = if self.staff {
            vec![
                Line::from(vec![
                    Span::styled("  ", theme.heading),
                    Span::styled(fmt_when(a.start), theme.heading),
                    Span::raw(format!(" with {}", a.doctor_name)),
                ]),
                Line::from(vec![
                    Span::styled("  Patient: ", theme.heading),
                    Span::raw(format!(
                        "{}  {}",
                        a.patient_name,
                        a.patient_phone.as_deref().unwrap_or("no phone")
                    )),
                ]),
                Line::raw(""),
                Line::styled(
                    "  The slot is freed at once. Why is it cancelled?",
                    theme.dim,
                ),
            ]
        } else {
            vec![
                Line::raw(""),
                Line::from(vec![
                    Span::styled("  ", theme.heading),
                    Span::styled(fmt_when(a.start), theme.heading),
                    Span::raw(format!(" with {} ({})", a.doctor_name, a.specialty)),
                ]),
                Line::raw(""),
                Line::styled(
                    "  The slot is freed at once. Why are you cancelling?",
                    theme.dim,
                ),
            ]
        };
        Paragraph::new(lines).render(Rect { height: 4, ..inner }, buf);
        self.form.render(
            Rect {
                y: inner.y + 5,
                height: 1,
                ..inner
            },
            buf,
            theme,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;
    use crate::service::{BookRequest, SlotFilter};
    use crate::tui::screens::fixture;

    #[test]
    fn asks_for_a_reason_then_cancels() {
        let clinic = fixture::demo_clinic();
        let session = fixture::patient(&clinic);
        let ctx = fixture::ctx(&clinic, &session);
        let mut f = SlotFilter::day(fixture::now().date().succ_opt().unwrap());
        f.free_only = true;
        let slot = clinic.slots(&session.actor, &f).unwrap().remove(0);
        let a = clinic
            .book(
                &session.actor,
                &BookRequest {
                    slot: slot.id,
                    patient: None,
                    reason: None,
                    override_reason: None,
                },
            )
            .unwrap();
        let mut s = CancelScreen::new(a.clone());
        assert!(matches!(
            s.update(&Action::Submit, &ctx),
            Outcome::Message(_)
        ));
        assert_eq!(
            clinic.appointment(&session.actor, a.id).unwrap().status,
            Status::Booked
        );
        s.form_mut().set_text(0, "feeling better");
        assert!(matches!(
            s.update(&Action::Submit, &ctx),
            Outcome::Pop(1, Some(_))
        ));
        let after = clinic.appointment(&session.actor, a.id).unwrap();
        assert_eq!(after.status, Status::Cancelled);
        assert_eq!(after.cancel_reason.as_deref(), Some("feeling better"));
    }
}
