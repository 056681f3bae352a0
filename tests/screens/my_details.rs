use crate::prelude::*;
use clinic::tui::screens::my_details::*;
use clinic::tui::screens::patients::F;

#[test]
fn a_patient_chooses_how_they_hear_from_the_clinic() {
    let clinic = demo::demo_clinic();
    let me = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &me);
    let mut s = MyDetailsScreen::new();
    s.reload(&ctx).unwrap();
    let before = s.me().unwrap().clone();
    assert_eq!(before.contact, Contact::Email);
    assert_eq!(before.contact_chosen, None);
    let screen = demo::rendered(&s, 80, 22);
    assert!(
        screen.contains(&format!(
            "Messages        by e-mail to {}",
            before.email.clone().unwrap()
        )),
        "{screen}"
    );

    s.update(&Action::Edit, &ctx);
    s.form_mut().unwrap().choose(F::Contact, "sms");
    s.form_mut().unwrap().focus_last();
    let outcome = s.update(&Action::Submit, &ctx);
    demo::assert_says(
        &outcome,
        &format!(
            "Saved. Messages: by SMS to {} (your choice).",
            before.phone.clone().unwrap()
        ),
    );
    let after = clinic.patient(&me.actor, before.id).unwrap();
    assert_eq!(after.contact_chosen, Some(Contact::Sms));
    assert_eq!(after.notes, before.notes, "the desk's notes are left alone");

    // SMS without a phone is refused, and the form stays open with the reason.
    s.reload(&ctx).unwrap();
    s.update(&Action::Edit, &ctx);
    s.form_mut().unwrap().set_text(F::Phone, "");
    s.form_mut().unwrap().focus_last();
    let outcome = s.update(&Action::Submit, &ctx);
    assert_eq!(
        demo::said(&outcome).as_deref(),
        Some("messages by SMS need a phone number; add one or choose email or none")
    );
    assert!(s.asking().is_some());
}
