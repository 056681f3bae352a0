//! Visit types and series (SPEC §10): a visit covers the back-to-back slots that total its
//! minutes; R2 for every covered slot (in the schema too), R3/R4 on the real span and
//! minutes, R8 moves the whole visit, R10, holds on the run, series all-or-nothing.

mod support;

use clinic::ErrorKind;
use clinic::domain::visit_type::{Repeat, VisitTypeInput};
use clinic::domain::{SlotId, SlotState, Status, VisitType};
use clinic::service::{BookRequest, SeriesRequest, SlotFilter};
use support::clinic::*;
use support::{at, day, expect_err};

/// House on a 15-minute grid on Wednesday 09:00–12:00 and the same on the next Wednesdays.
fn quarter_hours(fx: &Fixture, weeks: u32) {
    for w in 0..weeks {
        let date = WEDNESDAY + chrono::Duration::weeks(i64::from(w));
        fx.clinic
            .declare_slots(
                &fx.admin(),
                fx.doctor_id(HOUSE),
                date,
                support::hm("09:00"),
                support::hm("12:00"),
                Some(15),
            )
            .expect("declare");
    }
}

fn add_type(fx: &Fixture, name: &str, minutes: u32) -> VisitType {
    fx.clinic
        .add_visit_type(
            &fx.admin(),
            &VisitTypeInput {
                name: Some(name.into()),
                minutes: Some(minutes),
                fee: Some(80),
                description: None,
            },
        )
        .expect("add type")
}

fn typed(slot: SlotId, patient: usize, fx: &Fixture, kind: Option<&VisitType>) -> BookRequest {
    BookRequest {
        slot,
        patient: Some(fx.patient_id(patient)),
        reason: None,
        override_reason: None,
        visit_type: kind.map(|t| t.id),
    }
}

/// The desk books `patient` a visit of `kind` from House's slot at `start`.
fn book_visit(
    fx: &Fixture,
    start: &str,
    patient: usize,
    kind: Option<&VisitType>,
) -> Result<clinic::domain::Appointment, clinic::Error> {
    fx.clinic.book(
        &fx.admin(),
        &typed(fx.slot(HOUSE, start), patient, fx, kind),
    )
}

fn state(fx: &Fixture, start: &str) -> SlotState {
    fx.slot_view(fx.slot(HOUSE, start)).state
}

