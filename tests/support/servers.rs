//! Real servers on 127.0.0.1 for the messaging tests, each on a port of its own (bound to
//! port 0), running in the test's process: an SMTP server ([`Mailbox`], `mailin-embedded`:
//! the SMTP protocol, STARTTLS and AUTH are the crate's, not ours) and an HTTP server
//! ([`Gateway`], `tiny_http`). They keep what they received for the test to read.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One e-mail as the SMTP server received it.
#[derive(Debug, Clone)]
pub struct Mail {
    /// `MAIL FROM`.
    pub from: String,
    /// `RCPT TO`, each.
    pub to: Vec<String>,
    /// The message as it came over the wire.
    pub raw: Vec<u8>,
}

impl Mail {
    fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.raw)
            .expect("a parsable e-mail")
    }

    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_string()
    }

    /// The plain-text body, decoded, with the wire's CRLF line ends read as `\n`.
    pub fn body(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|b| b.replace("\r\n", "\n"))
            .unwrap_or_default()
    }

    /// The `From:` header as `Name <address>`.
    pub fn header_from(&self) -> String {
        let m = self.parsed();
        let a = m.from().and_then(|f| f.first()).expect("a From header");
        format!(
            "{} <{}>",
            a.name().unwrap_or_default(),
            a.address().unwrap_or_default()
        )
    }

    /// The `Message-ID:` header, without its angle brackets.
    pub fn message_id(&self) -> String {
        self.parsed().message_id().unwrap_or_default().to_string()
    }

    /// The `To:` header's name.
    pub fn to_name(&self) -> String {
        let m = self.parsed();
        m.to()
            .and_then(|t| t.first())
            .and_then(|a| a.name())
            .unwrap_or_default()
            .to_string()
    }
}

/// How the SMTP server behaves.
#[derive(Debug, Clone, Default)]
pub struct SmtpOptions {
    /// Recipients containing this are refused with 550 at `RCPT TO`.
    pub refuse: Option<String>,
    /// STARTTLS with this certificate and key (PEM files).
    pub tls: Option<(PathBuf, PathBuf)>,
    /// AUTH PLAIN and LOGIN required, with this user and password (only after STARTTLS).
    pub auth: Option<(String, String)>,
}

