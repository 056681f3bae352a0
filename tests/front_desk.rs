//! The front desk's day (SPEC §12) through the library with a frozen clock: counts of the
//! day, late visits and waits, the automatic no-show (exactly at its threshold, once, with
//! two sweepers racing), corrections of each status and the refusal of everything else, and
//! the day sheet's arrival and wait.

mod support;

use clinic::domain::flow::{Standing, standing};
use clinic::domain::{Actor, Appointment, Settings, Status};
use clinic::{Clinic, ErrorKind};
use support::clinic::{ANN, BOB, CYD, Fixture, GREY, HOUSE, MONDAY, WHO};
use support::{at, expect_err};

/// Ann at 09:00 and Bob at 09:30 with Dr. House, Cyd at 09:00 with Dr. Grey, all today.
fn morning() -> (Fixture, [Appointment; 3]) {
    let f = Fixture::new();
    let ann = f.book_as(ANN, f.slot(HOUSE, "2030-01-07T09:00"));
    let bob = f.book_as(BOB, f.slot(HOUSE, "2030-01-07T09:30"));
    let cyd = f.book_as(CYD, f.slot(GREY, "2030-01-07T09:00"));
    (f, [ann, bob, cyd])
}

fn with_settings(f: &Fixture, change: impl FnOnce(&mut Settings)) {
    let mut s = f.clinic.settings().unwrap();
    change(&mut s);
    f.clinic.update_settings(&f.admin(), &s).unwrap();
}

#[test]
fn the_day_is_counted_by_status_for_the_desk_and_each_doctor() {
    let (f, [ann, bob, _]) = morning();
    f.set_now("2030-01-07T08:50");
    f.set_status(ann.id, Status::CheckedIn);
    f.clinic.cancel(&f.patient(BOB), bob.id, None).unwrap();
    let all = f.clinic.day_counts(&f.admin(), MONDAY).unwrap();
    assert_eq!(
        (all.booked, all.checked_in, all.cancelled, all.total()),
        (1, 1, 1, 3)
    );
    let house = f.clinic.day_counts(&f.doctor(HOUSE), MONDAY).unwrap();
    assert_eq!((house.booked, house.checked_in, house.cancelled), (0, 1, 1));
    let who = f.clinic.day_counts(&f.doctor(WHO), MONDAY).unwrap();
    assert_eq!(who.total(), 0);
    expect_err(
        f.clinic.day_counts(&f.patient(ANN), MONDAY),
        ErrorKind::Forbidden,
    );
    expect_err(f.clinic.day_counts(&Actor::Guest, MONDAY), ErrorKind::Auth);
}

#[test]
fn a_visit_nobody_came_to_is_late_and_a_long_wait_stands_out() {
    let (f, [ann, _, cyd]) = morning();
    f.set_now("2030-01-07T08:40");
    f.set_status(ann.id, Status::CheckedIn);
    let alert = f.clinic.settings().unwrap().wait_alert_minutes;
    assert_eq!(alert, 20, "the default");
    let ann = f.appt(ann.id);
    assert_eq!(ann.checked_in_at, Some(at("2030-01-07T08:40")));
    // 09:00 exactly: nobody is late yet; Ann has waited 20 minutes, not more.
    let now = at("2030-01-07T09:00");
    assert_eq!(standing(&f.appt(cyd.id), now, alert), Standing::Expected);
    assert_eq!(
        standing(&ann, now, alert),
        Standing::Waiting {
            minutes: 20,
            alert: false
        }
    );
    let now = at("2030-01-07T09:07");
    assert_eq!(standing(&f.appt(cyd.id), now, alert), Standing::Late(7));
    assert_eq!(
        standing(&ann, now, alert),
        Standing::Waiting {
            minutes: 27,
            alert: true
        }
    );
    // A clinic that alerts later.
    with_settings(&f, |s| s.wait_alert_minutes = 30);
    let alert = f.clinic.settings().unwrap().wait_alert_minutes;
    assert!(matches!(
        standing(&ann, now, alert),
        Standing::Waiting { alert: false, .. }
    ));
}

