//! Find a free slot across all doctors, one day at a time: filters for time window,
//! specialty, doctor and visit type (then only starts with the type's whole run free are
//! listed, with the visit's end and minutes), four sort orders, paged from SQL. Only slots the patient could take
//! are listed (none clashing with their own visits). Enter holds the slot and opens the
//! booking confirmation, or (when rescheduling) asks to confirm the move. With nothing
//! suitable, `w` joins the waitlist for the day. It opens on the first day that has a free
//! slot, not on an empty evening.

mod filters;

pub use filters::{F, Filters};

use super::book::{BookScreen, SlotSummary};
use super::waitlist_join::WaitlistJoinScreen;
use super::{fmt_when, human_when};
use crate::Result;
use crate::domain::time::fmt_clock;
use crate::domain::{Appointment, Doctor, PatientId, Slot, VisitType};
use crate::service::SlotFilter;
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::Form;
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use crate::tui::widgets::text::{self, fit};
use chrono::{Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Widget};

/// How far ahead the finder looks for a first day with something free.
const LOOK_AHEAD_DAYS: i64 = 60;

/// What picking a slot is for.
#[derive(Debug, Clone)]
pub enum Purpose {
    /// A new booking.
    Book,
    /// Moving this appointment.
    Reschedule(Box<Appointment>),
    /// The front desk books for this patient.
    BookFor(PatientId, String),
}

/// What the screen's dialog asks.
#[derive(Debug, Clone)]
pub enum Ask {
    Filters,
    /// "Move the appointment to this slot?"
    Move(Box<Slot>),
}

pub struct FindSlots {
    purpose: Purpose,
    filters: Filters,
    list: List<Slot>,
    doctors: Vec<Doctor>,
    specialties: Vec<String>,
    types: Vec<VisitType>,
    /// Whether the opening day was chosen (the first with something free).
    placed: bool,
}

impl FindSlots {
    pub fn new(date: NaiveDate, purpose: Purpose) -> Dialogs<FindSlots> {
        Dialogs::new(FindSlots {
            purpose,
            filters: Filters::day(date),
            list: List::new(
                vec![
                    col("Time", Constraint::Length(11)),
                    col("Doctor", Constraint::Fill(3)),
                    col("Specialty", Constraint::Fill(2)),
                    col("Fee", Constraint::Length(5)),
                    col("Length", Constraint::Length(7)),
                ],
                "No free slots match on this day. ← → look at the day before or after, \
                 / changes the time, specialty or doctor, w joins the waitlist for the day.",
            ),
            doctors: Vec::new(),
            specialties: Vec::new(),
            types: Vec::new(),
            placed: false,
        })
    }

    /// The finder for a new booking, from today.
    pub fn booking(ctx: &Ctx) -> Dialogs<FindSlots> {
        FindSlots::new(ctx.now().date(), Purpose::Book)
    }

    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    pub fn slots(&self) -> &List<Slot> {
        &self.list
    }

    /// Whom the slots must fit (R3): the patient booking or being booked for.
    fn fits(&self, ctx: &Ctx) -> Option<(PatientId, Option<crate::domain::AppointmentId>)> {
        match &self.purpose {
            Purpose::Book => ctx.actor().patient_id().map(|p| (p, None)),
            Purpose::BookFor(p, _) => Some((*p, None)),
            Purpose::Reschedule(a) => Some((a.patient_id, Some(a.id))),
        }
    }

    fn filter(&self, f: &Filters, ctx: &Ctx) -> SlotFilter {
        SlotFilter {
            doctor: f.doctor,
            specialty: f.specialty.clone(),
            time_window: f.window,
            free_only: true,
            fits: self.fits(ctx),
            // A visit being moved keeps its length: the library finds its run.
            visit_type: match self.purpose {
                Purpose::Reschedule(_) => None,
                _ => f.visit_type,
            },
            sort: f.sort,
            limit: List::<Slot>::fetch_limit(),
            offset: self.list.offset(),
            ..SlotFilter::day(f.date)
        }
    }

    /// Loads the day's page for `filters`; only a day the library accepts becomes current.
    fn load(&mut self, filters: Filters, ctx: &Ctx) -> Result<()> {
        let rows = ctx
            .clinic
            .slots(&ctx.actor(), &self.filter(&filters, ctx))?;
        self.filters = filters;
        self.list.set_rows(rows);
        Ok(())
    }

