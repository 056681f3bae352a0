//! The scheduling rules R1–R11 (SPEC §3) and the login lockout (SPEC §5), one test per rule
//! case, through the real `Clinic` on a real file. The pure rule functions have their own unit
//! tests beside the code; these check that the use cases apply them, and that the schema backs
//! R1–R3 and R9 up when code is bypassed.

mod support;

use clinic::ErrorKind;
use clinic::domain::{Actor, PatientInput, SlotState, Status};
use clinic::service::{BookRequest, NewLogin, SlotFilter, WaitlistTarget};
use support::clinic::*;
use support::{at, expect_err, hm, kind_of};

// ----- helpers -----------------------------------------------------------------------------

/// Inserts an appointment row by hand, bypassing the library, as a careless script would.
fn raw_insert_appointment(
    fx: &Fixture,
    slot: clinic::domain::SlotId,
    patient: clinic::domain::PatientId,
    status: &str,
) -> rusqlite::Result<usize> {
    let s = fx.slot_view(slot);
    let cancelled_at = (status == "cancelled").then_some("2030-01-07T08:00:00");
    fx.raw().execute(
        "INSERT INTO appointments (slot_id, doctor_id, patient_id, start, end_at, duration,
                                   status, booked_at, updated_at, cancelled_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '2030-01-07T08:00:00', '2030-01-07T08:00:00', ?8)",
        rusqlite::params![
            s.id.0,
            s.doctor_id.0,
            patient.0,
            s.start.format("%Y-%m-%dT%H:%M").to_string(),
            s.end.format("%Y-%m-%dT%H:%M").to_string(),
            s.duration,
            status,
            cancelled_at
        ],
    )
}

#[track_caller]
fn assert_constraint(r: rusqlite::Result<usize>) -> String {
    match r {
        Ok(n) => panic!("the schema accepted the row ({n} changed)"),
        Err(e) => {
            assert_eq!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::ConstraintViolation),
                "{e}"
            );
            e.to_string()
        }
    }
}

fn active_on(fx: &Fixture, slot: clinic::domain::SlotId) -> i64 {
    fx.raw()
        .query_row(
            "SELECT count(*) FROM appointments WHERE slot_id = ?1 AND status <> 'cancelled'",
            [slot.0],
            |r| r.get(0),
        )
        .unwrap()
}

fn with_override(
    slot: clinic::domain::SlotId,
    patient: clinic::domain::PatientId,
    why: &str,
) -> BookRequest {
    BookRequest {
        slot,
        patient: Some(patient),
        reason: None,
        override_reason: Some(why.into()),
        visit_type: None,
    }
}

fn day_slots(fx: &Fixture, i: usize, day: chrono::NaiveDate) -> Vec<clinic::domain::Slot> {
    let mut f = SlotFilter::day(day);
    f.doctor = Some(fx.doctor_id(i));
    fx.clinic.slots(&fx.admin(), &f).unwrap()
}

// ----- R1 slots ----------------------------------------------------------------------------

#[test]
fn r1_slots_lie_inside_opening_hours() {
    let fx = Fixture::new();
    let d = fx.doctor_id(WHO);
    let admin = fx.admin();
    for (from, to) in [
        ("08:30", "10:00"),
        ("20:30", "21:30"),
        ("06:00", "08:00"),
        ("21:00", "22:00"),
    ] {
        let r = fx
            .clinic
            .declare_slots(&admin, d, WEDNESDAY, hm(from), hm(to), None);
        expect_err(r, ErrorKind::Invalid);
    }
    assert!(
        day_slots(&fx, WHO, WEDNESDAY).is_empty(),
        "nothing was created"
    );
    let last = fx.declare(WHO, WEDNESDAY, "20:30", "21:00", None);
    assert_eq!(last.len(), 1);
    assert_eq!(fx.slot_view(last[0]).end, at("2030-01-09T21:00"));
}

#[test]
fn r1_slot_length_is_15_to_120_minutes() {
    let fx = Fixture::new();
    let d = fx.doctor_id(WHO);
    for bad in [0, 5, 10, 14, 121, 125, 180] {
        let r = fx.clinic.declare_slots(
            &fx.admin(),
            d,
            WEDNESDAY,
            hm("09:00"),
            hm("13:00"),
            Some(bad),
        );
        expect_err(r, ErrorKind::Invalid);
    }
    assert!(day_slots(&fx, WHO, WEDNESDAY).is_empty());
    let short = fx.declare(WHO, WEDNESDAY, "09:00", "09:15", Some(15));
    assert_eq!(fx.slot_view(short[0]).duration, 15);
    let long = fx.declare(WHO, WEDNESDAY, "10:00", "12:00", Some(120));
    assert_eq!(long.len(), 1);
    assert_eq!(fx.slot_view(long[0]).duration, 120);
}

#[test]
fn r1_slots_start_and_last_on_the_five_minute_grid() {
    let fx = Fixture::new();
    let d = fx.doctor_id(WHO);
    let r = fx.clinic.declare_slots(
        &fx.admin(),
        d,
        WEDNESDAY,
        hm("09:07"),
        hm("10:00"),
        Some(15),
    );
    expect_err(r, ErrorKind::Invalid);
    let r = fx.clinic.declare_slots(
        &fx.admin(),
        d,
        WEDNESDAY,
        hm("09:00"),
        hm("10:00"),
        Some(17),
    );
    expect_err(r, ErrorKind::Invalid);
    assert!(day_slots(&fx, WHO, WEDNESDAY).is_empty());
    let ok = fx.declare(WHO, WEDNESDAY, "09:05", "10:00", Some(25));
    let starts: Vec<_> = ok.iter().map(|&s| fx.slot_view(s).start).collect();
    assert_eq!(starts, vec![at("2030-01-09T09:05"), at("2030-01-09T09:30")]);
}

#[test]
fn r1_default_declaration_gives_24_half_hour_slots() {
    let fx = Fixture::new();
    let made = fx
        .clinic
        .declare_slots(
            &fx.doctor(WHO),
            fx.doctor_id(WHO),
            WEDNESDAY,
            hm("09:00"),
            hm("21:00"),
            None,
        )
        .unwrap();
    assert_eq!(made.len(), 24);
    let listed = day_slots(&fx, WHO, WEDNESDAY);
    assert_eq!(listed.len(), 24);
    assert!(
        listed
            .iter()
            .all(|s| s.duration == 30 && s.state == SlotState::Free)
    );
    assert_eq!(listed[0].start, at("2030-01-09T09:00"));
    assert_eq!(listed[23].end, at("2030-01-09T21:00"));
    for pair in listed.windows(2) {
        assert_eq!(pair[0].end, pair[1].start, "consecutive");
    }
}

#[test]
fn r1_a_doctors_slots_never_overlap() {
    let fx = Fixture::new();
    let admin = fx.admin();
    let house = fx.doctor_id(HOUSE);
    // House has 30-minute slots 09:00–12:00 on Monday. A different length that only partly
    // overlaps the last one, one nested inside, and an identical start are all refused.
    for (from, to, len) in [
        ("11:45", "12:30", 45),
        ("10:10", "10:25", 15),
        ("09:00", "09:30", 30),
        ("08:00", "09:15", 15),
    ] {
        let r = fx
            .clinic
            .declare_slots(&admin, house, MONDAY, hm(from), hm(to), Some(len));
        // 08:00 is outside hours: Invalid; the others overlap: Conflict.
        let kind = if from == "08:00" {
            ErrorKind::Invalid
        } else {
            ErrorKind::Conflict
        };
        expect_err(r, kind);
    }
    // All or nothing: a range whose first half overlaps creates nothing at all.
    let msg = expect_err(
        fx.clinic
            .declare_slots(&admin, house, MONDAY, hm("11:00"), hm("13:00"), None),
        ErrorKind::Conflict,
    );
    assert!(msg.contains("overlaps"), "{msg}");
    assert_eq!(day_slots(&fx, HOUSE, MONDAY).len(), 6);
    // Adjacent is fine, and another doctor may have the same times.
    assert_eq!(fx.declare(HOUSE, MONDAY, "12:00", "13:00", None).len(), 2);
    assert_eq!(fx.declare(WHO, WEDNESDAY, "09:00", "10:00", None).len(), 2);
    let all = day_slots(&fx, HOUSE, MONDAY);
    for pair in all.windows(2) {
        assert!(pair[0].end <= pair[1].start);
    }
}

