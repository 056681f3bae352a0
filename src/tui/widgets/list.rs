//! The one list widget: columns, a page of rows paged from SQL, the selection, the empty
//! state. One page of rows is in memory; moving past either end asks the screen to load the
//! neighbouring page, so memory stays flat however long the list is. The selection follows
//! the record, not the row number: after a change elsewhere reorders the page, the same
//! appointment or patient stays selected.

use super::text::wrap;
use crate::tui::action::Action;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    HighlightSpacing, Paragraph, Row, StatefulWidget, Table, TableState, Widget,
};

/// Rows per page fetched from the library.
pub const PAGE: u32 = 50;
/// Rows moved by PgUp / PgDn.
const JUMP: usize = 10;

/// A row that can be told apart from the others: what the selection follows.
pub trait Record {
    fn key(&self) -> i64;
}

/// A column: its heading and its width.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub width: Constraint,
}

/// A column `title` of `width`.
pub const fn col(title: &'static str, width: Constraint) -> Column {
    Column { title, width }
}

#[derive(Debug, Clone)]
pub struct List<T> {
    rows: Vec<T>,
    cursor: usize,
    /// Offset of `rows[0]` in the whole list.
    offset: u32,
    /// Whether there are rows after this page.
    has_more: bool,
    columns: Vec<Column>,
    /// What an empty list says, e.g. "No patient matches. n registers one."
    empty: String,
}

impl<T: Record> List<T> {
    pub fn new(columns: Vec<Column>, empty: impl Into<String>) -> List<T> {
        List {
            rows: Vec::new(),
            cursor: 0,
            offset: 0,
            has_more: false,
            columns,
            empty: empty.into(),
        }
    }

    /// How many rows to ask for: one more than a page, to learn whether more follow.
    pub fn fetch_limit() -> u32 {
        PAGE + 1
    }

    /// The offset to ask for.
    pub fn offset(&self) -> u32 {
        self.offset
    }

