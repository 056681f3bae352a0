//! Time off (SPEC §9): a doctor's leave, and for the front desk every doctor's and the
//! clinic's closures. `n` adds (whole days, or a stretch of a day); if booked visits lie
//! inside, the library's list of them is shown and a second Enter cancels them with the
//! reason. `c` takes time off back (one under way ends now). No slot is offered inside it.

use super::fmt_day;
use crate::domain::DoctorId;
use crate::domain::time_off::{TimeOff, TimeOffInput};
use crate::error::ErrorKind;
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use crate::tui::widgets::text::wrap;
use crate::{Error, Result};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Widget};

/// The form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    Whose,
    From,
    To,
    Reason,
}

/// What a dialog is for.
#[derive(Debug, Clone)]
pub enum Ask {
    Add,
    /// Adding it cancels these booked visits (the library listed them).
    AddCancelling(TimeOffInput),
    Remove(TimeOff),
}

/// The choice meaning the whole clinic.
const CLINIC: &str = "clinic";

pub struct TimeOffScreen {
    /// A doctor's own time off (with the closures), or everyone's for the desk.
    doctor: Option<DoctorId>,
    list: List<TimeOff>,
    /// Whose time off the desk may add: the clinic, then every active doctor.
    whose: Vec<(String, String)>,
}

impl TimeOffScreen {
    /// The signed-in doctor's leave.
    pub fn for_doctor(ctx: &Ctx) -> Dialogs<TimeOffScreen> {
        TimeOffScreen::new(ctx.actor().doctor_id())
    }

    /// Every doctor's leave and the closures, for the front desk.
    pub fn desk() -> Dialogs<TimeOffScreen> {
        TimeOffScreen::new(None)
    }

    fn new(doctor: Option<DoctorId>) -> Dialogs<TimeOffScreen> {
        Dialogs::new(TimeOffScreen {
            doctor,
            list: List::new(
                vec![
                    col("Whose", Constraint::Fill(2)),
                    col("When", Constraint::Length(34)),
                    col("Reason", Constraint::Fill(2)),
                ],
                "No time off to come. n adds leave (or, for the desk, a closure).",
            ),
            whose: Vec::new(),
        })
    }

    pub fn list(&self) -> &List<TimeOff> {
        &self.list
    }

    pub fn list_mut(&mut self) -> &mut List<TimeOff> {
        &mut self.list
    }

    fn form(&self) -> Form<F> {
        let mut fields = Vec::new();
        if self.doctor.is_none() {
            fields.push((F::Whose, Field::choice("Whose", self.whose.clone())));
        }
        fields.extend([
            (
                F::From,
                Field::filled("From", "", "YYYY-MM-DD, or YYYY-MM-DDTHH:MM"),
            ),
            (
                F::To,
                Field::filled("To", "", "the last day, or a time; empty: one day"),
            ),
            (
                F::Reason,
                Field::filled("Reason", "", "patients whose visits are cancelled see it"),
            ),
        ]);
        Form::new(fields)
    }

    fn read(&self, form: &Form<F>) -> Result<TimeOffInput> {
        let doctor = match self.doctor {
            Some(d) => Some(d),
            None => match form.text(F::Whose).as_str() {
                CLINIC => None,
                id => {
                    Some(DoctorId(id.parse().map_err(|_| {
                        Error::invalid("choose the clinic or a doctor")
                    })?))
                }
            },
        };
        TimeOffInput::parse(
            doctor,
            form.text(F::From).trim(),
            form.optional(F::To).as_deref(),
            form.optional(F::Reason).as_deref(),
        )
    }