#[test]
fn r1_schema_refuses_an_overlapping_slot_inserted_directly() {
    let fx = Fixture::new();
    let r = fx.raw().execute(
        "INSERT INTO slots (doctor_id, start, end_at, duration) VALUES (?1, '2030-01-07T09:15', '2030-01-07T09:45', 30)",
        [fx.doctor_id(HOUSE).0],
    );
    assert_constraint(r);
    let r = fx.raw().execute(
        "INSERT INTO slots (doctor_id, start, end_at, duration) VALUES (?1, '2030-01-09T09:07', '2030-01-09T09:37', 30)",
        [fx.doctor_id(HOUSE).0],
    );
    assert_constraint(r);
    // Monday 09:00–12:00 is six 30-minute slots: one enclosing two of them, one nested in
    // one, one over the last one's end are refused; one touching the end is not.
    let insert = |from: &str, to: &str, minutes: u32| {
        fx.raw().execute(
            "INSERT INTO slots (doctor_id, start, end_at, duration) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![fx.doctor_id(HOUSE).0, from, to, minutes],
        )
    };
    assert_constraint(insert("2030-01-07T09:50", "2030-01-07T11:10", 80));
    assert_constraint(insert("2030-01-07T10:05", "2030-01-07T10:20", 15));
    assert_constraint(insert("2030-01-07T11:45", "2030-01-07T12:15", 30));
    assert_eq!(
        insert("2030-01-07T12:00", "2030-01-07T12:30", 30).unwrap(),
        1
    );
}

// ----- R2 one appointment per slot ---------------------------------------------------------

#[test]
fn r2_a_slot_carries_one_active_appointment() {
    let fx = Fixture::new();
    let slot = fx.slot(HOUSE, "2030-01-08T09:00");
    fx.book_as(ANN, slot);
    let msg = expect_err(
        fx.clinic.book(&fx.patient(BOB), &request(slot, None)),
        ErrorKind::Conflict,
    );
    assert!(msg.contains("already booked"), "{msg}");
    expect_err(
        fx.try_book_for(fx.patient_id(CYD), slot),
        ErrorKind::Conflict,
    );
    expect_err(
        fx.clinic.book(
            &fx.admin(),
            &with_override(slot, fx.patient_id(CYD), "urgent"),
        ),
        ErrorKind::Conflict,
    );
    assert_eq!(active_on(&fx, slot), 1);
    let view = fx.slot_view(slot);
    assert_eq!(view.state, SlotState::Booked);
    assert_eq!(view.patient_id, Some(Some(fx.patient_id(ANN))));
}

#[test]
fn r2_a_cancelled_appointment_frees_the_slot() {
    let fx = Fixture::new();
    let slot = fx.slot(HOUSE, "2030-01-08T09:00");
    let first = fx.book_as(ANN, slot);
    fx.clinic
        .cancel(&fx.patient(ANN), first.id, Some("feeling better"))
        .unwrap();
    let second = fx.book_as(BOB, slot);
    assert_ne!(first.id, second.id);
    assert_eq!(fx.status(first.id), Status::Cancelled);
    assert_eq!(fx.status(second.id), Status::Booked);
    assert_eq!(active_on(&fx, slot), 1);
    fx.assert_check_ok();
}

#[test]
fn r2_schema_refuses_a_second_active_appointment() {
    let fx = Fixture::new();
    let slot = fx.slot(HOUSE, "2030-01-08T09:00");
    fx.book_as(ANN, slot);
    let msg = assert_constraint(raw_insert_appointment(
        &fx,
        slot,
        fx.patient_id(BOB),
        "booked",
    ));
    assert!(msg.to_lowercase().contains("unique"), "{msg}");
    assert_constraint(raw_insert_appointment(
        &fx,
        slot,
        fx.patient_id(BOB),
        "checked_in",
    ));
    // The index is partial: cancelled rows do not count.
    raw_insert_appointment(&fx, slot, fx.patient_id(BOB), "cancelled").unwrap();
    assert_eq!(active_on(&fx, slot), 1);
    fx.assert_check_ok();
}

// ----- R3 no patient overlap ---------------------------------------------------------------

#[test]
fn r3_patient_cannot_overlap_across_doctors() {
    let fx = Fixture::new();
    fx.book_as(ANN, fx.slot(HOUSE, "2030-01-08T09:00"));
    let msg = expect_err(
        fx.clinic.book(
            &fx.patient(ANN),
            &request(fx.slot(WHO, "2030-01-08T09:00"), None),
        ),
        ErrorKind::Conflict,
    );
    assert!(msg.contains("you already have"), "{msg}");
    // The admin cannot do it for her either, not even with an override.
    expect_err(
        fx.try_book_for(fx.patient_id(ANN), fx.slot(GREY, "2030-01-08T09:00")),
        ErrorKind::Conflict,
    );
    expect_err(
        fx.clinic.book(
            &fx.admin(),
            &with_override(fx.slot(GREY, "2030-01-08T09:00"), fx.patient_id(ANN), "vip"),
        ),
        ErrorKind::Conflict,
    );
    // Another patient can take that time.
    fx.book_as(BOB, fx.slot(WHO, "2030-01-08T09:00"));
    fx.assert_check_ok();
}

#[test]
fn r3_partial_overlap_with_a_different_length_is_refused() {
    let fx = Fixture::new();
    let hour = fx.declare(HOUSE, WEDNESDAY, "09:00", "10:00", Some(60))[0];
    let half = fx.declare(GREY, WEDNESDAY, "09:30", "10:30", Some(30));
    fx.book_for(fx.patient_id(ANN), hour);
    let msg = expect_err(
        fx.try_book_for(fx.patient_id(ANN), half[0]),
        ErrorKind::Conflict,
    );
    assert!(msg.contains("Ann Archer already has"), "{msg}");
    // Back to back is fine: 10:00 starts when the hour ends.
    fx.book_for(fx.patient_id(ANN), half[1]);
}

#[test]
fn r3_several_non_overlapping_bookings_on_one_day_are_fine() {
    let fx = Fixture::new();
    let ann = fx.patient(ANN);
    for (i, t) in [
        (HOUSE, "09:00"),
        (GREY, "09:30"),
        (WHO, "10:00"),
        (HOUSE, "10:30"),
    ] {
        fx.clinic
            .book(&ann, &request(fx.slot(i, &format!("2030-01-08T{t}")), None))
            .unwrap();
    }
    let mine = fx.clinic.history(&ann, fx.patient_id(ANN)).unwrap();
    assert_eq!(mine.len(), 4);
    assert!(mine.iter().all(|a| a.status == Status::Booked));
}

#[test]
fn r3_schema_refuses_an_overlapping_appointment_inserted_directly() {
    let fx = Fixture::new();
    fx.book_as(ANN, fx.slot(HOUSE, "2030-01-08T09:00"));
    let msg = assert_constraint(raw_insert_appointment(
        &fx,
        fx.slot(WHO, "2030-01-08T09:00"),
        fx.patient_id(ANN),
        "booked",
    ));
    assert!(msg.contains("R3"), "{msg}");
    // Moving another of her appointments onto that time by hand is refused too.
    let later = fx.book_as(ANN, fx.slot(GREY, "2030-01-08T11:00"));
    let r = fx.raw().execute(
        "UPDATE appointments SET start = '2030-01-08T09:15', end_at = '2030-01-08T09:45' WHERE id = ?1",
        [later.id.0],
    );
    assert_constraint(r);
    fx.assert_check_ok();
}

// ----- R4 daily limits ---------------------------------------------------------------------

#[test]
fn r4_daily_appointment_count_limit() {
    let fx = Fixture::new();
    fx.set_limits(HOUSE, 2, 480);
    fx.book_as(ANN, fx.slot(HOUSE, "2030-01-08T09:00"));
    fx.book_as(BOB, fx.slot(HOUSE, "2030-01-08T09:30"));
    let msg = expect_err(
        fx.clinic.book(
            &fx.patient(CYD),
            &request(fx.slot(HOUSE, "2030-01-08T10:00"), None),
        ),
        ErrorKind::Conflict,
    );
    assert!(msg.contains("daily limit"), "{msg}");
    expect_err(
        fx.try_book_for(fx.patient_id(CYD), fx.slot(HOUSE, "2030-01-08T10:00")),
        ErrorKind::Conflict,
    );
    // Other days and other doctors are not affected.
    fx.book_as(CYD, fx.slot(HOUSE, "2030-01-07T10:00"));
    fx.book_as(CYD, fx.slot(GREY, "2030-01-08T10:00"));
}

