//! The library's one error type.
//!
//! Every failure a user can meet is one of a few kinds; each kind maps to one CLI exit code
//! (SPEC §7) and carries one plain sentence. The TUI shows the sentence on its message line.

use std::fmt;

/// What went wrong, in the words the SPEC's exit codes use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Wrong username or password, or the account is locked (exit 3).
    Auth,
    /// The acting account may not do this (exit 4).
    Forbidden,
    /// An id that does not exist (exit 5).
    NotFound,
    /// The clinic's state refuses it: slot taken or held, overlap, limit, wrong status (exit 6).
    Conflict,
    /// Malformed or out-of-range input: bad date, past, outside hours, bad length (exit 7).
    Invalid,
    /// The database file cannot be used: newer schema, corrupt, not writable (exit 8).
    Database,
    /// Anything else (exit 1).
    Internal,
}

impl ErrorKind {
    /// The process exit code of SPEC §7.
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::Auth => 3,
            ErrorKind::Forbidden => 4,
            ErrorKind::NotFound => 5,
            ErrorKind::Conflict => 6,
            ErrorKind::Invalid => 7,
            ErrorKind::Database => 8,
            ErrorKind::Internal => 1,
        }
    }

    /// The snake_case name used in `{"error":{"kind":…}}`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Auth => "auth",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Invalid => "invalid",
            ErrorKind::Database => "database",
            ErrorKind::Internal => "internal",
        }
    }
}

/// A failure with its kind and a one-line message for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let message: String = message.into();
        // One line, always: a message is printed after "error: " and on the TUI's message line.
        let message = message.replace(['\n', '\r'], " ");
        Error { kind, message }
    }
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    pub fn auth(m: impl Into<String>) -> Self {
        Self::new(ErrorKind::Auth, m)
    }
    pub fn forbidden(m: impl Into<String>) -> Self {
        Self::new(ErrorKind::Forbidden, m)
    }
    pub fn not_found(m: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, m)
    }
    pub fn conflict(m: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, m)
    }
    pub fn invalid(m: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid, m)
    }
    pub fn database(m: impl Into<String>) -> Self {
        Self::new(ErrorKind::Database, m)
    }
    pub fn internal(m: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, m)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