#[test]
fn the_sweep_marks_a_visit_exactly_at_its_threshold_once_as_the_clinic() {
    let (f, [ann, bob, cyd]) = morning();
    // Off by default: nothing happens, however late.
    f.set_now("2030-01-07T11:00");
    assert!(f.clinic.sweep(&Actor::Guest).unwrap().no_shows.is_empty());
    f.set_now("2030-01-07T08:00");
    with_settings(&f, |s| s.no_show_after_minutes = 30);
    f.set_now("2030-01-07T08:55");
    f.set_status(cyd.id, Status::CheckedIn);
    f.set_now("2030-01-07T09:29");
    assert!(f.clinic.sweep(&Actor::Guest).unwrap().no_shows.is_empty());
    f.set_now("2030-01-07T09:30");
    let swept = f.clinic.sweep(&Actor::Guest).unwrap();
    assert_eq!(
        swept.no_shows,
        vec![ann.id],
        "Ann, exactly 30 minutes after 09:00"
    );
    assert_eq!(swept.after_minutes, 30);
    assert_eq!(f.status(ann.id), Status::NoShow);
    assert_eq!(f.status(cyd.id), Status::CheckedIn, "Cyd came");
    assert_eq!(
        f.status(bob.id),
        Status::Booked,
        "Bob's visit only started now"
    );
    // Again: nothing new.
    assert!(f.clinic.sweep(&Actor::Guest).unwrap().no_shows.is_empty());
    let audit = f.audit();
    let marked: Vec<_> = audit.iter().filter(|e| e.action == "no_show").collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0].account_id, None, "done by the clinic itself");
    assert_eq!(
        marked[0].subject.as_deref(),
        Some(&*format!("appointment {}", ann.id))
    );
    assert_eq!(
        marked[0].detail.as_deref(),
        Some("automatic: not arrived 30 minutes after the start (09:00)")
    );
    // The desk may sweep too; patients and doctors may not.
    f.set_now("2030-01-07T10:00");
    assert_eq!(f.clinic.sweep(&f.admin()).unwrap().no_shows, vec![bob.id]);
    for who in [f.patient(ANN), f.doctor(HOUSE)] {
        expect_err(f.clinic.sweep(&who), ErrorKind::Forbidden);
    }
}

#[test]
fn two_sweepers_at_once_mark_each_visit_once() {
    let (f, visits) = morning();
    with_settings(&f, |s| s.no_show_after_minutes = 15);
    f.set_now("2030-01-07T10:00");
    let sweepers: Vec<_> = (0..2)
        .map(|_| {
            let path = f.path().to_path_buf();
            let clock = f.clock.clone();
            std::thread::spawn(move || {
                let c = Clinic::open_with_clock(&path, Default::default(), clock).unwrap();
                c.sweep(&Actor::Guest).unwrap().no_shows
            })
        })
        .collect();
    let mut marked: Vec<_> = sweepers
        .into_iter()
        .flat_map(|s| s.join().unwrap())
        .collect();
    marked.sort();
    let mut expected: Vec<_> = visits.iter().map(|a| a.id).collect();
    expected.sort();
    assert_eq!(
        marked, expected,
        "each visit once, by one sweeper or the other"
    );
    let audited = f.audit().iter().filter(|e| e.action == "no_show").count();
    assert_eq!(audited, 3);
    f.assert_check_ok();
}

#[test]
fn corrections_undo_each_status_one_step_on_its_day() {
    let (f, [ann, bob, cyd]) = morning();
    f.set_now("2030-01-07T08:50");
    f.set_status(ann.id, Status::CheckedIn);
    f.set_status(bob.id, Status::CheckedIn);
    f.set_now("2030-01-07T09:40");
    f.set_status(bob.id, Status::Completed);
    f.set_status(cyd.id, Status::NoShow);
    let correct = |id, why: &str| f.clinic.correct_status(&f.admin(), id, why);

    // Checked in by mistake: booked again, the arrival forgotten.
    let a = correct(ann.id, "checked in the wrong Ann").unwrap();
    assert_eq!((a.status, a.checked_in_at), (Status::Booked, None));
    // Completed by mistake: checked in again, still arrived when they did.
    let b = correct(bob.id, "the doctor had not seen him yet").unwrap();
    assert_eq!(b.status, Status::CheckedIn);
    assert_eq!(b.checked_in_at, Some(at("2030-01-07T08:50")));
    assert_eq!(b.completed_at, None);
    // A no-show who never arrived: booked again; and R9 moves forward from there as usual.
    let c = correct(cyd.id, "she was in the waiting room").unwrap();
    assert_eq!(c.status, Status::Booked);
    f.set_status(cyd.id, Status::CheckedIn);
    // A no-show after check-in goes back to checked in.
    f.set_status(bob.id, Status::NoShow);
    let b = correct(bob.id, "left for a moment, came back").unwrap();
    assert_eq!(b.status, Status::CheckedIn);

    // Audited with the reason.
    let last = f.audit().remove(0);
    assert_eq!(last.action, "correct");
    assert_eq!(
        last.detail.as_deref(),
        Some("no-show back to checked in: left for a moment, came back")
    );
    assert_eq!(last.account_id, Some(f.admin_account()));
    // The day's totals follow.
    let counts = f.clinic.day_counts(&f.admin(), MONDAY).unwrap();
    assert_eq!(
        (
            counts.booked,
            counts.checked_in,
            counts.completed,
            counts.no_show
        ),
        (1, 2, 0, 0)
    );
    f.assert_check_ok();
}

