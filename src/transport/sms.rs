//! SMS through the clinic's gateway: an HTTP `POST` of `{"to": PHONE, "body": TEXT}` as JSON
//! to the setting `sms_url`, with `Authorization: Bearer` and `CLINIC_SMS_TOKEN` when set
//! (SPEC §11). Any 2xx answer is taken as sent; other answers are this message's failure.

use super::{Courier, Outgoing, Refusal, plain};
use std::time::Duration;
use ureq::tls::{RootCerts, TlsConfig};

/// How long one request to the gateway may take, all in all.
const TIMEOUT: Duration = Duration::from_secs(20);
/// How much of an error answer is kept.
const ANSWER_MAX: u64 = 2_000;

pub struct Sms {
    agent: ureq::Agent,
    url: String,
    token: Option<String>,
}

impl Sms {
    pub fn new(url: &str, token: Option<&str>) -> Result<Sms, Refusal> {
        let url = crate::domain::endpoints::check_sms_url(url)
            .map_err(|e| Refusal::Channel(e.message().into()))?;
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .http_status_as_error(false)
            .tls_config(
                TlsConfig::builder()
                    .root_certs(RootCerts::PlatformVerifier)
                    .build(),
            )
            .build()
            .into();
        Ok(Sms {
            agent,
            url,
            token: token.map(str::to_string),
        })
    }
}

impl Courier for Sms {
    fn deliver(&mut self, m: &Outgoing<'_>) -> Result<(), Refusal> {
        let payload = serde_json::json!({ "to": m.to, "body": m.body.trim_end() }).to_string();
        let mut request = self
            .agent
            .post(&self.url)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", m.key);
        if let Some(token) = &self.token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        let mut answer = request.send(payload.as_bytes()).map_err(|e| {
            Refusal::Channel(plain(&format!("the SMS gateway could not be reached: {e}")))
        })?;
        let status = answer.status();
        if status.is_success() {
            return Ok(());
        }
        let said = answer
            .body_mut()
            .with_config()
            .limit(ANSWER_MAX)
            .read_to_string()
            .unwrap_or_default();
        Err(Refusal::Message(plain(&format!(
            "the SMS gateway answered {status}{}",
            if said.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", said.trim())
            }
        ))))
    }
}
