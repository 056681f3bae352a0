use crate::prelude::*;
use chrono::{Duration, NaiveDate, NaiveTime};
use clinic::domain::time::fmt_date;
use clinic::domain::time::parse_clock;
use clinic::tui::keymap::Mode;
use clinic::tui::screen::Shown;
use clinic::tui::screens::schedule::*;

fn t(s: &str) -> NaiveTime {
    parse_clock(s).unwrap()
}

fn opened(ctx: &Ctx) -> Dialogs<ScheduleScreen> {
    let mut s = ScheduleScreen::for_doctor(ctx);
    s.reload(ctx).unwrap();
    s
}

fn submit_last(s: &mut Dialogs<ScheduleScreen>, ctx: &Ctx) -> Outcome {
    s.form_mut().unwrap().focus_last();
    s.update(&Action::Submit, ctx)
}

#[test]
fn opens_on_today_with_own_slots_and_patient_names() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let s = opened(&ctx);
    assert_eq!(s.date(), demo::now().date());
    assert_eq!(
        s.slots().len(),
        16,
        "doctor1's plan: 09:00–13:00 and 14:00–18:00 in 30 minutes"
    );
    let own = doctor.actor.doctor_id().unwrap();
    assert!(s.slots().iter().all(|x| x.doctor_id == own));
    assert!(
        s.slots()
            .iter()
            .filter(|x| x.state == SlotState::Booked)
            .all(|x| x.patient_name.is_some())
    );
}

#[test]
fn an_evening_opens_on_the_next_day_with_slots() {
    let evening = demo::now().date().and_hms_opt(21, 30, 0).unwrap();
    let clinic = demo::demo_clinic_at(evening);
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let s = opened(&ctx);
    assert_eq!(s.date(), evening.date().succ_opt().unwrap());
    assert!(!s.slots().is_empty());
}

#[test]
fn space_declares_a_slot_in_an_empty_row_and_removes_it_again() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let mut s = opened(&ctx);
    s.go_to(demo::empty_day(), t("10:00"), &ctx).unwrap();
    assert!(s.selected().is_none());
    match s.update(&Action::Toggle, &ctx) {
        Outcome::Saved(m) => assert_eq!(m.text, "Declared Mon 21 Jan 2030, 10:00–10:30."),
        _ => panic!("expected the declaration"),
    }
    s.reload(&ctx).unwrap();
    let slot = s.selected().expect("declared").clone();
    assert_eq!(slot.start, demo::empty_day().and_time(t("10:00")));
    assert_eq!(slot.duration, 30);
    match s.update(&Action::Toggle, &ctx) {
        Outcome::Saved(m) => assert_eq!(m.text, "Removed the 10:00 slot."),
        _ => panic!("expected the removal"),
    }
    s.reload(&ctx).unwrap();
    assert!(s.slots().is_empty());
}

#[test]
fn range_declares_09_to_13_in_30_minute_slots_and_fills_only_the_gaps() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let mut s = opened(&ctx);
    clinic
        .declare_slots(
            &doctor.actor,
            doctor.actor.doctor_id().unwrap(),
            demo::empty_day(),
            t("10:00"),
            t("11:00"),
            Some(60),
        )
        .unwrap();
    s.update(&Action::New, &ctx);
    assert_eq!(s.key_mode(), Mode::TextEntry);
    let f = s.form_mut().unwrap();
    f.set_text(F::Day, &fmt_date(demo::empty_day()));
    f.set_text(F::From, "09:00");
    f.set_text(F::To, "13:00");
    f.set_text(F::Length, "30");
    match submit_last(&mut s, &ctx) {
        Outcome::Saved(m) => assert_eq!(
            m.text,
            "On Mon 21 Jan 2030, 09:00–13:00: declared 6 slots; 2 times already had a slot."
        ),
        _ => panic!("expected a confirmation"),
    }
    assert_eq!(s.key_mode(), Mode::Navigate);
    s.reload(&ctx).unwrap();
    assert_eq!(s.date(), demo::empty_day());
    assert_eq!(s.slots().len(), 7);
    assert_eq!(s.slots()[6].end.time(), t("13:00"));
}

#[test]
fn a_bad_range_keeps_the_form_with_the_library_sentence() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let mut s = opened(&ctx);
    s.update(&Action::New, &ctx);
    let f = s.form_mut().unwrap();
    f.set_text(F::Day, &fmt_date(demo::empty_day()));
    f.set_text(F::From, "07:00");
    demo::assert_says(
        &submit_last(&mut s, &ctx),
        "07:00–21:00 is outside opening hours 09:00–21:00",
    );
    assert!(s.form_mut().is_some(), "the form stays to be corrected");
}

