//! Find a free slot across all doctors, one day at a time: filters for time window,
//! specialty and doctor, four sort orders, paged from SQL. Only slots the patient could take
//! are listed (none clashing with their own visits). Enter holds the slot and opens the
//! booking confirmation, or (when rescheduling) asks to confirm the move. With nothing
//! suitable, `w` joins the waitlist for the day. It opens on the first day that has a free
//! slot, not on an empty evening.

use super::book::{BookScreen, SlotSummary};
use super::waitlist_join::WaitlistJoinScreen;
use super::{fmt_day, fmt_when, human_when};
use crate::Result;
use crate::domain::time::{fmt_clock, fmt_date, parse_clock, parse_date};
use crate::domain::{Appointment, Doctor, DoctorId, PatientId, Slot, SlotSort};
use crate::service::SlotFilter;
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use crate::tui::widgets::text::{self, fit};
use chrono::{Duration, NaiveDate, NaiveTime};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Widget};

const SORTS: [(SlotSort, &str); 4] = [
    (SlotSort::Time, "time"),
    (SlotSort::Doctor, "doctor"),
    (SlotSort::Specialty, "specialty"),
    (SlotSort::Fee, "fee"),
];

/// How far ahead the finder looks for a first day with something free.
const LOOK_AHEAD_DAYS: i64 = 60;

fn sort_name(sort: SlotSort) -> &'static str {
    SORTS
        .iter()
        .find(|(s, _)| *s == sort)
        .map(|(_, n)| *n)
        .unwrap_or("time")
}

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

/// The filters a patient sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filters {
    pub date: NaiveDate,
    pub window: Option<(NaiveTime, NaiveTime)>,
    pub specialty: Option<String>,
    pub doctor: Option<DoctorId>,
    pub sort: SlotSort,
}

/// The filter form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    Date,
    From,
    To,
    Specialty,
    Doctor,
    Sort,
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
    /// Whether the opening day was chosen (the first with something free).
    placed: bool,
}

