//! Many processes of the real binary race for the same thing at the same moment: SQLite
//! must serialise them (`BEGIN IMMEDIATE`, busy timeout) so that exactly one wins, the rest
//! get a plain conflict (exit 6), and nobody ever sees "database is locked".

mod support;

use serde_json::Value;
use std::process::{Output, Stdio};
use support::cli::*;
use support::{PASSWORD, TOMORROW};

const RACERS: usize = 8;
const ROUNDS: usize = 15;

/// Starts every command before waiting for any of them.
fn race(commands: Vec<std::process::Command>) -> Vec<Output> {
    let children: Vec<_> = commands
        .into_iter()
        .map(|mut c| {
            c.stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn clinic")
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait for clinic"))
        .collect()
}

/// Exactly one racer won (returns its index and JSON); every other one got a clean conflict.
fn one_winner(round: usize, outs: &[Output]) -> (usize, Value) {
    let mut winners = vec![];
    for (i, out) in outs.iter().enumerate() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("database is locked") && !stderr.contains("stayed busy"),
            "round {round}, racer {i}: {stderr}"
        );
        assert!(
            !stderr.contains("panicked"),
            "round {round}, racer {i}: {stderr}"
        );
        match out.status.code() {
            Some(0) => winners.push(i),
            Some(6) => assert_error(out, 6),
            other => panic!("round {round}, racer {i} exited {other:?}: {stderr}"),
        }
    }
    assert_eq!(
        winners.len(),
        1,
        "round {round}: exactly one booking wins, got {winners:?}"
    );
    let w = winners[0];
    let v: Value = serde_json::from_slice(&outs[w].stdout).expect("the winner prints JSON");
    (w, v)
}

#[test]
fn many_processes_book_one_slot_exactly_one_wins_each_round() {
    let f = Fixture::new();
    let doctor = f.add_doctor("doc", "Race Doctor", "General");
    let patients: Vec<i64> = (0..RACERS)
        .map(|i| f.add_patient(&format!("racer{i}"), &format!("Racer Number{i}")))
        .collect();
    // 12 a day is the doctor's default limit: spread the rounds over two days.
    let mut slots = f.declare(doctor, TOMORROW, "09:00", "15:00");
    slots.extend(f.declare(doctor, "2030-01-09", "09:00", "15:00"));
    assert!(slots.len() >= ROUNDS);

    let mut wins = [0usize; RACERS];
    for (round, &slot) in slots.iter().take(ROUNDS).enumerate() {
        let commands = (0..RACERS)
            .map(|i| {
                let mut c = f.std_cmd();
                c.env("CLINIC_PASSWORD", PASSWORD).args([
                    "--user",
                    &format!("racer{i}"),
                    "--json",
                    "book",
                    &slot.to_string(),
                ]);
                c
            })
            .collect();
        let outs = race(commands);
        let (w, appt) = one_winner(round, &outs);
        wins[w] += 1;
        assert_eq!(appt["slot_id"], slot, "round {round}");
        assert_eq!(appt["patient_id"], patients[w], "round {round}");
        assert_eq!(appt["status"], "booked");
        assert_eq!(f.active_on_slot(slot), 1, "round {round}: slot {slot}");
    }
    assert_eq!(wins.iter().sum::<usize>(), ROUNDS);

    f.assert_check_ok();
    let all = f.json(
        Some("admin"),
        &["appointments", "--doctor", &doctor.to_string()],
    );
    assert_eq!(all.as_array().unwrap().len(), ROUNDS);
}

/// The front desk and the patients themselves race: admins booking for patients and
/// patients booking for themselves, on one slot.
#[test]
fn admins_and_patients_racing_for_one_slot_still_give_one_booking() {
    let f = Fixture::new();
    let doctor = f.add_doctor("doc", "Race Doctor", "General");
    let patients: Vec<i64> = (0..RACERS)
        .map(|i| f.add_patient(&format!("racer{i}"), &format!("Racer Number{i}")))
        .collect();
    let slots = f.declare(doctor, TOMORROW, "09:00", "12:00");
    for (round, &slot) in slots.iter().take(5).enumerate() {
        let commands = (0..RACERS)
            .map(|i| {
                let mut c = f.std_cmd();
                c.env("CLINIC_PASSWORD", PASSWORD);
                if i % 2 == 0 {
                    c.args(["--user", "admin", "--json", "book", &slot.to_string()])
                        .args(["--patient", &patients[i].to_string()]);
                } else {
                    c.args(["--user", &format!("racer{i}"), "--json", "book"])
                        .arg(slot.to_string());
                }
                c
            })
            .collect();
        let outs = race(commands);
        let (w, appt) = one_winner(round, &outs);
        assert_eq!(appt["patient_id"], patients[w]);
        assert_eq!(f.active_on_slot(slot), 1);
    }
    f.assert_check_ok();
}

/// R3 under concurrency: one patient, many doctors' slots at the same time, all booked at
/// once. Exactly one may succeed.
#[test]
fn one_patient_racing_into_overlapping_slots_gets_exactly_one() {
    const DOCTORS: usize = 8;
    let f = Fixture::new();
    let patient = f.add_patient("eager", "Eager Person");
    let doctor_slots: Vec<Vec<i64>> = (0..DOCTORS)
        .map(|d| {
            let id = f.add_doctor(&format!("doc{d}"), &format!("Doctor Number{d}"), "General");
            f.declare(id, TOMORROW, "09:00", "11:00")
        })
        .collect();
    for round in 0..4 {
        let commands = doctor_slots
            .iter()
            .map(|slots| {
                let mut c = f.std_cmd();
                c.env("CLINIC_PASSWORD", PASSWORD).args([
                    "--user",
                    "eager",
                    "--json",
                    "book",
                    &slots[round].to_string(),
                ]);
                c
            })
            .collect();
        let outs = race(commands);
        let (w, appt) = one_winner(round, &outs);
        assert_eq!(appt["patient_id"], patient);
        assert_eq!(appt["slot_id"], doctor_slots[w][round]);
    }
    let mine = f.json(Some("eager"), &["history", &patient.to_string()]);
    assert_eq!(mine.as_array().unwrap().len(), 4);
    f.assert_check_ok();
}
