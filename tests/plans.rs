//! SPEC §9 in the library: working plans laid out through the horizon, time off, closures and
//! R12's booking window. A blank clinic at a frozen Monday, doctors and patients made by name.

mod support;

use chrono::Duration;
use clinic::domain::plan::parse_week;
use clinic::domain::time_off::TimeOffInput;
use clinic::domain::{Actor, DoctorId, Settings, Slot, SlotState, Status};
use clinic::service::SlotFilter;
use clinic::{Clinic, ErrorKind};
use support::clinic::{Fixture, request};
use support::{at, day, expect_err, kind_of};

/// Monday 2030-01-07, 10:10: the morning's first slots are past.
const MONDAY_1010: &str = "2030-01-07T10:10";

fn week(text: &str) -> Vec<clinic::domain::plan::PlanRange> {
    parse_week(text, 30).unwrap()
}

/// Every slot of `doctor` on `date`, as the desk sees them.
fn slots_on(c: &Clinic, admin: &Actor, doctor: DoctorId, date: &str) -> Vec<Slot> {
    let mut f = SlotFilter::day(day(date));
    f.doctor = Some(doctor);
    c.slots(admin, &f).unwrap()
}

fn starts(slots: &[Slot]) -> Vec<String> {
    slots
        .iter()
        .map(|s| format!("{}/{}", s.start.format("%H:%M"), s.duration))
        .collect()
}

fn set_horizon(fx: &Fixture, weeks: u32) {
    let s = Settings {
        horizon_weeks: weeks,
        ..fx.clinic.settings().unwrap()
    };
    fx.clinic.update_settings(&fx.admin(), &s).unwrap();
}

#[test]
fn a_plan_is_laid_out_through_the_horizon_never_in_the_past_nor_over_a_slot() {
    let fx = Fixture::blank(MONDAY_1010);
    let lee = fx.add_doctor("Dr. Ada Lee", "Cardiology");
    // A slot declared by hand on Wednesday stays, and the plan makes none over it.
    fx.declare_slots_of(lee, "2030-01-09", "09:00", "10:00", 60);
    let done = fx
        .clinic
        .set_plan(&fx.admin(), lee, None, week("mon-fri 09:00-12:00"))
        .unwrap();
    // 8 weeks from today: 40 weekdays of 6 slots, less today's 3 past ones and the 2 that
    // would overlap Wednesday's hand-made hour.
    assert_eq!(done.created, 40 * 6 - 3 - 2);
    assert_eq!((done.removed, done.kept_booked.len()), (0, 0));
    let admin = fx.admin();
    assert_eq!(
        starts(&slots_on(&fx.clinic, &admin, lee, "2030-01-07")),
        ["10:30/30", "11:00/30", "11:30/30"]
    );
    assert_eq!(
        starts(&slots_on(&fx.clinic, &admin, lee, "2030-01-09")),
        ["09:00/60", "10:00/30", "10:30/30", "11:00/30", "11:30/30"]
    );
    assert!(
        slots_on(&fx.clinic, &admin, lee, "2030-01-12").is_empty(),
        "Saturday off"
    );
    // The horizon's last day is laid out, the day after is not.
    assert_eq!(slots_on(&fx.clinic, &admin, lee, "2030-03-01").len(), 6);
    assert!(slots_on(&fx.clinic, &admin, lee, "2030-03-04").is_empty());
    fx.assert_check_ok();
}

#[test]
fn applying_again_makes_nothing_and_a_slot_removed_by_hand_stays_removed() {
    let fx = Fixture::blank(MONDAY_1010);
    let lee = fx.add_doctor("Dr. Ada Lee", "Cardiology");
    let c = &fx.clinic;
    c.set_plan(&fx.admin(), lee, None, week("mon-fri 09:00-12:00"))
        .unwrap();
    assert_eq!(c.apply_plans(&fx.admin(), None, None).unwrap().created, 0);
    let tuesday = slots_on(c, &fx.admin(), lee, "2030-01-08");
    c.remove_slots(&fx.admin(), &[tuesday[0].id]).unwrap();
    assert_eq!(
        c.apply_plans(&fx.admin(), Some(lee), None).unwrap().created,
        0
    );
    assert_eq!(slots_on(c, &fx.admin(), lee, "2030-01-08").len(), 5);
    fx.assert_check_ok();
}

