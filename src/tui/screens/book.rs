//! Confirming a booking: the slot is already held for the patient (R6) while they read the
//! details and optionally type a reason. Enter books; Esc releases the hold. The front desk
//! may make it a course (weekly or every other week): the first Enter previews which dates
//! can be booked and which cannot, and why; the second books those that can.

use super::{fmt_day, fmt_when};
use crate::domain::time::fmt_clock;
use crate::domain::visit_type::Repeat;
use crate::domain::{DoctorId, PatientId, Slot, SlotId, VisitType};
use crate::service::{BookRequest, SeriesBooked, SeriesRequest};
use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Entry, Field, Form};
use crate::tui::widgets::layout::{centered, framed};
use crate::tui::widgets::text::{fit, wrap};
use chrono::NaiveDateTime;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// What the confirmation shows of a slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotSummary {
    pub id: SlotId,
    pub doctor_id: Option<DoctorId>,
    pub doctor_name: String,
    pub specialty: Option<String>,
    pub start: NaiveDateTime,
    pub end: Option<NaiveDateTime>,
    pub fee: Option<u32>,
    /// Until when it is held for the patient.
    pub held_until: Option<NaiveDateTime>,
    /// The visit's type, when one was chosen: the booking covers its minutes.
    pub visit_type: Option<VisitType>,
}

impl SlotSummary {
    pub fn from_slot(s: &Slot, held_until: Option<NaiveDateTime>) -> SlotSummary {
        SlotSummary {
            id: s.id,
            doctor_id: Some(s.doctor_id),
            doctor_name: s.doctor_name.clone(),
            specialty: Some(s.specialty.clone()),
            start: s.start,
            end: Some(s.end),
            fee: Some(s.fee),
            held_until,
            visit_type: None,
        }
    }
}

/// The confirmation's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    Reason,
    /// A course: once, weekly or every other week (front desk).
    Repeat,
    /// How many visits the course has (front desk).
    Count,
    /// Asked only when the doctor's daily limit is reached (R4, front desk).
    Override,
}

pub struct BookScreen {
    slot: SlotSummary,
    form: Form<F>,
    /// A waitlist offer: leaving keeps it for the patient until it runs out, rather than
    /// passing it on.
    offer: bool,
    /// The front desk books for this patient (id, name).
    patient: Option<(PatientId, String)>,
    /// The library said the doctor's daily limit is reached (R4): the form asks for an
    /// override reason. Holds the library's sentence.
    overriding: Option<String>,
    /// A course previewed: what was asked, and what booking it would book and skip.
    course: Option<(SeriesRequest, SeriesBooked)>,
}

/// Whether the library refused because of a daily limit an admin may override (R4).
pub fn is_limit_refusal(e: &crate::Error) -> bool {
    crate::domain::limits::limit_refusal(e).is_some()
}

impl BookScreen {
    pub fn new(slot: SlotSummary) -> BookScreen {
        BookScreen {
            slot,
            form: Form::new(vec![(F::Reason, Field::filled("Reason", "", "optional"))]),
            offer: false,
            patient: None,
            overriding: None,
            course: None,
        }
    }

    /// The front desk books a slot held for `patient`, once or as a course.
    pub fn for_patient(slot: SlotSummary, patient: PatientId, name: String) -> BookScreen {
        BookScreen {
            patient: Some((patient, name)),
            form: Form::new(vec![
                (F::Reason, Field::filled("Reason", "", "optional")),
                (
                    F::Repeat,
                    Field::choice(
                        "Repeat",
                        vec![
                            ("once".to_string(), String::new()),
                            ("weekly (a course)".to_string(), "weekly".to_string()),
                            ("every other week".to_string(), "biweekly".to_string()),
                        ],
                    ),
                ),
                (
                    F::Count,
                    Field::filled("Visits", "6", "in the course, 2 to 52"),
                ),
            ]),
            ..BookScreen::new(slot)
        }
    }

    /// The course the form asks for, if any.
    fn course_asked(&self) -> crate::Result<Option<SeriesRequest>> {
        let repeat = match self.form.optional(F::Repeat) {
            None => return Ok(None),
            Some(r) => Repeat::parse(&r)?,
        };
        let count = self.form.text(F::Count);
        let count = count.trim().parse().map_err(|_| {
            crate::Error::invalid(format!(
                "the number of visits is a whole number, not {count:?}"
            ))
        })?;
        Ok(Some(SeriesRequest {
            repeat,
            count,
            skip_unavailable: true,
        }))
    }

    pub fn course(&self) -> Option<&SeriesBooked> {
        self.course.as_ref().map(|(_, b)| b)
    }

