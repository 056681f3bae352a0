//! The `clinic` binary: parse arguments, start file logging, pick the clock, and hand over to
//! the terminal UI (no subcommand) or the CLI. Everything else lives in the library.

use clap::Parser;
use clinic::cli::Cli;
use clinic::clock::{Clock, FixedClock, SystemClock};
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clinic::cli::usage_error(&e),
    };
    clinic::logging::init();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!("panic: {info}");
        default_hook(info);
    }));
    let clock = match clock_from_env() {
        Ok(clock) => clock,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(7);
        }
    };
    if cli.command.is_none() {
        let options = clinic::tui::Options {
            db: cli.db,
            demo: cli.demo,
            shared: cli.shared,
        };
        clinic::tui::main(options, clock)
    } else {
        clinic::cli::run(cli, clock)
    }
}

/// `CLINIC_NOW=YYYY-MM-DDTHH:MM` freezes the clock: for tests and demonstrations only.
fn clock_from_env() -> Result<Arc<dyn Clock>, String> {
    match std::env::var("CLINIC_NOW") {
        Ok(text) if !text.trim().is_empty() => {
            let at = clinic::domain::time::parse_minute(&text)
                .map_err(|e| format!("CLINIC_NOW: {e}"))?;
            Ok(Arc::new(FixedClock::new(at)))
        }
        _ => Ok(Arc::new(SystemClock)),
    }
}
