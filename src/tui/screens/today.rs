//! A day's appointments, paged from SQL. For a doctor: their own, in time order, with each
//! patient's phone and email. For the front desk: the board of every appointment, grouped
//! by doctor then time (SPEC §12). Tab narrows to booked, arrived, done, no-show or
//! cancelled, each with its count (booked and arrived by time: who is late or has waited
//! longest comes first); a visit past its start that nobody has come to reads
//! "late", a checked-in patient shows how long they have waited, and a wait past the clinic's
//! alert is marked with `!` (and in colour, where there is colour). The minutes move on by
//! themselves: the app reloads the screen every minute and whenever another terminal commits.
//! `i` checks in, `d` completes, `x` marks a no-show (each after a confirmation), `c` cancels
//! with a reason, and on the board `u` undoes a status set by mistake, with a reason. The
//! library decides what is allowed (R9) and says so when it is not.

use super::{fmt_day, visit};
use crate::Result;
use crate::domain::appointment::{AppointmentQuery, Order};
use crate::domain::flow::{Standing, standing, waited};
use crate::domain::time::{fmt_clock, next_day};
use crate::domain::{Appointment, Status};
use crate::service::DayCounts;
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Widget};

/// Which appointments of the day are shown.
const FILTERS: [(Option<Status>, &str); 6] = [
    (None, "all"),
    (Some(Status::Booked), "booked"),
    (Some(Status::CheckedIn), "arrived"),
    (Some(Status::Completed), "done"),
    (Some(Status::NoShow), "no-show"),
    (Some(Status::Cancelled), "cancelled"),
];

/// What the screen's dialog asks about the selected visit.
#[derive(Debug, Clone)]
pub enum Ask {
    Cancel(Appointment),
    Status(Appointment, Status),
    /// Undo the last status change, back to this status.
    Correct(Appointment, Status),
}

pub use super::visit::CancelField;

pub struct TodayScreen {
    /// The front desk's board (every doctor) rather than a doctor's own list.
    board: bool,
    date: NaiveDate,
    filter: usize,
    list: List<Appointment>,
    counts: DayCounts,
    /// "Now" as of the last reload, for the lateness and the waits shown.
    now: NaiveDateTime,
    /// The clinic's wait alert, in minutes.
    alert_after: u32,
}

impl TodayScreen {
    /// A doctor's own day.
    pub fn doctor(ctx: &Ctx) -> Dialogs<TodayScreen> {
        Dialogs::new(TodayScreen::of_doctor(ctx))
    }

    fn of_doctor(ctx: &Ctx) -> TodayScreen {
        TodayScreen {
            board: false,
            date: ctx.now().date(),
            filter: 0,
            list: List::new(
                vec![
                    col("Time", Constraint::Length(11)),
                    col("Patient", Constraint::Fill(2)),
                    col("Phone", Constraint::Length(15)),
                    col("Email", Constraint::Fill(3)),
                    col("Status", Constraint::Length(10)),
                ],
                "No appointments on this day.",
            ),
            counts: DayCounts::default(),
            now: ctx.now(),
            alert_after: 20,
        }
    }

    /// The front desk's board of the day.
    pub fn board(ctx: &Ctx) -> Dialogs<TodayScreen> {
        let mut s = TodayScreen::of_doctor(ctx);
        s.board = true;
        s.list = List::new(
            vec![
                col("Doctor", Constraint::Fill(3)),
                // The visit's real span: a new patient's 45 minutes show as such.
                col("Time", Constraint::Length(11)),
                col("Patient", Constraint::Fill(3)),
                col("Phone", Constraint::Length(15)),
                col("Status", Constraint::Length(10)),
            ],
            "No appointments on this day.",
        );
        Dialogs::new(s)
    }

    pub fn list(&self) -> &List<Appointment> {
        &self.list
    }

    pub fn list_mut(&mut self) -> &mut List<Appointment> {
        &mut self.list
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    pub fn filter_name(&self) -> &'static str {
        FILTERS[self.filter].1
    }

    pub fn counts(&self) -> DayCounts {
        self.counts
    }

    /// Where `a` stands now, as the status column says it: "late 12m", "wait 25m!".
    pub fn standing_words(&self, a: &Appointment) -> String {
        match standing(a, self.now, self.alert_after) {
            Standing::Expected => a.status.words().to_string(),
            Standing::Late(m) => format!("late {m}m"),
            Standing::Waiting { minutes, alert } => {
                format!("wait {minutes}m{}", if alert { "!" } else { "" })
            }
            Standing::Completed | Standing::NoShow | Standing::Cancelled => {
                a.status.words().to_string()
            }
        }
    }

