//! A patient's care team (seed 004): the doctors assigned to them, who may read their
//! history. `n` assigns a doctor (picked with ←/→ or a letter), `c` removes the selected
//! one after a confirmation.

use crate::Result;
use crate::domain::{DoctorId, PatientId};
use crate::service::Assignment;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog;
use crate::tui::widgets::field::Choice;
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::form::{Field, Form};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

enum Dialog {
    Assign(Form),
    Remove(Assignment),
}

pub struct CareTeamScreen {
    patient: PatientId,
    name: String,
    rows: Vec<Assignment>,
    cursor: usize,
    doctors: Vec<(String, String)>,
    dialog: Option<Dialog>,
}

impl CareTeamScreen {
    pub fn new(patient: PatientId, name: String) -> CareTeamScreen {
        CareTeamScreen {
            patient,
            name,
            rows: Vec::new(),
            cursor: 0,
            doctors: Vec::new(),
            dialog: None,
        }
    }

    pub fn rows(&self) -> &[Assignment] {
        &self.rows
    }

    /// Picks the doctor in the assign dialog.
    pub fn choose(&mut self, doctor: DoctorId) {
        if let Some(Dialog::Assign(f)) = &mut self.dialog
            && let Some(c) = f.choice_mut(0)
        {
            c.select(&doctor.0.to_string());
        }
    }

    fn submit(&mut self, ctx: &Ctx) -> Outcome {
        let done = match self.dialog.take() {
            Some(Dialog::Assign(f)) => {
                let Ok(id) = f.value(0).parse::<i64>() else {
                    return Outcome::None;
                };
                ctx.clinic
                    .assign(&ctx.actor(), self.patient, DoctorId(id))
                    .map(|a| format!("{} is now on {}'s care team.", a.doctor_name, self.name))
            }
            Some(Dialog::Remove(a)) => ctx
                .clinic
                .unassign(&ctx.actor(), self.patient, a.doctor_id)
                .map(|_| format!("{} is off {}'s care team.", a.doctor_name, self.name)),
            None => return Outcome::None,
        };
        match done {
            Ok(text) => {
                let _ = self.reload(ctx);
                Outcome::info(text)
            }
            Err(e) => Outcome::error(&e),
        }
    }
}

impl Screen for CareTeamScreen {
    fn title(&self) -> String {
        "Care team".into()
    }

    fn mode(&self) -> Mode {
        if matches!(self.dialog, Some(Dialog::Assign(_))) {
            Mode::TextEntry
        } else {
            Mode::Navigate
        }
    }

    fn hints(&self) -> Vec<Hint> {
        match self.dialog {
            Some(Dialog::Assign(_)) => vec![
                hint("←→/letter", "doctor"),
                hint("Enter", "assign"),
                hint("Esc", "cancel"),
            ],
            Some(Dialog::Remove(_)) => vec![hint("Enter", "remove"), hint("Esc", "keep")],
            None => vec![
                hint("n", "assign a doctor"),
                hint("c", "remove"),
                hint("Esc", "back"),
            ],
        }
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if self.dialog.is_some() {
            return match action {
                Action::Back => {
                    self.dialog = None;
                    Outcome::info("Nothing changed.")
                }
                Action::Submit => self.submit(ctx),
                Action::Input(key) => {
                    if let Some(Dialog::Assign(f)) = &mut self.dialog {
                        f.input(*key);
                    }
                    Outcome::None
                }
                _ => Outcome::None,
            };
        }
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(self.rows.len().saturating_sub(1)),
            Action::Back => return Outcome::Pop(1, None),
            Action::New => {
                self.dialog = Some(Dialog::Assign(Form::new(vec![Field::Choice(Choice::new(
                    "Doctor",
                    self.doctors.clone(),
                ))])));
            }
            Action::Cancel => {
                if let Some(a) = self.rows.get(self.cursor) {
                    self.dialog = Some(Dialog::Remove(a.clone()));
                }
            }
            _ => {}
        }
        Outcome::None
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        self.rows = ctx.clinic.assignments(&ctx.actor(), Some(self.patient))?;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
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
            .title(format!(" Care team of {} ", self.name));
        let inner = block.inner(area);
        block.render(area, buf);
        if self.rows.is_empty() {
            Paragraph::new(vec![
                Line::raw(""),
                Line::raw(
                    " Nobody is assigned. n assigns a doctor, who may then read the history.",
                ),
            ])
            .render(inner, buf);
        } else {
            let rows = self.rows.iter().map(|a| {
                Row::new(vec![
                    Cell::from(a.doctor_name.clone()),
                    Cell::from(a.specialty.clone()),
                    Cell::from(a.assigned_at.format("%-d %b %Y").to_string()),
                ])
            });
            let table = Table::new(
                rows,
                [
                    Constraint::Fill(2),
                    Constraint::Fill(2),
                    Constraint::Length(12),
                ],
            )
            .header(Row::new(["Doctor", "Specialty", "Since"]).style(theme.heading))
            .row_highlight_style(theme.selected)
            .highlight_symbol("▸ ");
            let mut state = TableState::default().with_selected(Some(self.cursor));
            StatefulWidget::render(table, inner, buf, &mut state);
        }
        match &self.dialog {
            Some(Dialog::Assign(f)) => dialog::render(
                area,
                buf,
                theme,
                "Assign a doctor",
                vec![Line::styled(
                    "  ←/→ or the first letter of the name picks the doctor.",
                    theme.dim,
                )],
                Some(f),
                false,
            ),
            Some(Dialog::Remove(a)) => dialog::render(
                area,
                buf,
                theme,
                "Remove from the care team?",
                vec![Line::raw(format!(
                    "  {} will no longer be on {}'s care team.",
                    a.doctor_name, self.name
                ))],
                None,
                true,
            ),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixture;

    #[test]
    fn n_assigns_a_doctor_and_c_removes_after_a_confirmation() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let p = clinic
            .register_patient(
                &admin.actor,
                &crate::domain::PatientInput {
                    full_name: "Team Less".into(),
                    ..Default::default()
                },
                None,
            )
            .unwrap();
        let doctor = clinic.doctors(None).unwrap()[2].clone();
        let mut s = CareTeamScreen::new(p.id, p.full_name.clone());
        s.reload(&ctx).unwrap();
        assert!(s.rows().is_empty());
        s.update(&Action::New, &ctx);
        s.choose(doctor.id);
        s.update(&Action::Submit, &ctx);
        assert_eq!(s.rows().len(), 1);
        assert_eq!(s.rows()[0].doctor_id, doctor.id);
        s.update(&Action::Cancel, &ctx);
        s.update(&Action::Back, &ctx);
        assert_eq!(s.rows().len(), 1, "Esc keeps the assignment");
        s.update(&Action::Cancel, &ctx);
        s.update(&Action::Submit, &ctx);
        assert!(s.rows().is_empty());
        assert!(
            clinic
                .assignments(&admin.actor, Some(p.id))
                .unwrap()
                .is_empty()
        );
    }
}
