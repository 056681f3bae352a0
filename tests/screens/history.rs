use crate::prelude::*;
use clinic::tui::screens::history::*;
#[test]
fn shows_the_patients_appointments_newest_first() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let p = clinic
        .patients(&admin.actor, None, false, 1, 0)
        .unwrap()
        .remove(0);
    let mut s = HistoryScreen::new(p.id, p.full_name.clone());
    s.reload(&ctx).unwrap();
    assert!(!s.rows().is_empty());
    assert!(s.rows().iter().all(|a| a.patient_id == p.id));
    assert!(s.rows().windows(2).all(|w| w[0].start >= w[1].start));
    assert!(matches!(
        s.update(&Action::Back, &ctx),
        Outcome::Pop(1, None)
    ));
}
