//! The front desk's doctors: every doctor, inactive ones too. `n` registers one (with a
//! login or without), `e` edits specialty, fee and daily limits, `a` deactivates or
//! reactivates after a confirmation, `s` opens the doctor's schedule grid.

use super::schedule::ScheduleScreen;
use crate::domain::{Doctor, DoctorId, DoctorInput};
use crate::service::NewLogin;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog;
use crate::tui::widgets::field::TextField;
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::form::{Field, Form};
use crate::{Error, Result, Result as R};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

enum Dialog {
    /// Registering (`None`) or editing a doctor.
    Edit(Option<DoctorId>, Form),
    Active(Doctor),
}

pub struct DoctorsScreen {
    rows: Vec<Doctor>,
    cursor: usize,
    dialog: Option<Dialog>,
}

impl Default for DoctorsScreen {
    fn default() -> Self {
        Self::new()
    }
}

fn doctor_form(d: Option<&Doctor>) -> Form {
    let mut fields = vec![
        Field::Text(
            TextField::new("Full name")
                .with_value(d.map(|d| d.full_name.as_str()).unwrap_or("Dr. ")),
        ),
        Field::Text(
            TextField::new("Specialty").with_value(d.map(|d| d.specialty.as_str()).unwrap_or("")),
        ),
        Field::Text(
            TextField::new("Fee")
                .with_value(&d.map(|d| d.fee.to_string()).unwrap_or_default())
                .hint("whole number"),
        ),
        Field::Text(
            TextField::new("Max per day")
                .with_value(
                    &d.map(|d| d.max_per_day.to_string())
                        .unwrap_or_else(|| "12".into()),
                )
                .hint("appointments"),
        ),
        Field::Text(
            TextField::new("Max minutes")
                .with_value(
                    &d.map(|d| d.max_minutes.to_string())
                        .unwrap_or_else(|| "480".into()),
                )
                .hint("booked per day"),
        ),
        Field::Text(
            TextField::new("Description")
                .with_value(d.and_then(|d| d.description.as_deref()).unwrap_or(""))
                .hint("optional"),
        ),
    ];
    if d.is_none() {
        fields.push(Field::Text(
            TextField::new("Username").hint("optional: a login"),
        ));
        fields.push(Field::Text(
            TextField::masked("Password").hint("8+ characters"),
        ));
    }
    Form::new(fields)
}

fn number(form: &Form, i: usize, what: &str) -> R<Option<u32>> {
    match form.optional(i) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| Error::invalid(format!("the {what} is a whole number"))),
    }
}

fn read_form(form: &Form) -> R<(DoctorInput, Option<NewLogin>)> {
    let input = DoctorInput {
        full_name: form.value(0).trim().to_string(),
        specialty: form.value(1).trim().to_string(),
        fee: number(form, 2, "fee")?,
        max_per_day: number(form, 3, "max per day")?,
        max_minutes: number(form, 4, "max minutes")?,
        description: form.optional(5),
    };
    let login = form.optional(6).map(|username| NewLogin {
        username,
        password: form.value(7),
    });
    Ok((input, login))
}

impl DoctorsScreen {
    pub fn new() -> DoctorsScreen {
        DoctorsScreen {
            rows: Vec::new(),
            cursor: 0,
            dialog: None,
        }
    }

