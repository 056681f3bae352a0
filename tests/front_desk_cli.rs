//! `clinic correct`, `clinic sweep`, the front desk's settings and the day sheet's new
//! columns through the real binary (SPEC §12): JSON, exit codes, who may.

mod support;

use serde_json::Value;
use support::cli::{Fixture, assert_error};

/// A doctor with slots 09:00–10:00 today, and two patients booked at 09:00 and 09:30.
fn day() -> (Fixture, i64, i64) {
    let f = Fixture::new();
    let doctor = f.add_doctor("dr.lee", "Dr. Lee", "Cardiology");
    let slots = f.declare(doctor, "2030-01-07", "09:00", "10:00");
    f.add_patient("ann", "Ann Archer");
    f.add_patient("bob", "Bob Baker");
    let ann = f.json(Some("ann"), &["book", &slots[0].to_string()])["id"]
        .as_i64()
        .unwrap();
    let bob = f.json(Some("bob"), &["book", &slots[1].to_string()])["id"]
        .as_i64()
        .unwrap();
    (f, ann, bob)
}

/// `--json ARGS` as `user` at `now`.
fn at(f: &Fixture, now: &str, user: Option<&str>, args: &[&str]) -> std::process::Output {
    let mut c = match user {
        Some(u) => f.as_user(u),
        None => f.cmd(),
    };
    c.env("CLINIC_NOW", now).arg("--json").args(args);
    c.output().unwrap()
}

fn ok(out: std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn correct_undoes_a_check_in_and_refuses_the_rest() {
    let (f, ann, bob) = day();
    let (ann, bob) = (ann.to_string(), bob.to_string());
    ok(at(
        &f,
        "2030-01-07T08:50",
        Some("admin"),
        &["checkin", &ann],
    ));
    let a = ok(at(
        &f,
        "2030-01-07T08:55",
        Some("admin"),
        &["correct", &ann, "--reason", "wrong Ann"],
    ));
    assert_eq!(a["status"], "booked");
    assert_eq!(a["checked_in_at"], Value::Null);
    assert_eq!(a["id"].as_i64().unwrap().to_string(), ann);
    // The reason is required (clap) and must say something (the library).
    assert_error(
        &f.as_user("admin").args(["correct", &ann]).output().unwrap(),
        2,
    );
    assert_error(
        &at(
            &f,
            "2030-01-07T08:56",
            Some("admin"),
            &["correct", &ann, "--reason", " "],
        ),
        7,
    );
    // Nothing to undo, a cancellation, a stranger id, a patient, a doctor.
    assert_error(
        &at(
            &f,
            "2030-01-07T08:56",
            Some("admin"),
            &["correct", &ann, "--reason", "x"],
        ),
        6,
    );
    ok(at(&f, "2030-01-07T08:00", Some("bob"), &["cancel", &bob]));
    let out = at(
        &f,
        "2030-01-07T08:56",
        Some("admin"),
        &["correct", &bob, "--reason", "x"],
    );
    assert_error(&out, 6);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"kind\":\"conflict\""));
    assert_error(
        &at(
            &f,
            "2030-01-07T08:56",
            Some("admin"),
            &["correct", "999", "--reason", "x"],
        ),
        5,
    );
    for who in ["ann", "dr.lee"] {
        assert_error(
            &at(
                &f,
                "2030-01-07T08:56",
                Some(who),
                &["correct", &ann, "--reason", "x"],
            ),
            4,
        );
    }
}

#[test]
fn sweep_runs_from_cron_without_a_sign_in_and_says_what_it_did() {
    let (f, ann, bob) = day();
    let off = ok(at(&f, "2030-01-07T11:00", None, &["sweep"]));
    assert_eq!(off, serde_json::json!({"no_shows": [], "after_minutes": 0}));
    let human = f
        .cmd()
        .env("CLINIC_NOW", "2030-01-07T11:00")
        .arg("sweep")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&human.stdout).trim(),
        "the automatic no-show is off (settings --no-show-after-minutes N)"
    );
    let s = ok(at(
        &f,
        "2030-01-07T08:00",
        Some("admin"),
        &[
            "settings",
            "--no-show-after-minutes",
            "20",
            "--wait-alert-minutes",
            "15",
        ],
    ));
    assert_eq!(
        (
            s["no_show_after_minutes"].as_i64(),
            s["wait_alert_minutes"].as_i64()
        ),
        (Some(20), Some(15))
    );
    let swept = ok(at(&f, "2030-01-07T09:20", None, &["sweep"]));
    assert_eq!(swept["no_shows"], serde_json::json!([ann]));
    let swept = ok(at(&f, "2030-01-07T09:50", None, &["sweep"]));
    assert_eq!(swept["no_shows"], serde_json::json!([bob]));
    assert_eq!(
        ok(at(&f, "2030-01-07T09:51", None, &["sweep"]))["no_shows"],
        serde_json::json!([])
    );
    let a = ok(at(
        &f,
        "2030-01-07T09:52",
        Some("admin"),
        &["appointment", &ann.to_string()],
    ));
    assert_eq!(a["status"], "no_show");
    assert_error(&at(&f, "2030-01-07T09:52", Some("ann"), &["sweep"]), 4);
    for bad in [
        ["--no-show-after-minutes", "2000"],
        ["--wait-alert-minutes", "0"],
    ] {
        assert_error(
            &at(
                &f,
                "2030-01-07T09:52",
                Some("admin"),
                &["settings", bad[0], bad[1]],
            ),
            7,
        );
    }
    let audit = ok(at(
        &f,
        "2030-01-07T09:52",
        Some("admin"),
        &["audit", "--limit", "50"],
    ));
    let by_clinic = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "no_show")
        .all(|e| e["account_id"].is_null() && e["username"].is_null());
    assert!(by_clinic, "audited as the clinic itself: {audit}");
}

#[test]
fn the_day_sheet_carries_arrival_and_wait() {
    let (f, ann, _) = day();
    ok(at(
        &f,
        "2030-01-07T08:45",
        Some("admin"),
        &["checkin", &ann.to_string()],
    ));
    let sheet = ok(at(
        &f,
        "2030-01-07T09:05",
        Some("admin"),
        &["report", "daysheet", "--date", "2030-01-07"],
    ));
    let rows = sheet.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], ann);
    assert_eq!(rows[0]["status"], "checked_in");
    assert_eq!(rows[0]["checked_in_at"], "2030-01-07T08:45");
    assert_eq!(rows[0]["wait_minutes"], 20);
    assert_eq!(rows[1]["wait_minutes"], Value::Null);
    let human = f
        .as_user("admin")
        .env("CLINIC_NOW", "2030-01-07T09:05")
        .args(["report", "daysheet", "--date", "2030-01-07"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("ARRIVED") && header.contains("WAITED"),
        "{text}"
    );
    assert!(text.contains("08:45") && text.contains("20 min"), "{text}");
    let csv = f
        .as_user("admin")
        .env("CLINIC_NOW", "2030-01-07T09:05")
        .args(["export", "csv", "--date", "2030-01-07"])
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains(",status,arrival,wait_minutes,"),
        "{csv}"
    );
    assert!(csv.contains(",checked_in,08:45,20,"), "{csv}");
}
