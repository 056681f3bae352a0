//! The front desk's patients: search as you type by name or phone (paged from SQL),
//! register a walk-in, edit, archive or restore, history, care team, and book for the
//! selected patient. The same screen opens "Book for a patient": Enter then goes straight
//! to the free slots for the picked (or just registered) patient.

use super::care_team::CareTeamScreen;
use super::find_slots::{FindSlots, Purpose};
use super::history::HistoryScreen;
use crate::Result;
use crate::domain::time::fmt_date;
use crate::domain::{Patient, PatientId, PatientInput};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog;
use crate::tui::widgets::field::TextField;
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::list::Paged;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

/// What picking a patient is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatientsPurpose {
    /// Looking after records.
    Manage,
    /// Booking: Enter opens the free slots for the patient.
    Book,
}

enum Dialog {
    /// Registering (`None`) or editing a patient.
    Edit(Option<PatientId>, Form),
    /// "Archive (or restore) this patient?"
    Archive(Patient),
}

pub struct PatientsScreen {
    purpose: PatientsPurpose,
    search: TextField,
    /// Typing goes to the search field.
    searching: bool,
    list: Paged<Patient>,
    archived: bool,
    dialog: Option<Dialog>,
}

fn patient_form(p: Option<&Patient>) -> Form {
    let v = |f: fn(&Patient) -> Option<String>| p.and_then(f).unwrap_or_default();
    Form::new(vec![
        Field::Text(TextField::new("Full name").with_value(&v(|p| Some(p.full_name.clone())))),
        Field::Text(
            TextField::new("Phone")
                .with_value(&v(|p| p.phone.clone()))
                .hint("optional"),
        ),
        Field::Text(
            TextField::new("Email")
                .with_value(&v(|p| p.email.clone()))
                .hint("optional"),
        ),
        Field::Text(
            TextField::new("Date of birth")
                .with_value(&v(|p| p.dob.map(fmt_date)))
                .hint("YYYY-MM-DD, optional"),
        ),
        Field::Text(
            TextField::new("Gender")
                .with_value(&v(|p| p.gender.clone()))
                .hint("optional"),
        ),
        Field::Text(
            TextField::new("Notes")
                .with_value(&v(|p| p.notes.clone()))
                .hint("optional"),
        ),
    ])
}

fn read_form(f: &Form) -> PatientInput {
    PatientInput {
        full_name: f.value(0).trim().to_string(),
        phone: f.optional(1),
        email: f.optional(2),
        dob: f.optional(3),
        gender: f.optional(4),
        notes: f.optional(5),
    }
}

impl PatientsScreen {
    pub fn new(purpose: PatientsPurpose) -> PatientsScreen {
        let mut search = TextField::new("Search").hint("name or phone");
        search.set_focus(true);
        PatientsScreen {
            purpose,
            search,
            searching: true,
            list: Paged::default(),
            archived: false,
            dialog: None,
        }
    }

    pub fn list(&self) -> &Paged<Patient> {
        &self.list
    }

    pub fn is_searching(&self) -> bool {
        self.searching
    }

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.dialog {
            Some(Dialog::Edit(_, f)) => Some(f),
            _ => None,
        }
    }

    fn set_searching(&mut self, on: bool) {
        self.searching = on;
        self.search.set_focus(on);
    }

    fn book_for(&self, p: &Patient, ctx: &Ctx) -> Outcome {
        Outcome::Push(Box::new(FindSlots::new(
            ctx.now().date(),
            Purpose::BookFor(p.id, p.full_name.clone()),
        )))
    }

    fn submit_dialog(&mut self, ctx: &Ctx) -> Outcome {
        let Some(dialog) = self.dialog.take() else {
            return Outcome::None;
        };
        match &dialog {
            Dialog::Edit(id, form) => {
                let input = read_form(form);
                let done = match id {
                    Some(id) => ctx.clinic.update_patient(&ctx.actor(), *id, &input),
                    None => ctx.clinic.register_patient(&ctx.actor(), &input, None),
                };
                match done {
                    Ok(p) => {
                        // Show the patient: search for them.
                        self.search.set_value(&p.full_name);
                        self.list.reset();
                        let _ = self.reload(ctx);
                        if id.is_none() && self.purpose == PatientsPurpose::Book {
                            return self.book_for(&p, ctx);
                        }
                        let verb = if id.is_some() { "Saved" } else { "Registered" };
                        Outcome::info(format!("{verb} {} (patient {}).", p.full_name, p.id))
                    }
                    Err(e) => {
                        self.dialog = Some(dialog);
                        Outcome::error(&e)
                    }
                }
            }
            Dialog::Archive(p) => {
                match ctx
                    .clinic
                    .set_patient_archived(&ctx.actor(), p.id, !p.archived)
                {
                    Ok(p) => {
                        let _ = self.reload(ctx);
                        Outcome::info(if p.archived {
                            format!(
                                "Archived {}: kept for history, hidden from lists.",
                                p.full_name
                            )
                        } else {
                            format!("Restored {}.", p.full_name)
                        })
                    }
                    Err(e) => Outcome::error(&e),
                }
            }
        }
    }

    fn update_dialog(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match (&mut self.dialog, action) {
            (_, Action::Back) => {
                self.dialog = None;
                Outcome::info("Nothing changed.")
            }
            (_, Action::Submit) => self.submit_dialog(ctx),
            (Some(Dialog::Edit(_, f)), Action::Input(key)) => {
                f.input(*key);
                Outcome::None
            }
            (Some(Dialog::Edit(_, f)), Action::NextField) => {
                f.next();
                Outcome::None
            }
            (Some(Dialog::Edit(_, f)), Action::PrevField) => {
                f.prev();
                Outcome::None
            }
            _ => Outcome::None,
        }
    }

    fn update_search(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Input(key) => {
                self.search.input(*key);
                self.list.reset();
                Outcome::from(self.reload(ctx).map(|_| Outcome::None))
            }
            Action::Submit
                if self.list.rows.len() == 1 && self.purpose == PatientsPurpose::Book =>
            {
                let p = self.list.rows[0].clone();
                self.set_searching(false);
                self.book_for(&p, ctx)
            }
            Action::Submit | Action::NextField | Action::Back => {
                self.set_searching(false);
                Outcome::None
            }
            _ => Outcome::None,
        }
    }
}

