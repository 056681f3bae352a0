use crate::prelude::*;
use clinic::tui::screens::reports::*;
#[test]
fn tab_walks_the_reports_and_arrows_change_the_date() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = ReportsScreen::new(&ctx);
    s.reload(&ctx).unwrap();
    assert_eq!(s.report(), Report::Top);
    let today = clinic.report_top(&admin.actor, demo::now().date()).unwrap();
    assert_eq!(s.load_rows(), today.as_slice());
    s.update(&Action::Right, &ctx);
    let tomorrow = clinic
        .report_top(&admin.actor, demo::now().date().succ_opt().unwrap())
        .unwrap();
    assert_eq!(s.load_rows(), tomorrow.as_slice());
    s.update(&Action::NextField, &ctx);
    assert_eq!(s.report(), Report::Busy);
    assert!(s.load_rows().iter().all(|r| r.booked_mins >= 360));
    s.update(&Action::NextField, &ctx);
    assert_eq!(s.report(), Report::Available);
    assert!(!s.available_rows().is_empty());
    s.update(&Action::NextField, &ctx);
    s.update(&Action::NextField, &ctx);
    assert_eq!(s.report(), Report::Utilization);
    assert!(!s.utilization_rows().is_empty());
    s.update(&Action::NextField, &ctx);
    assert_eq!(s.report(), Report::Top);
}

#[test]
fn the_settings_form_sets_the_busy_threshold_and_refuses_a_reversed_range() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = ReportsScreen::new(&ctx);
    s.update(&Action::NextField, &ctx);
    s.update(&Action::Filter, &ctx);
    s.form_mut().unwrap().set_text(F::BusyFrom, "450");
    s.form_mut().unwrap().focus_last();
    s.update(&Action::Submit, &ctx);
    assert!(s.form_mut().is_none());
    s.reload(&ctx).unwrap();
    assert!(s.load_rows().iter().all(|r| r.booked_mins >= 450));
    s.update(&Action::Filter, &ctx);
    s.form_mut().unwrap().set_text(F::RangeFrom, "2030-02-01");
    s.form_mut().unwrap().focus_last();
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "the range ends before it starts",
    );
    assert!(s.form_mut().is_some(), "the form stays to be corrected");
}