    fn add(&self, input: &TimeOffInput, cancel_booked: bool, ctx: &Ctx) -> Result<Reply<Ask, F>> {
        match ctx.clinic.add_time_off(&ctx.actor(), input, cancel_booked) {
            Ok(added) => Ok(Outcome::saved(added.sentence()).into()),
            // Booked visits inside: say which, and ask whether to cancel them with it.
            Err(e) if e.kind() == ErrorKind::Conflict && !cancel_booked => {
                let mut d = Dialog::confirm(
                    Ask::AddCancelling(input.clone()),
                    "Cancel the booked visits too?",
                );
                for line in wrap(e.message(), 66) {
                    d = d.line(line);
                }
                Ok(Reply::Ask(
                    d.line("Enter cancels them with the time off's reason; Esc adds nothing.")
                        .done("cancel them and add"),
                ))
            }
            Err(e) => Err(e),
        }
    }
}

impl Asking for TimeOffScreen {
    type Ask = Ask;
    type Field = F;

    fn title(&self) -> String {
        "Time off".into()
    }

    fn commands(&self) -> Vec<Command> {
        let mut list = vec![
            cmd(Action::New, "add").detail(if self.doctor.is_some() {
                "add leave: days, or part of a day"
            } else {
                "add a doctor's leave or a closure of the clinic"
            }),
            cmd(Action::Cancel, "take back")
                .detail("take the time off back (one under way ends now)")
                .only_if(self.list.selected().is_some(), "on time off"),
        ];
        list.extend(list_moves());
        list
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<Dialog<Ask, F>> {
        match action {
            Action::New => Some(
                Dialog::new(Ask::Add, "Add time off", self.form())
                    .line("Free slots inside go; plans make none there. Booked visits are listed first.")
                    .done("add"),
            ),
            Action::Cancel => {
                let t = self.list.selected()?;
                Some(
                    Dialog::confirm(Ask::Remove(t.clone()), "Take this time off back?")
                        .line(format!("{}: {}", t.whose(), t.span_text()))
                        .line("Plans lay the freed days out again."),
                )
            }
            _ => None,
        }
    }

    fn answer(&mut self, d: &Dialog<Ask, F>, ctx: &Ctx) -> Result<Reply<Ask, F>> {
        match &d.purpose {
            Ask::Add => {
                let input = self.read(&d.form)?;
                self.add(&input, false, ctx)
            }
            Ask::AddCancelling(input) => self.add(input, true, ctx),
            Ask::Remove(t) => {
                let back = ctx.clinic.remove_time_off(&ctx.actor(), t.id)?;
                Ok(Outcome::saved(if back.to < t.to {
                    format!("Time off ended now: {}.", back.span_text())
                } else {
                    format!("Time off taken back: {}.", t.span_text())
                })
                .into())
            }
        }
    }

    fn update(&mut self, action: &Action, _: &Ctx) -> Outcome {
        match action {
            Action::Cancel => Outcome::info("Nothing selected."),
            a => self.list.follow(a),
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let rows = ctx.clinic.time_off(&ctx.actor(), self.doctor, None)?;
        self.list.set_all(rows);
        if self.doctor.is_none() {
            self.whose = std::iter::once((
                "the whole clinic (a closure)".to_string(),
                CLINIC.to_string(),
            ))
            .chain(
                ctx.clinic
                    .doctors(None)?
                    .into_iter()
                    .map(|d| (d.full_name, d.id.0.to_string())),
            )
            .collect();
        }
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(if self.doctor.is_some() {
                " Your time off, and the clinic's closures "
            } else {
                " Time off: doctors' leave and closures "
            })
            .title_bottom(Line::styled(
                format!(" {} ", self.list.range_text("entries")),
                theme.dim,
            ));
        let inner = framed(block, area, buf);
        let [table, note] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
        self.list.render(table, buf, theme, true, |t| {
            Row::new(vec![
                Cell::from(t.whose().to_string()),
                Cell::from(t.span_text()),
                Cell::from(t.reason.clone().unwrap_or_default()),
            ])
        });
        if let Some(t) = self.list.selected() {
            Paragraph::new(vec![
                Line::raw(""),
                Line::styled(
                    format!(" {} · from {}", t.whose(), fmt_day(t.from.date())),
                    theme.dim,
                ),
            ])
            .render(note, buf);
        }
    }
}
