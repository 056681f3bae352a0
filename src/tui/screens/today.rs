//! A day's appointments, paged from SQL. For a doctor: their own, in time order, with each
//! patient's phone and email. For the front desk: the board of every appointment, grouped
//! by doctor then time. Tab narrows to waiting, arrived, done, no-show or cancelled; `i`
//! checks in, `d` completes, `x` marks a no-show, `c` cancels with a reason. The library
//! decides what is allowed (R9) and says so when it is not.

use super::cancel::CancelScreen;
use super::{fmt_day, status_text};
use crate::Result;
use crate::domain::appointment::{AppointmentQuery, Order};
use crate::domain::time::{fmt_clock, next_day};
use crate::domain::{Appointment, Status};
use crate::tui::action::Action;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::list::Paged;
use chrono::{Duration, NaiveDate, NaiveTime};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

/// Which appointments of the day are shown.
const FILTERS: [(Option<Status>, &str); 6] = [
    (None, "all"),
    (Some(Status::Booked), "waiting"),
    (Some(Status::CheckedIn), "arrived"),
    (Some(Status::Completed), "done"),
    (Some(Status::NoShow), "no-show"),
    (Some(Status::Cancelled), "cancelled"),
];

pub struct TodayScreen {
    /// The front desk's board (every doctor) rather than a doctor's own list.
    board: bool,
    date: NaiveDate,
    filter: usize,
    list: Paged<Appointment>,
}

impl TodayScreen {
    /// A doctor's own day.
    pub fn doctor(ctx: &Ctx) -> TodayScreen {
        TodayScreen {
            board: false,
            date: ctx.now().date(),
            filter: 0,
            list: Paged::default(),
        }
    }

    /// The front desk's board of the day.
    pub fn board(ctx: &Ctx) -> TodayScreen {
        TodayScreen {
            board: true,
            ..TodayScreen::doctor(ctx)
        }
    }

    pub fn list(&self) -> &Paged<Appointment> {
        &self.list
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    pub fn filter_name(&self) -> &'static str {
        FILTERS[self.filter].1
    }

    fn set_status(&mut self, status: Status, ctx: &Ctx) -> Outcome {
        let Some(a) = self.list.selected().cloned() else {
            return Outcome::info("Nothing selected.");
        };
        match ctx.clinic.set_visit_status(&ctx.actor(), a.id, status) {
            Ok(done) => {
                let _ = self.reload(ctx);
                let what = match status {
                    Status::CheckedIn => "checked in",
                    Status::Completed => "completed",
                    _ => "marked no-show",
                };
                Outcome::info(format!(
                    "{} {what} ({} with {}).",
                    done.patient_name,
                    fmt_clock(done.start.time()),
                    done.doctor_name
                ))
            }
            Err(e) => Outcome::error(&e),
        }
    }

    fn changed_day(&mut self, days: i64, ctx: &Ctx) -> Outcome {
        self.date += Duration::days(days);
        self.list.reset();
        Outcome::from(self.reload(ctx).map(|_| Outcome::None))
    }
}

impl Screen for TodayScreen {
    fn title(&self) -> String {
        if self.board {
            "Today board".into()
        } else {
            "Today".into()
        }
    }

    fn hints(&self) -> Vec<Hint> {
        let mut h = Vec::new();
        match self.list.selected().map(|a| a.status) {
            Some(Status::Booked) => {
                h.push(hint("i", "check in"));
                h.push(hint("x", "no-show"));
                h.push(hint("c", "cancel"));
            }
            Some(Status::CheckedIn) => {
                h.push(hint("d", "done"));
                h.push(hint("x", "no-show"));
            }
            _ => {}
        }
        h.push(hint("Tab", "filter"));
        h.push(hint("←→", "day"));
        h
    }

