//! `import patients|doctors FILE.csv` (SPEC §13): a clinic arrives with a spreadsheet. The
//! file is read with the `csv` crate (UTF-8 with or without a byte-order mark, CRLF, quoted
//! commas and line breaks), every row is checked by the rules the CLI and the TUI apply, and
//! duplicates are looked for among the records on file and earlier in the file. All or
//! nothing, in one transaction: any invalid row refuses the whole file, naming every bad line.

use super::{Clinic, record};
use crate::domain::import::{
    self, ImportKind, ImportReport, LineError, Problem, Sameness, doctor_profile_keys, profile_keys,
};
use crate::domain::{Actor, DoctorProfile, PatientProfile, access};
use crate::error::{Error, Result};
use crate::store::{doctors, patients};
use chrono::NaiveDateTime;
use rusqlite::Connection;
use std::collections::HashMap;
use std::path::Path;

/// How an import runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Check everything and report, writing nothing.
    pub dry_run: bool,
    /// Leave duplicates out (and list them) instead of refusing the file.
    pub skip_duplicates: bool,
}

/// A row that passed the rules, ready to insert.
enum Record {
    Patient(PatientProfile),
    Doctor(DoctorProfile),
}

impl Record {
    fn keys(&self) -> Vec<Sameness> {
        match self {
            Record::Patient(p) => profile_keys(p),
            Record::Doctor(d) => doctor_profile_keys(d),
        }
    }
}

/// A file as read: its header, its rows after the header each with the line it starts on,
/// and the lines that could not be read as rows at all.
struct Sheet {
    header: import::Header,
    rows: Vec<(u64, Vec<String>)>,
    unreadable: Vec<LineError>,
}

/// Reads the file whole.
fn rows(kind: ImportKind, path: &Path) -> Result<Sheet> {
    let data = std::fs::read(path).map_err(|e| {
        Error::invalid(match e.kind() {
            std::io::ErrorKind::NotFound => format!("there is no file {}", path.display()),
            std::io::ErrorKind::PermissionDenied => {
                format!("cannot read {}: permission denied", path.display())
            }
            std::io::ErrorKind::IsADirectory => {
                format!("{} is a folder, not a file", path.display())
            }
            _ => format!("cannot read {}: {e}", path.display()),
        })
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(data.as_slice());
    // The line a row starts on, from its byte offset (the reader's own line count is one
    // short after CRLF line ends).
    let mut counted = (0usize, 1u64);
    let mut line_at = |byte: u64| {
        let mut byte = (byte as usize).min(data.len());
        // A position may point at the line end before the row (the `\n` of a CRLF).
        while byte < data.len() && matches!(data[byte], b'\r' | b'\n') {
            byte += 1;
        }
        let (from, line) = counted;
        let line = line
            + data[from.min(byte)..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
        counted = (byte.max(from), line);
        line
    };
    let text = |field: &[u8]| String::from_utf8(field.to_vec());
    let names: Vec<String> = match reader.byte_headers() {
        Ok(h) if h.iter().any(|f| !f.is_empty()) => h
            .iter()
            .map(|f| {
                text(f).map_err(|_| {
                    Error::invalid("the header is not UTF-8 text; save the file as UTF-8")
                })
            })
            .collect::<Result<_>>()?,
        Ok(_) => {
            return Err(Error::invalid(format!(
                "{} is empty: it needs a header row",
                path.display()
            )));
        }
        Err(e) => {
            return Err(Error::invalid(format!(
                "cannot read {}: {e}",
                path.display()
            )));
        }
    };
    let header = import::header(kind, &names)?;
    let mut out = Vec::new();
    let mut bad = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let line = line_at(reader.position().byte());
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                bad.push(LineError {
                    line,
                    message: format!("cannot be read: {e}"),
                    problem: Problem::Invalid,
                });
                continue;
            }
        }
        let line = record.position().map_or(line, |p| line_at(p.byte()));
        // A row left blank by a spreadsheet is no one.
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if record.len() != names.len() {
            bad.push(LineError {
                line,
                message: format!(
                    "has {} fields where the header has {}",
                    record.len(),
                    names.len()
                ),
                problem: Problem::Invalid,
            });
            continue;
        }
        match record
            .iter()
            .map(text)
            .collect::<std::result::Result<Vec<_>, _>>()
        {
            Ok(fields) => out.push((line, fields)),
            Err(_) => bad.push(LineError {
                line,
                message: "is not UTF-8 text; save the file as UTF-8".into(),
                problem: Problem::Invalid,
            }),
        }
    }
    Ok(Sheet {
        header,
        rows: out,
        unreadable: bad,
    })
}

