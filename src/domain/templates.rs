//! The texts of messages: one template per kind and channel, in `assets/messages/`, with
//! `{placeholders}` filled from the visit (SPEC §11).
//!
//! A line whose placeholder has nothing to say is left out, so "Where: {clinic}, {address}"
//! disappears for a clinic without an address and "Visit: {type}" for a visit without a type.
//! An e-mail template starts with a `Subject:` line. SMS templates are one short line and have
//! no placeholder for the visit's reason: no message carries it.

use super::message::{Channel, MessageKind};

/// The words a template may use, and what they stand for.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("clinic", "the clinic's name (settings --clinic-name)"),
    ("address", "the clinic's address (settings --address)"),
    ("patient", "the patient's full name"),
    ("doctor", "the doctor's name"),
    ("specialty", "the doctor's specialty"),
    ("date", "the visit's day, e.g. Tue 8 Jan 2030"),
    ("time", "the visit's start, e.g. 09:30"),
    ("end", "the visit's end"),
    ("type", "the visit type and its minutes, if booked with one"),
    ("was", "where a moved visit was"),
    ("why", "why a visit was cancelled"),
    ("until", "until when an offered place is held"),
    ("count", "how many visits a course has"),
    ("dates", "the days of a course, one a line"),
    ("last", "the last day of a course"),
];

/// What a message is about, for choosing its template: one visit, or several of a course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    One,
    Course,
}

/// A template as written: its subject line (e-mail only) and its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub subject: Option<&'static str>,
    pub body: &'static str,
}

macro_rules! asset {
    ($name:literal) => {
        include_str!(concat!("../../assets/messages/", $name))
    };
}

/// The template of a `kind` of message on `channel`.
pub fn template(kind: MessageKind, channel: Channel, about: Subject) -> Template {
    use Channel::*;
    use MessageKind::*;
    let text = match (kind, about, channel) {
        (Confirmation, Subject::One, Email) => asset!("confirmation.email"),
        (Confirmation, Subject::One, Sms) => asset!("confirmation.sms"),
        (Confirmation, Subject::Course, Email) => asset!("course.email"),
        (Confirmation, Subject::Course, Sms) => asset!("course.sms"),
        (Cancelled, Subject::One, Email) => asset!("cancelled.email"),
        (Cancelled, Subject::One, Sms) => asset!("cancelled.sms"),
        (Cancelled, Subject::Course, Email) => asset!("course-cancelled.email"),
        (Cancelled, Subject::Course, Sms) => asset!("course-cancelled.sms"),
        (Rescheduled, _, Email) => asset!("rescheduled.email"),
        (Rescheduled, _, Sms) => asset!("rescheduled.sms"),
        (Offer, _, Email) => asset!("offer.email"),
        (Offer, _, Sms) => asset!("offer.sms"),
        (Reminder, _, Email) => asset!("reminder.email"),
        (Reminder, _, Sms) => asset!("reminder.sms"),
    };
    match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("Subject:") => Template {
            subject: Some(first["Subject:".len()..].trim()),
            body: rest,
        },
        _ => Template {
            subject: None,
            body: text,
        },
    }
}

