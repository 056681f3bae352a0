use crate::prelude::*;
use clinic::tui::screens::doctors::*;
fn save(s: &mut Dialogs<DoctorsScreen>, ctx: &Ctx) -> Outcome {
    s.form_mut().unwrap().focus_last();
    s.update(&Action::Submit, ctx)
}

#[test]
fn register_edit_and_deactivate_a_doctor() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = DoctorsScreen::new();
    s.reload(&ctx).unwrap();
    let before = s.list().rows().len();
    s.update(&Action::New, &ctx);
    let f = s.form_mut().unwrap();
    f.set_text(F::FullName, "Dr. Ines Neu");
    f.choose(F::Specialty, "Cardiology");
    f.set_text(F::Fee, "95");
    match save(&mut s, &ctx) {
        Outcome::Saved(m) => assert_eq!(m.text, "Registered Dr. Ines Neu."),
        _ => panic!("expected a confirmation"),
    }
    s.reload(&ctx).unwrap();
    assert_eq!(s.list().rows().len(), before + 1);
    s.list_mut().select_where(|d| d.full_name == "Dr. Ines Neu");
    s.update(&Action::Edit, &ctx);
    s.form_mut().unwrap().set_text(F::MaxPerDay, "8");
    s.form_mut().unwrap().set_text(F::Fee, "lots");
    demo::assert_says(&save(&mut s, &ctx), "the fee is a whole number");
    s.form_mut().unwrap().set_text(F::Fee, "120");
    save(&mut s, &ctx);
    s.reload(&ctx).unwrap();
    let d = s.list().selected().unwrap().clone();
    assert_eq!(
        (d.full_name.as_str(), d.fee, d.max_per_day),
        ("Dr. Ines Neu", 120, 8)
    );
    s.update(&Action::Archive, &ctx);
    s.update(&Action::Submit, &ctx);
    assert!(!clinic.doctor(d.id).unwrap().active);
    match s.update(&Action::Schedule, &ctx) {
        Outcome::Push(next) => assert_eq!(next.title(), "Schedule"),
        _ => panic!("expected the schedule"),
    }
}

#[test]
fn a_new_specialty_is_created_only_on_purpose() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = DoctorsScreen::new();
    s.reload(&ctx).unwrap();
    s.update(&Action::New, &ctx);
    let f = s.form_mut().unwrap();
    f.set_text(F::FullName, "Dr. Typo");
    f.set_text(F::NewSpecialty, "Cardiolgy");
    match save(&mut s, &ctx) {
        Outcome::Message(m) => {
            assert!(m.text.contains("choose \"a new specialty\""), "{}", m.text)
        }
        _ => panic!("a typed specialty alone is refused"),
    }
    s.form_mut().unwrap().choose(F::Specialty, NEW_SPECIALTY);
    s.form_mut()
        .unwrap()
        .set_text(F::NewSpecialty, "Sports Medicine");
    demo::assert_says(&save(&mut s, &ctx), "Registered Dr. Typo.");
    assert!(
        clinic
            .all_specialties()
            .unwrap()
            .contains(&"Sports Medicine".to_string())
    );
}