#[test]
fn r4_free_slot_lists_leave_out_a_doctor_at_the_limit_except_for_the_desk() {
    let fx = Fixture::new();
    fx.set_limits(HOUSE, 2, 480);
    fx.book_as(ANN, fx.slot(HOUSE, "2030-01-08T09:00"));
    fx.book_as(BOB, fx.slot(HOUSE, "2030-01-08T09:30"));
    let mut free = SlotFilter::day(at("2030-01-08T00:00").date());
    free.free_only = true;
    free.doctor = Some(fx.doctor_id(HOUSE));
    // House still has free slots that day, but nobody but the desk may book them.
    assert!(fx.clinic.slots(&fx.patient(CYD), &free).unwrap().is_empty());
    assert!(fx.clinic.slots(&Actor::Guest, &free).unwrap().is_empty());
    let for_desk = fx.clinic.slots(&fx.admin(), &free).unwrap();
    assert!(!for_desk.is_empty());
    assert!(for_desk.iter().all(|s| s.state == SlotState::Free));
    // Another day of the same doctor is offered as usual.
    free.from = at("2030-01-07T00:00");
    free.to = at("2030-01-08T00:00");
    assert!(!fx.clinic.slots(&fx.patient(CYD), &free).unwrap().is_empty());
}

#[test]
fn r4_daily_booked_minutes_limit() {
    let fx = Fixture::new();
    fx.set_limits(HOUSE, 12, 60);
    fx.book_as(ANN, fx.slot(HOUSE, "2030-01-08T09:00"));
    fx.book_as(BOB, fx.slot(HOUSE, "2030-01-08T09:30"));
    let msg = expect_err(
        fx.try_book_for(fx.patient_id(CYD), fx.slot(HOUSE, "2030-01-08T10:00")),
        ErrorKind::Conflict,
    );
    assert!(msg.contains("minutes"), "{msg}");
    // A 15-minute slot would exceed it too: 75 > 60.
    let short = fx.declare(HOUSE, TUESDAY, "12:00", "12:15", Some(15))[0];
    expect_err(
        fx.try_book_for(fx.patient_id(CYD), short),
        ErrorKind::Conflict,
    );
}

#[test]
fn r4_cancelled_appointments_do_not_count() {
    let fx = Fixture::new();
    fx.set_limits(HOUSE, 1, 480);
    let a = fx.book_as(ANN, fx.slot(HOUSE, "2030-01-08T09:00"));
    expect_err(
        fx.try_book_for(fx.patient_id(BOB), fx.slot(HOUSE, "2030-01-08T09:30")),
        ErrorKind::Conflict,
    );
    fx.clinic
        .cancel(&fx.admin(), a.id, Some("moved away"))
        .unwrap();
    fx.book_for(fx.patient_id(BOB), fx.slot(HOUSE, "2030-01-08T09:30"));
}

#[test]
fn r4_admin_override_with_a_reason_is_recorded() {
    let fx = Fixture::new();
    fx.set_limits(HOUSE, 1, 480);
    fx.book_as(ANN, fx.slot(HOUSE, "2030-01-08T09:00"));
    let slot = fx.slot(HOUSE, "2030-01-08T09:30");
    // A blank reason is no reason.
    expect_err(
        fx.clinic
            .book(&fx.admin(), &with_override(slot, fx.patient_id(BOB), "   ")),
        ErrorKind::Invalid,
    );
    let appt = fx
        .clinic
        .book(
            &fx.admin(),
            &with_override(slot, fx.patient_id(BOB), "urgent chest pain"),
        )
        .unwrap();
    assert_eq!(appt.override_reason.as_deref(), Some("urgent chest pain"));
    assert_eq!(
        fx.appt(appt.id).override_reason.as_deref(),
        Some("urgent chest pain")
    );
    let audit = fx.audit();
    let event = audit
        .iter()
        .find(|e| {
            e.action == "book"
                && e.subject.as_deref() == Some(format!("appointment {}", appt.id).as_str())
        })
        .expect("the booking is in the audit log");
    assert_eq!(event.account_id, Some(fx.admin_account()));
    assert!(
        event
            .detail
            .as_deref()
            .unwrap_or("")
            .contains("urgent chest pain"),
        "{event:?}"
    );
    // Without an override the limit still holds for the next one.
    expect_err(
        fx.try_book_for(fx.patient_id(CYD), fx.slot(HOUSE, "2030-01-08T10:00")),
        ErrorKind::Conflict,
    );
    fx.assert_check_ok();
}

#[test]
fn r4_patients_and_doctors_cannot_override() {
    let fx = Fixture::new();
    fx.set_limits(HOUSE, 1, 480);
    fx.book_as(ANN, fx.slot(HOUSE, "2030-01-08T09:00"));
    let slot = fx.slot(HOUSE, "2030-01-08T09:30");
    let mut req = request(slot, None);
    req.override_reason = Some("I really need it".into());
    expect_err(fx.clinic.book(&fx.patient(BOB), &req), ErrorKind::Forbidden);
    req.patient = Some(fx.patient_id(BOB));
    expect_err(
        fx.clinic.book(&fx.doctor(HOUSE), &req),
        ErrorKind::Forbidden,
    );
    // A patient rescheduling with an override is refused as well.
    let own = fx.book_as(BOB, fx.slot(GREY, "2030-01-08T09:00"));
    expect_err(
        fx.clinic
            .reschedule(&fx.patient(BOB), own.id, slot, Some("please")),
        ErrorKind::Forbidden,
    );
    assert_eq!(active_on(&fx, slot), 0);
}

#[test]
fn r4_override_never_bypasses_r2_or_r3() {
    let fx = Fixture::new();
    fx.set_limits(HOUSE, 1, 30);
    let taken = fx.slot(HOUSE, "2030-01-08T09:00");
    fx.book_as(ANN, taken);
    // R2: the slot is taken.
    expect_err(
        fx.clinic.book(
            &fx.admin(),
            &with_override(taken, fx.patient_id(BOB), "urgent"),
        ),
        ErrorKind::Conflict,
    );
    // R3: Ann is busy at 09:00 with House.
    expect_err(
        fx.clinic.book(
            &fx.admin(),
            &with_override(
                fx.slot(GREY, "2030-01-08T09:00"),
                fx.patient_id(ANN),
                "urgent",
            ),
        ),
        ErrorKind::Conflict,
    );
    assert_eq!(active_on(&fx, taken), 1);
    assert_eq!(active_on(&fx, fx.slot(GREY, "2030-01-08T09:00")), 0);
    fx.assert_check_ok();
}

// ----- R5 no past --------------------------------------------------------------------------

#[test]
fn r5_no_booking_in_the_past() {
    let fx = Fixture::new();
    fx.set_now("2030-01-07T10:00");
    for t in ["09:00", "09:30", "10:00"] {
        let slot = fx.slot(HOUSE, &format!("2030-01-07T{t}"));
        expect_err(
            fx.clinic.book(&fx.patient(ANN), &request(slot, None)),
            ErrorKind::Invalid,
        );
        expect_err(
            fx.try_book_for(fx.patient_id(ANN), slot),
            ErrorKind::Invalid,
        );
        expect_err(
            fx.clinic.book(
                &fx.admin(),
                &with_override(slot, fx.patient_id(ANN), "late"),
            ),
            ErrorKind::Invalid,
        );
    }
    // The next slot is bookable by the desk; the patient needs an hour's notice (R12).
    fx.book_for(fx.patient_id(ANN), fx.slot(HOUSE, "2030-01-07T10:30"));
    fx.book_as(ANN, fx.slot(HOUSE, "2030-01-07T11:00"));
    // Past slots are not offered as free: the desk sees 10:30 on, a patient 11:00 on (R12).
    let mut f = SlotFilter::day(MONDAY);
    f.free_only = true;
    let free = fx.clinic.slots(&fx.admin(), &f).unwrap();
    assert!(
        free.iter().all(|s| s.start > at("2030-01-07T10:00")),
        "{free:?}"
    );
    assert_eq!(free.len(), 3 * 3 - 2);
    let free = fx.clinic.slots(&fx.patient(BOB), &f).unwrap();
    assert_eq!(free.len(), 3 * 2 - 1);
}

#[test]
fn r5_no_holding_in_the_past() {
    let fx = Fixture::new();
    fx.set_now("2030-01-07T09:40");
    let past = fx.slot(GREY, "2030-01-07T09:30");
    expect_err(
        fx.clinic.hold(&fx.patient(ANN), past, None),
        ErrorKind::Invalid,
    );
    expect_err(
        fx.clinic.hold(&fx.admin(), past, Some(fx.patient_id(ANN))),
        ErrorKind::Invalid,
    );
    fx.clinic
        .hold(&fx.patient(ANN), fx.slot(GREY, "2030-01-07T11:00"), None)
        .unwrap();
}

