//! Appointment search (seed 002): every appointment whose doctor's or patient's name
//! contains the text (any case, any accents), any date, newest first, paged from SQL. `/`
//! opens the search box and the list follows as you type; `r` moves the selected
//! appointment, `c` cancels it with a reason, `u` undoes a status set by mistake today.

use super::fmt_dated;
use super::visit::{self, CancelField};
use crate::Result;
use crate::domain::appointment::{AppointmentQuery, Order};
use crate::domain::{Appointment, Status};
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::keymap::Mode;
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use crate::tui::widgets::search::{SearchBar, SearchStep};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Row};

/// What the screen's dialog is for.
#[derive(Debug, Clone)]
pub enum Ask {
    Cancel(Appointment),
    /// Undo the last status change, back to this status.
    Correct(Appointment, Status),
}

pub struct SearchScreen {
    search: SearchBar,
    list: List<Appointment>,
    /// "Now" as of the last reload: whether a status can still be undone today.
    now: chrono::NaiveDateTime,
}

const NOTHING_TYPED: &str =
    "Press / and type part of a doctor's or a patient's name: every date and status is searched.";

impl SearchScreen {
    pub fn new() -> Dialogs<SearchScreen> {
        Dialogs::new(SearchScreen {
            search: SearchBar::new("Search", "part of a doctor's or patient's name"),
            list: List::new(
                vec![
                    col("When", Constraint::Length(18)),
                    col("Doctor", Constraint::Fill(1)),
                    col("Patient", Constraint::Fill(1)),
                    col("Status", Constraint::Length(10)),
                ],
                NOTHING_TYPED,
            ),
            now: chrono::NaiveDateTime::MIN,
        })
    }

    pub fn list(&self) -> &List<Appointment> {
        &self.list
    }

    pub fn list_mut(&mut self) -> &mut List<Appointment> {
        &mut self.list
    }
}

impl Asking for SearchScreen {
    type Ask = Ask;
    type Field = CancelField;

    fn title(&self) -> String {
        "Search".into()
    }

    fn mode(&self) -> Mode {
        self.search.mode()
    }

    fn commands(&self) -> Vec<Command> {
        if self.search.is_active() {
            return vec![cmd(Action::Submit, "to the list")];
        }
        let undoable = self
            .list
            .selected()
            .is_some_and(|a| visit::correction_for(a, self.now).is_ok());
        let mut list = vec![
            cmd(Action::Filter, "search"),
            cmd(Action::Reschedule, "reschedule"),
            cmd(Action::Cancel, "cancel"),
            cmd(Action::Undo, "undo")
                .detail("undo a check-in, a done or a no-show set by mistake today, with a reason")
                .only_if(
                    undoable,
                    "on today's visit checked in, done or marked no-show",
                ),
        ];
        list.extend(list_moves());
        list
    }

    fn ask(&mut self, action: &Action, ctx: &Ctx) -> Option<Dialog<Ask, CancelField>> {
        if self.search.is_active() {
            return None;
        }
        let a = self.list.selected()?;
        match action {
            Action::Cancel => Some(visit::cancel_dialog(a, Ask::Cancel(a.clone()), true)),
            Action::Undo => {
                let back = visit::correction_for(a, ctx.now()).ok()?;
                Some(visit::correction_dialog(
                    a,
                    back,
                    Ask::Correct(a.clone(), back),
                ))
            }
            _ => None,
        }
    }

    fn answer(
        &mut self,
        d: &Dialog<Ask, CancelField>,
        ctx: &Ctx,
    ) -> Result<Reply<Ask, CancelField>> {
        match &d.purpose {
            Ask::Cancel(a) => visit::cancel(ctx, a, &d.form),
            Ask::Correct(a, _) => visit::correct(ctx, a, &d.form),
        }
        .map(Reply::from)
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if self.search.is_active() {
            return match self.search.update(action) {
                SearchStep::Changed => {
                    self.list.reset();
                    Outcome::from(self.reload(ctx).map(|_| Outcome::None))
                }
                _ => Outcome::None,
            };
        }
        match action {
            Action::Filter => {
                self.search.set_active(true);
                Outcome::None
            }
            Action::Up if self.list.at_top() => {
                self.search.set_active(true);
                Outcome::None
            }
            Action::Cancel => Outcome::info("Nothing selected."),
            Action::Undo => match self.list.selected() {
                Some(a) => match visit::correction_for(a, ctx.now()) {
                    Err(e) => Outcome::error(&e),
                    Ok(_) => Outcome::None,
                },
                None => Outcome::info("Nothing selected."),
            },
            Action::Reschedule => visit::reschedule(self.list.selected(), ctx),
            a => {
                if self.list.step(a) {
                    return Outcome::from(self.reload(ctx).map(|_| Outcome::None));
                }
                Outcome::None
            }
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        self.now = ctx.now();
        let text = self.search.text();
        if text.trim().is_empty() {
            self.list.set_empty(NOTHING_TYPED);
            self.list.set_rows(Vec::new());
            return Ok(());
        }
        let q = AppointmentQuery {
            search: Some(text.as_str()),
            order: Order::NewestFirst,
            limit: List::<Appointment>::fetch_limit(),
            offset: self.list.offset(),
            ..Default::default()
        };
        let rows = ctx.clinic.appointments(&ctx.actor(), &q)?;
        self.list.set_empty("Nothing matches.");
        self.list.set_rows(rows);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Search appointments by doctor or patient name ")
            .title_bottom(Line::styled(
                format!(" {} ", self.list.range_text("appointments")),
                theme.dim,
            ));
        let inner = framed(block, area, buf);
        let table_area = self.search.render_above(inner, buf, theme);
        self.list
            .render(table_area, buf, theme, !self.search.is_active(), |a| {
                Row::new(vec![
                    Cell::from(fmt_dated(a.start)),
                    Cell::from(a.doctor_name.as_str()),
                    Cell::from(a.patient_name.as_str()),
                    Cell::from(a.status.words()),
                ])
            });
    }
}
