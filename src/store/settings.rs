//! The one-row `settings` table.

use crate::domain::Settings;
use crate::domain::time::{fmt_clock, parse_clock};
use crate::error::Result;
use rusqlite::{Connection, params};

pub fn get(conn: &Connection) -> Result<Settings> {
    let (opens, closes, slot, hold, idle): (String, String, u32, u32, u32) = conn
        .prepare_cached(
            "SELECT opens, closes, slot_minutes, hold_minutes, idle_lock_minutes
             FROM settings WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
    Ok(Settings {
        opens: parse_clock(&opens)?,
        closes: parse_clock(&closes)?,
        slot_minutes: slot,
        hold_minutes: hold,
        idle_lock_minutes: idle,
    })
}

pub fn put(conn: &Connection, s: &Settings) -> Result<()> {
    conn.prepare_cached(
        "UPDATE settings SET opens = ?1, closes = ?2, slot_minutes = ?3, hold_minutes = ?4,
                             idle_lock_minutes = ?5
         WHERE id = 1",
    )?
    .execute(params![
        fmt_clock(s.opens),
        fmt_clock(s.closes),
        s.slot_minutes,
        s.hold_minutes,
        s.idle_lock_minutes
    ])?;
    Ok(())
}
