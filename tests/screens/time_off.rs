use crate::prelude::*;
use clinic::tui::screen::Shown;
use clinic::tui::screens::time_off::*;

#[test]
fn leave_over_booked_visits_asks_to_cancel_them_then_adds_it() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let mut s = TimeOffScreen::for_doctor(&ctx);
    s.reload(&ctx).unwrap();
    let before = s.list().rows().len();
    s.update(&Action::New, &ctx);
    let f = s.form_mut().unwrap();
    f.set_text(F::From, "2030-01-09");
    f.set_text(F::Reason, "course");
    f.focus_last();
    // Doctor1 has visits that Wednesday: the library lists them and nothing is added yet.
    assert_eq!(said(&s.update(&Action::Submit, &ctx)), None);
    let asked = s.asking().expect("the question");
    assert_eq!(asked.title, "Cancel the booked visits too?");
    assert!(
        asked.lines[0].contains("booked visits then: Wed 9 Jan 2030 at"),
        "{:?}",
        asked.lines
    );
    assert_eq!(
        clinic.time_off(&doctor.actor, None, None).unwrap().len(),
        before
    );
    let added = s.update(&Action::Submit, &ctx);
    let text = said(&added).unwrap();
    assert!(
        text.starts_with("Time off added, Wed 9 Jan 2030: "),
        "{text}"
    );
    assert!(text.contains("booked visits cancelled."), "{text}");
    s.reload(&ctx).unwrap();
    assert_eq!(s.list().rows().len(), before + 1);
    // c takes it back after a confirmation.
    s.list_mut()
        .select_where(|t| t.reason.as_deref() == Some("course"));
    s.update(&Action::Cancel, &ctx);
    assert!(s.is_modal());
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "Time off taken back: Wed 9 Jan 2030.",
    );
}

#[test]
fn the_desk_adds_a_closure_for_the_whole_clinic() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = TimeOffScreen::desk();
    s.reload(&ctx).unwrap();
    assert_eq!(
        s.list().rows().len(),
        2,
        "the demo's holiday and a doctor's leave"
    );
    s.update(&Action::New, &ctx);
    let f = s.form_mut().unwrap();
    f.choose(F::Whose, "clinic");
    f.set_text(F::From, "2030-01-24");
    f.focus_last();
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "say why the clinic is closed; patients are told",
    );
    let f = s.form_mut().unwrap();
    f.set_text(F::Reason, "Staff training");
    let text = said(&s.update(&Action::Submit, &ctx));
    assert!(
        text.unwrap()
            .starts_with("Closure added, Thu 24 Jan 2030: ")
    );
}