#[test]
fn the_horizon_moves_with_the_days_across_a_month_end() {
    let fx = Fixture::blank("2030-01-28T08:00");
    set_horizon(&fx, 1);
    let lee = fx.add_doctor("Dr. Ada Lee", "Cardiology");
    let c = &fx.clinic;
    let made = c
        .set_plan(&fx.admin(), lee, None, week("mon-sun 09:00-10:00/60"))
        .unwrap();
    assert_eq!(made.created, 7, "Mon 28 Jan to Sun 3 Feb");
    assert!(slots_on(c, &fx.admin(), lee, "2030-02-04").is_empty());
    // Three days on, the desk's sign-in finds the horizon short and lays out three more days;
    // then it has nothing to do, and neither has cron's apply.
    fx.set_now("2030-01-31T08:00");
    assert_eq!(c.extend_horizon(&fx.admin()).unwrap().unwrap().created, 3);
    assert!(c.extend_horizon(&fx.admin()).unwrap().is_none());
    assert_eq!(c.apply_plans(&fx.admin(), None, None).unwrap().created, 0);
    assert_eq!(slots_on(c, &fx.admin(), lee, "2030-02-06").len(), 1);
    assert!(slots_on(c, &fx.admin(), lee, "2030-02-07").is_empty());
    // `until` lays out further on purpose.
    let far = c
        .apply_plans(&fx.admin(), Some(lee), Some(day("2030-02-28")))
        .unwrap();
    assert_eq!(far.created, 22);
}

#[test]
fn a_new_plan_from_midweek_replaces_the_old_one_and_keeps_booked_visits() {
    let fx = Fixture::blank(MONDAY_1010);
    let lee = fx.add_doctor("Dr. Ada Lee", "Cardiology");
    let ann = fx.add_patient("Ann Archer", None);
    let bob = fx.add_patient("Bob Baker", None);
    let c = &fx.clinic;
    let admin = fx.admin();
    c.set_plan(&admin, lee, None, week("mon-fri 09:00-12:00"))
        .unwrap();
    let thu_0900 = fx.slot_of(lee, "2030-01-10T09:00");
    let fri_1100 = fx.slot_of(lee, "2030-01-11T11:00");
    let kept = [fx.book_for(ann, thu_0900).id, fx.book_for(bob, fri_1100).id];
    // From Wednesday: 10:00–12:00 in hour-long slots.
    let from = day("2030-01-09");
    let preview = c
        .preview_plan(&admin, lee, Some(from), week("mon-fri 10:00-12:00/60"))
        .unwrap();
    let done = c
        .set_plan(&admin, lee, Some(from), week("mon-fri 10:00-12:00/60"))
        .unwrap();
    assert_eq!(preview, done, "the preview is what saving does");
    assert_eq!(done.kept_booked, kept);
    // Monday and Tuesday keep the old plan.
    assert_eq!(slots_on(c, &admin, lee, "2030-01-08").len(), 6);
    // Wednesday on: the new hours; the booked old slots stay where they are.
    assert_eq!(
        starts(&slots_on(c, &admin, lee, "2030-01-09")),
        ["10:00/60", "11:00/60"]
    );
    assert_eq!(
        starts(&slots_on(c, &admin, lee, "2030-01-10")),
        ["09:00/30", "10:00/60", "11:00/60"]
    );
    assert_eq!(
        starts(&slots_on(c, &admin, lee, "2030-01-11")),
        ["10:00/60", "11:00/30"],
        "the kept 11:00 leaves no room for a new 11:00–12:00"
    );
    // Old free slots from Wednesday to the horizon went: 6 a weekday, less the 2 booked.
    assert_eq!(done.removed, 38 * 6 - 2);
    let plans = c.plans(&admin, lee, false).unwrap();
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0].until, Some(from));
    assert_eq!(plans[1].week, "mon-fri 10:00-12:00/60");
    fx.assert_check_ok();
}

#[test]
fn setting_a_plan_again_for_its_day_keeps_the_first_as_history() {
    let fx = Fixture::blank(MONDAY_1010);
    let lee = fx.add_doctor("Dr. Ada Lee", "Cardiology");
    let c = &fx.clinic;
    let admin = fx.admin();
    c.set_plan(&admin, lee, None, week("mon 09:00-10:00"))
        .unwrap();
    c.set_plan(&admin, lee, None, week("tue 09:00-10:00"))
        .unwrap();
    assert_eq!(c.plans(&admin, lee, false).unwrap().len(), 1);
    let history = c.plans(&admin, lee, true).unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[0].replaced.is_some() && history[1].replaced.is_none());
    assert_eq!(history[1].week, "tue 09:00-10:00");
    // A plan never starts in the past.
    assert_eq!(
        expect_err(
            c.set_plan(
                &admin,
                lee,
                Some(day("2030-01-06")),
                week("mon 09:00-10:00")
            ),
            ErrorKind::Invalid
        ),
        "a plan takes effect today or later; Sun 6 Jan 2030 is past"
    );
}

