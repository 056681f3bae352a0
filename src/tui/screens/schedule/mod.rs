//! A doctor's schedule as a grid: one row per default slot length from opening to closing,
//! one column for the day (or seven for the week). Each cell shows the slot there: free,
//! held, booked (with the patient's name), full (the doctor's daily limit is reached) or
//! past. Space declares a slot in an empty cell or removes a free one; `n` declares or
//! removes a range; `f` copies the day or the week forward until a date. Removing a booked
//! slot is refused by the library (R10): the grid then lists the patients concerned so they
//! can be cancelled with a reason first.
//!
//! Doctors see their own schedule; the front desk opens any doctor's from the doctor list.
//! It opens on the first day from today that has slots. The drawing is in [`grid`].

mod grid;

use super::affected::{AffectedScreen, Removal};
use super::fmt_day;
use crate::domain::time::{fmt_clock, fmt_date, minute_of_day, next_day, parse_clock, parse_date};
use crate::domain::time_off::TimeOff;
use crate::domain::{Doctor, DoctorId, Slot, SlotSort, SlotState};
use crate::service::SlotFilter;
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd};
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::{Field, Form};
use crate::{Error, ErrorKind, Result};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// How far ahead the grid looks for a first day with slots.
const LOOK_AHEAD_DAYS: i64 = 60;

/// The dialogs' fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    Do,
    Day,
    From,
    To,
    Length,
    What,
    First,
    Until,
}

/// What the dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Declare or remove the slots of a time range on one day.
    Range,
    /// Copy the day or the week forward.
    Copy,
}

pub struct ScheduleScreen {
    doctor: Option<DoctorId>,
    /// The doctor's record (daily limits), once loaded.
    profile: Option<Doctor>,
    doctor_name: String,
    week: bool,
    /// The day under the cursor.
    date: NaiveDate,
    /// The row under the cursor (0 = opening time).
    row: usize,
    opens: NaiveTime,
    closes: NaiveTime,
    /// The clinic's slot length: the rows' length unless the slots shown need finer ones.
    grain: u32,
    /// The rows' length (see [`ScheduleScreen::fit_rows`]).
    step: u32,
    slots: Vec<Slot>,
    /// The doctor's leave and the clinic's closures in the days shown.
    off: Vec<TimeOff>,
    now: NaiveDateTime,
    /// Whether the opening day was chosen (the first with slots).
    placed: bool,
}

impl ScheduleScreen {
    /// The signed-in doctor's own schedule.
    pub fn for_doctor(ctx: &Ctx) -> Dialogs<ScheduleScreen> {
        let name = ctx
            .session
            .map(|s| s.account.full_name.clone())
            .unwrap_or_default();
        ScheduleScreen::new(ctx.actor().doctor_id(), name, ctx.now())
    }

    /// Any doctor's schedule, for the front desk.
    pub fn of(doctor: &Doctor, now: NaiveDateTime) -> Dialogs<ScheduleScreen> {
        ScheduleScreen::new(Some(doctor.id), doctor.full_name.clone(), now)
    }

