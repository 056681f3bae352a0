//! The command line: clap subcommands over the same library the TUI uses.
//!
//! Each command signs in (if `--user` is given), calls one [`Clinic`] use case and prints
//! the result as JSON or a table. Errors become one line on stderr and the exit code of
//! their kind (SPEC §7). No rule is checked here.

pub mod args;
mod commands;
mod credentials;
mod output;

pub use args::Cli;
pub use credentials::read_password;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::paths;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Runs one CLI command and returns the process exit code.
pub fn run(cli: Cli, clock: Arc<dyn Clock>) -> ExitCode {
    let json = cli.json;
    match commands::dispatch(cli, clock) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::info!(kind = e.kind().name(), "command failed: {}", e.message());
            output::error(json, &e);
            ExitCode::from(e.kind().exit_code() as u8)
        }
    }
}

/// Which file to use: `--db`, else `CLINIC_DB`, else `demo.db` (for `--demo` and `clinic demo`)
/// or `clinic.db` in the data directory.
pub fn database_path(db: Option<PathBuf>, demo: bool) -> Result<PathBuf> {
    if let Some(p) = db {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os("CLINIC_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if demo {
        paths::demo_db()
    } else {
        paths::default_db()
    }
}

/// Refuses to create a file as a side effect of a command that only reads or changes one.
fn require_existing(path: &std::path::Path) -> Result<()> {
    if path.exists() {
        Ok(())
    } else {
        Err(Error::database(format!(
            "there is no clinic database at {}; create one with `clinic init --admin NAME`",
            path.display()
        )))
    }
}