    /// The same in a sentence, for the detail line.
    fn standing_sentence(&self, a: &Appointment) -> Option<String> {
        let arrived = a.checked_in_at.map(|t| fmt_clock(t.time()));
        match standing(a, self.now, self.alert_after) {
            Standing::Late(m) => Some(format!("not arrived, {m} min late")),
            Standing::Waiting { minutes, alert } => Some(format!(
                "arrived {}, waiting {minutes} min{}",
                arrived.unwrap_or_default(),
                if alert {
                    format!(" — longer than the clinic's {} min", self.alert_after)
                } else {
                    String::new()
                }
            )),
            Standing::Completed => waited(a, self.now).map(|m| {
                format!(
                    "arrived {}, done {m} min later",
                    arrived.unwrap_or_default()
                )
            }),
            _ => None,
        }
    }

    fn changed_day(&mut self, days: i64, ctx: &Ctx) -> Outcome {
        self.date += Duration::days(days);
        self.list.reset();
        Outcome::from(self.reload(ctx).map(|_| Outcome::None))
    }
}

impl Asking for TodayScreen {
    type Ask = Ask;
    type Field = CancelField;

    fn title(&self) -> String {
        if self.board {
            "Today board".into()
        } else {
            "Today".into()
        }
    }

    fn commands(&self) -> Vec<Command> {
        let status = self.list.selected().map(|a| a.status);
        let booked = status == Some(Status::Booked);
        let arrived = status == Some(Status::CheckedIn);
        let mut list = vec![
            cmd(Action::CheckIn, "check in").only_if(booked, "on a booked visit"),
            cmd(Action::Complete, "done").only_if(arrived, "on a patient who arrived"),
            cmd(Action::NoShow, "no-show").only_if(booked || arrived, "on a booked visit"),
            cmd(Action::Cancel, "cancel").only_if(booked, "on a booked visit"),
        ];
        if self.board {
            let undoable = self
                .list
                .selected()
                .is_some_and(|a| visit::correction_for(a, self.now).is_ok());
            list.push(
                cmd(Action::Reschedule, "move to another free slot")
                    .help_only()
                    .only_if(booked, "on a booked visit"),
            );
            list.push(
                cmd(Action::Undo, "undo")
                    .detail("undo a check-in, a done or a no-show set by mistake, with a reason")
                    .only_if(
                        undoable,
                        "on today's visit checked in, done or marked no-show",
                    ),
            );
        }
        list.extend([
            cmd(Action::NextField, "filter").detail(
                "show all, booked (late first), arrived (by time), done, no-show, cancelled",
            ),
            cmd(Action::Right, "day").detail("the next day"),
            cmd(Action::Left, "previous day").help_only(),
        ]);
        list.extend(list_moves());
        list
    }

    fn answer(
        &mut self,
        d: &Dialog<Ask, CancelField>,
        ctx: &Ctx,
    ) -> Result<Reply<Ask, CancelField>> {
        match &d.purpose {
            Ask::Cancel(a) => visit::cancel(ctx, a, &d.form),
            Ask::Status(a, status) => visit::set_status(ctx, a, *status),
            Ask::Correct(a, _) => visit::correct(ctx, a, &d.form),
        }
        .map(Reply::from)
    }

