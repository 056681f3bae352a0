//! Hostile and clumsy input through the real binary: malformed dates and times, unknown
//! ids, empty and huge strings, non-UTF-8 arguments, out-of-range numbers and SQL-looking
//! text. Every one must end in a clean one-line error with the right exit code — never a
//! panic — and leave the file exactly as it was.

mod support;

use serde_json::Value;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use support::cli::*;
use support::{PASSWORD, TODAY, TOMORROW};

/// A small clinic: doctor 1 (`doc`) with slots tomorrow 09:00–11:00, patients 1 (`ann`,
/// booked at 09:00: appointment 1) and 2 (`bob`).
fn clinic() -> Fixture {
    let f = Fixture::new();
    assert_eq!(f.add_doctor("doc", "Dora Doctor", "Cardiology"), 1);
    assert_eq!(f.add_patient("ann", "Ann Able"), 1);
    assert_eq!(f.add_patient("bob", "Bob Baker"), 2);
    let slots = f.declare(1, TOMORROW, "09:00", "11:00");
    assert_eq!(slots, [1, 2, 3, 4]);
    let a = f.json(Some("ann"), &["book", "1"]);
    assert_eq!(a["id"], 1);
    f
}

fn kind_of(code: i32) -> &'static str {
    match code {
        3 => "auth",
        4 => "forbidden",
        5 => "not_found",
        6 => "conflict",
        7 => "invalid",
        8 => "database",
        _ => "internal",
    }
}

/// Runs `clinic --json ARGS` as `user` and asserts a clean refusal with `code` that left
/// the file as it was.
fn refused<S: AsRef<OsStr>>(f: &Fixture, user: Option<&str>, args: &[S], code: i32) {
    let before = f.fingerprint();
    let mut cmd = match user {
        Some(u) => f.as_user(u),
        None => f.cmd(),
    };
    let out = cmd
        .env("CLINIC_NEW_PASSWORD", PASSWORD)
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    let shown: Vec<String> = args
        .iter()
        .map(|a| {
            let a = a.as_ref().to_string_lossy();
            if a.len() > 40 {
                format!("{}…({} bytes)", &a[..40], a.len())
            } else {
                a.into_owned()
            }
        })
        .collect();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(code),
        "clinic {shown:?} as {user:?}: expected exit {code}; stderr: {stderr}"
    );
    assert_error(&out, code);
    // clap's usage errors quote the offending value; the clinic's own errors shorten it.
    assert!(
        code == 2 || stderr.len() < 1000,
        "clinic {shown:?}: the error line echoes too much ({} bytes)",
        stderr.len()
    );
    if code != 2 {
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("clinic {shown:?}: no JSON error object ({e}): {stderr}"));
        assert_eq!(v["error"]["kind"], kind_of(code), "clinic {shown:?}: {v}");
    }
    assert!(
        f.fingerprint() == before,
        "clinic {shown:?} as {user:?} changed the file"
    );
}

const BAD_DATES: &[&str] = &[
    "",
    " ",
    "2030-02-30",
    "2030-13-01",
    "2030-00-10",
    "2030-01-32",
    "2030/01/08",
    "08.01.2030",
    "2030-01-08T09:00",
    "tomorrow",
    "99999-01-01",
    "２０３０-０１-０８",
    "2030-01-08 junk",
];

const BAD_TIMES: &[&str] = &[
    "",
    "24:00",
    "12:60",
    "9",
    "0900",
    "09:00:00",
    "noon",
    "09h00",
    "９:００",
    "12:3",
];

const BAD_DATETIMES: &[&str] = &[
    "",
    "2030-01-08",
    "2030-01-08T25:00",
    "2030-01-08T09:61",
    "2030-02-30T09:00",
    "09:00",
    "2030-01-08T09:00Z",
];

