//! A doctor's schedule as a grid: one row per default slot length from opening to closing,
//! one column for the day (or seven for the week). Each cell shows the slot there: free,
//! held, booked (with the patient's name) or past. Space declares a slot in an empty cell
//! or removes a free one; `n` declares or removes a range; `f` copies the day or the week
//! forward. Removing a booked slot is refused by the library (R10): the grid then lists the
//! patients concerned so they can be cancelled with a reason first.
//!
//! Doctors see their own schedule; the front desk opens any doctor's from the doctor list.

use super::affected::AffectedScreen;
use super::fmt_day;
use crate::domain::time::{fmt_clock, fmt_date, minute_of_day, next_day, parse_clock, parse_date};
use crate::domain::{Doctor, DoctorId, Slot, SlotId, SlotSort, SlotState};
use crate::service::SlotFilter;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog;
use crate::tui::widgets::field::{Choice, TextField};
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::form::{Field, Form};
use crate::{Error, ErrorKind, Result};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

/// Width of one day's column in the week view.
const COL: u16 = 10;

/// A dialog over the grid.
enum Dialog {
    /// Declare or remove the slots of a time range on one day.
    Range(Form),
    /// Copy the day or the week forward.
    Copy(Form),
}

pub struct ScheduleScreen {
    doctor: Option<DoctorId>,
    doctor_name: String,
    week: bool,
    /// The day under the cursor.
    date: NaiveDate,
    /// The row under the cursor (0 = opening time).
    row: usize,
    opens: NaiveTime,
    closes: NaiveTime,
    step: u32,
    slots: Vec<Slot>,
    now: NaiveDateTime,
    dialog: Option<Dialog>,
}

/// "A. Smith": a patient's name short enough for a week cell.
fn short_name(name: &str) -> String {
    let mut parts = name.split_whitespace();
    match (parts.next(), parts.next_back()) {
        (Some(first), Some(last)) => {
            format!("{}.{}", first.chars().next().unwrap_or(' '), last)
        }
        (Some(only), None) => only.to_string(),
        _ => String::new(),
    }
}

impl ScheduleScreen {
    /// The signed-in doctor's own schedule, on today.
    pub fn for_doctor(ctx: &Ctx) -> ScheduleScreen {
        let name = ctx
            .session
            .map(|s| s.account.full_name.clone())
            .unwrap_or_default();
        ScheduleScreen::new(ctx.actor().doctor_id(), name, ctx.now())
    }

    /// Any doctor's schedule, for the front desk.
    pub fn of(doctor: &Doctor, now: NaiveDateTime) -> ScheduleScreen {
        ScheduleScreen::new(Some(doctor.id), doctor.full_name.clone(), now)
    }

