//! The front desk's waitlist: open entries (waiting or offered) of every day, with any live
//! offer (the freed slot held for the patient, and until when). Enter books an offer for
//! its patient; `c` takes an entry off after a confirmation.

use super::book::{BookScreen, SlotSummary};
use super::{fmt_day, fmt_when};
use crate::Result;
use crate::domain::time::fmt_clock;
use crate::service::WaitlistEntry;
use crate::tui::action::Action;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog;
use crate::tui::widgets::footer::{Hint, hint};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

pub struct DeskWaitlistScreen {
    entries: Vec<WaitlistEntry>,
    cursor: usize,
    confirm: bool,
}

impl Default for DeskWaitlistScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl DeskWaitlistScreen {
    pub fn new() -> DeskWaitlistScreen {
        DeskWaitlistScreen {
            entries: Vec::new(),
            cursor: 0,
            confirm: false,
        }
    }

    pub fn entries(&self) -> &[WaitlistEntry] {
        &self.entries
    }

    /// Puts the cursor on the first entry with a live offer.
    pub fn select_offer(&mut self) {
        if let Some(i) = self.entries.iter().position(|e| e.offer.is_some()) {
            self.cursor = i;
        }
    }
}

fn target(e: &WaitlistEntry) -> String {
    match &e.doctor_name {
        Some(d) => d.clone(),
        None => format!("any {}", e.specialty),
    }
}

impl Screen for DeskWaitlistScreen {
    fn title(&self) -> String {
        "Waitlist".into()
    }

    fn hints(&self) -> Vec<Hint> {
        if self.confirm {
            return vec![hint("Enter", "yes, take off"), hint("Esc", "no")];
        }
        let mut h = Vec::new();
        if self
            .entries
            .get(self.cursor)
            .is_some_and(|e| e.offer.is_some())
        {
            h.push(hint("Enter", "book the offer"));
        }
        h.extend([hint("↑↓", "move"), hint("c", "take off")]);
        h
    }

    fn help(&self) -> Vec<Hint> {
        vec![
            hint("↑↓ j k", "move"),
            hint("Enter", "book the offered slot for its patient"),
            hint("c", "take the entry off the waitlist (confirm)"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if self.confirm {
            self.confirm = false;
            if *action != Action::Submit {
                return Outcome::info("Kept on the waitlist.");
            }
            let Some(e) = self.entries.get(self.cursor) else {
                return Outcome::None;
            };
            return match ctx.clinic.leave_waitlist(&ctx.actor(), e.id) {
                Ok(e) => {
                    let _ = self.reload(ctx);
                    Outcome::info(format!(
                        "{} is off the waitlist for {}.",
                        e.patient_name,
                        fmt_day(e.date)
                    ))
                }
                Err(e) => Outcome::error(&e),
            };
        }
        let last = self.entries.len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = last,
            Action::Cancel if self.entries.get(self.cursor).is_some() => self.confirm = true,
            Action::Submit | Action::Book => {
                let Some(e) = self.entries.get(self.cursor) else {
                    return Outcome::None;
                };
                let Some(offer) = &e.offer else {
                    return Outcome::info(
                        "No slot is offered to this patient yet; a cancellation that matches will be.",
                    );
                };
                let slot = SlotSummary {
                    id: offer.slot_id,
                    doctor_id: e.doctor_id,
                    doctor_name: offer.doctor_name.clone(),
                    specialty: Some(e.specialty.clone()),
                    start: offer.start,
                    end: None,
                    fee: None,
                    held_until: Some(offer.expires_at),
                };
                return Outcome::Push(Box::new(BookScreen::offer_for_patient(
                    slot,
                    e.patient_id,
                    e.patient_name.clone(),
                )));
            }
            _ => {}
        }
        Outcome::None
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        self.entries = ctx.clinic.waitlist(&ctx.actor(), None, true)?;
        self.cursor = self.cursor.min(self.entries.len().saturating_sub(1));
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let offers = self.entries.iter().filter(|e| e.offer.is_some()).count();
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Waitlist and offers ")
            .title_bottom(Line::styled(
                format!(
                    " {} waiting, {offers} with a live offer ",
                    self.entries.len()
                ),
                theme.dim,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        if self.entries.is_empty() {
            Paragraph::new(vec![
                Line::raw(""),
                Line::raw(" Nobody is waiting. Patients join from their Find-a-slot screen (w)."),
            ])
            .render(inner, buf);
            return;
        }
        let [table_area, detail] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
        let rows = self.entries.iter().map(|e| {
            let offer = match &e.offer {
                Some(o) => format!(
                    "{} until {}",
                    fmt_clock(o.start.time()),
                    fmt_clock(o.expires_at.time())
                ),
                None => e.status.clone(),
            };
            Row::new(vec![
                Cell::from(e.date.format("%a %-d %b").to_string()),
                Cell::from(e.patient_name.clone()),
                Cell::from(target(e)),
                Cell::from(offer),
            ])
            .style(if e.offer.is_some() {
                theme.info
            } else {
                ratatui::style::Style::default()
            })
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(10),
                Constraint::Fill(2),
                Constraint::Fill(2),
                Constraint::Length(19),
            ],
        )
        .header(Row::new(["Day", "Patient", "Waits for", "Offer"]).style(theme.heading))
        .row_highlight_style(theme.selected)
        .highlight_symbol("▸ ");
        let mut state = TableState::default().with_selected(Some(self.cursor));
        StatefulWidget::render(table, table_area, buf, &mut state);
        if let Some(e) = self.entries.get(self.cursor) {
            let text = match &e.offer {
                Some(o) => format!(
                    " Offered {} with {}, held until {}.",
                    fmt_when(o.start),
                    o.doctor_name,
                    fmt_clock(o.expires_at.time())
                ),
                None => format!(
                    " {} waits for {} ({}).",
                    e.patient_name,
                    target(e),
                    e.specialty
                ),
            };
            Paragraph::new(vec![Line::raw(""), Line::styled(text, theme.dim)]).render(detail, buf);
        }
        if self.confirm
            && let Some(e) = self.entries.get(self.cursor)
        {
            dialog::render(
                area,
                buf,
                theme,
                "Take off the waitlist?",
                vec![
                    Line::raw(format!(
                        "  {} for {} on {}.",
                        e.patient_name,
                        target(e),
                        fmt_day(e.date)
                    )),
                    Line::styled("  Enter confirms, Esc keeps the entry.", theme.dim),
                ],
                None,
                true,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixture;

    #[test]
    fn lists_every_open_entry_and_c_takes_one_off_after_a_confirmation() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let mut s = DeskWaitlistScreen::new();
        s.reload(&ctx).unwrap();
        assert_eq!(s.entries().len(), 3, "the demo's three waiting patients");
        assert!(
            matches!(s.update(&Action::Submit, &ctx), Outcome::Message(_)),
            "no offer yet"
        );
        s.update(&Action::Cancel, &ctx);
        s.update(&Action::Back, &ctx);
        assert_eq!(s.entries().len(), 3);
        s.update(&Action::Cancel, &ctx);
        s.update(&Action::Submit, &ctx);
        assert_eq!(s.entries().len(), 2);
    }
}
