//! Importing patients or doctors from a CSV file (SPEC §13), from the desk's Patients or
//! Doctors (`I`): the file's path and what to do with duplicates; Enter checks the whole file
//! first (a dry run) and shows every line that would be refused, and only a clean file is
//! offered for import, which a second Enter confirms. The library does the checking.

use crate::Result;
use crate::domain::import::{ImportKind, ImportReport, LineError};
use crate::service::ImportOptions;
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::message::Message;
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::text::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};
use std::path::PathBuf;

/// The form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    Path,
    Duplicates,
}

/// What the confirmation is for: the checked file.
#[derive(Debug, Clone)]
pub struct Confirm {
    path: PathBuf,
    options: ImportOptions,
}

pub struct ImportScreen {
    kind: ImportKind,
    form: Form<F>,
    /// The last check of the file, shown below the form.
    report: Option<(PathBuf, ImportReport)>,
    /// What the last check refused, to say on the message line.
    refused: Option<Message>,
}

impl ImportScreen {
    pub fn new(kind: ImportKind) -> Dialogs<ImportScreen> {
        Dialogs::new(ImportScreen {
            kind,
            form: Form::new(vec![
                (
                    F::Path,
                    Field::filled("CSV file", "", "a path on this computer"),
                ),
                (
                    F::Duplicates,
                    Field::choice(
                        "Duplicates",
                        vec![
                            ("refuse the file".to_string(), String::new()),
                            ("leave them out".to_string(), "skip".to_string()),
                        ],
                    ),
                ),
            ]),
            report: None,
            refused: None,
        })
    }

    pub fn form_mut(&mut self) -> &mut Form<F> {
        &mut self.form
    }

    pub fn report(&self) -> Option<&ImportReport> {
        self.report.as_ref().map(|(_, r)| r)
    }

    fn path(&self) -> PathBuf {
        let typed = self.form.text(F::Path).trim().to_string();
        match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
            (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
            _ => PathBuf::from(typed),
        }
    }

    fn options(&self, dry_run: bool) -> ImportOptions {
        ImportOptions {
            dry_run,
            skip_duplicates: self.form.text(F::Duplicates) == "skip",
        }
    }

    /// Checks the whole file; a clean one is offered for import.
    fn check(&mut self, ctx: &Ctx) -> Option<Dialog<Confirm, F>> {
        if self.form.optional(F::Path).is_none() {
            self.refused = Some(Message::error("Type the path of the CSV file first."));
            return None;
        }
        let path = self.path();
        let checked = ctx
            .clinic
            .import_csv(&ctx.actor(), self.kind, &path, self.options(true));
        let report = match checked {
            Ok(r) => r,
            Err(e) => {
                self.report = None;
                self.refused = Some(Message::from(&e));
                return None;
            }
        };
        let refusal = report.refusal();
        self.report = Some((path.clone(), report.clone()));
        if let Some(e) = refusal {
            self.refused = Some(Message::from(&e));
            return None;
        }
        let noun = self.kind.noun();
        let mut d = Dialog::confirm(
            Confirm {
                path: path.clone(),
                options: self.options(false),
            },
            format!("Import {} {noun}?", report.imported),
        )
        .done("import them")
        .line(format!("From {}: every row was checked.", path.display()));
        d.danger = false;
        if report.skipped > 0 {
            d = d.line(format!(
                "{} already on file or earlier in the file will be left out.",
                report.skipped
            ));
        }
        Some(d)
    }
}

impl Asking for ImportScreen {
    type Ask = Confirm;
    type Field = F;

    fn title(&self) -> String {
        format!("Import {}", self.kind.noun())
    }

    fn mode(&self) -> Mode {
        Mode::TextEntry
    }

    fn commands(&self) -> Vec<Command> {
        self.form
            .commands_and_back("check the file", "back, importing nothing")
    }

    fn ask(&mut self, action: &Action, ctx: &Ctx) -> Option<Dialog<Confirm, F>> {
        (*action == Action::Submit && self.form.on_last())
            .then(|| self.check(ctx))
            .flatten()
    }

    fn answer(&mut self, d: &Dialog<Confirm, F>, ctx: &Ctx) -> Result<Reply<Confirm, F>> {
        let c = &d.purpose;
        let done = ctx
            .clinic
            .import_csv(&ctx.actor(), self.kind, &c.path, c.options)?;
        if let Some(e) = done.refusal() {
            // The file or the clinic changed since the check.
            return Err(e);
        }
        Ok(Outcome::Pop(
            1,
            Some(Message::info(format!(
                "Imported {} {} from {}{}.",
                done.imported,
                self.kind.noun(),
                c.path.display(),
                match done.skipped {
                    0 => String::new(),
                    n => format!("; left out {n} already on file"),
                }
            ))),
        )
        .into())
    }

    fn update(&mut self, action: &Action, _: &Ctx) -> Outcome {
        if let Some(m) = self.refused.take() {
            return Outcome::Message(m);
        }
        match (action, self.form.enter(action)) {
            (Action::Back, _) => Outcome::Pop(1, None),
            _ => Outcome::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.focus)
            .title(format!(" Import {} from a CSV file ", self.kind.noun()));
        let inner = framed(block, area, buf);
        let width = inner.width.saturating_sub(2) as usize;
        let form = self.form.render_padded(inner, buf, theme);
        let columns: Vec<String> = self
            .kind
            .columns()
            .iter()
            .map(|(c, required)| {
                if *required {
                    format!("{c} (required)")
                } else {
                    c.to_string()
                }
            })
            .collect();
        let below = Rect {
            y: form.bottom() + 1,
            height: inner.bottom().saturating_sub(form.bottom() + 1),
            ..form
        };
        let mut lines: Vec<Line> = wrap(
            &format!(
                "A header row names the columns, in any order: {}. UTF-8, with or without a BOM. All or nothing: Enter checks every row first.",
                columns.join(", ")
            ),
            width,
        )
        .into_iter()
        .map(|l| Line::styled(l, theme.dim))
        .collect();
        if let Some((path, r)) = &self.report {
            lines.push(Line::raw(""));
            let head = match r.refusal() {
                Some(e) => format!("{}: {}", path.display(), e.message()),
                None => format!(
                    "{}: {} to import, {} to leave out",
                    path.display(),
                    r.imported,
                    r.skipped
                ),
            };
            lines.extend(
                wrap(&head, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.heading)),
            );
            let listed: Vec<&LineError> = r.errors.iter().chain(&r.skipped_lines).collect();
            // What does not fit is counted, with where to see it all.
            let room = (below.height as usize).saturating_sub(1);
            for (i, e) in listed.iter().enumerate() {
                let wrapped = wrap(&format!("line {}: {}", e.line, e.message), width);
                if lines.len() + wrapped.len() > room && i + 1 < listed.len() {
                    let more = listed.len() - i;
                    lines.push(Line::styled(
                        format!(
                            "… and {more} more lines: clinic import {} FILE --dry-run lists them all",
                            self.kind.noun()
                        ),
                        theme.dim,
                    ));
                    break;
                }
                lines.extend(wrapped.into_iter().map(Line::raw));
            }
        }
        Paragraph::new(lines).render(below, buf);
    }
}
