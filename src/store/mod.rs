//! SQLite: opening the file safely, transactions, and the queries of each table.
//!
//! The only module that speaks SQL. Every connection gets the same pragmas (WAL,
//! `foreign_keys`, `busy_timeout`, `synchronous=FULL`); every write runs in
//! `BEGIN IMMEDIATE` so concurrent writers queue instead of failing; reads run in a deferred
//! transaction for a consistent snapshot. Nothing here knows about rules or roles.

pub mod accounts;
pub mod appointments;
pub mod audit;
mod backup;
pub mod bulk;
pub mod care_team;
pub mod checks;
pub mod corrections;
pub mod doctors;
pub mod holds;
pub mod outbox;
pub mod patients;
mod plans;
pub mod reports;
pub mod schema;
pub mod settings;
pub mod slots;
mod sql;
pub mod time_off;
pub mod visit_types;
pub mod waitlist;
pub mod working_plans;

#[cfg(test)]
mod upgrades;

use crate::error::{Error, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// Whether opening may create a clinic (SPEC §14: only `init` and `demo` create one; the
/// TUI's first-run screen may start one in a file that does not exist yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Create {
    /// The file must already be a clinic: anything else is refused untouched.
    #[default]
    Never,
    /// A missing file becomes a new clinic; an existing one must be a clinic.
    IfMissing,
    /// A missing or empty (zero-byte) file becomes a new clinic.
    IfMissingOrEmpty,
}

/// How to open the database file.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenOptions {
    /// Create the file group-readable and -writable (0660) for a clinic group, not 0600.
    pub shared: bool,
    pub create: Create,
}

impl OpenOptions {
    /// Opening that may make a new clinic (`init`, `demo`, test fixtures).
    pub fn create() -> OpenOptions {
        OpenOptions {
            shared: false,
            create: Create::IfMissingOrEmpty,
        }
    }
}

/// One connection to the clinic's database file.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens and migrates the clinic at `path`, creating it only as `options.create` allows.
    ///
    /// A file that is not a clinic (not a database, another program's database, an empty
    /// file) or that a newer version of clinic wrote is refused before anything is written
    /// to it, so it stays byte-for-byte as it was.
    pub fn open(path: &Path, options: OpenOptions) -> Result<Store> {
        let created = match options.create {
            Create::Never => false,
            Create::IfMissing | Create::IfMissingOrEmpty => {
                create_private_file(path, options.shared)?
            }
        };
        if !created && !path.exists() {
            return Err(Error::database(format!(
                "there is no clinic database at {}; create one with `clinic init --admin NAME`",
                path.display()
            )));
        }
        // Never SQLITE_OPEN_CREATE: a file that vanished in between is not silently remade.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| unusable(&path.display().to_string(), &e))?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
        };
        let may_create = created || options.create == Create::IfMissingOrEmpty;
        store.prepare(may_create)?;
        Ok(store)
    }

    /// A private in-memory database, migrated: for tests and fixtures.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store { conn, path: None };
        store.prepare(true)?;
        Ok(store)
    }

    /// The file behind this store, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn prepare(&mut self, may_create: bool) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let where_ = self.describe();
        // One statement, one snapshot: another process may be creating the clinic meanwhile.
        let (version, tables): (i64, i64) = retry_busy(|| {
            self.conn.query_row(
                "SELECT (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM sqlite_master WHERE type = 'table')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
        .map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => Error::database(format!(
                "{where_} is not a clinic database ({}); it was left untouched",
                plain(&e)
            )),
            _ => unusable(&where_, &e),
        })?;
        if version < 0 || version as usize > schema::latest_version() {
            return Err(Error::database(format!(
                "{where_} was written by a newer version of clinic (schema {version}, this one knows {}); it was left untouched",
                schema::latest_version()
            )));
        }
        if version == 0 && tables > 0 {
            return Err(Error::database(format!(
                "{where_} is an SQLite database but not a clinic one; it was left untouched"
            )));
        }
        if version == 0 && !may_create {
            return Err(Error::database(format!(
                "{where_} is empty, not a clinic database; it was left untouched (only `clinic init` or `clinic demo` make a new clinic)"
            )));
        }
        // Pragmas are per connection and never part of a migration. Switching a new file to
        // WAL needs a moment alone with it: several processes creating one file at once wait
        // for each other here rather than failing.
        retry_busy(|| {
            self.conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
        })
        .map_err(|e| unusable(&where_, &e))?;
        for (name, value) in PRAGMAS {
            self.conn.pragma_update(None, name, value)?;
        }
        self.conn.set_prepared_statement_cache_capacity(64);
        self.migrate()
    }

    fn migrate(&mut self) -> Result<()> {
        self.conn
            .set_transaction_behavior(TransactionBehavior::Immediate);
        let deadline = Instant::now() + BUSY_TIMEOUT;
        let result = loop {
            match schema::MIGRATIONS.to_latest(&mut self.conn) {
                Err(e) if is_busy_migration(&e) && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => break other,
            }
        };
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

    /// Runs `f` in `BEGIN IMMEDIATE` and always rolls back: what a write would do, for a
    /// preview. The write lock is held only while `f` runs.
    pub fn rehearse<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let out = f(&tx);
        tx.rollback()?;
        out
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

    /// Direct access for the store's own modules and the demo generator.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// Creates `path` with mode 0600 (0660 when shared) if it does not exist, so SQLite never
/// creates the database with the process umask. SQLite gives `-wal` and `-shm` the same mode.
/// Returns whether it created the file.
fn create_private_file(path: &Path, shared: bool) -> Result<bool> {
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
            Ok(true)
        }
        Err(e) if e.kind() == Io::AlreadyExists => Ok(false),
        Err(e) => Err(Error::database(format!(
            "cannot create {}: {e}",
            path.display()
        ))),
    }
}

/// Runs `f` again while another process holds the file in a way SQLite's busy handler does
/// not wait for (switching a new file to WAL, a reader upgrading to a writer), up to
/// [`BUSY_TIMEOUT`].
fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match f() {
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                ) && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

fn is_busy_migration(e: &rusqlite_migration::Error) -> bool {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => matches!(
            err.sqlite_error_code(),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
        ),
        _ => false,
    }
}

/// Why the file at `where_` cannot be used, in plain words (exit 8).
fn unusable(where_: &str, e: &rusqlite::Error) -> Error {
    let why = match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            "it or its folder is not writable (the clinic writes FILE-wal and FILE-shm beside it)"
                .to_string()
        }
        Some(ErrorCode::DiskFull) => "the disk it is on is full".to_string(),
        Some(ErrorCode::SystemIoFailure) => format!("the disk reported an error ({})", plain(e)),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "another program kept it locked for too long".to_string()
        }
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            return Error::database(format!(
                "{where_} is not a clinic database ({}); it was left untouched",
                plain(e)
            ));
        }
        _ => plain(e),
    };
    Error::database(format!("cannot use {where_}: {why}"))
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
            Some(ErrorCode::DiskFull) => {
                Error::database("the disk holding the clinic's database is full; nothing was saved")
            }
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                Error::database(
                    "the clinic's database or its folder is not writable; nothing was saved",
                )
            }
            Some(
                ErrorCode::NotADatabase
                | ErrorCode::DatabaseCorrupt
                | ErrorCode::SystemIoFailure
                | ErrorCode::FileLockingProtocolFailed,
            ) => Error::database(format!("the database cannot be used: {}", plain(&e))),
            _ => Error::internal(format!("database error: {}", plain(&e))),
        }
    }
}
