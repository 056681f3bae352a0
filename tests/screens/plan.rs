use crate::prelude::*;
use clinic::tui::screen::Shown;
use clinic::tui::screens::plan::*;

fn opened(ctx: &Ctx) -> Dialogs<PlanScreen> {
    let mut s = PlanScreen::for_doctor(ctx);
    s.reload(ctx).unwrap();
    s
}

fn week_of(s: &Dialogs<PlanScreen>) -> String {
    clinic::domain::plan::week_text(s.ranges(), 30)
}

#[test]
fn it_opens_on_the_plan_in_force_and_a_new_range_is_saved_after_its_preview() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let mut s = opened(&ctx);
    assert_eq!(week_of(&s), "mon-fri 09:00-13:00 14:00-18:00");
    // Saturday: five rows down, n, 09:00–12:00 in 15-minute slots.
    for _ in 0..5 {
        s.update(&Action::Down, &ctx);
    }
    s.update(&Action::New, &ctx);
    let f = s.form_mut().unwrap();
    f.set_text(F::To, "12:00");
    f.set_text(F::Length, "15");
    f.focus_last();
    assert_eq!(said(&s.update(&Action::Submit, &ctx)), None);
    assert!(s.is_changed());
    assert_eq!(
        week_of(&s),
        "mon-fri 09:00-13:00 14:00-18:00; sat 09:00-12:00/15"
    );
    // Enter shows what saving from today does; nothing is saved yet.
    s.update(&Action::Submit, &ctx);
    let asked = s.asking().expect("the save dialog");
    assert!(
        asked.lines[0].starts_with("From Mon 7 Jan 2030: "),
        "{:?}",
        asked.lines
    );
    assert!(asked.lines[0].contains(" slots made"), "{:?}", asked.lines);
    assert_eq!(
        clinic
            .plans(&doctor.actor, doctor.actor.doctor_id().unwrap(), false)
            .unwrap()
            .len(),
        1
    );
    let saved = s.update(&Action::Submit, &ctx);
    assert!(
        said(&saved)
            .unwrap()
            .starts_with("Plan saved from Mon 7 Jan 2030: ")
    );
    let plans = clinic
        .plans(&doctor.actor, doctor.actor.doctor_id().unwrap(), false)
        .unwrap();
    assert_eq!(
        plans.last().unwrap().week,
        "mon-fri 09:00-13:00 14:00-18:00; sat 09:00-12:00/15"
    );
    assert!(!s.is_changed());
}

#[test]
fn a_range_that_overlaps_or_leaves_opening_hours_keeps_the_form_with_the_sentence() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let mut s = opened(&ctx);
    s.update(&Action::New, &ctx);
    let f = s.form_mut().unwrap();
    f.set_text(F::From, "12:00");
    f.set_text(F::To, "15:00");
    f.focus_last();
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "on mon 12:00–15:00 overlaps 09:00–13:00",
    );
    assert!(s.is_modal(), "the form stays to be corrected");
    let f = s.form_mut().unwrap();
    f.set_text(F::From, "07:00");
    f.set_text(F::To, "09:00");
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "mon 07:00–09:00 is outside opening hours 09:00–21:00",
    );
}

#[test]
fn f_copies_a_day_to_the_next_and_c_removes_a_range() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let mut s = opened(&ctx);
    for _ in 0..4 {
        s.update(&Action::Down, &ctx);
    }
    demo::assert_says(
        &s.update(&Action::CopyForward, &ctx),
        "Sat now has Fri's hours.",
    );
    s.update(&Action::Right, &ctx);
    demo::assert_says(
        &s.update(&Action::Cancel, &ctx),
        "Sat 14:00–18:00 removed; Enter saves.",
    );
    assert_eq!(
        week_of(&s),
        "mon-fri 09:00-13:00 14:00-18:00; sat 09:00-13:00"
    );
}

#[test]
fn the_desk_edits_any_doctors_plan_and_leaving_unsaved_asks_first() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let d = clinic.doctors(None).unwrap()[2].clone();
    let mut s = PlanScreen::of(d.id, d.full_name.clone());
    s.reload(&ctx).unwrap();
    assert!(!s.ranges().is_empty());
    assert!(matches!(
        s.update(&Action::Back, &ctx),
        Outcome::Pop(1, None)
    ));
    s.update(&Action::Cancel, &ctx);
    s.update(&Action::Back, &ctx);
    assert_eq!(s.asking().unwrap().title, "Leave without saving?");
    demo::assert_says(&s.update(&Action::Submit, &ctx), "The plan is as it was.");
}
