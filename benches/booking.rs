//! Booking throughput on the big clinic (SPEC §8), as rates rather than per-call timings:
//!
//! - the raw rate of single-row commits on the same file with the same pragmas (the ceiling:
//!   one `BEGIN IMMEDIATE; INSERT; COMMIT` with `synchronous=FULL` per row);
//! - bookings per second in one process;
//! - bookings per second of 8 processes racing on the same file, in aggregate.
//!
//! Run with `cargo bench --bench booking` (`BOOKING_ONE_PROCESS=1` stops after the
//! one-process figures). The same binary re-runs itself as the 8 worker processes
//! (`BOOKING_WORKER=…`).

mod big_clinic;

use chrono::{Duration, NaiveTime};
use clinic::Clinic;
use clinic::domain::{Actor, DoctorId, PatientId, SlotId};
use clinic::service::BookRequest;
use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

const WORKERS: usize = 8;
const PER_WORKER: usize = 150;
const SINGLE: usize = 1_500;
const BLOCK: usize = 150;
/// Few enough that the WAL does not reach its auto-checkpoint (1 000 pages) while counted.
const PAGES_SAMPLE: usize = 20;

fn main() {
    // `cargo bench` passes --bench; ignore arguments.
    if let Ok(spec) = std::env::var("BOOKING_WORKER") {
        worker(&spec);
        return;
    }
    let path = big_clinic::copy("booking.db");
    let clinic = big_clinic::open(&path);
    let admin = clinic
        .login("admin", clinic::demo::DEMO_PASSWORD)
        .expect("admin login")
        .actor;

    // Raw commits and bookings alternate in blocks, so a disk whose fsync latency drifts
    // during the run weighs on both sides alike.
    let slots = fresh_slots(&clinic, &admin, 400, SINGLE);
    let raw_conn = raw_connection(&path);
    let (mut raw_time, mut book_time) = (StdDuration::ZERO, StdDuration::ZERO);
    let mut each: Vec<u128> = Vec::new();
    for (round, block) in slots.chunks(BLOCK).enumerate() {
        raw_time += raw_commits(&raw_conn, block.len());
        let started = Instant::now();
        for (i, slot) in block.iter().enumerate() {
            let t = Instant::now();
            book(
                &clinic,
                &admin,
                *slot,
                PatientId(1 + (round * BLOCK + i) as i64),
            );
            each.push(t.elapsed().as_micros());
        }
        book_time += started.elapsed();
    }
    // Pages written per commit: the WAL's frames after a run of each, from empty.
    let extra = fresh_slots(&clinic, &admin, 402, PAGES_SAMPLE);
    let raw_pages = frames_per(&raw_conn, PAGES_SAMPLE, || {
        raw_commits(&raw_conn, PAGES_SAMPLE);
    });
    let booking_pages = frames_per(&raw_conn, PAGES_SAMPLE, || {
        for (i, slot) in extra.iter().enumerate() {
            book(&clinic, &admin, *slot, PatientId(20_000 + i as i64));
        }
    });
    println!(
        "pages written per commit: raw {raw_pages:.1}, booking {booking_pages:.1} (WAL frames over {PAGES_SAMPLE} commits)"
    );
    each.sort();
    let total: u128 = each.iter().sum();
    let p50 = each[each.len() / 2];
    let top: u128 = each[each.len() * 96 / 100..].iter().sum();
    println!(
        "per booking: mean {} us, p50 {p50} us, p90 {}, p99 {}, max {}; slowest 4 % take {:.0} % of the time",
        total / each.len() as u128,
        each[each.len() * 9 / 10],
        each[each.len() * 99 / 100],
        each[each.len() - 1],
        100.0 * top as f64 / total as f64
    );
    let raw = SINGLE as f64 / raw_time.as_secs_f64();
    println!("raw single-row commits:   {raw:8.0} /s");
    let single = SINGLE as f64 / book_time.as_secs_f64();
    println!(
        "bookings, 1 process:      {single:8.0} /s  ({:.0} % of raw commits; target ≥ 50 %)",
        100.0 * single / raw
    );

    if std::env::var_os("BOOKING_ONE_PROCESS").is_some() {
        return;
    }
    let slots = fresh_slots(&clinic, &admin, 401, WORKERS * PER_WORKER);
    drop(clinic);
    let go = path.with_extension("go");
    let _ = std::fs::remove_file(&go);
    let children: Vec<_> = slots
        .chunks(PER_WORKER)
        .enumerate()
        .map(|(w, chunk)| {
            let first_patient = 10_000 + w * PER_WORKER;
            let list: Vec<String> = chunk.iter().map(|s| s.0.to_string()).collect();
            Command::new(std::env::current_exe().expect("own path"))
                .env(
                    "BOOKING_WORKER",
                    format!(
                        "{}|{}|{first_patient}|{}",
                        path.display(),
                        go.display(),
                        list.join(",")
                    ),
                )
                .stdout(Stdio::piped())
                .spawn()
                .expect("spawn a worker")
        })
        .collect();
    // Let every worker open the file and sign in (argon2) before the race starts.
    std::thread::sleep(StdDuration::from_secs(3));
    std::fs::write(&go, b"go").expect("start the race");
    let mut spans = Vec::new();
    let mut booked = 0usize;
    for child in children {
        let out = child.wait_with_output().expect("worker finished");
        assert!(out.status.success(), "a worker failed");
        let text = String::from_utf8_lossy(&out.stdout);
        let fields: Vec<u128> = text
            .split_whitespace()
            .map(|f| f.parse().expect("worker output"))
            .collect();
        booked += fields[0] as usize;
        spans.push((fields[1], fields[2]));
    }
    let start = spans.iter().map(|s| s.0).min().unwrap_or(0);
    let end = spans.iter().map(|s| s.1).max().unwrap_or(0);
    let aggregate = booked as f64 / ((end - start) as f64 / 1e9);
    println!(
        "bookings, {WORKERS} processes:    {aggregate:8.0} /s  ({:.0} % of 1 process; target ≥ 50 %), {booked} booked, no lock errors",
        100.0 * aggregate / single
    );
    let _ = std::fs::remove_file(&go);
    let check = big_clinic::open(&path).check().expect("check");
    assert!(
        check.ok,
        "check failed after the race: {:?}",
        check.problems
    );
}

