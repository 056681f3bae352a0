//! Queries on `accounts`: logins and their lockout counters.

use super::sql::{opt_stamp_at, stamp};
use crate::domain::{Account, AccountId, Actor, Role};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};

/// An account with what login needs.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub account: Account,
    pub password_hash: String,
    pub failed_logins: u32,
    pub locked_until: Option<NaiveDateTime>,
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
            "SELECT id, username, role, full_name, password_hash, failed_logins, locked_until
             FROM accounts WHERE username = ?1",
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
                failed_logins: r.get(5)?,
                locked_until: opt_stamp_at(r, 6)?,
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

/// Counts one failed login; locks the account once `max` failures are reached.
/// Returns the lock's end if this failure locked it.
pub fn record_failure(
    conn: &Connection,
    id: AccountId,
    max: u32,
    lock_until: NaiveDateTime,
) -> Result<Option<NaiveDateTime>> {
    let failures: u32 = conn
        .prepare_cached(
            "UPDATE accounts SET failed_logins = failed_logins + 1 WHERE id = ?1
             RETURNING failed_logins",
        )?
        .query_row([id], |r| r.get(0))?;
    if failures >= max {
        conn.prepare_cached(
            "UPDATE accounts SET failed_logins = 0, locked_until = ?2 WHERE id = ?1",
        )?
        .execute(params![id, stamp(lock_until)])?;
        return Ok(Some(lock_until));
    }
    Ok(None)
}

pub fn clear_failures(conn: &Connection, id: AccountId) -> Result<()> {
    conn.prepare_cached(
        "UPDATE accounts SET failed_logins = 0, locked_until = NULL
         WHERE id = ?1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)",
    )?
    .execute([id])?;
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
