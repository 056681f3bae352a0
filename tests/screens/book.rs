use crate::prelude::*;
use clinic::domain::SlotState;
use clinic::service::SlotFilter;
use clinic::tui::screens::book::*;

fn free_slot(clinic: &clinic::Clinic, session: &clinic::service::Session) -> Slot {
    let mut f = SlotFilter::day(demo::now().date().succ_opt().unwrap());
    f.free_only = true;
    clinic.slots(&session.actor, &f).unwrap().remove(0)
}

#[test]
fn enter_books_the_held_slot_with_the_reason() {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &session);
    let slot = free_slot(&clinic, &session);
    let hold = clinic.hold(&session.actor, slot.id, None).unwrap();
    let mut s = BookScreen::new(SlotSummary::from_slot(&slot, Some(hold.expires_at)));
    s.form_mut().set_text(F::Reason, "sore knee");
    match s.update(&Action::Submit, &ctx) {
        Outcome::Pop(1, Some(m)) => assert!(m.text.starts_with("Booked:"), "{}", m.text),
        _ => panic!("expected to go back with a confirmation"),
    }
    let mine = clinic
        .appointments(&session.actor, &Default::default())
        .unwrap()
        .into_iter()
        .find(|a| a.slot_id == Some(slot.id))
        .expect("the appointment exists");
    assert_eq!(mine.reason.as_deref(), Some("sore knee"));
}

#[test]
fn leaving_without_booking_releases_the_hold() {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &session);
    let slot = free_slot(&clinic, &session);
    let hold = clinic.hold(&session.actor, slot.id, None).unwrap();
    let mut s = BookScreen::new(SlotSummary::from_slot(&slot, Some(hold.expires_at)));
    assert!(matches!(s.update(&Action::Back, &ctx), Outcome::Pop(1, _)));
    s.leave(&ctx);
    let again = clinic
        .slots(&session.actor, &SlotFilter::day(slot.start.date()))
        .unwrap()
        .into_iter()
        .find(|x| x.id == slot.id)
        .unwrap();
    assert_eq!(again.state, SlotState::Free);
}

#[test]
fn a_slot_taken_meanwhile_shows_the_conflict() {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    let other = clinic
        .login("patient2", clinic::demo::DEMO_PASSWORD)
        .unwrap();
    let ctx = demo::ctx(&clinic, &session);
    let slot = free_slot(&clinic, &session);
    clinic
        .book(
            &other.actor,
            &BookRequest {
                slot: slot.id,
                patient: None,
                reason: None,
                override_reason: None,
                visit_type: None,
            },
        )
        .unwrap();
    let mut s = BookScreen::new(SlotSummary::from_slot(&slot, None));
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "the slot Tue 8 Jan 2030 at 09:00 with Dr. Nadia Larsen is already booked",
    );
}

#[test]
fn the_desk_is_asked_for_an_override_reason_only_when_the_limit_is_reached() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let p = clinic
        .patients(&admin.actor, None, false, 1, 0)
        .unwrap()
        .remove(0);
    let mut f = SlotFilter::day(demo::now().date() + chrono::Duration::days(2));
    f.free_only = true;
    let slot = clinic.slots(&admin.actor, &f).unwrap().remove(0);
    let d = clinic.doctor(slot.doctor_id).unwrap();
    clinic
        .update_doctor(
            &admin.actor,
            d.id,
            &DoctorInput {
                full_name: d.full_name.clone(),
                specialty: d.specialty.clone(),
                description: d.description.clone(),
                fee: Some(d.fee),
                max_per_day: Some(1),
                max_minutes: Some(d.max_minutes),
            },
        )
        .unwrap();
    let hold = clinic.hold(&admin.actor, slot.id, Some(p.id)).unwrap();
    let mut s = BookScreen::for_patient(
        SlotSummary::from_slot(&slot, Some(hold.expires_at)),
        p.id,
        p.full_name.clone(),
    );
    assert!(!s.is_overriding());
    s.form_mut().focus_last();
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "Over the doctor's daily limit: type an override reason, or Esc.",
    );
    assert!(s.is_overriding());
    demo::assert_says(
        &s.update(&Action::Submit, &ctx),
        "The doctor's daily limit is reached: give a reason to override it, or Esc.",
    );
    s.form_mut().set_text(F::Override, "squeeze in");
    match s.update(&Action::Submit, &ctx) {
        Outcome::Pop(2, Some(m)) => {
            assert!(m.text.starts_with(&format!("Booked {}", p.full_name)))
        }
        _ => panic!("expected to go back to the patients"),
    }
}

#[test]
fn the_desk_previews_a_course_then_books_the_dates_that_can_be_had() {
    let clinic = demo::demo_clinic();
    let admin = demo::admin(&clinic);
    let ctx = demo::ctx(&clinic, &admin);
    let physio = clinic.visit_type("Physiotherapy").unwrap();
    let patient = clinic
        .patients(&admin.actor, None, false, 50, 0)
        .unwrap()
        .remove(10);
    // Dr. Lopez (15-minute grid) on Monday 14 January at 10:00, free from there on.
    let mut filter = SlotFilter::day(chrono::NaiveDate::from_ymd_opt(2030, 1, 14).unwrap());
    filter.visit_type = Some(physio.id);
    filter.fits = Some((patient.id, None));
    let slot = clinic
        .slots(&admin.actor, &filter)
        .unwrap()
        .into_iter()
        .find(|s| s.doctor_name == "Dr. Jakub Lopez")
        .expect("a physiotherapy start with Dr. Lopez");
    let hold = clinic
        .hold_visit(&admin.actor, slot.id, Some(patient.id), Some(physio.id))
        .unwrap();
    let mut summary = SlotSummary::from_slot(&slot, Some(hold.expires_at));
    summary.visit_type = Some(physio.clone());
    let mut s = BookScreen::for_patient(summary, patient.id, patient.full_name.clone());
    s.form_mut().choose(F::Repeat, "weekly");
    s.form_mut().set_text(F::Count, "4");
    s.form_mut().focus_last();
    // The first Enter previews; nothing is booked yet.
    let said = demo::said(&s.update(&Action::Submit, &ctx)).unwrap();
    assert!(said.starts_with("Enter books the "), "{said}");
    let preview = s.course().expect("a preview").clone();
    assert_eq!(preview.booked.len() + preview.skipped.len(), 4);
    assert!(
        clinic
            .appointments(&admin.actor, &Default::default())
            .unwrap()
            .iter()
            .all(|a| a.series_id != Some(preview.series_id) || a.patient_id != patient.id)
    );
    // The second books what the preview showed.
    match s.update(&Action::Submit, &ctx) {
        Outcome::Pop(2, Some(m)) => assert!(
            m.text
                .starts_with(&format!("Booked {}'s course: ", patient.full_name)),
            "{}",
            m.text
        ),
        _ => panic!("expected to go back with the course booked"),
    }
    let course: Vec<Appointment> = clinic
        .appointments(
            &admin.actor,
            &clinic::domain::appointment::AppointmentQuery {
                patient: Some(patient.id),
                limit: 100,
                ..Default::default()
            },
        )
        .unwrap()
        .into_iter()
        .filter(|a| a.visit_type.as_deref() == Some("Physiotherapy"))
        .collect();
    assert_eq!(course.len(), preview.booked.len());
    assert!(
        course
            .iter()
            .all(|a| a.series_id.is_some() && a.duration == 30)
    );
}
