//! SPEC §7 through the real binary: every command, the JSON field names, the exit codes,
//! the error line, and the file's mode, backup and check.

mod support;

use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::process::Output;
use support::cli::*;
use support::{PASSWORD, TOMORROW};

const DOCTOR_FIELDS: &[&str] = &[
    "id",
    "full_name",
    "specialty",
    "fee",
    "max_per_day",
    "max_minutes",
];
const PATIENT_FIELDS: &[&str] = &["id", "full_name", "gender", "dob", "phone", "email"];
const SLOT_FIELDS: &[&str] = &[
    "id",
    "doctor_id",
    "doctor_name",
    "specialty",
    "start",
    "end",
    "duration",
    "state",
];
const APPOINTMENT_FIELDS: &[&str] = &[
    "id",
    "slot_id",
    "doctor_id",
    "doctor_name",
    "patient_id",
    "patient_name",
    "start",
    "end",
    "duration",
    "status",
    "reason",
    "reschedules",
];
const LOAD_ROW_FIELDS: &[&str] = &[
    "doctor_id",
    "doctor_name",
    "appointments_count",
    "booked_mins",
];

/// A clinic with two doctors (one a cardiologist with a daily limit of 2), three patients
/// and slots tomorrow 09:00–11:00 for both doctors.
struct Clinic {
    f: Fixture,
    /// Dr. Cora Heart (`cora`), Cardiology, max 2 a day.
    cora: i64,
    /// Dr. Derm Ito (`ito`), Dermatology.
    ito: i64,
    /// Ann Able (`ann`), Bob Baker (`bob`), Cat Chen (`cat`).
    ann: i64,
    bob: i64,
    cat: i64,
    cora_slots: Vec<i64>,
    ito_slots: Vec<i64>,
}

fn clinic() -> Clinic {
    let f = Fixture::new();
    let cora = id_of(
        &f.as_user("admin")
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .args([
                "--json",
                "register",
                "--role",
                "doctor",
                "--username",
                "cora",
            ])
            .args(["--full-name", "Cora Heart", "--specialty", "Cardiology"])
            .args(["--fee", "80", "--max-per-day", "2"])
            .output()
            .unwrap(),
    );
    let ito = f.add_doctor("ito", "Derm Ito", "Dermatology");
    let ann = f.add_patient("ann", "Ann Able");
    let bob = f.add_patient("bob", "Bob Baker");
    let cat = f.add_patient("cat", "Cat Chen");
    let cora_slots = f.declare(cora, TOMORROW, "09:00", "11:00");
    let ito_slots = f.declare(ito, TOMORROW, "09:00", "11:00");
    Clinic {
        f,
        cora,
        ito,
        ann,
        bob,
        cat,
        cora_slots,
        ito_slots,
    }
}