impl Screen for PatientsScreen {
    fn title(&self) -> String {
        match self.purpose {
            PatientsPurpose::Manage => "Patients".into(),
            PatientsPurpose::Book => "Book for a patient".into(),
        }
    }

    fn mode(&self) -> Mode {
        match &self.dialog {
            Some(Dialog::Edit(..)) => Mode::TextEntry,
            Some(Dialog::Archive(_)) => Mode::Navigate,
            None if self.searching => Mode::TextEntry,
            None => Mode::Navigate,
        }
    }

    fn hints(&self) -> Vec<Hint> {
        match &self.dialog {
            Some(Dialog::Edit(..)) => {
                return vec![
                    hint("Enter", "save"),
                    hint("Tab", "next field"),
                    hint("Esc", "cancel"),
                ];
            }
            Some(Dialog::Archive(_)) => return vec![hint("Enter", "yes"), hint("Esc", "no")],
            None => {}
        }
        if self.searching {
            return vec![hint("type", "search"), hint("Enter/↓", "to the list")];
        }
        let mut h = match self.purpose {
            PatientsPurpose::Book => vec![hint("Enter", "find a slot")],
            PatientsPurpose::Manage => vec![hint("Enter", "history"), hint("b", "book")],
        };
        h.extend([
            hint("/", "search"),
            hint("n", "new"),
            hint("e", "edit"),
            hint("t", "team"),
            hint("a", "archive"),
        ]);
        h
    }