    /// The front desk books a waitlist offer for its patient (the slot is held for them).
    pub fn offer_for_patient(slot: SlotSummary, patient: PatientId, name: String) -> BookScreen {
        BookScreen {
            offer: true,
            ..BookScreen::for_patient(slot, patient, name)
        }
    }

    /// Whether the form asks for a reason to exceed the daily limit.
    pub fn is_overriding(&self) -> bool {
        self.overriding.is_some()
    }

    /// Booking a slot the waitlist offers (already held for the patient).
    pub fn for_offer(slot: SlotSummary) -> BookScreen {
        BookScreen {
            offer: true,
            ..BookScreen::new(slot)
        }
    }

    pub fn slot(&self) -> &SlotSummary {
        &self.slot
    }

    pub fn form_mut(&mut self) -> &mut Form<F> {
        &mut self.form
    }

    fn book(&mut self, ctx: &Ctx) -> Outcome {
        let override_reason = if self.overriding.is_some() {
            match self.form.optional(F::Override) {
                Some(r) => Some(r),
                None => {
                    return Outcome::Message(Message::error(
                        "The doctor's daily limit is reached: give a reason to override it, or Esc.",
                    ));
                }
            }
        } else {
            None
        };
        let req = BookRequest {
            slot: self.slot.id,
            patient: self.patient.as_ref().map(|(id, _)| *id),
            reason: self.form.optional(F::Reason),
            override_reason,
            visit_type: self.slot.visit_type.as_ref().map(|t| t.id),
        };
        let course = match self.course_asked() {
            Ok(c) => c,
            Err(e) => return Outcome::error(&e),
        };
        if let Some(asked) = course {
            return self.book_course(ctx, &req, asked);
        }
        match ctx.clinic.book(&ctx.actor(), &req) {
            Ok(a) => {
                self.slot.held_until = None;
                match &self.patient {
                    Some((_, name)) => Outcome::Pop(
                        2,
                        Some(Message::info(format!(
                            "Booked {name}: {}, {}.",
                            fmt_when(a.start),
                            a.doctor_name
                        ))),
                    ),
                    None => Outcome::Pop(
                        1,
                        Some(Message::info(format!(
                            "Booked: {}, {}. Key 2 shows your appointments.",
                            fmt_when(a.start),
                            a.doctor_name
                        ))),
                    ),
                }
            }
            Err(e)
                if self.patient.is_some() && self.overriding.is_none() && is_limit_refusal(&e) =>
            {
                // What limit was reached, without what the dialog says already.
                self.overriding = crate::domain::limits::limit_refusal(&e).map(str::to_string);
                let reason = self.form.text(F::Reason);
                self.form = Form::new(vec![
                    (F::Reason, Field::filled("Reason", &reason, "optional")),
                    (
                        F::Override,
                        Field::filled("Override reason", "", "required"),
                    ),
                ]);
                self.form.focus_on(F::Override);
                Outcome::Message(Message::error(
                    "Over the doctor's daily limit: type an override reason, or Esc.",
                ))
            }
            Err(e) => Outcome::error(&e),
        }
    }
}

impl BookScreen {
    /// The first Enter previews the course; the second, on the same course, books it.
    fn book_course(&mut self, ctx: &Ctx, req: &BookRequest, asked: SeriesRequest) -> Outcome {
        let previewed = matches!(&self.course, Some((r, _)) if *r == asked);
        if !previewed {
            return match ctx.clinic.preview_series(&ctx.actor(), req, asked) {
                Ok(preview) => {
                    let n = preview.booked.len();
                    self.course = Some((asked, preview));
                    Outcome::info(format!(
                        "Enter books the {} that can be booked; Esc does not book.",
                        crate::domain::text::count(n, "visit")
                    ))
                }
                Err(e) => Outcome::error(&e),
            };
        }
        match ctx.clinic.book_series(&ctx.actor(), req, asked) {
            Ok(done) => {
                self.slot.held_until = None;
                let name = self.patient.as_ref().map_or("", |(_, n)| n.as_str());
                let skipped = if done.skipped.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; not booked: {}",
                        done.skipped
                            .iter()
                            .map(|d| fmt_day(*d))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                Outcome::Pop(
                    2,
                    Some(Message::info(format!(
                        "Booked {name}'s course: {} from {} with {}{skipped}.",
                        crate::domain::text::count(done.booked.len(), "visit"),
                        fmt_when(self.slot.start),
                        self.slot.doctor_name
                    ))),
                )
            }
            Err(e) => Outcome::error(&e),
        }
    }
}

impl Screen for BookScreen {
    fn title(&self) -> String {
        "Book".into()
    }

