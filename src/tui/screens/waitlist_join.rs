//! Joining the waitlist for a day: with one doctor, or any doctor of a specialty.

use super::fmt_day;
use crate::domain::DoctorId;
use crate::service::WaitlistTarget;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::field::{Choice, TextField};
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::centered;
use crate::{Error, Result};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

pub const F_DATE: usize = 0;
pub const F_DOCTOR: usize = 1;
pub const F_SPECIALTY: usize = 2;

pub struct WaitlistJoinScreen {
    form: Form,
    doctor: Option<DoctorId>,
    specialty: Option<String>,
}

impl WaitlistJoinScreen {
    pub fn new(date: NaiveDate, doctor: Option<DoctorId>, specialty: Option<String>) -> Self {
        WaitlistJoinScreen {
            form: Form::new(vec![
                Field::Text(
                    TextField::new("Day")
                        .with_value(&crate::domain::time::fmt_date(date))
                        .hint("YYYY-MM-DD"),
                ),
                Field::Choice(Choice::new("Doctor", Vec::new())),
                Field::Choice(Choice::new("Specialty", Vec::new())),
            ]),
            doctor,
            specialty,
        }
    }

    pub fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn target(&self) -> Result<WaitlistTarget> {
        if let Some(d) = self.form.optional(F_DOCTOR).and_then(|d| d.parse().ok()) {
            return Ok(WaitlistTarget::Doctor(DoctorId(d)));
        }
        match self.form.optional(F_SPECIALTY) {
            Some(s) => Ok(WaitlistTarget::Specialty(s)),
            None => Err(Error::invalid("choose a doctor or a specialty to wait for")),
        }
    }

    fn submit(&mut self, ctx: &Ctx) -> Outcome {
        let joined = self.target().and_then(|t| {
            ctx.clinic
                .join_waitlist(&ctx.actor(), None, &t, &self.form.value(F_DATE))
        });
        match joined {
            Ok(e) => Outcome::Pop(
                1,
                Some(Message::info(format!(
                    "On the waitlist for {}; a freed slot will be held for you.",
                    fmt_day(e.date)
                ))),
            ),
            Err(e) => Outcome::error(&e),
        }
    }
}

impl Screen for WaitlistJoinScreen {
    fn title(&self) -> String {
        "Join the waitlist".into()
    }

    fn mode(&self) -> Mode {
        Mode::TextEntry
    }

    fn hints(&self) -> Vec<Hint> {
        vec![
            hint("Enter", "join"),
            hint("Tab", "next field"),
            hint("←→", "choose"),
            hint("Esc", "back"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Back => return Outcome::Pop(1, None),
            Action::Submit => return self.submit(ctx),
            other => {
                self.form.edit(other);
            }
        }
        Outcome::None
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let doctors = ctx.clinic.doctors(None)?;
        let specialties = ctx.clinic.specialties()?;
        if let Some(c) = self.form.choice_mut(F_DOCTOR) {
            c.set_options(
                std::iter::once(("any doctor of the specialty".to_string(), String::new()))
                    .chain(doctors.iter().map(|d| {
                        (
                            format!("{} ({})", d.full_name, d.specialty),
                            d.id.0.to_string(),
                        )
                    }))
                    .collect(),
            );
            if let Some(d) = self.doctor.take() {
                c.select(&d.0.to_string());
            }
        }
        if let Some(c) = self.form.choice_mut(F_SPECIALTY) {
            c.set_options(
                std::iter::once(("none chosen".to_string(), String::new()))
                    .chain(specialties.iter().map(|s| (s.clone(), s.clone())))
                    .collect(),
            );
            if let Some(s) = self.specialty.take() {
                c.select(&s);
            }
        }
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let panel = centered(area, 70, 11);
        let block = Block::bordered()
            .border_style(theme.focus)
            .title(" Join the waitlist ");
        let inner = block.inner(panel);
        block.render(panel, buf);
        let form = Rect {
            x: inner.x + 1,
            y: inner.y + 1,
            width: inner.width.saturating_sub(2),
            height: self.form.height(),
        };
        self.form.render(form, buf, theme);
        Paragraph::new(vec![
            Line::styled(
                "Pick one doctor, or leave \"any doctor\" and pick a specialty. If an",
                theme.dim,
            ),
            Line::styled(
                "appointment that day is cancelled, the slot is held for you.",
                theme.dim,
            ),
        ])
        .wrap(Wrap { trim: false })
        .render(
            Rect {
                y: form.bottom() + 1,
                height: inner.bottom().saturating_sub(form.bottom() + 1),
                ..form
            },
            buf,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixture;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn joins_for_the_doctor_chosen_with_the_arrows() {
        let clinic = fixture::demo_clinic();
        let session = fixture::patient(&clinic);
        let ctx = fixture::ctx(&clinic, &session);
        let mut s = WaitlistJoinScreen::new(fixture::now().date(), None, None);
        s.reload(&ctx).unwrap();
        match s.update(&Action::Submit, &ctx) {
            Outcome::Message(m) => assert!(m.text.contains("doctor or a specialty"), "{}", m.text),
            _ => panic!("expected to be asked for a target"),
        }
        s.update(&Action::NextField, &ctx);
        s.update(
            &Action::Input(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE)),
            &ctx,
        );
        assert!(matches!(
            s.update(&Action::Submit, &ctx),
            Outcome::Pop(1, Some(_))
        ));
        let mine = clinic.waitlist(&session.actor, None, true).unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].doctor_id, Some(clinic.doctors(None).unwrap()[0].id));
    }

    #[test]
    fn a_past_day_shows_the_library_sentence() {
        let clinic = fixture::demo_clinic();
        let session = fixture::patient(&clinic);
        let ctx = fixture::ctx(&clinic, &session);
        let spec = clinic.specialties().unwrap()[0].clone();
        let mut s = WaitlistJoinScreen::new(fixture::now().date(), None, Some(spec));
        s.reload(&ctx).unwrap();
        s.form_mut().set_text(F_DATE, "2029-12-31");
        match s.update(&Action::Submit, &ctx) {
            Outcome::Message(m) => assert!(m.text.contains("in the past"), "{}", m.text),
            _ => panic!("expected an error"),
        }
    }
}
