//! `clinic`: appointment booking for a medical clinic over one SQLite file.
//!
//! Module map (dependencies point down only):
//!
//! - [`cli`] and [`tui`]: the two faces; they parse, call [`service`], and print or draw.
//! - [`service`]: the use cases ([`Clinic`]): rules + store in one transaction, authorization
//!   checked on every call with the acting account passed in.
//! - [`domain`]: ids, entities, rules R1–R11 and the authorization table; pure code.
//! - [`store`]: SQLite: opening safely, migrations, queries. The only place with SQL.
//! - [`transport`]: e-mail over SMTP and SMS over HTTP. The only place that opens a network
//!   connection; the outbox's sender calls it with no transaction open.
//! - [`fhir`]: HL7 FHIR R4 resources and the mapping of the clinic's records onto them; pure.
//! - [`demo`]: the deterministic demo-clinic generator.
//! - [`clock`], [`error`], [`paths`], [`logging`]: "now", the error kinds, where files live,
//!   the log file.

pub mod cli;
pub mod clock;
pub mod demo;
pub mod domain;
pub mod error;
pub mod fhir;
pub mod logging;
pub mod paths;
pub mod service;
pub mod store;
pub mod transport;
pub mod tui;

pub use error::{Error, ErrorKind, Result};
pub use service::Clinic;
