//! A patient's care team (seed 004): the doctors assigned to them, who may read their
//! history. `n` assigns a doctor (picked with ←/→ or a letter), `c` removes the selected
//! one after a confirmation.

use crate::Result;
use crate::domain::{DoctorId, PatientId};
use crate::service::Assignment;
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use crate::tui::widgets::text::title;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Cell, Row};

/// What the dialog asks.
#[derive(Debug, Clone)]
pub enum Ask {
    Assign,
    Remove(Assignment),
}

/// The assign dialog's one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doctor;

pub struct CareTeamScreen {
    patient: PatientId,
    name: String,
    list: List<Assignment>,
    doctors: Vec<(String, String)>,
}

impl CareTeamScreen {
    pub fn new(patient: PatientId, name: String) -> Dialogs<CareTeamScreen> {
        Dialogs::new(CareTeamScreen {
            patient,
            name,
            list: List::new(
                vec![
                    col("Doctor", Constraint::Fill(2)),
                    col("Specialty", Constraint::Fill(2)),
                    col("Since", Constraint::Length(12)),
                ],
                "Nobody is assigned. n assigns a doctor, who may then read the history.",
            ),
            doctors: Vec::new(),
        })
    }

    pub fn rows(&self) -> &[Assignment] {
        self.list.rows()
    }
}

impl Dialogs<CareTeamScreen> {
    /// Picks the doctor in the assign dialog.
    pub fn choose(&mut self, doctor: DoctorId) {
        if let Some(form) = self.form_mut() {
            form.choose(Doctor, &doctor.0.to_string());
        }
    }
}

impl Asking for CareTeamScreen {
    type Ask = Ask;
    type Field = Doctor;

    fn title(&self) -> String {
        "Care team".into()
    }

    fn commands(&self) -> Vec<Command> {
        let mut list = vec![cmd(Action::New, "assign a doctor")];
        list.push(
            cmd(Action::Cancel, "remove the doctor")
                .only_if(self.list.selected().is_some(), "on a doctor"),
        );
        list.push(cmd(Action::Back, "back"));
        list.extend(list_moves());
        list
    }

    fn answer(&mut self, d: &Dialog<Ask, Doctor>, ctx: &Ctx) -> Result<Reply<Ask, Doctor>> {
        let text = match &d.purpose {
            Ask::Assign => {
                let id = d.form.text(Doctor).parse().unwrap_or_default();
                let a = ctx
                    .clinic
                    .assign(&ctx.actor(), self.patient, DoctorId(id))?;
                format!("{} is now on {}'s care team.", a.doctor_name, self.name)
            }
            Ask::Remove(a) => {
                ctx.clinic
                    .unassign(&ctx.actor(), self.patient, a.doctor_id)?;
                format!("{} is off {}'s care team.", a.doctor_name, self.name)
            }
        };
        Ok(Outcome::saved(text).into())
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<Dialog<Ask, Doctor>> {
        match (action, self.list.selected()) {
            (Action::New, _) => {
                let form = Form::new(vec![(
                    Doctor,
                    Field::choice("Doctor", self.doctors.clone()),
                )]);
                Some(
                    Dialog::new(Ask::Assign, "Assign a doctor", form)
                        .line("←/→ or the first letter of the name picks the doctor."),
                )
            }
            (Action::Cancel, Some(a)) => Some(
                Dialog::confirm(Ask::Remove(a.clone()), "Remove from the care team?").line(
                    format!(
                        "{} will no longer be on {}'s care team.",
                        a.doctor_name, self.name
                    ),
                ),
            ),
            _ => None,
        }
    }

    fn update(&mut self, action: &Action, _: &Ctx) -> Outcome {
        match action {
            Action::Back => Outcome::Pop(1, None),
            Action::Cancel => Outcome::info("Nothing selected."),
            a => self.list.follow(a),
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let rows = ctx.clinic.assignments(&ctx.actor(), Some(self.patient))?;
        self.list.set_all(rows);
        self.doctors = ctx
            .clinic
            .doctors(None)?
            .into_iter()
            .map(|d| {
                (
                    format!("{} ({})", d.full_name, d.specialty),
                    d.id.0.to_string(),
                )
            })
            .collect();
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(title(&format!("Care team of {}", self.name), area.width));
        let inner = framed(block, area, buf);
        self.list.render(inner, buf, theme, true, |a| {
            Row::new(vec![
                Cell::from(a.doctor_name.as_str()),
                Cell::from(a.specialty.as_str()),
                Cell::from(a.assigned_at.format("%-d %b %Y").to_string()),
            ])
        });
    }
}