    fn mode(&self) -> Mode {
        Mode::TextEntry
    }

    fn commands(&self) -> Vec<Command> {
        self.form.commands_and_back("book it", "don't book")
    }

    fn modal(&self) -> bool {
        true
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match (action, self.form.enter(action)) {
            (_, Entry::Submit) => self.book(ctx),
            (Action::Back, _) => {
                let text = match (self.offer, self.slot.held_until) {
                    (true, Some(until)) => format!(
                        "Not booked yet; the offer stands until {}.",
                        fmt_clock(until.time())
                    ),
                    _ => "Not booked; the slot is free again.".to_string(),
                };
                Outcome::Pop(1, Some(Message::info(text)))
            }
            _ => Outcome::None,
        }
    }

    fn leave(&mut self, ctx: &Ctx) {
        if self.slot.held_until.take().is_some() && !self.offer {
            // (A desk booking's hold was placed by the clerk, who may release it.)
            // The hold may have lapsed already; either way the slot is free again.
            if let Err(e) = ctx.clinic.release(&ctx.actor(), self.slot.id) {
                tracing::debug!("release on leaving the booking: {}", e.message());
            }
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = if self.overriding.is_some() { 72 } else { 64 }.min(area.width);
        let inner_width = usize::from(width.saturating_sub(2));
        let s = &self.slot;
        // Values are cut to the panel with "…", never wrapped under their labels.
        let room = inner_width.saturating_sub(13);
        let row = |label: &str, value: String| {
            Line::from(vec![
                Span::styled(format!("  {label:<10}"), theme.heading),
                Span::raw(fit(&value, room)),
            ])
        };
        let when = match s.end {
            Some(end) => format!(
                "{}, {}–{}",
                fmt_day(s.start.date()),
                fmt_clock(s.start.time()),
                fmt_clock(end.time())
            ),
            None => fmt_when(s.start),
        };
        let mut lines = vec![Line::raw("")];
        if let Some((_, name)) = &self.patient {
            lines.push(row("Patient", name.clone()));
        }
        lines.push(row("Doctor", s.doctor_name.clone()));
        if let Some(sp) = &s.specialty {
            lines.push(row("Specialty", sp.clone()));
        }
        lines.push(row("When", when));
        if let Some(t) = &s.visit_type {
            lines.push(row("Visit", format!("{}, {} min", t.name, t.minutes)));
        }
        // A type with a fee of its own charges it; otherwise the doctor's fee.
        match (s.visit_type.as_ref().and_then(|t| t.fee), s.fee) {
            (Some(fee), _) | (None, Some(fee)) => lines.push(row("Fee", fee.to_string())),
            (None, None) => {}
        }
        lines.push(Line::raw(""));
        if let Some(until) = s.held_until {
            let whom = match &self.patient {
                Some((_, name)) => name.as_str(),
                None => "you",
            };
            let held = format!("Held for {whom} until {}.", fmt_clock(until.time()));
            lines.push(Line::styled(
                format!("  {}", fit(&held, room + 10)),
                theme.dim,
            ));
        }
        if let Some((_, preview)) = &self.course {
            let days = preview
                .booked
                .iter()
                .map(|a| fmt_day(a.start.date()))
                .collect::<Vec<_>>()
                .join(", ");
            for (i, part) in wrap(&days, room).into_iter().enumerate() {
                lines.push(row(if i == 0 { "Course" } else { "" }, part));
            }
            for (day, why) in preview.skipped.iter().zip(&preview.why_skipped) {
                for part in wrap(&format!("not {}: {why}", fmt_day(*day)), room + 10) {
                    lines.push(Line::styled(format!("  {part}"), theme.error));
                }
            }
        }
        if let Some(why) = &self.overriding {
            lines.push(Line::raw(""));
            // The library's reason in full, wrapped under itself.
            for part in wrap(&format!("Over the limit: {why}."), room + 10) {
                lines.push(Line::styled(format!("  {part}"), theme.error));
            }
        }
        let text_height = lines.len() as u16;
        let panel = centered(area, width, text_height + self.form.height() + 4);
        let block = Block::bordered()
            .border_style(theme.focus)
            .title(" Book this appointment? ");
        let inner = framed(block, panel, buf);
        Paragraph::new(lines).render(
            Rect {
                height: text_height.min(inner.height),
                ..inner
            },
            buf,
        );
        let form = Rect {
            y: inner.y + text_height + 1,
            height: self.form.height(),
            ..inner
        };
        if form.bottom() <= inner.bottom() {
            self.form.render(form, buf, theme);
        }
    }
}
