//! The append-only audit log: every change and every login attempt.

use super::sql::{stamp, stamp_at};
use crate::domain::AccountId;
pub use crate::domain::audit::AuditEvent;
use crate::error::Result;
use chrono::NaiveDateTime;
use rusqlite::{Connection, params};

/// What to append.
#[derive(Debug, Clone, Default)]
pub struct Entry<'a> {
    pub account: Option<AccountId>,
    pub username: Option<&'a str>,
    pub action: &'a str,
    pub subject: Option<String>,
    pub detail: Option<String>,
}

pub fn append(conn: &Connection, at: NaiveDateTime, e: Entry<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit (at, account_id, username, action, subject, detail)
         VALUES (?1, ?2, coalesce(?3, (SELECT username FROM accounts WHERE id = ?2)), ?4, ?5, ?6)",
    )?
    .execute(params![
        stamp(at),
        e.account,
        e.username,
        e.action,
        e.subject,
        e.detail
    ])?;
    Ok(())
}

/// The newest `limit` events, newest first, starting below `before` when paging.
pub fn recent(conn: &Connection, limit: u32, before: Option<i64>) -> Result<Vec<AuditEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, account_id, username, action, subject, detail FROM audit
         WHERE ?2 IS NULL OR id < ?2
         ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![limit, before], |r| {
        Ok(AuditEvent {
            id: r.get(0)?,
            at: stamp_at(r, 1)?,
            account_id: r.get(2)?,
            username: r.get(3)?,
            action: r.get(4)?,
            subject: r.get(5)?,
            detail: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
