//! E-mail over SMTP with `lettre`: `smtp://` upgrades with STARTTLS when the server offers it
//! (and insists on it before sending a password), `smtps://` is TLS from the start; the
//! server's certificate is checked against the machine's certificate store. One connection is
//! kept for a whole run and opened again if the server drops it.
//!
//! lettre builds the messages and speaks the protocol (greeting, EHLO, STARTTLS, AUTH, each
//! command and reply); this module drives its connection one command at a time rather than
//! through `SmtpTransport::send`, because that writes a message's text and its closing dot in
//! two writes: on a reused connection the second waits for the server's delayed ACK (Nagle),
//! 40 ms a message, a cap of 25 messages a second. Here the text and the dot go in one write.

use super::{Courier, Outgoing, Refusal, plain};
use crate::domain::endpoints::{MailSecurity, MailServer};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail as MailFrom, Quit, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use std::fmt;
use std::time::Duration;

/// How long one step of talking to the mail server may take.
const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Mail {
    server: MailServer,
    tls: TlsParameters,
    credentials: Option<Credentials>,
    from: Mailbox,
    hello: ClientId,
    /// The open connection, if any.
    open: Option<SmtpConnection>,
}

impl Mail {
    /// A courier for the server `url` (the setting `smtp_url`), sending as `from`, signing in
    /// with `password` when the URL names a user. Connects when the first message goes.
    pub fn new(url: &str, from: &str, password: Option<&str>) -> Result<Mail, Refusal> {
        let server = MailServer::parse(url).map_err(|e| Refusal::Channel(e.message().into()))?;
        let from: Mailbox = from.parse().map_err(|e| {
            Refusal::Channel(plain(&format!("the sender {from} is not usable: {e}")))
        })?;
        let tls = TlsParameters::new(server.host.clone())
            .map_err(|e| Refusal::Channel(plain(&format!("TLS could not be set up: {e}"))))?;
        let credentials = match (&server.username, password) {
            (None, _) => None,
            (Some(user), Some(password)) => {
                Some(Credentials::new(user.clone(), password.to_string()))
            }
            (Some(user), None) => {
                return Err(Refusal::Channel(format!(
                    "the mail server signs in as {user}: set CLINIC_SMTP_PASSWORD for the sender"
                )));
            }
        };
        Ok(Mail {
            server,
            tls,
            credentials,
            from,
            hello: ClientId::default(),
            open: None,
        })
    }

    /// A connection ready for mail: greeted, encrypted as the URL asks, signed in.
    fn connect(&self) -> Result<SmtpConnection, Refusal> {
        let unreachable = |e: &dyn fmt::Display| {
            Refusal::Channel(plain(&format!("the mail server could not be reached: {e}")))
        };
        let wrapped = (self.server.security == MailSecurity::Tls).then_some(&self.tls);
        let mut conn = SmtpConnection::connect(
            (self.server.host.as_str(), self.server.port),
            Some(TIMEOUT),
            &self.hello,
            wrapped,
            None,
        )
        .map_err(|e| unreachable(&e))?;
        if self.server.security == MailSecurity::StartTlsWhenOffered {
            if conn.can_starttls() {
                conn.starttls(&self.tls, &self.hello)
                    .map_err(|e| unreachable(&e))?;
            } else if self.credentials.is_some() {
                // A password never crosses the network in the clear.
                return Err(Refusal::Channel(
                    "the mail server does not offer STARTTLS, so the password is not sent: use smtps:// or a server with TLS".into(),
                ));
            }
        }
        if let Some(credentials) = &self.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .map_err(|e| {
                    Refusal::Channel(plain(&format!("the mail server refused the sign-in: {e}")))
                })?;
        }
        Ok(conn)
    }

    /// One message over `conn`: envelope, recipient, and the text with its closing dot in
    /// one write.
    fn transmit(
        conn: &mut SmtpConnection,
        email: &Message,
    ) -> Result<(), lettre::transport::smtp::Error> {
        let text = email.formatted();
        let mut options = Vec::new();
        if !text.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let envelope = email.envelope();
        conn.command(MailFrom::new(envelope.from().cloned(), options))?;
        for to in envelope.to() {
            conn.command(Rcpt::new(to.clone(), Vec::new()))?;
        }
        conn.command(Data)?;
        conn.command(Content(&text))?;
        Ok(())
    }
}