#[test]
fn the_desk_keeps_the_types_and_nobody_else_may() {
    let fx = Fixture::new();
    let t = add_type(&fx, "New patient", 45);
    assert_eq!((t.minutes, t.fee, t.retired), (45, Some(80), false));
    let same = VisitTypeInput {
        name: Some("NEW PATIENT".into()),
        minutes: Some(30),
        ..Default::default()
    };
    let msg = expect_err(
        fx.clinic.add_visit_type(&fx.admin(), &same),
        ErrorKind::Conflict,
    );
    assert_eq!(msg, "there is already a visit type called New patient");
    for who in [fx.doctor(HOUSE), fx.patient(ANN)] {
        expect_err(fx.clinic.add_visit_type(&who, &same), ErrorKind::Forbidden);
        expect_err(
            fx.clinic.retire_visit_type(&who, t.id),
            ErrorKind::Forbidden,
        );
    }
    let odd = VisitTypeInput {
        name: Some("Odd".into()),
        minutes: Some(47),
        ..Default::default()
    };
    expect_err(
        fx.clinic.add_visit_type(&fx.admin(), &odd),
        ErrorKind::Invalid,
    );
    let edited = fx
        .clinic
        .edit_visit_type(
            &fx.admin(),
            t.id,
            &VisitTypeInput {
                description: Some("first visit, history taken".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!((edited.name.as_str(), edited.minutes), ("New patient", 45));
    assert_eq!(fx.clinic.visit_type("new patient").unwrap().id, t.id);
    assert_eq!(fx.clinic.visit_type(&t.id.to_string()).unwrap().id, t.id);
    let retired = fx.clinic.retire_visit_type(&fx.admin(), t.id).unwrap();
    assert!(retired.retired);
    assert!(fx.clinic.visit_types(false).unwrap().is_empty());
    assert_eq!(fx.clinic.visit_types(true).unwrap().len(), 1);
}

#[test]
fn a_visit_covers_back_to_back_slots_and_r2_holds_for_each() {
    let fx = Fixture::new();
    quarter_hours(&fx, 1);
    let long = add_type(&fx, "New patient", 45);
    let half = add_type(&fx, "Consultation", 30);
    let a = book_visit(&fx, "2030-01-09T09:00", ANN, Some(&long)).unwrap();
    assert_eq!(
        (a.start, a.end, a.duration),
        (at("2030-01-09T09:00"), at("2030-01-09T09:45"), 45)
    );
    assert_eq!(a.visit_type.as_deref(), Some("New patient"));
    for t in ["09:00", "09:15", "09:30"] {
        assert_eq!(
            state(&fx, &format!("2030-01-09T{t}")),
            SlotState::Booked,
            "{t}"
        );
    }
    assert_eq!(state(&fx, "2030-01-09T09:45"), SlotState::Free);
    // A 30-minute visit from 09:15 and a single slot at 09:30 both reach into it.
    let msg = expect_err(
        book_visit(&fx, "2030-01-09T09:15", BOB, Some(&half)),
        ErrorKind::Conflict,
    );
    assert!(
        msg.contains("09:15") && msg.contains("already booked"),
        "{msg}"
    );
    expect_err(
        fx.try_book_for(fx.patient_id(BOB), fx.slot(HOUSE, "2030-01-09T09:30")),
        ErrorKind::Conflict,
    );
    book_visit(&fx, "2030-01-09T09:45", BOB, Some(&half)).unwrap();
    // A 30-minute grid cannot take a 45-minute visit.
    let msg = expect_err(
        book_visit(&fx, "2030-01-08T09:00", CYD, Some(&long)),
        ErrorKind::Conflict,
    );
    assert_eq!(
        msg,
        "Gregory House has no 45 minutes of back-to-back slots from Tue 8 Jan 2030 at 09:00"
    );
    fx.assert_check_ok();
}

#[test]
fn the_schema_refuses_a_visit_over_a_covered_slot_or_of_the_wrong_length() {
    let fx = Fixture::new();
    quarter_hours(&fx, 1);
    let long = add_type(&fx, "New patient", 45);
    book_visit(&fx, "2030-01-09T09:00", ANN, Some(&long)).unwrap();
    let raw = fx.raw();
    let insert = |slot: SlotId, start: &str, end: &str, minutes: u32| {
        raw.execute(
            "INSERT INTO appointments (slot_id, doctor_id, patient_id, start, end_at, duration,
                                       booked_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '2030-01-07T08:00:00', '2030-01-07T08:00:00')",
            rusqlite::params![
                slot.0,
                fx.doctor_id(HOUSE).0,
                fx.patient_id(BOB).0,
                start,
                end,
                minutes
            ],
        )
    };
    // 09:30 is the third slot of Ann's visit: not its own first slot, so the partial unique
    // index alone would let it through; visit_slots does not.
    let err = insert(
        fx.slot(HOUSE, "2030-01-09T09:30"),
        "2030-01-09T09:30",
        "2030-01-09T10:00",
        30,
    )
    .unwrap_err();
    assert!(err.to_string().contains("UNIQUE"), "{err}");
    // A visit whose minutes are not its slots' total.
    let err = insert(
        fx.slot(HOUSE, "2030-01-09T10:00"),
        "2030-01-09T10:00",
        "2030-01-09T10:40",
        40,
    )
    .unwrap_err();
    assert!(err.to_string().contains("back-to-back"), "{err}");
    insert(
        fx.slot(HOUSE, "2030-01-09T10:00"),
        "2030-01-09T10:00",
        "2030-01-09T10:30",
        30,
    )
    .unwrap();
    fx.assert_check_ok();
}

#[test]
fn r3_and_r4_see_the_visits_real_span_and_minutes() {
    let fx = Fixture::new();
    quarter_hours(&fx, 1);
    fx.clinic
        .declare_slots(
            &fx.admin(),
            fx.doctor_id(GREY),
            WEDNESDAY,
            support::hm("09:00"),
            support::hm("12:00"),
            Some(15),
        )
        .unwrap();
    let long = add_type(&fx, "New patient", 45);
    book_visit(&fx, "2030-01-09T09:00", ANN, Some(&long)).unwrap();
    // R3: Ann is with House until 09:45.
    let msg = expect_err(
        fx.try_book_for(fx.patient_id(ANN), fx.slot(GREY, "2030-01-09T09:30")),
        ErrorKind::Conflict,
    );
    assert!(
        msg.contains("Ann Archer already has an appointment"),
        "{msg}"
    );
    fx.try_book_for(fx.patient_id(ANN), fx.slot(GREY, "2030-01-09T09:45"))
        .unwrap();
    // R4: 60 booked minutes a day at most; 45 are taken, another 45 is over.
    fx.set_limits(HOUSE, 10, 60);
    let msg = expect_err(
        book_visit(&fx, "2030-01-09T10:00", BOB, Some(&long)),
        ErrorKind::Conflict,
    );
    assert!(msg.contains("minutes"), "{msg}");
    let mut with_reason = typed(fx.slot(HOUSE, "2030-01-09T10:00"), BOB, &fx, Some(&long));
    with_reason.override_reason = Some("urgent referral".into());
    let a = fx.clinic.book(&fx.admin(), &with_reason).unwrap();
    assert_eq!(a.override_reason.as_deref(), Some("urgent referral"));
    // Patients are not offered what R4 refuses them: no 45-minute start is left for House.
    let mut filter = SlotFilter::day(WEDNESDAY);
    filter.doctor = Some(fx.doctor_id(HOUSE));
    filter.visit_type = Some(long.id);
    assert!(
        fx.clinic
            .slots(&fx.patient(CYD), &filter)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_reschedule_moves_the_whole_visit_and_a_cancel_frees_every_slot() {
    let fx = Fixture::new();
    quarter_hours(&fx, 1);
    let long = add_type(&fx, "New patient", 45);
    let a = book_visit(&fx, "2030-01-09T09:00", ANN, Some(&long)).unwrap();
    // Fifteen minutes later: the new run overlaps the visit's own slots, which it may keep.
    let moved = fx
        .clinic
        .reschedule(&fx.admin(), a.id, fx.slot(HOUSE, "2030-01-09T09:15"), None)
        .unwrap();
    assert_eq!(
        (moved.start, moved.end, moved.duration),
        (at("2030-01-09T09:15"), at("2030-01-09T10:00"), 45)
    );
    assert_eq!(state(&fx, "2030-01-09T09:00"), SlotState::Free);
    assert_eq!(state(&fx, "2030-01-09T09:45"), SlotState::Booked);
    // R10: a slot inside the visit cannot be removed.
    let msg = expect_err(
        fx.clinic
            .remove_slots(&fx.admin(), &[fx.slot(HOUSE, "2030-01-09T09:30")]),
        ErrorKind::Conflict,
    );
    assert!(msg.contains("booked by Ann Archer"), "{msg}");
    // Too close to the end of the day for 45 minutes.
    expect_err(
        fx.clinic
            .reschedule(&fx.admin(), a.id, fx.slot(HOUSE, "2030-01-09T11:30"), None),
        ErrorKind::Conflict,
    );
    let cancelled = fx.cancel(a.id);
    assert_eq!(cancelled.status, Status::Cancelled);
    for t in ["09:15", "09:30", "09:45"] {
        assert_eq!(
            state(&fx, &format!("2030-01-09T{t}")),
            SlotState::Free,
            "{t}"
        );
    }
    fx.assert_check_ok();
}

#[test]
fn where_a_visit_can_start_is_where_its_whole_run_is_free() {
    let fx = Fixture::new();
    quarter_hours(&fx, 1);
    let long = add_type(&fx, "New patient", 45);
    fx.book_for(fx.patient_id(BOB), fx.slot(HOUSE, "2030-01-09T10:00"));
    let mut filter = SlotFilter::day(WEDNESDAY);
    filter.doctor = Some(fx.doctor_id(HOUSE));
    filter.visit_type = Some(long.id);
    let starts: Vec<String> = fx
        .clinic
        .slots(&fx.patient(ANN), &filter)
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}-{} {}",
                s.start.format("%H:%M"),
                s.end.format("%H:%M"),
                s.duration
            )
        })
        .collect();
    // 10:00 is booked: runs from 09:30, 09:45 and 10:00 are not whole; 11:15 is the last start.
    assert_eq!(
        starts,
        [
            "09:00-09:45 45",
            "09:15-10:00 45",
            "10:15-11:00 45",
            "10:30-11:15 45",
            "10:45-11:30 45",
            "11:00-11:45 45",
            "11:15-12:00 45"
        ]
    );
    // A hold on one slot takes the runs through it (from 11:00 and 11:15) off the list.
    fx.clinic
        .hold(&fx.patient(CYD), fx.slot(HOUSE, "2030-01-09T11:30"), None)
        .unwrap();
    assert_eq!(fx.clinic.slots(&fx.patient(ANN), &filter).unwrap().len(), 5);
}

