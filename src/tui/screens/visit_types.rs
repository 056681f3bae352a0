//! The clinic's visit types (SPEC §10), for the front desk: a follow-up takes 15 minutes, a
//! new patient 45. `n` adds, `e` edits (visits already booked keep their minutes), `a`
//! retires one (booked visits keep it; it is no longer offered). Opened from Doctors (`v`).

use crate::Result;
use crate::domain::VisitType;
use crate::domain::visit_type::VisitTypeInput;
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Row};

/// The form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    Name,
    Minutes,
    Fee,
    Description,
}

/// What a dialog is for.
#[derive(Debug, Clone)]
pub enum Ask {
    /// Add (`None`) or edit this type.
    Edit(Option<VisitType>),
    Retire(VisitType),
}

pub struct VisitTypesScreen {
    list: List<VisitType>,
}

impl VisitTypesScreen {
    pub fn new() -> Dialogs<VisitTypesScreen> {
        Dialogs::new(VisitTypesScreen {
            list: List::new(
                vec![
                    col("Visit type", Constraint::Fill(2)),
                    col("Minutes", Constraint::Length(7)),
                    col("Fee", Constraint::Length(9)),
                    col("Description", Constraint::Fill(3)),
                ],
                "No visit types yet: every booking is one slot. n adds one (a follow-up, 15 minutes).",
            ),
        })
    }

    pub fn list(&self) -> &List<VisitType> {
        &self.list
    }

    pub fn list_mut(&mut self) -> &mut List<VisitType> {
        &mut self.list
    }

    fn form(t: Option<&VisitType>) -> Form<F> {
        let text = |v: Option<String>| v.unwrap_or_default();
        Form::new(vec![
            (
                F::Name,
                Field::filled("Name", &text(t.map(|t| t.name.clone())), "e.g. New patient"),
            ),
            (
                F::Minutes,
                Field::filled(
                    "Minutes",
                    &text(t.map(|t| t.minutes.to_string())),
                    "5 to 240, in steps of 5",
                ),
            ),
            (
                F::Fee,
                Field::filled(
                    "Fee",
                    &text(t.and_then(|t| t.fee).map(|f| f.to_string())),
                    "empty: the doctor's fee",
                ),
            ),
            (
                F::Description,
                Field::filled(
                    "Description",
                    &text(t.and_then(|t| t.description.clone())),
                    "optional",
                ),
            ),
        ])
    }

    fn read(form: &Form<F>) -> Result<VisitTypeInput> {
        let number = |f: F, what: &str| -> Result<Option<u32>> {
            form.optional(f)
                .map(|v| {
                    v.trim().parse::<u32>().map_err(|_| {
                        crate::Error::invalid(format!("{what} is a whole number, not {v:?}"))
                    })
                })
                .transpose()
        };
        Ok(VisitTypeInput {
            name: Some(form.text(F::Name)),
            minutes: number(F::Minutes, "minutes")?,
            fee: number(F::Fee, "the fee")?,
            description: Some(form.text(F::Description)),
        })
    }
}

impl Asking for VisitTypesScreen {
    type Ask = Ask;
    type Field = F;

    fn title(&self) -> String {
        "Visit types".into()
    }

    fn commands(&self) -> Vec<Command> {
        let on_one = self.list.selected().is_some_and(|t| !t.retired);
        let mut list = vec![
            cmd(Action::New, "add").detail("add a visit type: its name, minutes and fee"),
            cmd(Action::Edit, "edit")
                .detail("edit it; visits already booked keep their minutes")
                .only_if(on_one, "on a type in use"),
            cmd(Action::Archive, "retire")
                .detail("retire it: no longer offered; booked visits keep it")
                .only_if(on_one, "on a type in use"),
            cmd(Action::Back, "back"),
        ];
        list.extend(list_moves());
        list
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<Dialog<Ask, F>> {
        let selected = self.list.selected().filter(|t| !t.retired);
        match (action, selected) {
            (Action::New, _) => Some(
                Dialog::new(Ask::Edit(None), "Add a visit type", Self::form(None))
                    .line("A visit of a type takes back-to-back slots totalling its minutes.")
                    .done("add"),
            ),
            (Action::Edit, Some(t)) => Some(
                Dialog::new(
                    Ask::Edit(Some(t.clone())),
                    "Edit visit type",
                    Self::form(Some(t)),
                )
                .done("save"),
            ),
            (Action::Archive, Some(t)) => Some(
                Dialog::confirm(Ask::Retire(t.clone()), "Retire this visit type?")
                    .line(format!("{}, {} minutes", t.name, t.minutes))
                    .line("It is no longer offered; visits booked with it keep it.")
                    .done("retire it"),
            ),
            _ => None,
        }
    }

    fn answer(&mut self, d: &Dialog<Ask, F>, ctx: &Ctx) -> Result<Reply<Ask, F>> {
        let done = match &d.purpose {
            Ask::Edit(None) => {
                let t = ctx
                    .clinic
                    .add_visit_type(&ctx.actor(), &Self::read(&d.form)?)?;
                format!("Added {}, {} minutes.", t.name, t.minutes)
            }
            Ask::Edit(Some(old)) => {
                let t = ctx
                    .clinic
                    .edit_visit_type(&ctx.actor(), old.id, &Self::read(&d.form)?)?;
                format!("Saved {}, {} minutes.", t.name, t.minutes)
            }
            Ask::Retire(t) => {
                ctx.clinic.retire_visit_type(&ctx.actor(), t.id)?;
                format!("Retired {}.", t.name)
            }
        };
        Ok(Outcome::saved(done).into())
    }

    fn update(&mut self, action: &Action, _: &Ctx) -> Outcome {
        match action {
            Action::Back => Outcome::Pop(1, None),
            Action::Edit | Action::Archive => Outcome::info("Choose a type in use first."),
            a => self.list.follow(a),
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        self.list.set_all(ctx.clinic.visit_types(true)?);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Visit types ")
            .title_bottom(Line::styled(
                format!(" {} ", self.list.range_text("types")),
                theme.dim,
            ));
        let inner = framed(block, area, buf);
        self.list.render(inner, buf, theme, true, |t| {
            let style = if t.retired {
                theme.dim
            } else {
                Default::default()
            };
            Row::new(vec![
                Cell::from(if t.retired {
                    format!("{} (retired)", t.name)
                } else {
                    t.name.clone()
                }),
                Cell::from(Line::from(t.minutes.to_string()).right_aligned()),
                Cell::from(
                    Line::from(
                        t.fee
                            .map(|f| f.to_string())
                            .unwrap_or_else(|| "doctor's".into()),
                    )
                    .right_aligned(),
                ),
                Cell::from(t.description.clone().unwrap_or_default()),
            ])
            .style(style)
        });
    }
}
