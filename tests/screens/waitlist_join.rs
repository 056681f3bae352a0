use crate::prelude::*;
use clinic::tui::screens::waitlist_join::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[test]
fn joins_for_the_doctor_chosen_with_the_arrows() {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &session);
    let mut s = WaitlistJoinScreen::new(demo::now().date(), None, None);
    s.reload(&ctx).unwrap();
    s.form_mut().focus_on(F::Type);
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "choose a doctor or a specialty to wait for",
    );
    s.form_mut().focus_on(F::Doctor);
    s.update(
        &Action::Input(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE)),
        &ctx,
    );
    // Enter moves on to the last field, then joins.
    assert!(matches!(s.update(&Action::Submit, &ctx), Outcome::None));
    assert!(matches!(s.update(&Action::Submit, &ctx), Outcome::None));
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "On the waitlist for Mon 7 Jan 2030; a freed slot will be held for you.",
    );
    let mine = clinic.waitlist(&session.actor, None, true).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].doctor_id, Some(clinic.doctors(None).unwrap()[0].id));
}

#[test]
fn a_past_day_shows_the_library_sentence() {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &session);
    let spec = clinic.specialties().unwrap()[0].clone();
    let mut s = WaitlistJoinScreen::new(demo::now().date(), None, Some(spec));
    s.reload(&ctx).unwrap();
    s.form_mut().set_text(F::Day, "2029-12-31");
    s.form_mut().focus_on(F::Type);
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "Mon 31 Dec 2029 is in the past",
    );
}

#[test]
fn waits_for_the_visit_type_the_finder_had_chosen() {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &session);
    let physio = clinic.visit_type("Physiotherapy").unwrap();
    let doctor = clinic.doctors(None).unwrap()[0].id;
    let mut s =
        WaitlistJoinScreen::new(demo::now().date(), Some(doctor), None).with_type(Some(physio.id));
    s.reload(&ctx).unwrap();
    s.form_mut().focus_on(F::Type);
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "On the waitlist for Mon 7 Jan 2030; a freed slot will be held for you.",
    );
    let mine = clinic.waitlist(&session.actor, None, true).unwrap();
    assert_eq!(mine[0].visit_type.as_deref(), Some("Physiotherapy"));
}
