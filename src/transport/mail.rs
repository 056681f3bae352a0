//! E-mail over SMTP with `lettre`: `smtp://` upgrades with STARTTLS when the server offers it
//! (and insists on it before sending a password), `smtps://` is TLS from the start; the
//! server's certificate is checked against the machine's certificate store. One connection is
//! kept and reused for a whole run.

use super::{Courier, Outgoing, Refusal, plain};
use crate::domain::endpoints::{MailSecurity, MailServer};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{SmtpTransport, Transport};
use std::time::Duration;

/// How long one step of talking to the mail server may take.
const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Mail {
    transport: SmtpTransport,
    from: Mailbox,
}

impl Mail {
    /// A courier for the server `url` (the setting `smtp_url`), sending as `from`, signing in
    /// with `password` when the URL names a user.
    pub fn new(url: &str, from: &str, password: Option<&str>) -> Result<Mail, Refusal> {
        let server = MailServer::parse(url).map_err(|e| Refusal::Channel(e.message().into()))?;
        let from: Mailbox = from.parse().map_err(|e| {
            Refusal::Channel(plain(&format!("the sender {from} is not usable: {e}")))
        })?;
        let tls = TlsParameters::new(server.host.clone())
            .map_err(|e| Refusal::Channel(plain(&format!("TLS could not be set up: {e}"))))?;
        let mut builder = SmtpTransport::builder_dangerous(server.host.as_str())
            .port(server.port)
            .timeout(Some(TIMEOUT));
        builder = match (server.security, &server.username) {
            (MailSecurity::Tls, _) => builder.tls(Tls::Wrapper(tls)),
            // A password never crosses the network in the clear.
            (MailSecurity::StartTlsWhenOffered, Some(_)) => builder.tls(Tls::Required(tls)),
            (MailSecurity::StartTlsWhenOffered, None) => builder.tls(Tls::Opportunistic(tls)),
        };
        if let Some(user) = &server.username {
            let Some(password) = password else {
                return Err(Refusal::Channel(format!(
                    "the mail server signs in as {user}: set CLINIC_SMTP_PASSWORD for the sender"
                )));
            };
            builder = builder.credentials(Credentials::new(user.clone(), password.to_string()));
        }
        Ok(Mail {
            transport: builder.build(),
            from,
        })
    }
}

impl Courier for Mail {
    fn deliver(&mut self, m: &Outgoing<'_>) -> Result<(), Refusal> {
        let address = m
            .to
            .parse()
            .map_err(|e| Refusal::Message(plain(&format!("'{}' cannot be mailed: {e}", m.to))))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(Some(m.to_name.to_string()), address))
            .subject(m.subject.unwrap_or_default())
            .header(ContentType::TEXT_PLAIN)
            .body(m.body.to_string())
            .map_err(|e| Refusal::Message(plain(&format!("the e-mail could not be made: {e}"))))?;
        match self.transport.send(&email) {
            Ok(_) => Ok(()),
            // The server answered, and refused this one.
            Err(e) if e.is_permanent() || e.is_transient() => Err(Refusal::Message(plain(
                &format!("the mail server refused it: {e}"),
            ))),
            Err(e) => Err(Refusal::Channel(plain(&format!(
                "the mail server could not be reached: {e}"
            )))),
        }
    }
}
