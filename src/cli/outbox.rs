//! `clinic outbox …` (SPEC §11): the messages to patients, the sender for cron or systemd, and
//! a retry for a failed message.

use super::args::{MessageStatusArg, OutboxAction, OutboxArgs};
use super::output::{emit, opt, table};
use crate::domain::time::fmt_minute;
use crate::domain::{Actor, Message, MessageId, MessageStatus, PatientId};
use crate::error::{Error, Result};
use crate::service::{Clinic, SendReport};
use crate::transport::Secrets;
use std::sync::mpsc;
use std::time::Duration;

pub fn outbox(
    clinic: &Clinic,
    args: OutboxArgs,
    json: bool,
    actor: impl Fn() -> Result<Actor>,
) -> Result<()> {
    match args.action {
        None => {
            let status = args.status.map(|s| match s {
                MessageStatusArg::Queued => MessageStatus::Queued,
                MessageStatusArg::Sent => MessageStatus::Sent,
                MessageStatusArg::Failed => MessageStatus::Failed,
                MessageStatusArg::Skipped => MessageStatus::Skipped,
            });
            let list = clinic.outbox(
                &actor()?,
                status,
                args.patient.map(PatientId),
                args.limit,
                0,
            )?;
            emit(json, &list, |l| listing(l));
        }
        Some(OutboxAction::Show { id }) => {
            let m = clinic.message(&actor()?, MessageId(id))?;
            emit(json, &m, detail);
        }
        Some(OutboxAction::Retry { id }) => {
            let m = clinic.retry_message(&actor()?, MessageId(id))?;
            emit(json, &m, |m| format!("message {} is queued again", m.id));
        }
        Some(OutboxAction::Send { watch: false }) => {
            let report = clinic.send_outbox(&actor()?, &Secrets::from_env())?;
            emit(json, &report, SendReport::sentence);
        }
        Some(OutboxAction::Send { watch: true }) => {
            let report = watch(clinic, &actor()?, json)?;
            emit(json, &report, |r| {
                format!("stopped; in all {}", r.sentence())
            });
        }
    }
    Ok(())
}

/// How often `--watch` looks for messages another process has just queued.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// Sends as messages fall due until SIGTERM, SIGINT or SIGHUP: between runs it sleeps until
/// the next message is due, waking once a second only to see whether another terminal has
/// committed (a new booking's confirmation is due at once).
fn watch(clinic: &Clinic, actor: &Actor, json: bool) -> Result<SendReport> {
    let stop = stop_signals()?;
    let secrets = Secrets::from_env();
    let mut total = SendReport::default();
    loop {
        let version = clinic.data_version()?;
        let report = clinic.send_outbox(actor, &secrets)?;
        if !json && report.did_something() {
            println!("{}: {}", fmt_minute(clinic.now_minute()), report.sentence());
        }
        total.add(report);
        let next = clinic.next_message_due()?;
        loop {
            if stop.recv_timeout(LOOK_EVERY).is_ok() {
                return Ok(total);
            }
            let due = next.is_some_and(|at| at <= clinic.now());
            if due || clinic.data_version()? != version {
                break;
            }
        }
    }
}

/// A channel that receives once when the process is asked to stop.
fn stop_signals() -> Result<mpsc::Receiver<()>> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])
        .map_err(|e| Error::internal(format!("cannot watch for signals: {e}")))?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(());
        }
    });
    Ok(rx)
}

fn listing(list: &[Message]) -> String {
    table(
        &[
            "ID",
            "DUE",
            "STATUS",
            "KIND",
            "TO",
            "PATIENT",
            "TRIES",
            "LAST ERROR",
        ],
        list.iter()
            .map(|m| {
                vec![
                    m.id.to_string(),
                    fmt_minute(m.due_at),
                    m.status.to_string(),
                    m.kind.to_string(),
                    m.to.clone(),
                    m.patient_name.clone(),
                    m.attempts.to_string(),
                    opt(&m.last_error),
                ]
            })
            .collect(),
    )
}

fn detail(m: &Message) -> String {
    let mut text = format!(
        "message {} · {} by {} to {} ({})\n{} · due {} · {} tr{}",
        m.id,
        m.kind,
        m.channel.words(),
        m.to,
        m.patient_name,
        m.status,
        fmt_minute(m.due_at),
        m.attempts,
        if m.attempts == 1 { "y" } else { "ies" }
    );
    if let Some(at) = m.sent_at {
        text.push_str(&format!(" · sent {}", fmt_minute(at)));
    }
    if let Some(e) = &m.last_error {
        text.push_str(&format!("\nlast error: {e}"));
    }
    if let Some(s) = &m.subject {
        text.push_str(&format!("\n\nSubject: {s}"));
    }
    text.push_str(&format!("\n\n{}", m.body.trim_end()));
    text
}