    fn new(
        doctor: Option<DoctorId>,
        doctor_name: String,
        now: NaiveDateTime,
    ) -> Dialogs<ScheduleScreen> {
        let defaults = crate::domain::Settings::default();
        Dialogs::new(ScheduleScreen {
            doctor,
            profile: None,
            doctor_name,
            week: false,
            date: now.date(),
            row: 0,
            opens: defaults.opens,
            closes: defaults.closes,
            grain: defaults.slot_minutes,
            step: defaults.slot_minutes,
            slots: Vec::new(),
            off: Vec::new(),
            now,
            placed: false,
        })
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    pub fn is_week(&self) -> bool {
        self.week
    }

    pub fn slots(&self) -> &[Slot] {
        &self.slots
    }

    /// Puts the cursor on `date` at `time` (the row containing it).
    pub fn go_to(&mut self, date: NaiveDate, time: NaiveTime, ctx: &Ctx) -> Result<()> {
        self.date = date;
        let m = minute_of_day(time).saturating_sub(minute_of_day(self.opens));
        self.row = ((m / self.step) as usize).min(self.rows().saturating_sub(1));
        self.load(ctx)
    }

    fn rows(&self) -> usize {
        let span = minute_of_day(self.closes).saturating_sub(minute_of_day(self.opens));
        (span / self.step.max(1)) as usize
    }

    fn row_time(&self, row: usize) -> NaiveTime {
        self.opens + Duration::minutes(row as i64 * i64::from(self.step))
    }

    fn week_start(&self) -> NaiveDate {
        self.date - Duration::days(i64::from(self.date.weekday().num_days_from_monday()))
    }

    /// The first and the last day shown.
    fn span(&self) -> (NaiveDate, NaiveDate) {
        if self.week {
            let start = self.week_start();
            (start, start + Duration::days(6))
        } else {
            (self.date, self.date)
        }
    }

    /// The slot overlapping `row` on `day`, if any.
    fn slot_at(&self, day: NaiveDate, row: usize) -> Option<&Slot> {
        let start = day.and_time(self.row_time(row));
        let end = start + Duration::minutes(i64::from(self.step));
        self.slots.iter().find(|s| s.start < end && s.end > start)
    }

    /// The slot under the cursor.
    pub fn selected(&self) -> Option<&Slot> {
        self.slot_at(self.date, self.row)
    }

    fn doctor(&self) -> Result<DoctorId> {
        self.doctor
            .ok_or_else(|| Error::forbidden("only a doctor has a schedule"))
    }

    fn load(&mut self, ctx: &Ctx) -> Result<()> {
        let (first, last) = self.span();
        let filter = SlotFilter {
            doctor: Some(self.doctor()?),
            sort: SlotSort::Time,
            to: next_day(last).and_time(NaiveTime::MIN),
            ..SlotFilter::day(first)
        };
        self.slots = ctx.clinic.slots(&ctx.actor(), &filter)?;
        self.off =
            ctx.clinic
                .time_off(&ctx.actor(), self.doctor, Some((filter.from, filter.to)))?;
        self.fit_rows();
        Ok(())
    }

    /// Rows as long as the clinic's slots, or shorter when the slots shown are shorter or
    /// start between rows: a doctor on a 15-minute grid sees every slot, and a 45-minute
    /// visit covers three rows. The cursor stays at its time.
    fn fit_rows(&mut self) {
        fn gcd(a: u32, b: u32) -> u32 {
            if b == 0 { a } else { gcd(b, a % b) }
        }
        let at = minute_of_day(self.row_time(self.row));
        let opens = minute_of_day(self.opens);
        self.step = self
            .slots
            .iter()
            .fold(self.grain, |g, s| {
                let offset = minute_of_day(s.start.time()).saturating_sub(opens);
                gcd(gcd(g, s.duration), offset)
            })
            .max(5);
        let m = at.saturating_sub(opens);
        self.row = ((m / self.step) as usize).min(self.rows().saturating_sub(1));
    }

    fn move_day(&mut self, days: i64, ctx: &Ctx) -> Outcome {
        let before = self.span();
        self.date += Duration::days(days);
        if self.span() != before {
            return Outcome::from(self.load(ctx).map(|_| Outcome::None));
        }
        Outcome::None
    }

    /// Space: declare a slot in an empty row, remove a free one, or list who is booked.
    fn toggle(&mut self, ctx: &Ctx) -> Result<Outcome> {
        let doctor = self.doctor()?;
        let from = self.row_time(self.row);
        match self.selected().cloned() {
            None => {
                let to = from + Duration::minutes(i64::from(self.step));
                let done = ctx.clinic.declare_range(
                    &ctx.actor(),
                    doctor,
                    self.date,
                    (from, to),
                    Some(self.step),
                )?;
                Ok(Outcome::saved(if done.created == 1 {
                    format!(
                        "Declared {}, {}–{}.",
                        fmt_day(self.date),
                        fmt_clock(from),
                        fmt_clock(to)
                    )
                } else {
                    done.sentence("Declared")
                }))
            }
            Some(slot) if slot.start <= self.now => Ok(Outcome::info(
                "That slot has started or is past; it stays as it was.",
            )),
            Some(slot) => Ok(self.remove(self.date, (slot.start.time(), slot.end.time()), ctx)),
        }
    }

    /// Removes the future slots starting in `[from, to)` on `day`; when the library refuses
    /// because some are booked (R10), lists the patients concerned instead.
    fn remove(&mut self, day: NaiveDate, (from, to): (NaiveTime, NaiveTime), ctx: &Ctx) -> Outcome {
        let Some(doctor) = self.doctor else {
            return Outcome::None;
        };
        match ctx
            .clinic
            .remove_slots_in_range(&ctx.actor(), doctor, day, (from, to))
        {
            Ok(1) => Outcome::saved(format!("Removed the {} slot.", fmt_clock(from))),
            Ok(n) => Outcome::saved(format!(
                "Removed {}.",
                crate::domain::text::count(n, "slot")
            )),
            Err(e) if e.kind() == ErrorKind::Conflict && e.message().contains("booked") => {
                Outcome::Push(Box::new(AffectedScreen::new(
                    Removal {
                        doctor,
                        doctor_name: self.doctor_name.clone(),
                        date: day,
                        from,
                        to,
                    },
                    e.message().to_string(),
                )))
            }
            Err(e) => Outcome::error(&e),
        }
    }

    fn range_form(&self) -> Form<F> {
        let from = self.row_time(self.row);
        Form::new(vec![
            (
                F::Do,
                Field::choice(
                    "Do",
                    vec![
                        ("declare slots".into(), "declare".into()),
                        ("remove slots".into(), "remove".into()),
                    ],
                ),
            ),
            (
                F::Day,
                Field::filled("Day", &fmt_date(self.date), "YYYY-MM-DD"),
            ),
            (F::From, Field::filled("From", &fmt_clock(from), "HH:MM")),
            (F::To, Field::filled("To", &fmt_clock(self.closes), "HH:MM")),
            (
                F::Length,
                Field::filled("Slot length", &self.step.to_string(), "minutes, 15–120"),
            ),
        ])
    }

    fn copy_form(&self) -> Form<F> {
        let (first, until) = if self.week {
            let start = self.week_start() + Duration::days(7);
            (start, start + Duration::days(27))
        } else {
            (self.date + Duration::days(1), self.date + Duration::days(4))
        };
        let mut form = Form::new(vec![
            (
                F::What,
                Field::choice(
                    "Copy",
                    vec![
                        ("this day".into(), "day".into()),
                        ("this week".into(), "week".into()),
                    ],
                ),
            ),
            (
                F::First,
                Field::filled("First copy on", &fmt_date(first), "YYYY-MM-DD"),
            ),
            (
                F::Until,
                Field::filled("Until", &fmt_date(until), "last day to fill"),
            ),
        ]);
        if self.week {
            form.choose(F::What, "week");
        }
        form
    }

    fn submit_range(&mut self, form: &Form<F>, ctx: &Ctx) -> Result<Outcome> {
        let doctor = self.doctor()?;
        let day = parse_date(&form.text(F::Day))?;
        let from = parse_clock(&form.text(F::From))?;
        let to = parse_clock(&form.text(F::To))?;
        self.go_to(day, from, ctx)?;
        if form.text(F::Do) == "remove" {
            return Ok(self.remove(day, (from, to), ctx));
        }
        let length = form
            .text(F::Length)
            .trim()
            .parse::<u32>()
            .map_err(|_| Error::invalid("the slot length is a number of minutes"))?;
        let done = ctx
            .clinic
            .declare_range(&ctx.actor(), doctor, day, (from, to), Some(length))?;
        Ok(Outcome::saved(done.sentence(&format!(
            "On {}, {}–{}: declared",
            fmt_day(day),
            fmt_clock(from),
            fmt_clock(to)
        ))))
    }

    fn submit_copy(&mut self, form: &Form<F>, ctx: &Ctx) -> Result<Outcome> {
        let doctor = self.doctor()?;
        let first = parse_date(&form.text(F::First))?;
        let until = parse_date(&form.text(F::Until))?;
        let source = if form.text(F::What) == "week" {
            let start = self.week_start();
            (start, start + Duration::days(6))
        } else {
            (self.date, self.date)
        };
        let done = ctx
            .clinic
            .copy_slots_until(&ctx.actor(), doctor, source, first, until)?;
        Ok(Outcome::saved(done.sentence(&format!(
            "Copied from {} to {}:",
            fmt_day(first),
            fmt_day(until)
        ))))
    }
}

impl Asking for ScheduleScreen {
    type Ask = Ask;
    type Field = F;