    fn help(&self) -> Vec<Hint> {
        vec![
            hint("↑↓ j k", "move"),
            hint("PgUp PgDn", "page (loads more)"),
            hint("← → h l", "previous / next day"),
            hint(
                "Tab",
                "show all, waiting, arrived, done, no-show, cancelled",
            ),
            hint("i", "check the patient in (on the day)"),
            hint("d", "mark the visit completed"),
            hint("x", "mark a no-show (after its start)"),
            hint("c", "cancel with a reason (frees the slot)"),
            hint("r", "front desk: move to another free slot"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::CheckIn => self.set_status(Status::CheckedIn, ctx),
            Action::Complete => self.set_status(Status::Completed, ctx),
            Action::NoShow => self.set_status(Status::NoShow, ctx),
            Action::Cancel => match self.list.selected() {
                Some(a) => Outcome::Push(Box::new(CancelScreen::for_staff(a.clone()))),
                None => Outcome::info("Nothing selected."),
            },
            // Doctors cannot reschedule (the library refuses); the desk can.
            Action::Reschedule if self.board => {
                super::reschedule_from_list(self.list.selected(), ctx)
            }
            Action::Left => self.changed_day(-1, ctx),
            Action::Right => self.changed_day(1, ctx),
            Action::NextField | Action::PrevField | Action::Filter => {
                let n = FILTERS.len();
                self.filter = if *action == Action::PrevField {
                    (self.filter + n - 1) % n
                } else {
                    (self.filter + 1) % n
                };
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
            order: if self.board {
                Order::Doctor
            } else {
                Order::Time
            },
            limit: Paged::<Appointment>::fetch_limit(),
            offset: self.list.offset,
            ..Default::default()
        };
        let rows = ctx.clinic.appointments(&ctx.actor(), &q)?;
        self.list.set_rows(rows);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let mut tabs = vec![Span::raw(" ")];
        for (i, (_, name)) in FILTERS.iter().enumerate() {
            let style = if i == self.filter {
                theme.tab_active
            } else {
                theme.dim
            };
            tabs.push(Span::styled(format!(" {name} "), style));
        }
        let block = Block::bordered()
            .border_style(theme.border)
            .title(format!(" {} ", fmt_day(self.date)))
            .title_bottom(Line::styled(
                format!(" {} ", self.list.range_text("appointments")),
                theme.dim,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let [tab_area, table_area, detail_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(2),
            Constraint::Length(2),
        ])
        .areas(inner);
        Line::from(tabs).render(tab_area, buf);
        if self.list.rows.is_empty() {
            let text = if self.filter == 0 {
                format!(" No appointments on {}.", fmt_day(self.date))
            } else {
                format!(" None {} on {}.", self.filter_name(), fmt_day(self.date))
            };
            Paragraph::new(vec![Line::raw(""), Line::raw(text)]).render(table_area, buf);
            return;
        }
        let style_of = |a: &Appointment| match a.status {
            Status::Cancelled | Status::NoShow => theme.dim,
            Status::CheckedIn => theme.info,
            _ => ratatui::style::Style::default(),
        };
        let table = if self.board {
            // The doctor's name once per group, as on a printed day sheet.
            let rows = self.list.rows.iter().enumerate().map(|(i, a)| {
                let first = i == 0 || self.list.rows[i - 1].doctor_id != a.doctor_id;
                Row::new(vec![
                    Cell::from(if first {
                        a.doctor_name.clone()
                    } else {
                        String::new()
                    }),
                    Cell::from(fmt_clock(a.start.time())),
                    Cell::from(a.patient_name.clone()),
                    Cell::from(a.patient_phone.clone().unwrap_or_default()),
                    Cell::from(status_text(a.status)),
                ])
                .style(style_of(a))
            });
            Table::new(
                rows,
                [
                    Constraint::Fill(3),
                    Constraint::Length(5),
                    Constraint::Fill(3),
                    Constraint::Length(15),
                    Constraint::Length(10),
                ],
            )
            .header(Row::new(["Doctor", "Time", "Patient", "Phone", "Status"]).style(theme.heading))
        } else {
            let rows = self.list.rows.iter().map(|a| {
                Row::new(vec![
                    Cell::from(format!(
                        "{}–{}",
                        fmt_clock(a.start.time()),
                        fmt_clock(a.end.time())
                    )),
                    Cell::from(a.patient_name.clone()),
                    Cell::from(a.patient_phone.clone().unwrap_or_default()),
                    Cell::from(a.patient_email.clone().unwrap_or_default()),
                    Cell::from(status_text(a.status)),
                ])
                .style(style_of(a))
            });
            Table::new(
                rows,
                [
                    Constraint::Length(11),
                    Constraint::Fill(2),
                    Constraint::Length(15),
                    Constraint::Fill(3),
                    Constraint::Length(10),
                ],
            )
            .header(Row::new(["Time", "Patient", "Phone", "Email", "Status"]).style(theme.heading))
        };
        let table = table
            .row_highlight_style(theme.selected)
            .highlight_symbol("▸ ");
        let mut state = TableState::default().with_selected(Some(self.list.cursor));
        StatefulWidget::render(table, table_area, buf, &mut state);
        if let Some(a) = self.list.selected() {
            let mut parts = vec![format!(
                "{} · {}",
                a.patient_name,
                a.reason.as_deref().unwrap_or("no reason given")
            )];
            if self.board {
                if let Some(e) = &a.patient_email {
                    parts.push(e.clone());
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixture;

    #[test]
    fn a_doctor_sees_own_day_in_time_order_with_contact_details() {
        let clinic = fixture::demo_clinic();
        let doctor = fixture::doctor(&clinic);
        let ctx = fixture::ctx(&clinic, &doctor);
        let mut s = TodayScreen::doctor(&ctx);
        s.reload(&ctx).unwrap();
        let rows = &s.list().rows;
        assert!(!rows.is_empty());
        let own = doctor.actor.doctor_id().unwrap();
        assert!(rows.iter().all(|a| a.doctor_id == own));
        assert!(rows.iter().all(|a| a.start.date() == fixture::now().date()));
        assert!(rows.windows(2).all(|w| w[0].start <= w[1].start));
        assert!(rows.iter().all(|a| a.patient_phone.is_some()));
    }

    #[test]
    fn i_checks_the_selected_patient_in_and_x_before_the_start_is_refused() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let mut s = TodayScreen::board(&ctx);
        s.reload(&ctx).unwrap();
        // Only the waiting ones.
        s.update(&Action::NextField, &ctx);
        assert_eq!(s.filter_name(), "waiting");
        assert!(s.list().rows.iter().all(|a| a.status == Status::Booked));
        let a = s.list().selected().unwrap().clone();
        match s.update(&Action::NoShow, &ctx) {
            Outcome::Message(m) => assert_eq!(m.kind, crate::tui::message::MessageKind::Error),
            _ => panic!("a no-show before the start is refused"),
        }
        match s.update(&Action::CheckIn, &ctx) {
            Outcome::Message(m) => assert!(m.text.contains("checked in"), "{}", m.text),
            _ => panic!("expected a confirmation"),
        }
        assert_eq!(
            clinic.appointment(&admin.actor, a.id).unwrap().status,
            Status::CheckedIn
        );
        assert!(
            s.list().rows.iter().all(|x| x.id != a.id),
            "no longer waiting"
        );
    }

    #[test]
    fn the_board_groups_every_doctor_and_c_asks_for_a_reason() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let mut s = TodayScreen::board(&ctx);
        s.reload(&ctx).unwrap();
        let names: Vec<&str> = s
            .list()
            .rows
            .iter()
            .map(|a| a.doctor_name.as_str())
            .collect();
        let mut distinct = names.clone();
        distinct.dedup();
        assert!(distinct.len() > 1, "several doctors");
        let mut sorted = distinct.clone();
        sorted.sort_by_key(|n| n.to_lowercase());
        assert_eq!(distinct, sorted, "grouped by doctor");
        s.update(&Action::NextField, &ctx);
        match s.update(&Action::Cancel, &ctx) {
            Outcome::Push(screen) => assert_eq!(screen.title(), "Cancel appointment"),
            _ => panic!("expected the cancel dialog"),
        }
        s.update(&Action::Right, &ctx);
        assert_eq!(s.date(), fixture::now().date().succ_opt().unwrap());
    }
}
