use crate::prelude::*;
use clinic::tui::keymap::Mode;
use clinic::tui::screen::Shown;
use clinic::tui::screens::search::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn search_for(s: &mut Dialogs<SearchScreen>, text: &str, ctx: &Ctx) {
    s.update(&Action::Filter, ctx);
    for c in text.chars() {
        s.update(
            &Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            ctx,
        );
    }
    s.update(&Action::Submit, ctx);
}

#[test]
fn it_opens_on_the_list_so_global_keys_are_not_typed() {
    let s = SearchScreen::new();
    assert_eq!(s.key_mode(), Mode::Navigate);
    assert!(!s.is_modal());
}

#[test]
fn typing_searches_doctor_and_patient_names_newest_first() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = SearchScreen::new();
    s.reload(&ctx).unwrap();
    assert!(s.list().is_empty(), "nothing before typing");
    search_for(&mut s, "SILVA", &ctx);
    let rows = s.list().rows();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|a| {
        a.doctor_name.to_lowercase().contains("silva")
            || a.patient_name.to_lowercase().contains("silva")
    }));
    assert!(rows.windows(2).all(|w| w[0].start >= w[1].start));
    assert_eq!(s.key_mode(), Mode::Navigate);
    s.update(&Action::Cancel, &ctx);
    assert!(s.is_modal(), "the cancel dialog is open");
}

#[test]
fn the_desk_reschedules_a_booked_future_appointment_from_the_search() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = SearchScreen::new();
    search_for(&mut s, "a", &ctx);
    let now = ctx.now();
    s.list_mut().select_where(|a| a.can_reschedule(now));
    match s.update(&Action::Reschedule, &ctx) {
        Outcome::Push(next) => assert_eq!(next.title(), "Reschedule"),
        _ => panic!("expected the slot finder"),
    }
    s.list_mut().select_where(|a| !a.can_reschedule(now));
    demo::assert_says(
        &s.update(&Action::Reschedule, &ctx),
        "This appointment is cancelled; only a booked one that has not started can move.",
    );
}
