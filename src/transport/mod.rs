//! Getting messages to patients: e-mail over SMTP ([`mail`]) and SMS by an HTTP POST to the
//! clinic's gateway ([`sms`]).
//!
//! The only module that opens network connections. It knows nothing of the outbox or the
//! rules: it is handed a text and an address and says whether it went, and if not, whether
//! the fault lies with this one message or with the whole channel (the server cannot be
//! reached), so the sender can stop trying that channel for now. Never called with a
//! transaction open.

pub mod mail;
pub mod sms;

use std::fmt;

/// One text on its way.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    /// Names this message, the same on every try: the e-mail's `Message-ID` and the SMS
    /// request's `Idempotency-Key`, so a message sent again after a crash can be recognised.
    pub key: &'a str,
    /// An e-mail address or a phone number.
    pub to: &'a str,
    /// The patient's name, for the e-mail's `To:`.
    pub to_name: &'a str,
    /// E-mail only.
    pub subject: Option<&'a str>,
    pub body: &'a str,
}

/// Why a text did not go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The server took the connection but refused this message (a bad address, a rejected
    /// body, an error status): the others may still go.
    Message(String),
    /// The server could not be reached or would not talk to us (connection refused, timed
    /// out, TLS or sign-in failed, not set up): no point trying the others now.
    Channel(String),
}

impl Refusal {
    pub fn text(&self) -> &str {
        match self {
            Refusal::Message(t) | Refusal::Channel(t) => t,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

/// A way of sending texts, reused for a whole run (one SMTP connection for many messages).
pub trait Courier {
    fn deliver(&mut self, message: &Outgoing<'_>) -> Result<(), Refusal>;
}

/// What the sender needs and the clinic's file never holds: read from the sender's
/// environment, `CLINIC_SMTP_PASSWORD` and `CLINIC_SMS_TOKEN`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    pub smtp_password: Option<String>,
    pub sms_token: Option<String>,
}

impl Secrets {
    pub fn from_env() -> Secrets {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        Secrets {
            smtp_password: var("CLINIC_SMTP_PASSWORD"),
            sms_token: var("CLINIC_SMS_TOKEN"),
        }
    }
}

/// Text from a server or a library, made safe to store and show: one line, no control
/// characters, at most 300 characters.
fn plain(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let squeezed = one_line.split_whitespace().collect::<Vec<_>>().join(" ");
    if squeezed.chars().count() <= 300 {
        return squeezed;
    }
    let mut cut: String = squeezed.chars().take(299).collect();
    cut.push('…');
    cut
}
