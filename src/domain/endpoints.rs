//! Where messages go (SPEC §11): the mail server (`smtp_url`), the sender address
//! (`mail_from`) and the SMS gateway (`sms_url`), checked when the desk sets them so a typo
//! is refused at once rather than found by the sender at night.
//!
//! Passwords never live here: a URL carrying one is refused. The sender reads them from its
//! environment (`CLINIC_SMTP_PASSWORD`, `CLINIC_SMS_TOKEN`).

use crate::error::{Error, Result};
use url::Url;

/// How the connection to the mail server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailSecurity {
    /// `smtp://`: plain at first, upgraded with STARTTLS when the server offers it.
    StartTlsWhenOffered,
    /// `smtps://`: TLS from the first byte.
    Tls,
}

/// A mail server as `smtp_url` names it: `smtp://[user@]host[:port]` or `smtps://…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailServer {
    pub security: MailSecurity,
    pub host: String,
    pub port: u16,
    /// Who to sign in as (with the password from the environment), if the server wants it.
    pub username: Option<String>,
}

impl MailServer {
    pub fn parse(text: &str) -> Result<MailServer> {
        let example = "e.g. smtp://mail.example.org:587 or smtps://desk@mail.example.org";
        let url = Url::parse(text.trim()).map_err(|e| {
            Error::invalid(format!(
                "'{text}' is not a mail server URL ({e}; {example})"
            ))
        })?;
        let security = match url.scheme() {
            "smtp" => MailSecurity::StartTlsWhenOffered,
            "smtps" => MailSecurity::Tls,
            other => {
                return Err(Error::invalid(format!(
                    "a mail server URL starts with smtp:// or smtps://, not {other}:// ({example})"
                )));
            }
        };
        if url.password().is_some() {
            return Err(Error::invalid(
                "the mail server URL must not carry a password: the sender reads it from CLINIC_SMTP_PASSWORD",
            ));
        }
        let host = match url.host_str() {
            Some(h) if !h.is_empty() => h.to_string(),
            _ => {
                return Err(Error::invalid(format!(
                    "the mail server URL names no host ({example})"
                )));
            }
        };
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return Err(Error::invalid(format!(
                "a mail server URL is only scheme, user, host and port ({example})"
            )));
        }
        let username = match url.username() {
            "" => None,
            u => Some(
                percent_decode(u)
                    .ok_or_else(|| Error::invalid("the mail server's user name is not UTF-8"))?,
            ),
        };
        let port = url.port().unwrap_or(match security {
            MailSecurity::StartTlsWhenOffered => 587,
            MailSecurity::Tls => 465,
        });
        Ok(MailServer {
            security,
            host,
            port,
            username,
        })
    }
}

/// The SMS gateway as `sms_url` names it: an `http://` or `https://` URL that takes a POST.
pub fn check_sms_url(text: &str) -> Result<String> {
    let url = Url::parse(text.trim())
        .map_err(|e| Error::invalid(format!("'{text}' is not an SMS gateway URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid(
            "the SMS gateway URL is http:// or https:// with a host, e.g. https://sms.example.org/send",
        ));
    }
    if url.password().is_some() {
        return Err(Error::invalid(
            "the SMS gateway URL must not carry a password: the sender reads a token from CLINIC_SMS_TOKEN",
        ));
    }
    Ok(url.to_string())
}

/// The sender of e-mails: `desk@example.org` or `Riverside Clinic <desk@example.org>`.
pub fn check_mail_from(text: &str) -> Result<String> {
    let text = super::text::required("mail from", text, 200)?;
    let address = match (text.rfind('<'), text.ends_with('>')) {
        (Some(open), true) => {
            let name = text[..open].trim();
            if name.contains(['"', '<', '>']) {
                return Err(Error::invalid(format!(
                    "'{text}' is not a sender: write desk@example.org or Clinic Name <desk@example.org>"
                )));
            }
            &text[open + 1..text.len() - 1]
        }
        (None, false) => text.as_str(),
        _ => {
            return Err(Error::invalid(format!(
                "'{text}' is not a sender: write desk@example.org or Clinic Name <desk@example.org>"
            )));
        }
    };
    super::text::email(Some(address))?;
    Ok(text)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_servers_are_read_with_their_security_and_default_ports() {
        let m = MailServer::parse("smtp://mail.example.org").unwrap();
        assert_eq!(
            m,
            MailServer {
                security: MailSecurity::StartTlsWhenOffered,
                host: "mail.example.org".into(),
                port: 587,
                username: None
            }
        );
        let m = MailServer::parse("smtps://desk%40clinic.org@mail.example.org:2465").unwrap();
        assert_eq!(m.security, MailSecurity::Tls);
        assert_eq!(m.port, 2465);
        assert_eq!(m.username.as_deref(), Some("desk@clinic.org"));
        assert_eq!(MailServer::parse("smtps://127.0.0.1").unwrap().port, 465);
    }

    #[test]
    fn passwords_and_strangers_are_refused() {
        for bad in [
            "smtp://desk:secret@mail.example.org",
            "http://mail.example.org",
            "mail.example.org:587",
            "smtp://",
            "smtp://mail.example.org/inbox",
            "smtp://mail.example.org?tls=required",
        ] {
            let e = MailServer::parse(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Invalid, "{bad}");
        }
        assert!(
            MailServer::parse("smtp://desk:secret@mail.example.org")
                .unwrap_err()
                .message()
                .contains("CLINIC_SMTP_PASSWORD")
        );
        assert!(check_sms_url("https://sms.example.org/send").is_ok());
        assert!(check_sms_url("ftp://sms.example.org").is_err());
        assert!(check_sms_url("https://user:pw@sms.example.org").is_err());
    }

    #[test]
    fn a_sender_is_an_address_with_or_without_a_name() {
        assert_eq!(
            check_mail_from(" desk@example.org ").unwrap(),
            "desk@example.org"
        );
        assert!(check_mail_from("Riverside Clinic <desk@example.org>").is_ok());
        for bad in [
            "desk",
            "Clinic <desk>",
            "Clinic desk@example.org>",
            "<a@b.c",
            "\"x\" <a@b.c>",
        ] {
            assert!(check_mail_from(bad).is_err(), "{bad}");
        }
    }
}
