//! Queries on `outbox`: messages queued in the transaction that causes them, claimed by a
//! sender under a lease, and their outcome.

use super::sql::{Filter, minute, opt_minute_at, opt_stamp_at, parsed_at, stamp, stamp_at};
use crate::domain::{
    AppointmentId, Channel, Message, MessageId, MessageKind, MessageStatus, PatientId, SeriesId,
};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params, params_from_iter};

/// What a message is about: a visit (or the first of a course), or a waitlist offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Visit(AppointmentId),
    Offer(i64),
}

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub kind: MessageKind,
    pub patient: PatientId,
    pub about: About,
    pub series: Option<SeriesId>,
    /// The visit's start when queued (a reminder for a visit that moved since is not sent).
    pub visit_start: Option<NaiveDateTime>,
    /// About several visits of a course.
    pub course: bool,
    pub facts: &'a str,
    pub channel: Channel,
    pub to: &'a str,
    pub subject: Option<&'a str>,
    pub body: &'a str,
    pub due_at: NaiveDateTime,
}

pub fn insert(conn: &Connection, m: &NewMessage<'_>, now: NaiveDateTime) -> Result<MessageId> {
    let (appointment, offer) = match m.about {
        About::Visit(a) => (Some(a), None),
        About::Offer(o) => (None, Some(o)),
    };
    conn.prepare_cached(
        "INSERT INTO outbox (kind, patient_id, appointment_id, series_id, offer_id, visit_start,
                             course, facts, channel, recipient, subject, body, due_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        m.kind.as_str(),
        m.patient,
        appointment,
        m.series,
        offer,
        m.visit_start.map(minute),
        m.course,
        m.facts,
        m.channel.as_str(),
        m.to,
        m.subject,
        m.body,
        stamp(m.due_at),
        stamp(now),
    ])?;
    Ok(MessageId(conn.last_insert_rowid()))
}

/// The queued messages of a visit: `(id, kind, course)`.
pub fn pending_of(
    conn: &Connection,
    appointment: AppointmentId,
) -> Result<Vec<(MessageId, MessageKind, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, course FROM outbox
         WHERE appointment_id = ?1 AND status = 'queued' ORDER BY id",
    )?;
    let rows = stmt.query_map([appointment], |r| {
        Ok((r.get(0)?, parsed_at(r, 1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether any message about the visit has gone out.
pub fn any_sent(conn: &Connection, appointment: AppointmentId) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM outbox WHERE appointment_id = ?1 AND status = 'sent')",
        )?
        .query_row([appointment], |r| r.get(0))?)
}

/// Marks a queued message as not to be sent, and why. Returns whether it was still queued.
pub fn skip(conn: &Connection, id: MessageId, why: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE outbox SET status = 'skipped', last_error = ?2, lease_owner = NULL,
                               lease_until = NULL
             WHERE id = ?1 AND status = 'queued'",
        )?
        .execute(params![id, why])?;
    Ok(n == 1)
}

/// What narrows the desk's list of messages.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutboxQuery {
    pub status: Option<MessageStatus>,
    pub patient: Option<PatientId>,
    pub limit: u32,
    pub offset: u32,
}

const SELECT: &str = "SELECT o.id, o.appointment_id, o.patient_id, p.full_name, o.kind, o.channel,
                             o.recipient, o.subject, o.due_at, o.status, o.attempts, o.last_error,
                             o.sent_at, o.body
                      FROM outbox o JOIN patients p ON p.id = o.patient_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Message> {
    Ok(Message {
        id: r.get(0)?,
        appointment_id: r.get(1)?,
        patient_id: r.get(2)?,
        patient_name: r.get(3)?,
        kind: parsed_at(r, 4)?,
        channel: parsed_at(r, 5)?,
        to: r.get(6)?,
        subject: r.get(7)?,
        due_at: stamp_at(r, 8)?,
        status: parsed_at(r, 9)?,
        attempts: r.get(10)?,
        last_error: r.get(11)?,
        sent_at: opt_stamp_at(r, 12)?,
        body: r.get(13)?,
    })
}