/// A message's text as the DATA phase sends it: lines starting with a dot get another
/// (RFC 5321 §4.5.2), then the closing `CRLF.CRLF`.
struct Content<'a>(&'a [u8]);

impl fmt::Display for Content<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = String::from_utf8_lossy(self.0);
        let mut out = String::with_capacity(text.len() + 8);
        for line in text.split_inclusive('\n') {
            if line.starts_with('.') {
                out.push('.');
            }
            out.push_str(line);
        }
        if !out.ends_with("\r\n") {
            out.push_str("\r\n");
        }
        out.push_str(".\r\n");
        f.write_str(&out)
    }
}

/// How one message went over one connection.
enum Sent {
    Ok,
    /// The server answered and refused this message.
    Refused(String),
    /// The connection failed under it.
    Lost(String),
}

impl Courier for Mail {
    fn deliver(&mut self, m: &Outgoing<'_>) -> Result<(), Refusal> {
        let address = m
            .to
            .parse()
            .map_err(|e| Refusal::Message(plain(&format!("'{}' cannot be mailed: {e}", m.to))))?;
        let domain = self.from.email.domain().to_string();
        let email = Message::builder()
            .message_id(Some(format!("<{}@{domain}>", m.key)))
            .from(self.from.clone())
            .to(Mailbox::new(Some(m.to_name.to_string()), address))
            .subject(m.subject.unwrap_or_default())
            .header(ContentType::TEXT_PLAIN)
            .body(m.body.to_string())
            .map_err(|e| Refusal::Message(plain(&format!("the e-mail could not be made: {e}"))))?;
        // A kept connection the server has since closed is opened again, once.
        if let Some(kept) = self.open.take().filter(|c| !c.has_broken()) {
            match self.send_on(kept, &email) {
                Sent::Lost(_) => {}
                done => return done.into(),
            }
        }
        let fresh = self.connect()?;
        self.send_on(fresh, &email).into()
    }
}

impl Mail {
    /// Sends `email` over `conn`, keeping the connection when it is still good.
    fn send_on(&mut self, mut conn: SmtpConnection, email: &Message) -> Sent {
        match Mail::transmit(&mut conn, email) {
            Ok(()) => {
                self.open = Some(conn);
                Sent::Ok
            }
            // The server answered, and refused this one: the connection goes on.
            Err(e) if e.is_permanent() || e.is_transient() => {
                if conn.command(Rset).is_ok() {
                    self.open = Some(conn);
                }
                Sent::Refused(plain(&format!("the mail server refused it: {e}")))
            }
            Err(e) => Sent::Lost(plain(&format!("the mail server could not be reached: {e}"))),
        }
    }
}

impl From<Sent> for Result<(), Refusal> {
    fn from(sent: Sent) -> Self {
        match sent {
            Sent::Ok => Ok(()),
            Sent::Refused(why) => Err(Refusal::Message(why)),
            Sent::Lost(why) => Err(Refusal::Channel(why)),
        }
    }
}

impl Drop for Mail {
    fn drop(&mut self) {
        if let Some(mut conn) = self.open.take() {
            let _ = conn.command(Quit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Content;

    #[test]
    fn a_line_starting_with_a_dot_gets_another_and_the_text_ends_with_the_dot() {
        let text = b"Subject: x\r\n\r\n.hidden\r\nok.\r\n..two";
        assert_eq!(
            Content(text).to_string(),
            "Subject: x\r\n\r\n..hidden\r\nok.\r\n...two\r\n.\r\n"
        );
        assert_eq!(Content(b"done\r\n").to_string(), "done\r\n.\r\n");
    }
}