#[derive(Clone)]
struct Handler {
    opts: SmtpOptions,
    inbox: Arc<Mutex<Vec<Mail>>>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl mailin_embedded::Handler for Handler {
    fn mail(
        &mut self,
        _ip: std::net::IpAddr,
        _domain: &str,
        from: &str,
    ) -> mailin_embedded::Response {
        self.from = from.to_string();
        self.to.clear();
        self.data.clear();
        mailin_embedded::response::OK
    }

    fn rcpt(&mut self, to: &str) -> mailin_embedded::Response {
        if self.opts.refuse.as_deref().is_some_and(|r| to.contains(r)) {
            return mailin_embedded::response::NO_MAILBOX;
        }
        self.to.push(to.to_string());
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        self.inbox.lock().unwrap().push(Mail {
            from: std::mem::take(&mut self.from),
            to: std::mem::take(&mut self.to),
            raw: std::mem::take(&mut self.data),
        });
        mailin_embedded::response::OK
    }

    fn auth_plain(
        &mut self,
        _authz: &str,
        user: &str,
        password: &str,
    ) -> mailin_embedded::Response {
        self.check(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> mailin_embedded::Response {
        self.check(user, password)
    }
}

impl Handler {
    fn check(&self, user: &str, password: &str) -> mailin_embedded::Response {
        match &self.opts.auth {
            Some((u, p)) if u == user && p == password => mailin_embedded::response::AUTH_OK,
            _ => mailin_embedded::response::INVALID_CREDENTIALS,
        }
    }
}

/// A running SMTP server and what it has received.
pub struct Mailbox {
    pub port: u16,
    inbox: Arc<Mutex<Vec<Mail>>>,
}

impl Mailbox {
    pub fn start(opts: SmtpOptions) -> Mailbox {
        Mailbox::start_on(0, opts)
    }

    /// [`Mailbox::start`] on a given port (0: any free one).
    pub fn start_on(port: u16, opts: SmtpOptions) -> Mailbox {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind");
        let port = listener.local_addr().unwrap().port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let handler = Handler {
            opts: opts.clone(),
            inbox: inbox.clone(),
            from: String::new(),
            to: Vec::new(),
            data: Vec::new(),
        };
        let mut server = mailin_embedded::Server::new(handler);
        server.with_name("mail.test").with_num_threads(8);
        if let Some((cert, key)) = &opts.tls {
            server
                .with_ssl(mailin_embedded::SslConfig::SelfSigned {
                    cert_path: cert.display().to_string(),
                    key_path: key.display().to_string(),
                })
                .expect("TLS set up");
        }
        if opts.auth.is_some() {
            server
                .with_auth(mailin_embedded::AuthMechanism::Plain)
                .with_auth(mailin_embedded::AuthMechanism::Login);
        }
        server.with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Mailbox { port, inbox }
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Mail> {
        self.inbox.lock().unwrap().clone()
    }

    /// Waits (up to `secs`) until `n` e-mails have arrived; returns them all.
    pub fn wait_for(&self, n: usize, secs: u64) -> Vec<Mail> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let got = self.received();
            if got.len() >= n || Instant::now() > deadline {
                return got;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// One request the SMS gateway received.
#[derive(Debug, Clone)]
pub struct Text {
    pub authorization: Option<String>,
    pub idempotency_key: Option<String>,
    pub content_type: Option<String>,
    pub json: serde_json::Value,
}

/// A running HTTP server standing in for an SMS gateway: it takes every POST and answers
/// with the status it is told to.
pub struct Gateway {
    pub port: u16,
    answer: Arc<AtomicU16>,
    received: Arc<Mutex<Vec<Text>>>,
}

impl Gateway {
    pub fn start() -> Gateway {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let answer = Arc::new(AtomicU16::new(200));
        let received = Arc::new(Mutex::new(Vec::new()));
        let (a, r) = (answer.clone(), received.clone());
        std::thread::spawn(move || {
            for mut request in server.incoming_requests() {
                let header = |request: &tiny_http::Request, name: &'static str| {
                    request
                        .headers()
                        .iter()
                        .find(|h| h.field.equiv(name))
                        .map(|h| h.value.to_string())
                };
                let authorization = header(&request, "Authorization");
                let idempotency_key = header(&request, "Idempotency-Key");
                let content_type = header(&request, "Content-Type");
                let mut body = String::new();
                let _ = std::io::Read::read_to_string(request.as_reader(), &mut body);
                let status = a.load(Ordering::SeqCst);
                if status < 300 {
                    r.lock().unwrap().push(Text {
                        authorization,
                        idempotency_key,
                        content_type,
                        json: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
                    });
                }
                let text = if status < 300 {
                    "queued"
                } else {
                    "the gateway is down"
                };
                let _ = request
                    .respond(tiny_http::Response::from_string(text).with_status_code(status));
            }
        });
        Gateway {
            port,
            answer,
            received,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/send", self.port)
    }

    /// From now on, answer every request with `status`.
    pub fn answer(&self, status: u16) {
        self.answer.store(status, Ordering::SeqCst);
    }

    /// The texts accepted so far (those answered with a 2xx).
    pub fn received(&self) -> Vec<Text> {
        self.received.lock().unwrap().clone()
    }
}

/// A certificate authority and a certificate it signed for 127.0.0.1, as PEM files in `dir`:
/// `(ca, cert, key)`. A client trusts the server by `SSL_CERT_FILE=ca`.
pub fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "Clinic test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let paths = (
        dir.join("ca.pem"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
    );
    std::fs::write(&paths.0, ca.pem()).unwrap();
    std::fs::write(&paths.1, cert.pem()).unwrap();
    std::fs::write(&paths.2, key.serialize_pem()).unwrap();
    paths
}

/// The one TLS crypto provider for the test server (the test build links two).
pub fn use_ring() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
