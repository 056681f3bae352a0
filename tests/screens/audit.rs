use crate::prelude::*;
use clinic::tui::screens::audit::*;
use clinic::tui::widgets::list::PAGE;
#[test]
fn pages_older_and_back_to_the_newest() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    // Enough events for two pages.
    for _ in 0..PAGE {
        clinic.login("admin", clinic::demo::DEMO_PASSWORD).unwrap();
    }
    let mut s = AuditScreen::new();
    s.reload(&ctx).unwrap();
    assert_eq!(s.rows().len(), PAGE as usize);
    let newest = s.rows()[0].id;
    assert!(s.rows().windows(2).all(|w| w[0].id > w[1].id));
    s.update(&Action::PageDown, &ctx);
    assert_eq!(s.page(), 2);
    assert!(s.rows()[0].id < newest - i64::from(PAGE) + 1);
    s.update(&Action::Up, &ctx);
    assert_eq!(s.page(), 1);
    s.update(&Action::PageDown, &ctx);
    s.update(&Action::First, &ctx);
    assert_eq!(s.page(), 1);
    assert_eq!(s.rows()[0].id, newest);
}
