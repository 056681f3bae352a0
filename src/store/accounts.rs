//! Queries on `accounts`: logins and their lockout counters.

use super::sql::{stamp, stamp_at};
use crate::domain::{Account, AccountId, Actor, Role};
use crate::error::{Error, Result};
use chrono::{Duration, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};

/// An account with what login needs.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub account: Account,
    pub password_hash: String,
}

fn role_of(text: &str) -> rusqlite::Result<Role> {
    text.parse().map_err(|e: Error| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            e.message().into(),
        )
    })
}

pub fn insert(
    conn: &Connection,
    username: &str,
    role: Role,
    full_name: &str,
    password_hash: &str,
    now: NaiveDateTime,
) -> Result<AccountId> {
    let taken: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM accounts WHERE username = ?1)")?
        .query_row([username], |r| r.get(0))?;
    if taken {
        return Err(Error::conflict(format!(
            "the username '{username}' is already taken"
        )));
    }
    conn.prepare_cached(
        "INSERT INTO accounts (username, role, full_name, password_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        username,
        role.as_str(),
        full_name,
        password_hash,
        stamp(now)
    ])?;
    Ok(AccountId(conn.last_insert_rowid()))
}

pub fn credentials(conn: &Connection, username: &str) -> Result<Option<Credentials>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, username, role, full_name, password_hash FROM accounts WHERE username = ?1",
        )?
        .query_row([username], |r| {
            Ok(Credentials {
                account: Account {
                    id: r.get(0)?,
                    username: r.get(1)?,
                    role: role_of(&r.get::<_, String>(2)?)?,
                    full_name: r.get(3)?,
                },
                password_hash: r.get(4)?,
            })
        })
        .optional()?)
}

pub fn get(conn: &Connection, id: AccountId) -> Result<Account> {
    conn.prepare_cached("SELECT id, username, role, full_name FROM accounts WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Account {
                id: r.get(0)?,
                username: r.get(1)?,
                role: role_of(&r.get::<_, String>(2)?)?,
                full_name: r.get(3)?,
            })
        })
        .optional()?
        .ok_or_else(|| Error::not_found(format!("no account {id}")))
}

/// What recording a sign-in attempt found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Recorded: the password may be checked, then the attempt finished.
    Taken(i64),
    /// Enough failures in the window: locked until then.
    Locked(NaiveDateTime),
    /// Failures and checks still running already make the limit: try again in a moment.
    Busy,
}

/// The process checking a password, for telling a running check from an abandoned one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checker {
    pub pid: u32,
    /// Real (not clinic) time, in seconds since the epoch.
    pub began: i64,
}

