//! `clinic backup FILE`: a consistent copy of the live clinic while others keep working.
//!
//! `VACUUM INTO` reads the whole file in one read transaction, so a busy clinic (a booking a
//! second) still gets its nightly backup; SQLite's page-by-page backup restarts after every
//! commit by another process and may never finish. The copy is written to a private
//! temporary file beside the destination, synced, then linked into place: the destination
//! either does not exist or is the whole backup, never a partial file, and a link already at
//! the destination (even a dangling one) is never followed.

use super::{Store, plain};
use crate::error::{Error, Result};
use rusqlite::ErrorCode;
use std::fs;
use std::io::ErrorKind as Io;
use std::path::{Path, PathBuf};

impl Store {
    /// Copies the clinic to a new file at `dest`, created 0600. (`create_new` is `O_EXCL`,
    /// which refuses a link at the temporary name too.)
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let shown = dest.display().to_string();
        if fs::symlink_metadata(dest).is_ok() {
            return Err(Error::conflict(format!(
                "{shown} already exists; choose a new file name"
            )));
        }
        let Some(name) = dest.file_name() else {
            return Err(Error::invalid(format!("{shown} is not a file name")));
        };
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = Temp::create(&dir, &name.to_string_lossy())
            .map_err(|e| destination_error(&shown, &e))?;
        let Some(temp_text) = temp.path.to_str() else {
            return Err(Error::invalid(format!(
                "{shown}: the backup's folder must have a UTF-8 name"
            )));
        };
        self.conn
            .execute("VACUUM INTO ?1", [temp_text])
            .map_err(|e| vacuum_error(&shown, e))?;
        fs::File::open(&temp.path)
            .and_then(|f| f.sync_all())
            .map_err(|e| destination_error(&shown, &e))?;
        // A hard link never replaces what is there, link or file, and never follows a link.
        fs::hard_link(&temp.path, dest).map_err(|e| match e.kind() {
            Io::AlreadyExists => {
                Error::conflict(format!("{shown} already exists; choose a new file name"))
            }
            _ => destination_error(&shown, &e),
        })?;
        drop(temp);
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// The temporary copy beside the destination; removed (with any journal) when dropped.
struct Temp {
    path: PathBuf,
}

impl Temp {
    fn create(dir: &Path, name: &str) -> std::io::Result<Temp> {
        use std::os::unix::fs::OpenOptionsExt;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let path = dir.join(format!(".{name}.backup-{}-{nanos}.tmp", std::process::id()));
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        Ok(Temp { path })
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        let mut journal = self.path.clone().into_os_string();
        journal.push("-journal");
        let _ = fs::remove_file(journal);
    }
}

/// A failure writing the copy: the destination's fault, in its words.
fn destination_error(shown: &str, e: &std::io::Error) -> Error {
    match e.kind() {
        Io::NotFound => Error::invalid(format!(
            "cannot write the backup {shown}: its folder does not exist"
        )),
        Io::PermissionDenied | Io::ReadOnlyFilesystem => Error::internal(format!(
            "cannot write the backup {shown}: its folder is not writable"
        )),
        Io::StorageFull | Io::FileTooLarge | Io::QuotaExceeded => Error::internal(format!(
            "cannot write the backup {shown}: no space left where it goes; nothing was written"
        )),
        _ => Error::internal(format!("cannot write the backup {shown}: {e}")),
    }
}

/// `VACUUM INTO` failed: writing the copy (the destination's fault) or reading the clinic.
fn vacuum_error(shown: &str, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => Error::internal(format!(
            "cannot write the backup {shown}: no space left where it goes; nothing was written"
        )),
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen | ErrorCode::ReadOnly) => {
            Error::internal(format!(
                "cannot write the backup {shown}: {} (is there room where it goes?); nothing was written",
                plain(&e)
            ))
        }
        _ => Error::from(e),
    }
}
