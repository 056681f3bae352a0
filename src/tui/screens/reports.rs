//! The front desk's reports for a chosen date (SPEC §3): top and busy doctors, doctors
//! still available, a bar chart of booked minutes per doctor, and utilization over a date
//! range. ←/→ change the date, Tab the report, `/` sets the date, the busy threshold and
//! the utilization range.

use super::fmt_day;
use crate::domain::time::{fmt_date, parse_date};
use crate::service::{AvailableRow, LoadRow, UtilizationRow};
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd};
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use crate::tui::widgets::text::fit;
use crate::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Cell, Row, Widget};

/// The reports, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Top,
    Busy,
    Available,
    Chart,
    Utilization,
}

const REPORTS: [(Report, &str); 5] = [
    (Report::Top, "Top"),
    (Report::Busy, "Busy"),
    (Report::Available, "Available"),
    (Report::Chart, "Booked minutes"),
    (Report::Utilization, "Utilization"),
];

/// The settings form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    Date,
    BusyFrom,
    RangeFrom,
    RangeTo,
}

pub struct ReportsScreen {
    report: usize,
    date: NaiveDate,
    busy_minutes: u32,
    range: (NaiveDate, NaiveDate),
    load: List<LoadRow>,
    available: List<AvailableRow>,
    utilization: List<UtilizationRow>,
}

fn week_of(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    (start, start + Duration::days(6))
}

fn num(n: impl ToString) -> Cell<'static> {
    Cell::from(Line::from(n.to_string()).right_aligned())
}

impl ReportsScreen {
    pub fn new(ctx: &Ctx) -> Dialogs<ReportsScreen> {
        let date = ctx.now().date();
        Dialogs::new(ReportsScreen {
            report: 0,
            date,
            busy_minutes: 360,
            range: week_of(date),
            load: List::new(
                vec![
                    col("#", Constraint::Length(3)),
                    col("Doctor", Constraint::Fill(1)),
                    col("Appointments", Constraint::Length(12)),
                    col("  Booked min", Constraint::Length(12)),
                ],
                "No appointments that day.",
            ),
            available: List::new(
                vec![
                    col("Doctor", Constraint::Fill(3)),
                    col("Specialty", Constraint::Fill(2)),
                    col("Free slots", Constraint::Length(10)),
                ],
                "No doctor can take another booking that day.",
            ),
            utilization: List::new(
                vec![
                    col("Doctor", Constraint::Fill(1)),
                    col("Declared", Constraint::Length(8)),
                    col(" Booked", Constraint::Length(7)),
                    col("   %", Constraint::Length(5)),
                    col(" Done", Constraint::Length(5)),
                    col("Cancel", Constraint::Length(6)),
                    col("No-show", Constraint::Length(7)),
                ],
                "No doctor has slots in this range.",
            ),
        })
    }

    pub fn report(&self) -> Report {
        REPORTS[self.report].0
    }

    pub fn load_rows(&self) -> &[LoadRow] {
        self.load.rows()
    }

    pub fn available_rows(&self) -> &[AvailableRow] {
        self.available.rows()
    }

    pub fn utilization_rows(&self) -> &[UtilizationRow] {
        self.utilization.rows()
    }

    fn rows(&self) -> usize {
        match self.report() {
            Report::Top | Report::Busy | Report::Chart => self.load.rows().len(),
            Report::Available => self.available.rows().len(),
            Report::Utilization => self.utilization.rows().len(),
        }
    }

    fn settings_form(&self) -> Form<F> {
        Form::new(vec![
            (
                F::Date,
                Field::filled("Date", &fmt_date(self.date), "top, busy, available, chart"),
            ),
            (
                F::BusyFrom,
                Field::filled(
                    "Busy from",
                    &self.busy_minutes.to_string(),
                    "booked minutes",
                ),
            ),
            (
                F::RangeFrom,
                Field::filled("Utilization from", &fmt_date(self.range.0), "YYYY-MM-DD"),
            ),
            (
                F::RangeTo,
                Field::filled("Utilization to", &fmt_date(self.range.1), "YYYY-MM-DD"),
            ),
        ])
    }

    fn render_chart(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let bars: Vec<Bar> = self
            .load
            .rows()
            .iter()
            .map(|r| {
                let name = fit(r.doctor_name.trim_start_matches("Dr. "), 18);
                Bar::default()
                    .value(u64::from(r.booked_mins))
                    .label(Line::from(format!("{name:<18}")))
                    .text_value(format!("{} min", r.booked_mins))
            })
            .collect();
        BarChart::default()
            .direction(Direction::Horizontal)
            .bar_width(1)
            .bar_gap(0)
            .bar_style(theme.heading)
            .value_style(theme.selected)
            .data(BarGroup::default().bars(&bars))
            .render(area, buf);
    }