    fn ask(&mut self, action: &Action, ctx: &Ctx) -> Option<Dialog<Ask, CancelField>> {
        let a = self.list.selected()?;
        if *action == Action::Undo && self.board {
            let back = visit::correction_for(a, ctx.now()).ok()?;
            return Some(visit::correction_dialog(
                a,
                back,
                Ask::Correct(a.clone(), back),
            ));
        }
        Some(match visit::change_for(action, a, ctx.now())?.ok()? {
            Status::Cancelled => visit::cancel_dialog(a, Ask::Cancel(a.clone()), true),
            to => visit::status_dialog(a, to, Ask::Status(a.clone(), to)),
        })
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::CheckIn | Action::Complete | Action::NoShow | Action::Cancel => {
                match self.list.selected() {
                    // Not now: the domain's sentence says why (the dialog did not open).
                    Some(a) => match visit::change_for(action, a, ctx.now()) {
                        Some(Err(e)) => Outcome::error(&e),
                        _ => Outcome::None,
                    },
                    None => Outcome::info("Nothing selected."),
                }
            }
            // Doctors cannot reschedule (the library refuses); the desk can.
            Action::Reschedule if self.board => visit::reschedule(self.list.selected(), ctx),
            // Not now: the domain's sentence says why (the dialog did not open).
            Action::Undo if self.board => match self.list.selected() {
                Some(a) => match visit::correction_for(a, ctx.now()) {
                    Err(e) => Outcome::error(&e),
                    Ok(_) => Outcome::None,
                },
                None => Outcome::info("Nothing selected."),
            },
            Action::Left => self.changed_day(-1, ctx),
            Action::Right => self.changed_day(1, ctx),
            Action::NextField | Action::PrevField | Action::Filter => {
                self.filter = action.cycle(self.filter, FILTERS.len());
                self.list.reset();
                Outcome::from(self.reload(ctx).map(|_| Outcome::None))
            }
            a => {
                if self.list.step(a) {
                    return Outcome::from(self.reload(ctx).map(|_| Outcome::None));
                }
                Outcome::None
            }
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let q = AppointmentQuery {
            from: Some(self.date.and_time(NaiveTime::MIN)),
            to: Some(next_day(self.date).and_time(NaiveTime::MIN)),
            status: FILTERS[self.filter].0,
            // The whole board reads like the day sheet, by doctor; who is expected or waiting
            // reads by time, the latest first to hand.
            order: match FILTERS[self.filter].0 {
                Some(Status::Booked | Status::CheckedIn) => Order::Time,
                _ if self.board => Order::Doctor,
                _ => Order::Time,
            },
            limit: List::<Appointment>::fetch_limit(),
            offset: self.list.offset(),
            ..Default::default()
        };
        let actor = ctx.actor();
        let rows = ctx.clinic.appointments(&actor, &q)?;
        self.counts = ctx.clinic.day_counts(&actor, self.date)?;
        self.now = ctx.now();
        self.alert_after = ctx.clinic.settings()?.wait_alert_minutes;
        self.list.set_empty(if self.filter == 0 {
            format!("No appointments on {}.", fmt_day(self.date))
        } else {
            format!("None {} on {}.", self.filter_name(), fmt_day(self.date))
        });
        self.list.set_rows(rows);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let mut tabs = vec![Span::raw(" ")];
        for (i, (status, name)) in FILTERS.iter().enumerate() {
            let style = if i == self.filter {
                theme.tab_active
            } else {
                theme.dim
            };
            let n = status.map_or(self.counts.total(), |s| self.counts.of(s));
            tabs.push(Span::styled(format!(" {name} {n} "), style));
        }
        let block = Block::bordered()
            .border_style(theme.border)
            .title(format!(" {} ", fmt_day(self.date)))
            .title_bottom(Line::styled(
                format!(" {} ", self.list.range_text("appointments")),
                theme.dim,
            ));
        let inner = framed(block, area, buf);
        let [tab_area, table_area, detail_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(2),
            Constraint::Length(2),
        ])
        .areas(inner);
        Line::from(tabs).render(tab_area, buf);
        let style_of = |a: &Appointment| match standing(a, self.now, self.alert_after) {
            Standing::Cancelled | Standing::NoShow => theme.dim,
            Standing::Waiting { alert: true, .. } => theme.error,
            Standing::Waiting { .. } => theme.info,
            Standing::Late(_) => theme.focus,
            _ => ratatui::style::Style::default(),
        };
        let rows = self.list.rows();
        self.list.render(table_area, buf, theme, true, |a| {
            let status = Cell::from(self.standing_words(a));
            let phone = Cell::from(a.patient_phone.as_deref().unwrap_or_default());
            if self.board {
                // The doctor's name on every row (dim when repeated), so a scrolled board
                // still says whose column it is.
                let i = rows.iter().position(|r| r.id == a.id).unwrap_or(0);
                let repeat = i > 0 && rows[i - 1].doctor_id == a.doctor_id;
                let doctor = if repeat {
                    Cell::from(Span::styled(a.doctor_name.as_str(), theme.dim))
                } else {
                    Cell::from(a.doctor_name.as_str())
                };
                Row::new(vec![
                    doctor,
                    Cell::from(format!(
                        "{}–{}",
                        fmt_clock(a.start.time()),
                        fmt_clock(a.end.time())
                    )),
                    Cell::from(a.patient_name.as_str()),
                    phone,
                    status,
                ])
            } else {
                Row::new(vec![
                    Cell::from(format!(
                        "{}–{}",
                        fmt_clock(a.start.time()),
                        fmt_clock(a.end.time())
                    )),
                    Cell::from(a.patient_name.as_str()),
                    phone,
                    Cell::from(a.patient_email.as_deref().unwrap_or_default()),
                    status,
                ])
            }
            .style(style_of(a))
        });
        if let Some(a) = self.list.selected() {
            let mut parts = vec![format!(
                "{} · {}",
                a.patient_name,
                a.reason.as_deref().unwrap_or("no reason given")
            )];
            if let Some(standing) = self.standing_sentence(a) {
                parts.push(standing);
            }
            if self.board
                && let Some(e) = &a.patient_email
            {
                parts.push(e.clone());
            }
            if let Some(why) = &a.cancel_reason {
                parts.push(format!("cancelled: {why}"));
            }
            Paragraph::new(vec![
                Line::raw(""),
                Line::styled(format!(" {}", parts.join(" · ")), theme.dim),
            ])
            .render(detail_area, buf);
        }
    }
}
