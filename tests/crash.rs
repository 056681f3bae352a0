//! Processes that write are killed with SIGKILL at random moments (a seeded generator, so
//! every run kills at the same offsets). Afterwards the file must pass `clinic check`, and
//! every write that was acknowledged (exit 0 with its JSON printed) must be in it.

mod support;

use serde_json::Value;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};
use support::PASSWORD;
use support::cli::*;

/// Concurrent killers, each with its own doctor and patient, so they contend for the file
/// but not for the same slot.
const KILLERS: usize = 4;
const ROUNDS: usize = 3;
/// Slots per doctor and day: 09:00–15:00 in 30 minutes stays within the default R4 limits.
const SLOTS_PER_DAY: usize = 12;
/// Kill offsets are drawn from 0..MAX_DELAY_MS after the spawn: from before the login to
/// after the commit.
const MAX_DELAY_MS: u64 = 300;

/// When to kill an attempt: a third are spared (so some writes are surely acknowledged), a
/// third are killed early (surely some die), a third anywhere in 0..MAX_DELAY_MS.
fn pick_delay(rng: &mut fastrand::Rng) -> Option<Duration> {
    match rng.u8(0..3) {
        0 => None,
        1 => Some(Duration::from_millis(rng.u64(0..20))),
        _ => Some(Duration::from_millis(rng.u64(0..MAX_DELAY_MS))),
    }
}

fn day(round: usize) -> String {
    format!("2030-01-{:02}", 8 + round)
}

/// Spawns `cmd`, waits up to `delay`, then kills it if it is still running; without a
/// delay, lets it finish.
fn run_and_maybe_kill(mut cmd: std::process::Command, delay: Option<Duration>) -> (Output, bool) {
    let mut child: Child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn clinic");
    let Some(delay) = delay else {
        return (child.wait_with_output().expect("wait for clinic"), false);
    };
    let deadline = Instant::now() + delay;
    let mut killed = false;
    loop {
        if child.try_wait().expect("poll child").is_some() {
            break;
        }
        if Instant::now() >= deadline {
            // `Child::kill` sends SIGKILL on Unix.
            let _ = child.kill();
            killed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let out = child.wait_with_output().expect("wait for clinic");
    // It may have finished between the last poll and the kill.
    let killed = killed && out.status.code().is_none();
    (out, killed)
}

/// What one killer saw of one attempt.
struct Attempt {
    slot: i64,
    patient: i64,
    /// The appointment id, when the booking was acknowledged.
    acknowledged: Option<i64>,
}

fn acknowledged(out: &Output, what: &str) -> Option<Value> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert!(
        !stderr.contains("database is locked"),
        "{what}: a killed process left the file locked: {stderr}"
    );
    match out.status.code() {
        Some(0) => Some(serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{what}: exit 0 without its JSON ({e}): {:?}",
                String::from_utf8_lossy(&out.stdout)
            )
        })),
        // Every attempt is on a slot nobody else tries: a refusal is a bug.
        Some(code) => panic!("{what}: exit {code}: {stderr}"),
        None => None,
    }
}

