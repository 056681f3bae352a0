//! A doctor's weekly plan (SPEC §9), edited as a grid: a row per weekday, its working ranges
//! side by side (the gaps are breaks). ↑/↓ pick the day, ←/→ the range; `n` adds a range,
//! `e` edits it, `c` removes it, `f` copies the day's hours to the next day. Enter saves: it
//! first shows what saving from the chosen date does — slots made, free ones removed, booked
//! ones kept — and saves on a second Enter. The doctor edits their own; the desk anyone's.

use super::fmt_day;
use crate::domain::plan::{PlanChanges, PlanRange, WEEKDAYS, weekly_minutes};
use crate::domain::text::count;
use crate::domain::time::{fmt_clock, fmt_date, human_when, parse_clock, parse_date};
use crate::domain::{DoctorId, Settings};
use crate::service::PlanView;
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd};
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::text::{fit, title};
use crate::{Error, Result};
use chrono::{NaiveDate, Weekday};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// The dialogs' fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    From,
    To,
    Length,
    Date,
}

/// What a dialog is for.
#[derive(Debug, Clone)]
pub enum Ask {
    /// Adding a range to a day (`None`) or changing the one at this index.
    Range(Weekday, Option<usize>),
    /// Saving from the date in the form; the changes shown were worked out for this date.
    Save(NaiveDate),
    /// Leaving with changes not saved.
    Discard,
}

pub struct PlanScreen {
    doctor: Option<DoctorId>,
    name: String,
    /// Whether the desk opened it from the doctors (Esc goes back there).
    pushed: bool,
    /// The week being edited.
    ranges: Vec<PlanRange>,
    /// The plans in force today and later.
    plans: Vec<PlanView>,
    /// The clinic's settings: opening hours and the slot length of ranges without their own.
    settings: Settings,
    day: usize,
    at: usize,
    changed: bool,
    today: Option<NaiveDate>,
}

impl PlanScreen {
    /// The signed-in doctor's own plan.
    pub fn for_doctor(ctx: &Ctx) -> Dialogs<PlanScreen> {
        let name = ctx
            .session
            .map(|s| s.account.full_name.clone())
            .unwrap_or_default();
        PlanScreen::new(ctx.actor().doctor_id(), name, false)
    }

    /// Any doctor's plan, for the front desk.
    pub fn of(doctor: DoctorId, name: String) -> Dialogs<PlanScreen> {
        PlanScreen::new(Some(doctor), name, true)
    }

    fn new(doctor: Option<DoctorId>, name: String, pushed: bool) -> Dialogs<PlanScreen> {
        Dialogs::new(PlanScreen {
            doctor,
            name,
            pushed,
            ranges: Vec::new(),
            plans: Vec::new(),
            settings: Settings::default(),
            day: 0,
            at: 0,
            changed: false,
            today: None,
        })
    }

    /// The week as edited so far.
    pub fn ranges(&self) -> &[PlanRange] {
        &self.ranges
    }

    pub fn is_changed(&self) -> bool {
        self.changed
    }

    fn doctor(&self) -> Result<DoctorId> {
        self.doctor
            .ok_or_else(|| Error::forbidden("only a doctor has a plan"))
    }

    fn weekday(&self) -> Weekday {
        Weekday::try_from(self.day as u8).unwrap_or(Weekday::Mon)
    }