#[test]
fn malformed_dates_are_invalid_input() {
    let f = clinic();
    // Every malformed date where no sign-in is needed (cheap)…
    for d in BAD_DATES {
        refused(&f, None, &["slots", "--date", d], 7);
        if d.trim().is_empty() {
            continue; // a blank date of birth is an unknown one, not a malformed one
        }
        refused(
            &f,
            None,
            &[
                "register",
                "--role",
                "patient",
                "--username",
                "newbie",
                "--full-name",
                "New Bie",
                "--dob",
                d,
            ],
            7,
        );
    }
    // …and a few of them everywhere else a date is taken.
    for d in ["", "2030-02-30", "2030/01/08", "tomorrow"] {
        refused(&f, Some("admin"), &["appointments", "--date", d], 7);
        refused(&f, Some("admin"), &["appointments", "--from", d], 7);
        refused(&f, Some("admin"), &["report", "top", "--date", d], 7);
        refused(&f, Some("admin"), &["report", "available", "--date", d], 7);
        refused(
            &f,
            Some("admin"),
            &["report", "utilization", "--from", d, "--to", TOMORROW],
            7,
        );
        refused(&f, Some("admin"), &["export", "csv", "--date", d], 7);
        refused(
            &f,
            Some("admin"),
            &[
                "slots", "declare", "--doctor", "1", "--date", d, "--from", "12:00", "--to",
                "13:00",
            ],
            7,
        );
        refused(
            &f,
            Some("ann"),
            &["waitlist", "add", "--doctor", "1", "--date", d],
            7,
        );
    }
}

#[test]
fn malformed_times_are_invalid_input() {
    let f = clinic();
    for t in BAD_TIMES {
        for (from, to) in [(*t, "13:00"), ("12:00", *t)] {
            refused(
                &f,
                Some("admin"),
                &[
                    "slots", "declare", "--doctor", "1", "--date", TOMORROW, "--from", from,
                    "--to", to,
                ],
                7,
            );
        }
    }
    for t in BAD_DATETIMES {
        refused(
            &f,
            None,
            &["slots", "--from", t, "--to", "2030-01-08T12:00"],
            7,
        );
        refused(
            &f,
            None,
            &["slots", "--from", "2030-01-08T09:00", "--to", t],
            7,
        );
    }
    // Well-formed but refused by the rules: still invalid input.
    for (from, to, extra) in [
        ("12:03", "13:00", None),        // off the 5-minute grid
        ("07:00", "08:00", None),        // before opening
        ("20:00", "22:00", None),        // after closing
        ("13:00", "12:00", None),        // backwards
        ("12:00", "12:00", None),        // empty
        ("12:00", "13:00", Some("0")),   // too short
        ("12:00", "13:00", Some("14")),  // too short
        ("12:00", "13:00", Some("17")),  // off the grid
        ("12:00", "16:00", Some("125")), // too long
        ("12:00", "13:00", Some("4294967295")),
    ] {
        let mut args = vec![
            "slots", "declare", "--doctor", "1", "--date", TOMORROW, "--from", from, "--to", to,
        ];
        if let Some(len) = extra {
            args.extend(["--length", len]);
        }
        refused(&f, Some("admin"), &args, 7);
    }
    // In the past.
    refused(
        &f,
        Some("admin"),
        &[
            "slots",
            "declare",
            "--doctor",
            "1",
            "--date",
            "2030-01-06",
            "--from",
            "09:00",
            "--to",
            "10:00",
        ],
        7,
    );
}

