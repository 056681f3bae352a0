use crate::prelude::*;
use clinic::tui::screens::register::*;
#[test]
fn registers_a_patient_and_signs_them_in() {
    let clinic = demo::demo_clinic();
    let ctx = Ctx {
        clinic: &clinic,
        session: None,
        demo: false,
    };
    let mut s = RegisterScreen::new();
    let f = s.form_mut();
    f.set_text(F::FullName, "Nora Quill");
    f.set_text(F::Dob, "1990-04-02");
    f.set_text(F::Username, "nora");
    f.set_text(F::Password, "nora-pass-1");
    f.set_text(F::Repeat, "nora-pass-1");
    f.focus_on(F::Repeat);
    match s.update(&Action::Submit, &ctx) {
        Outcome::SignedIn(session, _) => {
            assert_eq!(session.account.username, "nora");
            assert!(session.actor.patient_id().is_some());
        }
        _ => panic!("expected to be registered and signed in"),
    }
}

#[test]
fn a_bad_date_of_birth_shows_the_library_sentence() {
    let clinic = demo::demo_clinic();
    let ctx = Ctx {
        clinic: &clinic,
        session: None,
        demo: false,
    };
    let mut s = RegisterScreen::new();
    let f = s.form_mut();
    f.set_text(F::FullName, "Nora Quill");
    f.set_text(F::Dob, "02/04/1990");
    f.set_text(F::Username, "nora");
    f.set_text(F::Password, "nora-pass-1");
    f.set_text(F::Repeat, "nora-pass-1");
    f.focus_on(F::Repeat);
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "'02/04/1990' is not a date (YYYY-MM-DD)",
    );
    assert!(matches!(
        s.update(&Action::Back, &ctx),
        Outcome::Pop(1, None)
    ));
}
