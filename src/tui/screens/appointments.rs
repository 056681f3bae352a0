//! My appointments: upcoming (soonest first) and past (newest first), with their status,
//! paged from the library. `r` reschedules, `c` cancels (with an optional reason); both are
//! offered only for a booked appointment that has not started, since the library would
//! refuse the rest.

use super::fmt_dated;
use super::visit::{self, CancelDialog, CancelField};
use crate::Result;
use crate::domain::appointment::{AppointmentQuery, Order};
use crate::domain::{Appointment, Status};
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use chrono::NaiveDateTime;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Widget};

/// Which appointments are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Upcoming,
    Past,
}

pub struct AppointmentsScreen {
    tab: Tab,
    list: List<Appointment>,
    now: Option<NaiveDateTime>,
}

impl AppointmentsScreen {
    pub fn new() -> Dialogs<AppointmentsScreen> {
        Dialogs::new(AppointmentsScreen {
            tab: Tab::Upcoming,
            list: List::new(
                vec![
                    col("When", Constraint::Length(18)),
                    col("Doctor", Constraint::Fill(3)),
                    col("Specialty", Constraint::Fill(2)),
                    col("Status", Constraint::Length(10)),
                ],
                "No upcoming appointments. Press 1 to find a slot.",
            ),
            now: None,
        })
    }

    pub fn tab(&self) -> Tab {
        self.tab
    }

    pub fn list(&self) -> &List<Appointment> {
        &self.list
    }

    /// The selected appointment, if its patient may still move or cancel it.
    fn changeable(&self) -> Option<&Appointment> {
        let now = self.now?;
        self.list.selected().filter(|a| a.can_reschedule(now))
    }

    /// The selected appointment if its patient may cancel it now, else why not (the
    /// library's rule, asked before a reason is typed; it decides again on submit).
    fn cancellable(&self) -> crate::Result<&Appointment> {
        let a = self
            .list
            .selected()
            .ok_or_else(|| crate::Error::invalid("Nothing selected."))?;
        let now = self.now.unwrap_or(a.start);
        a.check_cancellable(now, true)?;
        Ok(a)
    }

    fn switch(&mut self, tab: Tab, ctx: &Ctx) -> Outcome {
        if self.tab == tab {
            return Outcome::None;
        }
        self.tab = tab;
        self.list.reset();
        self.list.set_empty(match tab {
            Tab::Upcoming => "No upcoming appointments. Press 1 to find a slot.",
            Tab::Past => "No past appointments yet.",
        });
        Outcome::from(self.reload(ctx).map(|_| Outcome::None))
    }
}

impl Asking for AppointmentsScreen {
    type Ask = Appointment;
    type Field = CancelField;

    fn title(&self) -> String {
        "My appointments".into()
    }

    fn commands(&self) -> Vec<Command> {
        let mut list = vec![cmd(Action::NextField, "upcoming / past")];
        let changeable = self.changeable().is_some();
        let cancellable = self.cancellable().is_ok();
        list.extend([
            cmd(Action::Reschedule, "reschedule")
                .detail("reschedule: pick a new slot")
                .only_if(changeable, "on a booked visit to come"),
            cmd(Action::Cancel, "cancel").only_if(cancellable, "on a booked visit to come"),
        ]);
        list.extend(list_moves());
        list
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<CancelDialog> {
        let a = self.cancellable().ok()?;
        visit::ask_cancel(action, Some(a), false)
    }

    fn answer(&mut self, d: &CancelDialog, ctx: &Ctx) -> Result<Reply<Appointment, CancelField>> {
        visit::answer_cancel(d, ctx)
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::NextField | Action::PrevField => {
                let other = match self.tab {
                    Tab::Upcoming => Tab::Past,
                    Tab::Past => Tab::Upcoming,
                };
                self.switch(other, ctx)
            }
            Action::Left => self.switch(Tab::Upcoming, ctx),
            Action::Right => self.switch(Tab::Past, ctx),
            Action::Reschedule => visit::reschedule(self.list.selected(), ctx),
            Action::Cancel => match self.cancellable() {
                Ok(_) => Outcome::None,
                Err(e) => Outcome::error(&e),
            },
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
        let (from, to, order) = match self.tab {
            Tab::Upcoming => (Some(now), None, Order::Time),
            Tab::Past => (None, Some(now), Order::NewestFirst),
        };
        let q = AppointmentQuery {
            from,
            to,
            order,
            limit: List::<Appointment>::fetch_limit(),
            offset: self.list.offset(),
            ..Default::default()
        };
        let rows = ctx.clinic.appointments(&ctx.actor(), &q)?;
        self.list.set_rows(rows);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let tab = |t: Tab, name: &'static str| {
            let style = if t == self.tab {
                theme.tab_active
            } else {
                theme.dim
            };
            Span::styled(format!(" {name} "), style)
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
        let inner = framed(block, area, buf);
        let [table, detail] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(inner);
        self.list.render(table, buf, theme, true, |a| {
            let style = if a.status == Status::Cancelled {
                theme.dim
            } else {
                Default::default()
            };
            Row::new(vec![
                Cell::from(fmt_dated(a.start)),
                Cell::from(a.doctor_name.as_str()),
                Cell::from(a.specialty.as_str()),
                Cell::from(a.status.words()),
            ])
            .style(style)
        });
        if let Some(a) = self.list.selected() {
            render_detail(a, detail, buf, theme);
        }
    }
}

/// The selected appointment's reason, moves and, if cancelled, who cancelled and why.
fn render_detail(a: &Appointment, area: Rect, buf: &mut Buffer, theme: &Theme) {
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
    let second = match a.status {
        Status::Cancelled => Line::from(vec![
            Span::styled(" Cancelled", theme.heading),
            Span::raw(format!(
                "{}{}{}",
                a.cancelled_by
                    .as_ref()
                    .map(|w| format!(" by {w}"))
                    .unwrap_or_default(),
                a.cancelled_at
                    .map(|t| format!(" on {}", fmt_dated(t)))
                    .unwrap_or_default(),
                a.cancel_reason
                    .as_ref()
                    .map(|w| format!(": {w}"))
                    .unwrap_or_default()
            )),
        ]),
        _ => Line::from(vec![
            Span::styled(" Length: ", theme.heading),
            Span::raw(format!("{} min", a.duration)),
        ]),
    };
    Paragraph::new(vec![Line::raw(""), Line::from(first), second]).render(area, buf);
}
