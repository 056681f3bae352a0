//! Joining the waitlist for a day: with one doctor, or any doctor of a specialty, for one
//! slot or a visit of a type (then only a freed run that fits it is offered).

use super::fmt_day;
use crate::domain::{DoctorId, VisitTypeId};
use crate::service::WaitlistTarget;
use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Entry, Field, Form};
use crate::tui::widgets::layout::{centered, framed};
use crate::{Error, Result};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// The form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    Day,
    Doctor,
    Specialty,
    Type,
}

pub struct WaitlistJoinScreen {
    form: Form<F>,
    doctor: Option<DoctorId>,
    specialty: Option<String>,
    visit_type: Option<VisitTypeId>,
}

impl WaitlistJoinScreen {
    pub fn new(date: NaiveDate, doctor: Option<DoctorId>, specialty: Option<String>) -> Self {
        WaitlistJoinScreen {
            form: Form::new(vec![
                (
                    F::Day,
                    Field::filled("Day", &crate::domain::time::fmt_date(date), "YYYY-MM-DD"),
                ),
                (F::Doctor, Field::choice("Doctor", Vec::new())),
                (F::Specialty, Field::choice("Specialty", Vec::new())),
                (F::Type, Field::choice("Visit type", Vec::new())),
            ]),
            doctor,
            specialty,
            visit_type: None,
        }
    }

    /// Waiting for a visit of this type (the finder's choice), not one slot.
    pub fn with_type(mut self, visit_type: Option<VisitTypeId>) -> Self {
        self.visit_type = visit_type;
        self
    }

    pub fn form_mut(&mut self) -> &mut Form<F> {
        &mut self.form
    }

    fn target(&self) -> Result<WaitlistTarget> {
        if let Some(d) = self.form.optional(F::Doctor).and_then(|d| d.parse().ok()) {
            return Ok(WaitlistTarget::Doctor(DoctorId(d)));
        }
        match self.form.optional(F::Specialty) {
            Some(s) => Ok(WaitlistTarget::Specialty(s)),
            None => Err(Error::invalid("choose a doctor or a specialty to wait for")),
        }
    }

    fn submit(&mut self, ctx: &Ctx) -> Outcome {
        let kind = self
            .form
            .optional(F::Type)
            .and_then(|t| t.parse().ok())
            .map(VisitTypeId);
        let joined = self.target().and_then(|t| {
            ctx.clinic
                .join_waitlist_for(&ctx.actor(), None, &t, &self.form.text(F::Day), kind)
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

    fn commands(&self) -> Vec<Command> {
        self.form.commands_and_back("join the waitlist", "back")
    }

    fn modal(&self) -> bool {
        true
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match (action, self.form.enter(action)) {
            (_, Entry::Submit) => self.submit(ctx),
            (Action::Back, _) => Outcome::Pop(1, None),
            _ => Outcome::None,
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let doctors = ctx.clinic.doctors(None)?;
        let specialties = ctx.clinic.specialties()?;
        self.form.set_options(
            F::Doctor,
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
            self.form.choose(F::Doctor, &d.0.to_string());
        }
        self.form.set_options(
            F::Specialty,
            std::iter::once(("none chosen".to_string(), String::new()))
                .chain(specialties.iter().map(|s| (s.clone(), s.clone())))
                .collect(),
        );
        if let Some(s) = self.specialty.take() {
            self.form.choose(F::Specialty, &s);
        }
        self.form.set_options(
            F::Type,
            std::iter::once(("one slot".to_string(), String::new()))
                .chain(ctx.clinic.visit_types(false)?.into_iter().map(|t| {
                    (
                        format!("{} ({} min)", t.name, t.minutes),
                        t.id.0.to_string(),
                    )
                }))
                .collect(),
        );
        if let Some(t) = self.visit_type.take() {
            self.form.choose(F::Type, &t.0.to_string());
        }
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let panel = centered(area, 70, 12);
        let block = Block::bordered()
            .border_style(theme.focus)
            .title(" Join the waitlist ");
        let inner = framed(block, panel, buf);
        let form = self.form.render_padded(inner, buf, theme);
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
