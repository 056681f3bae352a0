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
    // Only the booked ones (not arrived yet).
    s.update(&Action::NextField, &ctx);
    assert_eq!(s.filter_name(), "booked");
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

/// The demo made at 10:50: some visits done, some late, some patients waiting.
fn mid_morning() -> (clinic::Clinic, chrono::NaiveDateTime) {
    let at = crate::support::at("2030-01-07T10:50");
    (demo::demo_clinic_made_at(at), at)
}

#[test]
fn the_board_counts_the_day_and_says_who_is_late_and_who_has_waited_too_long() {
    let (clinic, now) = mid_morning();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = TodayScreen::board(&ctx);
    s.reload(&ctx).unwrap();
    let counts = s.counts();
    assert_eq!(counts, clinic.day_counts(&admin.actor, now.date()).unwrap());
    assert!(counts.completed > 0 && counts.checked_in > 0 && counts.booked > 0);
    // Booked, by time: who is late comes first, and says by how much.
    s.update(&Action::NextField, &ctx);
    assert_eq!(s.filter_name(), "booked");
    let first = s.list().rows()[0].clone();
    assert!(first.start < now);
    let late = (now - first.start).num_minutes();
    assert_eq!(s.standing_words(&first), format!("late {late}m"));
    assert_eq!(s.list().rows().len() as u64, counts.booked.min(50));
    // Arrived: how long each has waited; past the clinic's 20 minutes it carries a `!`.
    s.update(&Action::NextField, &ctx);
    let rows = s.list().rows().to_vec();
    assert_eq!(rows.len() as u64, counts.checked_in);
    for a in &rows {
        let waited = (now - a.checked_in_at.unwrap()).num_minutes();
        let mark = if waited > 20 { "!" } else { "" };
        assert_eq!(s.standing_words(a), format!("wait {waited}m{mark}"));
    }
    assert!(
        rows.iter().any(|a| s.standing_words(a).ends_with('!')),
        "some wait too long"
    );
    let screen = demo::rendered(&s, 80, 22);
    assert!(
        screen.contains(&format!(
            "arrived {}  done {}",
            counts.checked_in, counts.completed
        )),
        "{screen}"
    );
}

#[test]
fn u_undoes_a_status_set_by_mistake_with_a_reason_and_only_what_can_be_undone() {
    let (clinic, _) = mid_morning();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let mut s = TodayScreen::board(&ctx);
    s.reload(&ctx).unwrap();
    for _ in 0..2 {
        s.update(&Action::NextField, &ctx);
    }
    let a = s.list().selected().unwrap().clone();
    assert_eq!(a.status, Status::CheckedIn);
    assert!(
        s.commands()
            .iter()
            .any(|c| c.action == Action::Undo && c.now)
    );
    s.update(&Action::Undo, &ctx);
    let d = s.asking().expect("the correction asks why");
    assert_eq!(d.title, "Undo \"checked in\"?");
    assert!(
        d.lines
            .iter()
            .any(|l| l == "The visit goes back to booked, as it was before this mistake.")
    );
    // A reason is needed: the dialog stays open with the library's sentence.
    s.form_mut().unwrap().focus_last();
    let refused = s.update(&Action::Submit, &ctx);
    assert_eq!(
        demo::said(&refused).as_deref(),
        Some("the reason must not be empty")
    );
    s.form_mut()
        .unwrap()
        .set_text(CancelField::Reason, "checked in the wrong patient");
    let outcome = s.update(&Action::Submit, &ctx);
    demo::assert_says(&outcome, &format!("{} is booked again.", a.patient_name));
    assert_eq!(
        clinic.appointment(&admin.actor, a.id).unwrap().status,
        Status::Booked
    );
    // A booked visit has nothing to undo: said at once, no dialog.
    s.reload(&ctx).unwrap();
    s.update(&Action::First, &ctx);
    s.update(&Action::PrevField, &ctx);
    let booked = s.list().selected().unwrap().clone();
    assert_eq!(booked.status, Status::Booked);
    demo::assert_says(
        &s.update(&Action::Undo, &ctx),
        "there is nothing to undo: the visit is booked",
    );
    assert!(s.asking().is_none());
    // A doctor's own list has no undo.
    let doctor = demo::doctor(&clinic);
    let dctx = demo::ctx(&clinic, &doctor);
    let mut d = TodayScreen::doctor(&dctx);
    d.reload(&dctx).unwrap();
    assert!(!d.commands().iter().any(|c| c.action == Action::Undo));
}