    fn title(&self) -> String {
        "Schedule".into()
    }

    fn commands(&self) -> Vec<Command> {
        let here = self.selected().map(|s| s.state);
        vec![
            cmd(Action::Toggle, "add slot")
                .detail("declare a slot here")
                .only_if(here.is_none(), "on an empty row"),
            cmd(Action::Toggle, "remove")
                .detail("remove the free slot here")
                .only_if(
                    here.is_some_and(|s| s != SlotState::Booked),
                    "on a free slot",
                ),
            cmd(Action::Toggle, "remove…")
                .detail("remove: lists the booked patient to cancel first (R10)")
                .only_if(here == Some(SlotState::Booked), "on a booked slot"),
            cmd(Action::New, "range").detail("declare or remove a range, e.g. 09:00–13:00 by 30"),
            cmd(Action::CopyForward, "copy fwd")
                .detail("copy this day or week forward until a date"),
            cmd(
                Action::View,
                if self.week { "day view" } else { "week view" },
            ),
            cmd(Action::Right, "day").detail("the next day"),
            cmd(Action::Left, "previous day").help_only(),
            cmd(Action::PageUp, "previous week").help_only(),
            cmd(Action::PageDown, "next week").help_only(),
            cmd(Action::Up, "earlier row").help_only(),
            cmd(Action::Down, "later row").help_only(),
            cmd(Action::First, "opening time").help_only(),
            cmd(Action::Last, "closing time").help_only(),
        ]
    }

