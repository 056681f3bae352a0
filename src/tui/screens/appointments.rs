//! My appointments: upcoming (soonest first) and past (newest first), with their status,
//! paged from the library. `r` reschedules, `c` cancels; both only offered for a booked
//! appointment that has not started, since the library would refuse the rest.

use super::cancel::CancelScreen;
use super::find_slots::{FindSlots, Purpose};
use super::{fmt_when, status_text};
use crate::Result;
use crate::domain::appointment::{AppointmentQuery, Order};
use crate::domain::time::fmt_minute;
use crate::domain::{Appointment, Status};
use crate::tui::action::Action;
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::list::Paged;
use chrono::NaiveDateTime;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

/// Which appointments are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Upcoming,
    Past,
}

pub struct AppointmentsScreen {
    tab: Tab,
    list: Paged<Appointment>,
    now: Option<NaiveDateTime>,
}

impl Default for AppointmentsScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl AppointmentsScreen {
    pub fn new() -> AppointmentsScreen {
        AppointmentsScreen {
            tab: Tab::Upcoming,
            list: Paged::default(),
            now: None,
        }
    }

    pub fn tab(&self) -> Tab {
        self.tab
    }

    pub fn list(&self) -> &Paged<Appointment> {
        &self.list
    }

    /// Whether the selected appointment can still be moved or cancelled by its patient.
    fn changeable(&self) -> Option<&Appointment> {
        let now = self.now?;
        self.list
            .selected()
            .filter(|a| a.status == Status::Booked && a.start > now)
    }

    fn switch(&mut self, tab: Tab, ctx: &Ctx) -> Outcome {
        if self.tab != tab {
            self.tab = tab;
            self.list.reset();
            return Outcome::from(self.reload(ctx).map(|_| Outcome::None));
        }
        Outcome::None
    }
}

impl Screen for AppointmentsScreen {
    fn title(&self) -> String {
        "My appointments".into()
    }

    fn hints(&self) -> Vec<Hint> {
        let mut h = vec![hint("↑↓", "move"), hint("Tab", "upcoming/past")];
        if self.changeable().is_some() {
            h.push(hint("r", "reschedule"));
            h.push(hint("c", "cancel"));
        }
        h
    }

