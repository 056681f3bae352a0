//! The front desk's patients: `/` searches by name or phone (any case, any accents; the
//! list follows as you type, paged from SQL), `n` registers a walk-in (after a warning if
//! someone with that name and birth date or e-mail is on file), `e` edits, `a` archives or
//! restores, `H` history, `t` care team, `b` books for the selected patient. The same screen
//! opens "Book for a patient": Enter then goes straight to the free slots for the picked (or
//! just registered) patient.

use super::care_team::CareTeamScreen;
use super::find_slots::{FindSlots, Purpose};
use super::history::HistoryScreen;
use super::import::ImportScreen;
use crate::Result;
use crate::domain::import::ImportKind;
use crate::domain::time::fmt_date;
use crate::domain::{Contact, Patient, PatientId, PatientInput};
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::keymap::Mode;
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use crate::tui::widgets::search::{SearchBar, SearchStep};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Row};

/// What picking a patient is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatientsPurpose {
    /// Looking after records.
    Manage,
    /// Booking: Enter opens the free slots for the patient.
    Book,
}

/// The patient form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    FullName,
    Phone,
    Email,
    Contact,
    Dob,
    Gender,
    Notes,
}

/// What the dialog is for.
#[derive(Debug, Clone)]
pub enum Ask {
    /// Registering (`None`) or editing a patient.
    Edit(Option<PatientId>),
    /// "Someone like this is on file: register anyway?"
    Duplicate(PatientInput),
    /// Archiving or restoring.
    Archive(Patient),
}

pub struct PatientsScreen {
    purpose: PatientsPurpose,
    search: SearchBar,
    list: List<Patient>,
    archived: bool,
}

/// The desk's patient form, filled with `p` (empty for a new patient).
pub fn patient_form(p: Option<&Patient>) -> Form<F> {
    let mut fields = own_fields(p);
    let notes = p.and_then(|p| p.notes.clone()).unwrap_or_default();
    fields.push((F::Notes, Field::filled("Notes", &notes, "optional")));
    Form::new(fields)
}

/// The fields a patient keeps themself (the desk's notes are not among them).
pub fn own_form(p: &Patient) -> Form<F> {
    Form::new(own_fields(Some(p)))
}

fn own_fields(p: Option<&Patient>) -> Vec<(F, Field)> {
    let v = |f: fn(&Patient) -> Option<String>| p.and_then(f).unwrap_or_default();
    vec![
        (
            F::FullName,
            Field::filled("Full name", &v(|p| Some(p.full_name.clone())), ""),
        ),
        (
            F::Phone,
            Field::filled("Phone", &v(|p| p.phone.clone()), "optional"),
        ),
        (
            F::Email,
            Field::filled("Email", &v(|p| p.email.clone()), "optional"),
        ),
        (F::Contact, contact_field(p.and_then(|p| p.contact_chosen))),
        (
            F::Dob,
            Field::filled(
                "Date of birth",
                &v(|p| p.dob.map(fmt_date)),
                "YYYY-MM-DD, optional",
            ),
        ),
        (
            F::Gender,
            Field::filled("Gender", &v(|p| p.gender.clone()), "optional"),
        ),
    ]
}

/// What the patient form says, as input for the library.
pub fn read_form(f: &Form<F>) -> PatientInput {
    PatientInput {
        full_name: f.text(F::FullName).trim().to_string(),
        phone: f.optional(F::Phone),
        email: f.optional(F::Email),
        dob: f.optional(F::Dob),
        gender: f.optional(F::Gender),
        notes: f.optional(F::Notes),
        contact: f.optional(F::Contact),
    }
}

/// How the patient wants messages: their choice, or automatic (e-mail, else SMS).
pub fn contact_field(chosen: Option<Contact>) -> Field {
    let mut options = vec![("automatic: e-mail, else SMS".to_string(), String::new())];
    options.extend(
        Contact::ALL
            .iter()
            .map(|c| (c.words().to_string(), c.as_str().to_string())),
    );
    let mut field = Field::choice("Messages", options);
    if let (Some(c), Field::Choice(choice)) = (chosen, &mut field) {
        choice.select(&c.as_str().to_string());
    }
    field
}

impl PatientsScreen {
    pub fn new(purpose: PatientsPurpose) -> Dialogs<PatientsScreen> {
        Dialogs::new(PatientsScreen {
            purpose,
            search: SearchBar::new("Search", "name or phone"),
            list: List::new(
                vec![
                    col("Id", Constraint::Length(5)),
                    col("Name", Constraint::Fill(3)),
                    col("Phone", Constraint::Length(16)),
                    col("Born", Constraint::Length(10)),
                    col("Account", Constraint::Length(7)),
                ],
                "No patient matches. n registers a new one (a walk-in needs no login).",
            ),
            archived: false,
        })
    }