    pub fn rows(&self) -> &[Doctor] {
        &self.rows
    }

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.dialog {
            Some(Dialog::Edit(_, f)) => Some(f),
            _ => None,
        }
    }

    fn submit(&mut self, ctx: &Ctx) -> Outcome {
        let Some(dialog) = self.dialog.take() else {
            return Outcome::None;
        };
        let done = match &dialog {
            Dialog::Edit(id, form) => read_form(form).and_then(|(input, login)| match id {
                Some(id) => ctx
                    .clinic
                    .update_doctor(&ctx.actor(), *id, &input)
                    .map(|d| format!("Saved {}.", d.full_name)),
                None => ctx
                    .clinic
                    .register_doctor(&ctx.actor(), &input, login.as_ref())
                    .map(|d| format!("Registered {} (doctor {}).", d.full_name, d.id)),
            }),
            Dialog::Active(d) => ctx
                .clinic
                .set_doctor_active(&ctx.actor(), d.id, !d.active)
                .map(|d| {
                    if d.active {
                        format!("{} is active again.", d.full_name)
                    } else {
                        format!(
                            "{} is deactivated: their free slots are no longer offered.",
                            d.full_name
                        )
                    }
                }),
        };
        match done {
            Ok(text) => {
                let _ = self.reload(ctx);
                Outcome::info(text)
            }
            Err(e) => {
                if matches!(dialog, Dialog::Edit(..)) {
                    self.dialog = Some(dialog);
                }
                Outcome::error(&e)
            }
        }
    }
}

impl Screen for DoctorsScreen {
    fn title(&self) -> String {
        "Doctors".into()
    }

    fn mode(&self) -> Mode {
        if matches!(self.dialog, Some(Dialog::Edit(..))) {
            Mode::TextEntry
        } else {
            Mode::Navigate
        }
    }

    fn hints(&self) -> Vec<Hint> {
        match &self.dialog {
            Some(Dialog::Edit(..)) => vec![
                hint("Enter", "save"),
                hint("Tab", "next field"),
                hint("Esc", "cancel"),
            ],
            Some(Dialog::Active(_)) => vec![hint("Enter", "yes"), hint("Esc", "no")],
            None => vec![
                hint("s", "schedule"),
                hint("n", "new"),
                hint("e", "edit"),
                hint("a", "(de)activate"),
            ],
        }
    }