    fn help(&self) -> Vec<Hint> {
        vec![
            hint("↑↓ j k", "move"),
            hint("PgUp PgDn", "page (loads more)"),
            hint("Home End", "first / last"),
            hint("Tab ← →", "switch between upcoming and past"),
            hint("r", "reschedule: pick a new slot"),
            hint("c", "cancel, with a reason"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::NextField | Action::PrevField => {
                let other = if self.tab == Tab::Upcoming {
                    Tab::Past
                } else {
                    Tab::Upcoming
                };
                self.switch(other, ctx)
            }
            Action::Left => self.switch(Tab::Upcoming, ctx),
            Action::Right => self.switch(Tab::Past, ctx),
            Action::Reschedule | Action::Cancel => {
                let Some(a) = self.changeable().cloned() else {
                    return Outcome::Message(Message::error(
                        "Only a booked appointment that has not started can be changed.",
                    ));
                };
                if *action == Action::Cancel {
                    Outcome::Push(Box::new(CancelScreen::new(a)))
                } else {
                    let date = a.start.date().max(ctx.now().date());
                    Outcome::Push(Box::new(FindSlots::new(
                        date,
                        Purpose::Reschedule(Box::new(a)),
                    )))
                }
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
        let now = ctx.now();
        self.now = Some(now);
        let q = match self.tab {
            Tab::Upcoming => AppointmentQuery {
                from: Some(now),
                order: Order::Time,
                ..Default::default()
            },
            Tab::Past => AppointmentQuery {
                to: Some(now),
                order: Order::NewestFirst,
                ..Default::default()
            },
        };
        let q = AppointmentQuery {
            limit: Paged::<Appointment>::fetch_limit(),
            offset: self.list.offset,
            ..q
        };
        let rows = ctx.clinic.appointments(&ctx.actor(), &q)?;
        self.list.set_rows(rows);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let tab = |t: Tab, name: &'static str| {
            if t == self.tab {
                Span::styled(format!(" {name} "), theme.tab_active)
            } else {
                Span::styled(format!(" {name} "), theme.dim)
            }
        };
        let block = Block::bordered()
            .border_style(theme.border)
            .title(Line::from(vec![
                Span::raw(" "),
                tab(Tab::Upcoming, "Upcoming"),
                Span::raw(" "),
                tab(Tab::Past, "Past"),
                Span::raw(" "),
            ]))
            .title_bottom(Line::styled(
                format!(" {} ", self.list.range_text("appointments")),
                theme.dim,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        if self.list.rows.is_empty() {
            let text = match self.tab {
                Tab::Upcoming => "No upcoming appointments. Press 1 to find a slot.",
                Tab::Past => "No past appointments yet.",
            };
            Paragraph::new(vec![Line::raw(""), Line::raw(format!(" {text}"))]).render(inner, buf);
            return;
        }
        let [table_area, detail_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(inner);
        let rows = self.list.rows.iter().map(|a| {
            let style = if a.status == Status::Cancelled {
                theme.dim
            } else {
                Default::default()
            };
            Row::new(vec![
                Cell::from(fmt_when(a.start)),
                Cell::from(a.doctor_name.clone()),
                Cell::from(a.specialty.clone()),
                Cell::from(status_text(a.status)),
            ])
            .style(style)
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Fill(3),
                Constraint::Fill(2),
                Constraint::Length(10),
            ],
        )
        .header(Row::new(["When", "Doctor", "Specialty", "Status"]).style(theme.heading))
        .row_highlight_style(theme.selected)
        .highlight_symbol("▸ ");
        let mut state = TableState::default().with_selected(Some(self.list.cursor));
        StatefulWidget::render(table, table_area, buf, &mut state);
        if let Some(a) = self.list.selected() {
            let mut first = vec![
                Span::styled(" Reason: ", theme.heading),
                Span::raw(a.reason.clone().unwrap_or_else(|| "—".into())),
            ];
            if a.reschedules > 0 {
                first.push(Span::styled(
                    format!("  · moved {}×", a.reschedules),
                    theme.dim,
                ));
            }
            let second = match (a.status, &a.cancel_reason, a.cancelled_at) {
                (Status::Cancelled, why, at) => Line::from(vec![
                    Span::styled(" Cancelled", theme.heading),
                    Span::raw(format!(
                        "{}{}",
                        at.map(|t| format!(" at {}", fmt_minute(t)))
                            .unwrap_or_default(),
                        why.as_ref().map(|w| format!(": {w}")).unwrap_or_default()
                    )),
                ]),
                _ => Line::from(vec![
                    Span::styled(" Length: ", theme.heading),
                    Span::raw(format!("{} min", a.duration)),
                ]),
            };
            Paragraph::new(vec![Line::raw(""), Line::from(first), second]).render(detail_area, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixture;

    #[test]
    fn upcoming_are_soonest_first_and_past_newest_first() {
        let clinic = fixture::demo_clinic();
        let session = fixture::patient(&clinic);
        let ctx = fixture::ctx(&clinic, &session);
        let mut s = AppointmentsScreen::new();
        s.reload(&ctx).unwrap();
        let up = &s.list().rows;
        assert!(up.iter().all(|a| a.start >= fixture::now()));
        assert!(up.windows(2).all(|w| w[0].start <= w[1].start));
        s.update(&Action::NextField, &ctx);
        assert_eq!(s.tab(), Tab::Past);
        let past = &s.list().rows;
        assert!(!past.is_empty(), "the demo patient has a history");
        assert!(past.iter().all(|a| a.start < fixture::now()));
        assert!(past.windows(2).all(|w| w[0].start >= w[1].start));
        assert!(
            past.iter()
                .all(|a| a.patient_id == session.actor.patient_id().unwrap())
        );
    }

    #[test]
    fn past_appointments_cannot_be_changed() {
        let clinic = fixture::demo_clinic();
        let session = fixture::patient(&clinic);
        let ctx = fixture::ctx(&clinic, &session);
        let mut s = AppointmentsScreen::new();
        s.update(&Action::Right, &ctx);
        assert!(matches!(
            s.update(&Action::Cancel, &ctx),
            Outcome::Message(_)
        ));
        assert!(!s.hints().iter().any(|h| h.key == "c"));
    }

    #[test]
    fn r_and_c_open_the_finder_and_the_cancel_dialog_for_a_booked_one() {
        let clinic = fixture::demo_clinic();
        let session = fixture::patient(&clinic);
        let ctx = fixture::ctx(&clinic, &session);
        let mut f = crate::service::SlotFilter::day(fixture::now().date().succ_opt().unwrap());
        f.free_only = true;
        let slot = clinic.slots(&session.actor, &f).unwrap().remove(0);
        clinic
            .book(
                &session.actor,
                &crate::service::BookRequest {
                    slot: slot.id,
                    patient: None,
                    reason: None,
                    override_reason: None,
                },
            )
            .unwrap();
        let mut s = AppointmentsScreen::new();
        s.reload(&ctx).unwrap();
        while s.list().selected().map(|a| a.slot_id) != Some(Some(slot.id)) {
            s.update(&Action::Down, &ctx);
        }
        match s.update(&Action::Reschedule, &ctx) {
            Outcome::Push(screen) => assert_eq!(screen.title(), "Reschedule"),
            _ => panic!("expected the slot finder"),
        }
        match s.update(&Action::Cancel, &ctx) {
            Outcome::Push(screen) => assert_eq!(screen.title(), "Cancel appointment"),
            _ => panic!("expected the cancel dialog"),
        }
    }
}
