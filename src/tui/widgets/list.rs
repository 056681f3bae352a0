//! A list paged from SQL: one page of rows in memory, a cursor in it, and the offset of the
//! page. Moving past either end asks the screen to load the neighbouring page, so memory
//! stays flat however long the list is.

use crate::tui::action::Action;

/// Rows per page fetched from the library.
pub const PAGE: u32 = 50;
/// Rows moved by PgUp / PgDn.
const JUMP: usize = 10;

#[derive(Debug, Clone)]
pub struct Paged<T> {
    pub rows: Vec<T>,
    pub cursor: usize,
    /// Offset of `rows[0]` in the whole list.
    pub offset: u32,
    /// Whether there are rows after this page.
    pub has_more: bool,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            rows: Vec::new(),
            cursor: 0,
            offset: 0,
            has_more: false,
        }
    }
}

impl<T> Paged<T> {
    /// How many rows to ask for: one more than a page, to learn whether more follow.
    pub fn fetch_limit() -> u32 {
        PAGE + 1
    }

    /// Takes a fetched page (asked with [`Paged::fetch_limit`]) and keeps the cursor on it.
    pub fn set_rows(&mut self, mut rows: Vec<T>) {
        self.has_more = rows.len() > PAGE as usize;
        rows.truncate(PAGE as usize);
        self.rows = rows;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    /// Back to the first page (after a filter change).
    pub fn reset(&mut self) {
        self.offset = 0;
        self.cursor = 0;
    }

    pub fn selected(&self) -> Option<&T> {
        self.rows.get(self.cursor)
    }

    /// The position of the selection in the whole list, from 1.
    pub fn position(&self) -> u32 {
        self.offset + self.cursor as u32 + 1
    }

    /// Moves the cursor. Returns `true` when another page must be loaded (the offset has
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

    /// "rows 51–100 of more" style summary for a title.
    pub fn range_text(&self, noun: &str) -> String {
        if self.rows.is_empty() {
            return format!("no {noun}");
        }
        let first = self.offset + 1;
        let last = self.offset + self.rows.len() as u32;
        let more = if self.has_more { ", more below" } else { "" };
        format!("{noun} {first}–{last}{more}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(from: u32, n: u32) -> Vec<u32> {
        (from..from + n).collect()
    }

    #[test]
    fn moving_past_the_end_of_a_page_asks_for_the_next() {
        let mut p = Paged::default();
        p.set_rows(page(0, PAGE + 1));
        assert!(p.has_more);
        assert_eq!(p.rows.len(), PAGE as usize);
        assert!(!p.step(&Action::Last));
        assert_eq!(p.selected(), Some(&(PAGE - 1)));
        assert!(p.step(&Action::Down));
        assert_eq!(p.offset, PAGE);
        p.set_rows(page(PAGE, 3));
        assert!(!p.has_more);
        assert_eq!(p.selected(), Some(&PAGE));
        assert_eq!(p.position(), PAGE + 1);
        assert!(!p.step(&Action::Down));
        assert!(!p.step(&Action::Down));
        assert!(!p.step(&Action::Down), "the end of the list stays put");
        assert_eq!(p.selected(), Some(&(PAGE + 2)));
    }

    #[test]
    fn moving_before_the_start_of_a_page_asks_for_the_previous() {
        let mut p = Paged {
            offset: PAGE,
            ..Default::default()
        };
        p.set_rows(page(PAGE, 5));
        assert!(p.step(&Action::Up));
        assert_eq!(p.offset, 0);
        p.set_rows(page(0, PAGE + 1));
        assert_eq!(p.selected(), Some(&(PAGE - 1)));
        assert!(!p.step(&Action::PageUp));
        assert_eq!(p.cursor, PAGE as usize - 11);
    }
}