/// The values a template is filled with, by placeholder name.
#[derive(Debug, Clone, Default)]
pub struct Values(Vec<(&'static str, String)>);

impl Values {
    pub fn new() -> Values {
        Values::default()
    }

    /// Sets `name` (one of [`PLACEHOLDERS`]); empty means "nothing to say".
    pub fn set(&mut self, name: &'static str, value: impl Into<String>) -> &mut Values {
        debug_assert!(PLACEHOLDERS.iter().any(|(p, _)| *p == name), "{name}");
        self.0.retain(|(n, _)| *n != name);
        self.0.push((name, value.into()));
        self
    }

    /// The values as a JSON object, to keep beside a queued message.
    pub fn to_json(&self) -> String {
        let map: serde_json::Map<String, serde_json::Value> = self
            .0
            .iter()
            .map(|(n, v)| ((*n).to_string(), serde_json::Value::String(v.clone())))
            .collect();
        serde_json::Value::Object(map).to_string()
    }

    /// Values kept with [`Values::to_json`]; names no template knows are dropped.
    pub fn from_json(text: &str) -> Values {
        let mut values = Values::new();
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(text) {
            for (name, value) in map {
                let known = PLACEHOLDERS.iter().find(|(p, _)| *p == name);
                if let (Some((name, _)), serde_json::Value::String(v)) = (known, value) {
                    values.set(name, v);
                }
            }
        }
        values
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `text` with every `{placeholder}` replaced. A line with a placeholder that has no value
/// (unset or empty) is left out; an unknown `{word}` is kept as written. The result ends
/// without trailing blank lines.
pub fn render(text: &str, values: &Values) -> String {
    let mut out = String::new();
    'lines: for line in text.lines() {
        let mut filled = String::new();
        let mut rest = line;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            filled.push_str(&rest[..open]);
            if PLACEHOLDERS.iter().any(|(p, _)| *p == name) {
                match values.get(name) {
                    Some(v) if !v.is_empty() => filled.push_str(v),
                    _ => continue 'lines,
                }
            } else {
                filled.push_str(&rest[open..=open + close]);
            }
            rest = &rest[open + close + 1..];
        }
        filled.push_str(rest);
        out.push_str(&filled);
        out.push('\n');
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// The placeholders `text` uses that are not in [`PLACEHOLDERS`]: a template with any is a
/// mistake.
pub fn unknown_placeholders(text: &str) -> Vec<String> {
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        if !PLACEHOLDERS.iter().any(|(p, _)| *p == name) {
            unknown.push(name.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_template() -> Vec<(MessageKind, Channel, Subject, Template)> {
        let mut all = Vec::new();
        for kind in MessageKind::ALL {
            for channel in [Channel::Email, Channel::Sms] {
                for about in [Subject::One, Subject::Course] {
                    all.push((*kind, channel, about, template(*kind, channel, about)));
                }
            }
        }
        all
    }

    #[test]
    fn every_template_uses_known_placeholders_and_has_the_right_shape() {
        for (kind, channel, about, t) in every_template() {
            let what = format!("{kind} {channel} {about:?}");
            assert!(unknown_placeholders(t.body).is_empty(), "{what}: {t:?}");
            match channel {
                Channel::Email => {
                    let subject = t.subject.unwrap_or_else(|| panic!("{what}: no subject"));
                    assert!(unknown_placeholders(subject).is_empty(), "{what}");
                }
                Channel::Sms => {
                    assert_eq!(t.subject, None, "{what}");
                    assert_eq!(t.body.trim().lines().count(), 1, "{what}: one line");
                }
            }
        }
    }

    #[test]
    fn sms_stay_short_with_long_names() {
        let mut v = Values::new();
        v.set("clinic", "Riverside Family Clinic")
            .set("doctor", "Dr. Alexandra Konstantinopoulou")
            .set("date", "Wed 31 Dec 2030")
            .set("time", "09:30")
            .set("was", "Tue 30 Dec 2030 at 17:45")
            .set("until", "09:45")
            .set("count", "12")
            .set("last", "Wed 24 Mar 2031");
        for (kind, channel, about, t) in every_template() {
            if channel == Channel::Sms {
                let text = render(t.body, &v);
                assert!(
                    text.trim().chars().count() <= 160,
                    "{kind} {about:?}: {} characters: {text}",
                    text.trim().chars().count()
                );
            }
        }
    }

    #[test]
    fn values_keep_as_json() {
        let mut v = Values::new();
        v.set("doctor", "Dr. Ōtake \"Ken\"")
            .set("dates", "  - a\n  - b");
        let back = Values::from_json(&v.to_json());
        assert_eq!(back.get("doctor"), Some("Dr. Ōtake \"Ken\""));
        assert_eq!(back.get("dates"), Some("  - a\n  - b"));
        assert_eq!(
            Values::from_json(r#"{"evil":"x","time":"09:00"}"#).0.len(),
            1
        );
        assert_eq!(Values::from_json("not json").0.len(), 0);
    }

    #[test]
    fn a_line_without_its_value_is_left_out() {
        let mut v = Values::new();
        v.set("clinic", "Riverside").set("address", "");
        assert_eq!(
            render(
                "Hello\nWhere: {clinic}, {address}\nVisit: {type}\n{clinic}\n\n",
                &v
            ),
            "Hello\nRiverside\n"
        );
        v.set("address", "1 High St");
        assert_eq!(
            render("Where: {clinic}, {address} {json}", &v),
            "Where: Riverside, 1 High St {json}\n"
        );
    }
}
