//! Clinic-wide settings, stored in the database file so every terminal agrees on them.

use super::reminders::Reminders;
use crate::error::{Error, Result};
use chrono::NaiveTime;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Opening time; no slot starts before it (R1).
    #[serde(serialize_with = "clock")]
    pub opens: NaiveTime,
    /// Closing time; no slot ends after it (R1).
    #[serde(serialize_with = "clock")]
    pub closes: NaiveTime,
    /// Length of a declared slot when none is given.
    pub slot_minutes: u32,
    /// How long a hold reserves a slot (R6).
    pub hold_minutes: u32,
    /// The TUI locks after this many minutes without input.
    pub idle_lock_minutes: u32,
    /// Plans are laid out as slots this many weeks ahead (SPEC §9).
    pub horizon_weeks: u32,
    /// R12: a patient books at least this long before the visit.
    pub min_notice_minutes: u32,
    /// R12: a patient books at most this many days ahead.
    pub max_advance_days: u32,
    /// The clinic's name and address, as messages to patients give them (SPEC §11).
    pub clinic_name: String,
    pub address: Option<String>,
    /// When reminders go out before a visit.
    pub reminders: Reminders,
    /// The mail server e-mails go through (`smtp://host:port`, `smtps://…`); none: e-mails
    /// wait in the outbox.
    pub smtp_url: Option<String>,
    /// Who e-mails come from.
    pub mail_from: Option<String>,
    /// The SMS gateway texts are posted to; none: texts wait in the outbox.
    pub sms_url: Option<String>,
    /// A patient waiting longer than this since check-in stands out on the board (SPEC §12).
    pub wait_alert_minutes: u32,
    /// A visit still booked this long after its start becomes a no-show by itself (0: off).
    pub no_show_after_minutes: u32,
}

fn clock<S: serde::Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&super::time::fmt_clock(*t))
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            opens: NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"),
            closes: NaiveTime::from_hms_opt(21, 0, 0).expect("valid time"),
            slot_minutes: 30,
            hold_minutes: 15,
            idle_lock_minutes: 5,
            horizon_weeks: 8,
            min_notice_minutes: 60,
            max_advance_days: 90,
            clinic_name: "the clinic".into(),
            address: None,
            reminders: Reminders::default(),
            smtp_url: None,
            mail_from: None,
            sms_url: None,
            wait_alert_minutes: 20,
            no_show_after_minutes: 0,
        }
    }
}

impl Settings {
    /// Whether these settings make sense together; the first thing wrong, in words.
    pub fn check(&self) -> Result<()> {
        if self.opens >= self.closes {
            return Err(Error::invalid("the clinic must open before it closes"));
        }
        super::slot::check_length(self.slot_minutes)?;
        if !(1..=240).contains(&self.hold_minutes) || !(1..=240).contains(&self.idle_lock_minutes) {
            return Err(Error::invalid("hold and idle-lock minutes are 1 to 240"));
        }
        if !(1..=104).contains(&self.horizon_weeks) {
            return Err(Error::invalid("the horizon is 1 to 104 weeks"));
        }
        if self.min_notice_minutes > 43_200 {
            return Err(Error::invalid(
                "the notice is at most 43200 minutes (30 days)",
            ));
        }
        if !(1..=3_660).contains(&self.max_advance_days) {
            return Err(Error::invalid("booking ahead is 1 to 3660 days"));
        }
        if !(1..=600).contains(&self.wait_alert_minutes) {
            return Err(Error::invalid("the wait alert is 1 to 600 minutes"));
        }
        if self.no_show_after_minutes > 1440 {
            return Err(Error::invalid(
                "the automatic no-show is 0 (off) to 1440 minutes after the start",
            ));
        }
        super::text::required("the clinic's name", &self.clinic_name, 120)?;
        super::text::optional("the address", self.address.as_deref(), 300)?;
        if let Some(url) = &self.smtp_url {
            super::endpoints::MailServer::parse(url)?;
            if self.mail_from.is_none() {
                return Err(Error::invalid(
                    "e-mails need a sender too: set --mail-from (e.g. \"Clinic <desk@example.org>\")",
                ));
            }
        }
        if let Some(from) = &self.mail_from {
            super::endpoints::check_mail_from(from)?;
        }
        if let Some(url) = &self.sms_url {
            super::endpoints::check_sms_url(url)?;
        }
        Ok(())
    }

    /// What changed from `before`, in words for the audit log: "opens 08:00 (was 09:00);
    /// idle lock 10 min (was 5 min)".
    pub fn changes_from(&self, before: &Settings) -> String {
        let clock = super::time::fmt_clock;
        let mut said = Vec::new();
        let mut note = |name: &str, now: String, was: String| {
            if now != was {
                said.push(format!("{name} {now} (was {was})"));
            }
        };
        note("opens", clock(self.opens), clock(before.opens));
        note("closes", clock(self.closes), clock(before.closes));
        let mins = |m: u32| format!("{m} min");
        note(
            "slot length",
            mins(self.slot_minutes),
            mins(before.slot_minutes),
        );
        note("hold", mins(self.hold_minutes), mins(before.hold_minutes));
        note(
            "idle lock",
            mins(self.idle_lock_minutes),
            mins(before.idle_lock_minutes),
        );
        let weeks = |w: u32| super::text::count(w as usize, "week");
        note(
            "horizon",
            weeks(self.horizon_weeks),
            weeks(before.horizon_weeks),
        );
        note(
            "notice",
            mins(self.min_notice_minutes),
            mins(before.min_notice_minutes),
        );
        let days = |d: u32| super::text::count(d as usize, "day");
        note(
            "booking ahead",
            days(self.max_advance_days),
            days(before.max_advance_days),
        );
        note("name", self.clinic_name.clone(), before.clinic_name.clone());
        let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
        note("address", or_none(&self.address), or_none(&before.address));
        note(
            "reminders",
            self.reminders.to_string(),
            before.reminders.to_string(),
        );
        note(
            "mail server",
            or_none(&self.smtp_url),
            or_none(&before.smtp_url),
        );
        note(
            "mail from",
            or_none(&self.mail_from),
            or_none(&before.mail_from),
        );
        note(
            "SMS gateway",
            or_none(&self.sms_url),
            or_none(&before.sms_url),
        );
        if said.is_empty() {
            "nothing changed".into()
        } else {
            said.join("; ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_told_in_words() {
        let before = Settings::default();
        let after = Settings {
            opens: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            idle_lock_minutes: 10,
            ..before.clone()
        };
        assert_eq!(
            after.changes_from(&before),
            "opens 08:00 (was 09:00); idle lock 10 min (was 5 min)"
        );
        assert_eq!(before.changes_from(&before), "nothing changed");
    }

    #[test]
    fn mail_needs_a_server_and_a_sender_together() {
        let mut s = Settings {
            smtp_url: Some("smtp://127.0.0.1:2525".into()),
            ..Settings::default()
        };
        assert!(s.check().unwrap_err().message().contains("--mail-from"));
        s.mail_from = Some("Riverside <desk@riverside.example>".into());
        assert!(s.check().is_ok());
        s.smtp_url = Some("smtp://desk:pw@127.0.0.1".into());
        assert!(s.check().is_err());
        assert!(Settings::default().check().is_ok());
    }
}
