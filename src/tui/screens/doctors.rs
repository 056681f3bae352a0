//! The front desk's doctors: every doctor, inactive ones too. `n` registers one (with a
//! login or without), `e` edits specialty, fee and daily limits, `a` deactivates or
//! reactivates after a confirmation, `s` (or Enter) opens the doctor's schedule grid. A
//! specialty is picked from the clinic's list; a new one is created only on purpose.

use super::import::ImportScreen;
use super::plan::PlanScreen;
use super::schedule::ScheduleScreen;
use super::visit_types::VisitTypesScreen;
use crate::domain::import::ImportKind;
use crate::domain::{Doctor, DoctorId, DoctorInput};
use crate::service::NewLogin;
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::field::TextField;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use crate::{Error, Result};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Widget};

/// The choice that asks for a new specialty rather than an existing one.
pub const NEW_SPECIALTY: &str = "\u{0}new";

/// The doctor form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    FullName,
    Specialty,
    NewSpecialty,
    Fee,
    MaxPerDay,
    MaxMinutes,
    Description,
    Username,
    Password,
}

/// What the dialog is for.
#[derive(Debug, Clone)]
pub enum Ask {
    /// Registering (`None`) or editing a doctor.
    Edit(Option<DoctorId>),
    /// Deactivating or reactivating.
    Active(Doctor),
}

pub struct DoctorsScreen {
    list: List<Doctor>,
    specialties: Vec<String>,
}

fn number(form: &Form<F>, field: F, what: &str) -> Result<Option<u32>> {
    match form.optional(field) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| Error::invalid(format!("the {what} is a whole number"))),
    }
}

/// The specialty the form names: one picked from the list, or a new one typed on purpose.
fn specialty(form: &Form<F>) -> Result<String> {
    let picked = form.text(F::Specialty);
    let typed = form.optional(F::NewSpecialty);
    match (picked == NEW_SPECIALTY, typed) {
        (true, Some(name)) => Ok(name),
        (true, None) => Err(Error::invalid("type the new specialty's name")),
        (false, Some(_)) => Err(Error::invalid(
            "to create a specialty, choose \"a new specialty\" first; else clear the new name",
        )),
        (false, None) => Ok(picked),
    }
}

fn read_form(form: &Form<F>) -> Result<(DoctorInput, Option<NewLogin>)> {
    let input = DoctorInput {
        full_name: form.text(F::FullName).trim().to_string(),
        specialty: specialty(form)?,
        fee: number(form, F::Fee, "fee")?,
        max_per_day: number(form, F::MaxPerDay, "max per day")?,
        max_minutes: number(form, F::MaxMinutes, "max minutes")?,
        description: form.optional(F::Description),
    };
    let login = match (form.optional(F::Username), form.optional(F::Password)) {
        (Some(username), password) => Some(NewLogin {
            username,
            password: password.unwrap_or_default(),
        }),
        (None, Some(_)) => return Err(Error::invalid("a password needs a username")),
        (None, None) => None,
    };
    Ok((input, login))
}

impl DoctorsScreen {
    pub fn new() -> Dialogs<DoctorsScreen> {
        Dialogs::new(DoctorsScreen {
            list: List::new(
                vec![
                    col("Name", Constraint::Fill(3)),
                    col("Specialty", Constraint::Fill(2)),
                    col("  Fee", Constraint::Length(5)),
                    col("/day", Constraint::Length(5)),
                    col(" min", Constraint::Length(5)),
                    col("Status", Constraint::Length(8)),
                ],
                "No doctors yet. n registers one.",
            ),
            specialties: Vec::new(),
        })
    }

    pub fn list(&self) -> &List<Doctor> {
        &self.list
    }

    pub fn list_mut(&mut self) -> &mut List<Doctor> {
        &mut self.list
    }

    fn doctor_form(&self, d: Option<&Doctor>) -> Form<F> {
        let text = |v: Option<String>, default: &str| v.unwrap_or_else(|| default.to_string());
        let mut specialties: Vec<(String, String)> = self
            .specialties
            .iter()
            .map(|s| (s.clone(), s.clone()))
            .collect();
        specialties.push((
            "a new specialty (type it below)".into(),
            NEW_SPECIALTY.into(),
        ));
        let mut fields = vec![
            (
                F::FullName,
                Field::filled(
                    "Full name",
                    &text(d.map(|d| d.full_name.clone()), "Dr. "),
                    "",
                ),
            ),
            (F::Specialty, Field::choice("Specialty", specialties)),
            (
                F::NewSpecialty,
                Field::filled("New specialty", "", "only for a new one"),
            ),
            (
                F::Fee,
                Field::filled(
                    "Fee",
                    &text(d.map(|d| d.fee.to_string()), ""),
                    "whole number",
                ),
            ),
            (
                F::MaxPerDay,
                Field::filled(
                    "Max per day",
                    &text(d.map(|d| d.max_per_day.to_string()), "12"),
                    "appointments",
                ),
            ),
            (
                F::MaxMinutes,
                Field::filled(
                    "Max minutes",
                    &text(d.map(|d| d.max_minutes.to_string()), "480"),
                    "booked per day",
                ),
            ),
            (
                F::Description,
                Field::filled(
                    "Description",
                    &text(d.and_then(|d| d.description.clone()), ""),
                    "optional",
                ),
            ),
        ];
        if d.is_none() {
            fields.push((
                F::Username,
                Field::filled("Username", "", "optional: a login"),
            ));
            fields.push((
                F::Password,
                TextField::masked("Password").hint("8+ characters").into(),
            ));
        }
        let mut form = Form::new(fields);
        if let Some(d) = d {
            form.choose(F::Specialty, &d.specialty);
        }
        form
    }
}

