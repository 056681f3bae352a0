//! Validation of free-text fields typed by people: NFC-normalised, trimmed, bounded, and free
//! of control and invisible formatting characters (SPEC §14). Also the two ways typed text
//! leaves the clinic safely: [`for_terminal`] (no control sequences reach a terminal) and
//! [`search_key`] (names compared without case or accents, in every script).

use crate::error::{Error, Result};
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Longest name the clinic stores.
pub const NAME_MAX: usize = 100;
/// Longest note, description or reason.
pub const NOTE_MAX: usize = 1000;

/// A required field: normalised, non-empty, at most `max` characters, nothing invisible.
pub fn required(field: &str, value: &str, max: usize) -> Result<String> {
    let v = normalize(value);
    if v.is_empty() {
        return Err(Error::invalid(format!("{field} must not be empty")));
    }
    bounded(field, v, max)
}

/// An optional field: blank becomes `None`.
pub fn optional(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    match value.map(normalize) {
        None => Ok(None),
        Some(v) if v.is_empty() => Ok(None),
        Some(v) => bounded(field, v, max).map(Some),
    }
}

/// NFC, then trimmed: "Émile" typed as E + combining accent and as one character are one name.
fn normalize(value: &str) -> String {
    let nfc: String = value.nfc().collect();
    nfc.trim().to_string()
}

fn bounded(field: &str, v: String, max: usize) -> Result<String> {
    if v.chars().count() > max {
        return Err(Error::invalid(format!(
            "{field} is too long (at most {max} characters)"
        )));
    }
    if v.chars().any(is_invisible) {
        return Err(Error::invalid(format!(
            "{field} must not contain control or invisible characters"
        )));
    }
    Ok(v)
}

/// Control characters, invisible formatting (bidi overrides, zero-width spaces and joiners,
/// the byte-order mark) and line or paragraph separators: nothing a person means to type in
/// a name, and what a lookalike or a terminal attack is made of.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::Unassigned
            | GeneralCategory::PrivateUse
            | GeneralCategory::Surrogate
    )
}

/// `text` as it may be printed on a terminal: every control or invisible character becomes
/// `�`, so an escape sequence someone typed (e.g. as a username) is shown, never obeyed.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_invisible(c) { '\u{FFFD}' } else { c })
            .collect(),
    )
}

/// Like [`for_terminal`] for several lines of output: keeps the line breaks and tabs the
/// program itself wrote.
pub fn for_terminal_lines(text: &str) -> Cow<'_, str> {
    let bad = |c: char| is_invisible(c) && c != '\n' && c != '\t';
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect(),
    )
}

/// The form of a name that search compares: compatibility-decomposed, without accents or
/// other combining marks, lower case in every script, a few letters that do not decompose
/// spelt out (ß, æ, ø, ł …), and runs of spaces as one. "Ångström" and "angstrom" share it,
/// and so do "ΕΛΈΝΗ" and "ελενη".
pub fn search_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    let mut space = true;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() || is_invisible(c) {
            if !space {
                key.push(' ');
                space = true;
            }
            continue;
        }
        space = false;
        for lower in c.to_lowercase() {
            match lower {
                'ß' => key.push_str("ss"),
                'æ' => key.push_str("ae"),
                'œ' => key.push_str("oe"),
                'ø' => key.push('o'),
                'ł' => key.push('l'),
                'đ' | 'ð' => key.push('d'),
                'þ' => key.push_str("th"),
                'ı' => key.push('i'),
                // Final sigma folds to sigma, so "ΟΔΥΣΣΕΥΣ" finds "Οδυσσεύς".
                'ς' => key.push('σ'),
                other => key.push(other),
            }
        }
    }
    if key.ends_with(' ') {
        key.pop();
    }
    key
}

/// A cell of a CSV file meant for spreadsheets: text starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return would be read as a formula, so it gets a leading `'` (OWASP's advice;
/// spreadsheets show the text without it).
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// "1 slot", "3 slots", "2 entries": a count in plain words (regular English plurals).
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

/// A plausible e-mail address: one `@` with text on both sides and a dot in the domain.
pub fn email(value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = optional("email", value, 254)? else {
        return Ok(None);
    };
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if !ok {
        return Err(Error::invalid(format!("'{v}' is not an e-mail address")));
    }
    Ok(Some(v))
}

