//! The keymap: every key binding of the TUI in one place.
//!
//! Two modes: on a list (navigation) letters are commands; in a form (text entry) they type.
//! Ctrl-C quits in both. Screens never look at raw keys except through [`Action::Input`].

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Whether the focused screen is taking text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Lists and menus: letters are commands.
    Navigate,
    /// Forms: letters type into the focused field.
    TextEntry,
}

/// The action for a key press in `mode`, if any. Key releases and repeats of modifiers are
/// ignored.
pub fn action_for(key: KeyEvent, mode: Mode) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => return Some(Action::Quit),
        KeyCode::Esc => return Some(Action::Back),
        KeyCode::Enter => return Some(Action::Submit),
        KeyCode::Tab => return Some(Action::NextField),
        KeyCode::BackTab => return Some(Action::PrevField),
        KeyCode::F(1) => return Some(Action::Help),
        KeyCode::PageUp => return Some(Action::PageUp),
        KeyCode::PageDown => return Some(Action::PageDown),
        _ => {}
    }
    match mode {
        Mode::TextEntry => match key.code {
            KeyCode::Char('r') if ctrl => Some(Action::Register),
            KeyCode::Up => Some(Action::PrevField),
            KeyCode::Down => Some(Action::NextField),
            _ => Some(Action::Input(key)),
        },
        Mode::Navigate => {
            if ctrl {
                return None;
            }
            Some(match key.code {
                KeyCode::Up | KeyCode::Char('k') => Action::Up,
                KeyCode::Down | KeyCode::Char('j') => Action::Down,
                KeyCode::Left | KeyCode::Char('h') => Action::Left,
                KeyCode::Right | KeyCode::Char('l') => Action::Right,
                KeyCode::Home | KeyCode::Char('g') => Action::First,
                KeyCode::End | KeyCode::Char('G') => Action::Last,
                KeyCode::Char('?') => Action::Help,
                KeyCode::Char('q') => Action::QuitFromTop,
                KeyCode::Char('/') => Action::Filter,
                KeyCode::Char('o') => Action::Sort,
                KeyCode::Char('r') => Action::Reschedule,
                KeyCode::Char('c') => Action::Cancel,
                KeyCode::Char('w') => Action::Waitlist,
                KeyCode::Char('n') => Action::New,
                KeyCode::Char('S') => Action::SignOut,
                KeyCode::Char(' ') => Action::Toggle,
                KeyCode::Char('v') => Action::View,
                KeyCode::Char('i') => Action::CheckIn,
                KeyCode::Char('d') => Action::Complete,
                KeyCode::Char('x') => Action::NoShow,
                KeyCode::Char('e') => Action::Edit,
                KeyCode::Char('a') => Action::Archive,
                KeyCode::Char('H') => Action::History,
                KeyCode::Char('t') => Action::CareTeam,
                KeyCode::Char('b') => Action::Book,
                KeyCode::Char('f') => Action::CopyForward,
                KeyCode::Char('s') => Action::Schedule,
                KeyCode::Char(d @ '1'..='9') => Action::Section(d as usize - '1' as usize),
                _ => return None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn ctrl_c_quits_in_both_modes() {
        let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(k, Mode::Navigate), Some(Action::Quit));
        assert_eq!(action_for(k, Mode::TextEntry), Some(Action::Quit));
    }

    #[test]
    fn letters_are_commands_on_lists_and_text_in_forms() {
        let q = key(KeyCode::Char('q'));
        assert_eq!(action_for(q, Mode::Navigate), Some(Action::QuitFromTop));
        assert_eq!(action_for(q, Mode::TextEntry), Some(Action::Input(q)));
        let j = key(KeyCode::Char('j'));
        assert_eq!(action_for(j, Mode::Navigate), Some(Action::Down));
        assert_eq!(action_for(j, Mode::TextEntry), Some(Action::Input(j)));
    }

    #[test]
    fn vim_keys_match_arrows() {
        for (a, b) in [
            ('h', KeyCode::Left),
            ('j', KeyCode::Down),
            ('k', KeyCode::Up),
            ('l', KeyCode::Right),
        ] {
            assert_eq!(
                action_for(key(KeyCode::Char(a)), Mode::Navigate),
                action_for(key(b), Mode::Navigate)
            );
        }
    }

    #[test]
    fn digits_pick_sections_and_keys_release_is_ignored() {
        assert_eq!(
            action_for(key(KeyCode::Char('2')), Mode::Navigate),
            Some(Action::Section(1))
        );
        let mut release = key(KeyCode::Enter);
        release.kind = KeyEventKind::Release;
        assert_eq!(action_for(release, Mode::Navigate), None);
    }

    #[test]
    fn staff_keys_are_commands_on_lists_only() {
        for (c, a) in [
            (' ', Action::Toggle),
            ('v', Action::View),
            ('i', Action::CheckIn),
            ('d', Action::Complete),
            ('x', Action::NoShow),
            ('f', Action::CopyForward),
            ('H', Action::History),
        ] {
            let k = key(KeyCode::Char(c));
            assert_eq!(action_for(k, Mode::Navigate), Some(a));
            assert_eq!(action_for(k, Mode::TextEntry), Some(Action::Input(k)));
        }
    }

    #[test]
    fn tab_and_enter_work_everywhere() {
        for mode in [Mode::Navigate, Mode::TextEntry] {
            assert_eq!(action_for(key(KeyCode::Tab), mode), Some(Action::NextField));
            assert_eq!(
                action_for(key(KeyCode::BackTab), mode),
                Some(Action::PrevField)
            );
            assert_eq!(action_for(key(KeyCode::Enter), mode), Some(Action::Submit));
            assert_eq!(action_for(key(KeyCode::Esc), mode), Some(Action::Back));
        }
    }
}