impl Asking for DoctorsScreen {
    type Ask = Ask;
    type Field = F;

    fn title(&self) -> String {
        "Doctors".into()
    }

    fn commands(&self) -> Vec<Command> {
        let mut list = vec![
            cmd(Action::Schedule, "schedule")
                .detail("the doctor's schedule: declare, remove, copy"),
            cmd(Action::Plan, "plan").detail("the doctor's weekly plan"),
            cmd(Action::New, "new").detail("register a doctor, with a login or without"),
            cmd(Action::Edit, "edit").detail("edit name, specialty, fee, daily limits"),
            cmd(Action::Archive, "(de)activate")
                .detail("deactivate or reactivate, after a confirmation"),
            cmd(Action::View, "visit types")
                .detail("the clinic's visit types: a follow-up 15 minutes, a new patient 45"),
            cmd(Action::Import, "import").detail("import doctors from a CSV file, checked first"),
        ];
        list.extend(list_moves());
        list
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<Dialog<Ask, F>> {
        let selected = self.list.selected();
        Some(match (action, selected) {
            (Action::New, _) => {
                Dialog::new(Ask::Edit(None), "Register a doctor", self.doctor_form(None))
            }
            (Action::Edit, Some(d)) => Dialog::new(
                Ask::Edit(Some(d.id)),
                "Edit doctor",
                self.doctor_form(Some(d)),
            ),
            (Action::Archive, Some(d)) => {
                let (title, line) = if d.active {
                    (
                        "Deactivate doctor?",
                        "Their free slots stop being offered and they cannot sign in; booked visits stay.",
                    )
                } else {
                    ("Reactivate doctor?", "Their free slots are offered again.")
                };
                let mut dialog = Dialog::confirm(Ask::Active(d.clone()), title)
                    .line(format!("{} ({})", d.full_name, d.specialty))
                    .line(line);
                dialog.danger = d.active;
                dialog
            }
            _ => return None,
        })
    }

    fn answer(&mut self, d: &Dialog<Ask, F>, ctx: &Ctx) -> Result<Reply<Ask, F>> {
        let text = match &d.purpose {
            Ask::Edit(id) => {
                let (input, login) = read_form(&d.form)?;
                match id {
                    Some(id) => {
                        let d = ctx.clinic.update_doctor(&ctx.actor(), *id, &input)?;
                        format!("Saved {}.", d.full_name)
                    }
                    None => {
                        let d = ctx
                            .clinic
                            .register_doctor(&ctx.actor(), &input, login.as_ref())?;
                        self.list.reset();
                        format!("Registered {}.", d.full_name)
                    }
                }
            }
            Ask::Active(doc) => {
                let d = ctx
                    .clinic
                    .set_doctor_active(&ctx.actor(), doc.id, !doc.active)?;
                if d.active {
                    format!("{} is active again.", d.full_name)
                } else {
                    format!(
                        "{} is deactivated: their free slots are no longer offered.",
                        d.full_name
                    )
                }
            }
        };
        Ok(Outcome::saved(text).into())
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match (action, self.list.selected()) {
            (Action::Schedule | Action::Submit, Some(d)) => {
                Outcome::Push(Box::new(ScheduleScreen::of(d, ctx.now())))
            }
            (Action::Plan, Some(d)) => {
                Outcome::Push(Box::new(PlanScreen::of(d.id, d.full_name.clone())))
            }
            (Action::View, _) => Outcome::Push(Box::new(VisitTypesScreen::new())),
            (Action::Import, _) => Outcome::Push(Box::new(ImportScreen::new(ImportKind::Doctors))),
            (a, _) => self.list.follow(a),
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let rows = ctx.clinic.all_doctors(&ctx.actor())?;
        self.list.set_all(rows);
        self.specialties = ctx.clinic.all_specialties()?;
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Doctors ")
            .title_bottom(Line::styled(
                format!(
                    " {} ",
                    crate::domain::text::count(self.list.rows().len(), "doctor")
                ),
                theme.dim,
            ));
        let inner = framed(block, area, buf);
        let [table, detail] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
        self.list.render(table, buf, theme, true, |d| {
            Row::new(vec![
                Cell::from(d.full_name.as_str()),
                Cell::from(d.specialty.as_str()),
                Cell::from(Line::from(d.fee.to_string()).right_aligned()),
                Cell::from(Line::from(d.max_per_day.to_string()).right_aligned()),
                Cell::from(Line::from(d.max_minutes.to_string()).right_aligned()),
                Cell::from(if d.active { "active" } else { "inactive" }),
            ])
            .style(if d.active {
                ratatui::style::Style::default()
            } else {
                theme.dim
            })
        });
        if let Some(d) = self.list.selected() {
            Paragraph::new(vec![
                Line::raw(""),
                Line::styled(
                    format!(
                        " {} · {} · {}",
                        d.full_name,
                        d.description.as_deref().unwrap_or("no description"),
                        if d.account.is_some() {
                            "has a login"
                        } else {
                            "no login"
                        }
                    ),
                    theme.dim,
                ),
            ])
            .render(detail, buf);
        }
    }
}
