//! The terminal UI: `clinic` with no subcommand.
//!
//! A thin face over [`crate::service::Clinic`]: screens call its use cases and show their
//! errors; no SQL and no rule lives here. The pieces:
//!
//! - [`action`]: the one vocabulary of things a person can ask for; [`keymap`] maps keys to it.
//! - [`app`]: the state (open screens, session, message line, help, idle lock, live refresh)
//!   and the frame around screens; [`run`] is the event loop, generic over the backend and the
//!   [`event`] source so tests drive it on `TestBackend`.
//! - [`screen`]: the `Screen` trait; [`screens`]: one file per screen; [`sections`]: each
//!   role's top screens.
//! - [`widgets`]: fields, forms, footer, help overlay, paged lists; [`theme`]: colours and
//!   `NO_COLOR`; [`message`]: the message line; [`terminal`]: entering and restoring.
//!
//! Logging goes to the log file set up by `main`; nothing here prints while the TUI runs.

pub mod action;
pub mod app;
pub mod asking;
pub mod command;
pub mod event;
pub mod keymap;
pub mod message;
pub mod run;
pub mod screen;
pub mod screens;
pub mod sections;
pub mod terminal;
pub mod theme;
pub mod widgets;

use crate::Result;
use crate::clock::Clock;
use crate::demo::{self, DemoSpec};
use crate::service::Clinic;
use crate::service::{Create, OpenOptions};
use std::process::ExitCode;
use std::sync::Arc;

/// What the TUI is started with (from the command line).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--db`: the clinic's file, else `CLINIC_DB` or the default.
    pub db: Option<std::path::PathBuf>,
    /// `--demo`: the demo clinic, filled on first use.
    pub demo: bool,
    /// `--shared`: a new file is made group-writable.
    pub shared: bool,
}

/// Opens the clinic (filling the demo clinic on first use) and runs the TUI until quit.
/// Errors opening the file are printed before the terminal is taken over.
pub fn main(cli: Options, clock: Arc<dyn Clock>) -> ExitCode {
    let clinic = match open(&cli, clock) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(
                kind = e.kind().name(),
                "cannot open the clinic: {}",
                e.message()
            );
            eprintln!("error: {}", e.message());
            return ExitCode::from(e.kind().exit_code() as u8);
        }
    };
    tracing::info!(path = ?clinic.path(), demo = cli.demo, "TUI starting");
    let mut app = app::App::new(clinic, cli.demo, theme::Theme::from_env());
    let result = event::TerminalEvents::new()
        .and_then(|mut events| terminal::with_terminal(|t| run::run(t, &mut app, &mut events)));
    match result {
        Ok(()) => {
            tracing::info!("TUI closed");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!("TUI failed: {e}");
            eprintln!("error: the terminal failed: {e}");
            ExitCode::from(1)
        }
    }
}

/// The clinic file `--db`/`CLINIC_DB`/default names; with `--demo`, filled on first use.
pub fn open(cli: &Options, clock: Arc<dyn Clock>) -> Result<Clinic> {
    let path = crate::paths::database(cli.db.clone(), cli.demo)?;
    // A new file becomes a clinic on the first-run screen; an existing one must be a clinic.
    let options = OpenOptions {
        shared: cli.shared,
        create: Create::IfMissing,
    };
    let clinic = Clinic::open_with_clock(&path, options, clock)?;
    if cli.demo && !clinic.has_accounts()? {
        let summary = demo::generate(&clinic, DemoSpec::default())?;
        tracing::info!(appointments = summary.appointments, "demo clinic created");
    }
    Ok(clinic)
}