#[test]
fn r5_no_rescheduling_into_the_past_or_after_the_start() {
    let fx = Fixture::new();
    let appt = fx.book_as(ANN, fx.slot(HOUSE, "2030-01-07T11:00"));
    fx.set_now("2030-01-07T10:00");
    let msg = expect_err(
        fx.clinic.reschedule(
            &fx.patient(ANN),
            appt.id,
            fx.slot(HOUSE, "2030-01-07T09:30"),
            None,
        ),
        ErrorKind::Invalid,
    );
    assert!(msg.contains("past"), "{msg}");
    // Once it has started it cannot be moved at all.
    fx.set_now("2030-01-07T11:05");
    expect_err(
        fx.clinic.reschedule(
            &fx.admin(),
            appt.id,
            fx.slot(HOUSE, "2030-01-08T09:00"),
            None,
        ),
        ErrorKind::Conflict,
    );
    let still = fx.appt(appt.id);
    assert_eq!(still.start, at("2030-01-07T11:00"));
    assert_eq!(still.reschedules, 0);
}

#[test]
fn r5_no_slot_declaration_in_the_past() {
    let fx = Fixture::new();
    fx.set_now("2030-01-08T10:00");
    let d = fx.doctor_id(WHO);
    let admin = fx.admin();
    // Yesterday, and earlier today.
    expect_err(
        fx.clinic
            .declare_slots(&admin, d, MONDAY, hm("13:00"), hm("14:00"), None),
        ErrorKind::Invalid,
    );
    expect_err(
        fx.clinic
            .declare_slots(&fx.doctor(WHO), d, TUESDAY, hm("09:30"), hm("10:30"), None),
        ErrorKind::Invalid,
    );
    assert_eq!(fx.declare(WHO, TUESDAY, "12:00", "13:00", None).len(), 2);
}

// ----- R6 holds ----------------------------------------------------------------------------

#[test]
fn r6_a_hold_blocks_everyone_else() {
    let fx = Fixture::new();
    let slot = fx.slot(GREY, "2030-01-08T10:00");
    let hold = fx.clinic.hold(&fx.patient(ANN), slot, None).unwrap();
    assert_eq!(hold.patient_id, fx.patient_id(ANN));
    assert_eq!(hold.expires_at, at("2030-01-07T08:15"));
    assert_eq!(fx.slot_view(slot).state, SlotState::Held);
    expect_err(
        fx.clinic.book(&fx.patient(BOB), &request(slot, None)),
        ErrorKind::Conflict,
    );
    expect_err(
        fx.clinic.hold(&fx.patient(BOB), slot, None),
        ErrorKind::Conflict,
    );
    expect_err(
        fx.try_book_for(fx.patient_id(CYD), slot),
        ErrorKind::Conflict,
    );
    expect_err(
        fx.clinic.hold(&fx.admin(), slot, Some(fx.patient_id(CYD))),
        ErrorKind::Conflict,
    );
    // A held slot is not offered as free.
    let mut f = SlotFilter::day(TUESDAY);
    f.free_only = true;
    assert!(
        fx.clinic
            .slots(&fx.patient(BOB), &f)
            .unwrap()
            .iter()
            .all(|s| s.id != slot)
    );
    assert_eq!(active_on(&fx, slot), 0);
}

#[test]
fn r6_the_held_patient_can_book_their_hold() {
    let fx = Fixture::new();
    let slot = fx.slot(GREY, "2030-01-08T10:00");
    fx.clinic.hold(&fx.patient(ANN), slot, None).unwrap();
    fx.advance_minutes(10);
    let appt = fx.book_as(ANN, slot);
    assert_eq!(appt.patient_id, fx.patient_id(ANN));
    // Booking ended the hold: nothing to release any more.
    expect_err(
        fx.clinic.release(&fx.patient(ANN), slot),
        ErrorKind::Conflict,
    );
    assert_eq!(fx.slot_view(slot).state, SlotState::Booked);
}

#[test]
fn r6_the_admin_who_placed_a_hold_can_book_it_for_that_patient() {
    let fx = Fixture::new();
    let slot = fx.slot(WHO, "2030-01-08T11:00");
    let hold = fx
        .clinic
        .hold(&fx.admin(), slot, Some(fx.patient_id(BOB)))
        .unwrap();
    assert_eq!(hold.held_by, Some(fx.admin_account()));
    // Not for somebody else, and not by another admin.
    expect_err(
        fx.try_book_for(fx.patient_id(CYD), slot),
        ErrorKind::Conflict,
    );
    let other = fx
        .clinic
        .register_admin(
            &fx.admin(),
            "Night Desk",
            &NewLogin {
                username: "night.desk".into(),
                password: "night-desk-pw".into(),
            },
        )
        .unwrap();
    let other = Actor::Admin { account: other.id };
    expect_err(
        fx.clinic
            .book(&other, &request(slot, Some(fx.patient_id(BOB)))),
        ErrorKind::Conflict,
    );
    let appt = fx.book_for(fx.patient_id(BOB), slot);
    assert_eq!(appt.patient_id, fx.patient_id(BOB));
}

#[test]
fn r6_a_hold_expires_after_the_hold_minutes() {
    let fx = Fixture::new();
    assert_eq!(fx.clinic.settings().unwrap().hold_minutes, 15);
    let slot = fx.slot(HOUSE, "2030-01-08T11:30");
    fx.clinic.hold(&fx.patient(ANN), slot, None).unwrap();
    fx.advance_minutes(14);
    expect_err(
        fx.clinic.book(&fx.patient(BOB), &request(slot, None)),
        ErrorKind::Conflict,
    );
    assert_eq!(fx.slot_view(slot).state, SlotState::Held);
    fx.advance_minutes(1);
    assert_eq!(fx.slot_view(slot).state, SlotState::Free);
    let appt = fx.book_as(BOB, slot);
    assert_eq!(appt.patient_id, fx.patient_id(BOB));
}

#[test]
fn r6_release_ends_a_hold_only_for_its_owner_or_the_desk() {
    let fx = Fixture::new();
    let slot = fx.slot(HOUSE, "2030-01-08T11:30");
    fx.clinic.hold(&fx.patient(ANN), slot, None).unwrap();
    expect_err(
        fx.clinic.release(&fx.patient(BOB), slot),
        ErrorKind::Forbidden,
    );
    expect_err(fx.clinic.release(&Actor::Guest, slot), ErrorKind::Auth);
    fx.clinic.release(&fx.patient(ANN), slot).unwrap();
    expect_err(
        fx.clinic.release(&fx.patient(ANN), slot),
        ErrorKind::Conflict,
    );
    fx.book_as(BOB, slot);
}

// ----- R7 cancel ---------------------------------------------------------------------------

#[test]
fn r7_cancel_frees_the_slot_at_once() {
    let fx = Fixture::new();
    let slot = fx.slot(GREY, "2030-01-08T09:30");
    let appt = fx.book_as(ANN, slot);
    assert_eq!(fx.slot_view(slot).state, SlotState::Booked);
    fx.clinic
        .cancel(&fx.patient(ANN), appt.id, Some("a cold"))
        .unwrap();
    assert_eq!(fx.slot_view(slot).state, SlotState::Free);
    let mut f = SlotFilter::day(TUESDAY);
    f.free_only = true;
    assert!(
        fx.clinic
            .slots(&fx.patient(BOB), &f)
            .unwrap()
            .iter()
            .any(|s| s.id == slot)
    );
    fx.book_as(BOB, slot);
}

#[test]
fn r7_nothing_is_deleted_on_cancel() {
    let fx = Fixture::new();
    let appt = fx.book_as(ANN, fx.slot(GREY, "2030-01-08T09:30"));
    fx.advance_minutes(7);
    let cancelled = fx
        .clinic
        .cancel(&fx.doctor(GREY), appt.id, Some("doctor is ill"))
        .unwrap();
    assert_eq!(cancelled.id, appt.id);
    assert_eq!(cancelled.status, Status::Cancelled);
    // Shown by name: nobody learns a staff username from an appointment.
    assert_eq!(cancelled.cancelled_by.as_deref(), Some("Meredith Grey"));
    assert_eq!(cancelled.cancelled_at, Some(at("2030-01-07T08:07")));
    assert_eq!(cancelled.cancel_reason.as_deref(), Some("doctor is ill"));
    // Still there for the patient and the front desk.
    assert_eq!(
        fx.clinic.appointment(&fx.patient(ANN), appt.id).unwrap(),
        cancelled
    );
    let history = fx
        .clinic
        .history(&fx.patient(ANN), fx.patient_id(ANN))
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].status, Status::Cancelled);
    let rows: i64 = fx
        .raw()
        .query_row(
            "SELECT count(*) FROM appointments WHERE id = ?1",
            [appt.id.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 1);
}

