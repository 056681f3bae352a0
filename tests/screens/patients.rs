use crate::prelude::*;
use clinic::tui::keymap::Mode;
use clinic::tui::screen::Shown;
use clinic::tui::screens::patients::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn typed(s: &mut Dialogs<PatientsScreen>, text: &str, ctx: &Ctx) {
    for c in text.chars() {
        let k = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        s.update(&Action::Input(k), ctx);
    }
}

fn save(s: &mut Dialogs<PatientsScreen>, ctx: &Ctx) -> Outcome {
    s.form_mut().unwrap().focus_last();
    s.update(&Action::Submit, ctx)
}

#[test]
fn slash_searches_and_the_list_follows_as_it_is_typed() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = PatientsScreen::new(PatientsPurpose::Manage);
    s.reload(&ctx).unwrap();
    assert_eq!(s.key_mode(), Mode::Navigate, "it opens on the list");
    let all = s.list().rows().len();
    s.update(&Action::Filter, &ctx);
    assert_eq!(s.key_mode(), Mode::TextEntry);
    typed(&mut s, "sil", &ctx);
    let rows = s.list().rows();
    assert!(!rows.is_empty() && rows.len() < all);
    assert!(
        rows.iter()
            .all(|p| p.full_name.to_lowercase().contains("sil"))
    );
    s.update(&Action::NextField, &ctx);
    assert!(!s.is_searching());
    assert_eq!(s.key_mode(), Mode::Navigate);
}

#[test]
fn n_registers_a_walk_in_and_e_edits_and_a_archives_after_a_confirmation() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = PatientsScreen::new(PatientsPurpose::Manage);
    s.reload(&ctx).unwrap();
    s.update(&Action::New, &ctx);
    let f = s.form_mut().unwrap();
    f.set_text(F::FullName, "Wanda Walkin");
    f.set_text(F::Phone, "+44 7700 000001");
    match save(&mut s, &ctx) {
        Outcome::Message(m) => assert_eq!(m.text, "Registered Wanda Walkin."),
        _ => panic!("expected a confirmation"),
    }
    let p = s.list().selected().unwrap().clone();
    assert_eq!(p.full_name, "Wanda Walkin");
    assert_eq!(p.account, None);
    s.update(&Action::Edit, &ctx);
    s.form_mut()
        .unwrap()
        .set_text(F::Email, "wanda@example.org");
    save(&mut s, &ctx);
    assert_eq!(
        clinic.patient(&admin.actor, p.id).unwrap().email.as_deref(),
        Some("wanda@example.org")
    );
    s.update(&Action::Archive, &ctx);
    assert_eq!(s.key_mode(), Mode::Navigate);
    s.update(&Action::Back, &ctx);
    assert!(
        !clinic.patient(&admin.actor, p.id).unwrap().archived,
        "Esc keeps"
    );
    s.update(&Action::Archive, &ctx);
    s.update(&Action::Submit, &ctx);
    assert!(clinic.patient(&admin.actor, p.id).unwrap().archived);
    s.reload(&ctx).unwrap();
    assert!(s.list().is_empty(), "archived patients are hidden");
}

#[test]
fn a_walk_in_like_someone_on_file_is_registered_only_after_a_warning() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = PatientsScreen::new(PatientsPurpose::Manage);
    s.reload(&ctx).unwrap();
    for _ in 0..2 {
        s.update(&Action::New, &ctx);
        let f = s.form_mut().unwrap();
        f.set_text(F::FullName, "Tess Twin");
        f.set_text(F::Dob, "1980-05-06");
        save(&mut s, &ctx);
    }
    assert!(s.is_modal(), "the second asks first");
    s.update(&Action::Back, &ctx);
    let twins = clinic
        .patients(&admin.actor, Some("tess twin"), false, 10, 0)
        .unwrap();
    assert_eq!(twins.len(), 1, "Esc registers nobody");
    s.update(&Action::New, &ctx);
    s.form_mut().unwrap().set_text(F::FullName, "TESS TWIN");
    s.form_mut().unwrap().set_text(F::Dob, "1980-05-06");
    save(&mut s, &ctx);
    s.update(&Action::Submit, &ctx);
    let twins = clinic
        .patients(&admin.actor, Some("tess twin"), false, 10, 0)
        .unwrap();
    assert_eq!(twins.len(), 2, "Enter registers the second on purpose");
}

#[test]
fn a_bad_date_of_birth_keeps_the_form_with_the_library_sentence() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = PatientsScreen::new(PatientsPurpose::Book);
    s.reload(&ctx).unwrap();
    s.update(&Action::New, &ctx);
    let f = s.form_mut().unwrap();
    f.set_text(F::FullName, "Bad Date");
    f.set_text(F::Dob, "31/02/1990");
    demo::assert_says(
        &save(&mut s, &ctx),
        "'31/02/1990' is not a date (YYYY-MM-DD)",
    );
    assert!(s.form_mut().is_some());
}

#[test]
fn book_purpose_enter_opens_the_free_slots_for_the_patient() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = PatientsScreen::new(PatientsPurpose::Book);
    s.reload(&ctx).unwrap();
    match s.update(&Action::Submit, &ctx) {
        Outcome::Push(next) => assert_eq!(next.title(), "Book for a patient"),
        _ => panic!("expected the slot finder"),
    }
    match s.update(&Action::History, &ctx) {
        Outcome::Push(next) => assert_eq!(next.title(), "History"),
        _ => panic!("expected the history"),
    }
    match s.update(&Action::CareTeam, &ctx) {
        Outcome::Push(next) => assert_eq!(next.title(), "Care team"),
        _ => panic!("expected the care team"),
    }
}
