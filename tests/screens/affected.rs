use crate::prelude::*;
use clinic::domain::SlotState;
use clinic::service::SlotFilter;
use clinic::tui::screens::affected::*;

#[test]
fn lists_the_booked_patients_and_removes_the_slots_once_they_are_cancelled() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let day = demo::now().date().succ_opt().unwrap();
    let mut f = SlotFilter::day(day);
    f.doctor = doctor.actor.doctor_id();
    let slots = clinic.slots(&doctor.actor, &f).unwrap();
    let (first, last) = (&slots[0], &slots[5]);
    let booked = slots[..6]
        .iter()
        .filter(|s| s.state == SlotState::Booked)
        .count();
    assert!(booked > 0);
    let removal = Removal {
        doctor: first.doctor_id,
        doctor_name: "Dr. X".into(),
        date: day,
        from: first.start.time(),
        to: last.end.time(),
    };
    let mut s = AffectedScreen::new(removal, "refused".into());
    s.reload(&ctx).unwrap();
    assert_eq!(s.booked().len(), booked);
    for a in s.booked().to_vec() {
        clinic.cancel(&doctor.actor, a.id, Some("away")).unwrap();
    }
    s.reload(&ctx).unwrap();
    assert!(s.booked().is_empty());
    match s.update(&Action::Submit, &ctx) {
        Outcome::Pop(1, Some(m)) => assert_eq!(m.text, "Removed 6 slots."),
        _ => panic!("expected the removal"),
    }
    assert_eq!(
        clinic.slots(&doctor.actor, &f).unwrap().len(),
        slots.len() - 6
    );
}