#[test]
fn killed_bookings_never_corrupt_the_file_or_lose_an_acknowledged_booking() {
    let f = Fixture::new();
    let mut work = vec![];
    for k in 0..KILLERS {
        let doctor = f.add_doctor(&format!("doc{k}"), &format!("Doctor Number{k}"), "General");
        let patient = f.add_patient(&format!("pat{k}"), &format!("Patient Number{k}"));
        let slots: Vec<Vec<i64>> = (0..ROUNDS)
            .map(|r| {
                let ids = f.declare(doctor, &day(r), "09:00", "15:00");
                assert_eq!(ids.len(), SLOTS_PER_DAY);
                ids
            })
            .collect();
        work.push((k, patient, slots));
    }

    let mut all: Vec<Attempt> = vec![];
    let mut kills = 0;
    for round in 0..ROUNDS {
        let results: Vec<(Vec<Attempt>, usize)> = std::thread::scope(|s| {
            let handles: Vec<_> = work
                .iter()
                .map(|(k, patient, slots)| {
                    let f = &f;
                    s.spawn(move || {
                        let mut rng =
                            fastrand::Rng::with_seed(0x00C1_111C + (round * 97 + k) as u64);
                        let mut attempts = vec![];
                        let mut kills = 0;
                        for &slot in &slots[round] {
                            let mut cmd = f.std_cmd();
                            cmd.env("CLINIC_PASSWORD", PASSWORD).args([
                                "--user",
                                &format!("pat{k}"),
                                "--json",
                                "book",
                                &slot.to_string(),
                                "--reason",
                                "crash test",
                            ]);
                            let delay = pick_delay(&mut rng);
                            let (out, killed) = run_and_maybe_kill(cmd, delay);
                            kills += usize::from(killed);
                            let ack = acknowledged(&out, &format!("killer {k}, slot {slot}"));
                            assert!(delay.is_some() || ack.is_some(), "a spared booking failed");
                            if let Some(v) = &ack {
                                assert_eq!(v["slot_id"], slot);
                                assert_eq!(v["patient_id"], *patient);
                            }
                            attempts.push(Attempt {
                                slot,
                                patient: *patient,
                                acknowledged: ack.map(|v| v["id"].as_i64().expect("an id")),
                            });
                        }
                        (attempts, kills)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (attempts, k) in results {
            all.extend(attempts);
            kills += k;
        }
        // After every round: the file is sound and holds every acknowledged booking.
        f.assert_check_ok();
        verify(&f, &all);
    }
    // The seeded offsets must actually have killed some processes and let others finish,
    // or this test proves nothing.
    let acked = all.iter().filter(|a| a.acknowledged.is_some()).count();
    eprintln!(
        "{} booking attempts: {kills} killed, {acked} acknowledged",
        all.len()
    );
    assert!(kills >= 5, "only {kills} processes were killed");
    assert!(acked >= 5, "only {acked} bookings were acknowledged");

    // The clinic still works normally after all that: a fresh booking succeeds.
    let doctor = f.json(None, &["doctors"])[0]["id"].as_i64().unwrap();
    let extra = f.declare(doctor, "2030-01-14", "09:00", "09:30");
    let patient = work[0].1.to_string();
    let v = f.json(
        Some("admin"),
        &["book", &extra[0].to_string(), "--patient", &patient],
    );
    assert_eq!(v["status"], "booked");
    f.assert_check_ok();
}

fn verify(f: &Fixture, attempts: &[Attempt]) {
    let conn = rusqlite::Connection::open(&f.db).expect("open db");
    for a in attempts {
        // R2 whatever happened.
        let active: i64 = conn
            .query_row(
                "SELECT count(*) FROM appointments WHERE slot_id = ?1 AND status <> 'cancelled'",
                [a.slot],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            active <= 1,
            "slot {} has {active} active appointments",
            a.slot
        );
        if let Some(id) = a.acknowledged {
            let row: Option<(i64, i64, String)> = conn
                .query_row(
                    "SELECT slot_id, patient_id, status FROM appointments WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .ok();
            assert_eq!(
                row,
                Some((a.slot, a.patient, "booked".to_string())),
                "acknowledged appointment {id} is not in the file as booked"
            );
        }
    }
    // And through the binary, for the last acknowledged booking.
    if let Some(id) = attempts.iter().rev().find_map(|a| a.acknowledged) {
        let v = f.json(Some("admin"), &["appointment", &id.to_string()]);
        assert_eq!(v["status"], "booked");
        assert_eq!(v["reason"], "crash test");
    }
}

/// A declaration is one transaction: a killed `slots declare` leaves all of its slots or
/// none, never half a day.
#[test]
fn a_killed_declaration_leaves_all_or_none_of_its_slots() {
    let f = Fixture::new();
    let doctors: Vec<i64> = (0..KILLERS)
        .map(|k| f.add_doctor(&format!("doc{k}"), &format!("Doctor Number{k}"), "General"))
        .collect();
    const DAYS: usize = 6;
    let acked: Vec<Vec<(String, bool)>> = std::thread::scope(|s| {
        let handles: Vec<_> = doctors
            .iter()
            .enumerate()
            .map(|(k, &doctor)| {
                let f = &f;
                s.spawn(move || {
                    let mut rng = fastrand::Rng::with_seed(0x0DEC_1A4E + k as u64);
                    (0..DAYS)
                        .map(|d| {
                            let date = format!("2030-02-{:02}", 4 + d);
                            let mut cmd = f.std_cmd();
                            cmd.env("CLINIC_PASSWORD", PASSWORD).args([
                                "--user",
                                "admin",
                                "--json",
                                "slots",
                                "declare",
                                "--doctor",
                                &doctor.to_string(),
                                "--date",
                                &date,
                                "--from",
                                "09:00",
                                "--to",
                                "21:00",
                                "--length",
                                "15",
                            ]);
                            let delay = pick_delay(&mut rng);
                            let (out, _) = run_and_maybe_kill(cmd, delay);
                            let ack = acknowledged(&out, &format!("declare {doctor} {date}"));
                            assert!(
                                delay.is_some() || ack.is_some(),
                                "a spared declaration failed"
                            );
                            if let Some(v) = &ack {
                                assert_eq!(v.as_array().unwrap().len(), 48);
                            }
                            (date, ack.is_some())
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    f.assert_check_ok();
    let acks = acked.iter().flatten().filter(|(_, ok)| *ok).count();
    let total = KILLERS * DAYS;
    eprintln!("{total} declarations: {acks} acknowledged");
    assert!(
        acks >= 2 && acks <= total - 2,
        "the seeded offsets must both kill and spare declarations: {acks} of {total} acknowledged"
    );
    // The early kills give the "none" case, the spared ones the "all" case; the others
    // may land mid-transaction.
    let conn = rusqlite::Connection::open(&f.db).unwrap();
    for (k, days) in acked.iter().enumerate() {
        for (date, ok) in days {
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM slots WHERE doctor_id = ?1 AND start LIKE ?2 || '%'",
                    rusqlite::params![doctors[k], date],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(
                n == 0 || n == 48,
                "doctor {} on {date}: {n} slots",
                doctors[k]
            );
            if *ok {
                assert_eq!(n, 48, "an acknowledged declaration is missing");
            }
        }
    }
}