/// Messages, newest first; queued ones in the order they fall due.
pub fn list(conn: &Connection, q: &OutboxQuery) -> Result<Vec<Message>> {
    let mut f = Filter::default();
    f.and_some("o.status = ?", q.status.map(MessageStatus::as_str))
        .and_some("o.patient_id = ?", q.patient);
    if q.status.is_some_and(|s| s != MessageStatus::Queued) {
        // Spelled out so that SQLite reads the partial index of settled messages.
        f.and("o.status <> 'queued'", Vec::new());
    }
    let order = match q.status {
        Some(MessageStatus::Queued) => "o.due_at, o.id",
        _ => "o.id DESC",
    };
    let sql = format!("{SELECT}{} ORDER BY {order} LIMIT ? OFFSET ?", f.sql());
    let params: Vec<Box<dyn ToSql>> = f.params(vec![Box::new(q.limit), Box::new(q.offset)]);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params.iter()), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: MessageId) -> Result<Message> {
    conn.prepare_cached(&format!("{SELECT} WHERE o.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("there is no message {id}")))
}

/// How many messages stand in each status: `(queued, sent, failed, skipped)`.
pub fn counts(conn: &Connection) -> Result<[u64; 4]> {
    let mut out = [0; 4];
    for (i, status) in MessageStatus::ALL.iter().enumerate() {
        // Queued messages are counted in `outbox_due`, the others in `outbox_settled`.
        let n: i64 = match status {
            MessageStatus::Queued => conn
                .prepare_cached("SELECT count(*) FROM outbox WHERE status = 'queued'")?
                .query_row([], |r| r.get(0))?,
            _ => conn
                .prepare_cached(
                    "SELECT count(*) FROM outbox WHERE status = ?1 AND status <> 'queued'",
                )?
                .query_row([status.as_str()], |r| r.get(0))?,
        };
        out[i] = n.unsigned_abs();
    }
    Ok(out)
}

/// A message a sender may claim, with what it needs to check and compose it.
#[derive(Debug, Clone)]
pub struct Due {
    pub id: MessageId,
    pub kind: MessageKind,
    pub patient: PatientId,
    pub about: About,
    pub series: Option<SeriesId>,
    pub visit_start: Option<NaiveDateTime>,
    pub course: bool,
    pub facts: String,
    pub channel: Channel,
    pub to: String,
    pub attempts: u32,
    /// When it was queued: with the id, a name for the message no other clinic file gives.
    pub created_at: NaiveDateTime,
}

/// Up to `limit` queued messages due at `now` on one of `channels` that no live lease holds,
/// oldest due first.
pub fn due(
    conn: &Connection,
    now: NaiveDateTime,
    channels: &[Channel],
    limit: u32,
) -> Result<Vec<Due>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, patient_id, appointment_id, offer_id, series_id, visit_start, course,
                facts, channel, recipient, attempts, due_at, created_at
         FROM outbox INDEXED BY outbox_due
         WHERE status = 'queued' AND channel = ?1 AND due_at <= ?2
           AND (lease_until IS NULL OR lease_until <= ?2)
         ORDER BY due_at, id LIMIT ?3",
    )?;
    let mut all = Vec::new();
    // One index range per channel, then the earliest of them.
    for channel in channels {
        let rows = stmt.query_map(params![channel.as_str(), stamp(now), limit], |r| {
            let appointment: Option<AppointmentId> = r.get(3)?;
            let offer: Option<i64> = r.get(4)?;
            Ok((
                stamp_at(r, 12)?,
                Due {
                    id: r.get(0)?,
                    kind: parsed_at(r, 1)?,
                    patient: r.get(2)?,
                    about: match (appointment, offer) {
                        (Some(a), _) => About::Visit(a),
                        (None, o) => About::Offer(o.unwrap_or_default()),
                    },
                    series: r.get(5)?,
                    visit_start: opt_minute_at(r, 6)?,
                    course: r.get(7)?,
                    facts: r.get(8)?,
                    channel: parsed_at(r, 9)?,
                    to: r.get(10)?,
                    attempts: r.get(11)?,
                    created_at: stamp_at(r, 13)?,
                },
            ))
        })?;
        for row in rows {
            all.push(row?);
        }
    }
    all.sort_by_key(|(due, d)| (*due, d.id));
    all.truncate(limit as usize);
    Ok(all.into_iter().map(|(_, d)| d).collect())
}

