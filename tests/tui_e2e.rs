//! End to end: the real `clinic` binary in a pseudo-terminal. Open the demo clinic, sign in as
//! patient1, book a slot, see it under "My appointments", quit; then check the booking
//! through the library and that the terminal was given back (alternate screen left, cursor
//! shown).

use clinic::Clinic;
use clinic::demo::DEMO_PASSWORD;
use clinic::domain::Status;
use clinic::store::OpenOptions;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROWS: u16 = 24;
const COLS: u16 = 80;

/// The terminal as the user sees it, fed by a reader thread.
struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Screen {
    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `needle`, or fails with what it shows.
    fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "timed out waiting for {needle:?}; the screen shows:\n{}",
            self.text()
        );
    }
}

fn send(writer: &mut dyn Write, bytes: &str) {
    writer.write_all(bytes.as_bytes()).unwrap();
    writer.flush().unwrap();
    // Let the TUI handle each burst before the next, as a person would.
    std::thread::sleep(Duration::from_millis(150));
}

#[test]
fn patient_books_in_the_real_binary_and_the_terminal_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_clinic"));
    cmd.args(["--db", db.to_str().unwrap(), "--demo"]);
    cmd.env("CLINIC_NOW", "2030-01-07T08:00");
    cmd.env("TERM", "xterm-256color");
    cmd.env("NO_COLOR", "1");
    // Keep the log file out of the real data directory.
    cmd.env("XDG_DATA_HOME", dir.path());
    cmd.env("HOME", dir.path());
    cmd.cwd(dir.path());
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);

    let screen = Screen {
        parser: Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZero::new(ROWS).unwrap(),
            std::num::NonZero::new(COLS).unwrap(),
            0,
        ))),
        raw: Arc::new(Mutex::new(Vec::new())),
    };
    let mut reader = pty.master.try_clone_reader().unwrap();
    let (parser, raw) = (screen.parser.clone(), screen.raw.clone());
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    parser.lock().unwrap().process(&buf[..n]);
                    raw.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            }
        }
    });
    let mut writer = pty.master.take_writer().unwrap();

    screen.wait_for("Demo clinic: every login's password is demo-pass");
    assert!(screen.parser.lock().unwrap().screen().alternate_screen());
    send(&mut *writer, "patient1\r");
    send(&mut *writer, &format!("{DEMO_PASSWORD}\r"));
    screen.wait_for("Free slots");
    // Tomorrow's first free slot: → next day, Enter holds it and asks to confirm.
    send(&mut *writer, "l");
    screen.wait_for("Tue 8 Jan 2030");
    send(&mut *writer, "\r");
    screen.wait_for("Book this appointment?");
    send(&mut *writer, "pty check-up\r");
    screen.wait_for("Booked: Tue 8 Jan");
    send(&mut *writer, "2");
    screen.wait_for("Upcoming");
    let shown = screen.text();
    let booked_line = shown
        .lines()
        .find(|l| l.contains("8 Jan 2030 09:00"))
        .unwrap_or_else(|| panic!("the booking is not listed:\n{shown}"));
    assert!(booked_line.contains("booked"), "{booked_line}");
    send(&mut *writer, "q");

    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the TUI did not quit:\n{}",
            screen.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    drop(writer);
    drop(pty.master);
    let _ = reading.join();

    // The terminal is given back.
    let parser = screen.parser.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "still on the alternate screen"
    );
    assert!(!parser.screen().hide_cursor(), "the cursor is still hidden");
    let raw = screen.raw.lock().unwrap();
    let leave = b"\x1b[?1049l";
    assert!(
        raw.windows(leave.len()).any(|w| w == leave),
        "no leave-alternate-screen sequence"
    );

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
