//! SPEC §10 through the real binary: `types`, `slots --type`, `hold`/`book --type`, series
//! and `cancel --series`, their JSON and exit codes and who may do what; and two processes
//! racing for overlapping runs of one doctor's slots.

mod support;

use serde_json::{Value, json};
use std::process::Stdio;
use support::PASSWORD;
use support::cli::*;

/// Dr. Lee (`dr.lee`) with 15-minute slots 09:00–12:00 on `days`, patients `ann` and `bob`,
/// and the types "New patient" (45) and "Follow-up" (15).
fn clinic(days: &[&str]) -> (Fixture, i64, i64, i64) {
    let f = Fixture::new();
    let lee = f.add_doctor("dr.lee", "Ada Lee", "Cardiology");
    let ann = f.add_patient("ann", "Ann Archer");
    let bob = f.add_patient("bob", "Bob Baker");
    for d in days {
        f.json(
            Some("admin"),
            &[
                "slots",
                "declare",
                "--doctor",
                &lee.to_string(),
                "--date",
                d,
                "--from",
                "09:00",
                "--to",
                "12:00",
                "--length",
                "15",
            ],
        );
    }
    for (name, minutes) in [("New patient", "45"), ("Follow-up", "15")] {
        f.json(
            Some("admin"),
            &[
                "types",
                "add",
                "--name",
                name,
                "--minutes",
                minutes,
                "--fee",
                "60",
            ],
        );
    }
    (f, lee, ann, bob)
}

fn slot_at(f: &Fixture, doctor: i64, start: &str) -> String {
    let list = f.json(
        Some("admin"),
        &[
            "slots",
            "--date",
            &start[..10],
            "--doctor",
            &doctor.to_string(),
        ],
    );
    list.as_array()
        .unwrap()
        .iter()
        .find(|s| s["start"] == start)
        .unwrap_or_else(|| panic!("no slot at {start}"))["id"]
        .to_string()
}

