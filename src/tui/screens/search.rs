//! Appointment search (seed 002): every appointment whose doctor's or patient's name
//! contains the text, any date, newest first, paged from SQL. The list follows as you type;
//! `c` cancels the selected one with a reason.

use super::cancel::CancelScreen;
use super::{fmt_when, status_text};
use crate::Result;
use crate::domain::Appointment;
use crate::domain::appointment::{AppointmentQuery, Order};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::screen::{Ctx, Outcome, Screen};
use crate::tui::theme::Theme;
use crate::tui::widgets::field::TextField;
use crate::tui::widgets::footer::{Hint, hint};
use crate::tui::widgets::list::Paged;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

pub struct SearchScreen {
    search: TextField,
    searching: bool,
    list: Paged<Appointment>,
}

impl Default for SearchScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl SearchScreen {
    pub fn new() -> SearchScreen {
        let mut search = TextField::new("Search").hint("part of a doctor's or patient's name");
        search.set_focus(true);
        SearchScreen {
            search,
            searching: true,
            list: Paged::default(),
        }
    }

    pub fn list(&self) -> &Paged<Appointment> {
        &self.list
    }

    fn set_searching(&mut self, on: bool) {
        self.searching = on;
        self.search.set_focus(on);
    }
}

impl Screen for SearchScreen {
    fn title(&self) -> String {
        "Search".into()
    }

    fn mode(&self) -> Mode {
        if self.searching {
            Mode::TextEntry
        } else {
            Mode::Navigate
        }
    }

    fn hints(&self) -> Vec<Hint> {
        if self.searching {
            vec![hint("type", "search"), hint("Enter/↓", "to the list")]
        } else {
            vec![
                hint("/", "search"),
                hint("↑↓", "move"),
                hint("r", "reschedule"),
                hint("c", "cancel"),
            ]
        }
    }

    fn help(&self) -> Vec<Hint> {
        vec![
            hint("/", "type part of a doctor's or a patient's name"),
            hint("Enter ↓", "from the search to the list"),
            hint("↑↓ j k", "move; PgUp PgDn page"),
            hint("r", "move the selected appointment to another free slot"),
            hint("c", "cancel the selected appointment, with a reason"),
        ]
    }

    fn update(&mut self, action: &Action, ctx: &Ctx) -> Outcome {
        if self.searching {
            return match action {
                Action::Input(key) => {
                    self.search.input(*key);
                    self.list.reset();
                    Outcome::from(self.reload(ctx).map(|_| Outcome::None))
                }
                Action::Submit | Action::NextField | Action::Back => {
                    self.set_searching(false);
                    Outcome::None
                }
                _ => Outcome::None,
            };
        }
        match action {
            Action::Filter => {
                self.set_searching(true);
                Outcome::None
            }
            Action::Up if self.list.cursor == 0 && self.list.offset == 0 => {
                self.set_searching(true);
                Outcome::None
            }
            Action::Cancel => match self.list.selected() {
                Some(a) => Outcome::Push(Box::new(CancelScreen::for_staff(a.clone()))),
                None => Outcome::None,
            },
            Action::Reschedule => super::reschedule_from_list(self.list.selected(), ctx),
            a => {
                if self.list.step(a) {
                    return Outcome::from(self.reload(ctx).map(|_| Outcome::None));
                }
                Outcome::None
            }
        }
    }

    fn reload(&mut self, ctx: &Ctx) -> Result<()> {
        let text = self.search.value();
        if text.trim().is_empty() {
            self.list.set_rows(Vec::new());
            return Ok(());
        }
        let q = AppointmentQuery {
            search: Some(text.as_str()),
            order: Order::NewestFirst,
            limit: Paged::<Appointment>::fetch_limit(),
            offset: self.list.offset,
            ..Default::default()
        };
        let rows = ctx.clinic.appointments(&ctx.actor(), &q)?;
        self.list.set_rows(rows);
        Ok(())
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(" Search appointments by doctor or patient name ")
            .title_bottom(Line::styled(
                format!(" {} ", self.list.range_text("appointments")),
                theme.dim,
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let [search_area, table_area] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        Line::from(vec![
            Span::styled(if self.searching { "▸ " } else { "  " }, theme.focus),
            Span::styled(
                "Search: ",
                if self.searching {
                    theme.focus
                } else {
                    theme.heading
                },
            ),
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
            let text = if self.search.value().trim().is_empty() {
                " Type part of a name: every date and status is searched."
            } else {
                " Nothing matches."
            };
            Paragraph::new(vec![Line::raw(""), Line::raw(text)]).render(table_area, buf);
            return;
        }
        let rows = self.list.rows.iter().map(|a| {
            Row::new(vec![
                Cell::from(fmt_when(a.start)),
                Cell::from(a.doctor_name.clone()),
                Cell::from(a.patient_name.clone()),
                Cell::from(status_text(a.status)),
            ])
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Fill(1),
                Constraint::Fill(1),
                Constraint::Length(10),
            ],
        )
        .header(Row::new(["When", "Doctor", "Patient", "Status"]).style(theme.heading))
        .row_highlight_style(theme.selected)
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
        .highlight_symbol("▸ ");
        let mut state =
            TableState::default().with_selected((!self.searching).then_some(self.list.cursor));
        StatefulWidget::render(table, table_area, buf, &mut state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::fixture;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn typing_searches_doctor_and_patient_names_newest_first() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let mut s = SearchScreen::new();
        s.reload(&ctx).unwrap();
        assert!(s.list().rows.is_empty(), "nothing before typing");
        for c in "SILVA".chars() {
            s.update(
                &Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
                &ctx,
            );
        }
        let rows = &s.list().rows;
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|a| {
            a.doctor_name.to_lowercase().contains("silva")
                || a.patient_name.to_lowercase().contains("silva")
        }));
        assert!(rows.windows(2).all(|w| w[0].start >= w[1].start));
        s.update(&Action::Submit, &ctx);
        assert_eq!(s.mode(), Mode::Navigate);
        match s.update(&Action::Cancel, &ctx) {
            Outcome::Push(next) => assert_eq!(next.title(), "Cancel appointment"),
            _ => panic!("expected the cancel dialog"),
        }
    }

    #[test]
    fn the_desk_reschedules_a_booked_future_appointment_from_the_search() {
        let clinic = fixture::demo_clinic();
        let admin = fixture::admin(&clinic);
        let ctx = fixture::ctx(&clinic, &admin);
        let mut s = SearchScreen::new();
        for c in "a".chars() {
            s.update(
                &Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
                &ctx,
            );
        }
        s.update(&Action::Submit, &ctx);
        // Newest first: find a booked one still ahead.
        let booked = s
            .list()
            .rows
            .iter()
            .position(|a| a.status == crate::domain::Status::Booked && a.start > ctx.now())
            .expect("a booked future appointment");
        for _ in 0..booked {
            s.update(&Action::Down, &ctx);
        }
        match s.update(&Action::Reschedule, &ctx) {
            Outcome::Push(next) => assert_eq!(next.title(), "Reschedule"),
            _ => panic!("expected the slot finder"),
        }
        let settled = s
            .list()
            .rows
            .iter()
            .position(|a| a.status != crate::domain::Status::Booked)
            .expect("an appointment that is no longer just booked");
        s.update(&Action::First, &ctx);
        for _ in 0..settled {
            s.update(&Action::Down, &ctx);
        }
        match s.update(&Action::Reschedule, &ctx) {
            Outcome::Message(m) => {
                assert!(format!("{m:?}").contains("has not started can be moved"))
            }
            _ => panic!("only a booked appointment can move"),
        }
    }
}
