use crate::prelude::*;
use clinic::tui::screen::Shown;
use clinic::tui::screens::visit_types::*;

#[test]
fn the_desk_adds_edits_and_retires_a_visit_type() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = VisitTypesScreen::new();
    s.reload(&ctx).unwrap();
    let names: Vec<&str> = s.list().rows().iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["Consultation", "Follow-up", "New patient", "Physiotherapy"]
    );
    s.update(&Action::New, &ctx);
    let f = s.form_mut().unwrap();
    f.set_text(F::Name, "Dressing change");
    f.set_text(F::Minutes, "22");
    f.focus_last();
    // The library's rule, said in the dialog, which stays open.
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "a visit takes 5 to 240 minutes in steps of 5, not 22",
    );
    s.form_mut().unwrap().set_text(F::Minutes, "20");
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "Added Dressing change, 20 minutes.",
    );
    s.reload(&ctx).unwrap();
    s.list_mut().select_where(|t| t.name == "Dressing change");
    s.update(&Action::Edit, &ctx);
    let f = s.form_mut().unwrap();
    assert_eq!(f.text(F::Minutes), "20");
    f.set_text(F::Fee, "35");
    f.focus_last();
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "Saved Dressing change, 20 minutes.",
    );
    s.update(&Action::Archive, &ctx);
    assert!(s.is_modal());
    demo::assert_says(&s.update(&Action::Submit, &ctx), "Retired Dressing change.");
    let t = clinic.visit_type("dressing change").unwrap();
    assert!(t.retired);
    assert_eq!(t.fee, Some(35));
}

#[test]
fn doctors_open_the_visit_types_with_v() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = clinic::tui::screens::doctors::DoctorsScreen::new();
    s.reload(&ctx).unwrap();
    match s.update(&Action::View, &ctx) {
        Outcome::Push(screen) => assert_eq!(screen.title(), "Visit types"),
        _ => panic!("expected the visit types screen"),
    }
}