#[test]
fn types_print_the_spec_json_and_only_the_desk_changes_them() {
    let (f, _, _, _) = clinic(&[]);
    let list = f.json(Some("ann"), &["types"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(
        keys(&list[0]),
        ["description", "fee", "id", "minutes", "name", "retired"]
    );
    assert_eq!(list[1]["name"], "New patient");
    let out = f
        .as_user("ann")
        .args(["types", "add", "--name", "Physio", "--minutes", "30"])
        .output()
        .unwrap();
    assert_error(&out, 4);
    let out = f
        .as_user("admin")
        .args(["types", "add", "--name", "follow-UP", "--minutes", "20"])
        .output()
        .unwrap();
    assert_error(&out, 6);
    let out = f
        .as_user("admin")
        .args(["types", "add", "--name", "Odd", "--minutes", "47"])
        .output()
        .unwrap();
    assert_error(&out, 7);
    let id = list[1]["id"].to_string();
    let edited = f.json(Some("admin"), &["types", "edit", &id, "--minutes", "50"]);
    assert_eq!(edited["minutes"], 50);
    let retired = f.json(Some("admin"), &["types", "retire", &id]);
    assert_eq!(retired["retired"], true);
    assert_eq!(f.json(None, &["types"]).as_array().unwrap().len(), 1);
    assert_eq!(
        f.json(None, &["types", "--all"]).as_array().unwrap().len(),
        2
    );
}

#[test]
fn slots_book_and_hold_take_a_type_and_show_the_visits_real_span() {
    let (f, lee, ann, _) = clinic(&["2030-01-09"]);
    let starts = f.json(
        Some("ann"),
        &["slots", "--date", "2030-01-09", "--type", "new patient"],
    );
    let starts = starts.as_array().unwrap();
    // 09:00 … 11:15: every start with 45 free minutes after it.
    assert_eq!(starts.len(), 10);
    assert_eq!(starts[0]["end"], "2030-01-09T09:45");
    assert_eq!(starts[0]["duration"], 45);
    let first = slot_at(&f, lee, "2030-01-09T09:00");
    let held = f.json(Some("ann"), &["hold", &first, "--type", "New patient"]);
    assert_eq!(held["slot_id"].to_string(), first);
    let a = f.json(Some("ann"), &["book", &first, "--type", "New patient"]);
    assert_fields(
        &a,
        &[
            "id",
            "start",
            "end",
            "duration",
            "visit_type",
            "series_id",
            "status",
        ],
    );
    assert_eq!(
        (&a["end"], &a["duration"], &a["visit_type"], &a["series_id"]),
        (
            &json!("2030-01-09T09:45"),
            &json!(45),
            &json!("New patient"),
            &Value::Null
        )
    );
    assert_eq!(a["patient_id"], ann);
    // Without a type a booking is the one slot, as before.
    let plain = f.json(
        Some("admin"),
        &[
            "book",
            &slot_at(&f, lee, "2030-01-09T10:00"),
            "--patient",
            &ann.to_string(),
        ],
    );
    assert_eq!(
        (&plain["visit_type"], &plain["duration"]),
        (&Value::Null, &json!(15))
    );
    // 09:30 lies inside Ann's visit: exit 6.
    let out = f
        .as_user("bob")
        .args(["book", &slot_at(&f, lee, "2030-01-09T09:30")])
        .output()
        .unwrap();
    assert_error(&out, 6);
    let out = f
        .as_user("bob")
        .args(["book", &first, "--type", "Nope"])
        .output()
        .unwrap();
    assert_error(&out, 5);
    // Bob waits for a new-patient visit that day: the entry says which.
    let entry = f.json(
        Some("bob"),
        &[
            "waitlist",
            "add",
            "--doctor",
            &lee.to_string(),
            "--date",
            "2030-01-09",
            "--type",
            "New patient",
        ],
    );
    assert_eq!(entry["visit_type"], "New patient");
    f.assert_check_ok();
}

#[test]
fn a_series_books_every_date_or_none_and_cancels_from_one_on() {
    let days = ["2030-01-09", "2030-01-16", "2030-01-23", "2030-01-30"];
    let (f, lee, ann, bob) = clinic(&days);
    // Bob has 10:00 on the third Wednesday.
    f.json(
        Some("admin"),
        &[
            "book",
            &slot_at(&f, lee, "2030-01-23T10:00"),
            "--patient",
            &bob.to_string(),
        ],
    );
    let first = slot_at(&f, lee, "2030-01-09T10:00");
    let ann_id = ann.to_string();
    let series = |extra: &[&str]| -> Vec<String> {
        [
            "book",
            &first,
            "--patient",
            &ann_id,
            "--type",
            "Follow-up",
            "--repeat",
            "weekly",
            "--count",
            "4",
        ]
        .iter()
        .chain(extra)
        .map(|s| s.to_string())
        .collect()
    };
    let before = f.fingerprint();
    let out = f.as_user("admin").args(series(&[])).output().unwrap();
    assert_error(&out, 6);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Wed 23 Jan 2030"), "{stderr}");
    assert_eq!(f.fingerprint(), before, "nothing booked");
    let args = series(&["--skip-unavailable"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let booked = f.json(Some("admin"), &args);
    assert_eq!(keys(&booked), ["booked", "series_id", "skipped"]);
    assert_eq!(booked["skipped"], json!(["2030-01-23"]));
    let visits = booked["booked"].as_array().unwrap();
    assert_eq!(visits.len(), 3);
    assert!(visits.iter().all(|a| a["series_id"] == booked["series_id"]));
    let second = visits[1]["id"].to_string();
    let cancelled = f.json(
        Some("admin"),
        &["cancel", &second, "--series", "--reason", "course ended"],
    );
    assert_eq!(cancelled.as_array().unwrap().len(), 2);
    let first_visit = f.json(
        Some("admin"),
        &["appointment", &visits[0]["id"].to_string()],
    );
    assert_eq!(first_visit["status"], "booked");
    // Patients book their own series; more than 52 is a usage error of the library (7).
    let out = f
        .as_user("ann")
        .args(["book", &first, "--repeat", "weekly", "--count", "53"])
        .output()
        .unwrap();
    assert_error(&out, 7);
    f.assert_check_ok();
}

#[test]
fn overlapping_runs_booked_by_racing_processes_never_share_a_slot() {
    // Each round: a 45-minute visit from 09:00 and a 30-minute one from 09:15 (via the
    // "Consultation" type), booked at once by two processes on one file.
    let days = [
        "2030-01-09",
        "2030-01-10",
        "2030-01-11",
        "2030-01-14",
        "2030-01-15",
        "2030-01-16",
    ];
    let (f, lee, ann, bob) = clinic(&days);
    f.json(
        Some("admin"),
        &["types", "add", "--name", "Consultation", "--minutes", "30"],
    );
    let mut wins = [0, 0];
    for d in days {
        let long = slot_at(&f, lee, &format!("{d}T09:00"));
        let short = slot_at(&f, lee, &format!("{d}T09:15"));
        let racers: Vec<_> = [(ann, &long, "New patient"), (bob, &short, "Consultation")]
            .into_iter()
            .map(|(patient, slot, kind)| {
                f.std_cmd()
                    .args(["--user", "admin", "--json", "book", slot, "--type", kind])
                    .args(["--patient", &patient.to_string()])
                    .env("CLINIC_PASSWORD", PASSWORD)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outcomes: Vec<_> = racers
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let ok: Vec<bool> = outcomes.iter().map(|o| o.status.success()).collect();
        assert_eq!(
            ok.iter().filter(|b| **b).count(),
            1,
            "exactly one wins on {d}"
        );
        for (i, o) in outcomes.iter().enumerate() {
            if ok[i] {
                wins[i] += 1;
            } else {
                assert_error(o, 6);
            }
        }
    }
    assert_eq!(wins[0] + wins[1], days.len());
    f.assert_check_ok();
}