    fn change_filters(&mut self, filters: Filters, ctx: &Ctx) -> Outcome {
        self.list.reset();
        Outcome::from(self.load(filters, ctx).map(|_| Outcome::None))
    }

    fn pick(&mut self, ctx: &Ctx) -> Outcome {
        let Some(slot) = self.list.selected().cloned() else {
            return Outcome::info(
                "No slot selected. Try another day (← →) or press w for the waitlist.",
            );
        };
        let patient = match &self.purpose {
            Purpose::BookFor(p, _) => Some(*p),
            _ => None,
        };
        let kind = self
            .filters
            .visit_type
            .and_then(|id| self.types.iter().find(|t| t.id == id))
            .cloned();
        match ctx
            .clinic
            .hold_visit(&ctx.actor(), slot.id, patient, kind.as_ref().map(|t| t.id))
        {
            Ok(hold) => {
                let mut summary = SlotSummary::from_slot(&slot, Some(hold.expires_at));
                summary.visit_type = kind;
                Outcome::Push(Box::new(match &self.purpose {
                    Purpose::BookFor(p, name) => BookScreen::for_patient(summary, *p, name.clone()),
                    _ => BookScreen::new(summary),
                }))
            }
            Err(e) => Outcome::Saved(Message::from(&e)),
        }
    }
}

impl Dialogs<FindSlots> {
    /// Whether the filters are being edited.
    pub fn is_editing(&self) -> bool {
        self.asking()
            .is_some_and(|d| matches!(d.purpose, Ask::Filters))
    }
}

impl Asking for FindSlots {
    type Ask = Ask;
    type Field = F;

    fn title(&self) -> String {
        match self.purpose {
            Purpose::Book => "Find a slot".into(),
            Purpose::Reschedule(_) => "Reschedule".into(),
            Purpose::BookFor(..) => "Book for a patient".into(),
        }
    }

    fn commands(&self) -> Vec<Command> {
        let mut list = vec![
            match self.purpose {
                Purpose::Book => cmd(Action::Submit, "book")
                    .detail("book: the slot is held for you while you confirm"),
                Purpose::BookFor(..) => {
                    cmd(Action::Submit, "book").detail("hold the slot for the patient and confirm")
                }
                Purpose::Reschedule(_) => cmd(Action::Submit, "move here")
                    .detail("move the appointment to this slot, after a confirmation"),
            },
            cmd(Action::Right, "day").detail("the next day"),
            cmd(Action::Left, "previous day").help_only(),
            cmd(Action::Filter, "filter")
                .detail("filters: date, time window, specialty, doctor, visit type, sort"),
            cmd(Action::Sort, "sort").detail("sort by time, doctor, specialty or fee"),
        ];
        match self.purpose {
            Purpose::Book => list
                .push(cmd(Action::Waitlist, "waitlist").detail("join the waitlist for this day")),
            _ => list.push(cmd(Action::Back, "back")),
        }
        list.extend(list_moves());
        list
    }

