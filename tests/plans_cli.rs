//! SPEC §9 through the real binary: `plan`, `timeoff` and the new `settings`, their JSON and
//! exit codes; who may do what; clock changes; two `plan apply` racing from two processes.

mod support;

use serde_json::{Value, json};
use std::process::Stdio;
use support::PASSWORD;
use support::cli::*;

/// A clinic with Dr. Lee (a login, `dr.lee`) and Dr. Kim, and a patient `ann`.
fn clinic() -> (Fixture, i64, i64, i64) {
    let f = Fixture::new();
    let lee = f.add_doctor("dr.lee", "Ada Lee", "Cardiology");
    let kim = f.add_doctor("dr.kim", "Kim Ro", "Dermatology");
    let ann = f.add_patient("ann", "Ann Archer");
    (f, lee, kim, ann)
}

fn keys_of(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

#[test]
fn plan_set_show_and_apply_print_the_spec_json() {
    let (f, lee, _, _) = clinic();
    let lee = lee.to_string();
    let set = f.json(
        Some("dr.lee"),
        &[
            "plan",
            "set",
            "--doctor",
            &lee,
            "--week",
            "mon 09:00-13:00 14:00-18:00; tue 09:00-12:00/15",
        ],
    );
    assert_eq!(keys_of(&set), ["created", "kept_booked", "removed"]);
    // 8 weeks from Monday 2030-01-07: 8 Mondays of 16 slots and 8 Tuesdays of 12.
    assert_eq!(
        set,
        json!({"created": 8 * 16 + 8 * 12, "removed": 0, "kept_booked": []})
    );
    let shown = f.json(Some("dr.lee"), &["plan", "show", "--doctor", &lee]);
    let plan = &shown.as_array().unwrap()[0];
    for k in ["doctor_id", "effective_from", "ranges"] {
        assert!(plan.get(k).is_some(), "{k} in {plan}");
    }
    assert_eq!(plan["effective_from"], "2030-01-07");
    assert_eq!(
        plan["ranges"][2],
        json!({"weekday": "tue", "from": "09:00", "to": "12:00", "length": 15})
    );
    let again = f.json(Some("admin"), &["plan", "apply"]);
    assert_eq!(
        again,
        json!({"created": 0, "removed": 0, "kept_booked": []})
    );
    let human = f
        .as_user("admin")
        .args(["plan", "show", "--doctor", &lee])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("mon 09:00-13:00 14:00-18:00; tue 09:00-12:00/15"),
        "{text}"
    );
}

