//! End to end: the real `clinic` binary in a pseudo-terminal. Open the demo clinic, sign in as
//! patient1, book a slot, see it under "My appointments", quit; then check the booking
//! through the library and that the terminal was given back (alternate screen left, cursor
//! shown).

mod support;

use clinic::Clinic;
use clinic::demo::DEMO_PASSWORD;
use clinic::domain::Status;
use clinic::store::OpenOptions;
use support::pty::Pty;

#[test]
fn patient_books_in_the_real_binary_and_the_terminal_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    let mut screen = Pty::start(
        dir.path(),
        &["--db", db.to_str().unwrap(), "--demo"],
        &[],
        80,
        24,
    );

    screen.wait_for("Demo clinic: every login's password is demo-pass");
    assert!(screen.alternate_screen());
    screen.sign_in("patient1");
    screen.wait_for("Free slots");
    // Tomorrow's first free slot: → next day, Enter holds it and asks to confirm.
    screen.send("l");
    screen.wait_for("Tue 8 Jan 2030");
    screen.send("\r");
    screen.wait_for("Book this appointment?");
    screen.send("pty check-up\r");
    screen.wait_for("Booked: Tue 8 Jan");
    screen.send("2");
    screen.wait_for("Upcoming");
    let shown = screen.text();
    let booked_line = shown
        .lines()
        .find(|l| l.contains("8 Jan 2030 09:00"))
        .unwrap_or_else(|| panic!("the booking is not listed:\n{shown}"));
    assert!(booked_line.contains("booked"), "{booked_line}");
    // Exits 0; the terminal is given back (alternate screen left, cursor shown).
    screen.quit();

    // The booking is in the file.
    let clinic = Clinic::open(&db, OpenOptions::default()).unwrap();
    let me = clinic.login("patient1", DEMO_PASSWORD).unwrap();
    let mine = clinic.appointments(&me.actor, &Default::default()).unwrap();
    let booking = mine
        .iter()
        .find(|a| a.reason.as_deref() == Some("pty check-up"))
        .expect("the appointment exists in the database");
    assert_eq!(booking.status, Status::Booked);
    assert_eq!(
        clinic::domain::time::fmt_minute(booking.start),
        "2030-01-08T09:00"
    );
}
