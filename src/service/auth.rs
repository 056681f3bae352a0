//! Signing in, the lockout, and creating accounts (R11).

use super::{Clinic, password, record};
use crate::domain::account::{
    LOCKOUT_MINUTES, MAX_FAILED_LOGINS, check_password, normalize_username,
};
use crate::domain::time::fmt_minute;
use crate::domain::{Account, Actor, Role, access, text};
use crate::error::{Error, Result};
use crate::store::BUSY_TIMEOUT;
use crate::store::accounts::{self, Attempt, Checker};
use crate::store::{audit, doctors, patients};
use chrono::Duration;

/// A username and password for a new login.
#[derive(Debug, Clone)]
pub struct NewLogin {
    pub username: String,
    pub password: String,
}

impl NewLogin {
    /// R11, then the (slow) argon2 hash: done before any transaction opens.
    pub(super) fn validate_and_hash(&self) -> Result<(String, String)> {
        let username = normalize_username(&self.username)?;
        check_password(&self.password)?;
        Ok((username, password::hash(&self.password)?))
    }
}

/// A signed-in account and who it acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub account: Account,
    pub actor: Actor,
}

impl Clinic {
    /// Checks a username and password (SPEC §5, §14).
    ///
    /// At most [`MAX_FAILED_LOGINS`] passwords of a username are checked in any
    /// [`LOCKOUT_MINUTES`], however many processes try at once: the attempt is recorded under
    /// the write lock before its password is checked, and released by a success. Unknown
    /// usernames, wrong passwords and locked names get the same answer, and cost the same
    /// (two short transactions and one argon2 check each). Deactivated doctors and archived
    /// patients cannot sign in. Every attempt is audited.
    pub fn login(&self, username: &str, password: &str) -> Result<Session> {
        let now = self.now();
        let name = attempt_name(username);
        let limit = (MAX_FAILED_LOGINS, Duration::minutes(LOCKOUT_MINUTES));
        let (attempt, creds) = self.take_attempt(&name, now, limit)?;
        // The slow part runs outside any transaction, and runs on every path.
        let ok = match (&attempt, &creds) {
            (Attempt::Taken(_), Some(c)) => password::verify(password, &c.password_hash),
            _ => {
                password::verify_dummy(password);
                false
            }
        };
        let account = creds.as_ref().map(|c| c.account.id);
        let signed_in = self.store.write(|tx| {
            let mut entry = audit::Entry {
                account,
                username: account.is_none().then_some(name.as_str()),
                action: "login_failed",
                ..Default::default()
            };
            let session = match attempt {
                Attempt::Busy => {
                    entry.action = "login_locked";
                    entry.detail = Some("too many sign-ins at once".into());
                    None
                }
                Attempt::Locked(until) => {
                    entry.action = "login_locked";
                    entry.detail = Some(format!("locked until {}", fmt_minute(until)));
                    None
                }
                Attempt::Taken(id) => {
                    let locked = accounts::finish_attempt(tx, id, ok, now, limit)?;
                    match &creds {
                        Some(c) if ok => {
                            entry.action = "login";
                            Some(signed_in_as(tx, &c.account))
                        }
                        _ => {
                            entry.detail = match (locked, &creds) {
                                (Some(u), _) => Some(format!("locked until {}", fmt_minute(u))),
                                (None, None) => Some("unknown username".into()),
                                (None, Some(_)) => None,
                            };
                            None
                        }
                    }
                }
            };
            if let Some(Err(refusal)) = &session {
                entry.action = "login_refused";
                entry.detail = Some(refusal.message().to_string());
            }
            audit::append(tx, now, entry)?;
            Ok(session)
        })?;
        match signed_in {
            Some(session) => session,
            None => Err(Error::auth(WRONG_LOGIN)),
        }
    }

    /// Records a sign-in attempt, waiting (outside any transaction) while the attempts
    /// already being checked fill the limit; after [`BUSY_TIMEOUT`] of that, the answer is
    /// the one a locked name gets.
    fn take_attempt(
        &self,
        name: &str,
        now: chrono::NaiveDateTime,
        limit: (u32, Duration),
    ) -> Result<(Attempt, Option<accounts::Credentials>)> {
        let checker = Checker {
            pid: std::process::id(),
            began: real_seconds(),
        };
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        loop {
            let (attempt, creds) = self.store.write(|tx| {
                let attempt = accounts::take_attempt(tx, name, now, checker, limit, alive)?;
                Ok((attempt, accounts::credentials(tx, name)?))
            })?;
            if attempt != Attempt::Busy || std::time::Instant::now() >= deadline {
                return Ok((attempt, creds));
            }
            std::thread::sleep(std::time::Duration::from_millis(15));
        }
    }

    /// True once anyone has an account: the demo only fills a clinic without any.
    pub fn has_accounts(&self) -> Result<bool> {
        Ok(self.store.read(|tx| accounts::count(tx))? > 0)
    }

    /// True while the file has no admin: the TUI then shows the first-run screen.
    pub fn needs_first_admin(&self) -> Result<bool> {
        Ok(self.store.read(|tx| accounts::admin_count(tx))? == 0)
    }

