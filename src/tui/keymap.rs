//! The keymap: every key binding of the TUI in one table.
//!
//! Two modes: on a list (navigation) letters are commands; in a form (text entry) they type.
//! Ctrl-C quits in both. Screens never look at raw keys except through [`Action::Input`], and
//! never write a key's name: the footer, the help and `assets/tui-keys.md` ask [`keys_for`].

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

/// Where a binding works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Where {
    Everywhere,
    Lists,
    Forms,
}

/// One key (with Ctrl or not) and what it does where.
struct Binding {
    key: KeyCode,
    ctrl: bool,
    on: Where,
    action: Action,
}

const fn key(key: KeyCode, on: Where, action: Action) -> Binding {
    Binding {
        key,
        ctrl: false,
        on,
        action,
    }
}

const fn ctrl(c: char, on: Where, action: Action) -> Binding {
    Binding {
        key: KeyCode::Char(c),
        ctrl: true,
        on,
        action,
    }
}

const fn letter(c: char, action: Action) -> Binding {
    key(KeyCode::Char(c), Where::Lists, action)
}

use KeyCode::*;
use Where::*;

/// Every binding, in the order the help names them (the first key of an action is its
/// main one).
const BINDINGS: &[Binding] = &[
    ctrl('c', Everywhere, Action::Quit),
    letter('?', Action::Help),
    key(Esc, Everywhere, Action::Back),
    key(Enter, Everywhere, Action::Submit),
    key(Tab, Everywhere, Action::NextField),
    key(BackTab, Everywhere, Action::PrevField),
    key(F(1), Everywhere, Action::Help),
    key(PageUp, Everywhere, Action::PageUp),
    key(PageDown, Everywhere, Action::PageDown),
    ctrl('r', Forms, Action::Register),
    key(Up, Forms, Action::PrevField),
    key(Down, Forms, Action::NextField),
    key(Up, Lists, Action::Up),
    letter('k', Action::Up),
    key(Down, Lists, Action::Down),
    letter('j', Action::Down),
    key(Left, Lists, Action::Left),
    letter('h', Action::Left),
    key(Right, Lists, Action::Right),
    letter('l', Action::Right),
    key(Home, Lists, Action::First),
    letter('g', Action::First),
    key(End, Lists, Action::Last),
    letter('G', Action::Last),
    letter('q', Action::QuitFromTop),
    letter('/', Action::Filter),
    letter('o', Action::Sort),
    letter('r', Action::Reschedule),
    letter('c', Action::Cancel),
    letter('w', Action::Waitlist),
    letter('n', Action::New),
    letter('S', Action::SignOut),
    letter(' ', Action::Toggle),
    letter('v', Action::View),
    letter('i', Action::CheckIn),
    letter('d', Action::Complete),
    letter('x', Action::NoShow),
    letter('e', Action::Edit),
    letter('a', Action::Archive),
    letter('H', Action::History),
    letter('t', Action::CareTeam),
    letter('b', Action::Book),
    letter('f', Action::CopyForward),
    letter('s', Action::Schedule),
    letter('p', Action::Plan),
    letter('u', Action::Undo),
    letter('R', Action::Retry),
    letter('I', Action::Import),
    letter('1', Action::Section(0)),
    letter('2', Action::Section(1)),
    letter('3', Action::Section(2)),
    letter('4', Action::Section(3)),
    letter('5', Action::Section(4)),
    letter('6', Action::Section(5)),
    letter('7', Action::Section(6)),
    letter('8', Action::Section(7)),
    letter('9', Action::Section(8)),
    letter('0', Action::Section(9)),
];

fn works_in(on: Where, mode: Mode) -> bool {
    match on {
        Everywhere => true,
        Lists => mode == Mode::Navigate,
        Forms => mode == Mode::TextEntry,
    }
}