fn s(n: i64) -> String {
    n.to_string()
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {:?} / stderr {:?}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Runs a command and asserts a clean refusal with `code`; returns its output.
fn refused(cmd: &mut assert_cmd::Command, code: i32) -> Output {
    let out = cmd.output().unwrap();
    assert_error(&out, code);
    out
}

fn book(c: &Clinic, user: &str, slot: i64, extra: &[&str]) -> Value {
    let mut args = vec!["book".to_string(), s(slot)];
    args.extend(extra.iter().map(|a| a.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    c.f.json(Some(user), &args)
}

// ---------------------------------------------------------------- files: mode, init, demo

#[test]
fn init_creates_a_private_file_and_is_idempotent() {
    let f = Fixture::empty();
    let v = stdout_json(
        &f.cmd()
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .args([
                "--json",
                "init",
                "--admin",
                "boss",
                "--full-name",
                "Big Boss",
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(v["created"], true);
    assert_eq!(v["account"]["username"], "boss");
    assert_eq!(v["account"]["role"], "admin");
    let mode = std::fs::metadata(&f.db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a new database file is 0600, got {mode:o}");

    // Again: nothing changes, still exit 0.
    let v = stdout_json(
        &f.cmd()
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .args(["--json", "init", "--admin", "boss"])
            .output()
            .unwrap(),
    );
    assert_eq!(v["created"], false);
    // The admin can log in.
    f.cmd()
        .args(["--user", "boss", "audit"])
        .env("CLINIC_PASSWORD", PASSWORD)
        .assert()
        .success();
}

#[test]
fn shared_creates_a_group_writable_file() {
    let f = Fixture::empty();
    f.cmd()
        .env("CLINIC_NEW_PASSWORD", PASSWORD)
        .args(["--shared", "init", "--admin", "admin"])
        .assert()
        .success();
    let mode = std::fs::metadata(&f.db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o660, "--shared creates 0660, got {mode:o}");
}

#[test]
fn demo_fills_an_empty_file_and_prints_its_logins() {
    let f = Fixture::empty();
    let v = f.json(
        None,
        &[
            "demo",
            "--doctors",
            "3",
            "--patients",
            "6",
            "--days",
            "2",
            "--seed",
            "7",
        ],
    );
    assert_eq!(v["doctors"], 3);
    assert_eq!(v["patients"], 6);
    let logins = v["logins"].as_array().expect("logins is an array");
    let names: Vec<&str> = logins
        .iter()
        .map(|l| l["username"].as_str().unwrap())
        .collect();
    for name in ["admin", "frontdesk", "doctor1", "doctor3", "patient1"] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    assert_eq!(f.json(None, &["doctors"]).as_array().unwrap().len(), 3);
    f.cmd()
        .args(["--user", "doctor1", "slots", "--date", TOMORROW])
        .env("CLINIC_PASSWORD", "demo-pass")
        .assert()
        .success();
    f.assert_check_ok();
    // A second demo would mix into real data: refused as a conflict.
    refused(f.cmd().arg("demo"), 6);
}

// ---------------------------------------------------------------- accounts and catalogue

#[test]
fn register_prints_the_patient_or_doctor_object_with_its_own_id() {
    let f = Fixture::new();
    // The admin's account is id 1, so a patient id equal to the account id would be 2.
    let out = f
        .cmd()
        .env("CLINIC_NEW_PASSWORD", PASSWORD)
        .args([
            "--json",
            "register",
            "--role",
            "patient",
            "--username",
            "pat",
        ])
        .args(["--full-name", "Pat Doe", "--email", "pat@example.org"])
        .args([
            "--phone",
            "555-0100",
            "--gender",
            "female",
            "--dob",
            "1990-02-03",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let p = stdout_json(&out);
    assert_fields(&p, PATIENT_FIELDS);
    assert_eq!(p["id"], 1, "the patient id, not the account id");
    assert_eq!(p["full_name"], "Pat Doe");
    assert_eq!(p["gender"], "female");
    assert_eq!(p["dob"], "1990-02-03");
    assert_eq!(p["phone"], "555-0100");
    assert_eq!(p["email"], "pat@example.org");
    // The patient can read their own record by that id.
    let me = f.json(Some("pat"), &["patient", "1"]);
    assert_eq!(me["full_name"], "Pat Doe");

    let out = f
        .as_user("admin")
        .env("CLINIC_NEW_PASSWORD", PASSWORD)
        .args([
            "--json",
            "register",
            "--role",
            "doctor",
            "--username",
            "doc",
        ])
        .args(["--full-name", "Dr Who", "--specialty", "Neurology"])
        .args(["--fee", "120", "--max-per-day", "9"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let d = stdout_json(&out);
    assert_fields(&d, DOCTOR_FIELDS);
    assert_eq!(d["id"], 1, "the doctor id, not the account id");
    assert_eq!(d["full_name"], "Dr Who");
    assert_eq!(d["specialty"], "Neurology");
    assert_eq!(d["fee"], 120);
    assert_eq!(d["max_per_day"], 9);
    assert_eq!(d["max_minutes"], 480);

    let out = f
        .as_user("admin")
        .env("CLINIC_NEW_PASSWORD", PASSWORD)
        .args([
            "--json",
            "register",
            "--role",
            "admin",
            "--username",
            "desk2",
        ])
        .args(["--full-name", "Second Desk"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stdout_json(&out)["username"], "desk2");
    f.json(Some("desk2"), &["patients"]);
}

#[test]
fn doctors_and_doctor_detail() {
    let c = clinic();
    let list = c.f.json(None, &["doctors"]);
    let list = list.as_array().expect("doctors is an array");
    assert_eq!(list.len(), 2);
    for d in list {
        assert_fields(d, DOCTOR_FIELDS);
    }
    let cardio = c.f.json(None, &["doctors", "--specialty", "cardiology"]);
    let cardio = cardio.as_array().unwrap();
    assert_eq!(cardio.len(), 1);
    assert_eq!(cardio[0]["id"], c.cora);
    assert_eq!(cardio[0]["full_name"], "Cora Heart");
    assert_eq!(cardio[0]["fee"], 80);
    assert_eq!(cardio[0]["max_per_day"], 2);

    let d = c.f.json(None, &["doctor", &s(c.ito)]);
    assert_fields(&d, DOCTOR_FIELDS);
    assert_eq!(d["id"], c.ito);
    assert_eq!(d["specialty"], "Dermatology");
}

#[test]
fn patients_list_and_search() {
    let c = clinic();
    let all = c.f.json(Some("admin"), &["patients"]);
    let all = all.as_array().expect("patients is an array");
    assert_eq!(all.len(), 3);
    for p in all {
        assert_fields(p, PATIENT_FIELDS);
    }
    let found = c.f.json(Some("admin"), &["patients", "--search", "bak"]);
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["id"], c.bob);
    assert_eq!(found[0]["full_name"], "Bob Baker");
    // Walk-in patients without a login.
    let w = c.f.json(
        Some("admin"),
        &[
            "patients",
            "add",
            "--full-name",
            "Walk In",
            "--phone",
            "555-0199",
        ],
    );
    assert_fields(&w, PATIENT_FIELDS);
    assert_eq!(w["full_name"], "Walk In");
}

// ---------------------------------------------------------------- slots

#[test]
fn slots_declare_prints_the_created_slots_and_remove_removes_free_ones() {
    let c = clinic();
    let v = c.f.json(
        Some("cora"),
        &[
            "slots",
            "declare",
            "--doctor",
            &s(c.cora),
            "--date",
            "2030-01-09",
            "--from",
            "14:00",
            "--to",
            "15:00",
            "--length",
            "20",
        ],
    );
    let created = v.as_array().expect("declare prints an array");
    assert_eq!(created.len(), 3);
    let starts: Vec<&str> = created
        .iter()
        .map(|s| s["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        ["2030-01-09T14:00", "2030-01-09T14:20", "2030-01-09T14:40"]
    );
    for slot in created {
        assert_fields(slot, SLOT_FIELDS);
        assert_eq!(slot["duration"], 20);
        assert_eq!(slot["state"], "free");
        assert_eq!(slot["doctor_id"], c.cora);
        assert_eq!(slot["doctor_name"], "Cora Heart");
        assert_eq!(slot["specialty"], "Cardiology");
    }
    assert_eq!(created[0]["end"], "2030-01-09T14:20");

    let first = created[0]["id"].as_i64().unwrap();
    let second = created[1]["id"].as_i64().unwrap();
    c.f.json(Some("admin"), &["slots", "remove", &s(first), &s(second)]);
    let left = c.f.json(None, &["slots", "--date", "2030-01-09"]);
    let left = left.as_array().unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["start"], "2030-01-09T14:40");

    // A booked slot cannot be removed (R10).
    book(&c, "ann", c.cora_slots[0], &[]);
    refused(
        c.f.as_user("admin")
            .args(["slots", "remove", &s(c.cora_slots[0])]),
        6,
    );
}

#[test]
fn slot_lists_show_patient_id_only_to_the_admin_and_the_own_doctor() {
    let c = clinic();
    let booked = c.cora_slots[0];
    book(&c, "ann", booked, &[]);
    let day = ["slots", "--date", TOMORROW, "--doctor", &s(c.cora)];

    for viewer in [Some("admin"), Some("cora")] {
        let list = c.f.json(viewer, &day);
        let list = list.as_array().expect("slots is an array");
        assert_eq!(list.len(), 4, "{viewer:?} sees all four slots");
        for slot in list {
            assert_fields(slot, SLOT_FIELDS);
            assert!(
                slot.as_object().unwrap().contains_key("patient_id"),
                "{viewer:?} sees patient_id: {slot}"
            );
            if slot["id"] == booked {
                assert_eq!(slot["state"], "booked");
                assert_eq!(slot["patient_id"], c.ann);
            } else {
                assert_eq!(slot["state"], "free");
                assert!(slot["patient_id"].is_null(), "{slot}");
            }
        }
    }
    for viewer in [None, Some("bob"), Some("ann"), Some("ito")] {
        let list = c.f.json(viewer, &day);
        let list = list.as_array().unwrap();
        assert!(!list.is_empty());
        for slot in list {
            assert_fields(slot, SLOT_FIELDS);
            assert!(
                !slot.as_object().unwrap().contains_key("patient_id"),
                "{viewer:?} must not see patient_id: {slot}"
            );
        }
    }
    // A guest's list is free slots only.
    let guest = c.f.json(None, &day);
    assert!(
        guest
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["state"] == "free")
    );
    assert!(!guest.as_array().unwrap().iter().any(|s| s["id"] == booked));
}

#[test]
fn slots_filters_and_sorts() {
    let c = clinic();
    let derm = c.f.json(
        None,
        &[
            "slots",
            "--date",
            TOMORROW,
            "--specialty",
            "Dermatology",
            "--free",
        ],
    );
    let derm = derm.as_array().unwrap();
    assert_eq!(derm.len(), c.ito_slots.len());
    assert!(derm.iter().all(|s| s["doctor_id"] == c.ito));
    let range = c.f.json(
        None,
        &[
            "slots",
            "--from",
            "2030-01-08T09:30",
            "--to",
            "2030-01-08T10:30",
            "--sort",
            "doctor",
        ],
    );
    let range = range.as_array().unwrap();
    assert!(!range.is_empty());
    for slot in range {
        let start = slot["start"].as_str().unwrap();
        assert!(
            ("2030-01-08T09:30"..="2030-01-08T10:30").contains(&start),
            "{start}"
        );
    }
    // Sorted by time by default.
    let by_time = c.f.json(None, &["slots", "--date", TOMORROW]);
    let starts: Vec<&str> = by_time
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
}

// ---------------------------------------------------------------- booking life cycle

#[test]
fn book_reschedule_cancel_print_the_appointment() {
    let c = clinic();
    let a = book(&c, "ann", c.cora_slots[0], &["--reason", "chest pain"]);
    assert_fields(&a, APPOINTMENT_FIELDS);
    assert_eq!(a["slot_id"], c.cora_slots[0]);
    assert_eq!(a["doctor_id"], c.cora);
    assert_eq!(a["doctor_name"], "Cora Heart");
    assert_eq!(a["patient_id"], c.ann);
    assert_eq!(a["patient_name"], "Ann Able");
    assert_eq!(a["start"], "2030-01-08T09:00");
    assert_eq!(a["end"], "2030-01-08T09:30");
    assert_eq!(a["duration"], 30);
    assert_eq!(a["status"], "booked");
    assert_eq!(a["reason"], "chest pain");
    assert_eq!(a["reschedules"], 0);
    let id = a["id"].as_i64().unwrap();

    let r =
        c.f.json(Some("ann"), &["reschedule", &s(id), &s(c.ito_slots[2])]);
    assert_fields(&r, APPOINTMENT_FIELDS);
    assert_eq!(r["id"], id, "rescheduling keeps the id");
    assert_eq!(r["slot_id"], c.ito_slots[2]);
    assert_eq!(r["doctor_id"], c.ito);
    assert_eq!(r["start"], "2030-01-08T10:00");
    assert_eq!(r["reschedules"], 1);
    assert_eq!(r["status"], "booked");

    // The old slot is free again, the new one booked.
    let cora_day = c.f.json(
        Some("admin"),
        &["slots", "--date", TOMORROW, "--doctor", &s(c.cora)],
    );
    assert_eq!(cora_day[0]["state"], "free");

    let x = c.f.json(
        Some("ann"),
        &["cancel", &s(id), "--reason", "feeling better"],
    );
    assert_fields(&x, APPOINTMENT_FIELDS);
    assert_eq!(x["id"], id);
    assert_eq!(x["status"], "cancelled");
    // Cancelling frees the slot at once: someone else can book it.
    let b = book(&c, "bob", c.ito_slots[2], &[]);
    assert_eq!(b["patient_id"], c.bob);
}

#[test]
fn hold_and_release() {
    let c = clinic();
    let slot = c.cora_slots[1];
    let h =
        c.f.json(Some("admin"), &["hold", &s(slot), "--patient", &s(c.bob)]);
    assert_eq!(h["slot_id"], slot);
    assert_eq!(h["patient_id"], c.bob);
    let seen = c.f.json(
        Some("admin"),
        &["slots", "--date", TOMORROW, "--doctor", &s(c.cora)],
    );
    let seen = seen
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == slot)
        .unwrap()
        .clone();
    assert_eq!(seen["state"], "held");
    assert_eq!(seen["patient_id"], c.bob);
    // While held, another patient cannot have it.
    refused(c.f.as_user("ann").args(["book", &s(slot)]), 6);
    let r = c.f.json(Some("admin"), &["release", &s(slot)]);
    assert_eq!(r["released"], true);
    book(&c, "ann", slot, &[]);
    // A patient may hold for themself; a doctor may not hold at all.
    let h = c.f.json(Some("cat"), &["hold", &s(c.ito_slots[3])]);
    assert_eq!(h["patient_id"], c.cat);
    refused(
        c.f.as_user("ito")
            .args(["hold", &s(c.ito_slots[2]), "--patient", &s(c.bob)]),
        4,
    );
    // Others can neither book nor move into it while it lasts (15 minutes)…
    refused(c.f.as_user("bob").args(["book", &s(c.ito_slots[3])]), 6);
    let b = book(&c, "bob", c.ito_slots[0], &[]);
    let bob_appt = s(b["id"].as_i64().unwrap());
    refused(
        c.f.as_user("bob")
            .args(["reschedule", &bob_appt, &s(c.ito_slots[3])]),
        6,
    );
    // …but once it has expired, anyone can.
    let out =
        c.f.as_user("bob")
            .env("CLINIC_NOW", "2030-01-07T08:16")
            .args(["--json", "reschedule", &bob_appt, &s(c.ito_slots[3])])
            .output()
            .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout_json(&out)["slot_id"], c.ito_slots[3]);
}

#[test]
fn visit_status_changes_print_the_appointment() {
    let c = clinic();
    let a = book(&c, "ann", c.cora_slots[0], &[]);
    let id = s(a["id"].as_i64().unwrap());
    let b = book(&c, "bob", c.cora_slots[1], &[]);
    let id_b = s(b["id"].as_i64().unwrap());

    // Check-in on the appointment's day, before its start.
    let out =
        c.f.as_user("cora")
            .env("CLINIC_NOW", "2030-01-08T08:50")
            .args(["--json", "checkin", &id])
            .output()
            .unwrap();
    let v = stdout_json(&out);
    assert_fields(&v, APPOINTMENT_FIELDS);
    assert_eq!(v["status"], "checked_in");
    let out =
        c.f.as_user("cora")
            .env("CLINIC_NOW", "2030-01-08T09:20")
            .args(["--json", "complete", &id])
            .output()
            .unwrap();
    let v = stdout_json(&out);
    assert_fields(&v, APPOINTMENT_FIELDS);
    assert_eq!(v["status"], "completed");
    // No-show only after the start.
    refused(
        c.f.as_user("admin")
            .env("CLINIC_NOW", "2030-01-08T09:20")
            .args(["no-show", &id_b]),
        6,
    );
    let out =
        c.f.as_user("admin")
            .env("CLINIC_NOW", "2030-01-08T09:45")
            .args(["--json", "no-show", &id_b])
            .output()
            .unwrap();
    let v = stdout_json(&out);
    assert_fields(&v, APPOINTMENT_FIELDS);
    assert_eq!(v["status"], "no_show");
    // Nothing leaves completed.
    refused(
        c.f.as_user("admin")
            .env("CLINIC_NOW", "2030-01-08T09:45")
            .args(["cancel", &id]),
        6,
    );
}

#[test]
fn appointment_appointments_and_history() {
    let c = clinic();
    let a = book(&c, "ann", c.cora_slots[0], &[]);
    let id = a["id"].as_i64().unwrap();
    book(&c, "ann", c.ito_slots[1], &[]);
    book(&c, "bob", c.ito_slots[0], &[]);

    for viewer in ["admin", "ann", "cora"] {
        let v = c.f.json(Some(viewer), &["appointment", &s(id)]);
        assert_fields(&v, APPOINTMENT_FIELDS);
        assert_eq!(v["id"], id);
    }
    let all = c.f.json(Some("admin"), &["appointments"]);
    let all = all.as_array().expect("appointments is an array");
    assert_eq!(all.len(), 3);
    for a in all {
        assert_fields(a, APPOINTMENT_FIELDS);
    }
    let by_doctor =
        c.f.json(Some("admin"), &["appointments", "--doctor", &s(c.ito)]);
    assert_eq!(by_doctor.as_array().unwrap().len(), 2);
    let by_patient = c.f.json(
        Some("admin"),
        &["appointments", "--patient", &s(c.ann), "--date", TOMORROW],
    );
    assert_eq!(by_patient.as_array().unwrap().len(), 2);
    let by_status =
        c.f.json(Some("admin"), &["appointments", "--status", "cancelled"]);
    assert_eq!(by_status.as_array().unwrap().len(), 0);
    let search =
        c.f.json(Some("admin"), &["appointments", "--search", "baker"]);
    let search = search.as_array().unwrap();
    assert_eq!(search.len(), 1);
    assert_eq!(search[0]["patient_name"], "Bob Baker");

    let h = c.f.json(Some("ann"), &["history", &s(c.ann)]);
    let h = h.as_array().expect("history is an array");
    assert_eq!(h.len(), 2);
    for a in h {
        assert_fields(a, APPOINTMENT_FIELDS);
        assert_eq!(a["patient_id"], c.ann);
    }
    // Ann's doctor may read her history; another patient may not.
    c.f.json(Some("cora"), &["history", &s(c.ann)]);
    refused(c.f.as_user("bob").args(["history", &s(c.ann)]), 4);
}

#[test]
fn waitlist_and_care_team() {
    let c = clinic();
    let e = c.f.json(
        Some("ann"),
        &[
            "waitlist",
            "add",
            "--doctor",
            &s(c.cora),
            "--date",
            TOMORROW,
        ],
    );
    assert!(e["id"].is_i64(), "{e}");
    let e2 = c.f.json(
        Some("admin"),
        &[
            "waitlist",
            "add",
            "--patient",
            &s(c.bob),
            "--specialty",
            "Dermatology",
            "--date",
            TOMORROW,
        ],
    );
    assert!(e2["id"].is_i64());
    let list = c.f.json(Some("admin"), &["waitlist"]);
    assert_eq!(list.as_array().expect("waitlist is an array").len(), 2);
    let mine = c.f.json(Some("ann"), &["waitlist"]);
    assert_eq!(mine.as_array().unwrap().len(), 1);

    let a = c.f.json(Some("admin"), &["assign", &s(c.cat), &s(c.ito)]);
    assert_eq!(a["patient_id"], c.cat);
    assert_eq!(a["doctor_id"], c.ito);
    let list = c.f.json(Some("admin"), &["assignments"]);
    assert_eq!(list.as_array().expect("an array").len(), 1);
    let mine = c.f.json(Some("cat"), &["assignments"]);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    // Twice is a conflict.
    refused(
        c.f.as_user("admin").args(["assign", &s(c.cat), &s(c.ito)]),
        6,
    );
    c.f.json(Some("admin"), &["unassign", &s(c.cat), &s(c.ito)]);
    let list =
        c.f.json(Some("admin"), &["assignments", "--patient", &s(c.cat)]);
    assert_eq!(list.as_array().unwrap().len(), 0);
}

#[test]
fn reports_have_the_contract_fields() {
    let c = clinic();
    // Cora: 2 × 30 min; Ito: 1 × 30 min.
    book(&c, "ann", c.cora_slots[0], &[]);
    book(&c, "bob", c.cora_slots[1], &[]);
    book(&c, "cat", c.ito_slots[0], &[]);

    let top =
        c.f.json(Some("admin"), &["report", "top", "--date", TOMORROW]);
    let top = top.as_array().expect("top is an array");
    assert_eq!(top.len(), 2);
    for row in top {
        assert_fields(row, LOAD_ROW_FIELDS);
    }
    assert_eq!(top[0]["doctor_id"], c.cora);
    assert_eq!(top[0]["doctor_name"], "Cora Heart");
    assert_eq!(top[0]["appointments_count"], 2);
    assert_eq!(top[0]["booked_mins"], 60);
    assert_eq!(top[1]["doctor_id"], c.ito);
    assert_eq!(top[1]["booked_mins"], 30);

    let busy = c.f.json(
        Some("admin"),
        &["report", "busy", "--date", TOMORROW, "--min-hours", "1"],
    );
    let busy = busy.as_array().expect("busy is an array");
    assert_eq!(busy.len(), 1);
    assert_fields(&busy[0], LOAD_ROW_FIELDS);
    assert_eq!(busy[0]["doctor_id"], c.cora);
    let none_busy =
        c.f.json(Some("admin"), &["report", "busy", "--date", TOMORROW]);
    assert_eq!(none_busy.as_array().unwrap().len(), 0);

    // Cora has reached her limit of 2 a day: only Ito can still take a booking.
    let avail =
        c.f.json(Some("admin"), &["report", "available", "--date", TOMORROW]);
    let avail = avail.as_array().expect("available is an array");
    assert_eq!(avail.len(), 1);
    assert_fields(&avail[0], &["doctor_id", "doctor_name", "free_slots"]);
    assert_eq!(avail[0]["doctor_id"], c.ito);
    assert_eq!(avail[0]["free_slots"], 3);

    let util = c.f.json(
        Some("admin"),
        &[
            "report",
            "utilization",
            "--from",
            TOMORROW,
            "--to",
            TOMORROW,
        ],
    );
    assert_eq!(util.as_array().expect("an array").len(), 2);
    let sheet =
        c.f.json(Some("admin"), &["report", "daysheet", "--date", TOMORROW]);
    assert_eq!(sheet.as_array().expect("an array").len(), 3);

    // Reports are for the front desk.
    refused(
        c.f.as_user("cora")
            .args(["report", "top", "--date", TOMORROW]),
        4,
    );
}

#[test]
fn exports_audit_backup_and_check() {
    let c = clinic();
    let a = book(&c, "ann", c.cora_slots[0], &["--reason", "follow-up"]);
    let id = a["id"].as_i64().unwrap();

    let ics =
        c.f.as_user("admin")
            .args(["export", "ics", "--doctor", &s(c.cora)])
            .output()
            .unwrap();
    assert!(ics.status.success());
    let ics = String::from_utf8(ics.stdout).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert!(ics.contains("BEGIN:VEVENT"), "{ics}");
    let csv =
        c.f.as_user("admin")
            .args(["export", "csv", "--date", TOMORROW])
            .output()
            .unwrap();
    assert!(csv.status.success());
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.lines().count() >= 2, "a header and a row: {csv}");
    assert!(csv.contains("Ann Able"), "{csv}");

    let audit = c.f.json(Some("admin"), &["audit", "--limit", "5"]);
    let audit = audit.as_array().expect("audit is an array");
    assert_eq!(audit.len(), 5);

    c.f.assert_check_ok();
    let v = c.f.json(None, &["check"]);
    assert_eq!(v["ok"], true);

    let copy = c.f.dir().join("backup.db");
    c.f.cmd().args(["backup"]).arg(&copy).assert().success();
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a backup is as private as the file");
    c.f.cmd_on(&copy).arg("check").assert().success();
    // The backup holds the data: the appointment, readable by the admin.
    let out =
        c.f.cmd_on(&copy)
            .env("CLINIC_PASSWORD", PASSWORD)
            .args(["--user", "admin", "--json", "appointment", &s(id)])
            .output()
            .unwrap();
    assert!(out.status.success(), "{out:?}");
    let v = stdout_json(&out);
    assert_eq!(v["reason"], "follow-up");
    assert_eq!(v["patient_name"], "Ann Able");
    // Never over an existing file.
    refused(c.f.cmd().arg("backup").arg(&copy), 6);
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_2_for_usage_errors() {
    let f = Fixture::new();
    refused(f.cmd().args(["doctors", "--no-such-flag"]), 2);
    refused(f.cmd().args(["frobnicate"]), 2);
    refused(f.cmd().args(["book"]), 2);
    refused(f.cmd().args(["doctor", "seven"]), 2);
    refused(f.cmd().args(["register", "--role", "superuser"]), 2);
}

#[test]
fn exit_3_for_a_wrong_password_and_a_lockout_that_outlives_the_process() {
    let c = clinic();
    refused(
        c.f.cmd()
            .args(["--user", "nobody", "appointments"])
            .env("CLINIC_PASSWORD", PASSWORD),
        3,
    );
    // Five failures, each in its own process…
    for _ in 0..5 {
        refused(
            c.f.cmd()
                .args(["--user", "ann", "history", &s(c.ann)])
                .env("CLINIC_PASSWORD", "wrong-password"),
            3,
        );
    }
    // …lock the account: the right password is refused now, in yet another process.
    let out = refused(c.f.as_user("ann").args(["history", &s(c.ann)]), 3);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("locked"), "{stderr}");
    // Still locked 14 minutes later, free again after 15.
    refused(
        c.f.as_user("ann")
            .env("CLINIC_NOW", "2030-01-07T08:14")
            .args(["history", &s(c.ann)]),
        3,
    );
    c.f.as_user("ann")
        .env("CLINIC_NOW", "2030-01-07T08:16")
        .args(["history", &s(c.ann)])
        .assert()
        .success();
    // Other accounts were never affected.
    c.f.json(Some("bob"), &["history", &s(c.bob)]);
}

#[test]
fn exit_4_when_not_permitted() {
    let c = clinic();
    let a = book(&c, "ann", c.cora_slots[0], &[]);
    let id = s(a["id"].as_i64().unwrap());
    // A patient cancels someone else's appointment.
    refused(c.f.as_user("bob").args(["cancel", &id]), 4);
    // A doctor books.
    refused(
        c.f.as_user("cora")
            .args(["book", &s(c.cora_slots[1]), "--patient", &s(c.bob)]),
        4,
    );
    // A patient books for someone else, declares slots, reads the audit log.
    refused(
        c.f.as_user("bob")
            .args(["book", &s(c.cora_slots[1]), "--patient", &s(c.cat)]),
        4,
    );
    refused(
        c.f.as_user("bob").args([
            "slots",
            "declare",
            "--doctor",
            &s(c.cora),
            "--date",
            TOMORROW,
            "--from",
            "12:00",
            "--to",
            "13:00",
        ]),
        4,
    );
    refused(c.f.as_user("bob").args(["audit"]), 4);
    // A doctor declares for another doctor; a patient registers a doctor.
    refused(
        c.f.as_user("ito").args([
            "slots",
            "declare",
            "--doctor",
            &s(c.cora),
            "--date",
            TOMORROW,
            "--from",
            "12:00",
            "--to",
            "13:00",
        ]),
        4,
    );
    refused(
        c.f.as_user("bob")
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .args(["register", "--role", "doctor", "--username", "fake"])
            .args(["--full-name", "Fake Doc", "--specialty", "X"]),
        4,
    );
    // Without signing in, it is an authentication matter.
    refused(
        c.f.cmd()
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .args(["register", "--role", "doctor", "--username", "fake"])
            .args(["--full-name", "Fake Doc", "--specialty", "X"]),
        3,
    );
    // The appointment is untouched.
    let v = c.f.json(Some("admin"), &["appointment", &id]);
    assert_eq!(v["status"], "booked");
}

#[test]
fn exit_5_for_unknown_ids() {
    let c = clinic();
    refused(c.f.cmd().args(["doctor", "999"]), 5);
    refused(c.f.as_user("admin").args(["appointment", "999"]), 5);
    refused(c.f.as_user("admin").args(["cancel", "999"]), 5);
    refused(c.f.as_user("ann").args(["book", "999"]), 5);
    refused(
        c.f.as_user("admin")
            .args(["book", &s(c.cora_slots[0]), "--patient", "999"]),
        5,
    );
    refused(c.f.as_user("admin").args(["history", "999"]), 5);
    refused(c.f.as_user("admin").args(["slots", "remove", "999"]), 5);
    refused(
        c.f.as_user("admin").args([
            "slots", "declare", "--doctor", "999", "--date", TOMORROW, "--from", "09:00", "--to",
            "10:00",
        ]),
        5,
    );
    refused(c.f.as_user("admin").args(["assign", &s(c.ann), "999"]), 5);
}

#[test]
fn exit_6_for_conflicts() {
    let c = clinic();
    // Slot taken.
    let a = book(&c, "ann", c.cora_slots[0], &[]);
    let id = s(a["id"].as_i64().unwrap());
    refused(c.f.as_user("bob").args(["book", &s(c.cora_slots[0])]), 6);
    // Held by another patient.
    c.f.json(
        Some("admin"),
        &["hold", &s(c.ito_slots[3]), "--patient", &s(c.cat)],
    );
    refused(c.f.as_user("bob").args(["book", &s(c.ito_slots[3])]), 6);
    // R3: Ann already has 09:00 with Cora; 09:00 with Ito overlaps.
    refused(c.f.as_user("ann").args(["book", &s(c.ito_slots[0])]), 6);
    refused(
        c.f.as_user("admin")
            .args(["book", &s(c.ito_slots[0]), "--patient", &s(c.ann)]),
        6,
    );
    // R4: Cora takes 2 a day.
    book(&c, "bob", c.cora_slots[1], &[]);
    refused(c.f.as_user("cat").args(["book", &s(c.cora_slots[2])]), 6);
    refused(
        c.f.as_user("admin")
            .args(["book", &s(c.cora_slots[2]), "--patient", &s(c.cat)]),
        6,
    );
    // …which only an admin may exceed, with a reason.
    let over = book(
        &c,
        "admin",
        c.cora_slots[2],
        &["--patient", &s(c.cat), "--override", "urgent referral"],
    );
    assert_eq!(over["status"], "booked");
    assert_eq!(over["patient_id"], c.cat);
    assert_eq!(
        c.f.json(Some("admin"), &["report", "top", "--date", TOMORROW])[0]["appointments_count"],
        3
    );
    // Wrong status: completing a visit that never checked in.
    refused(c.f.as_user("admin").args(["complete", &id]), 6);
    // Cancelling twice.
    c.f.json(Some("ann"), &["cancel", &id]);
    refused(c.f.as_user("ann").args(["cancel", &id]), 6);
    // A duplicate username, whatever its case.
    refused(
        c.f.cmd()
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .args(["register", "--role", "patient", "--username", "ANN"])
            .args(["--full-name", "Another Ann"]),
        6,
    );
    // A duplicate assignment.
    c.f.json(Some("admin"), &["assign", &s(c.ann), &s(c.cora)]);
    refused(
        c.f.as_user("admin").args(["assign", &s(c.ann), &s(c.cora)]),
        6,
    );
    c.f.assert_check_ok();
}

#[test]
fn exit_7_for_invalid_input() {
    let c = clinic();
    let declare = |date: &str, from: &str, to: &str, extra: &[&str]| {
        let mut cmd = c.f.as_user("admin");
        cmd.args([
            "slots",
            "declare",
            "--doctor",
            &s(c.ito),
            "--date",
            date,
            "--from",
            from,
            "--to",
            to,
        ])
        .args(extra);
        cmd
    };
    // Malformed dates and times.
    refused(&mut declare("2030-02-30", "12:00", "13:00", &[]), 7);
    refused(&mut declare("08/01/2030", "12:00", "13:00", &[]), 7);
    refused(&mut declare("2030-01-09", "noon", "13:00", &[]), 7);
    refused(&mut declare("2030-01-09", "12:00", "25:00", &[]), 7);
    refused(c.f.cmd().args(["slots", "--date", "tomorrow"]), 7);
    refused(
        c.f.as_user("admin")
            .args(["appointments", "--date", "2030-1-8x"]),
        7,
    );
    // In the past.
    refused(&mut declare("2030-01-06", "12:00", "13:00", &[]), 7);
    refused(
        c.f.as_user("ann")
            .env("CLINIC_NOW", "2030-01-08T09:40")
            .args(["book", &s(c.cora_slots[0])]),
        7,
    );
    // Outside opening hours, off the 5-minute grid, bad lengths.
    refused(&mut declare("2030-01-09", "06:00", "08:00", &[]), 7);
    refused(&mut declare("2030-01-09", "20:30", "22:00", &[]), 7);
    refused(&mut declare("2030-01-09", "12:03", "13:00", &[]), 7);
    refused(
        &mut declare("2030-01-09", "12:00", "13:00", &["--length", "10"]),
        7,
    );
    refused(
        &mut declare("2030-01-09", "12:00", "16:00", &["--length", "180"]),
        7,
    );
    // Bad registration data.
    refused(
        c.f.cmd()
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .args(["register", "--role", "patient", "--username", "x!"])
            .args(["--full-name", "Bad Name"]),
        7,
    );
    refused(
        c.f.cmd()
            .env("CLINIC_NEW_PASSWORD", "short")
            .args(["register", "--role", "patient", "--username", "shorty"])
            .args(["--full-name", "Short Password"]),
        7,
    );
    refused(
        c.f.cmd()
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .args(["register", "--role", "patient", "--username", "dobby"])
            .args(["--full-name", "Dob Y", "--dob", "1990-13-01"]),
        7,
    );
    // Nothing was declared by any of these.
    let day = c.f.json(None, &["slots", "--date", "2030-01-09"]);
    assert_eq!(day.as_array().unwrap().len(), 0);
}

/// A copy of a fresh clinic file whose schema claims a newer version.
#[test]
fn exit_8_for_a_newer_schema_and_the_file_is_left_untouched() {
    let c = clinic();
    let newer = c.f.dir().join("newer.db");
    std::fs::copy(&c.f.db, &newer).unwrap();
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        // Leave the copy in rollback-journal mode, so its bytes are all in one file.
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&newer).unwrap();
    for args in [
        vec!["check"],
        vec!["doctors"],
        vec!["--user", "admin", "appointments"],
        vec!["init", "--admin", "admin"],
    ] {
        let out =
            c.f.cmd_on(&newer)
                .env("CLINIC_PASSWORD", PASSWORD)
                .env("CLINIC_NEW_PASSWORD", PASSWORD)
                .args(&args)
                .output()
                .unwrap();
        assert_error(&out, 8);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("newer"), "{args:?}: {stderr}");
    }
    assert!(
        std::fs::read(&newer).unwrap() == before,
        "the newer file's bytes changed"
    );
    let v: i64 = rusqlite::Connection::open(&newer)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 99);
}

#[test]
fn exit_8_for_a_file_that_is_not_a_database() {
    let f = Fixture::empty();
    let text = b"Dear diary, today I booked nothing.\n".repeat(200);
    std::fs::write(&f.db, &text).unwrap();
    for args in [
        vec!["check"],
        vec!["doctors"],
        vec!["init", "--admin", "admin"],
    ] {
        let out = f
            .cmd()
            .env("CLINIC_NEW_PASSWORD", PASSWORD)
            .args(&args)
            .output()
            .unwrap();
        assert_error(&out, 8);
    }
    assert_eq!(std::fs::read(&f.db).unwrap(), text, "the file was changed");
    // A missing file is not created by a command that only reads.
    let missing = Fixture::empty();
    refused(missing.cmd().arg("doctors"), 8);
    assert!(!missing.db.exists());
}

#[test]
fn exit_8_for_a_file_that_is_not_writable() {
    let c = clinic();
    let probe = c.f.dir().join("whoami");
    std::fs::write(&probe, b"").unwrap();
    let euid = std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(&probe).unwrap());
    // This single case needs a non-root user: root writes through any file mode, so there is
    // nothing to refuse. (The test harness here runs as root; the other exit-8 cases do not
    // depend on it.)
    if euid == 0 {
        eprintln!("running as root: the unwritable-file case cannot be observed; skipped");
        return;
    }
    let before = c.f.fingerprint();
    std::fs::set_permissions(&c.f.db, std::fs::Permissions::from_mode(0o400)).unwrap();
    refused(c.f.as_user("ann").args(["book", &s(c.cora_slots[0])]), 8);
    std::fs::set_permissions(&c.f.db, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(c.f.fingerprint(), before);
}

#[test]
fn json_errors_are_an_object_on_stdout_and_one_line_on_stderr() {
    let c = clinic();
    book(&c, "ann", c.cora_slots[0], &[]);
    let out = refused(
        c.f.as_user("bob")
            .args(["--json", "book", &s(c.cora_slots[0])]),
        6,
    );
    let v = stdout_json(&out);
    assert_eq!(keys(&v), ["error"]);
    assert_eq!(keys(&v["error"]), ["kind", "message"]);
    assert_eq!(v["error"]["kind"], "conflict");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(!message.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end(), format!("error: {message}"));

    for (args, code, kind) in [
        (vec!["--json", "doctor", "404"], 5, "not_found"),
        (
            vec!["--json", "slots", "--date", "2030-99-01"],
            7,
            "invalid",
        ),
    ] {
        let out = refused(c.f.cmd().args(&args), code);
        assert_eq!(stdout_json(&out)["error"]["kind"], kind);
    }
    let out = refused(
        c.f.cmd()
            .args(["--json", "--user", "ann", "appointments"])
            .env("CLINIC_PASSWORD", "nope-nope"),
        3,
    );
    assert_eq!(stdout_json(&out)["error"]["kind"], "auth");
    let out = refused(c.f.as_user("ann").args(["--json", "audit"]), 4);
    assert_eq!(stdout_json(&out)["error"]["kind"], "forbidden");

    // Without --json, nothing on stdout.
    let out = refused(c.f.cmd().args(["doctor", "404"]), 5);
    assert!(out.stdout.is_empty());
}

#[test]
fn check_reports_a_broken_invariant_and_a_dangling_reference() {
    let c = clinic();
    book(&c, "ann", c.cora_slots[0], &[]);
    c.f.assert_check_ok();
    // Behind the clinic's back: give Ann a second, overlapping appointment (R3).
    {
        let conn = rusqlite::Connection::open(&c.f.db).unwrap();
        conn.execute_batch(&format!(
            "DROP TRIGGER appointments_no_patient_overlap_insert;
             INSERT INTO appointments (slot_id, doctor_id, patient_id, start, end_at, duration,
                                       status, booked_at, updated_at)
             VALUES ({}, {}, {}, '2030-01-08T09:00', '2030-01-08T09:30', 30, 'booked',
                     '2030-01-07T08:00:00', '2030-01-07T08:00:00');",
            c.ito_slots[0], c.ito, c.ann
        ))
        .unwrap();
    }
    let out = refused(c.f.cmd().arg("check"), 6);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("R3"), "{stderr}");
    // With --json, stdout is one document: the error object.
    let out = refused(c.f.cmd().args(["--json", "check"]), 6);
    let v = stdout_json(&out);
    assert_eq!(v["error"]["kind"], "conflict", "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("R3"));

    // A reference to a patient who does not exist is worse: the file cannot be trusted.
    {
        let conn = rusqlite::Connection::open(&c.f.db).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO appointments (slot_id, doctor_id, patient_id, start, end_at, duration,
                                       status, booked_at, updated_at)
             VALUES ({}, {}, 999, '2030-01-08T10:00', '2030-01-08T10:30', 30, 'booked',
                     '2030-01-07T08:00:00', '2030-01-07T08:00:00');",
            c.ito_slots[2], c.ito
        ))
        .unwrap();
    }
    refused(c.f.cmd().arg("check"), 8);
}

#[test]
fn passwd_changes_your_own_password_and_an_admin_resets_anyones() {
    let c = clinic();
    let ann_history = ["history".to_string(), s(c.ann)];
    // Ann changes hers: the old one stops working, the new one works.
    c.f.as_user("ann")
        .env("CLINIC_NEW_PASSWORD", "ann-new-password")
        .arg("passwd")
        .assert()
        .success();
    refused(c.f.as_user("ann").args(&ann_history), 3);
    c.f.cmd()
        .args(["--user", "ann"])
        .env("CLINIC_PASSWORD", "ann-new-password")
        .args(&ann_history)
        .assert()
        .success();
    // Bob may not change Ann's; an unknown account is not found; too short is invalid.
    refused(
        c.f.as_user("bob")
            .env("CLINIC_NEW_PASSWORD", "bob-sets-anns")
            .args(["passwd", "--username", "ann"]),
        4,
    );
    refused(
        c.f.as_user("admin")
            .env("CLINIC_NEW_PASSWORD", "whatever-123")
            .args(["passwd", "--username", "nobody"]),
        5,
    );
    refused(
        c.f.as_user("admin")
            .env("CLINIC_NEW_PASSWORD", "short")
            .args(["passwd", "--username", "ann"]),
        7,
    );
    // The desk resets Ann's back to the fixtures' password.
    c.f.as_user("admin")
        .env("CLINIC_NEW_PASSWORD", PASSWORD)
        .args(["passwd", "--username", "ANN"])
        .assert()
        .success();
    c.f.as_user("ann").args(&ann_history).assert().success();
}