    /// Creates the first admin (`clinic init`, first-run screen). Idempotent: if `username`
    /// already is an admin nothing changes and `Ok(false)` is returned; the password is only
    /// asked for when an account is created.
    pub fn init_admin(
        &self,
        username: &str,
        full_name: Option<&str>,
        password: impl FnOnce() -> Result<String>,
    ) -> Result<(Account, bool)> {
        let name = normalize_username(username)?;
        let existing = self.store.read(|tx| accounts::credentials(tx, &name))?;
        if let Some(c) = existing {
            if c.account.role == Role::Admin {
                return Ok((c.account, false));
            }
            return Err(Error::conflict(format!(
                "'{name}' is already a {} account",
                c.account.role
            )));
        }
        if !self.needs_first_admin()? {
            return Err(Error::conflict(
                "this clinic already has an admin; sign in as one to add another",
            ));
        }
        let full_name = text::required(
            "full name",
            full_name.unwrap_or("Administrator"),
            text::NAME_MAX,
        )?;
        let login = NewLogin {
            username: name,
            password: password()?,
        };
        let (username, hash) = login.validate_and_hash()?;
        let now = self.now();
        self.store.write(|tx| {
            // Checked again under the write lock: two first-run screens, or several
            // `clinic init --admin NAME` at once, may race. The same admin is success.
            if let Some(c) = accounts::credentials(tx, &username)?
                && c.account.role == Role::Admin
            {
                return Ok((c.account, false));
            }
            if accounts::admin_count(tx)? > 0 {
                return Err(Error::conflict(
                    "another admin was created meanwhile; sign in",
                ));
            }
            let id = accounts::insert(tx, &username, Role::Admin, &full_name, &hash, now)?;
            let actor = Actor::Admin { account: id };
            record(
                tx,
                now,
                &actor,
                "init",
                format!("account {id}"),
                username.clone(),
            )?;
            Ok((accounts::get(tx, id)?, true))
        })
    }

    /// Creates another admin account. Admins only.
    pub fn register_admin(
        &self,
        actor: &Actor,
        full_name: &str,
        login: &NewLogin,
    ) -> Result<Account> {
        access::admin(actor)?;
        let full_name = text::required("full name", full_name, text::NAME_MAX)?;
        let (username, hash) = login.validate_and_hash()?;
        let now = self.now();
        self.store.write(|tx| {
            let id = accounts::insert(tx, &username, Role::Admin, &full_name, &hash, now)?;
            record(
                tx,
                now,
                actor,
                "register_admin",
                format!("account {id}"),
                username.clone(),
            )?;
            accounts::get(tx, id)
        })
    }

    /// Sets a new password: the signed-in account's own (`username` `None` or its own), or
    /// any account's for an admin. Clears a lockout.
    pub fn change_password(
        &self,
        actor: &Actor,
        username: Option<&str>,
        new_password: &str,
    ) -> Result<()> {
        access::signed_in(actor)?;
        let account = match username {
            None => actor
                .account()
                .ok_or_else(|| Error::auth("sign in first"))?,
            Some(name) => {
                let name = name.trim().to_lowercase();
                let found = self.store.read(|tx| accounts::credentials(tx, &name))?;
                let id = found
                    .map(|c| c.account.id)
                    .ok_or_else(|| Error::not_found(format!("there is no account '{name}'")))?;
                if actor.account() != Some(id) {
                    access::admin(actor)?;
                }
                id
            }
        };
        check_password(new_password)?;
        let hash = password::hash(new_password)?;
        let now = self.now();
        self.store.write(|tx| {
            accounts::get(tx, account)?;
            accounts::set_password(tx, account, &hash)?;
            accounts::clear_attempts(tx, &accounts::get(tx, account)?.username)?;
            record(
                tx,
                now,
                actor,
                "password_change",
                format!("account {account}"),
                None,
            )
        })
    }
}

/// The one answer to every failed sign-in: unknown username, wrong password and locked
/// account alike, so none of them tells an outsider which usernames exist.
pub const WRONG_LOGIN: &str =
    "wrong username or password (or locked for 15 minutes after 5 failures)";

/// How long checking one password may take before its attempt counts as abandoned even if
/// its process still runs (a stopped process, a reused process id).
const CHECK_SECONDS_MAX: i64 = 60;

/// Whether the process that took an attempt is still checking its password: it runs (Linux:
/// `/proc/PID` exists) and began less than a minute ago. A process killed mid-check gave
/// nobody an answer, so its attempt is not a guess.
fn alive(c: Checker) -> bool {
    let recent = (real_seconds() - c.began) < CHECK_SECONDS_MAX;
    let proc_dir = std::path::Path::new("/proc");
    let running = !proc_dir.is_dir() || proc_dir.join(c.pid.to_string()).exists();
    recent && running
}

/// Real time in whole seconds, whatever the clinic's clock says (tests freeze that one).
fn real_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// The typed username as attempts and the audit log keep it: trimmed, lower-cased, short,
/// and with anything a terminal would obey made visible.
fn attempt_name(typed: &str) -> String {
    let name: String = typed.trim().to_lowercase().chars().take(64).collect();
    text::for_terminal(&name).into_owned()
}

/// The session of a verified account, unless it may not sign in (SPEC §14: deactivated
/// doctors and archived patients).
fn signed_in_as(tx: &rusqlite::Connection, account: &Account) -> Result<Session> {
    let actor = accounts::actor(tx, account)?;
    match &actor {
        Actor::Doctor { doctor, .. } if !doctors::get(tx, *doctor)?.active => Err(Error::auth(
            "this doctor's account is deactivated; the front desk can activate it again",
        )),
        Actor::Patient { patient, .. } if patients::get(tx, *patient)?.archived => Err(
            Error::auth("this patient record is archived; please ask the front desk"),
        ),
        _ => Ok(Session {
            account: account.clone(),
            actor,
        }),
    }
}