#[test]
fn timeoff_add_list_and_remove_print_the_spec_json_and_exit_codes() {
    let (f, lee, _, ann) = clinic();
    let lee = lee.to_string();
    f.json(
        Some("admin"),
        &[
            "plan",
            "set",
            "--doctor",
            &lee,
            "--week",
            "mon-fri 09:00-12:00",
        ],
    );
    // Book Ann on Wednesday 10:00.
    let wed = f.json(
        Some("admin"),
        &["slots", "--date", "2030-01-09", "--doctor", &lee],
    );
    let slot = wed[2]["id"].to_string();
    f.json(
        Some("admin"),
        &["book", &slot, "--patient", &ann.to_string()],
    );
    let refused = f
        .as_user("dr.lee")
        .args([
            "timeoff",
            "add",
            "--doctor",
            &lee,
            "--from",
            "2030-01-09",
            "--reason",
            "course",
        ])
        .output()
        .unwrap();
    assert_error(&refused, 6);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("1 booked visit then: Wed 9 Jan 2030 at 10:00 Ann Archer"),
        "{said}"
    );
    assert!(said.contains("--cancel-booked"), "{said}");
    let added = f.json(
        Some("dr.lee"),
        &[
            "timeoff",
            "add",
            "--doctor",
            &lee,
            "--from",
            "2030-01-09",
            "--reason",
            "course",
            "--cancel-booked",
        ],
    );
    for k in ["id", "doctor_id", "from", "to", "reason"] {
        assert!(added.get(k).is_some(), "{k} in {added}");
    }
    assert_eq!(added["from"], "2030-01-09T00:00");
    assert_eq!(added["to"], "2030-01-10T00:00");
    assert_eq!(added["cancelled"].as_array().unwrap().len(), 1);
    let closure = f.json(
        Some("admin"),
        &[
            "timeoff",
            "add",
            "--closure",
            "--from",
            "2030-01-14",
            "--to",
            "2030-01-15",
            "--reason",
            "Works",
        ],
    );
    assert_eq!(closure["doctor_id"], Value::Null);
    let listed = f.json(Some("admin"), &["timeoff"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let removed = f.json(
        Some("admin"),
        &["timeoff", "remove", &closure["id"].to_string()],
    );
    assert_eq!(removed["id"], closure["id"]);
    assert_eq!(
        f.json(Some("admin"), &["timeoff"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // A bad date is invalid input (7); an unknown id is not found (5).
    let bad = f
        .as_user("admin")
        .args(["timeoff", "add", "--doctor", &lee, "--from", "09/01/2030"])
        .output()
        .unwrap();
    assert_error(&bad, 7);
    let unknown = f
        .as_user("admin")
        .args(["timeoff", "remove", "999"])
        .output()
        .unwrap();
    assert_error(&unknown, 5);
    f.cmd().arg("check").assert().success();
}

#[test]
fn a_doctor_plans_and_takes_leave_only_for_themself_and_closures_are_the_desks() {
    let (f, lee, kim, _) = clinic();
    let kim = kim.to_string();
    let lee = lee.to_string();
    for args in [
        vec![
            "plan",
            "set",
            "--doctor",
            kim.as_str(),
            "--week",
            "mon 09:00-10:00",
        ],
        vec!["plan", "show", "--doctor", kim.as_str()],
        vec!["plan", "apply"],
        vec![
            "timeoff",
            "add",
            "--doctor",
            kim.as_str(),
            "--from",
            "2030-01-09",
        ],
        vec![
            "timeoff",
            "add",
            "--closure",
            "--from",
            "2030-01-09",
            "--reason",
            "x",
        ],
    ] {
        let out = f.as_user("dr.lee").args(&args).output().unwrap();
        assert_error(&out, 4);
    }
    f.json(Some("dr.lee"), &["plan", "apply", "--doctor", &lee]);
    // Patients neither plan nor take leave; they see closures only.
    for args in [
        vec!["plan", "show", "--doctor", lee.as_str()],
        vec![
            "timeoff",
            "add",
            "--doctor",
            lee.as_str(),
            "--from",
            "2030-01-09",
        ],
    ] {
        let out = f.as_user("ann").args(&args).output().unwrap();
        assert_error(&out, 4);
    }
    f.json(
        Some("dr.lee"),
        &["timeoff", "add", "--doctor", &lee, "--from", "2030-01-21"],
    );
    assert_eq!(f.json(Some("ann"), &["timeoff"]), json!([]));
    // Laying plans out is a job for cron: without an account it runs as the system (and
    // the audit log says so); a patient is refused.
    let guest = f.json(None, &["plan", "apply"]);
    assert_eq!(guest["created"], 0);
    let out = f.as_user("ann").args(["plan", "apply"]).output().unwrap();
    assert_error(&out, 4);
}

#[test]
fn settings_carry_the_horizon_and_the_booking_window() {
    let f = Fixture::new();
    let s = f.json(None, &["settings"]);
    assert_eq!(s["horizon_weeks"], 8);
    assert_eq!(s["min_notice_minutes"], 60);
    assert_eq!(s["max_advance_days"], 90);
    let s = f.json(
        Some("admin"),
        &[
            "settings",
            "--horizon-weeks",
            "4",
            "--min-notice-minutes",
            "0",
            "--max-advance-days",
            "30",
        ],
    );
    assert_eq!(
        (
            s["horizon_weeks"].as_i64(),
            s["min_notice_minutes"].as_i64()
        ),
        (Some(4), Some(0))
    );
    for bad in [
        ["--horizon-weeks", "0"],
        ["--max-advance-days", "0"],
        ["--min-notice-minutes", "99999"],
    ] {
        let out = f
            .as_user("admin")
            .arg("settings")
            .args(bad)
            .output()
            .unwrap();
        assert_error(&out, 7);
    }
}

/// London's rules as a POSIX TZ string: no time-zone database needed.
const LONDON: &str = "GMT0BST,M3.5.0/1,M10.5.0";

#[test]
fn a_plan_skips_the_hour_the_clocks_skip() {
    let (f, lee, _, _) = clinic();
    let lee = lee.to_string();
    f.as_user("admin")
        .args([
            "settings",
            "--opens",
            "00:00",
            "--closes",
            "23:55",
            "--horizon-weeks",
            "52",
        ])
        .assert()
        .success();
    // Sundays 00:00–04:00 in hour-long slots, from the day the clocks go forward.
    let set = f
        .as_user("admin")
        .env("TZ", LONDON)
        .args([
            "--json",
            "plan",
            "set",
            "--doctor",
            &lee,
            "--from",
            "2030-03-31",
            "--week",
            "sun 00:00-04:00/60",
        ])
        .output()
        .unwrap();
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let slots = |date: &str| -> Vec<String> {
        f.json(Some("admin"), &["slots", "--date", date, "--doctor", &lee])
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["start"].as_str().unwrap()[11..].to_string())
            .collect()
    };
    // 31 March: 01:00 does not exist (01:00 → 02:00); 00:00 would end in the gap.
    assert_eq!(slots("2030-03-31"), ["02:00", "03:00"]);
    // 27 October: 01:00–02:00 happens twice; every slot still lasts its hour in real time.
    assert_eq!(slots("2030-10-27"), ["00:00", "01:00", "02:00", "03:00"]);
    assert_eq!(slots("2030-04-07"), ["00:00", "01:00", "02:00", "03:00"]);
}

#[test]
fn two_plan_applies_racing_from_two_processes_make_each_slot_once() {
    let (f, lee, kim, _) = clinic();
    f.as_user("admin")
        .args(["settings", "--horizon-weeks", "1"])
        .assert()
        .success();
    for d in [lee, kim] {
        f.json(
            Some("admin"),
            &[
                "plan",
                "set",
                "--doctor",
                &d.to_string(),
                "--week",
                "mon-fri 09:00-17:00",
            ],
        );
    }
    f.as_user("admin")
        .args(["settings", "--horizon-weeks", "12"])
        .assert()
        .success();
    let children: Vec<_> = (0..2)
        .map(|_| {
            f.std_cmd()
                .args(["--user", "admin", "--json", "plan", "apply"])
                .env("CLINIC_PASSWORD", PASSWORD)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut made = 0;
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        made += v["created"].as_i64().unwrap();
    }
    // 11 more weeks of 5 days of 16 slots, for two doctors: made once between the two.
    assert_eq!(made, 2 * 11 * 5 * 16);
    let all = f.json(
        Some("admin"),
        &[
            "slots",
            "--from",
            "2030-01-07T00:00",
            "--to",
            "2030-04-01T00:00",
            "--limit",
            "20000",
        ],
    );
    assert_eq!(all.as_array().unwrap().len() as i64, 2 * 12 * 5 * 16);
    f.cmd().arg("check").assert().success();
}
