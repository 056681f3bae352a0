use crate::prelude::*;
use clinic::demo::DEMO_PASSWORD;
use clinic::tui::screens::lock::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn type_into(s: &mut LockScreen, ctx: &Ctx, text: &str) {
    for c in text.chars() {
        s.update(
            &Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            ctx,
        );
    }
}

#[test]
fn the_right_password_unlocks_and_a_wrong_one_does_not() {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &session);
    let mut s = LockScreen::new(&session.account);
    type_into(&mut s, &ctx, "nope-nope");
    match s.update(&Action::Submit, &ctx) {
        Outcome::Message(m) => {
            assert!(
                m.text.starts_with("That is not patient1's password"),
                "{}",
                m.text
            )
        }
        _ => panic!("expected the refusal"),
    }
    // Esc is not a way out: nobody is signed out by a stray key.
    demo::assert_says(
        &s.update(&Action::Back, &ctx),
        "Type your password to carry on; Ctrl-C quits and frees the terminal.",
    );
    type_into(&mut s, &ctx, DEMO_PASSWORD);
    assert!(matches!(s.update(&Action::Submit, &ctx), Outcome::Unlocked));
}