#[test]
fn a_hold_on_a_run_holds_every_slot_and_counts_once() {
    let fx = Fixture::new();
    quarter_hours(&fx, 1);
    let long = add_type(&fx, "New patient", 45);
    let ann = fx.patient(ANN);
    fx.clinic
        .hold_visit(
            &ann,
            fx.slot(HOUSE, "2030-01-09T09:00"),
            None,
            Some(long.id),
        )
        .unwrap();
    for t in ["09:00", "09:15", "09:30"] {
        assert_eq!(
            state(&fx, &format!("2030-01-09T{t}")),
            SlotState::Held,
            "{t}"
        );
    }
    expect_err(
        fx.try_book_for(fx.patient_id(BOB), fx.slot(HOUSE, "2030-01-09T09:30")),
        ErrorKind::Conflict,
    );
    // One run is one hold: a second one elsewhere is still allowed.
    fx.clinic
        .hold(&ann, fx.slot(HOUSE, "2030-01-09T11:00"), None)
        .unwrap();
    let a = fx
        .clinic
        .book(
            &ann,
            &BookRequest {
                patient: None,
                ..typed(fx.slot(HOUSE, "2030-01-09T09:00"), ANN, &fx, Some(&long))
            },
        )
        .unwrap();
    assert_eq!(a.duration, 45);
    fx.clinic
        .release(&ann, fx.slot(HOUSE, "2030-01-09T11:00"))
        .unwrap();
    assert_eq!(state(&fx, "2030-01-09T11:00"), SlotState::Free);
    fx.assert_check_ok();
}

