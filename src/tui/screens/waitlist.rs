//! My waitlist: the days I wait for, and any slot offered to me after a cancellation (R7).
//! Enter books an offered slot (it is already held for me); `n` adds an entry; `c` takes one
//! off after a confirmation.

use super::book::{BookScreen, SlotSummary};
use super::fmt_day;
use super::waitlist_join::WaitlistJoinScreen;
use crate::Result;
use crate::domain::time::fmt_clock;
use crate::service::WaitlistEntry;
use crate::tui::action::Action;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::footer::{Hint, hint};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap,
};

pub struct WaitlistScreen {
    entries: Vec<WaitlistEntry>,
    cursor: usize,
    /// Set while asking "withdraw this entry?".
    confirm_withdraw: bool,
    today: Option<NaiveDate>,
}

impl Default for WaitlistScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl WaitlistScreen {
    pub fn new() -> WaitlistScreen {
        WaitlistScreen {
            entries: Vec::new(),
            cursor: 0,
            confirm_withdraw: false,
            today: None,
        }
    }

    pub fn entries(&self) -> &[WaitlistEntry] {
        &self.entries
    }

    pub fn is_confirming(&self) -> bool {
        self.confirm_withdraw
    }

    fn selected(&self) -> Option<&WaitlistEntry> {
        self.entries.get(self.cursor)
    }

    fn open(e: &WaitlistEntry) -> bool {
        matches!(e.status.as_str(), "waiting" | "offered")
    }
}

fn target(e: &WaitlistEntry) -> String {
    match &e.doctor_name {
        Some(d) => format!("{d} ({})", e.specialty),
        None => format!("any {} doctor", e.specialty),
    }
}

impl Screen for WaitlistScreen {
    fn title(&self) -> String {
        "Waitlist".into()
    }

    fn hints(&self) -> Vec<Hint> {
        if self.confirm_withdraw {
            return vec![hint("Enter", "yes, take me off"), hint("Esc", "no")];
        }
        let mut h = vec![hint("↑↓", "move"), hint("n", "new entry")];
        if let Some(e) = self.selected() {
            if e.offer.is_some() {
                h.insert(0, hint("Enter", "book the offer"));
            }
            if Self::open(e) {
                h.push(hint("c", "withdraw"));
            }
        }
        h
    }