    pub fn list(&self) -> &List<Patient> {
        &self.list
    }

    pub fn is_searching(&self) -> bool {
        self.search.is_active()
    }

    fn book_for(&self, p: &Patient, ctx: &Ctx) -> Outcome {
        Outcome::Push(Box::new(FindSlots::new(
            ctx.now().date(),
            Purpose::BookFor(p.id, p.full_name.clone()),
        )))
    }

    fn register(&mut self, input: &PatientInput, ctx: &Ctx) -> Result<Reply<Ask, F>> {
        let p = ctx.clinic.register_patient(&ctx.actor(), input, None)?;
        // Show the patient: search for them.
        self.search.set_text(&p.full_name);
        self.list.reset();
        self.reload(ctx)?;
        self.list.select(p.id.0);
        if self.purpose == PatientsPurpose::Book {
            return Ok(self.book_for(&p, ctx).into());
        }
        Ok(Outcome::info(format!("Registered {}.", p.full_name)).into())
    }

    fn new_patient(&self) -> Dialog<Ask, F> {
        let mut form = patient_form(None);
        let typed = self.search.text().trim().to_string();
        // What was searched for goes where it belongs: a phone number or a name.
        let phone = !typed.is_empty()
            && typed
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()".contains(c));
        form.set_text(if phone { F::Phone } else { F::FullName }, &typed);
        Dialog::new(Ask::Edit(None), "Register a patient", form)
            .line("A walk-in: no login needed. Only the name is required.")
    }
}

impl Asking for PatientsScreen {
    type Ask = Ask;
    type Field = F;

    fn title(&self) -> String {
        match self.purpose {
            PatientsPurpose::Manage => "Patients".into(),
            PatientsPurpose::Book => "Book for a patient".into(),
        }
    }

    fn mode(&self) -> Mode {
        self.search.mode()
    }

    fn commands(&self) -> Vec<Command> {
        if self.search.is_active() {
            return vec![cmd(Action::Submit, "to the list")];
        }
        let mut list = match self.purpose {
            PatientsPurpose::Book => vec![
                cmd(Action::Submit, "find a slot")
                    .detail("find a slot for the patient, hold it, confirm"),
            ],
            PatientsPurpose::Manage => vec![
                cmd(Action::Submit, "history"),
                cmd(Action::Book, "book for the patient"),
            ],
        };
        list.extend([
            cmd(Action::Filter, "search").detail("search by name or phone (any case, any accents)"),
            cmd(Action::New, "new").detail("register a patient (a walk-in needs no login)"),
            cmd(Action::Edit, "edit"),
            cmd(Action::CareTeam, "team").detail("care team: assign or remove doctors"),
            cmd(Action::Archive, "archive").detail("archive or restore, after a confirmation"),
            cmd(Action::History, "history").help_only(),
            cmd(Action::NextField, "show archived patients too, or not").help_only(),
        ]);
        if self.purpose == PatientsPurpose::Manage {
            list.push(
                cmd(Action::Import, "import")
                    .detail("import patients from a CSV file, checked first"),
            );
        }
        list.extend(list_moves());
        list
    }

