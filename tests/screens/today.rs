use crate::prelude::*;
use clinic::tui::screen::Shown;
use clinic::tui::screens::today::*;

#[test]
fn a_doctor_sees_own_day_in_time_order_with_contact_details() {
    let clinic = demo::demo_clinic();
    let doctor = demo::doctor(&clinic);
    let ctx = demo::ctx(&clinic, &doctor);
    let mut s = TodayScreen::doctor(&ctx);
    s.reload(&ctx).unwrap();
    let rows = s.list().rows();
    assert!(!rows.is_empty());
    let own = doctor.actor.doctor_id().unwrap();
    assert!(rows.iter().all(|a| a.doctor_id == own));
    assert!(rows.iter().all(|a| a.start.date() == demo::now().date()));
    assert!(rows.windows(2).all(|w| w[0].start <= w[1].start));
    assert!(rows.iter().all(|a| a.patient_phone.is_some()));
}

#[test]
fn i_asks_first_then_checks_in_and_x_before_the_start_is_refused_at_once() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = TodayScreen::board(&ctx);
    s.reload(&ctx).unwrap();
    // Only the waiting ones.
    s.update(&Action::NextField, &ctx);
    assert_eq!(s.filter_name(), "waiting");
    assert!(s.list().rows().iter().all(|a| a.status == Status::Booked));
    let a = s.list().selected().unwrap().clone();
    // Before the start a no-show is refused at once, without a dialog to confirm.
    demo::assert_says(
        &s.update(&Action::NoShow, &ctx),
        &format!(
            "a no-show can only be recorded after the start ({})",
            clinic::domain::time::human_when(a.start)
        ),
    );
    assert!(!s.is_modal());
    s.update(&Action::CheckIn, &ctx);
    assert!(s.is_modal(), "a check-in is confirmed first");
    assert_eq!(
        clinic.appointment(&admin.actor, a.id).unwrap().status,
        Status::Booked,
        "nothing happens before the confirmation"
    );
    match s.update(&Action::Submit, &ctx) {
        Outcome::Saved(m) => assert_eq!(m.text, format!("{} checked in.", a.patient_name)),
        _ => panic!("expected a confirmation"),
    }
    assert_eq!(
        clinic.appointment(&admin.actor, a.id).unwrap().status,
        Status::CheckedIn
    );
}

#[test]
fn the_board_groups_every_doctor_and_c_asks_for_a_reason() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = TodayScreen::board(&ctx);
    s.reload(&ctx).unwrap();
    let names: Vec<&str> = s
        .list()
        .rows()
        .iter()
        .map(|a| a.doctor_name.as_str())
        .collect();
    let mut distinct = names.clone();
    distinct.dedup();
    assert!(distinct.len() > 1, "several doctors");
    let mut sorted = distinct.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(distinct, sorted, "grouped by doctor");
    s.update(&Action::NextField, &ctx);
    s.update(&Action::Cancel, &ctx);
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "say why the appointment is cancelled (a reason is required from staff)",
    );
    assert!(s.is_modal(), "the dialog stays for the reason");
    s.update(&Action::Back, &ctx);
    s.update(&Action::Right, &ctx);
    assert_eq!(s.date(), demo::now().date().succ_opt().unwrap());
}

#[test]
fn cancelling_says_who_the_freed_slot_is_held_for_and_until_when() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let tomorrow = demo::now().date().succ_opt().unwrap();
    // A visit tomorrow with a doctor someone is waiting for.
    let waiting = clinic.waitlist(&admin.actor, None, true).unwrap();
    let mut s = TodayScreen::board(&ctx);
    s.reload(&ctx).unwrap();
    s.update(&Action::Right, &ctx);
    assert_eq!(s.date(), tomorrow);
    let (visit, entry) = s
        .list()
        .rows()
        .iter()
        .filter(|a| a.status == Status::Booked)
        .find_map(|a| {
            waiting
                .iter()
                .find(|e| e.doctor_id == Some(a.doctor_id) && e.date == tomorrow)
                .map(|e| (a.clone(), e.clone()))
        })
        .expect("a booked visit with a doctor someone waits for");
    s.list_mut().select(visit.id.0);
    s.update(&Action::Cancel, &ctx);
    s.form_mut()
        .unwrap()
        .set_text(CancelField::Reason, "doctor's request");
    let said = s.update(&Action::Submit, &ctx);
    let held_until = clinic
        .waitlist(&admin.actor, None, true)
        .unwrap()
        .into_iter()
        .find(|e| e.id == entry.id)
        .and_then(|e| e.offer)
        .expect("the slot was offered to the waiting patient")
        .expires_at;
    demo::assert_says(
        &said,
        &format!(
            "Cancelled {}'s Tue 8 Jan {} appointment with {}; the slot is held for {} \
             (waitlist) until {}.",
            visit.patient_name,
            clinic::domain::time::fmt_clock(visit.start.time()),
            visit.doctor_name,
            entry.patient_name,
            clinic::domain::time::fmt_clock(held_until.time())
        ),
    );
}

#[test]
fn cancelling_a_visit_of_a_course_asks_this_one_or_the_rest_of_the_course() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    // The demo's fortnightly follow-up course of patient1, from Friday 11 January.
    let course: Vec<Appointment> = clinic
        .appointments(&admin.actor, &Default::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.visit_type.as_deref() == Some("Follow-up") && a.series_id.is_some())
        .collect();
    assert_eq!(course.len(), 4);
    let mut s = TodayScreen::board(&ctx);
    s.reload(&ctx).unwrap();
    while s.date() < course[1].start.date() {
        s.update(&Action::Right, &ctx);
    }
    s.list_mut().select_where(|a| a.id == course[1].id);
    s.update(&Action::Cancel, &ctx);
    let asked = s.asking().expect("the cancel dialog");
    assert!(
        asked
            .lines
            .iter()
            .any(|l| l == "Follow-up, 15 min, one visit of a course")
    );
    let f = s.form_mut().unwrap();
    f.choose(CancelField::Which, "rest");
    f.set_text(CancelField::Reason, "course ended early");
    f.focus_last();
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        &format!(
            "Cancelled 3 visits of {}'s course with {}, from Fri 25 Jan 10:00 on.",
            course[1].patient_name, course[1].doctor_name
        ),
    );
    let left: Vec<Status> = course
        .iter()
        .map(|a| clinic.appointment(&admin.actor, a.id).unwrap().status)
        .collect();
    assert_eq!(
        left,
        [
            Status::Booked,
            Status::Cancelled,
            Status::Cancelled,
            Status::Cancelled
        ]
    );
}