    fn help(&self) -> Vec<Hint> {
        vec![
            hint("↑↓ j k", "move"),
            hint("Enter", "book the slot offered to you"),
            hint("n", "wait for a doctor or a specialty on a day"),
            hint("c", "take the entry off the waitlist"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if self.confirm_withdraw {
            self.confirm_withdraw = false;
            if *action != Action::Submit {
                return Outcome::info("Still on the waitlist.");
            }
            let Some(e) = self.selected() else {
                return Outcome::None;
            };
            let id = e.id;
            return match ctx.clinic.leave_waitlist(&ctx.actor(), id) {
                Ok(e) => {
                    let _ = self.reload(ctx);
                    Outcome::info(format!("Taken off the waitlist for {}.", fmt_day(e.date)))
                }
                Err(e) => Outcome::error(&e),
            };
        }
        let last = self.entries.len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::First | Action::PageUp => self.cursor = 0,
            Action::Last | Action::PageDown => self.cursor = last,
            Action::New | Action::Waitlist => {
                let day = self.today.unwrap_or_else(|| ctx.now().date());
                return Outcome::Push(Box::new(WaitlistJoinScreen::new(day, None, None)));
            }
            Action::Cancel => match self.selected() {
                Some(e) if Self::open(e) => self.confirm_withdraw = true,
                Some(_) => return Outcome::info("That entry is already closed."),
                None => {}
            },
            Action::Submit => {
                let Some(e) = self.selected() else {
                    return Outcome::None;
                };
                let Some(offer) = &e.offer else {
                    return Outcome::info("No slot is offered for this entry yet.");
                };
                return Outcome::Push(Box::new(BookScreen::for_offer(SlotSummary {
                    id: offer.slot_id,
                    doctor_id: e.doctor_id,
                    doctor_name: offer.doctor_name.clone(),
                    specialty: Some(e.specialty.clone()),
                    start: offer.start,
                    end: None,
                    fee: None,
                    held_until: Some(offer.expires_at),
                })));
            }
            _ => {}
        }
        Outcome::None
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        self.today = Some(ctx.now().date());
        self.entries = ctx.clinic.waitlist(&ctx.actor(), None, false)?;
        self.cursor = self.cursor.min(self.entries.len().saturating_sub(1));
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" My waitlist ");
        let inner = block.inner(area);
        block.render(area, buf);
        if self.entries.is_empty() {
            Paragraph::new(vec![
                Line::raw(""),
                Line::raw(" You are not waiting for any day."),
                Line::raw(""),
                Line::raw(
                    " When no slot fits, press n to wait for a doctor or a specialty on a day:",
                ),
                Line::raw(
                    " if an appointment is cancelled, the slot is held for you and shown here.",
                ),
            ])
            .wrap(Wrap { trim: false })
            .render(inner, buf);
            return;
        }
        let [table_area, note_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(inner);
        let rows = self.entries.iter().map(|e| {
            let offer = match &e.offer {
                Some(o) => format!(
                    "{}, held till {}",
                    fmt_clock(o.start.time()),
                    fmt_clock(o.expires_at.time())
                ),
                None => "—".into(),
            };
            Row::new(vec![
                Cell::from(e.date.format("%a %-d %b").to_string()),
                Cell::from(target(e)),
                Cell::from(e.status.clone()),
                Cell::from(offer),
            ])
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(10),
                Constraint::Fill(1),
                Constraint::Length(9),
                Constraint::Length(22),
            ],
        )
        .header(Row::new(["Day", "For", "Status", "Offer"]).style(theme.heading))
        .row_highlight_style(theme.selected)
        .highlight_symbol("▸ ");
        let mut state = TableState::default().with_selected(Some(self.cursor));
        StatefulWidget::render(table, table_area, buf, &mut state);
        let note = if self.confirm_withdraw {
            Line::styled(
                " Take this entry off the waitlist? Enter yes, Esc no.",
                theme.error,
            )
        } else if self.selected().is_some_and(|e| e.offer.is_some()) {
            Line::styled(
                " A slot is held for you: Enter books it before the offer runs out.",
                theme.info,
            )
        } else {
            Line::styled(
                " A freed slot matching an entry is held for you and shown here.",
                theme.dim,
            )
        };
        Paragraph::new(vec![Line::raw(""), note]).render(note_area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::WaitlistTarget;
    use crate::tui::screens::fixture;

    #[test]
    fn withdraw_asks_first_and_esc_keeps_the_entry() {
        let clinic = fixture::demo_clinic();
        let session = fixture::patient(&clinic);
        let ctx = fixture::ctx(&clinic, &session);
        let doctor = clinic.doctors(None).unwrap()[0].id;
        clinic
            .join_waitlist(
                &session.actor,
                None,
                &WaitlistTarget::Doctor(doctor),
                "2030-01-09",
            )
            .unwrap();
        let mut s = WaitlistScreen::new();
        s.reload(&ctx).unwrap();
        assert_eq!(s.entries().len(), 1);
        s.update(&Action::Cancel, &ctx);
        assert!(s.is_confirming());
        s.update(&Action::Back, &ctx);
        assert!(!s.is_confirming());
        assert_eq!(s.entries()[0].status, "waiting");
        s.update(&Action::Cancel, &ctx);
        s.update(&Action::Submit, &ctx);
        assert_eq!(s.entries()[0].status, "withdrawn");
    }

    #[test]
    fn n_opens_the_join_form() {
        let clinic = fixture::demo_clinic();
        let session = fixture::patient(&clinic);
        let ctx = fixture::ctx(&clinic, &session);
        let mut s = WaitlistScreen::new();
        s.reload(&ctx).unwrap();
        match s.update(&Action::New, &ctx) {
            Outcome::Push(screen) => assert_eq!(screen.title(), "Join the waitlist"),
            _ => panic!("expected the join form"),
        }
    }
}