    fn answer(&mut self, dialog: &Dialog<Ask, F>, ctx: &Ctx) -> Result<Reply<Ask, F>> {
        match &dialog.purpose {
            Ask::Filters => {
                let filters = Filters::read(&dialog.form)?;
                self.list.reset();
                self.load(filters, ctx)?;
                Ok(Outcome::None.into())
            }
            Ask::Move(slot) => {
                let Purpose::Reschedule(a) = &self.purpose else {
                    return Ok(Outcome::None.into());
                };
                let moved = ctx.clinic.reschedule(&ctx.actor(), a.id, slot.id, None)?;
                // Back to the list the move started from; it keeps this appointment selected.
                Ok(Outcome::Pop(
                    1,
                    Some(Message::info(format!(
                        "Moved to {} with {}.",
                        fmt_when(moved.start),
                        moved.doctor_name
                    ))),
                )
                .into())
            }
        }
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<Dialog<Ask, F>> {
        match (action, &self.purpose) {
            (Action::Filter, _) => Some(
                Dialog::new(
                    Ask::Filters,
                    "Filters: Enter on the last applies, Esc cancels",
                    self.filters
                        .form(&self.doctors, &self.specialties, &self.types),
                )
                .done("apply"),
            ),
            (Action::Submit, Purpose::Reschedule(a)) => {
                let slot = self.list.selected()?;
                Some(
                    Dialog::new(
                        Ask::Move(Box::new(slot.clone())),
                        "Move this appointment?",
                        Form::empty(),
                    )
                    .line(format!(
                        "From  {} with {}",
                        human_when(a.start),
                        a.doctor_name
                    ))
                    .line(format!(
                        "To    {} with {}",
                        human_when(slot.start),
                        slot.doctor_name
                    ))
                    .line("The old time is freed once the move is made.")
                    .done("move it"),
                )
            }
            _ => None,
        }
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Left | Action::Right => {
                let days = if *action == Action::Left { -1 } else { 1 };
                let date = self.filters.date + Duration::days(days);
                if date < ctx.now().date() {
                    return Outcome::info("That day is in the past.");
                }
                let filters = Filters {
                    date,
                    ..self.filters.clone()
                };
                self.change_filters(filters, ctx)
            }
            Action::Sort => self.change_filters(self.filters.next_sort(), ctx),
            Action::Submit => self.pick(ctx),
            Action::Waitlist if matches!(self.purpose, Purpose::Book) => {
                let f = &self.filters;
                Outcome::Push(Box::new(
                    WaitlistJoinScreen::new(f.date, f.doctor, f.specialty.clone())
                        .with_type(f.visit_type),
                ))
            }
            Action::Back if !matches!(self.purpose, Purpose::Book) => Outcome::Pop(1, None),
            a => {
                if self.list.step(a) {
                    return Outcome::from(self.reload(ctx).map(|_| Outcome::None));
                }
                Outcome::None
            }
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        self.doctors = ctx.clinic.doctors(None)?;
        self.specialties = ctx.clinic.specialties()?;
        self.types = ctx.clinic.visit_types(false)?;
        let mut filters = self.filters.clone();
        if filters
            .visit_type
            .is_some_and(|id| !self.types.iter().any(|t| t.id == id))
        {
            // Retired meanwhile: back to one slot.
            filters.visit_type = None;
        }
        if filters.date < ctx.now().date() {
            filters.date = ctx.now().date();
        }
        if !self.placed {
            // Open on the first day with something free: an evening's "today" is empty.
            self.placed = true;
            let mut from = self.filter(&filters, ctx);
            from.from = ctx.now().max(from.from);
            if let Some(day) =
                ctx.clinic
                    .first_day_with_slots(&ctx.actor(), &from, LOOK_AHEAD_DAYS)?
            {
                filters.date = day;
            }
        }
        self.load(filters, ctx)
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let title = match &self.purpose {
            Purpose::Book => "Free slots".to_string(),
            Purpose::Reschedule(a) => {
                format!("New time for the {} appointment", fmt_when(a.start))
            }
            Purpose::BookFor(_, name) => format!("Free slots for {name}"),
        };
        let block = Block::bordered()
            .border_style(theme.border)
            .title(text::title(&title, area.width))
            .title_bottom(Line::styled(
                format!(" {} ", self.list.range_text("slots")),
                theme.dim,
            ));
        let inner = framed(block, area, buf);
        let room = inner.width.saturating_sub(4) as usize;
        Line::from(vec![
            Span::styled("◀ ", theme.dim),
            Span::styled(
                fit(&self.filters.describe(&self.doctors, &self.types), room),
                theme.heading,
            ),
            Span::styled(" ▶", theme.dim),
        ])
        .render(Rect { height: 1, ..inner }, buf);
        let table = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
        // A type with a fee of its own charges it, whoever the doctor.
        let type_fee = self
            .filters
            .visit_type
            .and_then(|id| self.types.iter().find(|t| t.id == id))
            .and_then(|t| t.fee);
        self.list.render(table, buf, theme, true, |s| {
            Row::new(vec![
                Cell::from(format!(
                    "{}–{}",
                    fmt_clock(s.start.time()),
                    fmt_clock(s.end.time())
                )),
                Cell::from(s.doctor_name.as_str()),
                Cell::from(s.specialty.as_str()),
                Cell::from(Line::from(type_fee.unwrap_or(s.fee).to_string()).right_aligned()),
                Cell::from(Line::from(format!("{} min", s.duration)).right_aligned()),
            ])
        });
    }
}
