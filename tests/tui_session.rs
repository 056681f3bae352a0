//! The real binary in a pseudo-terminal over a long or cut-short session: a signal (a dropped
//! SSH session is SIGHUP) ends it like Ctrl-C — terminal restored, the patient's hold
//! released — and memory stays flat over fifty sign-ins.

mod support;

use clinic::Clinic;
use clinic::demo::DEMO_PASSWORD;
use clinic::domain::SlotState;
use clinic::service::SlotFilter;
use clinic::store::OpenOptions;
use support::pty::Pty;

/// Patient1 holds tomorrow's first free slot (the booking dialog is open), then `signal`
/// arrives.
fn hold_then(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("signal.db");
    let mut screen = Pty::start(
        dir.path(),
        &["--db", db.to_str().unwrap(), "--demo"],
        &[],
        80,
        24,
    );
    screen.sign_in("patient1");
    screen.wait_for("Free slots");
    screen.send("l");
    screen.wait_for("Tue 8 Jan 2030");
    screen.send("\r");
    screen.wait_for("Book this appointment?");

    let clinic = Clinic::open_with_clock(&db, OpenOptions::default(), support::clock()).unwrap();
    let me = clinic.login("patient1", DEMO_PASSWORD).unwrap();
    let tomorrow = clinic.now().date().succ_opt().unwrap();
    let held = |clinic: &Clinic| {
        clinic
            .slots(&me.actor, &SlotFilter::day(tomorrow))
            .unwrap()
            .into_iter()
            .filter(|s| s.state == SlotState::Held)
            .count()
    };
    assert_eq!(held(&clinic), 1, "the confirm dialog holds the slot");

    screen.signal(signal);
    let status = screen.finish();
    assert!(status.success(), "SIG{signal} ends it cleanly: {status:?}");
    assert_eq!(held(&clinic), 0, "SIG{signal} released the hold");
}

#[test]
fn sigterm_restores_the_terminal_and_releases_the_hold() {
    hold_then("TERM");
}

#[test]
fn sighup_from_a_dropped_ssh_session_restores_the_terminal_and_releases_the_hold() {
    hold_then("HUP");
}

#[test]
fn memory_stays_flat_over_fifty_sign_ins_and_thousands_of_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("memory.db");
    let mut screen = Pty::start(
        dir.path(),
        &["--db", db.to_str().unwrap(), "--demo"],
        &[],
        80,
        24,
    );
    screen.wait_for("Demo clinic");
    let users = ["admin", "doctor1", "patient1"];
    let landing = ["Today", "Schedule", "Free slots"];
    // Moves and section switches every role has: down, up, pages, the other sections.
    let wander = "jjjjkkkk\x1b[6~\x1b[5~GgG2j3jk1jjk";
    let mut keys = 0;
    let mut after_ten = 0;
    for round in 0..50 {
        let i = round % users.len();
        screen.type_keys(&format!("{}\r{DEMO_PASSWORD}\r", users[i]));
        screen.wait_for(landing[i]);
        for _ in 0..3 {
            screen.type_keys(wander);
        }
        screen.type_keys("1");
        screen.wait_for(landing[i]);
        screen.type_keys("S");
        screen.wait_for("Demo clinic");
        keys += users[i].len() + DEMO_PASSWORD.len() + 2 + 3 * wander.len() + 2;
        if round == 9 {
            after_ten = screen.memory_kb("VmRSS");
        }
    }
    let rss = screen.memory_kb("VmRSS");
    let peak = screen.memory_kb("VmHWM");
    assert!(keys > 2_000, "{keys} keys");
    eprintln!(
        "{keys} keys; RSS {after_ten} kB after ten sign-ins, {rss} kB after fifty; peak {peak} kB"
    );
    // SPEC §8: at most 50 MB, and flat: no growth per sign-in.
    assert!(peak <= 50 * 1024, "peak RSS {peak} kB");
    assert!(
        rss <= after_ten + 4 * 1024,
        "RSS grew from {after_ten} kB after ten sign-ins to {rss} kB after fifty"
    );
    // Ctrl-C quits from the sign-in screen, where q is typed.
    screen.type_keys("\x03");
    assert!(screen.finish().success());
}