#[test]
fn r7_cancelling_twice_is_a_conflict() {
    let fx = Fixture::new();
    let appt = fx.book_as(ANN, fx.slot(GREY, "2030-01-08T09:30"));
    fx.clinic.cancel(&fx.patient(ANN), appt.id, None).unwrap();
    expect_err(
        fx.clinic.cancel(&fx.patient(ANN), appt.id, None),
        ErrorKind::Conflict,
    );
    expect_err(
        fx.clinic.cancel(&fx.admin(), appt.id, Some("again")),
        ErrorKind::Conflict,
    );
    // The first cancellation's record is unchanged.
    let a = fx.appt(appt.id);
    assert_eq!(a.cancelled_by.as_deref(), Some("the patient"));
    assert_eq!(a.cancel_reason, None);
}

#[test]
fn r7_a_freed_slot_is_held_for_the_oldest_matching_waitlist_entry() {
    let fx = Fixture::new();
    let slot = fx.slot(HOUSE, "2030-01-08T10:00");
    let appt = fx.book_as(ANN, slot);
    // Bob waits for any cardiologist on Tuesday, Cyd for House himself, later.
    fx.clinic
        .join_waitlist(
            &fx.patient(BOB),
            None,
            &WaitlistTarget::Specialty("Cardiology".into()),
            "2030-01-08",
        )
        .unwrap();
    fx.advance_minutes(1);
    fx.clinic
        .join_waitlist(
            &fx.patient(CYD),
            None,
            &WaitlistTarget::Doctor(fx.doctor_id(HOUSE)),
            "2030-01-08",
        )
        .unwrap();
    fx.clinic
        .cancel(&fx.patient(ANN), appt.id, Some("travel"))
        .unwrap();
    let view = fx.slot_view(slot);
    assert_eq!(view.state, SlotState::Held);
    assert_eq!(view.patient_id, Some(Some(fx.patient_id(BOB))));
    let offers: Vec<_> = fx
        .clinic
        .waitlist(&fx.admin(), Some(TUESDAY), true)
        .unwrap()
        .into_iter()
        .filter(|e| e.offer.is_some())
        .collect();
    assert_eq!(offers.len(), 1);
    assert_eq!(offers[0].patient_id, fx.patient_id(BOB));
    assert_eq!(offers[0].offer.as_ref().unwrap().slot_id, slot);
    // Cyd cannot take it while Bob's offer lasts; Bob can.
    expect_err(
        fx.clinic.book(&fx.patient(CYD), &request(slot, None)),
        ErrorKind::Conflict,
    );
    fx.book_as(BOB, slot);
}

// ----- R8 reschedule -----------------------------------------------------------------------

#[test]
fn r8_reschedule_keeps_the_id_and_counts() {
    let fx = Fixture::new();
    let first = fx.slot(HOUSE, "2030-01-08T09:00");
    let appt = fx.book_as(ANN, first);
    let moved = fx
        .clinic
        .reschedule(
            &fx.patient(ANN),
            appt.id,
            fx.slot(HOUSE, "2030-01-08T10:00"),
            None,
        )
        .unwrap();
    assert_eq!(moved.id, appt.id);
    assert_eq!(moved.reschedules, 1);
    assert_eq!(moved.start, at("2030-01-08T10:00"));
    let again = fx
        .clinic
        .reschedule(&fx.admin(), appt.id, fx.slot(WHO, "2030-01-08T11:00"), None)
        .unwrap();
    assert_eq!(again.id, appt.id);
    assert_eq!(again.reschedules, 2);
    assert_eq!(again.doctor_id, fx.doctor_id(WHO));
    assert_eq!(again.slot_id, Some(fx.slot(WHO, "2030-01-08T11:00")));
    // The old slots are free again, and only one appointment exists.
    assert_eq!(fx.slot_view(first).state, SlotState::Free);
    assert_eq!(
        fx.slot_view(fx.slot(HOUSE, "2030-01-08T10:00")).state,
        SlotState::Free
    );
    assert_eq!(
        fx.clinic
            .history(&fx.admin(), fx.patient_id(ANN))
            .unwrap()
            .len(),
        1
    );
    fx.assert_check_ok();
}

#[test]
fn r8_a_failed_reschedule_leaves_the_old_booking_in_place() {
    let fx = Fixture::new();
    let mine = fx.slot(HOUSE, "2030-01-08T09:00");
    let taken = fx.slot(HOUSE, "2030-01-08T10:00");
    let appt = fx.book_as(ANN, mine);
    fx.book_as(BOB, taken);
    expect_err(
        fx.clinic.reschedule(&fx.patient(ANN), appt.id, taken, None),
        ErrorKind::Conflict,
    );
    expect_err(
        fx.clinic.reschedule(
            &fx.patient(ANN),
            appt.id,
            clinic::domain::SlotId(999_999),
            None,
        ),
        ErrorKind::NotFound,
    );
    let after = fx.appt(appt.id);
    assert_eq!(after.slot_id, Some(mine));
    assert_eq!(after.status, Status::Booked);
    assert_eq!(after.reschedules, 0);
    let view = fx.slot_view(mine);
    assert_eq!(view.state, SlotState::Booked);
    assert_eq!(view.patient_id, Some(Some(fx.patient_id(ANN))));
    assert_eq!(
        fx.slot_view(taken).patient_id,
        Some(Some(fx.patient_id(BOB)))
    );
}

#[test]
fn r8_the_new_slot_obeys_r2_to_r6() {
    let fx = Fixture::new();
    let ann = fx.patient(ANN);
    let appt = fx.book_as(ANN, fx.slot(HOUSE, "2030-01-08T09:00"));
    // R3: Ann already sees Grey at 11:00 on Tuesday.
    fx.book_as(ANN, fx.slot(GREY, "2030-01-08T11:00"));
    expect_err(
        fx.clinic
            .reschedule(&ann, appt.id, fx.slot(WHO, "2030-01-08T11:00"), None),
        ErrorKind::Conflict,
    );
    // R6: held for Bob.
    let held = fx.slot(WHO, "2030-01-08T10:00");
    fx.clinic.hold(&fx.patient(BOB), held, None).unwrap();
    expect_err(
        fx.clinic.reschedule(&ann, appt.id, held, None),
        ErrorKind::Conflict,
    );
    // R4: Who is full for Tuesday (one a day, and Cyd has it).
    fx.set_limits(WHO, 1, 480);
    fx.book_as(CYD, fx.slot(WHO, "2030-01-08T09:00"));
    let target = fx.slot(WHO, "2030-01-08T09:30");
    expect_err(
        fx.clinic.reschedule(&ann, appt.id, target, None),
        ErrorKind::Conflict,
    );
    // ... which only an admin may override, with a reason that is kept.
    let moved = fx
        .clinic
        .reschedule(&fx.admin(), appt.id, target, Some("follow-up"))
        .unwrap();
    assert_eq!(moved.override_reason.as_deref(), Some("follow-up"));
    // R5: an earlier slot today has passed.
    fx.set_now("2030-01-07T10:00");
    expect_err(
        fx.clinic
            .reschedule(&ann, appt.id, fx.slot(HOUSE, "2030-01-07T09:30"), None),
        ErrorKind::Invalid,
    );
    assert_eq!(fx.appt(appt.id).slot_id, Some(target));
    fx.assert_check_ok();
}

#[test]
fn r8_moving_within_a_full_day_does_not_count_itself() {
    let fx = Fixture::new();
    fx.set_limits(HOUSE, 1, 30);
    let appt = fx.book_as(ANN, fx.slot(HOUSE, "2030-01-08T09:00"));
    let moved = fx
        .clinic
        .reschedule(
            &fx.patient(ANN),
            appt.id,
            fx.slot(HOUSE, "2030-01-08T11:30"),
            None,
        )
        .unwrap();
    assert_eq!(moved.start, at("2030-01-08T11:30"));
    assert_eq!(moved.override_reason, None);
    // Moving to an overlapping time of another doctor does not clash with itself either.
    let second = fx.book_as(BOB, fx.slot(GREY, "2030-01-08T09:00"));
    fx.clinic
        .reschedule(
            &fx.patient(BOB),
            second.id,
            fx.slot(WHO, "2030-01-08T09:00"),
            None,
        )
        .unwrap();
}