fn series(repeat: Repeat, count: u32, skip: bool) -> SeriesRequest {
    SeriesRequest {
        repeat,
        count,
        skip_unavailable: skip,
    }
}

#[test]
fn a_series_is_all_or_nothing_unless_told_to_skip() {
    let fx = Fixture::new();
    quarter_hours(&fx, 6);
    let physio = add_type(&fx, "Physiotherapy", 30);
    // Bob has the third Wednesday at 10:00.
    fx.book_for(fx.patient_id(BOB), fx.slot(HOUSE, "2030-01-23T10:00"));
    let first = typed(fx.slot(HOUSE, "2030-01-09T10:00"), ANN, &fx, Some(&physio));
    let msg = expect_err(
        fx.clinic
            .book_series(&fx.admin(), &first, series(Repeat::Weekly, 4, false)),
        ErrorKind::Conflict,
    );
    assert!(
        msg.starts_with("nothing was booked: 1 of 4 dates cannot be booked — Wed 23 Jan 2030:"),
        "{msg}"
    );
    assert_eq!(state(&fx, "2030-01-09T10:00"), SlotState::Free);
    let booked = fx
        .clinic
        .book_series(&fx.admin(), &first, series(Repeat::Weekly, 4, true))
        .unwrap();
    assert_eq!(booked.skipped, [day("2030-01-23")]);
    let days: Vec<_> = booked.booked.iter().map(|a| a.start.date()).collect();
    assert_eq!(
        days,
        [day("2030-01-09"), day("2030-01-16"), day("2030-01-30")]
    );
    assert!(
        booked
            .booked
            .iter()
            .all(|a| a.series_id == Some(booked.series_id) && a.duration == 30)
    );
    // Every other week, beyond the declared weeks: the dates without slots are named.
    let msg = expect_err(
        fx.clinic.book_series(
            &fx.admin(),
            &typed(fx.slot(HOUSE, "2030-01-09T11:00"), CYD, &fx, None),
            series(Repeat::Biweekly, 4, false),
        ),
        ErrorKind::Conflict,
    );
    assert!(
        msg.contains("Wed 20 Feb 2030: no slot at that time"),
        "{msg}"
    );
    // Cancelling from the second visit cancels it and the later ones, not the first.
    let second = booked.booked[1].id;
    let gone = fx
        .clinic
        .cancel_series(&fx.admin(), second, Some("course ended early"))
        .unwrap();
    assert_eq!(gone.len(), 2);
    assert_eq!(fx.status(booked.booked[0].id), Status::Booked);
    assert!(gone.iter().all(|a| a.status == Status::Cancelled));
    expect_err(
        fx.clinic.cancel_series(
            &fx.admin(),
            fx.book_for(fx.patient_id(CYD), fx.slot(HOUSE, "2030-01-09T11:30"))
                .id,
            None,
        ),
        ErrorKind::Invalid,
    );
    fx.assert_check_ok();
}