    /// The indexes in `ranges` of the selected day's ranges, by time.
    fn of_day(&self, day: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.ranges.len())
            .filter(|&i| self.ranges[i].weekday.num_days_from_monday() as usize == day)
            .collect();
        idx.sort_by_key(|&i| self.ranges[i].from);
        idx
    }

    fn selected(&self) -> Option<usize> {
        self.of_day(self.day).get(self.at).copied()
    }

    /// The plan in force today, if any.
    fn in_force(&self) -> Option<&PlanView> {
        let today = self.today?;
        self.plans.iter().rfind(|p| p.plan.effective_from <= today)
    }

    fn range_form(&self, r: Option<&PlanRange>) -> Form<F> {
        let (from, to, length) = match r {
            Some(r) => (fmt_clock(r.from), fmt_clock(r.to), r.length),
            None => ("09:00".into(), "13:00".into(), self.settings.slot_minutes),
        };
        Form::new(vec![
            (F::From, Field::filled("From", &from, "HH:MM")),
            (F::To, Field::filled("To", &to, "HH:MM")),
            (
                F::Length,
                Field::filled("Slot length", &length.to_string(), "minutes, 15–120"),
            ),
        ])
    }

    /// The range the form describes, checked against the rest of the day.
    fn read_range(
        &self,
        form: &Form<F>,
        day: Weekday,
        replacing: Option<usize>,
    ) -> Result<PlanRange> {
        let range = PlanRange {
            weekday: day,
            from: parse_clock(&form.text(F::From))?,
            to: parse_clock(&form.text(F::To))?,
            length: form
                .text(F::Length)
                .trim()
                .parse()
                .map_err(|_| Error::invalid("the slot length is a number of minutes"))?,
        };
        let mut week: Vec<PlanRange> = self
            .ranges
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != replacing)
            .map(|(_, r)| *r)
            .collect();
        week.push(range);
        // R1 and no overlap, said before saving; the library decides again.
        crate::domain::plan::check_ranges(&week, &self.settings)?;
        Ok(range)
    }

    /// The save dialog for `from`, with what saving would do.
    fn save_dialog(&self, from: NaiveDate, ctx: &Ctx) -> Result<Dialog<Ask, F>> {
        let changes = ctx.clinic.preview_plan(
            &ctx.actor(),
            self.doctor()?,
            Some(from),
            self.ranges.clone(),
        )?;
        let form = Form::new(vec![(
            F::Date,
            Field::filled(
                "From",
                &fmt_date(from),
                "YYYY-MM-DD: the first day it is in force",
            ),
        )]);
        let mut d = Dialog::new(Ask::Save(from), "Save this plan?", form)
            .line(format!("From {}: {}", fmt_day(from), changes.sentence()))
            .done("save");
        for line in kept_lines(&changes, ctx) {
            d = d.line(line);
        }
        Ok(d.line("A changed date shows its own changes first."))
    }

    fn copy_to_next_day(&mut self) -> Outcome {
        if self.day == 6 {
            return Outcome::info("Sunday is the last day of the week.");
        }
        let next = self.day + 1;
        let to = Weekday::try_from(next as u8).unwrap_or(Weekday::Sun);
        self.ranges
            .retain(|r| r.weekday.num_days_from_monday() as usize != next);
        let copies: Vec<PlanRange> = self
            .of_day(self.day)
            .into_iter()
            .map(|i| PlanRange {
                weekday: to,
                ..self.ranges[i]
            })
            .collect();
        self.ranges.extend(copies);
        self.changed = true;
        self.day = next;
        self.at = 0;
        Outcome::info(format!(
            "{} now has {}'s hours.",
            day_title(next),
            day_title(next - 1)
        ))
    }
}