    fn answer(&mut self, d: &Dialog<Ask, F>, ctx: &Ctx) -> Result<Reply<Ask, F>> {
        match d.purpose {
            Ask::Range => self.submit_range(&d.form, ctx),
            Ask::Copy => self.submit_copy(&d.form, ctx),
        }
        .map(Reply::from)
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<Dialog<Ask, F>> {
        match action {
            Action::New => Some(
                Dialog::new(Ask::Range, "Declare or remove a range", self.range_form()).line(
                    "Declaring fills the gaps of the range; removing lists the patients of booked slots first.",
                ),
            ),
            Action::CopyForward => Some(
                Dialog::new(Ask::Copy, "Copy forward", self.copy_form()).line(
                    "The same times each day (or week) until 'Until'; times already declared are kept.",
                ),
            ),
            _ => None,
        }
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        let last = self.rows().saturating_sub(1);
        match action {
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(last),
            Action::First => self.row = 0,
            Action::Last => self.row = last,
            Action::Left => return self.move_day(-1, ctx),
            Action::Right => return self.move_day(1, ctx),
            Action::PageUp => return self.move_day(-7, ctx),
            Action::PageDown => return self.move_day(7, ctx),
            Action::View | Action::NextField | Action::PrevField => {
                self.week = !self.week;
                return Outcome::from(self.load(ctx).map(|_| Outcome::None));
            }
            Action::Toggle => return Outcome::from(self.toggle(ctx)),
            Action::Back if self.doctor.is_some() && ctx.actor().is_admin() => {
                return Outcome::Pop(1, None);
            }
            _ => {}
        }
        Outcome::None
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let settings = ctx.clinic.settings()?;
        self.opens = settings.opens;
        self.closes = settings.closes;
        self.grain = settings.slot_minutes.max(5);
        self.row = self.row.min(self.rows().saturating_sub(1));
        self.now = ctx.now();
        self.profile = Some(ctx.clinic.doctor(self.doctor()?)?);
        if !self.placed {
            self.placed = true;
            // Open on the first day from now that has slots, at the coming hour.
            let from = SlotFilter {
                doctor: self.doctor,
                from: self.now,
                ..SlotFilter::day(self.now.date())
            };
            let day = ctx
                .clinic
                .first_day_with_slots(&ctx.actor(), &from, LOOK_AHEAD_DAYS)?
                .unwrap_or(self.now.date());
            let time = if day == self.now.date() {
                self.now.time()
            } else {
                self.opens
            };
            return self.go_to(day, time, ctx);
        }
        self.load(ctx)
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        self.render_grid(area, buf, theme);
    }
}