/// One racing process: sign in, wait for the start, book its slots, report.
fn worker(spec: &str) {
    let parts: Vec<&str> = spec.split('|').collect();
    let (path, go, first_patient) = (
        Path::new(parts[0]),
        Path::new(parts[1]),
        parts[2].parse::<i64>().unwrap(),
    );
    let slots: Vec<SlotId> = parts[3]
        .split(',')
        .map(|s| SlotId(s.parse().unwrap()))
        .collect();
    let clinic = big_clinic::open(path);
    let admin = clinic
        .login("admin", clinic::demo::DEMO_PASSWORD)
        .expect("admin login")
        .actor;
    while !go.exists() {
        std::thread::sleep(StdDuration::from_millis(5));
    }
    let started = unix_nanos();
    for (i, slot) in slots.iter().enumerate() {
        book(&clinic, &admin, *slot, PatientId(first_patient + i as i64));
    }
    println!("{} {} {}", slots.len(), started, unix_nanos());
}

fn book(clinic: &Clinic, admin: &Actor, slot: SlotId, patient: PatientId) {
    clinic
        .book(
            admin,
            &BookRequest {
                slot,
                patient: Some(patient),
                reason: None,
                override_reason: None,
                visit_type: None,
            },
        )
        .unwrap_or_else(|e| panic!("booking slot {slot} for patient {patient}: {e}"));
}

fn unix_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// `count` free slots on a day `days_ahead` from now, one per doctor per hour, so that no
/// doctor exceeds a daily limit and no patient overlaps: each booking gets its own patient.
fn fresh_slots(clinic: &Clinic, admin: &Actor, days_ahead: i64, count: usize) -> Vec<SlotId> {
    let day = big_clinic::day() + Duration::days(days_ahead);
    let mut slots = Vec::with_capacity(count);
    for doctor in 1..=500 {
        if slots.len() >= count {
            break;
        }
        let created = clinic
            .declare_slots(
                admin,
                DoctorId(doctor),
                day,
                NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
                Some(30),
            )
            .expect("declare slots");
        slots.extend(created.iter().take(8).map(|s| s.id));
    }
    slots.truncate(count);
    assert_eq!(slots.len(), count, "not enough fresh slots");
    slots
}

/// A connection to `path` with the store's pragmas and a one-column table to commit into.
fn raw_connection(path: &PathBuf) -> Connection {
    let conn = Connection::open(path).expect("open");
    conn.busy_timeout(StdDuration::from_secs(30)).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    for (name, value) in clinic::store::PRAGMAS {
        conn.pragma_update(None, name, value).unwrap();
    }
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS bench_commits (id INTEGER PRIMARY KEY, v INTEGER NOT NULL) STRICT",
    )
    .unwrap();
    conn
}

/// WAL frames (pages written) per commit of `run`, which makes `commits` commits: the WAL is
/// emptied first (nobody else is reading), then counted.
fn frames_per(conn: &Connection, commits: usize, run: impl FnOnce()) -> f64 {
    let checkpoint = |mode: &str| -> (i64, i64) {
        conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap()
    };
    let (busy, _) = checkpoint("TRUNCATE");
    assert_eq!(busy, 0, "the WAL could not be emptied");
    run();
    let (_, frames) = checkpoint("PASSIVE");
    frames as f64 / commits as f64
}

/// The time `rows` single-row commits take: `BEGIN IMMEDIATE; INSERT; COMMIT` each.
fn raw_commits(conn: &Connection, rows: usize) -> StdDuration {
    let started = Instant::now();
    for i in 0..rows {
        let tx =
            rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate).unwrap();
        tx.execute("INSERT INTO bench_commits (v) VALUES (?1)", [i as i64])
            .unwrap();
        tx.commit().unwrap();
    }
    started.elapsed()
}