#[test]
fn r8_only_booked_appointments_can_be_rescheduled() {
    let fx = Fixture::new();
    let cancelled = fx.book_as(ANN, fx.slot(HOUSE, "2030-01-07T09:00"));
    fx.clinic
        .cancel(&fx.patient(ANN), cancelled.id, None)
        .unwrap();
    expect_err(
        fx.clinic.reschedule(
            &fx.patient(ANN),
            cancelled.id,
            fx.slot(HOUSE, "2030-01-08T09:00"),
            None,
        ),
        ErrorKind::Conflict,
    );
    let checked = fx.book_as(BOB, fx.slot(HOUSE, "2030-01-07T11:00"));
    fx.clinic
        .set_visit_status(&fx.admin(), checked.id, Status::CheckedIn)
        .unwrap();
    expect_err(
        fx.clinic.reschedule(
            &fx.admin(),
            checked.id,
            fx.slot(HOUSE, "2030-01-08T09:30"),
            None,
        ),
        ErrorKind::Conflict,
    );
    expect_err(
        fx.clinic.reschedule(
            &fx.patient(ANN),
            clinic::domain::AppointmentId(424_242),
            fx.slot(HOUSE, "2030-01-08T09:00"),
            None,
        ),
        ErrorKind::NotFound,
    );
    assert_eq!(fx.appt(checked.id).reschedules, 0);
}

// ----- R9 status ---------------------------------------------------------------------------

#[test]
fn r9_booked_checked_in_completed() {
    let fx = Fixture::new();
    let appt = fx.book_as(ANN, fx.slot(HOUSE, "2030-01-07T10:00"));
    let doc = fx.doctor(HOUSE);
    let a = fx
        .clinic
        .set_visit_status(&fx.admin(), appt.id, Status::CheckedIn)
        .unwrap();
    assert_eq!(a.status, Status::CheckedIn);
    fx.set_now("2030-01-07T10:31");
    let a = fx
        .clinic
        .set_visit_status(&doc, appt.id, Status::Completed)
        .unwrap();
    assert_eq!(a.status, Status::Completed);
    assert_eq!(fx.status(appt.id), Status::Completed);
}

#[test]
fn r9_check_in_only_on_the_appointments_day() {
    let fx = Fixture::new();
    let admin = fx.admin();
    let appt = fx.book_as(ANN, fx.slot(HOUSE, "2030-01-08T10:00"));
    let msg = expect_err(
        fx.clinic
            .set_visit_status(&admin, appt.id, Status::CheckedIn),
        ErrorKind::Conflict,
    );
    assert!(msg.contains("day"), "{msg}");
    fx.set_now("2030-01-09T08:00");
    expect_err(
        fx.clinic
            .set_visit_status(&admin, appt.id, Status::CheckedIn),
        ErrorKind::Conflict,
    );
    assert_eq!(fx.status(appt.id), Status::Booked);
    fx.set_now("2030-01-08T07:30");
    fx.clinic
        .set_visit_status(&admin, appt.id, Status::CheckedIn)
        .unwrap();
}

#[test]
fn r9_no_show_only_after_the_start() {
    let fx = Fixture::new();
    let admin = fx.admin();
    let booked = fx.book_as(ANN, fx.slot(GREY, "2030-01-07T10:00"));
    let checked = fx.book_as(BOB, fx.slot(GREY, "2030-01-07T11:00"));
    fx.clinic
        .set_visit_status(&admin, checked.id, Status::CheckedIn)
        .unwrap();
    fx.set_now("2030-01-07T09:59");
    expect_err(
        fx.clinic
            .set_visit_status(&admin, booked.id, Status::NoShow),
        ErrorKind::Conflict,
    );
    fx.set_now("2030-01-07T10:00");
    fx.clinic
        .set_visit_status(&fx.doctor(GREY), booked.id, Status::NoShow)
        .unwrap();
    expect_err(
        fx.clinic
            .set_visit_status(&admin, checked.id, Status::NoShow),
        ErrorKind::Conflict,
    );
    fx.set_now("2030-01-07T11:20");
    fx.clinic
        .set_visit_status(&admin, checked.id, Status::NoShow)
        .unwrap();
    assert_eq!(fx.status(booked.id), Status::NoShow);
    assert_eq!(fx.status(checked.id), Status::NoShow);
}

#[test]
fn r9_complete_needs_a_check_in_and_a_checked_in_visit_cannot_be_cancelled() {
    let fx = Fixture::new();
    let admin = fx.admin();
    let appt = fx.book_as(ANN, fx.slot(GREY, "2030-01-07T10:00"));
    expect_err(
        fx.clinic
            .set_visit_status(&admin, appt.id, Status::Completed),
        ErrorKind::Conflict,
    );
    fx.clinic
        .set_visit_status(&admin, appt.id, Status::CheckedIn)
        .unwrap();
    expect_err(
        fx.clinic
            .set_visit_status(&admin, appt.id, Status::CheckedIn),
        ErrorKind::Conflict,
    );
    expect_err(
        fx.clinic.cancel(&admin, appt.id, Some("oops")),
        ErrorKind::Conflict,
    );
    expect_err(
        fx.clinic.cancel(&fx.patient(ANN), appt.id, None),
        ErrorKind::Conflict,
    );
    // `booked` and `cancelled` are not visit statuses.
    expect_err(
        fx.clinic.set_visit_status(&admin, appt.id, Status::Booked),
        ErrorKind::Invalid,
    );
    expect_err(
        fx.clinic
            .set_visit_status(&admin, appt.id, Status::Cancelled),
        ErrorKind::Invalid,
    );
    assert_eq!(fx.status(appt.id), Status::CheckedIn);
}

#[test]
fn r9_nothing_leaves_completed_cancelled_or_no_show() {
    let fx = Fixture::new();
    let admin = fx.admin();
    let completed = fx.book_as(ANN, fx.slot(HOUSE, "2030-01-07T09:00"));
    let cancelled = fx.book_as(BOB, fx.slot(HOUSE, "2030-01-07T09:30"));
    let no_show = fx.book_as(CYD, fx.slot(HOUSE, "2030-01-07T10:00"));
    fx.clinic
        .set_visit_status(&admin, completed.id, Status::CheckedIn)
        .unwrap();
    fx.clinic
        .cancel(&admin, cancelled.id, Some("closed"))
        .unwrap();
    fx.set_now("2030-01-07T10:15");
    fx.clinic
        .set_visit_status(&admin, completed.id, Status::Completed)
        .unwrap();
    fx.clinic
        .set_visit_status(&admin, no_show.id, Status::NoShow)
        .unwrap();
    let future = fx.slot(HOUSE, "2030-01-08T09:00");
    for (id, status) in [
        (completed.id, Status::Completed),
        (cancelled.id, Status::Cancelled),
        (no_show.id, Status::NoShow),
    ] {
        for to in [Status::CheckedIn, Status::Completed, Status::NoShow] {
            expect_err(
                fx.clinic.set_visit_status(&admin, id, to),
                ErrorKind::Conflict,
            );
        }
        expect_err(fx.clinic.cancel(&admin, id, Some("x")), ErrorKind::Conflict);
        expect_err(
            fx.clinic.reschedule(&admin, id, future, None),
            ErrorKind::Conflict,
        );
        assert_eq!(fx.status(id), status);
    }
}

#[test]
fn r9_schema_refuses_a_status_moving_backwards() {
    let fx = Fixture::new();
    let admin = fx.admin();
    let appt = fx.book_as(ANN, fx.slot(HOUSE, "2030-01-07T09:00"));
    fx.clinic
        .set_visit_status(&admin, appt.id, Status::CheckedIn)
        .unwrap();
    let conn = fx.raw();
    for back in ["booked", "cancelled"] {
        let r = conn.execute(
            "UPDATE appointments SET status = ?2 WHERE id = ?1",
            rusqlite::params![appt.id.0, back],
        );
        assert_constraint(r);
    }
    fx.set_now("2030-01-07T09:45");
    fx.clinic
        .set_visit_status(&admin, appt.id, Status::Completed)
        .unwrap();
    for back in ["booked", "checked_in", "no_show"] {
        let r = conn.execute(
            "UPDATE appointments SET status = ?2 WHERE id = ?1",
            rusqlite::params![appt.id.0, back],
        );
        assert_constraint(r);
    }
    assert_eq!(fx.status(appt.id), Status::Completed);
}

// ----- R10 slot removal --------------------------------------------------------------------