#[test]
fn a_series_of_more_than_52_is_refused() {
    let fx = Fixture::new();
    quarter_hours(&fx, 1);
    let first = typed(fx.slot(HOUSE, "2030-01-09T10:00"), ANN, &fx, None);
    expect_err(
        fx.clinic
            .book_series(&fx.admin(), &first, series(Repeat::Weekly, 53, false)),
        ErrorKind::Invalid,
    );
}

#[test]
fn a_retired_type_stays_on_its_visits_and_cannot_be_chosen() {
    let fx = Fixture::new();
    quarter_hours(&fx, 1);
    let long = add_type(&fx, "New patient", 45);
    let a = book_visit(&fx, "2030-01-09T09:00", ANN, Some(&long)).unwrap();
    fx.clinic.retire_visit_type(&fx.admin(), long.id).unwrap();
    assert_eq!(fx.appt(a.id).visit_type.as_deref(), Some("New patient"));
    let msg = expect_err(
        book_visit(&fx, "2030-01-09T10:00", BOB, Some(&long)),
        ErrorKind::Conflict,
    );
    assert_eq!(msg, "New patient is retired; choose another visit type");
}

#[test]
fn a_waitlist_entry_for_a_type_is_offered_the_freed_run_that_fits_it() {
    use clinic::service::WaitlistTarget;
    let fx = Fixture::new();
    quarter_hours(&fx, 1);
    let long = add_type(&fx, "New patient", 45);
    // Wednesday is full from 09:00 to 12:00: Ann has 09:00–09:45, others the rest.
    let ann = book_visit(&fx, "2030-01-09T09:00", ANN, Some(&long)).unwrap();
    let others: Vec<SlotId> = [
        "09:45", "10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30", "11:45",
    ]
    .iter()
    .map(|t| fx.slot(HOUSE, &format!("2030-01-09T{t}")))
    .collect();
    let walk_in = fx.walk_in("Wanda Walk");
    for s in &others {
        fx.book_for(walk_in, *s);
    }
    let entry = fx
        .clinic
        .join_waitlist_for(
            &fx.patient(BOB),
            None,
            &WaitlistTarget::Doctor(fx.doctor_id(HOUSE)),
            "2030-01-09",
            Some(long.id),
        )
        .unwrap();
    assert_eq!(entry.visit_type.as_deref(), Some("New patient"));
    // A 15-minute slot freed is not enough for Bob's 45 minutes: nothing is offered.
    let short = fx
        .clinic
        .appointments(&fx.admin(), &Default::default())
        .unwrap();
    let at_1000 = short
        .iter()
        .find(|a| a.start == at("2030-01-09T10:00"))
        .unwrap()
        .id;
    let c = fx
        .clinic
        .cancel_visit(&fx.admin(), at_1000, Some("moved"))
        .unwrap();
    assert!(c.offered.is_none());
    // Ann's 45 minutes freed: held for Bob, all three slots, until he books them.
    let c = fx
        .clinic
        .cancel_visit(&fx.admin(), ann.id, Some("moved"))
        .unwrap();
    assert!(c.offered.is_some());
    for t in ["09:00", "09:15", "09:30"] {
        assert_eq!(
            state(&fx, &format!("2030-01-09T{t}")),
            SlotState::Held,
            "{t}"
        );
    }
    let offer = fx.clinic.waitlist(&fx.patient(BOB), None, true).unwrap()[0]
        .offer
        .clone()
        .expect("an offer");
    let bob = fx
        .clinic
        .book(
            &fx.patient(BOB),
            &BookRequest {
                slot: offer.slot_id,
                patient: None,
                reason: None,
                override_reason: None,
                visit_type: Some(long.id),
            },
        )
        .unwrap();
    assert_eq!((bob.start, bob.duration), (at("2030-01-09T09:00"), 45));
    fx.assert_check_ok();
}

