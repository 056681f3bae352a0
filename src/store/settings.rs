//! The one-row `settings` table.

use crate::domain::Settings;
use crate::domain::time::{fmt_clock, parse_clock};
use crate::error::Result;
use rusqlite::{Connection, params};

pub fn get(conn: &Connection) -> Result<Settings> {
    let (opens, closes, reminders, s): (String, String, String, Settings) = conn
        .prepare_cached(
            "SELECT opens, closes, slot_minutes, hold_minutes, idle_lock_minutes,
                    horizon_weeks, min_notice_minutes, max_advance_days,
                    clinic_name, address, reminders, smtp_url, mail_from, sms_url,
                    wait_alert_minutes, no_show_after_minutes
             FROM settings WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(10)?,
                Settings {
                    slot_minutes: r.get(2)?,
                    hold_minutes: r.get(3)?,
                    idle_lock_minutes: r.get(4)?,
                    horizon_weeks: r.get(5)?,
                    min_notice_minutes: r.get(6)?,
                    max_advance_days: r.get(7)?,
                    clinic_name: r.get(8)?,
                    address: r.get(9)?,
                    smtp_url: r.get(11)?,
                    mail_from: r.get(12)?,
                    sms_url: r.get(13)?,
                    wait_alert_minutes: r.get(14)?,
                    no_show_after_minutes: r.get(15)?,
                    ..Settings::default()
                },
            ))
        })?;
    Ok(Settings {
        opens: parse_clock(&opens)?,
        closes: parse_clock(&closes)?,
        reminders: reminders.parse()?,
        ..s
    })
}

pub fn put(conn: &Connection, s: &Settings) -> Result<()> {
    conn.prepare_cached(
        "UPDATE settings SET opens = ?1, closes = ?2, slot_minutes = ?3, hold_minutes = ?4,
                             idle_lock_minutes = ?5, horizon_weeks = ?6,
                             min_notice_minutes = ?7, max_advance_days = ?8,
                             clinic_name = ?9, address = ?10, reminders = ?11,
                             smtp_url = ?12, mail_from = ?13, sms_url = ?14,
                             wait_alert_minutes = ?15, no_show_after_minutes = ?16
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
        s.max_advance_days,
        s.clinic_name,
        s.address,
        s.reminders.to_string(),
        s.smtp_url,
        s.mail_from,
        s.sms_url,
        s.wait_alert_minutes,
        s.no_show_after_minutes
    ])?;
    Ok(())
}
