//! Taking over the terminal and always giving it back: raw mode and the alternate screen on
//! entry; restored on return, on error (a drop guard) and on panic (ratatui's hook).

use ratatui::DefaultTerminal;
use std::io;

/// Restores the terminal when dropped, whatever way the TUI ends.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
        let _ = crossterm::execute!(io::stdout(), crossterm::cursor::Show);
    }
}

/// Runs `f` with the terminal in TUI mode and restores it afterwards.
pub fn with_terminal<T>(f: impl FnOnce(&mut DefaultTerminal) -> io::Result<T>) -> io::Result<T> {
    // Installs a panic hook that restores the terminal before the panic message prints.
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    f(&mut terminal)
}