impl FindSlots {
    pub fn new(date: NaiveDate, purpose: Purpose) -> Dialogs<FindSlots> {
        Dialogs::new(FindSlots {
            purpose,
            filters: Filters {
                date,
                window: None,
                specialty: None,
                doctor: None,
                sort: SlotSort::Time,
            },
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

    fn doctor_name(&self, id: DoctorId) -> String {
        self.doctors
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.full_name.clone())
            .unwrap_or_else(|| "one doctor".into())
    }

    fn filter_form(&self) -> Form<F> {
        let f = &self.filters;
        let specialties = std::iter::once(("any specialty".to_string(), String::new()))
            .chain(self.specialties.iter().map(|s| (s.clone(), s.clone())))
            .collect();
        let doctors = std::iter::once(("any doctor".to_string(), String::new()))
            .chain(self.doctors.iter().map(|d| {
                (
                    format!("{} ({})", d.full_name, d.specialty),
                    d.id.0.to_string(),
                )
            }))
            .collect();
        let sorts = SORTS
            .iter()
            .map(|(_, n)| (n.to_string(), n.to_string()))
            .collect();
        let (from, to) = match f.window {
            Some((a, b)) => (fmt_clock(a), fmt_clock(b)),
            None => (String::new(), String::new()),
        };
        let mut form = Form::new(vec![
            (
                F::Date,
                Field::filled("Date", &fmt_date(f.date), "YYYY-MM-DD"),
            ),
            (
                F::From,
                Field::filled("Starts at/after", &from, "HH:MM or empty"),
            ),
            (F::To, Field::filled("Starts before", &to, "HH:MM or empty")),
            (F::Specialty, Field::choice("Specialty", specialties)),
            (F::Doctor, Field::choice("Doctor", doctors)),
            (F::Sort, Field::choice("Sort by", sorts)),
        ]);
        form.choose(F::Specialty, f.specialty.as_deref().unwrap_or_default());
        form.choose(
            F::Doctor,
            &f.doctor.map(|d| d.0.to_string()).unwrap_or_default(),
        );
        form.choose(F::Sort, sort_name(f.sort));
        form
    }

    /// Reads the filter form; a malformed date or time is the library's invalid error.
    fn read_form(form: &Form<F>) -> Result<Filters> {
        let date = parse_date(&form.text(F::Date))?;
        let window = match (form.optional(F::From), form.optional(F::To)) {
            (None, None) => None,
            (from, to) => {
                let from = from
                    .map(|t| parse_clock(&t))
                    .transpose()?
                    .unwrap_or(NaiveTime::MIN);
                let to = match to {
                    Some(t) => parse_clock(&t)?,
                    None => NaiveTime::from_hms_opt(23, 59, 0).expect("valid time"),
                };
                Some((from, to))
            }
        };
        let sort = SORTS
            .iter()
            .find(|(_, n)| *n == form.text(F::Sort))
            .map(|(s, _)| *s)
            .unwrap_or_default();
        Ok(Filters {
            date,
            window,
            specialty: form.optional(F::Specialty),
            doctor: form
                .optional(F::Doctor)
                .and_then(|d| d.parse().ok())
                .map(DoctorId),
            sort,
        })
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
        match ctx.clinic.hold(&ctx.actor(), slot.id, patient) {
            Ok(hold) => {
                let summary = SlotSummary::from_slot(&slot, Some(hold.expires_at));
                Outcome::Push(Box::new(match &self.purpose {
                    Purpose::BookFor(p, name) => BookScreen::for_patient(summary, *p, name.clone()),
                    _ => BookScreen::new(summary),
                }))
            }
            Err(e) => Outcome::Saved(Message::from(&e)),
        }
    }

    fn title_line(&self) -> String {
        let f = &self.filters;
        let window = match f.window {
            Some((a, b)) => format!("starts {}–{}", fmt_clock(a), fmt_clock(b)),
            None => "any time".into(),
        };
        let doctor = match f.doctor {
            Some(d) => self.doctor_name(d),
            None => "any doctor".into(),
        };
        [
            fmt_day(f.date),
            window,
            f.specialty
                .clone()
                .unwrap_or_else(|| "any specialty".into()),
            doctor,
            format!("by {}", sort_name(f.sort)),
        ]
        .join(" · ")
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
                .detail("filters: date, time window, specialty, doctor, sort"),
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
                let filters = Self::read_form(&dialog.form)?;
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
                    self.filter_form(),
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
            Action::Sort => {
                let i = SORTS
                    .iter()
                    .position(|(s, _)| *s == self.filters.sort)
                    .unwrap_or(0);
                let filters = Filters {
                    sort: SORTS[(i + 1) % SORTS.len()].0,
                    ..self.filters.clone()
                };
                self.change_filters(filters, ctx)
            }
            Action::Submit => self.pick(ctx),
            Action::Waitlist if matches!(self.purpose, Purpose::Book) => {
                let f = &self.filters;
                Outcome::Push(Box::new(WaitlistJoinScreen::new(
                    f.date,
                    f.doctor,
                    f.specialty.clone(),
                )))
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
        let mut filters = self.filters.clone();
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
            Span::styled(fit(&self.title_line(), room), theme.heading),
            Span::styled(" ▶", theme.dim),
        ])
        .render(Rect { height: 1, ..inner }, buf);
        let table = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
        self.list.render(table, buf, theme, true, |s| {
            Row::new(vec![
                Cell::from(format!(
                    "{}–{}",
                    fmt_clock(s.start.time()),
                    fmt_clock(s.end.time())
                )),
                Cell::from(s.doctor_name.as_str()),
                Cell::from(s.specialty.as_str()),
                Cell::from(Line::from(s.fee.to_string()).right_aligned()),
                Cell::from(Line::from(format!("{} min", s.duration)).right_aligned()),
            ])
        });
    }
}
