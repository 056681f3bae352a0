//! Printing results: JSON for scripts (`--json`), aligned tables and short lines for people.

use crate::domain::text::{for_terminal, for_terminal_lines, is_invisible};
use crate::domain::time::{fmt_clock, fmt_date, fmt_minute};
use crate::domain::{Appointment, Doctor, Patient, Slot};
use crate::error::Error;
use serde::Serialize;
use std::io::Write;

/// Writes `value` as JSON, or its human form. JSON escapes control characters itself; the
/// human form shows any that people typed as `�` rather than letting the terminal obey them.
pub fn emit<T: Serialize + ?Sized>(json: bool, value: &T, human: impl FnOnce(&T) -> String) {
    let text = if json {
        serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    } else {
        for_terminal_lines(&human(value)).into_owned()
    };
    let mut out = std::io::stdout().lock();
    // A closed pipe (`clinic slots | head`) is not an error worth a panic.
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
}

/// A file's text (a calendar, a CSV sheet) on stdout as it is, line endings included; a
/// control character that is not a line ending or a tab is shown as `�`, in case it meets a
/// terminal.
pub fn file(text: &str) {
    let safe: String = text
        .chars()
        .map(|c| {
            if is_invisible(c) && !matches!(c, '\r' | '\n' | '\t') {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let _ = std::io::stdout().lock().write_all(safe.as_bytes());
}

/// Set once a command has put the error object into its own JSON on stdout (an import's
/// report), so stdout stays one JSON document.
static ERROR_IN_OUTPUT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `value` as JSON on stdout with `"error": {kind, message}` added to it: a refusal that
/// still has a report to give (every bad line of a file).
pub fn json_with_error<T: Serialize>(value: &T, e: &Error) {
    let mut v = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    if let Some(obj) = v.as_object_mut() {
        obj.insert(
            "error".into(),
            serde_json::json!({ "kind": e.kind().name(), "message": e.message() }),
        );
    }
    println!("{v}");
    ERROR_IN_OUTPUT.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// The one-line error on stderr and, with `--json`, the error object on stdout.
pub fn error(json: bool, e: &Error) {
    eprintln!("error: {}", for_terminal(e.message()));
    if json && !ERROR_IN_OUTPUT.load(std::sync::atomic::Ordering::SeqCst) {
        let body = serde_json::json!({
            "error": { "kind": e.kind().name(), "message": e.message() }
        });
        println!("{body}");
    }
}

/// The JSON error object of a usage error (exit 2).
pub fn usage_json(message: &str) {
    let body = serde_json::json!({ "error": { "kind": "usage", "message": message } });
    println!("{body}");
}

/// Left-aligned columns separated by two spaces; no trailing blanks.
pub fn table(headers: &[&str], rows: Vec<Vec<String>>) -> String {
    if rows.is_empty() {
        return "(none)".to_string();
    }
    // A cell is one line: a line break or escape someone typed is shown, not obeyed.
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|cell| for_terminal(&cell).into_owned())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let mut l = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                l.push_str("  ");
            }
            l.push_str(cell);
            l.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(headers.to_vec());
    for row in &rows {
        line(row.iter().map(String::as_str).collect());
    }
    out
}

pub fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

pub fn doctors(list: &[Doctor]) -> String {
    table(
        &[
            "ID",
            "NAME",
            "SPECIALTY",
            "FEE",
            "MAX/DAY",
            "MAX MIN",
            "ACTIVE",
        ],
        list.iter()
            .map(|d| {
                vec![
                    d.id.to_string(),
                    d.full_name.clone(),
                    d.specialty.clone(),
                    d.fee.to_string(),
                    d.max_per_day.to_string(),
                    d.max_minutes.to_string(),
                    if d.active { "yes" } else { "no" }.into(),
                ]
            })
            .collect(),
    )
}

pub fn patients(list: &[Patient]) -> String {
    table(
        &["ID", "NAME", "GENDER", "BORN", "PHONE", "EMAIL"],
        list.iter()
            .map(|p| {
                vec![
                    p.id.to_string(),
                    if p.archived {
                        format!("{} (archived)", p.full_name)
                    } else {
                        p.full_name.clone()
                    },
                    opt(&p.gender),
                    p.dob.map(fmt_date).unwrap_or_default(),
                    opt(&p.phone),
                    opt(&p.email),
                ]
            })
            .collect(),
    )
}

pub fn slots(list: &[Slot]) -> String {
    let show_patient = list.iter().any(|s| s.patient_id.is_some());
    let mut headers = vec![
        "ID",
        "START",
        "END",
        "MIN",
        "DOCTOR",
        "SPECIALTY",
        "FEE",
        "STATE",
    ];
    if show_patient {
        headers.push("PATIENT");
    }
    table(
        &headers,
        list.iter()
            .map(|s| {
                let mut row = vec![
                    s.id.to_string(),
                    fmt_minute(s.start),
                    fmt_clock(s.end.time()),
                    s.duration.to_string(),
                    s.doctor_name.clone(),
                    s.specialty.clone(),
                    s.fee.to_string(),
                    s.state.as_str().to_string(),
                ];
                if show_patient {
                    row.push(opt(&s.patient_name));
                }
                row
            })
            .collect(),
    )
}

pub fn appointments(list: &[Appointment]) -> String {
    table(
        &[
            "ID", "START", "MIN", "DOCTOR", "PATIENT", "PHONE", "STATUS", "REASON",
        ],
        list.iter()
            .map(|a| {
                let mut row = visit_cells(a);
                row.push(opt(&a.reason));
                row
            })
            .collect(),
    )
}

/// The columns an appointments table and the day sheet share, from ID to STATUS.
fn visit_cells(a: &Appointment) -> Vec<String> {
    vec![
        a.id.to_string(),
        fmt_minute(a.start),
        a.duration.to_string(),
        a.doctor_name.clone(),
        a.patient_name.clone(),
        opt(&a.patient_phone),
        a.status.to_string(),
    ]
}

/// The day sheet: each visit with the patient's phone, when they arrived and how long they
/// waited.
pub fn day_sheet(list: &[crate::service::DaySheetRow]) -> String {
    table(
        &[
            "ID", "START", "MIN", "DOCTOR", "PATIENT", "PHONE", "STATUS", "ARRIVED", "WAITED",
        ],
        list.iter()
            .map(|a| {
                let mut row = visit_cells(a);
                row.push(
                    a.checked_in_at
                        .map(|t| crate::domain::time::fmt_clock(t.time()))
                        .unwrap_or_default(),
                );
                row.push(
                    a.wait_minutes
                        .map(|m| format!("{m} min"))
                        .unwrap_or_default(),
                );
                row
            })
            .collect(),
    )
}

/// A series booking: its id, each visit on a line, and the dates skipped.
pub fn series(s: &crate::service::SeriesBooked) -> String {
    let mut out = format!(
        "booked series {}: {}\n",
        s.series_id,
        crate::domain::text::count(s.booked.len(), "visit")
    );
    for a in &s.booked {
        out.push_str(&format!(
            "  appointment {}  {} – {}  {}\n",
            a.id,
            fmt_minute(a.start),
            fmt_clock(a.end.time()),
            a.doctor_name
        ));
    }
    if !s.skipped.is_empty() {
        out.push_str(&format!(
            "skipped: {}\n",
            s.skipped
                .iter()
                .map(|d| crate::domain::time::fmt_date(*d))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}

pub fn appointment(a: &Appointment) -> String {
    let mut s = format!(
        "Appointment {}  {}\n  when     {} – {} ({} min)\n  doctor   {} ({}), {}\n  patient  {} (id {})",
        a.id,
        a.status,
        fmt_minute(a.start),
        fmt_clock(a.end.time()),
        a.duration,
        a.doctor_name,
        a.doctor_id,
        a.specialty,
        a.patient_name,
        a.patient_id
    );
    if let Some(p) = &a.patient_phone {
        s.push_str(&format!("  phone {p}"));
    }
    if let Some(t) = &a.visit_type {
        s.push_str(&format!("\n  type     {t}"));
    }
    if let Some(series) = a.series_id {
        s.push_str(&format!("\n  series   {series}"));
    }
    if let Some(r) = &a.reason {
        s.push_str(&format!("\n  reason   {r}"));
    }
    if a.reschedules > 0 {
        s.push_str(&format!("\n  moved    {} time(s)", a.reschedules));
    }
    if let Some(o) = &a.override_reason {
        s.push_str(&format!("\n  override {o}"));
    }
    if let Some(at) = a.cancelled_at {
        s.push_str(&format!(
            "\n  cancelled {} by {}: {}",
            fmt_minute(at),
            a.cancelled_by.as_deref().unwrap_or("?"),
            a.cancel_reason.as_deref().unwrap_or("no reason given")
        ));
    }
    s
}
