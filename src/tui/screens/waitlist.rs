//! The waitlist (R7). A patient's: the days they wait for, and any slot offered to them after
//! a cancellation; `n` adds an entry. The front desk's: every open entry of every day, with
//! its patient. In both, Enter books an offered slot (it is already held for the patient) and
//! `c` takes an entry off after a confirmation.

use super::book::{BookScreen, SlotSummary};
use super::waitlist_join::WaitlistJoinScreen;
use super::{fmt_day, fmt_when};
use crate::Result;
use crate::domain::time::fmt_clock;
use crate::service::WaitlistEntry;
use crate::tui::action::Action;
use crate::tui::asking::{Asking, Dialogs, Reply};
use crate::tui::command::{Command, cmd, list_moves};
use crate::tui::screen::{Ctx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::Dialog;
use crate::tui::widgets::layout::framed;
use crate::tui::widgets::list::{List, col};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Widget};

pub struct WaitlistScreen {
    /// The front desk's view of everyone's open entries, not a patient's own.
    desk: bool,
    list: List<WaitlistEntry>,
    today: Option<NaiveDate>,
}

impl WaitlistScreen {
    /// The front desk's waitlist: open entries of every day.
    pub fn desk() -> Dialogs<WaitlistScreen> {
        Dialogs::new(WaitlistScreen {
            desk: true,
            list: List::new(
                vec![
                    col("Day", Constraint::Length(16)),
                    col("Patient", Constraint::Fill(2)),
                    col("Waits for", Constraint::Fill(2)),
                    col("Offer", Constraint::Length(19)),
                ],
                "Nobody is waiting. Patients join from their Find-a-slot screen (w).",
            ),
            today: None,
        })
    }

    /// Puts the selection on the first entry with a live offer.
    pub fn select_offer(&mut self) {
        self.list.select_where(|e| e.offer.is_some());
    }

    /// A patient's own waitlist.
    pub fn new() -> Dialogs<WaitlistScreen> {
        Dialogs::new(WaitlistScreen {
            desk: false,
            list: List::new(
                vec![
                    col("Day", Constraint::Length(16)),
                    col("For", Constraint::Fill(1)),
                    col("Status", Constraint::Length(9)),
                    col("Offer", Constraint::Length(22)),
                ],
                "You are not waiting for any day. When no slot fits, press n to wait for a \
                 doctor or a specialty on a day: if an appointment is cancelled, the slot is \
                 held for you and shown here.",
            ),
            today: None,
        })
    }

    pub fn entries(&self) -> &[WaitlistEntry] {
        self.list.rows()
    }

    fn open(e: &WaitlistEntry) -> bool {
        matches!(e.status.as_str(), "waiting" | "offered")
    }

    fn book_offer(&self, ctx: &Ctx) -> Outcome {
        let Some(e) = self.list.selected() else {
            return Outcome::None;
        };
        let Some(offer) = &e.offer else {
            return Outcome::info(
                "No slot is offered for this entry yet; a cancellation that matches will be.",
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
            // An entry waiting for a visit of a type is offered its run, and books it.
            visit_type: e
                .visit_type_id
                .and_then(|id| ctx.clinic.visit_type(&id.0.to_string()).ok()),
        };
        Outcome::Push(Box::new(if self.desk {
            BookScreen::offer_for_patient(slot, e.patient_id, e.patient_name.clone())
        } else {
            BookScreen::for_offer(slot)
        }))
    }
}

/// Whom an entry waits for, in words.
pub fn target(e: &WaitlistEntry) -> String {
    match &e.doctor_name {
        Some(d) => format!("{d} ({})", e.specialty),
        None => format!("any {} doctor", e.specialty),
    }
}

impl Asking for WaitlistScreen {
    type Ask = WaitlistEntry;
    type Field = ();

    fn title(&self) -> String {
        "Waitlist".into()
    }