#[test]
fn overlapping_ranges_are_refused_by_the_library_and_by_the_schema() {
    let fx = Fixture::new();
    let admin = fx.admin();
    let who = fx.doctor_id(support::clinic::WHO);
    assert_eq!(
        expect_err(
            fx.clinic
                .set_plan(&admin, who, None, week("mon 09:00-12:00 11:00-13:00")),
            ErrorKind::Invalid
        ),
        "on mon 11:00–13:00 overlaps 09:00–12:00"
    );
    assert_eq!(
        expect_err(
            fx.clinic
                .set_plan(&admin, who, None, week("mon 07:00-09:00")),
            ErrorKind::Invalid
        ),
        "mon 07:00–09:00 is outside opening hours 09:00–21:00"
    );
    let raw = fx.raw();
    raw.execute_batch(
        "INSERT INTO plans (id, doctor_id, effective_from, created_at) VALUES (99, 1, '2030-02-01', '2030-01-07T08:00:00');
         INSERT INTO plan_ranges VALUES (99, 0, '09:00', '12:00', 30);",
    )
    .unwrap();
    let refused = raw
        .execute_batch("INSERT INTO plan_ranges VALUES (99, 0, '11:30', '13:00', 30)")
        .unwrap_err();
    assert!(refused.to_string().contains("never overlap"), "{refused}");
}

#[test]
fn time_off_over_booked_visits_is_refused_then_cancels_them_when_asked() {
    let fx = Fixture::blank(MONDAY_1010);
    let lee = fx.add_doctor("Dr. Ada Lee", "Cardiology");
    let ann = fx.add_patient("Ann Archer", None);
    let c = &fx.clinic;
    let admin = fx.admin();
    c.set_plan(&admin, lee, None, week("mon-fri 09:00-12:00"))
        .unwrap();
    let visit = fx.book_for(ann, fx.slot_of(lee, "2030-01-09T10:00"));
    let leave = TimeOffInput::parse(Some(lee), "2030-01-09", None, Some("course")).unwrap();
    assert_eq!(
        expect_err(c.add_time_off(&admin, &leave, false), ErrorKind::Conflict),
        "1 booked visit then: Wed 9 Jan 2030 at 10:00 Ann Archer; move or cancel them first, \
         or cancel them with the time off"
    );
    assert_eq!(
        slots_on(c, &admin, lee, "2030-01-09").len(),
        6,
        "nothing changed"
    );
    let added = c.add_time_off(&admin, &leave, true).unwrap();
    assert_eq!(added.cancelled, [visit.id]);
    assert_eq!(added.removed_slots, 6);
    let gone = fx.appt(visit.id);
    assert_eq!(gone.status, Status::Cancelled);
    assert_eq!(gone.cancel_reason.as_deref(), Some("course"));
    assert!(slots_on(c, &admin, lee, "2030-01-09").is_empty());
    // No slot can be declared inside it; plans skip it.
    assert_eq!(
        kind_of(c.declare_slots(
            &admin,
            lee,
            day("2030-01-09"),
            support::hm("09:00"),
            support::hm("10:00"),
            None
        )),
        ErrorKind::Conflict
    );
    // Taken back, the day is laid out again.
    c.remove_time_off(&admin, added.time_off.id).unwrap();
    assert_eq!(slots_on(c, &admin, lee, "2030-01-09").len(), 6);
    fx.assert_check_ok();
}