#[test]
fn removing_a_booked_slot_is_refused_and_lists_its_patient() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let mut s = opened(&ctx);
    s.update(&Action::Right, &ctx);
    let booked = s
        .slots()
        .iter()
        .find(|x| x.state == SlotState::Booked)
        .unwrap()
        .clone();
    s.go_to(booked.start.date(), booked.start.time(), &ctx)
        .unwrap();
    let Outcome::Push(mut list) = s.update(&Action::Toggle, &ctx) else {
        panic!("expected the list of affected patients");
    };
    assert_eq!(list.title(), "Booked slots");
    list.reload(&ctx).unwrap();
    s.reload(&ctx).unwrap();
    assert_eq!(s.selected().map(|x| x.id), Some(booked.id), "not removed");
    // Esc keeps everything.
    assert!(matches!(
        list.update(&Action::Back, &ctx),
        Outcome::Pop(1, _)
    ));
}

#[test]
fn copy_forward_repeats_the_day_up_to_the_until_date() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let mut s = opened(&ctx);
    let day = demo::empty_day();
    clinic
        .declare_slots(
            &doctor.actor,
            doctor.actor.doctor_id().unwrap(),
            day,
            t("09:00"),
            t("10:00"),
            None,
        )
        .unwrap();
    s.go_to(day, t("09:00"), &ctx).unwrap();
    s.update(&Action::CopyForward, &ctx);
    let f = s.form_mut().unwrap();
    assert_eq!(f.text(F::What), "day");
    assert_eq!(f.text(F::First), "2030-01-22");
    f.set_text(F::Until, "2030-01-24");
    match submit_last(&mut s, &ctx) {
        Outcome::Saved(m) => assert_eq!(
            m.text,
            "Copied from Tue 22 Jan 2030 to Thu 24 Jan 2030: 6 slots."
        ),
        _ => panic!("expected a confirmation"),
    }
    s.update(&Action::View, &ctx);
    assert!(s.is_week());
    let days: Vec<_> = s.slots().iter().map(|x| x.start.date()).collect();
    for d in ["2030-01-21", "2030-01-22", "2030-01-23", "2030-01-24"] {
        let d = clinic::domain::time::parse_date(d).unwrap();
        assert_eq!(days.iter().filter(|x| **x == d).count(), 2, "{d}");
    }
    assert_eq!(s.slots().len(), 8);
}

#[test]
fn a_narrow_week_scrolls_to_keep_the_selected_day_in_view() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let mut s = opened(&ctx);
    s.update(&Action::View, &ctx);
    // Monday 7 Jan: Sunday the 13th is six days on.
    for _ in 0..6 {
        s.update(&Action::Right, &ctx);
    }
    let days = s.visible_days(51);
    assert_eq!(days.len(), 5);
    assert_eq!(days.last(), Some(&s.date()), "Sunday is in view");
}

#[test]
fn a_day_at_the_daily_limit_shows_full_not_free_and_past_visits_count_as_booked() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let admin = demo::admin(&clinic);
    let me = clinic.doctor(doctor.actor.doctor_id().unwrap()).unwrap();
    // The doctor's first day to come with free and booked slots both.
    let on = |day: NaiveDate| {
        let mut s = opened(&ctx);
        s.go_to(day, t("09:00"), &ctx).unwrap();
        s
    };
    let day = (1..14)
        .map(|n| demo::now().date() + Duration::days(n))
        .find(|&d| {
            let s = on(d);
            s.slots().iter().any(|x| x.state == SlotState::Free)
                && s.slots().iter().any(|x| x.state == SlotState::Booked)
        })
        .expect("a day with free and booked slots");
    let (booked, free) = {
        let s = on(day);
        let n = |state| s.slots().iter().filter(|x| x.state == state).count();
        (n(SlotState::Booked) as u32, n(SlotState::Free))
    };
    let limit = |max_per_day: u32| {
        clinic
            .update_doctor(
                &admin.actor,
                me.id,
                &DoctorInput {
                    full_name: me.full_name.clone(),
                    specialty: me.specialty.clone(),
                    description: me.description.clone(),
                    fee: Some(me.fee),
                    max_per_day: Some(max_per_day),
                    max_minutes: Some(720),
                },
            )
            .unwrap();
        demo::rendered(&on(day), 100, 30)
    };
    let room = limit(booked + 4);
    assert!(room.contains("   free "), "{room}");
    assert!(!room.contains("full"), "{room}");
    // At the limit no patient can book more that day: the free rows say so.
    let at_limit = limit(booked);
    assert!(
        at_limit.contains("   full    (the daily limit is reached)"),
        "{at_limit}"
    );
    assert!(!at_limit.contains("   free "), "{at_limit}");
    assert!(
        at_limit.contains(&format!(
            "0 free, {booked} booked, {free} at the daily limit"
        )),
        "{at_limit}"
    );
    // Last Friday's visits are history, but they were booked: the count says so.
    let yesterday = demo::rendered(&on(demo::now().date() - Duration::days(3)), 100, 30);
    assert!(!yesterday.contains(" 0 booked"), "{yesterday}");
    assert!(yesterday.contains(" past)"), "{yesterday}");
}
