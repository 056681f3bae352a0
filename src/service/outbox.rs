//! The outbox (SPEC §11): the desk's view of every message, a retry for a failed one, and the
//! sender that gets due messages to patients.
//!
//! The sender claims one message at a time under a lease, in a short write transaction that
//! also records the outcome of the one before; it sends with no transaction open. Two senders
//! at once queue on the write lock and never claim the same message; one that dies leaves its
//! message to be claimed again when the lease runs out. Each due message is checked again
//! when claimed (a reminder for a cancelled or moved visit is skipped) and written for the
//! channel its patient wants now.

use super::messages::{recipient, still_wanted, write};
use super::{Clinic, record};
use crate::domain::message::{MAX_ATTEMPTS, retry_after};
use crate::domain::templates::Values;
use crate::domain::{Actor, Channel, Message, MessageId, MessageStatus, PatientId, access};
use crate::error::{Error, Result};
use crate::store::outbox::{self, Claim, OutboxQuery};
use crate::store::{patients, settings};
use crate::transport::mail::Mail;
use crate::transport::sms::Sms;
use crate::transport::{Courier, Outgoing, Refusal, Secrets};
use chrono::{Duration, NaiveDateTime};
use rusqlite::Connection;
use serde::Serialize;

/// How long a claimed message is the claiming sender's alone: far longer than one message
/// takes to send, even against a slow server.
const LEASE_MINUTES: i64 = 10;

/// A page of messages at most this long.
pub const PAGE_MAX: u32 = 1_000;

/// What one run of the sender did (SPEC §11 JSON, plus what waits for a channel to be set up).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SendReport {
    pub sent: u32,
    /// Failed for good this run (after the last of their tries).
    pub failed: u32,
    /// Not sent on purpose: the visit was cancelled or moved, the offer ended, the patient
    /// wants no messages.
    pub skipped: u32,
    /// Failed this run, to be tried again later.
    pub retrying: u32,
    /// Due, but e-mail or SMS is not set up, so they wait.
    pub waiting: u32,
}

impl SendReport {
    /// Whether the run sent, skipped or tried anything (waiting alone is nothing new).
    pub fn did_something(&self) -> bool {
        self.sent + self.failed + self.skipped + self.retrying > 0
    }

    pub fn add(&mut self, other: SendReport) {
        self.sent += other.sent;
        self.failed += other.failed;
        self.skipped += other.skipped;
        self.retrying += other.retrying;
        self.waiting = other.waiting;
    }

    /// "3 sent, 1 to retry, 2 skipped" (what happened, in words).
    pub fn sentence(&self) -> String {
        let mut said = vec![format!("{} sent", self.sent)];
        for (n, what) in [
            (self.retrying, "to retry"),
            (self.failed, "failed"),
            (self.skipped, "skipped"),
            (self.waiting, "waiting for e-mail or SMS to be set up"),
        ] {
            if n > 0 {
                said.push(format!("{n} {what}"));
            }
        }
        said.join(", ")
    }
}

/// How many messages stand in each status, for the desk's filter bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OutboxCounts {
    pub queued: u64,
    pub sent: u64,
    pub failed: u64,
    pub skipped: u64,
}

impl OutboxCounts {
    pub fn of(&self, status: MessageStatus) -> u64 {
        match status {
            MessageStatus::Queued => self.queued,
            MessageStatus::Sent => self.sent,
            MessageStatus::Failed => self.failed,
            MessageStatus::Skipped => self.skipped,
        }
    }
}

/// A claimed message, ready to go.
struct Claimed {
    id: MessageId,
    /// The message's name on the wire (see [`Outgoing::key`]).
    key: String,
    channel: Channel,
    to: String,
    to_name: String,
    subject: Option<String>,
    body: String,
    attempts: u32,
}

/// What became of a claimed message.
enum Outcome {
    Sent,
    Refused(String),
}