    fn commands(&self) -> Vec<Command> {
        let selected = self.list.selected();
        let mut list = vec![
            cmd(Action::Submit, "book offer")
                .detail("book the slot offered (it is held for the patient)")
                .only_if(selected.is_some_and(|e| e.offer.is_some()), "on an offer"),
            cmd(Action::Cancel, "withdraw")
                .detail("take the entry off the waitlist, after a confirmation")
                .only_if(selected.is_some_and(Self::open), "on an open entry"),
        ];
        if !self.desk {
            list.push(cmd(Action::New, "new").detail("wait for a doctor or a specialty on a day"));
        }
        list.extend(list_moves());
        list
    }

    fn answer(
        &mut self,
        d: &Dialog<WaitlistEntry, ()>,
        ctx: &Ctx,
    ) -> Result<Reply<WaitlistEntry, ()>> {
        let e = ctx.clinic.leave_waitlist(&ctx.actor(), d.purpose.id)?;
        Ok(Outcome::saved(if self.desk {
            format!(
                "{} is off the waitlist for {}.",
                e.patient_name,
                fmt_day(e.date)
            )
        } else {
            format!("Taken off the waitlist for {}.", fmt_day(e.date))
        })
        .into())
    }

    fn ask(&mut self, action: &Action, _: &Ctx) -> Option<Dialog<WaitlistEntry, ()>> {
        let e = self.list.selected().filter(|e| Self::open(e))?;
        (*action == Action::Cancel).then(|| {
            Dialog::confirm(e.clone(), "Take this entry off the waitlist?").line(format!(
                "{} · {}, {}",
                e.patient_name,
                fmt_day(e.date),
                target(e)
            ))
        })
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::New | Action::Waitlist if !self.desk => {
                let day = self.today.unwrap_or_else(|| ctx.now().date());
                Outcome::Push(Box::new(WaitlistJoinScreen::new(day, None, None)))
            }
            Action::Cancel if self.list.selected().is_some() => {
                Outcome::info("That entry is already closed.")
            }
            Action::Submit | Action::Book => self.book_offer(ctx),
            a => self.list.follow(a),
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        self.today = Some(ctx.now().date());
        // A patient sees their closed entries too; the desk works the open ones.
        let entries = ctx.clinic.waitlist(&ctx.actor(), None, self.desk)?;
        self.list.set_all(entries);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let offers = self
            .list
            .rows()
            .iter()
            .filter(|e| e.offer.is_some())
            .count();
        let block = Block::bordered()
            .border_style(theme.border)
            .title(if self.desk {
                " Waitlist and offers "
            } else {
                " My waitlist "
            })
            .title_bottom(Line::styled(
                format!(
                    " {}, {offers} with a live offer ",
                    crate::domain::text::count(self.list.rows().len(), "entry")
                ),
                theme.dim,
            ));
        let inner = framed(block, area, buf);
        let [table, note] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(inner);
        self.list.render(table, buf, theme, true, |e| {
            let offer = match &e.offer {
                Some(o) => format!(
                    "{}, held till {}",
                    fmt_clock(o.start.time()),
                    fmt_clock(o.expires_at.time())
                ),
                None => "—".into(),
            };
            let row = if self.desk {
                vec![
                    Cell::from(fmt_day(e.date)),
                    Cell::from(e.patient_name.as_str()),
                    Cell::from(target(e)),
                    Cell::from(if e.offer.is_some() {
                        offer
                    } else {
                        e.status.clone()
                    }),
                ]
            } else {
                vec![
                    Cell::from(fmt_day(e.date)),
                    Cell::from(target(e)),
                    Cell::from(e.status.as_str()),
                    Cell::from(offer),
                ]
            };
            Row::new(row).style(if e.offer.is_some() {
                theme.info
            } else {
                ratatui::style::Style::default()
            })
        });
        if !self.list.is_empty() {
            let selected = self.list.selected();
            let line = if let (true, Some(e)) = (self.desk, selected) {
                let text = match &e.offer {
                    Some(o) => format!(
                        " Offered {} with {}, held until {}.",
                        fmt_when(o.start),
                        o.doctor_name,
                        fmt_clock(o.expires_at.time())
                    ),
                    None => format!(" {} waits for {}.", e.patient_name, target(e)),
                };
                Line::styled(text, theme.dim)
            } else if selected.is_some_and(|e| e.offer.is_some()) {
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
            Paragraph::new(vec![Line::raw(""), line]).render(note, buf);
        }
    }
}