    /// Takes a fetched page (asked with [`List::fetch_limit`]). The selection stays on the
    /// same record when it is still there, else at the same place.
    pub fn set_rows(&mut self, mut rows: Vec<T>) {
        let keep = self.selected().map(Record::key);
        self.has_more = rows.len() > PAGE as usize;
        rows.truncate(PAGE as usize);
        self.rows = rows;
        if let Some(key) = keep
            && self.select(key)
        {
            return;
        }
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    /// Like [`List::set_rows`] for a list that is never paged (it is bounded by nature).
    pub fn set_all(&mut self, rows: Vec<T>) {
        let keep = self.selected().map(Record::key);
        self.has_more = false;
        self.rows = rows;
        if let Some(key) = keep
            && self.select(key)
        {
            return;
        }
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    /// Back to the first page (after a filter change).
    pub fn reset(&mut self) {
        self.offset = 0;
        self.cursor = 0;
    }

    /// Replaces what an empty list says.
    pub fn set_empty(&mut self, text: impl Into<String>) {
        self.empty = text.into();
    }

    pub fn rows(&self) -> &[T] {
        &self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn selected(&self) -> Option<&T> {
        self.rows.get(self.cursor)
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Selects the row of record `key` on this page; false when it is not here.
    pub fn select(&mut self, key: i64) -> bool {
        match self.rows.iter().position(|r| r.key() == key) {
            Some(i) => {
                self.cursor = i;
                true
            }
            None => false,
        }
    }

    /// Selects the first row matching `pick`, if any.
    pub fn select_where(&mut self, pick: impl Fn(&T) -> bool) {
        if let Some(i) = self.rows.iter().position(pick) {
            self.cursor = i;
        }
    }

    /// Whether the selection is on the very first row of the list.
    pub fn at_top(&self) -> bool {
        self.cursor == 0 && self.offset == 0
    }

    /// Moves the selection of a list loaded whole; any other action does nothing.
    pub fn follow(&mut self, action: &Action) -> crate::tui::screen::Outcome {
        self.step(action);
        crate::tui::screen::Outcome::None
    }

    /// Moves the selection. Returns `true` when another page must be loaded (the offset has
    /// changed already; the cursor is placed where it belongs on the new page).
    pub fn step(&mut self, action: &Action) -> bool {
        let last = self.rows.len().saturating_sub(1);
        match action {
            Action::Down if self.cursor < last => self.cursor += 1,
            Action::Down | Action::PageDown if self.cursor >= last && self.has_more => {
                self.offset += PAGE;
                self.cursor = 0;
                return true;
            }
            Action::PageDown => self.cursor = (self.cursor + JUMP).min(last),
            Action::Up if self.cursor > 0 => self.cursor -= 1,
            Action::Up | Action::PageUp if self.cursor == 0 && self.offset > 0 => {
                self.offset = self.offset.saturating_sub(PAGE);
                self.cursor = PAGE as usize - 1;
                return true;
            }
            Action::PageUp => self.cursor = self.cursor.saturating_sub(JUMP),
            Action::First => {
                self.cursor = 0;
                if self.offset > 0 {
                    self.offset = 0;
                    return true;
                }
            }
            Action::Last => self.cursor = last,
            _ => {}
        }
        false
    }

    /// "patients 51–100, more below" for a title.
    pub fn range_text(&self, noun: &str) -> String {
        if self.rows.is_empty() {
            return format!("no {noun}");
        }
        let first = self.offset + 1;
        let last = self.offset + self.rows.len() as u32;
        let more = if self.has_more { ", more below" } else { "" };
        format!("{noun} {first}–{last}{more}")
    }

    /// Draws the rows as a table with a heading row (or the empty text), the selection
    /// marked when `focused`.
    pub fn render<'a>(
        &'a self,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
        focused: bool,
        row: impl Fn(&'a T) -> Row<'a>,
    ) {
        if self.rows.is_empty() {
            let lines: Vec<Line> = std::iter::once(Line::raw(""))
                .chain(
                    wrap(&self.empty, area.width.saturating_sub(2) as usize)
                        .into_iter()
                        .map(|l| Line::raw(format!(" {l}"))),
                )
                .collect();
            Paragraph::new(lines).render(area, buf);
            return;
        }
        let table = Table::new(
            self.rows.iter().map(row),
            self.columns.iter().map(|c| c.width),
        )
        .header(Row::new(self.columns.iter().map(|c| c.title)).style(theme.heading))
        .row_highlight_style(theme.selected)
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_symbol("▸ ");
        let mut state = TableState::default().with_selected(focused.then_some(self.cursor));
        StatefulWidget::render(table, area, buf, &mut state);
    }
}

mod records {
    use super::Record;
    use crate::domain::audit::AuditEvent;
    use crate::domain::{Appointment, Doctor, Patient, Slot};

    impl Record for Patient {
        fn key(&self) -> i64 {
            self.id.0
        }
    }
    impl Record for Doctor {
        fn key(&self) -> i64 {
            self.id.0
        }
    }
    impl Record for Appointment {
        fn key(&self) -> i64 {
            self.id.0
        }
    }
    impl Record for Slot {
        fn key(&self) -> i64 {
            self.id.0
        }
    }
    impl Record for AuditEvent {
        fn key(&self) -> i64 {
            self.id
        }
    }
    impl Record for crate::service::WaitlistEntry {
        fn key(&self) -> i64 {
            self.id.0
        }
    }
    impl Record for crate::service::Assignment {
        fn key(&self) -> i64 {
            self.doctor_id.0
        }
    }
    impl Record for crate::service::LoadRow {
        fn key(&self) -> i64 {
            self.doctor_id.0
        }
    }
    impl Record for crate::service::AvailableRow {
        fn key(&self) -> i64 {
            self.doctor_id.0
        }
    }
    impl Record for crate::service::UtilizationRow {
        fn key(&self) -> i64 {
            self.doctor_id.0
        }
    }
    impl Record for crate::domain::VisitType {
        fn key(&self) -> i64 {
            self.id.0
        }
    }
    impl Record for crate::domain::Message {
        fn key(&self) -> i64 {
            self.id.0
        }
    }
    impl Record for crate::domain::time_off::TimeOff {
        fn key(&self) -> i64 {
            self.id.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct R(i64);
    impl Record for R {
        fn key(&self) -> i64 {
            self.0
        }
    }

    fn page(from: i64, n: i64) -> Vec<R> {
        (from..from + n).map(R).collect()
    }

    fn list() -> List<R> {
        List::new(vec![col("N", Constraint::Length(3))], "none")
    }

    #[test]
    fn moving_past_the_end_of_a_page_asks_for_the_next() {
        let mut p = list();
        p.set_rows(page(0, PAGE as i64 + 1));
        assert!(p.has_more);
        assert_eq!(p.rows().len(), PAGE as usize);
        assert!(!p.step(&Action::Last));
        assert_eq!(p.selected(), Some(&R(PAGE as i64 - 1)));
        assert!(p.step(&Action::Down));
        assert_eq!(p.offset(), PAGE);
        p.set_rows(page(PAGE as i64, 3));
        assert!(!p.has_more);
        assert_eq!(p.selected(), Some(&R(PAGE as i64)));
        assert!(!p.step(&Action::Down));
        assert!(!p.step(&Action::Down));
        assert!(!p.step(&Action::Down), "the end of the list stays put");
        assert_eq!(p.selected(), Some(&R(PAGE as i64 + 2)));
    }

    #[test]
    fn moving_before_the_start_of_a_page_asks_for_the_previous() {
        let mut p = list();
        p.offset = PAGE;
        p.set_rows(page(PAGE as i64, 5));
        assert!(p.step(&Action::Up));
        assert_eq!(p.offset(), 0);
        p.set_rows(page(0, PAGE as i64 + 1));
        assert_eq!(p.selected(), Some(&R(PAGE as i64 - 1)));
        assert!(!p.step(&Action::PageUp));
        assert_eq!(p.cursor(), PAGE as usize - 11);
    }

    #[test]
    fn the_selection_follows_the_record_when_the_rows_reorder() {
        let mut p = list();
        p.set_rows(vec![R(1), R(2), R(3)]);
        p.step(&Action::Down);
        assert_eq!(p.selected(), Some(&R(2)));
        // Another terminal moved record 2 to the end.
        p.set_rows(vec![R(1), R(3), R(2)]);
        assert_eq!(p.selected(), Some(&R(2)));
        // Gone: the selection stays where it was.
        p.set_rows(vec![R(1), R(3)]);
        assert_eq!(p.selected(), Some(&R(3)));
    }
}