/// A phone number: digits with the usual separators, 3–20 digits.
pub fn phone(value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = optional("phone", value, 32)? else {
        return Ok(None);
    };
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let allowed = v
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'));
    if !allowed || !(3..=20).contains(&digits) {
        return Err(Error::invalid(format!("'{v}' is not a phone number")));
    }
    Ok(Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_fields_refuse_blank_huge_and_control_text() {
        assert!(required("name", "   ", 10).is_err());
        assert!(required("name", &"x".repeat(11), 10).is_err());
        assert!(required("name", "a\u{7}b", 10).is_err());
        assert_eq!(required("name", "  Ann  ", 10).unwrap(), "Ann");
    }

    #[test]
    fn names_refuse_bidi_overrides_separators_and_zero_width_characters() {
        for bad in [
            "Paula One\u{200b}",
            "Ann\u{202e}rehcrA",
            "Ann\u{2028}Archer",
            "Ann\u{feff}",
            "Ann\u{2060}Archer",
            "Ann\u{200d}",
            "\u{1b}[31mAnn",
        ] {
            let e = required("full name", bad, NAME_MAX).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Invalid, "{bad:?}");
            assert!(e.message().contains("invisible"), "{}", e.message());
        }
        assert_eq!(
            required("full name", "Zoë Ōtake-Łukasz 李小龍", NAME_MAX).unwrap(),
            "Zoë Ōtake-Łukasz 李小龍"
        );
    }

    #[test]
    fn names_are_nfc_normalised_so_two_spellings_are_one_name() {
        let decomposed = "E\u{301}mile";
        let composed = "\u{c9}mile";
        assert_eq!(required("name", decomposed, 10).unwrap(), composed);
    }

    #[test]
    fn the_search_key_ignores_case_and_accents_in_every_script() {
        assert_eq!(search_key("Ångström"), "angstrom");
        assert_eq!(search_key("ÉMILE  Zola"), "emile zola");
        assert_eq!(search_key("ΕΛΈΝΗ"), search_key("ελενη"));
        assert_eq!(search_key("Οδυσσεύς"), search_key("ΟΔΥΣΣΕΥΣ"));
        assert_eq!(search_key("Straße"), "strasse");
        assert_eq!(search_key("Søren Łukasz"), "soren lukasz");
        assert_eq!(search_key("АННА"), "анна");
        assert_eq!(search_key("ﬁnn"), "finn");
    }

    #[test]
    fn terminal_text_shows_escape_sequences_instead_of_obeying_them() {
        assert_eq!(for_terminal("Ann"), "Ann");
        assert_eq!(
            for_terminal("\u{1b}]0;pwned\u{7}\u{1b}[31mx"),
            "\u{fffd}]0;pwned\u{fffd}\u{fffd}[31mx"
        );
        assert_eq!(for_terminal("a\u{202e}b\nc"), "a\u{fffd}b\u{fffd}c");
        assert_eq!(for_terminal_lines("a\u{1b}b\nc\td"), "a\u{fffd}b\nc\td");
    }

    #[test]
    fn counts_read_as_words() {
        assert_eq!(count(1, "slot"), "1 slot");
        assert_eq!(count(0, "slot"), "0 slots");
        assert_eq!(count(2, "entry"), "2 entries");
        assert_eq!(count(3, "day"), "3 days");
    }

    #[test]
    fn csv_cells_that_spreadsheets_would_run_get_a_quote() {
        for (cell, safe) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+44 20 7946 0958", "'+44 20 7946 0958"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Ann Archer", "Ann Archer"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(cell), safe);
        }
    }

    #[test]
    fn emails_and_phones_are_checked() {
        assert!(email(Some("ann@example.org")).unwrap().is_some());
        assert!(email(Some("")).unwrap().is_none());
        for bad in ["ann", "ann@", "@x.org", "ann@org", "a b@x.org"] {
            assert!(email(Some(bad)).is_err(), "{bad}");
        }
        assert!(phone(Some("+44 (0)20 7946-0958")).unwrap().is_some());
        assert!(phone(Some("call me")).is_err());
    }
}