impl Clinic {
    /// Messages, newest first, by status and patient. Admins only.
    pub fn outbox(
        &self,
        actor: &Actor,
        status: Option<MessageStatus>,
        patient: Option<PatientId>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<Message>> {
        access::admin(actor)?;
        let q = OutboxQuery {
            status,
            patient,
            limit: if limit == 0 {
                PAGE_MAX
            } else {
                limit.min(PAGE_MAX)
            },
            offset,
        };
        self.store.read(|tx| outbox::list(tx, &q))
    }

    /// One message, with its text. Admins only.
    pub fn message(&self, actor: &Actor, id: MessageId) -> Result<Message> {
        access::admin(actor)?;
        self.store.read(|tx| outbox::get(tx, id))
    }

    /// How many messages are queued, sent, failed and skipped. Admins only.
    pub fn outbox_counts(&self, actor: &Actor) -> Result<OutboxCounts> {
        access::admin(actor)?;
        let [queued, sent, failed, skipped] = self.store.read(|tx| outbox::counts(tx))?;
        Ok(OutboxCounts {
            queued,
            sent,
            failed,
            skipped,
        })
    }

    /// Queues a failed message again, due now, with a fresh round of tries. Admins only.
    pub fn retry_message(&self, actor: &Actor, id: MessageId) -> Result<Message> {
        access::admin(actor)?;
        let now = self.now();
        self.store.write(|tx| {
            let m = outbox::get(tx, id)?;
            if m.status != MessageStatus::Failed {
                return Err(Error::conflict(format!(
                    "message {id} is {}; only a failed message is retried",
                    m.status
                )));
            }
            outbox::retry(tx, id, now)?;
            record(
                tx,
                now,
                actor,
                "outbox_retry",
                format!("message {id}"),
                m.last_error,
            )?;
            outbox::get(tx, id)
        })
    }

    /// When the next queued message on a channel that is set up falls due, if any: how long
    /// `outbox send --watch` may sleep.
    pub fn next_message_due(&self) -> Result<Option<NaiveDateTime>> {
        let channels = configured(&self.settings()?);
        self.store.read(|tx| outbox::next_due(tx, &channels))
    }

    /// Sends every message due now (SPEC §11 `outbox send`): the system (no sign-in) or an
    /// admin. E-mail and SMS that are not set up wait; a message that fails is tried again
    /// later (about 1, 5, 30 and 120 minutes on) and then marked `failed` with its error; one
    /// failure never holds up the others, and a channel whose server cannot be reached is left
    /// for the next run.
    pub fn send_outbox(&self, actor: &Actor, secrets: &Secrets) -> Result<SendReport> {
        access::run_job(actor)?;
        let settings = self.settings()?;
        let mut couriers = Couriers::new(&settings, secrets);
        let owner = format!("{}-{:08x}", std::process::id(), fastrand::u32(..));
        let mut report = SendReport::default();
        let mut last: Option<(Claimed, Outcome)> = None;
        loop {
            let now = self.now();
            let live = couriers.live();
            let done = last.take();
            let next = self.store.write(|tx| {
                if let Some((m, outcome)) = &done {
                    settle(tx, m, outcome, &owner, now, &mut report)?;
                }
                claim_next(tx, &live, &owner, now, &mut report)
            })?;
            let Some(m) = next else { break };
            let outcome = couriers.send(&m);
            last = Some((m, outcome));
        }
        let now = self.now();
        self.store.write(|tx| {
            report.waiting =
                u32::try_from(outbox::due_count(tx, now, &couriers.idle())?).unwrap_or(u32::MAX);
            if report.did_something() {
                record(tx, now, actor, "outbox_send", None, report.sentence())?;
            }
            Ok(())
        })?;
        Ok(report)
    }
}

/// The channels the clinic has set up.
fn configured(settings: &crate::domain::Settings) -> Vec<Channel> {
    let mut list = Vec::new();
    if settings.smtp_url.is_some() && settings.mail_from.is_some() {
        list.push(Channel::Email);
    }
    if settings.sms_url.is_some() {
        list.push(Channel::Sms);
    }
    list
}

/// Records how a claimed message went, if its lease is still this sender's.
fn settle(
    tx: &Connection,
    m: &Claimed,
    outcome: &Outcome,
    owner: &str,
    now: NaiveDateTime,
    report: &mut SendReport,
) -> Result<()> {
    match outcome {
        Outcome::Sent => {
            if outbox::sent(tx, m.id, owner, now)? {
                report.sent += 1;
            }
        }
        Outcome::Refused(error) => {
            let attempts = m.attempts + 1;
            let retry_at = (attempts < MAX_ATTEMPTS)
                .then(|| retry_after(attempts).map(|wait| now + wait))
                .flatten();
            if outbox::failed_try(tx, m.id, owner, error, retry_at)? {
                if retry_at.is_some() {
                    report.retrying += 1;
                } else {
                    report.failed += 1;
                }
            }
        }
    }
    Ok(())
}

/// Claims the next due message on `channels` that still has something to say, skipping (with
/// their reasons) those that do not.
fn claim_next(
    tx: &Connection,
    channels: &[Channel],
    owner: &str,
    now: NaiveDateTime,
    report: &mut SendReport,
) -> Result<Option<Claimed>> {
    let settings = settings::get(tx)?;
    loop {
        let Some(due) = outbox::due(tx, now, channels, 1)?.pop() else {
            return Ok(None);
        };
        if let Err(why) = still_wanted(tx, &due, now)? {
            outbox::skip(tx, due.id, &why)?;
            report.skipped += 1;
            continue;
        }
        let patient = patients::get(tx, due.patient)?;
        let Some((channel, to)) = recipient(&patient) else {
            outbox::skip(tx, due.id, "the patient wants no messages now")?;
            report.skipped += 1;
            continue;
        };
        let facts = Values::from_json(&due.facts);
        let (subject, body) = write(due.kind, due.course, channel, &facts, &patient, &settings);
        let leased = channels.contains(&channel);
        outbox::claim(
            tx,
            due.id,
            &Claim {
                owner: leased.then_some(owner),
                until: now + Duration::minutes(LEASE_MINUTES),
                channel,
                to: &to,
                subject: subject.as_deref(),
                body: &body,
            },
        )?;
        // The patient switched to a channel that is not set up: it waits there.
        if !leased {
            continue;
        }
        return Ok(Some(Claimed {
            id: due.id,
            key: format!(
                "clinic.{}.{}",
                due.id,
                due.created_at.format("%Y%m%d%H%M%S")
            ),
            channel,
            to,
            to_name: patient.full_name,
            subject,
            body,
            attempts: due.attempts,
        }));
    }
}

/// The couriers of a run, made when first needed; a channel whose server cannot be reached is
/// down for the rest of the run, and its messages say why.
struct Couriers<'a> {
    settings: &'a crate::domain::Settings,
    secrets: &'a Secrets,
    mail: Option<Result<Mail, Refusal>>,
    sms: Option<Result<Sms, Refusal>>,
    down: Vec<Channel>,
}