#[test]
fn exports_and_reports_carry_the_visits_real_span_and_minutes() {
    use clinic::service::CalendarOf;
    let fx = Fixture::new();
    quarter_hours(&fx, 1);
    let long = add_type(&fx, "New patient", 45);
    book_visit(&fx, "2030-01-09T09:00", ANN, Some(&long)).unwrap();
    let ics = fx
        .clinic
        .export_ics(
            &fx.admin(),
            CalendarOf::Patient(fx.patient_id(ANN)),
            Some(WEDNESDAY),
            Some(WEDNESDAY),
        )
        .unwrap();
    let field = |name: &str| {
        ics.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.rsplit('T').next())
            .unwrap_or_else(|| panic!("no {name} in {ics}"))
            .trim()
            .to_string()
    };
    let (start, end) = (field("DTSTART"), field("DTEND"));
    // 45 minutes apart, whatever the zone the export writes in.
    let minutes = |hms: &str| -> i32 {
        hms[0..2].parse::<i32>().unwrap() * 60 + hms[2..4].parse::<i32>().unwrap()
    };
    assert_eq!(minutes(&end) - minutes(&start), 45, "{ics}");
    let csv = fx.clinic.export_csv(&fx.admin(), WEDNESDAY).unwrap();
    assert!(csv.contains("09:00") && csv.contains("09:45"), "{csv}");
    // The daily totals count the visit's real minutes.
    let utilization = fx
        .clinic
        .report_utilization(&fx.admin(), WEDNESDAY, WEDNESDAY)
        .unwrap();
    let house = utilization
        .iter()
        .find(|r| r.doctor_id == fx.doctor_id(HOUSE))
        .unwrap();
    assert_eq!(house.booked_mins, 45, "{house:?}");
}

#[test]
fn a_new_plan_keeps_a_visit_of_several_slots_and_lists_it_once() {
    let fx = Fixture::blank("2030-01-07T08:00");
    let admin = fx.admin();
    let lee = fx.add_doctor("Ada Lee", "Cardiology");
    let ann = fx.walk_in("Ann Archer");
    let week = |text: &str| clinic::domain::plan::parse_week(text, 30).unwrap();
    fx.clinic
        .set_plan(&admin, lee, None, week("mon-fri 09:00-12:00/15"))
        .unwrap();
    let long = add_type(&fx, "New patient", 45);
    let visit = fx
        .clinic
        .book(
            &admin,
            &BookRequest {
                slot: fx.slot_of(lee, "2030-01-09T09:00"),
                patient: Some(ann),
                reason: None,
                override_reason: None,
                visit_type: Some(long.id),
            },
        )
        .unwrap();
    // From Wednesday on, 30-minute slots: the visit's three slots stay, named once.
    let changes = fx
        .clinic
        .set_plan(&admin, lee, Some(WEDNESDAY), week("mon-fri 09:00-12:00"))
        .unwrap();
    assert_eq!(changes.kept_booked, [visit.id]);
    assert_eq!(fx.appt(visit.id).status, Status::Booked);
    fx.assert_check_ok();
}