#[test]
fn everything_else_is_refused_and_changes_nothing() {
    let (f, [ann, bob, cyd]) = morning();
    f.set_now("2030-01-07T08:50");
    f.set_status(ann.id, Status::CheckedIn);
    f.clinic
        .cancel(&f.patient(BOB), bob.id, Some("ill"))
        .unwrap();
    let before = f.audit().len();
    // A cancellation is never undone; a booked visit has nothing to undo.
    let e = expect_err(
        f.clinic.correct_status(&f.admin(), bob.id, "mistake"),
        ErrorKind::Conflict,
    );
    assert!(e.starts_with("a cancellation is never undone"), "{e}");
    let e = expect_err(
        f.clinic.correct_status(&f.admin(), cyd.id, "mistake"),
        ErrorKind::Conflict,
    );
    assert_eq!(e, "there is nothing to undo: the visit is booked");
    // Staff only, with a reason, on the visit's own day.
    for who in [f.doctor(HOUSE), f.patient(ANN)] {
        expect_err(
            f.clinic.correct_status(&who, ann.id, "mistake"),
            ErrorKind::Forbidden,
        );
    }
    expect_err(
        f.clinic.correct_status(&f.admin(), ann.id, "  "),
        ErrorKind::Invalid,
    );
    expect_err(
        f.clinic
            .correct_status(&f.admin(), clinic::domain::AppointmentId(999), "x"),
        ErrorKind::NotFound,
    );
    f.set_now("2030-01-08T08:00");
    let e = expect_err(
        f.clinic.correct_status(&f.admin(), ann.id, "mistake"),
        ErrorKind::Conflict,
    );
    assert_eq!(
        e,
        "a status is corrected on the visit's own day only (Mon 7 Jan 2030)"
    );
    assert_eq!(f.status(ann.id), Status::CheckedIn);
    assert_eq!(f.audit().len(), before, "nothing was written");
}

#[test]
fn the_schema_lets_a_status_move_back_only_with_its_correction() {
    let (f, [ann, _, _]) = morning();
    f.set_now("2030-01-07T08:50");
    f.set_status(ann.id, Status::CheckedIn);
    let raw = f.raw();
    let e = raw
        .execute(
            "UPDATE appointments SET status = 'booked' WHERE id = ?1",
            [ann.id.0],
        )
        .unwrap_err();
    assert!(e.to_string().contains("R9"), "{e}");
    // A correction recorded for another step does not open this one.
    raw.execute(
        "INSERT INTO corrections (appointment_id, from_status, to_status, reason, corrected_at)
         VALUES (?1, 'completed', 'checked_in', 'x', '2030-01-07T08:51:00')",
        [ann.id.0],
    )
    .unwrap();
    assert!(
        raw.execute(
            "UPDATE appointments SET status = 'booked' WHERE id = ?1",
            [ann.id.0]
        )
        .is_err()
    );
    // Nor does a correction into a cancellation exist at all.
    assert!(
        raw.execute(
            "INSERT INTO corrections (appointment_id, from_status, to_status, reason, corrected_at)
             VALUES (?1, 'cancelled', 'booked', 'x', '2030-01-07T08:51:00')",
            [ann.id.0],
        )
        .is_err()
    );
}

#[test]
fn a_corrected_no_show_is_not_swept_again() {
    let (f, [ann, _, _]) = morning();
    with_settings(&f, |s| s.no_show_after_minutes = 10);
    f.set_now("2030-01-07T09:10");
    assert_eq!(f.clinic.sweep(&Actor::Guest).unwrap().no_shows.len(), 2);
    f.clinic
        .correct_status(&f.admin(), ann.id, "she phoned: stuck in traffic")
        .unwrap();
    f.set_now("2030-01-07T09:11");
    assert!(f.clinic.sweep(&Actor::Guest).unwrap().no_shows.is_empty());
    assert_eq!(f.status(ann.id), Status::Booked);
    f.set_status(ann.id, Status::CheckedIn);
}

#[test]
fn the_day_sheet_gains_each_arrival_and_wait() {
    let (f, [ann, bob, cyd]) = morning();
    f.set_now("2030-01-07T08:45");
    f.set_status(ann.id, Status::CheckedIn);
    f.set_now("2030-01-07T08:52");
    f.set_status(cyd.id, Status::CheckedIn);
    f.set_now("2030-01-07T09:20");
    f.set_status(cyd.id, Status::Completed);
    f.set_now("2030-01-07T09:25");
    let sheet = f.clinic.day_sheet(&f.admin(), MONDAY).unwrap();
    let line = |id| sheet.iter().find(|r| r.id == id).unwrap();
    assert_eq!(line(ann.id).checked_in_at, Some(at("2030-01-07T08:45")));
    assert_eq!(line(ann.id).wait_minutes, Some(40), "still waiting");
    assert_eq!(line(cyd.id).wait_minutes, Some(28), "arrival to done");
    assert_eq!(line(bob.id).wait_minutes, None, "not arrived");
    let csv = f.clinic.export_csv(&f.admin(), MONDAY).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<_> = reader.records().map(Result::unwrap).collect();
    let ann_row = rows
        .iter()
        .find(|r| r[col("appointment_id")] == ann.id.to_string())
        .unwrap();
    assert_eq!(&ann_row[col("status")], "checked_in");
    assert_eq!(&ann_row[col("arrival")], "08:45");
    assert_eq!(&ann_row[col("wait_minutes")], "40");
}
