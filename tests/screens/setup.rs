use crate::prelude::*;
use clinic::clock::FixedClock;
use clinic::service::Clinic;
use clinic::tui::screens::setup::*;
use std::sync::Arc;

#[test]
fn creates_the_first_admin_and_signs_in() {
    let clinic = Clinic::in_memory(Arc::new(FixedClock::new(demo::now()))).unwrap();
    assert!(clinic.needs_first_admin().unwrap());
    let ctx = Ctx {
        clinic: &clinic,
        session: None,
        demo: false,
    };
    let mut s = SetupScreen::new();
    s.form_mut().set_text(F::FullName, "Alex Admin");
    s.form_mut().set_text(F::Password, "secret-pass");
    s.form_mut().set_text(F::Repeat, "secret-pass");
    assert!(
        matches!(s.update(&Action::Submit, &ctx), Outcome::None),
        "Enter moves on first"
    );
    s.form_mut().focus_on(F::Repeat);
    match s.update(&Action::Submit, &ctx) {
        Outcome::SignedIn(session, _) => {
            assert_eq!(session.account.username, "admin");
            assert_eq!(session.account.full_name, "Alex Admin");
        }
        _ => panic!("expected the admin to be signed in"),
    }
    assert!(!clinic.needs_first_admin().unwrap());
}

#[test]
fn different_passwords_are_refused_before_anything_is_created() {
    let clinic = Clinic::in_memory(Arc::new(FixedClock::new(demo::now()))).unwrap();
    let ctx = Ctx {
        clinic: &clinic,
        session: None,
        demo: false,
    };
    let mut s = SetupScreen::new();
    s.form_mut().set_text(F::Password, "secret-pass");
    s.form_mut().set_text(F::Repeat, "secret-pasS");
    s.form_mut().focus_on(F::Repeat);
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "the two passwords differ; type them again",
    );
    assert!(clinic.needs_first_admin().unwrap());
}

#[test]
fn a_short_password_shows_the_library_rule() {
    let clinic = Clinic::in_memory(Arc::new(FixedClock::new(demo::now()))).unwrap();
    let ctx = Ctx {
        clinic: &clinic,
        session: None,
        demo: false,
    };
    let mut s = SetupScreen::new();
    s.form_mut().set_text(F::Password, "short");
    s.form_mut().set_text(F::Repeat, "short");
    s.form_mut().focus_on(F::Repeat);
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "a password has at least 8 characters",
    );
}