#[test]
fn r10_free_slots_can_be_removed() {
    let fx = Fixture::new();
    let a = fx.slot(WHO, "2030-01-08T09:00");
    let b = fx.slot(WHO, "2030-01-08T09:30");
    assert_eq!(fx.clinic.remove_slots(&fx.doctor(WHO), &[a, b]).unwrap(), 2);
    assert!(fx.slot_view_as(&fx.admin(), a).is_none());
    assert_eq!(day_slots(&fx, WHO, TUESDAY).len(), 4);
    expect_err(
        fx.clinic.remove_slots(&fx.admin(), &[a]),
        ErrorKind::NotFound,
    );
    expect_err(fx.clinic.remove_slots(&fx.admin(), &[]), ErrorKind::Invalid);
}

#[test]
fn r10_a_booked_slot_refuses_removal_and_names_the_patient() {
    let fx = Fixture::new();
    let free = fx.slot(WHO, "2030-01-08T09:00");
    let booked = fx.slot(WHO, "2030-01-08T09:30");
    fx.book_as(ANN, booked);
    let msg = expect_err(
        fx.clinic.remove_slots(&fx.doctor(WHO), &[free, booked]),
        ErrorKind::Conflict,
    );
    assert!(msg.contains("Ann Archer"), "{msg}");
    // All or nothing: the free slot listed first is still there.
    assert!(fx.slot_view_as(&fx.admin(), free).is_some());
    assert_eq!(fx.slot_view(booked).state, SlotState::Booked);
    assert_eq!(day_slots(&fx, WHO, TUESDAY).len(), 6);
}

#[test]
fn r10_cancelling_first_then_removing_works() {
    let fx = Fixture::new();
    let slot = fx.slot(WHO, "2030-01-08T09:30");
    let appt = fx.book_as(ANN, slot);
    fx.clinic
        .cancel(&fx.doctor(WHO), appt.id, Some("clinic closed that morning"))
        .unwrap();
    assert_eq!(fx.clinic.remove_slots(&fx.doctor(WHO), &[slot]).unwrap(), 1);
    // The history survives the slot.
    let kept = fx.clinic.appointment(&fx.patient(ANN), appt.id).unwrap();
    assert_eq!(kept.status, Status::Cancelled);
    assert_eq!(kept.start, at("2030-01-08T09:30"));
    assert_eq!(kept.slot_id, None);
    fx.assert_check_ok();
}

#[test]
fn r10_a_held_slot_refuses_removal() {
    let fx = Fixture::new();
    let slot = fx.slot(WHO, "2030-01-08T10:00");
    fx.clinic.hold(&fx.patient(CYD), slot, None).unwrap();
    let msg = expect_err(
        fx.clinic.remove_slots(&fx.admin(), &[slot]),
        ErrorKind::Conflict,
    );
    assert!(msg.contains("held"), "{msg}");
    fx.advance_minutes(15);
    assert_eq!(fx.clinic.remove_slots(&fx.admin(), &[slot]).unwrap(), 1);
}

// ----- R11 registration --------------------------------------------------------------------

fn person(name: &str) -> PatientInput {
    PatientInput {
        full_name: name.into(),
        ..Default::default()
    }
}

fn login(username: &str, password: &str) -> NewLogin {
    NewLogin {
        username: username.into(),
        password: password.into(),
    }
}

#[test]
fn r11_patients_may_self_register_and_sign_in() {
    let fx = Fixture::new();
    let p = fx
        .clinic
        .register_patient(
            &Actor::Guest,
            &person("Dana Diaz"),
            Some(&login("Dana.Diaz", "dana-password")),
        )
        .unwrap();
    assert_eq!(p.full_name, "Dana Diaz");
    let session = fx.clinic.login("dana.diaz", "dana-password").unwrap();
    assert_eq!(session.account.username, "dana.diaz");
    assert_eq!(session.account.role, clinic::domain::Role::Patient);
    assert_eq!(session.actor.patient_id(), Some(p.id));
    // A self-registered patient can book straight away.
    fx.clinic
        .book(
            &session.actor,
            &request(fx.slot(WHO, "2030-01-08T09:00"), None),
        )
        .unwrap();
}

#[test]
fn r11_a_guest_must_choose_a_login_and_only_guests_and_the_desk_register_patients() {
    let fx = Fixture::new();
    expect_err(
        fx.clinic
            .register_patient(&Actor::Guest, &person("No Login"), None),
        ErrorKind::Invalid,
    );
    expect_err(
        fx.clinic
            .register_patient(&fx.patient(ANN), &person("Ann's Friend"), None),
        ErrorKind::Forbidden,
    );
    expect_err(
        fx.clinic
            .register_patient(&fx.doctor(HOUSE), &person("A Patient"), None),
        ErrorKind::Forbidden,
    );
    // The front desk registers walk-ins without a login.
    let walk_in = fx
        .clinic
        .register_patient(&fx.admin(), &person("Walk In"), None)
        .unwrap();
    assert_eq!(walk_in.account, None);
}

#[test]
fn r11_usernames_are_3_to_32_of_a_z_digits_dot_underscore_dash() {
    let fx = Fixture::new();
    let long = "a".repeat(33);
    for bad in [
        "ab",
        "",
        "   ",
        long.as_str(),
        "ann lee",
        "ann@home",
        "anné",
        "ann/x",
        "x;drop",
    ] {
        let r = fx.clinic.register_patient(
            &Actor::Guest,
            &person("Someone"),
            Some(&login(bad, "long-enough")),
        );
        expect_err(r, ErrorKind::Invalid);
    }
    let edge = format!("{}.-_9", "z".repeat(28));
    assert_eq!(edge.len(), 32);
    fx.clinic
        .register_patient(
            &Actor::Guest,
            &person("Edge Case"),
            Some(&login(&edge, "long-enough")),
        )
        .unwrap();
    fx.clinic.login(&edge, "long-enough").unwrap();
}

#[test]
fn r11_usernames_are_unique_case_insensitively() {
    let fx = Fixture::new();
    for taken in ["ANN", "Ann", "Dr.House", "ADMIN"] {
        let msg = expect_err(
            fx.clinic.register_patient(
                &Actor::Guest,
                &person("Impostor"),
                Some(&login(taken, "long-enough")),
            ),
            ErrorKind::Conflict,
        );
        assert!(msg.contains("taken"), "{msg}");
    }
    // Nobody was created by the refused attempts.
    let found = fx
        .clinic
        .patients(&fx.admin(), Some("Impostor"), true, 100, 0)
        .unwrap();
    assert!(found.is_empty());
    // Signing in is case-insensitive too.
    let s = fx.clinic.login("ANN", PATIENT_PASSWORD).unwrap();
    assert_eq!(s.actor, fx.patient(ANN));
}

#[test]
fn r11_passwords_have_at_least_8_characters() {
    let fx = Fixture::new();
    for short in ["", "1234567", "short"] {
        expect_err(
            fx.clinic
                .register_patient(&Actor::Guest, &person("Eve"), Some(&login("eve", short))),
            ErrorKind::Invalid,
        );
    }
    fx.clinic
        .register_patient(
            &Actor::Guest,
            &person("Eve"),
            Some(&login("eve", "12345678")),
        )
        .unwrap();
    fx.clinic.login("eve", "12345678").unwrap();
}

#[test]
fn r11_only_an_admin_creates_doctor_and_admin_accounts() {
    let fx = Fixture::new();
    let input = clinic::domain::DoctorInput {
        full_name: "Lisa Cuddy".into(),
        specialty: "Endocrinology".into(),
        ..Default::default()
    };
    let new = login("dr.cuddy", "cuddy-password");
    for (who, actor) in [
        ("guest", Actor::Guest),
        ("ann", fx.patient(ANN)),
        ("house", fx.doctor(HOUSE)),
    ] {
        let want = if who == "guest" {
            ErrorKind::Auth
        } else {
            ErrorKind::Forbidden
        };
        assert_eq!(
            kind_of(fx.clinic.register_doctor(&actor, &input, Some(&new))),
            want,
            "{who}"
        );
        assert_eq!(
            kind_of(
                fx.clinic
                    .register_admin(&actor, "Boss", &login("boss", "boss-password"))
            ),
            want,
            "{who}"
        );
    }
    // The first admin is made by init only once; a second init with another name is refused.
    expect_err(
        fx.clinic
            .init_admin("boss", None, || Ok("boss-password".into())),
        ErrorKind::Conflict,
    );
    let (same, created) = fx
        .clinic
        .init_admin("admin", None, || panic!("no password is asked"))
        .unwrap();
    assert!(!created);
    assert_eq!(same.id, fx.admin_account());
    // The admin can.
    let doc = fx
        .clinic
        .register_doctor(&fx.admin(), &input, Some(&new))
        .unwrap();
    let s = fx.clinic.login("dr.cuddy", "cuddy-password").unwrap();
    assert_eq!(s.actor.doctor_id(), Some(doc.id));
    let boss = fx
        .clinic
        .register_admin(&fx.admin(), "Boss", &login("boss", "boss-password"))
        .unwrap();
    assert!(
        fx.clinic
            .login("boss", "boss-password")
            .unwrap()
            .actor
            .is_admin()
    );
    assert_eq!(boss.role, clinic::domain::Role::Admin);
}