    fn render_report(&self, body: Rect, buf: &mut Buffer, theme: &Theme) {
        match self.report() {
            Report::Top | Report::Busy => {
                let rows = self.load.rows();
                self.load.render(body, buf, theme, true, |r| {
                    let rank = rows.iter().position(|x| x.doctor_id == r.doctor_id);
                    Row::new(vec![
                        Cell::from((rank.unwrap_or(0) + 1).to_string()),
                        Cell::from(r.doctor_name.as_str()),
                        num(r.appointments_count),
                        num(r.booked_mins),
                    ])
                })
            }
            Report::Chart => self.render_chart(body, buf, theme),
            Report::Available => self.available.render(body, buf, theme, true, |r| {
                Row::new(vec![
                    Cell::from(r.doctor_name.as_str()),
                    Cell::from(r.specialty.as_str()),
                    num(r.free_slots),
                ])
            }),
            Report::Utilization => self.utilization.render(body, buf, theme, true, |r| {
                Row::new(vec![
                    Cell::from(r.doctor_name.as_str()),
                    num(r.declared_mins),
                    num(r.booked_mins),
                    num(format!("{:.0}%", r.utilization_pct)),
                    num(r.completed),
                    num(r.cancelled),
                    num(r.no_shows),
                ])
            }),
        }
    }
}

impl Asking for ReportsScreen {
    type Ask = ();
    type Field = F;

    fn title(&self) -> String {
        "Reports".into()
    }

    fn commands(&self) -> Vec<Command> {
        vec![
            cmd(Action::NextField, "next report"),
            cmd(Action::PrevField, "previous report").help_only(),
            cmd(Action::Right, "day").detail("the next day"),
            cmd(Action::Left, "previous day").help_only(),
            cmd(Action::Filter, "settings")
                .detail("the date, the busy threshold and the utilization range"),
            cmd(Action::Down, "move in a table").help_only(),
        ]
    }

    fn answer(&mut self, d: &Dialog<(), F>, ctx: &Ctx) -> Result<Reply<(), F>> {
        let form = &d.form;
        let date = parse_date(&form.text(F::Date))?;
        let busy = form
            .text(F::BusyFrom)
            .trim()
            .parse::<u32>()
            .map_err(|_| Error::invalid("'Busy from' is a number of minutes"))?;
        let range = (
            parse_date(&form.text(F::RangeFrom))?,
            parse_date(&form.text(F::RangeTo))?,
        );
        // The library judges every new setting now, not when its tab is next opened.
        ctx.clinic
            .report_utilization(&ctx.actor(), range.0, range.1)?;
        (self.date, self.busy_minutes, self.range) = (date, busy, range);
        Ok(Outcome::saved("Reports updated.").into())
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<Dialog<(), F>> {
        (*action == Action::Filter)
            .then(|| Dialog::new((), "Report settings", self.settings_form()))
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::NextField | Action::PrevField => {
                self.report = action.cycle(self.report, REPORTS.len());
                Outcome::from(self.reload(ctx).map(|_| Outcome::None))
            }
            Action::Left | Action::Right => {
                let days = if *action == Action::Left { -1 } else { 1 };
                self.date += Duration::days(days);
                if self.report() == Report::Utilization {
                    self.range = (
                        self.range.0 + Duration::days(days),
                        self.range.1 + Duration::days(days),
                    );
                }
                Outcome::from(self.reload(ctx).map(|_| Outcome::None))
            }
            a => {
                match self.report() {
                    Report::Top | Report::Busy | Report::Chart => self.load.step(a),
                    Report::Available => self.available.step(a),
                    Report::Utilization => self.utilization.step(a),
                };
                Outcome::None
            }
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let actor = ctx.actor();
        match self.report() {
            Report::Top | Report::Chart => {
                self.load.set_all(ctx.clinic.report_top(&actor, self.date)?);
            }
            Report::Busy => {
                let rows = ctx
                    .clinic
                    .report_busy(&actor, self.date, self.busy_minutes)?;
                self.load.set_all(rows);
            }
            Report::Available => {
                let rows = ctx.clinic.report_available(&actor, self.date)?;
                self.available.set_all(rows);
            }
            Report::Utilization => {
                let rows = ctx
                    .clinic
                    .report_utilization(&actor, self.range.0, self.range.1)?;
                self.utilization.set_all(rows);
            }
        }
        let (empty, busy) = (
            "No appointments that day.",
            format!(
                "Nobody is booked {} minutes or more that day.",
                self.busy_minutes
            ),
        );
        self.load.set_empty(if self.report() == Report::Busy {
            busy
        } else {
            empty.to_string()
        });
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let subject = match self.report() {
            Report::Utilization => format!(
                " Utilization {} – {} ",
                fmt_day(self.range.0),
                fmt_day(self.range.1)
            ),
            Report::Busy => format!(
                " Busy (≥ {} min booked) · {} ",
                self.busy_minutes,
                fmt_day(self.date)
            ),
            _ => format!(" {} · {} ", REPORTS[self.report].1, fmt_day(self.date)),
        };
        let block = Block::bordered()
            .border_style(theme.border)
            .title(subject)
            .title_bottom(Line::styled(
                format!(" {} ", crate::domain::text::count(self.rows(), "row")),
                theme.dim,
            ));
        let inner = framed(block, area, buf);
        let [tabs, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        let mut spans = vec![Span::raw(" ")];
        for (i, (_, name)) in REPORTS.iter().enumerate() {
            let style = if i == self.report {
                theme.tab_active
            } else {
                theme.dim
            };
            spans.push(Span::styled(format!(" {name} "), style));
        }
        Line::from(spans).render(Rect { height: 1, ..tabs }, buf);
        self.render_report(body, buf, theme);
    }
}
