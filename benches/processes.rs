//! Whole-process measurements on the big clinic (SPEC §8) that a per-call benchmark cannot
//! give: the CLI against the `sqlite3` shell running the same indexed query, and the TUI in a
//! pseudo-terminal (first frame, first screen after sign-in, key-to-redraw, memory).
//!
//! Run with `cargo bench --bench processes`. Prints a table; asserts nothing about time.

mod big_clinic;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLINIC: &str = env!("CARGO_BIN_EXE_clinic");
const NOW: &str = "2030-01-07T08:00";
const RUNS: u32 = 20;

fn main() {
    let path = big_clinic::path();
    cli_against_sqlite3(&path);
    tui(&path);
}

/// Mean wall time of `runs` runs of `make()`, after one warm-up run.
fn mean(runs: u32, mut make: impl FnMut() -> Command) -> Duration {
    let run = |cmd: &mut Command| {
        let status = cmd.stdout(Stdio::null()).status().expect("run");
        assert!(status.success(), "{cmd:?} failed");
    };
    run(&mut make());
    let started = Instant::now();
    for _ in 0..runs {
        run(&mut make());
    }
    started.elapsed() / runs
}

fn cli_against_sqlite3(path: &Path) {
    let day = big_clinic::day() + chrono::Duration::days(1);
    let clinic = mean(RUNS, || {
        let mut c = Command::new(CLINIC);
        c.env("CLINIC_NOW", NOW).args([
            "--db",
            path.to_str().unwrap(),
            "slots",
            "--date",
            &day.to_string(),
            "--free",
            "--json",
        ]);
        c
    });
    println!(
        "clinic slots --date {day} --free --json   {:7.1} ms",
        ms(clinic)
    );
    if Command::new("sqlite3")
        .arg("-version")
        .stdout(Stdio::null())
        .status()
        .is_err()
    {
        println!("sqlite3 shell not installed: comparison skipped (apt-get install sqlite3)");
        return;
    }
    // The same rows, in the same order, as JSON: slots of active doctors that day, not
    // booked, not held, not past, of doctors under their daily limits, by time then doctor.
    let sql = format!(
        ".mode json\n\
         SELECT s.id, s.doctor_id, d.full_name AS doctor_name, sp.name AS specialty, s.start,\n\
                s.end_at AS \"end\", s.duration, 'free' AS state, d.fee\n\
         FROM slots s JOIN doctors d ON d.id = s.doctor_id\n\
         JOIN specialties sp ON sp.id = d.specialty_id\n\
         LEFT JOIN holds h ON h.slot_id = s.id AND h.expires_at > '{NOW}:00'\n\
         LEFT JOIN doctor_days dd ON dd.day = substr(s.start, 1, 10) AND dd.doctor_id = s.doctor_id\n\
         WHERE s.start >= '{day}' AND s.start < '{next}' AND s.booked = 0\n\
           AND h.slot_id IS NULL AND s.start > '{NOW}' AND d.active = 1\n\
           AND coalesce(dd.active, 0) < d.max_per_day\n\
           AND coalesce(dd.booked_mins, 0) + s.duration <= d.max_minutes\n\
         ORDER BY s.start, s.doctor_id;\n",
        next = day + chrono::Duration::days(1)
    );
    let script = big_clinic::dir().join("free-slots.sql");
    std::fs::write(&script, sql).expect("write the query");
    let shell = mean(RUNS, || {
        let mut c = Command::new("sh");
        c.arg("-c").arg(format!(
            "sqlite3 -readonly '{}' < '{}'",
            path.display(),
            script.display()
        ));
        c
    });
    println!(
        "sqlite3 shell, the same query             {:7.1} ms",
        ms(shell)
    );
    println!(
        "ratio clinic / sqlite3                      {:7.2}   (target ≤ 1.5)",
        clinic.as_secs_f64() / shell.as_secs_f64()
    );
}

/// The terminal as a person sees it, fed by a reader thread.
struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Screen {
    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until `done(text)` holds; returns when it did.
    fn until(&self, what: &str, done: impl Fn(&str) -> bool) -> Instant {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if done(&self.text()) {
                return Instant::now();
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_micros(200));
        }
    }
}

fn tui(path: &Path) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(CLINIC);
    cmd.args(["--db", path.to_str().unwrap()]);
    cmd.env("CLINIC_NOW", NOW);
    cmd.env("TERM", "xterm-256color");
    let screen = Screen {
        parser: Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZero::new(24).unwrap(),
            std::num::NonZero::new(80).unwrap(),
            0,
        ))),
    };
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let parser = screen.parser.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.lock().unwrap().process(&buf[..n]);
        }
    });
    let launched = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("start the TUI");
    let pid = child.process_id().expect("pid");
    let mut keys = pty.master.take_writer().expect("writer");
    let first = screen.until("the sign-in screen", |t| {
        t.contains("Sign in") && t.contains("Password")
    });
    println!(
        "TUI first frame after launch                {:7.1} ms   (target ≤ 100)",
        ms(first - launched)
    );

    let argon2 = {
        let hash = clinic::service::password::hash("benchmark-password").unwrap();
        let started = Instant::now();
        clinic::service::password::verify("benchmark-password", &hash);
        started.elapsed()
    };
    type_keys(&mut *keys, "patient1\r");
    keys.write_all(format!("{}\r", clinic::demo::DEMO_PASSWORD).as_bytes())
        .unwrap();
    keys.flush().unwrap();
    let entered = Instant::now();
    let shown = screen.until("the free slots", |t| {
        t.contains("Free slots") && t.contains("min")
    });
    println!(
        "first screen after sign-in, argon2 excluded {:7.1} ms   (sign-in {:.1} ms − argon2 {:.1} ms)",
        ms((shown - entered).saturating_sub(argon2)),
        ms(shown - entered),
        ms(argon2)
    );

    // Key to redraw: move the selection down and wait for the screen to change.
    let mut worst = Duration::ZERO;
    let mut total = Duration::ZERO;
    let presses = 40;
    for _ in 0..presses {
        let before = screen.text();
        let pressed = Instant::now();
        keys.write_all(b"\x1b[B").unwrap();
        keys.flush().unwrap();
        let redrawn = screen.until("a redraw", |t| t != before);
        worst = worst.max(redrawn - pressed);
        total += redrawn - pressed;
    }
    println!(
        "key to redraw (↓, {presses} presses)            {:7.1} ms mean, {:.1} ms worst   (target ≤ 16)",
        ms(total / presses),
        ms(worst)
    );
    // Page through a year of days and back, then read the resident memory.
    for _ in 0..60 {
        type_keys_fast(&mut *keys, "l");
    }
    for _ in 0..30 {
        type_keys_fast(&mut *keys, "\x1b[6~");
    }
    std::thread::sleep(Duration::from_millis(500));
    let rss = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .unwrap_or_else(|| "VmHWM: unknown".into());
    println!(
        "TUI peak memory after paging 60 days        {}   (target ≤ 50 MB)",
        rss.trim_start_matches("VmHWM:").trim()
    );
    let _ = keys.write_all(b"\x03");
    let _ = keys.flush();
    let _ = child.wait();
}

fn type_keys(keys: &mut dyn Write, text: &str) {
    keys.write_all(text.as_bytes()).unwrap();
    keys.flush().unwrap();
    std::thread::sleep(Duration::from_millis(100));
}

fn type_keys_fast(keys: &mut dyn Write, text: &str) {
    keys.write_all(text.as_bytes()).unwrap();
    keys.flush().unwrap();
    std::thread::sleep(Duration::from_millis(20));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
