//! The message line: one sentence of feedback, an error or a confirmation.

use crate::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
}

/// What the message line shows until the next key press.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub kind: MessageKind,
    pub text: String,
}

impl Message {
    pub fn info(text: impl Into<String>) -> Message {
        Message {
            kind: MessageKind::Info,
            text: text.into(),
        }
    }
    pub fn error(text: impl Into<String>) -> Message {
        Message {
            kind: MessageKind::Error,
            text: text.into(),
        }
    }
}

impl From<&Error> for Message {
    fn from(e: &Error) -> Message {
        Message::error(e.message())
    }
}

impl From<Error> for Message {
    fn from(e: Error) -> Message {
        Message::from(&e)
    }
}
