//! Signing in, the lockout, and creating accounts (R11).

use super::{Clinic, password, record};
use crate::domain::account::{
    LOCKOUT_MINUTES, MAX_FAILED_LOGINS, check_password, normalize_username,
};
use crate::domain::time::fmt_minute;
use crate::domain::{Account, Actor, Role, access, text};
use crate::error::{Error, Result};
use crate::store::{accounts, audit};
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
    /// Checks a username and password. Five failures lock the account for fifteen minutes,
    /// recorded in the file so a restart does not reset it. Every attempt is audited.
    pub fn login(&self, username: &str, password: &str) -> Result<Session> {
        let now = self.now();
        let name = username.trim().to_lowercase();
        let found = self.store.read(|tx| accounts::credentials(tx, &name))?;
        let Some(creds) = found else {
            password::verify_dummy(password);
            self.store.write(|tx| {
                audit::append(
                    tx,
                    now,
                    audit::Entry {
                        username: Some(&shorten(&name)),
                        action: "login_failed",
                        detail: Some("unknown username".into()),
                        ..Default::default()
                    },
                )
            })?;
            return Err(Error::auth("wrong username or password"));
        };
        let id = creds.account.id;
        if let Some(until) = creds.locked_until.filter(|until| *until > now) {
            self.store.write(|tx| {
                audit::append(
                    tx,
                    now,
                    audit::Entry {
                        account: Some(id),
                        action: "login_locked",
                        ..Default::default()
                    },
                )
            })?;
            return Err(Error::auth(format!(
                "this account is locked after {MAX_FAILED_LOGINS} failed logins until {}",
                fmt_minute(until)
            )));
        }
        // The slow part runs outside any transaction.
        let ok = password::verify(password, &creds.password_hash);
        let session = self.store.write(|tx| {
            if ok {
                accounts::clear_failures(tx, id)?;
                audit::append(
                    tx,
                    now,
                    audit::Entry {
                        account: Some(id),
                        action: "login",
                        ..Default::default()
                    },
                )?;
                let actor = accounts::actor(tx, &creds.account)?;
                Ok(Some(Session {
                    account: creds.account.clone(),
                    actor,
                }))
            } else {
                let locked = accounts::record_failure(
                    tx,
                    id,
                    MAX_FAILED_LOGINS,
                    now + Duration::minutes(LOCKOUT_MINUTES),
                )?;
                audit::append(
                    tx,
                    now,
                    audit::Entry {
                        account: Some(id),
                        action: "login_failed",
                        detail: locked.map(|u| format!("locked until {}", fmt_minute(u))),
                        ..Default::default()
                    },
                )?;
                Ok(None)
            }
        })?;
        session.ok_or_else(|| Error::auth("wrong username or password"))
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
            // Checked again under the write lock: two first-run screens may race.
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
            accounts::clear_failures(tx, account)?;
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

/// Keeps a typed (possibly hostile) username short in the audit log.
fn shorten(name: &str) -> String {
    name.chars().take(64).collect()
}
