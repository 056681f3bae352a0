use crate::prelude::*;
use clinic::tui::screen::Shown;
use clinic::tui::screens::appointments::*;

#[test]
fn upcoming_are_soonest_first_and_past_newest_first() {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &session);
    let mut s = AppointmentsScreen::new();
    s.reload(&ctx).unwrap();
    let up = s.list().rows();
    assert!(up.iter().all(|a| a.start >= demo::now()));
    assert!(up.windows(2).all(|w| w[0].start <= w[1].start));
    s.update(&Action::NextField, &ctx);
    assert_eq!(s.tab(), Tab::Past);
    let past = s.list().rows();
    assert!(!past.is_empty(), "the demo patient has a history");
    assert!(past.iter().all(|a| a.start < demo::now()));
    assert!(past.windows(2).all(|w| w[0].start >= w[1].start));
    assert!(
        past.iter()
            .all(|a| a.patient_id == session.actor.patient_id().unwrap())
    );
}

#[test]
fn past_appointments_cannot_be_changed() {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &session);
    let mut s = AppointmentsScreen::new();
    s.update(&Action::Right, &ctx);
    let last = s.list().selected().unwrap().status;
    assert!(last.is_final(), "the latest past visit is over");
    demo::assert_says(
        &s.update(&Action::Cancel, &ctx),
        &format!(
            "the appointment is {}; nothing changes after that",
            last.state_words()
        ),
    );
    assert!(
        !s.commands_now()
            .iter()
            .any(|c| c.action == Action::Cancel && c.now)
    );
}

#[test]
fn r_opens_the_finder_and_c_the_cancel_dialog_for_a_booked_one() {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &session);
    let mut f = clinic::service::SlotFilter::day(demo::now().date().succ_opt().unwrap());
    f.free_only = true;
    let slot = clinic.slots(&session.actor, &f).unwrap().remove(0);
    clinic
        .book(
            &session.actor,
            &clinic::service::BookRequest {
                slot: slot.id,
                patient: None,
                reason: None,
                override_reason: None,
                visit_type: None,
            },
        )
        .unwrap();
    let mut s = AppointmentsScreen::new();
    s.reload(&ctx).unwrap();
    while s.list().selected().map(|a| a.slot_id) != Some(Some(slot.id)) {
        s.update(&Action::Down, &ctx);
    }
    match s.update(&Action::Reschedule, &ctx) {
        Outcome::Push(screen) => assert_eq!(screen.title(), "Reschedule"),
        _ => panic!("expected the slot finder"),
    }
    s.update(&Action::Cancel, &ctx);
    assert!(s.is_modal(), "the cancel dialog is open");
    // A patient may cancel without a reason.
    match s.update(&Action::Submit, &ctx) {
        Outcome::Saved(m) => assert!(m.text.starts_with("Cancelled your"), "{}", m.text),
        _ => panic!("expected the cancellation"),
    }
}
