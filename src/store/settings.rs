//! The one-row `settings` table.

use crate::domain::Settings;
use crate::domain::time::{fmt_clock, parse_clock};
use crate::error::Result;
use rusqlite::{Connection, params};

pub fn get(conn: &Connection) -> Result<Settings> {
    let (opens, closes, s): (String, String, Settings) = conn
        .prepare_cached(
            "SELECT opens, closes, slot_minutes, hold_minutes, idle_lock_minutes,
                    horizon_weeks, min_notice_minutes, max_advance_days
             FROM settings WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                Settings {
                    slot_minutes: r.get(2)?,
                    hold_minutes: r.get(3)?,
                    idle_lock_minutes: r.get(4)?,
                    horizon_weeks: r.get(5)?,
                    min_notice_minutes: r.get(6)?,
                    max_advance_days: r.get(7)?,
                    ..Settings::default()
                },
            ))
        })?;
    Ok(Settings {
        opens: parse_clock(&opens)?,
        closes: parse_clock(&closes)?,
        ..s
    })
}

pub fn put(conn: &Connection, s: &Settings) -> Result<()> {
    conn.prepare_cached(
        "UPDATE settings SET opens = ?1, closes = ?2, slot_minutes = ?3, hold_minutes = ?4,
                             idle_lock_minutes = ?5, horizon_weeks = ?6,
                             min_notice_minutes = ?7, max_advance_days = ?8
         WHERE id = 1",
    )?
    .execute(params![
        fmt_clock(s.opens),
        fmt_clock(s.closes),
        s.slot_minutes,
        s.hold_minutes,
        s.idle_lock_minutes,
        s.horizon_weeks,
        s.min_notice_minutes,
        s.max_advance_days
    ])?;
    Ok(())
}
