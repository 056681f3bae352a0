//! Validation of free-text fields typed by people: trimmed, bounded, printable.

use crate::error::{Error, Result};

/// Longest name the clinic stores.
pub const NAME_MAX: usize = 100;
/// Longest note, description or reason.
pub const NOTE_MAX: usize = 1000;

/// A required field: trimmed, non-empty, at most `max` characters, no control characters.
pub fn required(field: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(format!("{field} must not be empty")));
    }
    bounded(field, v, max)
}

/// An optional field: blank becomes `None`.
pub fn optional(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => bounded(field, v, max).map(Some),
    }
}

fn bounded(field: &str, v: &str, max: usize) -> Result<String> {
    if v.chars().count() > max {
        return Err(Error::invalid(format!(
            "{field} is too long (at most {max} characters)"
        )));
    }
    if v.chars().any(|c| c.is_control()) {
        return Err(Error::invalid(format!(
            "{field} must not contain control characters"
        )));
    }
    Ok(v.to_string())
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
