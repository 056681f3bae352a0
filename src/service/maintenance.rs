//! Keeping the file healthy: `check`, online `backup`, the audit log and clinic settings.

use super::{Clinic, record};
use crate::domain::{Actor, Settings, access};
use crate::error::{Error, Result};
use crate::store::audit::{self, AuditEvent};
use crate::store::checks::{self, Problem};
use serde::Serialize;
use std::path::Path;

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub ok: bool,
    pub problems: Vec<Problem>,
}

impl CheckReport {
    /// The error to exit with: corruption is a database problem, a broken rule a conflict.
    pub fn into_result(self) -> Result<CheckReport> {
        if self.ok {
            return Ok(self);
        }
        let first = &self.problems[0];
        let message = format!(
            "{} problem(s); first: {} {}",
            self.problems.len(),
            first.check,
            first.detail
        );
        if self
            .problems
            .iter()
            .any(|p| matches!(p.check, "integrity" | "foreign_key"))
        {
            Err(Error::database(message))
        } else {
            Err(Error::conflict(message))
        }
    }
}

impl Clinic {
    /// SQLite's integrity and foreign-key checks plus the invariants R2 and R3.
    pub fn check(&self) -> Result<CheckReport> {
        let problems = self.store.read(|tx| checks::run(tx))?;
        Ok(CheckReport {
            ok: problems.is_empty(),
            problems,
        })
    }

    /// Copies the live database to a new file with SQLite's online backup; others keep working.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        self.store.backup_to(dest)
    }

    /// The newest audit events, newest first. Admins only.
    pub fn audit_log(
        &self,
        actor: &Actor,
        limit: u32,
        before: Option<i64>,
    ) -> Result<Vec<AuditEvent>> {
        access::admin(actor)?;
        self.store
            .read(|tx| audit::recent(tx, limit.clamp(1, 10_000), before))
    }

    /// Changes the clinic's settings. Admins only.
    pub fn update_settings(&self, actor: &Actor, settings: &Settings) -> Result<Settings> {
        access::admin(actor)?;
        settings.check()?;
        let now = self.now();
        self.store.write(|tx| {
            let before = crate::store::settings::get(tx)?;
            crate::store::settings::put(tx, settings)?;
            record(
                tx,
                now,
                actor,
                "settings",
                None,
                Some(settings.changes_from(&before)),
            )?;
            crate::store::settings::get(tx)
        })
    }
}