/// "Mon" … "Sun".
fn day_title(day: usize) -> String {
    let name = WEEKDAYS[day];
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The booked visits a new plan would leave outside its hours, a few by name.
fn kept_lines(changes: &PlanChanges, ctx: &Ctx) -> Vec<String> {
    let mut lines: Vec<String> = changes
        .kept_booked
        .iter()
        .take(3)
        .filter_map(|id| ctx.clinic.appointment(&ctx.actor(), *id).ok())
        .map(|a| format!("  kept: {} {}", human_when(a.start), a.patient_name))
        .collect();
    if changes.kept_booked.len() > 3 {
        lines.push(format!("  and {} more", changes.kept_booked.len() - 3));
    }
    if !lines.is_empty() {
        lines.insert(
            0,
            "Booked visits stay; move or cancel them from the day's list:".into(),
        );
    }
    lines
}

impl Asking for PlanScreen {
    type Ask = Ask;
    type Field = F;

    fn title(&self) -> String {
        "Plan".into()
    }

    fn commands(&self) -> Vec<Command> {
        let on_range = self.selected().is_some();
        let mut list = vec![
            cmd(Action::Submit, "save").detail("save: shows what changes from a date, then saves"),
            cmd(Action::New, "add range").detail("add working hours to the day"),
            cmd(Action::Edit, "edit").only_if(on_range, "on a range"),
            cmd(Action::Cancel, "remove").only_if(on_range, "on a range"),
            cmd(Action::CopyForward, "copy to next day").detail("give the next day the same hours"),
            cmd(Action::Down, "next day").help_only(),
            cmd(Action::Up, "previous day").help_only(),
            cmd(Action::Right, "next range").help_only(),
            cmd(Action::Left, "previous range").help_only(),
        ];
        if self.pushed {
            list.push(cmd(Action::Back, "back"));
        }
        list
    }

    fn ask(&mut self, action: &Action, ctx: &Ctx) -> Option<Dialog<Ask, F>> {
        let day = self.weekday();
        match action {
            Action::New => Some(Dialog::new(
                Ask::Range(day, None),
                format!("Add working hours on {}", day_title(self.day)),
                self.range_form(None),
            )),
            Action::Edit => {
                let i = self.selected()?;
                Some(Dialog::new(
                    Ask::Range(day, Some(i)),
                    format!("Change working hours on {}", day_title(self.day)),
                    self.range_form(Some(&self.ranges[i])),
                ))
            }
            Action::Submit => {
                let from = self.today.unwrap_or_else(|| ctx.now().date());
                self.save_dialog(from, ctx).ok()
            }
            Action::Back if self.pushed && self.changed => Some(
                Dialog::confirm(Ask::Discard, "Leave without saving?")
                    .line("The changes to the plan are lost; the plan in force stays."),
            ),
            _ => None,
        }
    }

    fn answer(&mut self, d: &Dialog<Ask, F>, ctx: &Ctx) -> Result<Reply<Ask, F>> {
        match &d.purpose {
            Ask::Range(day, replacing) => {
                let range = self.read_range(&d.form, *day, *replacing)?;
                match replacing {
                    Some(i) => self.ranges[*i] = range,
                    None => self.ranges.push(range),
                }
                self.changed = true;
                self.at = self
                    .of_day(self.day)
                    .iter()
                    .position(|&i| self.ranges[i] == range)
                    .unwrap_or(0);
                Ok(Outcome::None.into())
            }
            Ask::Save(previewed) => {
                let from = parse_date(&d.form.text(F::Date))?;
                if from != *previewed {
                    return Ok(Reply::Ask(self.save_dialog(from, ctx)?));
                }
                let changes = ctx.clinic.set_plan(
                    &ctx.actor(),
                    self.doctor()?,
                    Some(from),
                    self.ranges.clone(),
                )?;
                self.changed = false;
                Ok(Outcome::saved(format!(
                    "Plan saved from {}: {}",
                    fmt_day(from),
                    changes.sentence()
                ))
                .into())
            }
            Ask::Discard => {
                Ok(Outcome::Pop(1, Some(Message::info("The plan is as it was."))).into())
            }
        }
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        let n = self.of_day(self.day).len();
        match action {
            Action::Up => {
                self.day = self.day.saturating_sub(1);
                self.at = 0;
            }
            Action::Down => {
                self.day = (self.day + 1).min(6);
                self.at = 0;
            }
            Action::Left => self.at = self.at.saturating_sub(1),
            Action::Right => self.at = (self.at + 1).min(n.saturating_sub(1)),
            Action::Cancel => match self.selected() {
                Some(i) => {
                    let r = self.ranges.remove(i);
                    self.changed = true;
                    self.at = self.at.min(n.saturating_sub(2));
                    return Outcome::info(format!(
                        "{} {}–{} removed; Enter saves.",
                        day_title(self.day),
                        fmt_clock(r.from),
                        fmt_clock(r.to)
                    ));
                }
                None => return Outcome::info("No hours on this day to remove."),
            },
            Action::CopyForward => return self.copy_to_next_day(),
            Action::Back if self.pushed => return Outcome::Pop(1, None),
            Action::Submit => {
                // The preview was refused: say why (no doctor, or the library's sentence).
                let from = self.today.unwrap_or_else(|| ctx.now().date());
                if let Err(e) = self.save_dialog(from, ctx) {
                    return Outcome::error(&e);
                }
            }
            _ => {}
        }
        Outcome::None
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let doctor = self.doctor()?;
        self.settings = ctx.clinic.settings()?;
        self.today = Some(ctx.now().date());
        self.plans = ctx.clinic.plans(&ctx.actor(), doctor, false)?;
        // Another terminal's save shows only while nothing is being edited here.
        if !self.changed {
            self.ranges = self
                .in_force()
                .map(|p| p.plan.ranges.clone())
                .unwrap_or_default();
        }
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(title(&format!("Weekly plan · {}", self.name), area.width))
            .title_bottom(Line::styled(
                format!(
                    " {} a week{} ",
                    hours(weekly_minutes(&self.ranges)),
                    if self.changed { " · not saved" } else { "" }
                ),
                if self.changed { theme.error } else { theme.dim },
            ));
        let inner = framed(block, area, buf);
        let [head, grid, foot] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(8),
            Constraint::Min(0),
        ])
        .areas(inner);
        let status = match self.in_force() {
            Some(p) => format!(
                " In force since {}{}",
                fmt_day(p.plan.effective_from),
                match p.until {
                    Some(u) => format!("; a new plan from {}", fmt_day(u)),
                    None => String::new(),
                }
            ),
            None => " No plan yet: slots are declared by hand. Add hours, then Enter.".into(),
        };
        Line::styled(fit(&status, usize::from(inner.width)), theme.dim).render(head, buf);
        let room = usize::from(inner.width).saturating_sub(8);
        let mut lines = Vec::new();
        for day in 0..7 {
            let mut spans = vec![Span::styled(
                format!(" {:<5}", day_title(day)),
                if day == self.day {
                    theme.heading
                } else {
                    theme.dim
                },
            )];
            let ranges = self.of_day(day);
            if ranges.is_empty() {
                spans.push(Span::styled(
                    if day == self.day { "▸ off" } else { "  off" },
                    theme.dim,
                ));
            }
            let mut used = 0;
            for (k, &i) in ranges.iter().enumerate() {
                let r = &self.ranges[i];
                let mut text = format!("{}–{}", fmt_clock(r.from), fmt_clock(r.to));
                if r.length != self.settings.slot_minutes {
                    text.push_str(&format!(" /{}", r.length));
                }
                let selected = day == self.day && k == self.at;
                let cell = format!("{}{text} ", if selected { "▸" } else { " " });
                used += cell.chars().count();
                if used > room {
                    spans.push(Span::styled("…", theme.dim));
                    break;
                }
                spans.push(Span::styled(
                    cell,
                    if selected {
                        theme.selected
                    } else {
                        Style::default()
                    },
                ));
            }
            lines.push(Line::from(spans));
        }
        Paragraph::new(lines).render(grid, buf);
        let later: Vec<String> = self
            .plans
            .iter()
            .filter(|p| Some(p.plan.effective_from) > self.today)
            .map(|p| fmt_day(p.plan.effective_from))
            .collect();
        let mut notes = vec![Line::raw("")];
        if !later.is_empty() {
            notes.push(Line::styled(
                format!(" Later plans from {}.", later.join(", ")),
                theme.dim,
            ));
        }
        notes.push(Line::styled(
            format!(
                " Slots of {} unless a range says otherwise; gaps are breaks.",
                count(self.settings.slot_minutes as usize, "minute")
            ),
            theme.dim,
        ));
        Paragraph::new(notes).render(foot, buf);
    }
}

/// "37 h 30 min".
fn hours(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}
