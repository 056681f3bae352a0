use crate::prelude::*;
use clinic::demo::DEMO_PASSWORD;
use clinic::tui::screens::login::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn typed(screen: &mut LoginScreen, ctx: &Ctx, text: &str) {
    for c in text.chars() {
        screen.update(
            &Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            ctx,
        );
    }
}

#[test]
fn enter_on_the_username_moves_to_the_password_then_signs_in() {
    let clinic = demo::demo_clinic();
    let ctx = Ctx {
        clinic: &clinic,
        session: None,
        demo: true,
    };
    let mut s = LoginScreen::new(true);
    typed(&mut s, &ctx, "patient1");
    assert!(matches!(s.update(&Action::Submit, &ctx), Outcome::None));
    assert_eq!(s.focus(), Some(F::Password));
    typed(&mut s, &ctx, DEMO_PASSWORD);
    match s.update(&Action::Submit, &ctx) {
        Outcome::SignedIn(session, _) => assert_eq!(session.account.username, "patient1"),
        _ => panic!("expected to be signed in"),
    }
}

#[test]
fn a_wrong_password_shows_the_library_sentence_and_clears_the_field() {
    let clinic = demo::demo_clinic();
    let ctx = Ctx {
        clinic: &clinic,
        session: None,
        demo: true,
    };
    let mut s = LoginScreen::new(true);
    typed(&mut s, &ctx, "patient1");
    s.update(&Action::NextField, &ctx);
    typed(&mut s, &ctx, "wrong-password");
    match s.update(&Action::Submit, &ctx) {
        Outcome::Message(m) => assert_eq!(m.text, clinic::service::WRONG_LOGIN),
        _ => panic!("expected an error message"),
    }
    assert_eq!(s.password(), "");
    assert_eq!(s.username(), "patient1");
}

#[test]
fn ctrl_r_opens_registration() {
    let clinic = demo::demo_clinic();
    let ctx = Ctx {
        clinic: &clinic,
        session: None,
        demo: false,
    };
    let mut s = LoginScreen::new(false);
    match s.update(&Action::Register, &ctx) {
        Outcome::Push(screen) => assert_eq!(screen.title(), "Register"),
        _ => panic!("expected the registration screen"),
    }
}
