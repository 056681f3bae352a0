//! The benchmarks' big clinic (SPEC §8): 500 doctors with a year of slots laid out from the
//! demo's working plans (about 2 M), 50 000 patients, ~1 M appointments, generated once into `target/bench/big.db` with a frozen
//! clock so every run measures the same file.

#![allow(dead_code)] // each bench target uses part of this module

use chrono::{NaiveDate, NaiveDateTime};
use clinic::Clinic;
use clinic::clock::FixedClock;
use clinic::demo::{self, DemoSpec};
use clinic::store::OpenOptions;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// "Now" inside the benchmarks: a Monday 08:00.
pub fn now() -> NaiveDateTime {
    day().and_hms_opt(8, 0, 0).expect("valid time")
}

/// The day the one-day benchmarks look at: tomorrow, a full day of future slots.
pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2030, 1, 7).expect("valid date")
}

/// The last day the big clinic has slots on (a third of its year lies in the past).
pub fn last_day() -> NaiveDate {
    let spec = spec();
    day() - chrono::Duration::days(i64::from(spec.days / 3))
        + chrono::Duration::days(i64::from(spec.days) - 1)
}

pub fn spec() -> DemoSpec {
    DemoSpec {
        doctors: 500,
        patients: 50_000,
        days: 365,
        seed: 1,
    }
}

pub fn dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench");
    std::fs::create_dir_all(&dir).expect("create target/bench");
    dir
}

/// The big database, generated on first use.
pub fn path() -> PathBuf {
    let path = dir().join("big.db");
    if !path.exists() {
        let partial = dir().join("big.db.partial");
        let _ = std::fs::remove_file(&partial);
        eprintln!("generating the big clinic into {} (once)…", path.display());
        let started = Instant::now();
        let clinic = Clinic::open_with_clock(
            &partial,
            OpenOptions::create(),
            Arc::new(FixedClock::new(now())),
        )
        .expect("create the big clinic");
        let summary = demo::generate(&clinic, spec()).expect("generate the big clinic");
        drop(clinic);
        std::fs::rename(&partial, &path).expect("move the big clinic into place");
        eprintln!(
            "  {} slots, {} appointments in {:.1} s",
            summary.slots,
            summary.appointments,
            started.elapsed().as_secs_f64()
        );
    }
    path
}

/// A private copy of the big database for benchmarks that write.
pub fn copy(name: &str) -> PathBuf {
    let source = path();
    let target = dir().join(name);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
    }
    std::fs::copy(&source, &target).expect("copy the big clinic");
    // On disk before anything is timed: otherwise the kernel writes the 600 MB back during
    // the first measurements, and every commit's flush queues behind it.
    std::fs::File::open(&target)
        .and_then(|f| f.sync_all())
        .expect("flush the copy");
    target
}

pub fn open(path: &std::path::Path) -> Clinic {
    open_at(path, now())
}

/// The big clinic seen at another moment.
pub fn open_at(path: &std::path::Path, at: NaiveDateTime) -> Clinic {
    Clinic::open_with_clock(path, OpenOptions::default(), Arc::new(FixedClock::new(at)))
        .expect("open the big clinic")
}