/// How many queued messages are due at `now` on `channels` (those that cannot go yet).
pub fn due_count(conn: &Connection, now: NaiveDateTime, channels: &[Channel]) -> Result<u64> {
    let mut n = 0;
    for c in channels {
        n += conn
            .prepare_cached(
                "SELECT count(*) FROM outbox
                 WHERE status = 'queued' AND due_at <= ?1 AND channel = ?2",
            )?
            .query_row(params![stamp(now), c.as_str()], |r| r.get::<_, i64>(0))?
            .unsigned_abs();
    }
    Ok(n)
}

/// When the next queued message on `channels` falls due, if any (one being sent by another
/// sender counts as due: the caller looks again later).
pub fn next_due(conn: &Connection, channels: &[Channel]) -> Result<Option<NaiveDateTime>> {
    let mut next: Option<NaiveDateTime> = None;
    let mut stmt = conn.prepare_cached(
        "SELECT due_at FROM outbox WHERE status = 'queued' AND channel = ?1
         ORDER BY due_at LIMIT 1",
    )?;
    for c in channels {
        let at = stmt
            .query_row([c.as_str()], |r| stamp_at(r, 0))
            .optional()?;
        if let Some(at) = at {
            next = Some(next.map_or(at, |n| n.min(at)));
        }
    }
    Ok(next)
}

/// The message as it will be sent, claimed by `owner` until `until` (no owner: only written
/// again, for a channel that is not set up, where it waits unclaimed).
#[derive(Debug, Clone)]
pub struct Claim<'a> {
    pub owner: Option<&'a str>,
    pub until: NaiveDateTime,
    pub channel: Channel,
    pub to: &'a str,
    pub subject: Option<&'a str>,
    pub body: &'a str,
}

pub fn claim(conn: &Connection, id: MessageId, c: &Claim<'_>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET lease_owner = ?2, lease_until = CASE WHEN ?2 IS NULL THEN NULL ELSE ?3 END,
                           channel = ?4, recipient = ?5, subject = ?6, body = ?7
         WHERE id = ?1 AND status = 'queued'",
    )?
    .execute(params![
        id,
        c.owner,
        stamp(c.until),
        c.channel.as_str(),
        c.to,
        c.subject,
        c.body
    ])?;
    Ok(())
}

/// Records that `owner` sent the message. Returns false when its lease was no longer its own
/// (another sender took the message over after the lease ran out).
pub fn sent(conn: &Connection, id: MessageId, owner: &str, now: NaiveDateTime) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE outbox SET status = 'sent', sent_at = ?3, attempts = attempts + 1,
                               last_error = NULL, lease_owner = NULL, lease_until = NULL
             WHERE id = ?1 AND lease_owner = ?2 AND status = 'queued'",
        )?
        .execute(params![id, owner, stamp(now)])?;
    Ok(n == 1)
}

/// Records a failed try by `owner`: queued again from `retry_at`, or `failed` when `None`.
pub fn failed_try(
    conn: &Connection,
    id: MessageId,
    owner: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?3,
                               status = CASE WHEN ?4 IS NULL THEN 'failed' ELSE 'queued' END,
                               due_at = coalesce(?4, due_at),
                               lease_owner = NULL, lease_until = NULL
             WHERE id = ?1 AND lease_owner = ?2 AND status = 'queued'",
        )?
        .execute(params![id, owner, error, retry_at.map(stamp)])?;
    Ok(n == 1)
}

/// Queues a failed message again, due at `now`, with its attempts counted afresh.
pub fn retry(conn: &Connection, id: MessageId, now: NaiveDateTime) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET status = 'queued', due_at = ?2, attempts = 0, lease_owner = NULL,
                           lease_until = NULL
         WHERE id = ?1 AND status = 'failed'",
    )?
    .execute(params![id, stamp(now)])?;
    Ok(())
}
