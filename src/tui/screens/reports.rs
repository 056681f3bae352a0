//! The front desk's reports for a chosen date (SPEC §3): top and busy doctors, doctors
//! still available, a bar chart of booked minutes per doctor, and utilization over a date
//! range. ←/→ change the date, Tab the report, `/` sets the date, the busy threshold and
//! the utilization range.

use super::fmt_day;
use crate::domain::time::{fmt_date, parse_date};
use crate::service::{AvailableRow, LoadRow, UtilizationRow};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog;
use crate::tui::widgets::field::TextField;
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::form::{Field, Form};
use crate::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget,
};

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

pub struct ReportsScreen {
    report: usize,
    date: NaiveDate,
    busy_minutes: u32,
    range: (NaiveDate, NaiveDate),
    load: Vec<LoadRow>,
    available: Vec<AvailableRow>,
    utilization: Vec<UtilizationRow>,
    cursor: usize,
    form: Option<Form>,
}

fn week_of(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    (start, start + Duration::days(6))
}

impl ReportsScreen {
    pub fn new(ctx: &Ctx) -> ReportsScreen {
        let date = ctx.now().date();
        ReportsScreen {
            report: 0,
            date,
            busy_minutes: 360,
            range: week_of(date),
            load: Vec::new(),
            available: Vec::new(),
            utilization: Vec::new(),
            cursor: 0,
            form: None,
        }
    }

    pub fn report(&self) -> Report {
        REPORTS[self.report].0
    }

    pub fn load_rows(&self) -> &[LoadRow] {
        &self.load
    }

    pub fn available_rows(&self) -> &[AvailableRow] {
        &self.available
    }

