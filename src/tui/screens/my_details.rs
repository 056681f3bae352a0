//! A patient's own details: name, phone, e-mail, birth date, and how they want to hear from
//! the clinic (SPEC §11: by e-mail, by SMS, or not at all). `e` edits them in the patient
//! form; the library checks what is typed as it does for the front desk.

use super::patients::{F, own_form, read_form};
use crate::Result;
use crate::domain::time::fmt_date;
use crate::domain::{Contact, Patient, PatientInput};
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd};
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::layout::{centered, framed};
use crate::tui::widgets::text::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// The one thing the screen asks: the edited details.
#[derive(Debug, Clone)]
pub struct Edit;

pub struct MyDetailsScreen {
    me: Option<Patient>,
}

impl MyDetailsScreen {
    pub fn new() -> Dialogs<MyDetailsScreen> {
        Dialogs::new(MyDetailsScreen { me: None })
    }

    pub fn me(&self) -> Option<&Patient> {
        self.me.as_ref()
    }
}

/// How the patient hears from the clinic, in a sentence.
fn contact_sentence(p: &Patient) -> String {
    let how = match (p.contact, &p.email, &p.phone) {
        (Contact::Email, Some(e), _) => format!("by e-mail to {e}"),
        (Contact::Sms, _, Some(n)) => format!("by SMS to {n}"),
        _ => "no messages".to_string(),
    };
    match p.contact_chosen {
        Some(_) => format!("{how} (your choice)"),
        None if p.contact == Contact::None => {
            "no messages: add an e-mail address or a phone to get confirmations and reminders"
                .to_string()
        }
        None => format!("{how} (the default; e changes it)"),
    }
}

impl Asking for MyDetailsScreen {
    type Ask = Edit;
    type Field = F;

    fn title(&self) -> String {
        "My details".into()
    }

    fn commands(&self) -> Vec<Command> {
        vec![
            cmd(Action::Edit, "edit")
                .detail("change your name, phone, e-mail, birth date and how you get messages"),
        ]
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<Dialog<Edit, F>> {
        match action {
            Action::Edit => {
                let me = self.me.as_ref()?;
                Some(
                    Dialog::new(Edit, "My details", own_form(me))
                        .line("Messages: confirmations, changes and reminders of your visits."),
                )
            }
            _ => None,
        }
    }

    fn answer(&mut self, d: &Dialog<Edit, F>, ctx: &Ctx) -> Result<Reply<Edit, F>> {
        let Some(me) = &self.me else {
            return Ok(Outcome::None.into());
        };
        let input = PatientInput {
            // The front desk's notes are theirs: kept as they are.
            notes: me.notes.clone(),
            ..read_form(&d.form)
        };
        let saved = ctx.clinic.update_patient(&ctx.actor(), me.id, &input)?;
        Ok(Outcome::saved(format!("Saved. Messages: {}.", contact_sentence(&saved))).into())
    }

    fn update(&mut self, _: &Action, _: &Ctx) -> Outcome {
        Outcome::None
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let actor = ctx.actor();
        self.me = match actor.patient_id() {
            Some(id) => Some(ctx.clinic.patient(&actor, id)?),
            None => None,
        };
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        // As tall as the edit dialog that opens over it.
        let panel = centered(area, 72, 12);
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" My details ");
        let inner = framed(block, panel, buf);
        let Some(me) = &self.me else {
            return;
        };
        const LABEL: usize = 16;
        let room = (inner.width as usize).saturating_sub(LABEL + 1);
        let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
        let mut lines = vec![Line::raw("")];
        for (label, value) in [
            ("Name", me.full_name.clone()),
            ("Phone", or_none(&me.phone)),
            ("E-mail", or_none(&me.email)),
            (
                "Date of birth",
                me.dob.map(fmt_date).unwrap_or_else(|| "—".into()),
            ),
            ("Messages", contact_sentence(me)),
        ] {
            // A long value wraps under itself, not under its label.
            for (i, part) in wrap(&value, room).into_iter().enumerate() {
                let label = if i == 0 { label } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {label:<LABEL$}"), theme.heading),
                    Span::raw(part),
                ]));
            }
        }
        lines.push(Line::raw(""));
        let note =
            "The clinic confirms each booking and change, and reminds you before each visit.";
        lines.extend(
            wrap(note, inner.width.saturating_sub(2) as usize)
                .into_iter()
                .map(|l| Line::styled(format!(" {l}"), theme.dim)),
        );
        Paragraph::new(lines).render(inner, buf);
    }
}
