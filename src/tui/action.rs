//! What a key means: the one vocabulary between the keymap and the screens.
//!
//! The keymap ([`super::keymap`]) turns key presses into these; screens turn them into state
//! changes. Nothing here knows about terminals or the clinic.

use crossterm::event::KeyEvent;

/// Everything a person can ask the TUI to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Leave the program at once, from any screen (Ctrl-C).
    Quit,
    /// Leave the program if this is a top screen (`q`); elsewhere Esc goes back.
    QuitFromTop,
    /// Show or hide the help overlay of the current screen (`?`, F1 in forms).
    Help,
    /// Go back, close a dialog or cancel an edit (Esc).
    Back,
    /// Move the selection up (↑, `k`).
    Up,
    /// Move the selection down (↓, `j`).
    Down,
    /// Move left, e.g. the previous day or the previous choice (←, `h`).
    Left,
    /// Move right, e.g. the next day or the next choice (→, `l`).
    Right,
    /// One page up (PgUp).
    PageUp,
    /// One page down (PgDn).
    PageDown,
    /// To the first row (Home, `g`).
    First,
    /// To the last row (End, `G`).
    Last,
    /// The next field or tab (Tab).
    NextField,
    /// The previous field or tab (Shift-Tab).
    PrevField,
    /// Act on the selection or submit the form (Enter).
    Submit,
    /// Edit the filters of a list (`/`).
    Filter,
    /// Change the sort order of a list (`o`).
    Sort,
    /// Reschedule the selected appointment (`r`).
    Reschedule,
    /// Cancel the selected appointment, or withdraw a waitlist entry (`c`).
    Cancel,
    /// Join the waitlist for the day being shown (`w`).
    Waitlist,
    /// Start something new, e.g. a waitlist entry (`n`).
    New,
    /// Open the self-registration form from the login screen (Ctrl-R).
    Register,
    /// Toggle the thing under the cursor, e.g. declare or remove a slot in the grid (Space).
    Toggle,
    /// Switch between the day and the week view (`v`).
    View,
    /// Check the selected patient in (`i`).
    CheckIn,
    /// Mark the selected visit completed (`d`, done).
    Complete,
    /// Mark the selected visit a no-show (`x`).
    NoShow,
    /// Edit the selected record (`e`).
    Edit,
    /// Archive or restore a patient, deactivate or reactivate a doctor (`a`).
    Archive,
    /// Show the selected patient's history (`H`).
    History,
    /// Show and change the selected patient's care team (`t`).
    CareTeam,
    /// Book for the selected patient (`b`).
    Book,
    /// Copy a day or week of slots forward (`f`).
    CopyForward,
    /// Open the selected doctor's schedule (`s`).
    Schedule,
    /// Open the selected doctor's weekly plan (`p`).
    Plan,
    /// Undo the last status change of the selected visit, with a reason (`u`, front desk).
    Undo,
    /// Queue a failed message again (`R`).
    Retry,
    /// Import patients or doctors from a CSV file (`I`, front desk).
    Import,
    /// Sign out and return to the login screen (`S`).
    SignOut,
    /// Switch to the numbered section of the signed-in role (`1`–`9`, then `0`).
    Section(usize),
    /// A key for the focused text field (typing, cursor keys, Backspace).
    Input(KeyEvent),
}

impl Action {
    /// The choice after `current` among `count` (a filter, a report), round the end:
    /// back for [`Action::PrevField`], forward for anything else.
    pub fn cycle(&self, current: usize, count: usize) -> usize {
        if *self == Action::PrevField {
            (current + count - 1) % count
        } else {
            (current + 1) % count
        }
    }
}