#[test]
fn a_closure_empties_the_day_for_every_doctor_and_ends_holds_inside() {
    let fx = Fixture::blank(MONDAY_1010);
    let lee = fx.add_doctor("Dr. Ada Lee", "Cardiology");
    let kim = fx.add_doctor("Dr. Kim Ro", "Dermatology");
    let ann = fx.add_patient("Ann Archer", None);
    let c = &fx.clinic;
    let admin = fx.admin();
    for d in [lee, kim] {
        c.set_plan(&admin, d, None, week("mon-fri 09:00-12:00"))
            .unwrap();
    }
    let held = fx.slot_of(kim, "2030-01-10T09:00");
    c.hold(&admin, held, Some(ann)).unwrap();
    let closure = TimeOffInput::parse(None, "2030-01-10", None, Some("Public holiday")).unwrap();
    let added = c.add_time_off(&admin, &closure, false).unwrap();
    assert_eq!(
        added.removed_slots, 12,
        "both doctors' day, the held slot too"
    );
    assert!(slots_on(c, &admin, lee, "2030-01-10").is_empty());
    assert!(slots_on(c, &admin, kim, "2030-01-10").is_empty());
    // Patients see the closure, not who is on leave.
    let (_, patient) = fx.add_patient_login("Bob Baker", "bob");
    let leave = TimeOffInput::parse(Some(lee), "2030-01-14", None, Some("flu")).unwrap();
    c.add_time_off(&admin, &leave, false).unwrap();
    let seen = c.time_off(&patient, None, None).unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].reason.as_deref(), Some("Public holiday"));
    assert_eq!(c.time_off(&admin, None, None).unwrap().len(), 2);
    fx.assert_check_ok();
}

#[test]
fn time_off_under_way_ends_now_when_taken_back_and_past_time_off_stays() {
    let fx = Fixture::blank(MONDAY_1010);
    let lee = fx.add_doctor("Dr. Ada Lee", "Cardiology");
    let c = &fx.clinic;
    let admin = fx.admin();
    let today =
        TimeOffInput::parse(Some(lee), "2030-01-07", Some("2030-01-08"), Some("ill")).unwrap();
    let added = c.add_time_off(&admin, &today, false).unwrap();
    // It starts now at the earliest: what is past is not time off.
    assert_eq!(added.time_off.from, at(MONDAY_1010));
    fx.set_now("2030-01-08T09:00");
    let back = c.remove_time_off(&admin, added.time_off.id).unwrap();
    assert_eq!(back.to, at("2030-01-08T09:00"));
    fx.set_now("2030-01-09T09:00");
    assert_eq!(
        expect_err(
            c.remove_time_off(&admin, added.time_off.id),
            ErrorKind::Conflict
        ),
        "that time off is over; it stays as history"
    );
}

#[test]
fn r12_patients_book_from_exactly_the_notice_to_exactly_the_horizon() {
    let fx = Fixture::blank("2030-01-07T08:00");
    let lee = fx.add_doctor("Dr. Ada Lee", "Cardiology");
    let (ann_id, ann) = fx.add_patient_login("Ann Archer", "ann");
    let c = &fx.clinic;
    let admin = fx.admin();
    // 60 minutes' notice: at 08:00, 09:00 is exactly an hour away.
    let nine = fx.declare_slots_of(lee, "2030-01-07", "09:00", "09:30", 30)[0];
    c.hold(&ann, nine, None).unwrap();
    c.release(&ann, nine).unwrap();
    fx.set_now("2030-01-07T08:01");
    assert_eq!(
        expect_err(c.book(&ann, &request(nine, None)), ErrorKind::Invalid),
        "Mon 7 Jan 2030 at 09:00 is too soon: visits are booked at least 1 hour ahead; \
         please call the front desk"
    );
    // The desk is not bound by R12.
    fx.book_for(ann_id, nine);
    // 90 days ahead: at 08:01, Sat 6 Apr 09:00 may be booked, Sun 7 Apr 09:00 not yet.
    let sat = fx.declare_slots_of(lee, "2030-04-06", "09:00", "09:30", 30)[0];
    let sun = fx.declare_slots_of(lee, "2030-04-07", "09:00", "09:30", 30)[0];
    assert_eq!(
        expect_err(c.hold(&ann, sun, None), ErrorKind::Invalid),
        "Sun 7 Apr 2030 at 09:00 is too far ahead: visits are booked at most 90 days ahead"
    );
    // The free slots a patient sees leave out what they cannot book; the desk sees all.
    let mut f = SlotFilter::day(day("2030-04-06"));
    f.free_only = true;
    f.to = f.from + Duration::days(2);
    let seen: Vec<_> = c.slots(&ann, &f).unwrap().iter().map(|x| x.id).collect();
    assert_eq!(seen, [sat]);
    assert_eq!(c.slots(&admin, &f).unwrap().len(), 2);
    // At 09:00 the window reaches Sun 7 Apr 09:00 exactly.
    fx.set_now("2030-01-07T09:00");
    c.hold(&ann, sun, None).unwrap();
    assert_eq!(
        c.slots(&ann, &f).unwrap().len(),
        1,
        "the held one is not free"
    );
    let _ = SlotState::Free;
}
