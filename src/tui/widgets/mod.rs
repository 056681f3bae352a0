//! Shared pieces of screens: the dialog (with its form and fields), the paged list, the
//! search box, the footer, the help overlay, and fitting text into columns.
//!
//! Widgets draw and edit only; they hold no clinic data of their own and never call the
//! library. A new screen is built from these: it never hand-rolls a table, a form or a
//! dialog.

pub mod dialog;
pub mod field;
pub mod footer;
pub mod form;
pub mod help;
pub mod layout;
pub mod list;
pub mod search;
pub mod text;
