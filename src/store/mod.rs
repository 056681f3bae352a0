//! SQLite: opening the file safely, transactions, and the queries of each table.
//!
//! The only module that speaks SQL. Every connection gets the same pragmas (WAL,
//! `foreign_keys`, `busy_timeout`, `synchronous=FULL`); every write runs in
//! `BEGIN IMMEDIATE` so concurrent writers queue instead of failing; reads run in a deferred
//! transaction for a consistent snapshot. Nothing here knows about rules or roles.

pub mod accounts;
pub mod appointments;
pub mod audit;
pub mod bulk;
pub mod care_team;
pub mod checks;
pub mod doctors;
pub mod holds;
pub mod patients;
mod plans;
pub mod reports;
pub mod schema;
pub mod settings;
pub mod slots;
mod sql;
pub mod waitlist;

use crate::error::{Error, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another process's write before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Settings every connection gets after `journal_mode=WAL` (the benchmarks' raw-commit
/// baseline uses them too, so the comparison is fair):
/// - `synchronous=FULL`: an acknowledged booking survives power loss;
/// - `foreign_keys=ON`: SQLite leaves them off unless asked, per connection;
/// - `cache_size`: 16 MiB, so a day's patients and appointments stay in memory without a
///   long-running TUI growing past its memory budget.
pub const PRAGMAS: [(&str, &str); 3] = [
    ("synchronous", "FULL"),
    ("foreign_keys", "ON"),
    ("cache_size", "-16384"),
];

/// How to open the database file.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenOptions {
    /// Create the file group-readable and -writable (0660) for a clinic group, not 0600.
    pub shared: bool,
}

/// One connection to the clinic's database file.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    ///
    /// A file that is not a database, or that a newer version of clinic wrote, is refused
    /// before anything is written to it.
    pub fn open(path: &Path, options: OpenOptions) -> Result<Store> {
        create_private_file(path, options.shared)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| {
            Error::database(format!("cannot open {}: {}", path.display(), plain(&e)))
        })?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
        };
        store.prepare()?;
        Ok(store)
    }

    /// A private in-memory database, migrated: for tests and fixtures.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store { conn, path: None };
        store.prepare()?;
        Ok(store)
    }

    /// The file behind this store, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn prepare(&mut self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let where_ = self.describe();
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| {
                Error::database(format!("{where_} is not a clinic database ({})", plain(&e)))
            })?;
        if version < 0 || version as usize > schema::latest_version() {
            return Err(Error::database(format!(
                "{where_} was written by a newer version of clinic (schema {version}, this one knows {}); it was left untouched",
                schema::latest_version()
            )));
        }
        if version == 0 {
            let tables: i64 = self.conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )?;
            if tables > 0 {
                return Err(Error::database(format!(
                    "{where_} is an SQLite database but not a clinic one; it was left untouched"
                )));
            }
        }
        // Pragmas are per connection and never part of a migration.
        self.conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        for (name, value) in PRAGMAS {
            self.conn.pragma_update(None, name, value)?;
        }
        self.conn.set_prepared_statement_cache_capacity(64);
        self.migrate()
    }

    fn migrate(&mut self) -> Result<()> {
        self.conn
            .set_transaction_behavior(TransactionBehavior::Immediate);
        let result = schema::MIGRATIONS.to_latest(&mut self.conn);
        self.conn
            .set_transaction_behavior(TransactionBehavior::Deferred);
        match result {
            Ok(()) => Ok(()),
            // Another process may have migrated between our version read and our write lock.
            Err(_) if schema::MIGRATIONS.pending_migrations(&self.conn).ok() == Some(0) => Ok(()),
            Err(e) => Err(Error::database(format!(
                "cannot prepare {}: {e}",
                self.describe()
            ))),
        }
    }

    fn describe(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "the in-memory database".to_string(),
        }
    }

    /// Runs `f` in `BEGIN IMMEDIATE`: commits on `Ok`, rolls back on `Err`.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` in a read transaction: one consistent snapshot, never blocks writers.
    pub fn read<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
        let out = f(&tx)?;
        tx.finish()?;
        Ok(out)
    }

    /// Changes whenever another connection commits (`PRAGMA data_version`); the TUI polls it.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Online backup to a new file at `dest` (created 0600), page by page.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::conflict(format!(
                "{} already exists; choose a new file name",
                dest.display()
            )));
        }
        create_private_file(dest, false)?;
        let mut target = Connection::open(dest).map_err(|e| {
            Error::database(format!("cannot write {}: {}", dest.display(), plain(&e)))
        })?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut target)?;
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
        Ok(())
    }

    /// Direct access for the store's own modules and the demo generator.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// Creates `path` with mode 0600 (0660 when shared) if it does not exist, so SQLite never
/// creates the database with the process umask. SQLite gives `-wal` and `-shm` the same mode.
fn create_private_file(path: &Path, shared: bool) -> Result<()> {
    use std::fs::OpenOptions as FsOpen;
    use std::io::ErrorKind as Io;
    #[cfg(unix)]
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};

    let mode = if shared { 0o660 } else { 0o600 };
    let mut open = FsOpen::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    open.mode(mode);
    match open.open(path) {
        Ok(file) => {
            // The umask may have cleared group bits; set exactly what was asked.
            #[cfg(unix)]
            file.set_permissions(std::fs::Permissions::from_mode(mode))
                .map_err(|e| {
                    Error::database(format!("cannot set permissions on {}: {e}", path.display()))
                })?;
            let _ = file;
            Ok(())
        }
        Err(e) if e.kind() == Io::AlreadyExists => Ok(()),
        Err(e) => Err(Error::database(format!(
            "cannot create {}: {e}",
            path.display()
        ))),
    }
}

/// The message of an SQLite error without its code prefix.
fn plain(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string(),
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        let code = e.sqlite_error_code();
        match code {
            // A CHECK constraint guards value shapes: the input was invalid.
            Some(ErrorCode::ConstraintViolation)
                if matches!(&e, rusqlite::Error::SqliteFailure(f, _)
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_CHECK) =>
            {
                Error::invalid(format!("the database refused a value: {}", plain(&e)))
            }
            Some(ErrorCode::ConstraintViolation) => {
                let msg = plain(&e);
                // Trigger messages are written for people ("R3: …"); strip the rule tag.
                let msg = match msg.split_once(": ") {
                    Some((tag, rest)) if tag.starts_with('R') && tag.len() <= 3 => rest.to_string(),
                    _ => msg,
                };
                Error::conflict(msg)
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                Error::database("the database stayed busy for too long; please try again")
            }
            Some(
                ErrorCode::NotADatabase
                | ErrorCode::DatabaseCorrupt
                | ErrorCode::ReadOnly
                | ErrorCode::CannotOpen
                | ErrorCode::PermissionDenied
                | ErrorCode::DiskFull
                | ErrorCode::SystemIoFailure
                | ErrorCode::FileLockingProtocolFailed,
            ) => Error::database(format!("the database cannot be used: {}", plain(&e))),
            _ => Error::internal(format!("database error: {}", plain(&e))),
        }
    }
}
