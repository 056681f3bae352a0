//! Logs go to `clinic.log` in the data directory, never to the terminal the TUI owns.

use std::sync::Mutex;

/// Starts file logging (level from `CLINIC_LOG`, default `info`). Logging is best effort:
/// if the file cannot be opened the program runs without it.
pub fn init() {
    let Ok(path) = crate::paths::log_file() else {
        return;
    };
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    // Like the database, the log names people: readable by its owner only.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let Ok(file) = options.open(&path) else {
        return;
    };
    let filter = std::env::var("CLINIC_LOG").unwrap_or_else(|_| "info".into());
    let level = filter.parse().unwrap_or(tracing::Level::INFO);
    let _ = tracing_subscriber::fmt()
        .with_writer(Mutex::new(Quiet(file)))
        .with_ansi(false)
        .with_max_level(level)
        .try_init();
}

/// The log file, failing silently: a full disk must not make the logger complain on the
/// terminal the TUI owns (tracing-subscriber reports write errors on stderr).
struct Quiet(std::fs::File);

impl std::io::Write for Quiet {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Ok(self.0.write(buf).unwrap_or(buf.len()))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let _ = self.0.flush();
        Ok(())
    }
}