/// Records an attempt to sign in as `username` at `now` by `checker`, unless `max` attempts
/// in the `window` before `now` failed (then the name is locked until the oldest of them
/// leaves the window), or failed and are still being checked (then [`Attempt::Busy`]). An
/// unfinished attempt whose process `alive` says is gone is abandoned: it gave nobody an
/// answer, so it does not count. Old attempts (a day) are dropped on the way; the audit log
/// keeps every one.
pub fn take_attempt(
    conn: &Connection,
    username: &str,
    now: NaiveDateTime,
    checker: Checker,
    limit: (u32, Duration),
    alive: impl Fn(Checker) -> bool,
) -> Result<Attempt> {
    let (max, window) = limit;
    let since = stamp(now - window);
    conn.prepare_cached("DELETE FROM login_attempts WHERE at < ?1")?
        .execute([stamp(now - Duration::days(1))])?;
    let failed: Vec<NaiveDateTime> = conn
        .prepare_cached(
            "SELECT at FROM login_attempts
             WHERE username = ?1 AND at > ?2 AND outcome = 'failed'
             ORDER BY at DESC LIMIT ?3",
        )?
        .query_map(params![username, since, max], |r| stamp_at(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    let locked = failed.get(max as usize - 1).map(|oldest| *oldest + window);
    let running: Vec<(i64, Checker)> = conn
        .prepare_cached(
            "SELECT id, pid, began FROM login_attempts
             WHERE username = ?1 AND at > ?2 AND outcome IS NULL",
        )?
        .query_map(params![username, since], |r| {
            Ok((
                r.get(0)?,
                Checker {
                    pid: r.get(1)?,
                    began: r.get(2)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut live = 0;
    for (id, c) in running {
        if alive(c) {
            live += 1;
        } else {
            conn.prepare_cached("UPDATE login_attempts SET outcome = 'abandoned' WHERE id = ?1")?
                .execute([id])?;
        }
    }
    if locked.is_none() && failed.len() + live >= max as usize {
        return Ok(Attempt::Busy);
    }
    conn.prepare_cached(
        "INSERT INTO login_attempts (username, at, pid, began, outcome)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        username,
        stamp(now),
        checker.pid,
        checker.began,
        locked.map(|_| "locked")
    ])?;
    Ok(match locked {
        Some(until) => Attempt::Locked(until),
        None => Attempt::Taken(conn.last_insert_rowid()),
    })
}

/// Finishes attempt `id`. A success clears the earlier failures of its name (they were
/// consecutive failures no more); a failure counts. Returns when the name is now locked, if
/// this failure locked it.
pub fn finish_attempt(
    conn: &Connection,
    id: i64,
    ok: bool,
    now: NaiveDateTime,
    limit: (u32, Duration),
) -> Result<Option<NaiveDateTime>> {
    let (max, window) = limit;
    let username: String = conn
        .prepare_cached("UPDATE login_attempts SET outcome = ?2 WHERE id = ?1 RETURNING username")?
        .query_row(params![id, if ok { "ok" } else { "failed" }], |r| r.get(0))?;
    if ok {
        clear_attempts(conn, &username)?;
        return Ok(None);
    }
    let failed: Vec<NaiveDateTime> = conn
        .prepare_cached(
            "SELECT at FROM login_attempts
             WHERE username = ?1 AND at > ?2 AND outcome = 'failed'
             ORDER BY at DESC LIMIT ?3",
        )?
        .query_map(params![username, stamp(now - window), max], |r| {
            stamp_at(r, 0)
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(failed.get(max as usize - 1).map(|oldest| *oldest + window))
}

/// Forgets the failed attempts of `username` (a success, or a new password set by an admin).
pub fn clear_attempts(conn: &Connection, username: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE login_attempts SET outcome = 'cleared'
         WHERE username = ?1 AND outcome = 'failed'",
    )?
    .execute([username])?;
    Ok(())
}

pub fn set_password(conn: &Connection, id: AccountId, hash: &str) -> Result<()> {
    conn.prepare_cached("UPDATE accounts SET password_hash = ?2 WHERE id = ?1")?
        .execute(params![id, hash])?;
    Ok(())
}

pub fn set_full_name(conn: &Connection, id: AccountId, full_name: &str) -> Result<()> {
    conn.prepare_cached("UPDATE accounts SET full_name = ?2 WHERE id = ?1")?
        .execute(params![id, full_name])?;
    Ok(())
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM accounts")?
        .query_row([], |r| r.get(0))?)
}

pub fn admin_count(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM accounts WHERE role = 'admin'")?
        .query_row([], |r| r.get(0))?)
}

/// Who this account acts as: its patient or doctor record, if any.
pub fn actor(conn: &Connection, account: &Account) -> Result<Actor> {
    Ok(match account.role {
        Role::Admin => Actor::Admin {
            account: account.id,
        },
        Role::Patient => {
            let patient = conn
                .prepare_cached("SELECT id FROM patients WHERE account_id = ?1")?
                .query_row([account.id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::auth("this patient login has no patient record"))?;
            Actor::Patient {
                account: account.id,
                patient,
            }
        }
        Role::Doctor => {
            let doctor = conn
                .prepare_cached("SELECT id FROM doctors WHERE account_id = ?1")?
                .query_row([account.id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::auth("this doctor login has no doctor record"))?;
            Actor::Doctor {
                account: account.id,
                doctor,
            }
        }
    })
}
