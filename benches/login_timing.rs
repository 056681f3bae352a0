//! How long a failed sign-in takes, whole process, for the three cases an outsider must not
//! tell apart (SPEC §14): an unknown username, a wrong password, a locked login. Each CLI call
//! is a new process, so a cost paid "on first use" shows here.
//!
//! Run with `cargo bench --bench login_timing`. Prints medians and ranges; asserts nothing.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CLINIC: &str = env!("CARGO_BIN_EXE_clinic");
const ROUNDS: usize = 30;

fn clinic(db: &std::path::Path) -> Command {
    let mut c = Command::new(CLINIC);
    c.env("CLINIC_NOW", "2030-01-07T08:00")
        .env_remove("CLINIC_USER")
        .arg("--db")
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// One failed sign-in as `user` with `password`: its wall time.
fn attempt(db: &std::path::Path, user: &str, password: &str) -> Duration {
    let started = Instant::now();
    let status = clinic(db)
        .args(["--user", user, "audit"])
        .env("CLINIC_PASSWORD", password)
        .status()
        .expect("run clinic");
    assert_eq!(status.code(), Some(3), "{user} should be refused");
    started.elapsed()
}

fn summary(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<9} median {:6.1} ms   min {:6.1}   max {:6.1}",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("timing.db");
    let setup = |args: &[&str]| {
        let status = clinic(&db)
            .args(args)
            .env("CLINIC_NEW_PASSWORD", "secret-pass")
            .status()
            .expect("run clinic");
        assert!(status.success(), "{args:?}");
    };
    setup(&["init", "--admin", "admin"]);
    for user in ["ann", "lockme"] {
        setup(&[
            "register",
            "--role",
            "patient",
            "--username",
            user,
            "--full-name",
            user,
        ]);
    }
    for _ in 0..5 {
        attempt(&db, "lockme", "wrong-password");
    }
    let (mut unknown, mut wrong, mut locked) = (vec![], vec![], vec![]);
    for round in 0..ROUNDS {
        // Interleaved, so drift weighs on all three alike; ann's failures are cleared by a
        // success every few rounds so she never locks.
        unknown.push(attempt(&db, &format!("nobody{round}"), "wrong-password"));
        wrong.push(attempt(&db, "ann", &format!("wrong-password-{round}")));
        locked.push(attempt(&db, "lockme", "secret-pass"));
        if round % 4 == 3 {
            let status = clinic(&db)
                .args(["--user", "ann", "audit"])
                .env("CLINIC_PASSWORD", "secret-pass")
                .status()
                .expect("run clinic");
            assert_eq!(
                status.code(),
                Some(4),
                "ann signs in, then may not read the audit"
            );
        }
    }
    println!("failed sign-ins, whole process, {ROUNDS} each:");
    summary("unknown", unknown);
    summary("wrong", wrong);
    summary("locked", locked);
}
