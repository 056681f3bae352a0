//! Shared pieces of screens: form fields, the footer, the help overlay, tables and dialogs.
//!
//! Widgets draw only; they hold no clinic data of their own and never call the library.

pub mod dialog;
pub mod field;
pub mod footer;
pub mod form;
pub mod help;
pub mod layout;
pub mod list;
