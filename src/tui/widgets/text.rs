//! Fitting text people typed into a terminal's columns by its display width: a wide
//! character or an emoji takes two columns, an accent none. Text that does not fit ends in
//! `…`; messages wrap at word boundaries.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    text.width()
}

/// A box's title for a box `width` columns wide: padded with a space each side, and cut
/// with `…` so it never runs into the corner.
pub fn title(text: &str, width: u16) -> String {
    format!(" {} ", fit(text, usize::from(width).saturating_sub(4)))
}

/// `text` cut to at most `max` columns, ending in `…` when it was cut.
pub fn fit(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` in lines of at most `max` columns, broken between words where possible.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if candidate.width() <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word longer than a line is cut where it must be.
        let mut rest = word.to_string();
        while rest.width() > max {
            let mut head = String::new();
            let mut used = 0;
            for c in rest.chars() {
                let w = c.width().unwrap_or(0);
                if used + w > max {
                    break;
                }
                head.push(c);
                used += w;
            }
            rest = rest[head.len()..].to_string();
            lines.push(head);
        }
        line = rest;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Initials for a narrow column: "Dr. Ada Lee" → "AL" (titles skipped, any script).
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| !w.ends_with('.'))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .take(2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_counts_columns_not_characters() {
        assert_eq!(fit("Ann Archer", 20), "Ann Archer");
        assert_eq!(fit("Ann Archer", 6), "Ann A…");
        assert_eq!(width("李小龍"), 6);
        assert_eq!(fit("李小龍 Lee", 5), "李小…");
        assert_eq!(width(&fit("🙂🙂🙂🙂", 5)), 5);
        assert_eq!(fit("Émile", 5), "Émile");
    }

    #[test]
    fn messages_wrap_between_words() {
        assert_eq!(
            wrap("the slot is held for Bob until 10:15", 16),
            ["the slot is held", "for Bob until", "10:15"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn initials_skip_titles_and_work_in_any_script() {
        assert_eq!(initials("Dr. Ada Lee"), "AL");
        assert_eq!(initials("Ελένη Παπαδοπούλου"), "ΕΠ");
        assert_eq!(initials("李 小龍"), "李小");
    }
}