    fn answer(&mut self, d: &Dialog<Ask, F>, ctx: &Ctx) -> Result<Reply<Ask, F>> {
        match &d.purpose {
            Ask::Edit(Some(id)) => {
                let p = ctx
                    .clinic
                    .update_patient(&ctx.actor(), *id, &read_form(&d.form))?;
                Ok(Outcome::saved(format!("Saved {}.", p.full_name)).into())
            }
            Ask::Edit(None) => {
                let input = read_form(&d.form);
                let twins = ctx.clinic.possible_duplicates(&ctx.actor(), &input)?;
                let Some(twin) = twins.first() else {
                    return self.register(&input, ctx);
                };
                let mut ask = Dialog::confirm(Ask::Duplicate(input), "Already on file?")
                    .line(format!(
                        "{}{}{} is registered already{}.",
                        twin.full_name,
                        twin.dob
                            .map(|d| format!(", born {}", fmt_date(d)))
                            .unwrap_or_default(),
                        twin.email
                            .as_ref()
                            .map(|e| format!(", {e}"))
                            .unwrap_or_default(),
                        if twin.archived { " (archived)" } else { "" }
                    ))
                    .line("Enter registers a second record anyway; Esc goes back to the list.");
                ask.danger = false;
                // The next Enter confirms; the form typed so far travels with the question.
                Ok(Reply::Ask(ask))
            }
            Ask::Duplicate(input) => self.register(input, ctx),
            Ask::Archive(p) => {
                let p = ctx
                    .clinic
                    .set_patient_archived(&ctx.actor(), p.id, !p.archived)?;
                Ok(Outcome::saved(if p.archived {
                    format!(
                        "Archived {}: kept for history, hidden from lists.",
                        p.full_name
                    )
                } else {
                    format!("Restored {}.", p.full_name)
                })
                .into())
            }
        }
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<Dialog<Ask, F>> {
        if self.search.is_active() {
            return None;
        }
        match (action, self.list.selected()) {
            (Action::New, _) => Some(self.new_patient()),
            (Action::Edit, Some(p)) => Some(Dialog::new(
                Ask::Edit(Some(p.id)),
                "Edit patient",
                patient_form(Some(p)),
            )),
            (Action::Archive, Some(p)) => {
                let (title, line) = if p.archived {
                    (
                        "Restore patient?",
                        "Restored patients show in lists and can book again.",
                    )
                } else {
                    (
                        "Archive patient?",
                        "Archived patients keep their history but are hidden, cannot book and cannot sign in.",
                    )
                };
                let mut d = Dialog::confirm(Ask::Archive(p.clone()), title)
                    .line(format!(
                        "{}  {}",
                        p.full_name,
                        p.phone.as_deref().unwrap_or("")
                    ))
                    .line(line);
                d.danger = !p.archived;
                Some(d)
            }
            _ => None,
        }
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if self.search.is_active() {
            return match self.search.update(action) {
                SearchStep::Changed => {
                    self.list.reset();
                    Outcome::from(self.reload(ctx).map(|_| Outcome::None))
                }
                SearchStep::Left if *action == Action::Submit => {
                    // A search down to one patient: Enter books for them at once.
                    match (self.purpose, self.list.rows()) {
                        (PatientsPurpose::Book, [only]) => self.book_for(&only.clone(), ctx),
                        _ => Outcome::None,
                    }
                }
                _ => Outcome::None,
            };
        }
        let selected = self.list.selected().cloned();
        match (action, selected) {
            (Action::Filter, _) => {
                self.search.set_active(true);
                Outcome::None
            }
            (Action::Up, _) if self.list.at_top() => {
                self.search.set_active(true);
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
                Outcome::from(self.reload(ctx).map(|_| Outcome::info(text)))
            }
            (Action::Submit, Some(p)) if self.purpose == PatientsPurpose::Book => {
                self.book_for(&p, ctx)
            }
            (Action::Book, Some(p)) => self.book_for(&p, ctx),
            (Action::Submit | Action::History, Some(p)) => {
                Outcome::Push(Box::new(HistoryScreen::new(p.id, p.full_name.clone())))
            }
            (Action::CareTeam, Some(p)) => {
                Outcome::Push(Box::new(CareTeamScreen::new(p.id, p.full_name.clone())))
            }
            (Action::Import, _) if self.purpose == PatientsPurpose::Manage => {
                Outcome::Push(Box::new(ImportScreen::new(ImportKind::Patients)))
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
        let text = self.search.text();
        let rows = ctx.clinic.patients(
            &ctx.actor(),
            Some(text.as_str()),
            self.archived,
            List::<Patient>::fetch_limit(),
            self.list.offset(),
        )?;
        self.list.set_rows(rows);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let title = match self.purpose {
            PatientsPurpose::Manage => " Patients ",
            PatientsPurpose::Book => " Book for a patient: pick or register the patient ",
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
        let inner = framed(block, area, buf);
        let table = self.search.render_above(inner, buf, theme);
        self.list
            .render(table, buf, theme, !self.search.is_active(), |p| {
                let name = if p.archived {
                    format!("{} (archived)", p.full_name)
                } else {
                    p.full_name.clone()
                };
                Row::new(vec![
                    Cell::from(p.id.to_string()),
                    Cell::from(name),
                    Cell::from(p.phone.as_deref().unwrap_or_default()),
                    Cell::from(p.dob.map(fmt_date).unwrap_or_default()),
                    Cell::from(if p.account.is_some() {
                        "login"
                    } else {
                        "walk-in"
                    }),
                ])
                .style(if p.archived {
                    theme.dim
                } else {
                    ratatui::style::Style::default()
                })
            });
    }
}