#[test]
fn unknown_ids_are_not_found() {
    let f = clinic();
    for id in ["0", "999", "9223372036854775807"] {
        refused(&f, None, &["doctor", id], 5);
        refused(&f, Some("admin"), &["patient", id], 5);
        refused(&f, Some("admin"), &["appointment", id], 5);
        refused(&f, Some("admin"), &["history", id], 5);
        refused(&f, Some("admin"), &["book", id, "--patient", "2"], 5);
        refused(&f, Some("admin"), &["book", "2", "--patient", id], 5);
        refused(&f, Some("bob"), &["book", id], 5);
        refused(&f, Some("admin"), &["hold", id, "--patient", "2"], 5);
        refused(&f, Some("admin"), &["cancel", id], 5);
        refused(&f, Some("admin"), &["reschedule", id, "2"], 5);
        refused(&f, Some("admin"), &["reschedule", "1", id], 5);
        refused(&f, Some("admin"), &["checkin", id], 5);
        refused(&f, Some("admin"), &["complete", id], 5);
        refused(&f, Some("admin"), &["no-show", id], 5);
        refused(&f, Some("admin"), &["slots", "remove", id], 5);
        refused(&f, Some("admin"), &["slots", "remove", "2", id], 5);
        refused(
            &f,
            Some("admin"),
            &[
                "slots", "declare", "--doctor", id, "--date", TOMORROW, "--from", "12:00", "--to",
                "13:00",
            ],
            5,
        );
        refused(&f, Some("admin"), &["assign", id, "1"], 5);
        refused(&f, Some("admin"), &["assign", "1", id], 5);
        refused(&f, Some("admin"), &["export", "ics", "--doctor", id], 5);
        refused(&f, Some("admin"), &["patients", "archive", id], 5);
        refused(&f, Some("admin"), &["waitlist", "leave", id], 5);
    }
    // Negative ids (after `--`, so they are not taken for flags) do not exist either.
    refused(&f, None, &["doctor", "--", "-1"], 5);
    refused(&f, Some("admin"), &["appointment", "--", "-1"], 5);
    refused(
        &f,
        Some("admin"),
        &["cancel", "--", "-9223372036854775808"],
        5,
    );
    refused(&f, Some("bob"), &["book", "--", "-2"], 5);
}

#[test]
fn numbers_that_are_not_numbers_or_out_of_range_are_usage_errors() {
    let f = clinic();
    for n in [
        "-1",
        "1.5",
        "1e3",
        "",
        "one",
        "99999999999999999999",
        "0x10",
        "١",
    ] {
        refused(&f, Some("admin"), &["appointment", n], 2);
        refused(&f, Some("bob"), &["book", n], 2);
        refused(&f, Some("admin"), &["audit", "--limit", n], 2);
        refused(
            &f,
            Some("admin"),
            &[
                "slots", "declare", "--doctor", "1", "--date", TOMORROW, "--from", "12:00", "--to",
                "13:00", "--length", n,
            ],
            2,
        );
        refused(
            &f,
            Some("admin"),
            &[
                "register",
                "--role",
                "doctor",
                "--username",
                "newdoc",
                "--full-name",
                "New Doc",
                "--specialty",
                "X",
                "--fee",
                n,
            ],
            2,
        );
    }
    refused(&f, Some("admin"), &["appointment", "1", "2"], 2);
    refused(&f, Some("admin"), &["slots", "remove"], 2);
    // Numbers that parse but make no sense.
    for args in [
        &["settings", "--slot-minutes", "0"][..],
        &["settings", "--slot-minutes", "4294967295"],
        &["settings", "--hold-minutes", "0"],
        &["settings", "--hold-minutes", "4294967295"],
        &["settings", "--idle-lock-minutes", "4294967295"],
        &["settings", "--opens", "22:00", "--closes", "08:00"],
        &["doctors", "edit", "1", "--max-per-day", "0"],
        &["doctors", "edit", "1", "--max-per-day", "4294967295"],
        &["doctors", "edit", "1", "--max-minutes", "4294967295"],
        &["doctors", "edit", "1", "--fee", "4294967295"],
        &["report", "utilization", "--from", TOMORROW, "--to", TODAY],
        &[
            "report",
            "utilization",
            "--from",
            "2030-01-01",
            "--to",
            "2031-06-01",
        ],
    ] {
        refused(&f, Some("admin"), args, 7);
    }
    for h in ["NaN", "inf", "24.5", "1e308", "25"] {
        refused(
            &f,
            Some("admin"),
            &["report", "busy", "--date", TOMORROW, "--min-hours", h],
            7,
        );
    }
}