/// The action for a key press in `mode`, if any. Key releases are ignored; in a form any
/// key without a binding types.
pub fn action_for(pressed: KeyEvent, mode: Mode) -> Option<Action> {
    if pressed.kind == KeyEventKind::Release {
        return None;
    }
    let with_ctrl = pressed.modifiers.contains(KeyModifiers::CONTROL);
    let bound = BINDINGS
        .iter()
        .find(|b| b.key == pressed.code && b.ctrl == with_ctrl && works_in(b.on, mode));
    match (bound, mode) {
        (Some(b), _) => Some(b.action.clone()),
        (None, Mode::TextEntry) => Some(Action::Input(pressed)),
        (None, Mode::Navigate) => None,
    }
}

/// The keys that do `action` in `mode`, as the footer and the help print them: "↑ k".
pub fn keys_for(action: &Action, mode: Mode) -> String {
    // The section keys read as one.
    if matches!(action, Action::Section(_)) && works_in(Lists, mode) {
        return "1–9 0".into();
    }
    let names: Vec<String> = BINDINGS
        .iter()
        .filter(|b| b.action == *action && works_in(b.on, mode))
        .map(|b| name(b.key, b.ctrl))
        .collect();
    names.join(" ")
}

/// A key's name: "Enter", "Ctrl-C", "←", "k".
fn name(code: KeyCode, with_ctrl: bool) -> String {
    let base = match code {
        Char(' ') => "Space".to_string(),
        Char(c) if with_ctrl => c.to_ascii_uppercase().to_string(),
        Char(c) => c.to_string(),
        Up => "↑".into(),
        Down => "↓".into(),
        Left => "←".into(),
        Right => "→".into(),
        Enter => "Enter".into(),
        Esc => "Esc".into(),
        Tab => "Tab".into(),
        BackTab => "Shift-Tab".into(),
        Home => "Home".into(),
        End => "End".into(),
        PageUp => "PgUp".into(),
        PageDown => "PgDn".into(),
        F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if with_ctrl {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
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
        let q = press(KeyCode::Char('q'));
        assert_eq!(action_for(q, Mode::Navigate), Some(Action::QuitFromTop));
        assert_eq!(action_for(q, Mode::TextEntry), Some(Action::Input(q)));
        let j = press(KeyCode::Char('j'));
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
                action_for(press(KeyCode::Char(a)), Mode::Navigate),
                action_for(press(b), Mode::Navigate)
            );
        }
    }

    #[test]
    fn digits_pick_sections_and_keys_release_is_ignored() {
        assert_eq!(
            action_for(press(KeyCode::Char('2')), Mode::Navigate),
            Some(Action::Section(1))
        );
        let mut release = press(KeyCode::Enter);
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
            let k = press(KeyCode::Char(c));
            assert_eq!(action_for(k, Mode::Navigate), Some(a));
            assert_eq!(action_for(k, Mode::TextEntry), Some(Action::Input(k)));
        }
    }

    #[test]
    fn tab_and_enter_work_everywhere() {
        for mode in [Mode::Navigate, Mode::TextEntry] {
            assert_eq!(
                action_for(press(KeyCode::Tab), mode),
                Some(Action::NextField)
            );
            assert_eq!(
                action_for(press(KeyCode::BackTab), mode),
                Some(Action::PrevField)
            );
            assert_eq!(
                action_for(press(KeyCode::Enter), mode),
                Some(Action::Submit)
            );
            assert_eq!(action_for(press(KeyCode::Esc), mode), Some(Action::Back));
        }
    }

    #[test]
    fn key_names_come_from_the_bindings() {
        assert_eq!(keys_for(&Action::Up, Mode::Navigate), "↑ k");
        assert_eq!(keys_for(&Action::Quit, Mode::Navigate), "Ctrl-C");
        assert_eq!(keys_for(&Action::Toggle, Mode::Navigate), "Space");
        assert_eq!(keys_for(&Action::NextField, Mode::TextEntry), "Tab ↓");
        assert_eq!(keys_for(&Action::Help, Mode::TextEntry), "F1");
        assert_eq!(keys_for(&Action::Help, Mode::Navigate), "? F1");
        assert_eq!(keys_for(&Action::Section(2), Mode::Navigate), "1–9 0");
    }
}