    fn help(&self) -> Vec<Hint> {
        vec![
            hint(
                "/",
                "search by name or phone (the list follows as you type)",
            ),
            hint("Enter ↓", "from the search to the list"),
            hint("↑↓ j k", "move; PgUp PgDn page"),
            hint(
                "Enter",
                match self.purpose {
                    PatientsPurpose::Book => "find a slot for the patient, hold it, confirm",
                    PatientsPurpose::Manage => "the patient's history",
                },
            ),
            hint("b", "book for the patient"),
            hint("n", "register a patient (a walk-in needs no login)"),
            hint("e", "edit the patient's details"),
            hint("H", "history"),
            hint("t", "care team: assign or remove doctors"),
            hint("a", "archive (or restore) after a confirmation"),
            hint("Tab", "show archived patients too, or not"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if self.dialog.is_some() {
            return self.update_dialog(action, ctx);
        }
        if self.searching {
            return self.update_search(action, ctx);
        }
        let selected = self.list.selected().cloned();
        match (action, selected) {
            (Action::Filter, _) => {
                self.set_searching(true);
                Outcome::None
            }
            (Action::Up, _) if self.list.cursor == 0 && self.list.offset == 0 => {
                self.set_searching(true);
                Outcome::None
            }
            (Action::New, _) => {
                let mut form = patient_form(None);
                let typed = self.search.value().trim().to_string();
                // What was searched for goes where it belongs: a phone number or a name.
                let phone = !typed.is_empty()
                    && typed
                        .chars()
                        .all(|c| c.is_ascii_digit() || " +-()".contains(c));
                form.set_text(usize::from(phone), &typed);
                self.dialog = Some(Dialog::Edit(None, form));
                Outcome::None
            }
            (Action::NextField | Action::PrevField, _) => {
                self.archived = !self.archived;
                self.list.reset();
                let text = if self.archived {
                    "Archived patients are shown too."
                } else {
                    "Archived patients are hidden."
                };
                match self.reload(ctx) {
                    Ok(()) => Outcome::info(text),
                    Err(e) => Outcome::error(&e),
                }
            }
            (Action::Submit, Some(p)) if self.purpose == PatientsPurpose::Book => {
                self.book_for(&p, ctx)
            }
            (Action::Book, Some(p)) => self.book_for(&p, ctx),
            (Action::Submit | Action::History, Some(p)) => {
                Outcome::Push(Box::new(HistoryScreen::new(p.id, p.full_name.clone())))
            }
            (Action::Edit, Some(p)) => {
                self.dialog = Some(Dialog::Edit(Some(p.id), patient_form(Some(&p))));
                Outcome::None
            }
            (Action::Archive, Some(p)) => {
                self.dialog = Some(Dialog::Archive(p));
                Outcome::None
            }
            (Action::CareTeam, Some(p)) => {
                Outcome::Push(Box::new(CareTeamScreen::new(p.id, p.full_name.clone())))
            }
            (a, _) => {
                if self.list.step(a) {
                    return Outcome::from(self.reload(ctx).map(|_| Outcome::None));
                }
                Outcome::None
            }
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let text = self.search.value();
        let rows = ctx.clinic.patients(
            &ctx.actor(),
            Some(text.as_str()),
            self.archived,
            Paged::<Patient>::fetch_limit(),
            self.list.offset,
        )?;
        self.list.set_rows(rows);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let title = match self.purpose {
            PatientsPurpose::Manage => " Patients ".to_string(),
            PatientsPurpose::Book => " Book for a patient: pick or register the patient ".into(),
        };
        let block = Block::bordered()
            .border_style(theme.border)
            .title(title)
            .title_bottom(Line::styled(
                format!(
                    " {}{} ",
                    self.list.range_text("patients"),
                    if self.archived {
                        " · archived shown"
                    } else {
                        ""
                    }
                ),
                theme.dim,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let [search_area, table_area] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        let label_style = if self.searching && self.dialog.is_none() {
            theme.focus
        } else {
            theme.heading
        };
        Line::from(vec![
            Span::styled(if self.searching { "▸ " } else { "  " }, theme.focus),
            Span::styled("Search: ", label_style),
        ])
        .render(
            Rect {
                height: 1,
                ..search_area
            },
            buf,
        );
        self.search.render_value(
            Rect {
                x: search_area.x + 10,
                width: search_area.width.saturating_sub(10),
                height: 1,
                ..search_area
            },
            buf,
            theme,
        );
        if self.list.rows.is_empty() {
            Paragraph::new(vec![
                Line::raw(""),
                Line::raw(" No patient matches. n registers a new one (a walk-in needs no login)."),
            ])
            .render(table_area, buf);
        } else {
            let rows = self.list.rows.iter().map(|p| {
                let style = if p.archived {
                    theme.dim
                } else {
                    ratatui::style::Style::default()
                };
                Row::new(vec![
                    Cell::from(p.id.to_string()),
                    Cell::from(if p.archived {
                        format!("{} (archived)", p.full_name)
                    } else {
                        p.full_name.clone()
                    }),
                    Cell::from(p.phone.clone().unwrap_or_default()),
                    Cell::from(p.dob.map(fmt_date).unwrap_or_default()),
                    Cell::from(if p.account.is_some() {
                        "login"
                    } else {
                        "walk-in"
                    }),
                ])
                .style(style)
            });
            let table = Table::new(
                rows,
                [
                    Constraint::Length(5),
                    Constraint::Fill(3),
                    Constraint::Length(16),
                    Constraint::Length(10),
                    Constraint::Length(7),
                ],
            )
            .header(Row::new(["Id", "Name", "Phone", "Born", "Account"]).style(theme.heading))
            .row_highlight_style(theme.selected)
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
            .highlight_symbol("▸ ");
            let mut state =
                TableState::default().with_selected((!self.searching).then_some(self.list.cursor));
            StatefulWidget::render(table, table_area, buf, &mut state);
        }
        match &self.dialog {
            Some(Dialog::Edit(id, form)) => dialog::render(
                area,
                buf,
                theme,
                if id.is_some() {
                    "Edit patient"
                } else {
                    "Register a patient"
                },
                if id.is_some() {
                    Vec::new()
                } else {
                    vec![Line::styled(
                        "  A walk-in: no login needed. Only the name is required.",
                        theme.dim,
                    )]
                },
                Some(form),
                false,
            ),
            Some(Dialog::Archive(p)) => dialog::render(
                area,
                buf,
                theme,
                if p.archived {
                    "Restore patient?"
                } else {
                    "Archive patient?"
                },
                vec![
                    Line::from(vec![
                        Span::styled("  ", theme.heading),
                        Span::styled(p.full_name.clone(), theme.heading),
                        Span::raw(format!("  {}", p.phone.as_deref().unwrap_or(""))),
                    ]),
                    Line::raw(""),
                    Line::raw(if p.archived {
                        "  Restored patients show in lists and can book again."
                    } else {
                        "  Archived patients keep their history but are hidden and cannot book."
                    }),
                    Line::styled("  Enter confirms, Esc keeps things as they are.", theme.dim),
                ],
                None,
                !p.archived,
            ),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixture;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn typed(s: &mut PatientsScreen, text: &str, ctx: &Ctx) {
        for c in text.chars() {
            let k = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            s.update(&Action::Input(k), ctx);
        }
    }

    #[test]
    fn the_list_follows_the_search_as_it_is_typed() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let mut s = PatientsScreen::new(PatientsPurpose::Manage);
        s.reload(&ctx).unwrap();
        assert_eq!(s.mode(), Mode::TextEntry);
        let all = s.list().rows.len();
        typed(&mut s, "sil", &ctx);
        let rows = &s.list().rows;
        assert!(!rows.is_empty() && rows.len() < all);
        assert!(
            rows.iter()
                .all(|p| p.full_name.to_lowercase().contains("sil"))
        );
        s.update(&Action::NextField, &ctx);
        assert!(!s.is_searching());
        assert_eq!(s.mode(), Mode::Navigate);
        s.update(&Action::Filter, &ctx);
        assert!(s.is_searching());
    }

    #[test]
    fn n_registers_a_walk_in_and_e_edits_and_a_archives_after_a_confirmation() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let mut s = PatientsScreen::new(PatientsPurpose::Manage);
        s.reload(&ctx).unwrap();
        s.update(&Action::Back, &ctx);
        s.update(&Action::New, &ctx);
        let f = s.form_mut().unwrap();
        f.set_text(0, "Wanda Walkin");
        f.set_text(1, "+44 7700 000001");
        match s.update(&Action::Submit, &ctx) {
            Outcome::Message(m) => assert!(m.text.starts_with("Registered Wanda"), "{}", m.text),
            _ => panic!("expected a confirmation"),
        }
        let p = s.list().selected().unwrap().clone();
        assert_eq!(p.full_name, "Wanda Walkin");
        assert_eq!(p.account, None);
        s.update(&Action::Edit, &ctx);
        s.form_mut().unwrap().set_text(2, "wanda@example.org");
        s.update(&Action::Submit, &ctx);
        assert_eq!(
            clinic.patient(&admin.actor, p.id).unwrap().email.as_deref(),
            Some("wanda@example.org")
        );
        s.update(&Action::Archive, &ctx);
        assert_eq!(s.mode(), Mode::Navigate);
        s.update(&Action::Back, &ctx);
        assert!(
            !clinic.patient(&admin.actor, p.id).unwrap().archived,
            "Esc keeps"
        );
        s.update(&Action::Archive, &ctx);
        s.update(&Action::Submit, &ctx);
        assert!(clinic.patient(&admin.actor, p.id).unwrap().archived);
        assert!(s.list().rows.is_empty(), "archived patients are hidden");
    }

    #[test]
    fn a_bad_date_of_birth_keeps_the_form_with_the_library_sentence() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let mut s = PatientsScreen::new(PatientsPurpose::Book);
        s.reload(&ctx).unwrap();
        s.update(&Action::Back, &ctx);
        s.update(&Action::New, &ctx);
        let f = s.form_mut().unwrap();
        f.set_text(0, "Bad Date");
        f.set_text(3, "31/02/1990");
        assert!(matches!(
            s.update(&Action::Submit, &ctx),
            Outcome::Message(_)
        ));
        assert!(s.form_mut().is_some());
    }

    #[test]
    fn book_purpose_enter_opens_the_free_slots_for_the_patient() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let mut s = PatientsScreen::new(PatientsPurpose::Book);
        s.reload(&ctx).unwrap();
        s.update(&Action::Submit, &ctx);
        match s.update(&Action::Submit, &ctx) {
            Outcome::Push(next) => assert_eq!(next.title(), "Book for a patient"),
            _ => panic!("expected the slot finder"),
        }
        match s.update(&Action::History, &ctx) {
            Outcome::Push(next) => assert_eq!(next.title(), "History"),
            _ => panic!("expected the history"),
        }
        match s.update(&Action::CareTeam, &ctx) {
            Outcome::Push(next) => assert_eq!(next.title(), "Care team"),
            _ => panic!("expected the care team"),
        }
    }
}