#[test]
fn empty_strings_are_refused() {
    let f = clinic();
    let register = |username: &str, full_name: &str| {
        vec![
            "register".to_string(),
            "--role".into(),
            "patient".into(),
            "--username".into(),
            username.into(),
            "--full-name".into(),
            full_name.into(),
        ]
    };
    refused(&f, None, &register("", "Empty User"), 7);
    refused(&f, None, &register("emptyname", ""), 7);
    refused(&f, None, &register("emptyname", "   "), 7);
    refused(
        &f,
        Some("admin"),
        &["patients", "add", "--full-name", ""],
        7,
    );
    refused(
        &f,
        Some("admin"),
        &[
            "register",
            "--role",
            "doctor",
            "--username",
            "newdoc",
            "--full-name",
            "New Doc",
            "--specialty",
            "",
        ],
        7,
    );
    refused(&f, Some("admin"), &["appointments", "--status", ""], 7);
    refused(
        &f,
        Some("ann"),
        &["waitlist", "add", "--specialty", "", "--date", TOMORROW],
        7,
    );
    refused(&f, Some("admin"), &["book", ""], 2);
    refused(&f, None, &["doctor", ""], 2);
    // An empty password is no password.
    let before = f.fingerprint();
    let out = f
        .cmd()
        .args(["--user", "ann", "appointments"])
        .env("CLINIC_PASSWORD", "")
        .output()
        .unwrap();
    assert_error(&out, 3);
    assert_eq!(f.fingerprint(), before);
    // An empty --user is no user: an admin-only command then needs a sign-in.
    refused(&f, None, &["--user", "", "audit"], 3);
}

#[test]
fn huge_strings_are_refused_without_echoing_them() {
    let f = clinic();
    let huge = "x".repeat(100 * 1024);
    let h = huge.as_str();
    refused(
        &f,
        None,
        &[
            "register",
            "--role",
            "patient",
            "--username",
            "bigname",
            "--full-name",
            h,
        ],
        7,
    );
    refused(
        &f,
        None,
        &[
            "register",
            "--role",
            "patient",
            "--username",
            h,
            "--full-name",
            "Big User",
        ],
        7,
    );
    refused(
        &f,
        None,
        &[
            "register",
            "--role",
            "patient",
            "--username",
            "bigmail",
            "--full-name",
            "Big Mail",
            "--email",
            h,
        ],
        7,
    );
    refused(
        &f,
        Some("admin"),
        &["patients", "add", "--full-name", "Walk In", "--notes", h],
        7,
    );
    refused(&f, Some("admin"), &["patients", "--search", h], 7);
    refused(&f, Some("admin"), &["appointments", "--search", h], 7);
    refused(&f, Some("bob"), &["book", "2", "--reason", h], 7);
    refused(&f, Some("ann"), &["cancel", "1", "--reason", h], 7);
    // An override reason counts only when the limit is reached: make it so.
    f.json(
        Some("admin"),
        &["doctors", "edit", "1", "--max-per-day", "1"],
    );
    refused(
        &f,
        Some("admin"),
        &["book", "2", "--patient", "2", "--override", h],
        7,
    );
    refused(
        &f,
        Some("ann"),
        &["waitlist", "add", "--specialty", h, "--date", TOMORROW],
        7,
    );
    refused(&f, None, &["slots", "--date", h], 7);
    refused(
        &f,
        Some("admin"),
        &[
            "slots", "declare", "--doctor", "1", "--date", TOMORROW, "--from", h, "--to", "13:00",
        ],
        7,
    );
    // An unknown (huge) user name is a failed sign-in.
    refused(&f, Some(h), &["appointments"], 3);
    // A huge number is still just a number that does not fit.
    let digits = "9".repeat(100 * 1024);
    refused(&f, Some("admin"), &["appointment", &digits], 2);
}

