//! End to end, two real `clinic` binaries at once on one database file, each in its own
//! pseudo-terminal, with the clock frozen (`CLINIC_NOW`): a doctor declares slots in one;
//! the front desk, already looking at that day in the other, sees them appear without a key
//! press (live refresh through `data_version`) and books one for a patient. The booking is
//! then checked through the library. And a doctor saves a weekly plan in one terminal while a
//! patient in another books a slot the plan made.

mod support;

use clinic::Clinic;
use clinic::demo::DEMO_PASSWORD;
use clinic::domain::Status;
use clinic::domain::time::fmt_minute;
use clinic::store::OpenOptions;
use clinic::store::appointments::AppointmentQuery;
use std::path::Path;
use support::pty::Pty;

/// The demo clinic in `db`, on an 80×24 terminal.
fn start(db: &Path, home: &Path) -> Pty {
    Pty::start(home, &["--db", db.to_str().unwrap(), "--demo"], &[], 80, 24)
}

#[test]
fn a_doctor_declares_slots_and_the_front_desk_sees_them_live_and_books_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("staff.db");

    // The doctor's terminal creates the demo clinic and signs in.
    let mut doctor = start(&db, dir.path());
    doctor.sign_in("doctor1");
    doctor.wait_for("1 Schedule");

    // A patient for the desk to book, looked up through the library.
    let lib = Clinic::open(&db, OpenOptions::default()).unwrap();
    let admin = lib.login("admin", DEMO_PASSWORD).unwrap();
    let me = lib.login("doctor1", DEMO_PASSWORD).unwrap();
    let patient = lib
        .patients(&admin.actor, Some("a"), false, 1, 0)
        .unwrap()
        .remove(0);
    let doctor_name = me.account.full_name.clone();

    // The front desk: Book → the patient → a Sunday, when nobody works by plan: empty so far.
    let mut desk = start(&db, dir.path());
    desk.sign_in("admin");
    desk.wait_for("1 Today");
    desk.send("2");
    desk.wait_for("Search:");
    desk.send("/");
    desk.send(&patient.full_name);
    desk.wait_for(&format!("{:<5} {}", patient.id, patient.full_name));
    desk.send("\r"); // one match: Enter goes straight to the free slots for them
    desk.wait_for(&format!("Free slots for {}", patient.full_name));
    desk.send("/");
    desk.wait_for("Filters");
    desk.send(&"\x08".repeat(12));
    // Enter moves through the fields; on the last it applies.
    desk.send(&format!("2030-01-20{}", "\r".repeat(7)));
    desk.wait_for("Sun 20 Jan 2030");
    desk.wait_for("No free slots match on this day");

    // The doctor declares 09:00–10:00 that day with the range dialog.
    doctor.send("n");
    doctor.wait_for("Declare or remove a range");
    doctor.send("\t");
    doctor.send(&"\x08".repeat(12));
    doctor.send("2030-01-20\t");
    doctor.send(&"\x08".repeat(6));
    doctor.send("09:00\t");
    doctor.send(&"\x08".repeat(6));
    doctor.send("10:00\r\r");
    doctor.wait_for("declared 2 slots");
    doctor.wait_for("09:30–10:00   free");

    // The desk sees them without a key press.
    desk.wait_for(&format!("09:00–09:30 {doctor_name}"));
    assert!(
        desk.text().contains(&format!("09:30–10:00 {doctor_name}")),
        "{}",
        desk.text()
    );
    desk.send("\r");
    desk.wait_for("Book this appointment?");
    // Enter walks reason, repeat (once) and visits, and books on the last.
    desk.send("booked over the desk\r\r\r");
    desk.wait_for(&format!("Booked {}", patient.full_name));

    // And the doctor's grid shows the patient on 09:00, again without a key press.
    doctor.wait_for(&format!("booked  {}", patient.full_name));

    desk.quit();
    doctor.quit();

    let booked = lib
        .appointments(
            &admin.actor,
            &AppointmentQuery {
                patient: Some(patient.id),
                ..Default::default()
            },
        )
        .unwrap()
        .into_iter()
        .find(|a| a.reason.as_deref() == Some("booked over the desk"))
        .expect("the booking is in the file");
    assert_eq!(booked.status, Status::Booked);
    assert_eq!(fmt_minute(booked.start), "2030-01-20T09:00");
    assert_eq!(booked.doctor_id, me.actor.doctor_id().unwrap());
}

#[test]
fn a_doctor_saves_a_plan_and_a_patient_in_another_process_books_a_slot_it_made() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.db");
    let mut doctor = start(&db, dir.path());
    doctor.sign_in("doctor1");
    doctor.wait_for("1 Schedule");
    // Plan: Sunday (the last row), 09:00–10:00 in 15-minute slots, saved after its preview.
    doctor.send("3");
    doctor.wait_for("Weekly plan");
    doctor.send("jjjjjjn");
    doctor.wait_for("Add working hours on Sun");
    doctor.send("\t");
    doctor.send(&"\x08".repeat(6));
    doctor.send("10:00\t");
    doctor.send(&"\x08".repeat(3));
    doctor.send("15\r");
    doctor.wait_for("09:00–10:00 /15");
    doctor.send("\r");
    doctor.wait_for("Save this plan?");
    doctor.send("\r");
    doctor.wait_for("Plan saved from Mon 7 Jan 2030");

    // The patient, in another process: Find a slot, six days on to Sunday 13 January.
    let mut patient = start(&db, dir.path());
    patient.sign_in("patient1");
    patient.wait_for("Free slots");
    patient.send("llllll");
    patient.wait_for("Sun 13 Jan 2030");
    patient.wait_for("09:00–09:15 Dr. Nadia Larsen");
    patient.send("\r");
    patient.wait_for("Book this appointment?");
    patient.send("sunday check\r");
    patient.wait_for("Booked: Sun 13 Jan");
    patient.quit();
    doctor.quit();

    let lib = Clinic::open(&db, OpenOptions::default()).unwrap();
    let me = lib.login("patient1", DEMO_PASSWORD).unwrap();
    let booked = lib
        .appointments(&me.actor, &AppointmentQuery::default())
        .unwrap()
        .into_iter()
        .find(|a| a.reason.as_deref() == Some("sunday check"))
        .expect("the booking is in the file");
    assert_eq!(fmt_minute(booked.start), "2030-01-13T09:00");
    assert_eq!(
        (booked.duration, booked.doctor_name.as_str()),
        (15, "Dr. Nadia Larsen")
    );
}
