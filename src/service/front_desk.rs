//! The front desk's day (SPEC §12): how many visits of a day stand in each status, the
//! automatic no-show (`clinic sweep`, and the desk's TUI once a minute), and corrections of a
//! status set by mistake.

use super::{Clinic, record};
use crate::domain::flow::{SWEEP_WINDOW, corrected, no_show_due};
use crate::domain::time::{fmt_clock, next_day};
use crate::domain::{Actor, Appointment, AppointmentId, DoctorId, Status, access, text};
use crate::error::{Error, Result};
use crate::store::audit;
use crate::store::{appointments, corrections};
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

/// How many visits of a day stand in each status (the board's filter bar).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DayCounts {
    pub booked: u64,
    pub checked_in: u64,
    pub completed: u64,
    pub no_show: u64,
    pub cancelled: u64,
}

impl DayCounts {
    pub fn of(&self, status: Status) -> u64 {
        match status {
            Status::Booked => self.booked,
            Status::CheckedIn => self.checked_in,
            Status::Completed => self.completed,
            Status::NoShow => self.no_show,
            Status::Cancelled => self.cancelled,
        }
    }

    pub fn total(&self) -> u64 {
        Status::ALL.iter().map(|s| self.of(*s)).sum()
    }
}

/// What one sweep did (`clinic sweep` JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Swept {
    /// The visits it marked as no-shows, by time.
    pub no_shows: Vec<AppointmentId>,
    /// The clinic's setting it went by (0: the automatic no-show is off).
    pub after_minutes: u32,
}

impl Clinic {
    /// How many visits of `day` stand in each status: the front desk's whole day, a doctor's
    /// own.
    pub fn day_counts(&self, actor: &Actor, day: NaiveDate) -> Result<DayCounts> {
        let doctor: Option<DoctorId> = match actor {
            Actor::Admin { .. } => None,
            Actor::Doctor { doctor, .. } => Some(*doctor),
            Actor::Guest => return Err(Error::auth("sign in first")),
            Actor::Patient { .. } => {
                return Err(Error::forbidden(
                    "only the front desk and doctors see the day's board",
                ));
            }
        };
        let from = day.and_time(NaiveTime::MIN);
        let to = next_day(day).and_time(NaiveTime::MIN);
        let [booked, checked_in, completed, cancelled, no_show] = self
            .store
            .read(|tx| appointments::status_counts(tx, from, to, doctor))?;
        Ok(DayCounts {
            booked,
            checked_in,
            completed,
            no_show,
            cancelled,
        })
    }

    /// The automatic no-show (SPEC §12): every visit still booked the clinic's
    /// `no_show_after_minutes` after its start (and within the last day) becomes a no-show,
    /// audited as done by the clinic itself. A job for cron and for the desk's TUI: the system
    /// (no sign-in) or the front desk. Idempotent, and several sweepers at once mark each
    /// visit once: they queue on the write lock and the second finds nothing left. A visit
    /// whose no-show was corrected is never marked again.
    pub fn sweep(&self, actor: &Actor) -> Result<Swept> {
        access::run_job(actor)?;
        let now = self.now_minute();
        let after = self.settings()?.no_show_after_minutes;
        if after == 0 {
            return Ok(Swept::default());
        }
        let cutoff = now - chrono::Duration::minutes(i64::from(after));
        self.store.write(|tx| {
            let mut marked = Vec::new();
            for id in appointments::sweepable(tx, now - SWEEP_WINDOW, cutoff)? {
                let a = appointments::row(tx, id)?;
                if !no_show_due(a.start, now, after) {
                    continue;
                }
                appointments::set_status(tx, id, Status::NoShow, None, None, now)?;
                audit::append(
                    tx,
                    now,
                    audit::Entry {
                        action: "no_show",
                        subject: Some(format!("appointment {id}")),
                        detail: Some(format!(
                            "automatic: not arrived {after} minutes after the start ({})",
                            fmt_clock(a.start.time())
                        )),
                        ..Default::default()
                    },
                )?;
                marked.push(id);
            }
            Ok(Swept {
                no_shows: marked,
                after_minutes: after,
            })
        })
    }

    /// A correction (SPEC §12, R9's one exception): sets a visit's last status change back
    /// — checked in → booked, completed → checked in, no-show → what it was before — on the
    /// visit's own day, with a reason, by the front desk. A cancellation is never undone.
    pub fn correct_status(
        &self,
        actor: &Actor,
        id: AppointmentId,
        reason: &str,
    ) -> Result<Appointment> {
        access::admin(actor)?;
        let reason = text::required("the reason", reason, text::NOTE_MAX)?;
        let now = self.now();
        self.store.write(|tx| {
            let before = appointments::get(tx, id)?;
            let back = corrected(
                before.status,
                before.checked_in_at.is_some(),
                before.start,
                now,
            )?;
            corrections::insert(tx, id, (before.status, back), &reason, actor.account(), now)?;
            appointments::set_back(tx, id, back, now)?;
            record(
                tx,
                now,
                actor,
                "correct",
                format!("appointment {id}"),
                format!(
                    "{} back to {}: {reason}",
                    before.status.words(),
                    back.words()
                ),
            )?;
            appointments::get(tx, id)
        })
    }
}