impl<'a> Couriers<'a> {
    fn new(settings: &'a crate::domain::Settings, secrets: &'a Secrets) -> Couriers<'a> {
        Couriers {
            settings,
            secrets,
            mail: None,
            sms: None,
            down: Vec::new(),
        }
    }

    /// The channels set up and not down.
    fn live(&self) -> Vec<Channel> {
        configured(self.settings)
            .into_iter()
            .filter(|c| !self.down.contains(c))
            .collect()
    }

    /// The channels not set up.
    fn idle(&self) -> Vec<Channel> {
        let set_up = configured(self.settings);
        [Channel::Email, Channel::Sms]
            .into_iter()
            .filter(|c| !set_up.contains(c))
            .collect()
    }

    fn send(&mut self, m: &Claimed) -> Outcome {
        let outgoing = Outgoing {
            key: &m.key,
            to: &m.to,
            to_name: &m.to_name,
            subject: m.subject.as_deref(),
            body: &m.body,
        };
        let (s, secrets) = (self.settings, self.secrets);
        let courier: Result<&mut dyn Courier, Refusal> = match m.channel {
            Channel::Email => self
                .mail
                .get_or_insert_with(|| {
                    Mail::new(
                        s.smtp_url.as_deref().unwrap_or_default(),
                        s.mail_from.as_deref().unwrap_or_default(),
                        secrets.smtp_password.as_deref(),
                    )
                })
                .as_mut()
                .map(|c| c as &mut dyn Courier)
                .map_err(|e| e.clone()),
            Channel::Sms => self
                .sms
                .get_or_insert_with(|| {
                    Sms::new(
                        s.sms_url.as_deref().unwrap_or_default(),
                        secrets.sms_token.as_deref(),
                    )
                })
                .as_mut()
                .map(|c| c as &mut dyn Courier)
                .map_err(|e| e.clone()),
        };
        let result = courier.and_then(|c| c.deliver(&outgoing));
        match result {
            Ok(()) => Outcome::Sent,
            Err(Refusal::Message(why)) => Outcome::Refused(why),
            Err(Refusal::Channel(why)) => {
                tracing::warn!(channel = %m.channel, "channel down for this run: {why}");
                self.down.push(m.channel);
                Outcome::Refused(why)
            }
        }
    }
}