/// The records already on file, by what makes two the same, each with how to name it.
fn on_file(tx: &Connection, kind: ImportKind) -> Result<HashMap<Sameness, String>> {
    let mut known = HashMap::new();
    match kind {
        ImportKind::Patients => {
            for p in patients::identities(tx)? {
                for key in import::patient_keys(&p.full_name, p.dob, p.email.as_deref()) {
                    known
                        .entry(key)
                        .or_insert_with(|| format!("patient {} ({})", p.id, p.full_name));
                }
            }
        }
        ImportKind::Doctors => {
            for d in doctors::list(tx, None, true)? {
                for key in import::doctor_keys(&d.full_name, &d.specialty) {
                    known
                        .entry(key)
                        .or_insert_with(|| format!("doctor {} ({})", d.id, d.full_name));
                }
            }
        }
    }
    Ok(known)
}

impl Clinic {
    /// Imports patients or doctors from the CSV file at `path` (the front desk only).
    ///
    /// Returns what was (or, for a dry run or a refused file, would be) done: the count
    /// imported and skipped, and every line that was refused and why. A file with an invalid
    /// row, or with duplicates and no `skip_duplicates`, imports nothing; its report's
    /// [`ImportReport::refusal`] says so (exit 7, or 6 for duplicates).
    pub fn import_csv(
        &self,
        actor: &Actor,
        kind: ImportKind,
        path: &Path,
        options: ImportOptions,
    ) -> Result<ImportReport> {
        access::admin(actor)?;
        let now = self.now();
        let Sheet {
            header,
            rows,
            unreadable: mut errors,
        } = rows(kind, path)?;
        let mut valid = Vec::with_capacity(rows.len());
        for (line, fields) in &rows {
            let checked = match kind {
                ImportKind::Patients => header
                    .patient(fields)
                    .validate(now.date())
                    .map(Record::Patient),
                ImportKind::Doctors => header
                    .doctor(fields)
                    .and_then(|d| d.validate())
                    .map(Record::Doctor),
            };
            match checked {
                Ok(r) => valid.push((*line, r)),
                Err(e) => errors.push(LineError {
                    line: *line,
                    message: e.message().to_string(),
                    problem: Problem::Invalid,
                }),
            }
        }
        let file = path.display().to_string();
        let run = |tx: &rusqlite::Transaction<'_>| {
            self.import_in(tx, actor, kind, valid, errors, options, (&file, now))
        };
        let mut report = if options.dry_run {
            self.store.rehearse(run)?
        } else {
            self.store.write(run)?
        };
        report.errors.sort_by_key(|e| e.line);
        Ok(report)
    }

    #[allow(clippy::too_many_arguments)]
    fn import_in(
        &self,
        tx: &Connection,
        actor: &Actor,
        kind: ImportKind,
        valid: Vec<(u64, Record)>,
        mut errors: Vec<LineError>,
        options: ImportOptions,
        (file, now): (&str, NaiveDateTime),
    ) -> Result<ImportReport> {
        let mut known = on_file(tx, kind)?;
        let mut take = Vec::with_capacity(valid.len());
        let mut skipped_lines = Vec::new();
        for (line, r) in valid {
            let keys = r.keys();
            let twin = keys
                .iter()
                .find_map(|k| known.get(k).map(|who| (k, who.clone())));
            match twin {
                Some((key, who)) => {
                    let e = LineError {
                        line,
                        message: format!("the same as {who}: {}", key.words()),
                        problem: Problem::Duplicate,
                    };
                    if options.skip_duplicates {
                        skipped_lines.push(e);
                    } else {
                        errors.push(e);
                    }
                }
                None => {
                    for key in keys {
                        known.insert(key, format!("line {line}"));
                    }
                    take.push(r);
                }
            }
        }
        let mut report = ImportReport {
            imported: take.len() as u64,
            skipped: skipped_lines.len() as u64,
            errors,
            skipped_lines,
            dry_run: options.dry_run,
        };
        if report.refusal().is_some() {
            report.imported = 0;
            report.dry_run = true;
            return Ok(report);
        }
        // Patients go in with one statement (see `patients::insert_many`); doctors are few.
        let mut people = Vec::new();
        for r in take {
            match r {
                Record::Patient(p) => people.push(p),
                Record::Doctor(d) => {
                    doctors::insert(tx, &d, None, now)?;
                }
            }
        }
        patients::insert_many(tx, &people, actor.account(), now)?;
        record(
            tx,
            now,
            actor,
            match kind {
                ImportKind::Patients => "import_patients",
                ImportKind::Doctors => "import_doctors",
            },
            Some(file.to_string()),
            format!(
                "{} {} imported, {} duplicates skipped",
                report.imported,
                kind.noun(),
                report.skipped
            ),
        )?;
        Ok(report)
    }
}