    pub fn utilization_rows(&self) -> &[UtilizationRow] {
        &self.utilization
    }

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut()
    }

    fn len(&self) -> usize {
        match self.report() {
            Report::Top | Report::Busy | Report::Chart => self.load.len(),
            Report::Available => self.available.len(),
            Report::Utilization => self.utilization.len(),
        }
    }

    fn settings_form(&self) -> Form {
        Form::new(vec![
            Field::Text(
                TextField::new("Date")
                    .with_value(&fmt_date(self.date))
                    .hint("top, busy, available, chart"),
            ),
            Field::Text(
                TextField::new("Busy from")
                    .with_value(&self.busy_minutes.to_string())
                    .hint("booked minutes"),
            ),
            Field::Text(
                TextField::new("Utilization from")
                    .with_value(&fmt_date(self.range.0))
                    .hint("YYYY-MM-DD"),
            ),
            Field::Text(
                TextField::new("Utilization to")
                    .with_value(&fmt_date(self.range.1))
                    .hint("YYYY-MM-DD"),
            ),
        ])
    }

    fn apply_form(&mut self, form: &Form, ctx: &Ctx) -> Result<()> {
        let date = parse_date(&form.value(0))?;
        let busy = form
            .value(1)
            .trim()
            .parse::<u32>()
            .map_err(|_| Error::invalid("'Busy from' is a number of minutes"))?;
        let range = (parse_date(&form.value(2))?, parse_date(&form.value(3))?);
        if range != self.range && self.report() != Report::Utilization {
            // Let the library judge the new range now, not when its tab is opened.
            self.utilization = ctx
                .clinic
                .report_utilization(&ctx.actor(), range.0, range.1)?;
        }
        let before = (self.date, self.busy_minutes, self.range);
        (self.date, self.busy_minutes, self.range) = (date, busy, range);
        if let Err(e) = self.reload(ctx) {
            (self.date, self.busy_minutes, self.range) = before;
            let _ = self.reload(ctx);
            return Err(e);
        }
        Ok(())
    }

    fn render_load(&self, rows: &[LoadRow], area: Rect, buf: &mut Buffer, theme: &Theme) {
        let table = Table::new(
            rows.iter().enumerate().map(|(i, r)| {
                Row::new(vec![
                    Cell::from(format!("{}", i + 1)),
                    Cell::from(r.doctor_name.clone()),
                    Cell::from(Line::from(r.appointments_count.to_string()).right_aligned()),
                    Cell::from(Line::from(r.booked_mins.to_string()).right_aligned()),
                ])
            }),
            [
                Constraint::Length(3),
                Constraint::Fill(1),
                Constraint::Length(12),
                Constraint::Length(12),
            ],
        )
        .header(
            Row::new(vec![
                Cell::from("#"),
                Cell::from("Doctor"),
                Cell::from(Line::from("Appointments").right_aligned()),
                Cell::from(Line::from("Booked min").right_aligned()),
            ])
            .style(theme.heading),
        );
        self.render_table(table, area, buf, theme);
    }

    fn render_table(&self, table: Table<'_>, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let table = table
            .row_highlight_style(theme.selected)
            .highlight_symbol("▸ ");
        let mut state = TableState::default().with_selected(Some(self.cursor));
        StatefulWidget::render(table, area, buf, &mut state);
    }

    fn render_chart(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let bars: Vec<Bar> = self
            .load
            .iter()
            .map(|r| {
                let name = r.doctor_name.trim_start_matches("Dr. ");
                Bar::default()
                    .value(u64::from(r.booked_mins))
                    .label(Line::from(format!("{name:<18.18}")))
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
}

impl Screen for ReportsScreen {
    fn title(&self) -> String {
        "Reports".into()
    }

    fn mode(&self) -> Mode {
        if self.form.is_some() {
            Mode::TextEntry
        } else {
            Mode::Navigate
        }
    }

    fn hints(&self) -> Vec<Hint> {
        if self.form.is_some() {
            return vec![
                hint("Enter", "apply"),
                hint("Tab", "next field"),
                hint("Esc", "cancel"),
            ];
        }
        vec![
            hint("Tab", "next report"),
            hint("←→", "day"),
            hint("/", "date, range"),
        ]
    }

    fn help(&self) -> Vec<Hint> {
        vec![
            hint(
                "Tab S-Tab",
                "top, busy, available, booked-minutes chart, utilization",
            ),
            hint("← → h l", "previous / next day"),
            hint(
                "/",
                "the date, the busy threshold and the utilization range",
            ),
            hint("↑↓ j k", "move in a table"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if let Some(form) = self.form.as_mut() {
            match action {
                Action::Input(k) => form.input(*k),
                Action::NextField => form.next(),
                Action::PrevField => form.prev(),
                Action::Back => self.form = None,
                Action::Submit => {
                    let Some(form) = self.form.take() else {
                        return Outcome::None;
                    };
                    if let Err(e) = self.apply_form(&form, ctx) {
                        self.form = Some(form);
                        return Outcome::error(&e);
                    }
                }
                _ => {}
            }
            return Outcome::None;
        }
        match action {
            Action::NextField | Action::PrevField => {
                let n = REPORTS.len();
                self.report = if *action == Action::NextField {
                    (self.report + 1) % n
                } else {
                    (self.report + n - 1) % n
                };
                self.cursor = 0;
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
            Action::Filter => {
                self.form = Some(self.settings_form());
                Outcome::None
            }
            Action::Up => {
                self.cursor = self.cursor.saturating_sub(1);
                Outcome::None
            }
            Action::Down => {
                self.cursor = (self.cursor + 1).min(self.len().saturating_sub(1));
                Outcome::None
            }
            _ => Outcome::None,
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let actor = ctx.actor();
        match self.report() {
            Report::Top | Report::Chart => {
                self.load = ctx.clinic.report_top(&actor, self.date)?;
            }
            Report::Busy => {
                self.load = ctx
                    .clinic
                    .report_busy(&actor, self.date, self.busy_minutes)?;
            }
            Report::Available => {
                self.available = ctx.clinic.report_available(&actor, self.date)?;
            }
            Report::Utilization => {
                self.utilization =
                    ctx.clinic
                        .report_utilization(&actor, self.range.0, self.range.1)?;
            }
        }
        self.cursor = self.cursor.min(self.len().saturating_sub(1));
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
            .title_bottom(Line::styled(format!(" {} rows ", self.len()), theme.dim));
        let inner = block.inner(area);
        block.render(area, buf);
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
        if self.len() == 0 {
            let text = match self.report() {
                Report::Available => " No doctor can take another booking that day.",
                Report::Utilization => " No doctor has slots in this range.",
                Report::Busy => " Nobody is that busy that day.",
                _ => " No appointments that day.",
            };
            Paragraph::new(text).render(body, buf);
        } else {
            self.render_report(body, buf, theme);
        }
        if let Some(form) = &self.form {
            dialog::render(
                area,
                buf,
                theme,
                "Report settings",
                Vec::new(),
                Some(form),
                false,
            );
        }
    }
}

impl ReportsScreen {
    fn render_report(&self, body: Rect, buf: &mut Buffer, theme: &Theme) {
        match self.report() {
            Report::Top | Report::Busy => self.render_load(&self.load, body, buf, theme),
            Report::Chart => self.render_chart(body, buf, theme),
            Report::Available => {
                let table = Table::new(
                    self.available.iter().map(|r| {
                        Row::new(vec![
                            Cell::from(r.doctor_name.clone()),
                            Cell::from(r.specialty.clone()),
                            Cell::from(Line::from(r.free_slots.to_string()).right_aligned()),
                        ])
                    }),
                    [
                        Constraint::Fill(3),
                        Constraint::Fill(2),
                        Constraint::Length(10),
                    ],
                )
                .header(
                    Row::new(vec![
                        Cell::from("Doctor"),
                        Cell::from("Specialty"),
                        Cell::from(Line::from("Free slots").right_aligned()),
                    ])
                    .style(theme.heading),
                );
                self.render_table(table, body, buf, theme);
            }
            Report::Utilization => {
                let table = Table::new(
                    self.utilization.iter().map(|r| {
                        let num = |n: u32| Cell::from(Line::from(n.to_string()).right_aligned());
                        Row::new(vec![
                            Cell::from(r.doctor_name.clone()),
                            num(r.declared_mins),
                            num(r.booked_mins),
                            Cell::from(
                                Line::from(format!("{:.0}%", r.utilization_pct)).right_aligned(),
                            ),
                            num(r.completed),
                            num(r.cancelled),
                            num(r.no_shows),
                        ])
                    }),
                    [
                        Constraint::Fill(1),
                        Constraint::Length(8),
                        Constraint::Length(7),
                        Constraint::Length(5),
                        Constraint::Length(5),
                        Constraint::Length(6),
                        Constraint::Length(7),
                    ],
                )
                .header(
                    Row::new(
                        [
                            "Doctor", "Declared", " Booked", "   %", " Done", "Cancel", "No-show",
                        ]
                        .map(Cell::from),
                    )
                    .style(theme.heading),
                );
                self.render_table(table, body, buf, theme);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixture;

    #[test]
    fn tab_walks_the_reports_and_arrows_change_the_date() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let mut s = ReportsScreen::new(&ctx);
        s.reload(&ctx).unwrap();
        assert_eq!(s.report(), Report::Top);
        let today = clinic
            .report_top(&admin.actor, fixture::now().date())
            .unwrap();
        assert_eq!(s.load_rows(), today.as_slice());
        s.update(&Action::Right, &ctx);
        let tomorrow = clinic
            .report_top(&admin.actor, fixture::now().date().succ_opt().unwrap())
            .unwrap();
        assert_eq!(s.load_rows(), tomorrow.as_slice());
        s.update(&Action::NextField, &ctx);
        assert_eq!(s.report(), Report::Busy);
        assert!(s.load_rows().iter().all(|r| r.booked_mins >= 360));
        s.update(&Action::NextField, &ctx);
        assert_eq!(s.report(), Report::Available);
        assert!(!s.available_rows().is_empty());
        s.update(&Action::NextField, &ctx);
        s.update(&Action::NextField, &ctx);
        assert_eq!(s.report(), Report::Utilization);
        assert!(!s.utilization_rows().is_empty());
        s.update(&Action::NextField, &ctx);
        assert_eq!(s.report(), Report::Top);
    }

    #[test]
    fn the_settings_form_sets_the_busy_threshold_and_refuses_a_reversed_range() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let mut s = ReportsScreen::new(&ctx);
        s.update(&Action::NextField, &ctx);
        s.update(&Action::Filter, &ctx);
        s.form_mut().unwrap().set_text(1, "450");
        s.update(&Action::Submit, &ctx);
        assert!(s.form_mut().is_none());
        assert!(s.load_rows().iter().all(|r| r.booked_mins >= 450));
        s.update(&Action::Filter, &ctx);
        s.form_mut().unwrap().set_text(2, "2030-02-01");
        match s.update(&Action::Submit, &ctx) {
            Outcome::Message(m) => assert!(m.text.contains("ends before it starts"), "{}", m.text),
            _ => panic!("expected the refusal"),
        }
        assert!(s.form_mut().is_some(), "the form stays to be corrected");
    }
}