// ----- login lockout and the audit log (SPEC §5) -------------------------------------------

#[test]
fn lockout_five_failures_lock_for_15_minutes_even_after_reopening() {
    let mut fx = Fixture::new();
    for _ in 0..5 {
        let msg = expect_err(fx.clinic.login("bob", "wrong-password"), ErrorKind::Auth);
        assert!(msg.contains("wrong username or password"), "{msg}");
    }
    // A restart does not reset it.
    fx.reopen();
    let msg = expect_err(fx.clinic.login("bob", PATIENT_PASSWORD), ErrorKind::Auth);
    assert!(msg.contains("locked"), "{msg}");
    fx.advance_minutes(14);
    fx.reopen();
    expect_err(fx.clinic.login("BOB", PATIENT_PASSWORD), ErrorKind::Auth);
    // Other accounts are unaffected.
    fx.clinic.login("ann", PATIENT_PASSWORD).unwrap();
    fx.advance_minutes(1);
    let s = fx.clinic.login("bob", PATIENT_PASSWORD).unwrap();
    assert_eq!(s.actor, fx.patient(BOB));
}

#[test]
fn lockout_counts_consecutive_failures_only() {
    let fx = Fixture::new();
    for _ in 0..4 {
        expect_err(fx.clinic.login("cyd", "nope-nope"), ErrorKind::Auth);
    }
    fx.clinic.login("cyd", PATIENT_PASSWORD).unwrap();
    for _ in 0..4 {
        expect_err(fx.clinic.login("cyd", "nope-nope"), ErrorKind::Auth);
    }
    fx.clinic.login("cyd", PATIENT_PASSWORD).unwrap();
}

#[test]
fn every_login_attempt_is_in_the_audit_log() {
    let fx = Fixture::new();
    let before = fx.audit().len();
    fx.clinic.login("ann", PATIENT_PASSWORD).unwrap();
    expect_err(fx.clinic.login("ann", "bad-password"), ErrorKind::Auth);
    expect_err(fx.clinic.login("nobody", "bad-password"), ErrorKind::Auth);
    for _ in 0..4 {
        expect_err(fx.clinic.login("ann", "bad-password"), ErrorKind::Auth);
    }
    expect_err(fx.clinic.login("ann", PATIENT_PASSWORD), ErrorKind::Auth);
    let log = fx.audit();
    assert_eq!(log.len(), before + 8);
    // Newest first.
    let actions: Vec<&str> = log[..8].iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "login",
            "login_failed",
            "login_failed",
            "login_failed",
            "login_failed",
            "login_failed",
            "login_failed",
            "login_locked"
        ]
    );
    let ann = Some(fx.patient_account(ANN));
    let oldest_first: Vec<_> = log[..8].iter().rev().collect();
    assert_eq!(oldest_first[0].account_id, ann);
    assert_eq!(oldest_first[2].account_id, None);
    assert_eq!(oldest_first[2].username.as_deref(), Some("nobody"));
    assert!(
        oldest_first[6]
            .detail
            .as_deref()
            .unwrap_or("")
            .contains("locked until")
    );
    assert_eq!(oldest_first[7].account_id, ann);
}

#[test]
fn every_change_is_in_the_audit_log() {
    let fx = Fixture::new();
    let admin = fx.admin();
    let ann = fx.patient(ANN);
    let count = || fx.audit().len();
    let mut n = count();
    let mut step = |what: &str, expected_action: &str| {
        let log = fx.audit();
        assert_eq!(log.len(), n + 1, "{what} wrote exactly one audit event");
        assert_eq!(log[0].action, expected_action, "{what}");
        n = log.len();
    };

    let slots = fx
        .clinic
        .declare_slots(
            &fx.doctor(WHO),
            fx.doctor_id(WHO),
            WEDNESDAY,
            hm("09:00"),
            hm("10:00"),
            None,
        )
        .unwrap();
    step("declare", "slots_declare");
    fx.clinic
        .remove_slots(&fx.doctor(WHO), &[slots[1].id])
        .unwrap();
    step("remove", "slots_remove");
    fx.clinic.hold(&ann, slots[0].id, None).unwrap();
    step("hold", "hold");
    fx.clinic.release(&ann, slots[0].id).unwrap();
    step("release", "release");
    let appt = fx.clinic.book(&ann, &request(slots[0].id, None)).unwrap();
    step("book", "book");
    fx.clinic
        .reschedule(&ann, appt.id, fx.slot(WHO, "2030-01-07T09:00"), None)
        .unwrap();
    step("reschedule", "reschedule");
    fx.clinic
        .set_visit_status(&admin, appt.id, Status::CheckedIn)
        .unwrap();
    step("check in", "checked_in");
    fx.clinic
        .set_visit_status(&fx.doctor(WHO), appt.id, Status::Completed)
        .unwrap();
    step("complete", "completed");
    let other = fx.book_as(BOB, fx.slot(GREY, "2030-01-08T09:00"));
    step("book", "book");
    fx.clinic
        .cancel(&fx.patient(BOB), other.id, Some("busy"))
        .unwrap();
    step("cancel", "cancel");
    let p = fx.clinic.patient(&ann, fx.patient_id(ANN)).unwrap();
    let mut input = patient_input(&p);
    input.phone = Some("555-7777".into());
    fx.clinic.update_patient(&ann, p.id, &input).unwrap();
    step("edit patient", "patient_update");
    let walk = fx
        .clinic
        .register_patient(&admin, &person("Walk In"), None)
        .unwrap();
    step("register", "patient_register");
    fx.clinic
        .set_patient_archived(&admin, walk.id, true)
        .unwrap();
    step("archive", "patient_archive");
    let d = fx.doctor_record(GREY);
    let mut din = doctor_input(&d);
    din.description = Some("Surgery".into());
    fx.clinic
        .update_doctor(&fx.doctor(GREY), d.id, &din)
        .unwrap();
    step("edit doctor", "doctor_update");
    fx.clinic.set_doctor_active(&admin, d.id, false).unwrap();
    step("deactivate", "doctor_deactivate");
    fx.clinic
        .assign(&admin, fx.patient_id(CYD), fx.doctor_id(HOUSE))
        .unwrap();
    step("assign", "assign");
    fx.clinic
        .unassign(&admin, fx.patient_id(CYD), fx.doctor_id(HOUSE))
        .unwrap();
    step("unassign", "unassign");
    fx.clinic
        .join_waitlist(
            &fx.patient(CYD),
            None,
            &WaitlistTarget::Doctor(fx.doctor_id(HOUSE)),
            "2030-01-08",
        )
        .unwrap();
    step("waitlist", "waitlist_join");

    // Refused changes leave no trace as changes (and change nothing).
    expect_err(
        fx.clinic.cancel(&fx.patient(BOB), other.id, None),
        ErrorKind::Conflict,
    );
    assert_eq!(count(), n);
    // The events carry who did it.
    let log = fx.audit();
    let book = log
        .iter()
        .find(|e| {
            e.action == "book"
                && e.subject.as_deref() == Some(format!("appointment {}", appt.id).as_str())
        })
        .unwrap();
    assert_eq!(book.account_id, Some(fx.patient_account(ANN)));
    assert_eq!(book.username.as_deref(), Some("ann"));
}

#[test]
fn audit_times_keep_their_seconds_so_events_stay_in_order() {
    let fx = Fixture::new();
    let base = at("2030-01-07T08:00");
    fx.clock.set(base + chrono::Duration::seconds(50));
    let slots = fx
        .clinic
        .declare_slots(
            &fx.doctor(WHO),
            fx.doctor_id(WHO),
            WEDNESDAY,
            hm("09:00"),
            hm("10:00"),
            None,
        )
        .unwrap();
    fx.clock.set(base + chrono::Duration::seconds(55));
    fx.clinic.hold(&fx.patient(ANN), slots[0].id, None).unwrap();
    let log = fx.audit();
    let (hold, declare) = (&log[0], &log[1]);
    assert_eq!(
        (hold.action.as_str(), declare.action.as_str()),
        ("hold", "slots_declare")
    );
    assert_eq!(
        declare.at,
        base + chrono::Duration::seconds(50),
        "not rounded to 08:00"
    );
    assert!(declare.at < hold.at);
}
