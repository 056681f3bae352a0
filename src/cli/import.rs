//! `clinic import patients|doctors FILE.csv` (SPEC §13): the report — imported, skipped, and
//! every refused line — on stdout; a refused file exits 7 (invalid rows) or 6 (duplicates)
//! with one `error:` line on stderr, and with `--json` the report carries the error object.

use super::args::ImportKindArg;
use super::output::{self, emit};
use crate::domain::Actor;
use crate::domain::import::{ImportKind, ImportReport};
use crate::error::Result;
use crate::service::{Clinic, ImportOptions};
use std::path::Path;

pub fn import(
    clinic: &Clinic,
    kind: ImportKindArg,
    file: &Path,
    options: ImportOptions,
    json: bool,
    actor: &Actor,
) -> Result<()> {
    let kind = match kind {
        ImportKindArg::Patients => ImportKind::Patients,
        ImportKindArg::Doctors => ImportKind::Doctors,
    };
    let report = clinic.import_csv(actor, kind, file, options)?;
    let refusal = report.refusal();
    match (&refusal, json) {
        (Some(e), true) => output::json_with_error(&report, e),
        _ => emit(json, &report, |r| human(r, kind)),
    }
    match refusal {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn human(r: &ImportReport, kind: ImportKind) -> String {
    let mut lines = Vec::new();
    for e in &r.errors {
        lines.push(format!("line {}: {}", e.line, e.message));
    }
    for e in &r.skipped_lines {
        lines.push(format!("line {}: skipped, {}", e.line, e.message));
    }
    let verb = if r.dry_run {
        "would import"
    } else {
        "imported"
    };
    if r.errors.is_empty() {
        lines.push(format!(
            "{verb} {} {}{}",
            r.imported,
            kind.noun(),
            match r.skipped {
                0 => String::new(),
                n => format!(", skipped {n} already on file"),
            }
        ));
    }
    lines.join("\n")
}