    fn new(doctor: Option<DoctorId>, doctor_name: String, now: NaiveDateTime) -> ScheduleScreen {
        let defaults = crate::domain::Settings::default();
        ScheduleScreen {
            doctor,
            doctor_name,
            week: false,
            date: now.date(),
            row: 0,
            opens: defaults.opens,
            closes: defaults.closes,
            step: defaults.slot_minutes,
            slots: Vec::new(),
            now,
            dialog: None,
        }
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

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.dialog {
            Some(Dialog::Range(f)) | Some(Dialog::Copy(f)) => Some(f),
            None => None,
        }
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

    fn load(&mut self, ctx: &Ctx) -> Result<()> {
        let Some(doctor) = self.doctor else {
            return Err(Error::forbidden("only a doctor has a schedule"));
        };
        let (first, last) = self.span();
        let filter = SlotFilter {
            doctor: Some(doctor),
            sort: SlotSort::Time,
            ..SlotFilter::day(first)
        };
        let filter = SlotFilter {
            to: next_day(last).and_time(NaiveTime::MIN),
            ..filter
        };
        self.slots = ctx.clinic.slots(&ctx.actor(), &filter)?;
        Ok(())
    }

    fn move_day(&mut self, days: i64, ctx: &Ctx) -> Outcome {
        let before = self.span();
        self.date += Duration::days(days);
        if self.span() != before {
            return Outcome::from(self.load(ctx).map(|_| Outcome::None));
        }
        Outcome::None
    }

    /// Space: declare a slot in an empty row, remove a free one, or show who is booked.
    fn toggle(&mut self, ctx: &Ctx) -> Outcome {
        let Some(doctor) = self.doctor else {
            return Outcome::None;
        };
        let start = self.date.and_time(self.row_time(self.row));
        match self.selected().cloned() {
            None => {
                if start <= self.now {
                    return Outcome::info("That time is past; only the future can be declared.");
                }
                let end = self.row_time(self.row) + Duration::minutes(i64::from(self.step));
                let done = ctx.clinic.declare_slots(
                    &ctx.actor(),
                    doctor,
                    self.date,
                    self.row_time(self.row),
                    end,
                    Some(self.step),
                );
                self.after_change(
                    done.map(|s| {
                        format!(
                            "Declared {}, {}–{}.",
                            fmt_day(self.date),
                            fmt_clock(s[0].start.time()),
                            fmt_clock(s[0].end.time())
                        )
                    }),
                    ctx,
                )
            }
            Some(slot) if slot.start <= self.now => {
                Outcome::info("That slot has started or is past; it stays as it was.")
            }
            Some(slot) => self.remove(vec![slot], ctx),
        }
    }

    /// Removes `slots`; when the library refuses because some are booked (R10), lists the
    /// patients concerned instead.
    fn remove(&mut self, slots: Vec<Slot>, ctx: &Ctx) -> Outcome {
        let ids: Vec<SlotId> = slots.iter().map(|s| s.id).collect();
        match ctx.clinic.remove_slots(&ctx.actor(), &ids) {
            Ok(n) => self.after_change(
                Ok(if n == 1 {
                    format!("Removed the {} slot.", fmt_clock(slots[0].start.time()))
                } else {
                    format!("Removed {n} slots.")
                }),
                ctx,
            ),
            Err(e)
                if e.kind() == ErrorKind::Conflict
                    && slots.iter().any(|s| s.state == SlotState::Booked) =>
            {
                Outcome::Push(Box::new(AffectedScreen::new(
                    self.doctor_name.clone(),
                    slots,
                    e.message().to_string(),
                )))
            }
            Err(e) => Outcome::error(&e),
        }
    }

    fn after_change(&mut self, done: Result<String>, ctx: &Ctx) -> Outcome {
        match done {
            Ok(text) => {
                let _ = self.load(ctx);
                Outcome::info(text)
            }
            Err(e) => Outcome::error(&e),
        }
    }

    fn range_form(&self) -> Form {
        let from = self.row_time(self.row);
        Form::new(vec![
            Field::Choice(Choice::new(
                "Do",
                vec![
                    ("declare slots".into(), "declare".into()),
                    ("remove slots".into(), "remove".into()),
                ],
            )),
            Field::Text(
                TextField::new("Day")
                    .with_value(&fmt_date(self.date))
                    .hint("YYYY-MM-DD"),
            ),
            Field::Text(
                TextField::new("From")
                    .with_value(&fmt_clock(from))
                    .hint("HH:MM"),
            ),
            Field::Text(
                TextField::new("To")
                    .with_value(&fmt_clock(self.closes))
                    .hint("HH:MM"),
            ),
            Field::Text(
                TextField::new("Slot length")
                    .with_value(&self.step.to_string())
                    .hint("minutes, 15–120"),
            ),
        ])
    }

    fn copy_form(&self) -> Form {
        let mut what = Choice::new(
            "Copy",
            vec![
                ("this day".into(), "day".into()),
                ("this week".into(), "week".into()),
            ],
        );
        let (first, until) = if self.week {
            what.select(&"week".to_string());
            let start = self.week_start() + Duration::days(7);
            (start, start + Duration::days(27))
        } else {
            (self.date + Duration::days(1), self.date + Duration::days(4))
        };
        Form::new(vec![
            Field::Choice(what),
            Field::Text(
                TextField::new("First copy on")
                    .with_value(&fmt_date(first))
                    .hint("YYYY-MM-DD"),
            ),
            Field::Text(
                TextField::new("Until")
                    .with_value(&fmt_date(until))
                    .hint("last day to fill"),
            ),
        ])
    }

    fn submit_range(&mut self, form: &Form, ctx: &Ctx) -> Result<Outcome> {
        let doctor = self.doctor.ok_or_else(|| Error::forbidden("no doctor"))?;
        let day = parse_date(&form.value(1))?;
        let from = parse_clock(&form.value(2))?;
        let to = parse_clock(&form.value(3))?;
        if form.value(0) == "declare" {
            let length = form
                .value(4)
                .trim()
                .parse::<u32>()
                .map_err(|_| Error::invalid("the slot length is a number of minutes"))?;
            let made =
                ctx.clinic
                    .declare_slots(&ctx.actor(), doctor, day, from, to, Some(length))?;
            self.go_to(day, from, ctx)?;
            return Ok(Outcome::info(format!(
                "Declared {} slots of {length} minutes on {}, {}–{}.",
                made.len(),
                fmt_day(day),
                fmt_clock(from),
                made.last()
                    .map(|s| fmt_clock(s.end.time()))
                    .unwrap_or_default()
            )));
        }
        if from >= to {
            return Err(Error::invalid(format!(
                "the range {}–{} is empty",
                fmt_clock(from),
                fmt_clock(to)
            )));
        }
        let filter = SlotFilter {
            doctor: Some(doctor),
            time_window: Some((from, to)),
            ..SlotFilter::day(day)
        };
        let slots: Vec<Slot> = ctx
            .clinic
            .slots(&ctx.actor(), &filter)?
            .into_iter()
            .filter(|s| s.start > self.now)
            .collect();
        if slots.is_empty() {
            return Ok(Outcome::info(format!(
                "No future slots on {} between {} and {}.",
                fmt_day(day),
                fmt_clock(from),
                fmt_clock(to)
            )));
        }
        self.go_to(day, from, ctx)?;
        Ok(self.remove(slots, ctx))
    }

    fn submit_copy(&mut self, form: &Form, ctx: &Ctx) -> Result<Outcome> {
        let doctor = self.doctor.ok_or_else(|| Error::forbidden("no doctor"))?;
        let first = parse_date(&form.value(1))?;
        let until = parse_date(&form.value(2))?;
        let (source_from, source_to) = if form.value(0) == "week" {
            let start = self.week_start();
            (start, start + Duration::days(6))
        } else {
            (self.date, self.date)
        };
        if until < first {
            return Err(Error::invalid("'Until' is before the first copy"));
        }
        let period = (source_to - source_from).num_days() + 1;
        let days = (until - first).num_days() + 1;
        let repeat = (days + period - 1) / period;
        let done = ctx.clinic.copy_slots(
            &ctx.actor(),
            doctor,
            source_from,
            source_to,
            first,
            u32::try_from(repeat).unwrap_or(u32::MAX),
        )?;
        self.load(ctx)?;
        let mut text = format!(
            "Copied: {} slots declared from {} to {}",
            done.created,
            fmt_day(first),
            fmt_day(first + Duration::days(repeat * period - 1))
        );
        if done.skipped_taken > 0 {
            text.push_str(&format!(
                "; {} times already had a slot",
                done.skipped_taken
            ));
        }
        if done.skipped_past > 0 {
            text.push_str(&format!("; {} past times left out", done.skipped_past));
        }
        text.push('.');
        Ok(Outcome::info(text))
    }

    fn update_dialog(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        let Some(dialog) = self.dialog.as_mut() else {
            return Outcome::None;
        };
        let form = match dialog {
            Dialog::Range(f) | Dialog::Copy(f) => f,
        };
        match action {
            Action::Input(key) => form.input(*key),
            Action::NextField => form.next(),
            Action::PrevField => form.prev(),
            Action::Back => {
                self.dialog = None;
                return Outcome::info("Nothing changed.");
            }
            Action::Submit => {
                let Some(dialog) = self.dialog.take() else {
                    return Outcome::None;
                };
                let result = match &dialog {
                    Dialog::Range(f) => self.submit_range(f, ctx),
                    Dialog::Copy(f) => self.submit_copy(f, ctx),
                };
                return match result {
                    Ok(o) => o,
                    Err(e) => {
                        // Keep the form so the mistake can be corrected.
                        self.dialog = Some(dialog);
                        Outcome::error(&e)
                    }
                };
            }
            _ => {}
        }
        Outcome::None
    }

    fn counts(&self) -> String {
        let (mut free, mut booked, mut held) = (0, 0, 0);
        for s in self.slots.iter().filter(|s| s.start > self.now) {
            match s.state {
                SlotState::Free => free += 1,
                SlotState::Held => held += 1,
                SlotState::Booked => booked += 1,
            }
        }
        let mut text = format!("{free} free, {booked} booked");
        if held > 0 {
            text.push_str(&format!(", {held} held"));
        }
        text
    }

    /// Text and style of one cell; `wide` is the day view.
    fn cell(&self, day: NaiveDate, row: usize, wide: bool, theme: &Theme) -> (String, Style) {
        let row_start = day.and_time(self.row_time(row));
        let Some(s) = self.slot_at(day, row) else {
            let style = if row_start <= self.now {
                theme.dim
            } else {
                Style::default()
            };
            return (if wide { "·".into() } else { "  ·".into() }, style);
        };
        let past = s.start <= self.now;
        let style = if past { theme.dim } else { Style::default() };
        if s.start < row_start {
            return (if wide { "┆".into() } else { "  ┆".into() }, theme.dim);
        }
        let at = if s.start != row_start {
            format!("{} ", fmt_clock(s.start.time()))
        } else {
            String::new()
        };
        let who = s.patient_name.clone().unwrap_or_default();
        let text = if wide {
            let state = match s.state {
                SlotState::Free if past => "past",
                SlotState::Booked if past => "past",
                other => other.as_str(),
            };
            let mut text = format!("{at}{state:<8}{who}");
            if s.duration != self.step {
                text.push_str(&format!("  ({} min)", s.duration));
            }
            text
        } else {
            match s.state {
                SlotState::Free if past => "past".into(),
                SlotState::Free => format!("{at}free"),
                SlotState::Held => format!("held {}", short_name(&who)),
                SlotState::Booked if past => {
                    let name: String = short_name(&who).chars().take(COL as usize - 3).collect();
                    format!("({name})")
                }
                SlotState::Booked => short_name(&who),
            }
        };
        let style = match s.state {
            SlotState::Free if !past => theme.info,
            SlotState::Booked if !past => theme.heading,
            SlotState::Held if !past => theme.key,
            _ => style,
        };
        (text, style)
    }

    fn render_grid(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let (first, last) = self.span();
        let title = if self.week {
            format!(
                " {} · week of {} ",
                self.doctor_name,
                first.format("%-d %b %Y")
            )
        } else {
            format!(" {} · {} ", self.doctor_name, fmt_day(first))
        };
        let block = Block::bordered()
            .border_style(theme.border)
            .title(title)
            .title_bottom(Line::styled(
                format!(
                    " {}: {} ",
                    if self.week { "this week" } else { "this day" },
                    self.counts()
                ),
                theme.dim,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 3 {
            return;
        }
        // Headings: the days of the week, or the day's columns.
        let head = Rect { height: 1, ..inner };
        if self.week {
            let mut spans = vec![Span::styled("Time  ", theme.heading)];
            for i in 0..7 {
                let d = first + Duration::days(i);
                let style = if d == self.date {
                    theme.tab_active
                } else {
                    theme.heading
                };
                spans.push(Span::styled(
                    format!("{:<w$}", d.format("%a %-d"), w = COL as usize),
                    style,
                ));
            }
            Line::from(spans).render(head, buf);
        } else {
            Line::styled("Time          Slot", theme.heading).render(head, buf);
        }
        let _ = last;
        let visible = (inner.height - 1) as usize;
        let rows = self.rows();
        let top = if self.row >= visible {
            self.row + 1 - visible
        } else {
            0
        };
        for (i, row) in (top..rows).take(visible).enumerate() {
            let y = inner.y + 1 + i as u16;
            let t = self.row_time(row);
            let time = if self.week {
                format!("{}  ", fmt_clock(t))
            } else {
                format!(
                    "{}–{}   ",
                    fmt_clock(t),
                    fmt_clock(t + Duration::minutes(i64::from(self.step)))
                )
            };
            let time_style = if row == self.row {
                theme.heading
            } else {
                theme.dim
            };
            let time_width = time.chars().count() as u16;
            Line::styled(time, time_style).render(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                buf,
            );
            let days: Vec<NaiveDate> = if self.week {
                (0..7).map(|k| first + Duration::days(k)).collect()
            } else {
                vec![self.date]
            };
            for (k, day) in days.iter().enumerate() {
                let x = inner.x + time_width + k as u16 * COL;
                if x >= inner.right() {
                    break;
                }
                let width = if self.week {
                    COL.min(inner.right() - x)
                } else {
                    inner.right() - x
                };
                let (text, mut style) = self.cell(*day, row, !self.week, theme);
                let selected = *day == self.date && row == self.row;
                if selected {
                    style = theme.selected;
                }
                let cell = Rect {
                    x,
                    y,
                    width: width.saturating_sub(u16::from(self.week)),
                    height: 1,
                };
                if selected {
                    buf.set_style(cell, theme.selected);
                }
                let text: String = text.chars().take(cell.width as usize).collect();
                Line::styled(text, style).render(cell, buf);
            }
        }
    }
}

impl Screen for ScheduleScreen {
    fn title(&self) -> String {
        "Schedule".into()
    }

    fn mode(&self) -> Mode {
        if self.dialog.is_some() {
            Mode::TextEntry
        } else {
            Mode::Navigate
        }
    }

    fn hints(&self) -> Vec<Hint> {
        if self.dialog.is_some() {
            return vec![
                hint("Enter", "do it"),
                hint("Tab", "next field"),
                hint("←→", "choose"),
                hint("Esc", "cancel"),
            ];
        }
        let space = match self.selected() {
            None => hint("Space", "add slot"),
            Some(s) if s.state == SlotState::Booked => hint("Space", "remove…"),
            Some(_) => hint("Space", "remove"),
        };
        vec![
            space,
            hint("n", "range"),
            hint("f", "copy fwd"),
            hint("v", if self.week { "day" } else { "week" }),
            hint("←→", "day"),
        ]
    }

    fn help(&self) -> Vec<Hint> {
        vec![
            hint("↑↓ j k", "earlier / later row"),
            hint("← → h l", "previous / next day"),
            hint("PgUp PgDn", "previous / next week"),
            hint("Home End", "opening / closing time"),
            hint("v", "switch between the day and the week"),
            hint("Space", "declare a slot here, or remove the free slot here"),
            hint(
                "Space",
                "on a booked slot: list its patient to cancel first",
            ),
            hint("n", "declare or remove a range, e.g. 09:00–13:00 by 30"),
            hint("f", "copy this day or week forward to a date range"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if self.dialog.is_some() {
            return self.update_dialog(action, ctx);
        }
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
            Action::Toggle => return self.toggle(ctx),
            Action::New => self.dialog = Some(Dialog::Range(self.range_form())),
            Action::CopyForward => self.dialog = Some(Dialog::Copy(self.copy_form())),
            Action::Back if self.doctor.is_some() && ctx.actor().is_admin() => {
                return Outcome::Pop(1, None);
            }
            _ => {}
        }
        Outcome::None
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let settings = ctx.clinic.settings()?;
        let first = self.slots.is_empty() && self.row == 0;
        self.opens = settings.opens;
        self.closes = settings.closes;
        self.step = settings.slot_minutes.max(5);
        self.row = self.row.min(self.rows().saturating_sub(1));
        self.now = ctx.now();
        if first && self.date == self.now.date() && self.now.time() > self.opens {
            // Open on the coming hour rather than the morning already gone.
            let time = self.now.time();
            return self.go_to(self.date, time, ctx);
        }
        self.load(ctx)
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        self.render_grid(area, buf, theme);
        match &self.dialog {
            Some(Dialog::Range(form)) => dialog::render(
                area,
                buf,
                theme,
                "Declare or remove a range",
                vec![Line::styled(
                    "  Removing keeps booked slots: their patients are listed first.",
                    theme.dim,
                )],
                Some(form),
                false,
            ),
            Some(Dialog::Copy(form)) => dialog::render(
                area,
                buf,
                theme,
                "Copy forward",
                vec![Line::styled(
                    "  Same times each day (or week) up to 'Until'; taken times are kept.",
                    theme.dim,
                )],
                Some(form),
                false,
            ),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_clock;
    use crate::tui::screens::fixture;

    fn t(s: &str) -> NaiveTime {
        parse_clock(s).unwrap()
    }

    fn opened(ctx: &Ctx) -> ScheduleScreen {
        let mut s = ScheduleScreen::for_doctor(ctx);
        s.reload(ctx).unwrap();
        s
    }

    #[test]
    fn opens_on_today_with_own_slots_and_patient_names() {
        let clinic = fixture::demo_clinic();
        let doctor = fixture::doctor(&clinic);
        let ctx = fixture::ctx(&clinic, &doctor);
        let s = opened(&ctx);
        assert_eq!(s.date(), fixture::now().date());
        assert_eq!(s.slots().len(), 24, "the demo declares 09:00–21:00");
        let own = doctor.actor.doctor_id().unwrap();
        assert!(s.slots().iter().all(|x| x.doctor_id == own));
        assert!(
            s.slots()
                .iter()
                .filter(|x| x.state == SlotState::Booked)
                .all(|x| x.patient_name.is_some())
        );
    }

    #[test]
    fn space_declares_a_slot_in_an_empty_row_and_removes_it_again() {
        let clinic = fixture::demo_clinic();
        let doctor = fixture::doctor(&clinic);
        let ctx = fixture::ctx(&clinic, &doctor);
        let mut s = opened(&ctx);
        s.go_to(fixture::empty_day(), t("10:00"), &ctx).unwrap();
        assert!(s.selected().is_none());
        assert!(matches!(
            s.update(&Action::Toggle, &ctx),
            Outcome::Message(_)
        ));
        let slot = s.selected().expect("declared").clone();
        assert_eq!(slot.start, fixture::empty_day().and_time(t("10:00")));
        assert_eq!(slot.duration, 30);
        s.update(&Action::Toggle, &ctx);
        assert!(s.selected().is_none());
        assert!(s.slots().is_empty());
    }

    #[test]
    fn range_declares_09_to_13_in_30_minute_slots() {
        let clinic = fixture::demo_clinic();
        let doctor = fixture::doctor(&clinic);
        let ctx = fixture::ctx(&clinic, &doctor);
        let mut s = opened(&ctx);
        s.update(&Action::New, &ctx);
        assert_eq!(s.mode(), Mode::TextEntry);
        let f = s.form_mut().unwrap();
        f.set_text(1, &fmt_date(fixture::empty_day()));
        f.set_text(2, "09:00");
        f.set_text(3, "13:00");
        f.set_text(4, "30");
        assert!(
            matches!(s.update(&Action::Submit, &ctx), Outcome::Message(m) if m.text.starts_with("Declared 8 slots"))
        );
        assert_eq!(s.mode(), Mode::Navigate);
        assert_eq!(s.date(), fixture::empty_day());
        assert_eq!(s.slots().len(), 8);
        assert_eq!(s.slots()[7].end.time(), t("13:00"));
    }

    #[test]
    fn a_bad_range_keeps_the_form_with_the_library_sentence() {
        let clinic = fixture::demo_clinic();
        let doctor = fixture::doctor(&clinic);
        let ctx = fixture::ctx(&clinic, &doctor);
        let mut s = opened(&ctx);
        s.update(&Action::New, &ctx);
        let f = s.form_mut().unwrap();
        f.set_text(1, &fmt_date(fixture::empty_day()));
        f.set_text(2, "07:00");
        match s.update(&Action::Submit, &ctx) {
            Outcome::Message(m) => assert!(m.text.contains("outside opening hours"), "{}", m.text),
            _ => panic!("expected the refusal"),
        }
        assert!(s.form_mut().is_some(), "the form stays to be corrected");
    }

    #[test]
    fn removing_a_booked_slot_is_refused_and_lists_its_patient() {
        let clinic = fixture::demo_clinic();
        let doctor = fixture::doctor(&clinic);
        let ctx = fixture::ctx(&clinic, &doctor);
        let mut s = opened(&ctx);
        s.update(&Action::Right, &ctx);
        let booked = s
            .slots()
            .iter()
            .find(|x| x.state == SlotState::Booked)
            .unwrap()
            .clone();
        s.go_to(booked.start.date(), booked.start.time(), &ctx)
            .unwrap();
        let Outcome::Push(mut list) = s.update(&Action::Toggle, &ctx) else {
            panic!("expected the list of affected patients");
        };
        assert_eq!(list.title(), "Booked slots");
        list.reload(&ctx).unwrap();
        s.reload(&ctx).unwrap();
        assert_eq!(s.selected().map(|x| x.id), Some(booked.id), "not removed");
        // Esc keeps everything.
        assert!(matches!(
            list.update(&Action::Back, &ctx),
            Outcome::Pop(1, _)
        ));
    }

    #[test]
    fn copy_forward_repeats_the_day_up_to_the_until_date() {
        let clinic = fixture::demo_clinic();
        let doctor = fixture::doctor(&clinic);
        let ctx = fixture::ctx(&clinic, &doctor);
        let mut s = opened(&ctx);
        let day = fixture::empty_day();
        clinic
            .declare_slots(
                &doctor.actor,
                doctor.actor.doctor_id().unwrap(),
                day,
                t("09:00"),
                t("10:00"),
                None,
            )
            .unwrap();
        s.go_to(day, t("09:00"), &ctx).unwrap();
        s.update(&Action::CopyForward, &ctx);
        let f = s.form_mut().unwrap();
        assert_eq!(f.value(0), "day");
        assert_eq!(f.value(1), "2030-01-22");
        f.set_text(2, "2030-01-24");
        match s.update(&Action::Submit, &ctx) {
            Outcome::Message(m) => assert!(m.text.starts_with("Copied: 6 slots"), "{}", m.text),
            _ => panic!("expected a confirmation"),
        }
        s.update(&Action::View, &ctx);
        assert!(s.is_week());
        let days: Vec<_> = s.slots().iter().map(|x| x.start.date()).collect();
        for d in ["2030-01-21", "2030-01-22", "2030-01-23", "2030-01-24"] {
            let d = crate::domain::time::parse_date(d).unwrap();
            assert_eq!(days.iter().filter(|x| **x == d).count(), 2, "{d}");
        }
        assert_eq!(s.slots().len(), 8);
    }
}
