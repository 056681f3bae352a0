//! The terminal UI (being built: see issue 4).

use crate::cli::Cli;
use crate::clock::Clock;
use std::process::ExitCode;
use std::sync::Arc;

pub fn main(_cli: Cli, _clock: Arc<dyn Clock>) -> ExitCode {
    eprintln!("error: the terminal UI is not built yet");
    ExitCode::from(1)
}
