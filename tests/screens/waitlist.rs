use crate::prelude::*;
use clinic::service::WaitlistTarget;
use clinic::tui::screens::waitlist::*;

#[test]
fn withdraw_asks_first_and_esc_keeps_the_entry() {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &session);
    let doctor = clinic.doctors(None).unwrap()[0].id;
    clinic
        .join_waitlist(
            &session.actor,
            None,
            &WaitlistTarget::Doctor(doctor),
            "2030-01-09",
        )
        .unwrap();
    let mut s = WaitlistScreen::new();
    s.reload(&ctx).unwrap();
    assert_eq!(s.entries().len(), 1);
    s.update(&Action::Cancel, &ctx);
    assert!(s.asking().is_some());
    s.update(&Action::Back, &ctx);
    assert!(s.asking().is_none());
    assert_eq!(s.entries()[0].status, "waiting");
    s.update(&Action::Cancel, &ctx);
    s.update(&Action::Submit, &ctx);
    s.reload(&ctx).unwrap();
    assert_eq!(s.entries()[0].status, "withdrawn");
}

#[test]
fn the_desk_lists_every_open_entry_and_takes_one_off_after_a_confirmation() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = WaitlistScreen::desk();
    s.reload(&ctx).unwrap();
    assert_eq!(s.entries().len(), 3, "the demo's three waiting patients");
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "No slot is offered for this entry yet; a cancellation that matches will be.",
    );
    s.update(&Action::Cancel, &ctx);
    s.update(&Action::Back, &ctx);
    assert_eq!(s.entries().len(), 3);
    s.update(&Action::Cancel, &ctx);
    s.update(&Action::Submit, &ctx);
    s.reload(&ctx).unwrap();
    assert_eq!(s.entries().len(), 2);
}

#[test]
fn n_opens_the_join_form() {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &session);
    let mut s = WaitlistScreen::new();
    s.reload(&ctx).unwrap();
    match s.update(&Action::New, &ctx) {
        Outcome::Push(screen) => assert_eq!(screen.title(), "Join the waitlist"),
        _ => panic!("expected the join form"),
    }
}