    fn help(&self) -> Vec<Hint> {
        vec![
            hint("↑↓ j k", "move"),
            hint(
                "s Enter",
                "the doctor's schedule grid (declare, remove, copy)",
            ),
            hint("n", "register a doctor, with a login or without"),
            hint("e", "edit name, specialty, fee, daily limits, description"),
            hint("a", "deactivate (or reactivate) after a confirmation"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if self.dialog.is_some() {
            return match (action, &mut self.dialog) {
                (Action::Back, _) => {
                    self.dialog = None;
                    Outcome::info("Nothing changed.")
                }
                (Action::Submit, _) => self.submit(ctx),
                (Action::Input(k), Some(Dialog::Edit(_, f))) => {
                    f.input(*k);
                    Outcome::None
                }
                (Action::NextField, Some(Dialog::Edit(_, f))) => {
                    f.next();
                    Outcome::None
                }
                (Action::PrevField, Some(Dialog::Edit(_, f))) => {
                    f.prev();
                    Outcome::None
                }
                _ => Outcome::None,
            };
        }
        let last = self.rows.len().saturating_sub(1);
        let selected = self.rows.get(self.cursor).cloned();
        match (action, selected) {
            (Action::Up, _) => self.cursor = self.cursor.saturating_sub(1),
            (Action::Down, _) => self.cursor = (self.cursor + 1).min(last),
            (Action::PageUp, _) => self.cursor = self.cursor.saturating_sub(10),
            (Action::PageDown, _) => self.cursor = (self.cursor + 10).min(last),
            (Action::First, _) => self.cursor = 0,
            (Action::Last, _) => self.cursor = last,
            (Action::New, _) => self.dialog = Some(Dialog::Edit(None, doctor_form(None))),
            (Action::Edit, Some(d)) => {
                self.dialog = Some(Dialog::Edit(Some(d.id), doctor_form(Some(&d))))
            }
            (Action::Archive, Some(d)) => self.dialog = Some(Dialog::Active(d)),
            (Action::Schedule | Action::Submit, Some(d)) => {
                return Outcome::Push(Box::new(ScheduleScreen::of(&d, ctx.now())));
            }
            _ => {}
        }
        Outcome::None
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        self.rows = ctx.clinic.all_doctors(&ctx.actor())?;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Doctors ")
            .title_bottom(Line::styled(
                format!(" {} doctors ", self.rows.len()),
                theme.dim,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let [table_area, detail] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
        if self.rows.is_empty() {
            Paragraph::new(" No doctors yet. n registers one.").render(table_area, buf);
        } else {
            let rows = self.rows.iter().map(|d| {
                Row::new(vec![
                    Cell::from(d.full_name.clone()),
                    Cell::from(d.specialty.clone()),
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
            let table = Table::new(
                rows,
                [
                    Constraint::Fill(3),
                    Constraint::Fill(2),
                    Constraint::Length(5),
                    Constraint::Length(5),
                    Constraint::Length(5),
                    Constraint::Length(8),
                ],
            )
            .header(
                Row::new(["Name", "Specialty", "  Fee", "/day", " min", "Status"])
                    .style(theme.heading),
            )
            .row_highlight_style(theme.selected)
            .highlight_symbol("▸ ");
            let mut state = TableState::default().with_selected(Some(self.cursor));
            StatefulWidget::render(table, table_area, buf, &mut state);
        }
        if let Some(d) = self.rows.get(self.cursor) {
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
        match &self.dialog {
            Some(Dialog::Edit(id, f)) => dialog::render(
                area,
                buf,
                theme,
                if id.is_some() {
                    "Edit doctor"
                } else {
                    "Register a doctor"
                },
                Vec::new(),
                Some(f),
                false,
            ),
            Some(Dialog::Active(d)) => dialog::render(
                area,
                buf,
                theme,
                if d.active {
                    "Deactivate doctor?"
                } else {
                    "Reactivate doctor?"
                },
                vec![
                    Line::raw(format!("  {} ({})", d.full_name, d.specialty)),
                    Line::raw(""),
                    Line::raw(if d.active {
                        "  Their free slots stop being offered; booked visits stay."
                    } else {
                        "  Their free slots are offered again."
                    }),
                    Line::styled("  Enter confirms, Esc keeps things as they are.", theme.dim),
                ],
                None,
                d.active,
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
    fn register_edit_and_deactivate_a_doctor() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let mut s = DoctorsScreen::new();
        s.reload(&ctx).unwrap();
        let before = s.rows().len();
        s.update(&Action::New, &ctx);
        let f = s.form_mut().unwrap();
        f.set_text(0, "Dr. Ines Neu");
        f.set_text(1, "Cardiology");
        f.set_text(2, "95");
        match s.update(&Action::Submit, &ctx) {
            Outcome::Message(m) => {
                assert!(m.text.starts_with("Registered Dr. Ines Neu"), "{}", m.text)
            }
            _ => panic!("expected a confirmation"),
        }
        assert_eq!(s.rows().len(), before + 1);
        let i = s
            .rows()
            .iter()
            .position(|d| d.full_name == "Dr. Ines Neu")
            .unwrap();
        for _ in 0..i {
            s.update(&Action::Down, &ctx);
        }
        s.update(&Action::Edit, &ctx);
        s.form_mut().unwrap().set_text(3, "8");
        s.form_mut().unwrap().set_text(2, "lots");
        assert!(
            matches!(s.update(&Action::Submit, &ctx), Outcome::Message(m) if m.text.contains("whole number"))
        );
        s.form_mut().unwrap().set_text(2, "120");
        s.update(&Action::Submit, &ctx);
        let d = s.rows()[i].clone();
        assert_eq!((d.fee, d.max_per_day), (120, 8));
        s.update(&Action::Archive, &ctx);
        s.update(&Action::Submit, &ctx);
        assert!(!clinic.doctor(d.id).unwrap().active);
        match s.update(&Action::Schedule, &ctx) {
            Outcome::Push(next) => assert_eq!(next.title(), "Schedule"),
            _ => panic!("expected the schedule"),
        }
    }
}
