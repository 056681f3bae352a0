//! Clinic-wide settings, stored in the database file so every terminal agrees on them.

use chrono::NaiveTime;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Opening time; no slot starts before it (R1).
    #[serde(serialize_with = "clock")]
    pub opens: NaiveTime,
    /// Closing time; no slot ends after it (R1).
    #[serde(serialize_with = "clock")]
    pub closes: NaiveTime,
    /// Length of a declared slot when none is given.
    pub slot_minutes: u32,
    /// How long a hold reserves a slot (R6).
    pub hold_minutes: u32,
    /// The TUI locks after this many minutes without input.
    pub idle_lock_minutes: u32,
    /// Plans are laid out as slots this many weeks ahead (SPEC §9).
    pub horizon_weeks: u32,
    /// R12: a patient books at least this long before the visit.
    pub min_notice_minutes: u32,
    /// R12: a patient books at most this many days ahead.
    pub max_advance_days: u32,
}

fn clock<S: serde::Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&super::time::fmt_clock(*t))
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            opens: NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"),
            closes: NaiveTime::from_hms_opt(21, 0, 0).expect("valid time"),
            slot_minutes: 30,
            hold_minutes: 15,
            idle_lock_minutes: 5,
            horizon_weeks: 8,
            min_notice_minutes: 60,
            max_advance_days: 90,
        }
    }
}

impl Settings {
    /// What changed from `before`, in words for the audit log: "opens 08:00 (was 09:00);
    /// idle lock 10 min (was 5 min)".
    pub fn changes_from(&self, before: &Settings) -> String {
        let clock = super::time::fmt_clock;
        let mut said = Vec::new();
        let mut note = |name: &str, now: String, was: String| {
            if now != was {
                said.push(format!("{name} {now} (was {was})"));
            }
        };
        note("opens", clock(self.opens), clock(before.opens));
        note("closes", clock(self.closes), clock(before.closes));
        let mins = |m: u32| format!("{m} min");
        note(
            "slot length",
            mins(self.slot_minutes),
            mins(before.slot_minutes),
        );
        note("hold", mins(self.hold_minutes), mins(before.hold_minutes));
        note(
            "idle lock",
            mins(self.idle_lock_minutes),
            mins(before.idle_lock_minutes),
        );
        let weeks = |w: u32| super::text::count(w as usize, "week");
        note(
            "horizon",
            weeks(self.horizon_weeks),
            weeks(before.horizon_weeks),
        );
        note(
            "notice",
            mins(self.min_notice_minutes),
            mins(before.min_notice_minutes),
        );
        let days = |d: u32| super::text::count(d as usize, "day");
        note(
            "booking ahead",
            days(self.max_advance_days),
            days(before.max_advance_days),
        );
        if said.is_empty() {
            "nothing changed".into()
        } else {
            said.join("; ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_told_in_words() {
        let before = Settings::default();
        let after = Settings {
            opens: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            idle_lock_minutes: 10,
            ..before.clone()
        };
        assert_eq!(
            after.changes_from(&before),
            "opens 08:00 (was 09:00); idle lock 10 min (was 5 min)"
        );
        assert_eq!(before.changes_from(&before), "nothing changed");
    }
}
