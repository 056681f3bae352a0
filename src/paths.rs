//! Where files live: the platform data directory from `directories`
//! (e.g. `~/.local/share/clinic/` on Linux) holds `clinic.db`, `demo.db` and `clinic.log`.

use crate::error::{Error, Result};
use std::path::PathBuf;

/// The data directory, created if missing.
pub fn data_dir() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "clinic").ok_or_else(|| {
        Error::database("cannot find a home directory for the clinic's data; pass --db")
    })?;
    let dir = dirs.data_dir().to_path_buf();
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::database(format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir)
}

/// The clinic's database when neither `--db` nor `CLINIC_DB` names one.
pub fn default_db() -> Result<PathBuf> {
    Ok(data_dir()?.join("clinic.db"))
}

/// The demo clinic's database (`--demo`).
pub fn demo_db() -> Result<PathBuf> {
    Ok(data_dir()?.join("demo.db"))
}

/// The log file; logs never go to the terminal.
pub fn log_file() -> Result<PathBuf> {
    Ok(data_dir()?.join("clinic.log"))
}

/// Which file to use: `db` (`--db`), else `CLINIC_DB`, else `demo.db` (for `--demo` and
/// `clinic demo`) or `clinic.db` in the data directory.
pub fn database(db: Option<PathBuf>, demo: bool) -> Result<PathBuf> {
    if let Some(p) = db {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os("CLINIC_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if demo { demo_db() } else { default_db() }
}
