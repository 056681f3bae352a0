use crate::prelude::*;
use chrono::NaiveTime;
use clinic::tui::keymap::Mode;
use clinic::tui::screen::Shown;
use clinic::tui::screens::find_slots::*;

fn setup() -> (clinic::Clinic, clinic::service::Session) {
    let clinic = demo::demo_clinic();
    let session = demo::patient(&clinic);
    (clinic, session)
}

#[test]
fn opens_on_today_with_free_future_slots_sorted_by_time() {
    let (clinic, session) = setup();
    let ctx = demo::ctx(&clinic, &session);
    let mut s = FindSlots::booking(&ctx);
    s.reload(&ctx).unwrap();
    assert_eq!(s.filters().date, demo::now().date());
    let rows = s.slots().rows();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.start > demo::now()));
    assert!(rows.windows(2).all(|w| w[0].start <= w[1].start));
}

#[test]
fn an_evening_opens_on_the_next_day_that_has_a_free_slot() {
    let evening = demo::now().date().and_hms_opt(21, 39, 0).unwrap();
    let clinic = demo::demo_clinic_at(evening);
    let session = demo::patient(&clinic);
    let ctx = demo::ctx(&clinic, &session);
    let mut s = FindSlots::booking(&ctx);
    s.reload(&ctx).unwrap();
    assert_eq!(s.filters().date, evening.date().succ_opt().unwrap());
    assert!(!s.slots().is_empty());
    // Going back to the empty evening is still possible, and says so.
    s.update(&Action::Left, &ctx);
    assert_eq!(s.filters().date, evening.date());
    assert!(s.slots().is_empty());
}

#[test]
fn arrows_change_the_day_but_never_into_the_past() {
    let (clinic, session) = setup();
    let ctx = demo::ctx(&clinic, &session);
    let mut s = FindSlots::booking(&ctx);
    s.reload(&ctx).unwrap();
    demo::assert_says(&s.update(&Action::Left, &ctx), "That day is in the past.");
    assert_eq!(s.filters().date, demo::now().date());
    s.update(&Action::Right, &ctx);
    assert_eq!(s.filters().date, demo::now().date().succ_opt().unwrap());
    assert!(
        s.slots()
            .rows()
            .iter()
            .all(|r| r.start.date() == s.filters().date)
    );
}

#[test]
fn sort_cycles_through_doctor_specialty_fee_and_time() {
    let (clinic, session) = setup();
    let ctx = demo::ctx(&clinic, &session);
    let mut s = FindSlots::booking(&ctx);
    s.reload(&ctx).unwrap();
    s.update(&Action::Sort, &ctx);
    assert_eq!(s.filters().sort, SlotSort::Doctor);
    s.update(&Action::Sort, &ctx);
    s.update(&Action::Sort, &ctx);
    assert_eq!(s.filters().sort, SlotSort::Fee);
    let fees: Vec<u32> = s.slots().rows().iter().map(|r| r.fee).collect();
    assert!(fees.windows(2).all(|w| w[0] <= w[1]), "{fees:?}");
    s.update(&Action::Sort, &ctx);
    assert_eq!(s.filters().sort, SlotSort::Time);
}

fn apply(s: &mut Dialogs<FindSlots>, ctx: &Ctx) -> Outcome {
    s.form_mut().unwrap().focus_on(F::Sort);
    s.update(&Action::Submit, ctx)
}

#[test]
fn the_filter_form_narrows_by_specialty_and_time_window() {
    let (clinic, session) = setup();
    let ctx = demo::ctx(&clinic, &session);
    let specialty = clinic.specialties().unwrap()[0].clone();
    let mut s = FindSlots::booking(&ctx);
    s.reload(&ctx).unwrap();
    s.update(&Action::Filter, &ctx);
    assert!(s.is_editing());
    assert_eq!(s.key_mode(), Mode::TextEntry);
    let form = s.form_mut().unwrap();
    form.set_text(F::From, "14:00");
    form.set_text(F::To, "16:00");
    form.choose(F::Specialty, &specialty);
    apply(&mut s, &ctx);
    assert!(!s.is_editing());
    assert_eq!(s.filters().specialty.as_deref(), Some(specialty.as_str()));
    let rows = s.slots().rows();
    assert!(!rows.is_empty());
    for r in rows {
        assert_eq!(r.specialty, specialty);
        assert!(r.start.time() >= NaiveTime::from_hms_opt(14, 0, 0).unwrap());
        assert!(r.start.time() < NaiveTime::from_hms_opt(16, 0, 0).unwrap());
    }
}