#[test]
fn non_utf8_arguments_are_usage_errors() {
    let f = clinic();
    let bad = |prefix: &[u8]| {
        let mut b = prefix.to_vec();
        b.extend_from_slice(b"\xff\xfe\x80");
        OsString::from_vec(b)
    };
    let cases: Vec<Vec<OsString>> = vec![
        vec!["book".into(), bad(b"1")],
        vec!["doctor".into(), bad(b"")],
        vec!["slots".into(), "--date".into(), bad(b"2030-01-08")],
        vec!["patients".into(), "--search".into(), bad(b"Ann")],
        vec!["appointments".into(), "--search".into(), bad(b"Ann")],
        vec!["doctors".into(), "--specialty".into(), bad(b"Card")],
        vec![
            "register".into(),
            "--role".into(),
            "patient".into(),
            "--username".into(),
            "utf".into(),
            "--full-name".into(),
            bad(b"Ann"),
        ],
        vec!["book".into(), "2".into(), "--reason".into(), bad(b"")],
        vec!["--user".into(), bad(b"ann"), "appointments".into()],
        vec![bad(b"book"), "2".into()],
        vec![bad(b"--"), "book".into()],
    ];
    for args in &cases {
        refused(&f, Some("admin"), args, 2);
    }
    // A path is not text: a non-UTF-8 database name is a file name like any other. One
    // that does not exist is not created by a command that only reads.
    let odd = f.dir().join(OsStr::from_bytes(b"caf\xe9.db"));
    let out = f.cmd_on(&odd).arg("doctors").output().unwrap();
    assert_error(&out, 8);
    assert!(!odd.exists());
    f.cmd_on(&odd)
        .args(["init", "--admin", "admin"])
        .env("CLINIC_NEW_PASSWORD", PASSWORD)
        .assert()
        .success();
    f.cmd_on(&odd).arg("check").assert().success();
    let odd_backup = f.dir().join(OsStr::from_bytes(b"backup-\xff.db"));
    let out = f
        .cmd_on(&odd)
        .args(["--json", "backup"])
        .arg(&odd_backup)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    f.cmd_on(&odd_backup).arg("check").assert().success();
}

#[test]
fn sql_looking_text_is_just_text() {
    let f = clinic();
    let sql = [
        "'; DROP TABLE slots; --",
        "\" OR 1=1 --",
        "x') UNION SELECT password_hash FROM accounts --",
        "%",
        "_",
        "\\",
        "%'--",
    ];
    let before = f.fingerprint();
    for s in sql {
        for (user, args) in [
            (Some("admin"), vec!["patients", "--search", s]),
            (Some("admin"), vec!["appointments", "--search", s]),
            (None, vec!["doctors", "--specialty", s]),
            (None, vec!["slots", "--date", TOMORROW, "--specialty", s]),
        ] {
            let v = f.json(user, &args);
            assert_eq!(v, serde_json::json!([]), "{args:?} matched something");
        }
        // Not a username; not an account.
        refused(
            &f,
            None,
            &[
                "register",
                "--role",
                "patient",
                "--username",
                s,
                "--full-name",
                "Evil Name",
            ],
            7,
        );
        refused(&f, Some(s), &["appointments"], 3);
        refused(&f, None, &["slots", "--date", s], 7);
        refused(&f, Some("admin"), &["appointments", "--status", s], 7);
    }
    assert_eq!(f.fingerprint(), before);
    // Plain searches still work.
    let v = f.json(Some("admin"), &["patients", "--search", "able"]);
    assert_eq!(v.as_array().unwrap().len(), 1);

    // As a name it is stored and shown verbatim, and every table is still there.
    let name = "Robert'); DROP TABLE patients; --";
    let p = f.json(Some("admin"), &["patients", "add", "--full-name", name]);
    assert_eq!(p["full_name"], name);
    let found = f.json(Some("admin"), &["patients", "--search", "drop table"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["full_name"], name);
    let a = f.json(
        Some("admin"),
        &[
            "book",
            "2",
            "--patient",
            &p["id"].to_string(),
            "--reason",
            "'; DELETE FROM appointments; --",
        ],
    );
    assert_eq!(a["reason"], "'; DELETE FROM appointments; --");
    assert_eq!(a["patient_name"], name);
    assert_eq!(
        f.json(Some("admin"), &["appointments"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        f.json(None, &["slots", "--date", TOMORROW])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    f.assert_check_ok();
}
