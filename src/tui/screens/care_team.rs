//! A patient's care team (seed 004): the doctors assigned to them, who may read their
//! history. `n` assigns a doctor (picked with ←/→ or a letter), `c` removes the selected
//! one after a confirmation.

use crate::Result;
use crate::domain::{DoctorId, PatientId};
use crate::service::Assignment;
use crate::tui::action::Action;
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{Dialog, DialogHost, Overlay};
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::list::{List, col};
use crate::tui::widgets::text::title;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Cell, Row, Widget};

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
    dialog: Option<Dialog<Ask, Doctor>>,
}

impl CareTeamScreen {
    pub fn new(patient: PatientId, name: String) -> CareTeamScreen {
        CareTeamScreen {
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
            dialog: None,
        }
    }

    pub fn rows(&self) -> &[Assignment] {
        self.list.rows()
    }

    /// Picks the doctor in the assign dialog.
    pub fn choose(&mut self, doctor: DoctorId) {
        if let Some(d) = &mut self.dialog
            && matches!(d.purpose, Ask::Assign)
        {
            d.form.choose(Doctor, &doctor.0.to_string());
        }
    }
}

impl DialogHost for CareTeamScreen {
    type Purpose = Ask;
    type Field = Doctor;

    fn dialog_slot(&mut self) -> &mut Option<Dialog<Ask, Doctor>> {
        &mut self.dialog
    }

    fn submit(&mut self, d: &Dialog<Ask, Doctor>, ctx: &Ctx) -> Result<Outcome> {
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
        Ok(Outcome::saved(text))
    }
}

impl Screen for CareTeamScreen {
    fn title(&self) -> String {
        "Care team".into()
    }

    fn dialog(&self) -> Option<&dyn Overlay> {
        self.dialog.as_ref().map(|d| d as &dyn Overlay)
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

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if let Some(outcome) = self.update_dialog(action, ctx) {
            return outcome;
        }
        match action {
            Action::Back => Outcome::Pop(1, None),
            Action::New => {
                let form = Form::new(vec![(
                    Doctor,
                    Field::choice("Doctor", self.doctors.clone()),
                )]);
                self.dialog = Some(
                    Dialog::new(Ask::Assign, "Assign a doctor", form)
                        .line("←/→ or the first letter of the name picks the doctor."),
                );
                Outcome::None
            }
            Action::Cancel => match self.list.selected() {
                Some(a) => {
                    self.dialog = Some(
                        Dialog::confirm(Ask::Remove(a.clone()), "Remove from the care team?").line(
                            format!(
                                "{} will no longer be on {}'s care team.",
                                a.doctor_name, self.name
                            ),
                        ),
                    );
                    Outcome::None
                }
                None => Outcome::info("Nothing selected."),
            },
            a => {
                self.list.step(a);
                Outcome::None
            }
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
        let inner = block.inner(area);
        block.render(area, buf);
        self.list.render(inner, buf, theme, true, |a| {
            Row::new(vec![
                Cell::from(a.doctor_name.as_str()),
                Cell::from(a.specialty.as_str()),
                Cell::from(a.assigned_at.format("%-d %b %Y").to_string()),
            ])
        });
    }
}