#[test]
fn a_doctor_of_another_specialty_is_refused_not_ignored() {
    let (clinic, session) = setup();
    let ctx = demo::ctx(&clinic, &session);
    let doctors = clinic.doctors(None).unwrap();
    let (a, b) = (
        &doctors[0],
        doctors
            .iter()
            .find(|d| d.specialty != doctors[0].specialty)
            .unwrap(),
    );
    let mut s = FindSlots::booking(&ctx);
    s.reload(&ctx).unwrap();
    s.update(&Action::Filter, &ctx);
    let form = s.form_mut().unwrap();
    form.choose(F::Specialty, &a.specialty);
    form.choose(F::Doctor, &b.id.0.to_string());
    demo::assert_says(
        &apply(&mut s, &ctx),
        "Dr. Andrea Becker practises Dermatology, not Orthopaedics: choose one or the other",
    );
    assert!(s.is_editing(), "the form stays to be corrected");
}

#[test]
fn a_malformed_date_in_the_filter_is_reported_and_the_form_stays() {
    let (clinic, session) = setup();
    let ctx = demo::ctx(&clinic, &session);
    let mut s = FindSlots::booking(&ctx);
    s.reload(&ctx).unwrap();
    s.update(&Action::Filter, &ctx);
    s.form_mut().unwrap().set_text(F::Date, "tomorrow");
    demo::assert_says(
        &apply(&mut s, &ctx),
        "'tomorrow' is not a date (YYYY-MM-DD)",
    );
    assert!(s.is_editing());
    s.update(&Action::Back, &ctx);
    assert!(!s.is_editing());
}

#[test]
fn enter_holds_the_slot_and_opens_the_confirmation() {
    let (clinic, session) = setup();
    let ctx = demo::ctx(&clinic, &session);
    let mut s = FindSlots::booking(&ctx);
    s.reload(&ctx).unwrap();
    s.update(&Action::Down, &ctx);
    let slot = s.slots().selected().unwrap().clone();
    match s.update(&Action::Submit, &ctx) {
        Outcome::Push(screen) => assert_eq!(screen.title(), "Book"),
        _ => panic!("expected the booking confirmation"),
    }
    let held = clinic
        .slots(&session.actor, &SlotFilter::day(slot.start.date()))
        .unwrap()
        .into_iter()
        .find(|x| x.id == slot.id)
        .unwrap();
    assert_eq!(held.state, clinic::domain::SlotState::Held);
}

#[test]
fn paging_past_the_first_page_loads_the_next_from_the_library() {
    let (clinic, session) = setup();
    let ctx = demo::ctx(&clinic, &session);
    // Wednesday: more than a page of free slots.
    let mut s = FindSlots::new(
        demo::now().date() + chrono::Duration::days(2),
        Purpose::Book,
    );
    s.reload(&ctx).unwrap();
    let first = s.slots().rows()[0].id;
    s.update(&Action::Last, &ctx);
    s.update(&Action::Down, &ctx);
    assert_eq!(s.slots().offset(), clinic::tui::widgets::list::PAGE);
    assert_ne!(s.slots().rows()[0].id, first);
    s.update(&Action::Up, &ctx);
    assert_eq!(s.slots().offset(), 0);
}

#[test]
fn the_reschedule_finder_leaves_out_slots_that_clash_with_the_patients_other_visits() {
    let (clinic, session) = setup();
    let ctx = demo::ctx(&clinic, &session);
    let mut mine: Vec<Appointment> = clinic
        .appointments(&session.actor, &Default::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.status == Status::Booked && a.start > demo::now())
        .collect();
    mine.sort_by_key(|a| a.start);
    assert!(mine.len() >= 2, "patient1 has two visits to come");
    let (moving, other) = (mine[0].clone(), mine[1].clone());
    let clashes = |rows: &[Slot]| {
        rows.iter()
            .filter(|s| s.start < other.end && s.end > other.start)
            .count()
    };
    // Other doctors are free at the second visit's time…
    let mut free = SlotFilter::day(other.start.date());
    free.free_only = true;
    let free = clinic.slots(&session.actor, &free).unwrap();
    assert!(clashes(&free) > 0, "free slots at the other visit's time");
    // …but moving the first visit never offers a time the second one already takes (R3).
    let mut s = FindSlots::new(other.start.date(), Purpose::Reschedule(Box::new(moving)));
    s.reload(&ctx).unwrap();
    assert_eq!(s.filters().date, other.start.date());
    loop {
        assert_eq!(clashes(s.slots().rows()), 0, "{other:?}");
        let before = s.slots().offset();
        s.update(&Action::PageDown, &ctx);
        if s.slots().offset() == before {
            break;
        }
    }
}
