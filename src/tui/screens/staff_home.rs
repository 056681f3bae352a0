//! The doctor's and the admin's home until their own screens land (issue 5): who is signed
//! in, what is coming, and how to do it meanwhile with the CLI.

use crate::domain::Role;
use crate::tui::action::Action;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::footer::Hint;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Padding, Paragraph, Widget, Wrap};

pub struct StaffHome {
    role: Role,
    name: String,
    username: String,
    today: String,
}

impl StaffHome {
    pub fn new(ctx: &Ctx) -> StaffHome {
        let (role, name, username) = match ctx.session {
            Some(s) => (
                s.account.role,
                s.account.full_name.clone(),
                s.account.username.clone(),
            ),
            None => (Role::Admin, String::new(), String::new()),
        };
        StaffHome {
            role,
            name,
            username,
            today: crate::domain::time::fmt_date(ctx.now().date()),
        }
    }

    fn coming(&self) -> &'static [&'static str] {
        match self.role {
            Role::Doctor => &[
                "day and week grid of your slots (Space toggles, declare a range,",
                "  copy a day or week forward)",
                "today's list with each patient's contact details",
                "complete, no-show and cancel with a reason",
            ],
            _ => &[
                "today board: arrived, waiting, done, no-show",
                "patients: search as you type, register, edit",
                "doctors, book for a patient, waitlist and offers",
                "reports with bar charts, appointment search, audit log",
            ],
        }
    }
}

impl Screen for StaffHome {
    fn title(&self) -> String {
        "Home".into()
    }

    fn hints(&self) -> Vec<Hint> {
        Vec::new()
    }

    fn update(&mut self, _action: &Action, _ctx: &Ctx) -> Outcome {
        Outcome::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .padding(Padding::horizontal(1))
            .border_style(theme.border)
            .title(format!(" {} · {} ", self.name, self.role));
        let mut lines = vec![
            Line::raw(""),
            Line::styled(
                format!("Signed in as {} ({}).", self.name, self.username),
                theme.heading,
            ),
            Line::raw(""),
            Line::raw(format!(
                "The {} screens are coming in the next release:",
                self.role
            )),
        ];
        lines.extend(self.coming().iter().map(|l| {
            if l.starts_with("  ") {
                Line::raw(format!("  {l}"))
            } else {
                Line::raw(format!("  • {l}"))
            }
        }));
        lines.extend([
            Line::raw(""),
            Line::raw("Meanwhile the command line does all of it, for example:"),
            Line::styled(
                format!(
                    "  clinic --user {} appointments --date {}",
                    self.username, self.today
                ),
                theme.key,
            ),
            Line::styled("  clinic --help", theme.key),
            Line::raw(""),
            Line::raw("S signs out, q quits."),
        ]);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block)
            .render(area, buf);
    }
}
