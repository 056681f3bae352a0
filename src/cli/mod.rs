//! The command line: clap subcommands over the same library the TUI uses.
//!
//! Each command signs in (if `--user` is given), calls one [`Clinic`] use case and prints
//! the result as JSON or a table. Errors become one line on stderr and the exit code of
//! their kind (SPEC §7). No rule is checked here.

pub mod args;
mod commands;
mod credentials;
mod import;
mod outbox;
mod output;
mod plans;
mod types;

pub use args::Cli;
pub use credentials::read_password;

use crate::clock::Clock;
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

/// A command line clap refused (exit 2), or `--help`/`--version` (exit 0). With `--json`
/// anywhere on the line, a refusal also prints the JSON error object, like every failure.
pub fn usage_error(e: &clap::Error) -> ExitCode {
    if !e.use_stderr() {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    // clap repeats the offending argument; a huge one is cut, and nothing typed is obeyed.
    for line in e.to_string().lines() {
        let short: String = line.chars().take(300).collect();
        eprintln!("{}", crate::domain::text::for_terminal(&short));
    }
    if std::env::args_os().any(|a| a == "--json") {
        let text = e.to_string();
        let first = text.lines().next().unwrap_or_default();
        let message: String = first
            .strip_prefix("error: ")
            .unwrap_or(first)
            .chars()
            .take(200)
            .collect();
        output::usage_json(&message);
    }
    ExitCode::from(2)
}
