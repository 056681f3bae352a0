//! SPEC §14, attacked as an outsider and used as a careless operator would: the lockout under
//! parallel guessing, usernames that cannot be told apart, escape sequences and formulas in
//! typed text, hoarded holds, logins that should be closed, the demo on a real clinic, backups
//! under load and through links, files that are not clinics, racing first `init`s, clock
//! changes, invisible characters and plain messages. Each test failed before the fix.

mod support;

use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use support::cli::*;
use support::{PASSWORD, TOMORROW};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A clinic with a patient `ann` (PASSWORD), a doctor `dr.lee` and slots tomorrow 09–12.
fn clinic() -> (Fixture, i64, i64, Vec<i64>) {
    let f = Fixture::new();
    let ann = f.add_patient("ann", "Ann Archer");
    let lee = f.add_doctor("dr.lee", "Ada Lee", "Cardiology");
    let slots = f.declare(lee, TOMORROW, "09:00", "12:00");
    (f, ann, lee, slots)
}

/// The audit actions recorded for `username`, oldest first.
fn audit_actions(f: &Fixture, username: &str) -> Vec<String> {
    let log = f.json(Some("admin"), &["audit", "--limit", "10000"]);
    let mut actions: Vec<String> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["username"] == username)
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    actions.reverse();
    actions
}

fn count(actions: &[String], action: &str) -> usize {
    actions.iter().filter(|a| *a == action).count()
}

/// Runs every command at once and returns their outputs in order.
fn all_at_once(commands: Vec<Command>) -> Vec<Output> {
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

// 1. The lockout under parallel guessing.

#[test]
fn sixty_processes_guessing_at_once_get_five_passwords_checked_and_no_more() {
    let (f, ann, _, _) = clinic();
    let guesses: Vec<Command> = (0..60)
        .map(|i| {
            let mut c = f.std_cmd();
            c.args(["--user", "ann", "history", &ann.to_string()])
                .env("CLINIC_PASSWORD", format!("guess-number-{i}"));
            c
        })
        .collect();
    let outs = all_at_once(guesses);
    assert!(outs.iter().all(|o| o.status.code() == Some(3)));
    let actions = audit_actions(&f, "ann");
    assert_eq!(count(&actions, "login_failed"), 5, "{actions:?}");
    assert_eq!(count(&actions, "login_locked"), 55, "{actions:?}");
    // The lock was recorded before the right password came: it is refused too.
    let out = f
        .as_user("ann")
        .args(["history", &ann.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
}

#[test]
fn the_right_password_among_parallel_guesses_never_lets_more_than_five_through() {
    let (f, ann, _, _) = clinic();
    let commands: Vec<Command> = (0..50)
        .map(|i| {
            let mut c = f.std_cmd();
            let password = if i == 25 {
                PASSWORD.to_string()
            } else {
                format!("guess-{i}")
            };
            c.args(["--user", "ann", "history", &ann.to_string()])
                .env("CLINIC_PASSWORD", password);
            c
        })
        .collect();
    let outs = all_at_once(commands);
    let actions = audit_actions(&f, "ann");
    let checked = count(&actions, "login_failed") + count(&actions, "login");
    // A success clears the failures before it, so up to five more may follow it; without
    // the right one, five in all.
    let ok = outs.iter().filter(|o| o.status.success()).count();
    assert!(ok <= 1);
    assert!(
        checked <= 5 + 5 * ok,
        "{checked} passwords checked: {actions:?}"
    );
    assert_eq!(count(&actions, "login_locked") + checked, 50);
}

// 2. Usernames cannot be told apart.

#[test]
fn unknown_wrong_and_locked_get_the_same_answer_and_exit_code() {
    let (f, ann, _, _) = clinic();
    let attempt = |user: &str, password: &str| {
        f.cmd()
            .args(["--user", user, "history", &ann.to_string()])
            .env("CLINIC_PASSWORD", password)
            .output()
            .unwrap()
    };
    let unknown = attempt("nobody-here", "whatever-pass");
    let wrong = attempt("ann", "wrong-password");
    for _ in 0..5 {
        attempt("ann", "wrong-password");
        attempt("nobody-here", "wrong-password");
    }
    let locked = attempt("ann", PASSWORD);
    let unknown_after = attempt("nobody-here", "whatever-pass");
    for out in [&unknown, &wrong, &locked, &unknown_after] {
        assert_eq!(out.status.code(), Some(3));
        assert_eq!(stderr(out), stderr(&unknown));
    }
    // An unknown name locks like a real one: "locked" tells nothing.
    let actions = audit_actions(&f, "nobody-here");
    assert_eq!(actions.last().map(String::as_str), Some("login_locked"));
}

// 3. Terminal injection.

#[test]
fn escape_sequences_typed_as_a_username_never_reach_the_terminal() {
    let (f, ann, _, _) = clinic();
    let evil = "\u{1b}]0;owned\u{7}\u{1b}[31mred\u{1b}[2J";
    let out = f
        .cmd()
        .args(["--user", evil, "history", &ann.to_string()])
        .env("CLINIC_PASSWORD", "whatever-pass")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let audit = f.as_user("admin").arg("audit").output().unwrap();
    assert!(audit.status.success());
    let text = String::from_utf8_lossy(&audit.stdout);
    assert!(text.contains("login_failed"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "raw escapes in: {text:?}"
    );
    assert!(text.contains("[31mred"), "shown, not obeyed: {text:?}");
    // Also in errors that echo what was typed.
    let out = f
        .cmd()
        .args(["slots", "--date", "\u{1b}[31m2030"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert!(!stderr(&out).contains('\u{1b}'), "{:?}", stderr(&out));
    let out = f
        .cmd()
        .args(["--json", "slots", "--date", "\u{1b}[31m2030"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

#[test]
fn the_tui_audit_log_draws_a_hostile_username_as_text() {
    use clinic::tui::{app::App, theme::Theme};
    let clinic = support::demo::demo_clinic();
    let evil = "\u{1b}]0;owned\u{7}\u{1b}[31mred";
    assert!(clinic.login(evil, "whatever-pass").is_err());
    let mut app = App::new(clinic, true, Theme::plain());
    let terminal =
        support::demo::terminal_80x24(&mut app, support::demo::login("admin").text("8").pause());
    let buffer = terminal.backend().buffer();
    let text: String = buffer.content().iter().map(|c| c.symbol()).collect();
    assert!(
        text.contains("\u{fffd}]0;owned"),
        "the attempt is listed: {text}"
    );
    assert!(
        buffer
            .content()
            .iter()
            .all(|c| !c.symbol().chars().any(|ch| ch.is_control())),
        "a control character reached the screen"
    );
}

// 4. CSV formula injection.

#[test]
fn names_and_reasons_that_look_like_formulas_are_quoted_in_the_csv() {
    let (f, _, _, slots) = clinic();
    let out = f
        .as_user("admin")
        .args([
            "--json",
            "patients",
            "add",
            "--full-name",
            "=HYPERLINK(\"http://evil.example\",\"Click\")",
            "--phone",
            "+1 555 0100",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let patient = id_of(&out);
    f.json(
        Some("admin"),
        &[
            "book",
            &slots[0].to_string(),
            "--patient",
            &patient.to_string(),
            "--reason",
            "=cmd|' /C calc'!A0",
        ],
    );
    let out = f
        .as_user("admin")
        .args(["export", "csv", "--date", TOMORROW])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let row = reader.records().next().unwrap().unwrap();
    let cells: Vec<&str> = row.iter().collect();
    assert!(
        cells.contains(&"'=HYPERLINK(\"http://evil.example\",\"Click\")"),
        "{cells:?}"
    );
    assert!(cells.contains(&"'=cmd|' /C calc'!A0"), "{cells:?}");
    assert!(cells.contains(&"'+1 555 0100"), "{cells:?}");
    for cell in cells {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?} would run in a spreadsheet"
        );
    }
}

// 5. Hold hoarding.

#[test]
fn a_patient_holds_at_most_two_slots_never_overlapping_and_holds_count_for_r3() {
    let (f, ann, lee, slots) = clinic();
    let hold = |slot: i64| f.as_user("ann").args(["hold", &slot.to_string()]).output();
    assert!(hold(slots[0]).unwrap().status.success());
    assert!(hold(slots[1]).unwrap().status.success());
    // Renewing a hold is not a new one.
    assert!(hold(slots[1]).unwrap().status.success());
    let third = hold(slots[2]).unwrap();
    assert_eq!(third.status.code(), Some(6), "{}", stderr(&third));
    assert!(
        stderr(&third).contains("already hold 2"),
        "{}",
        stderr(&third)
    );
    // Another doctor at 09:00: overlaps the slot ann holds.
    let kim = f.add_doctor("dr.kim", "Kim Park", "Dermatology");
    let other = f.declare(kim, TOMORROW, "09:00", "10:00");
    f.as_user("ann")
        .args(["release", &slots[1].to_string()])
        .assert()
        .success();
    let overlap = hold(other[0]).unwrap();
    assert_eq!(overlap.status.code(), Some(6), "{}", stderr(&overlap));
    // Booking over held time is refused too (R3 counts holds).
    let book = f
        .as_user("ann")
        .args(["book", &other[0].to_string()])
        .output()
        .unwrap();
    assert_eq!(book.status.code(), Some(6), "{}", stderr(&book));
    assert!(stderr(&book).contains("holding"), "{}", stderr(&book));
    // The front desk is not limited in number.
    let bob = f.add_patient("bob", "Bob Baker");
    for s in &slots[2..6] {
        f.as_user("admin")
            .args(["hold", &s.to_string(), "--patient", &bob.to_string()])
            .assert()
            .success();
    }
    let _ = (ann, lee);
}

// 6. Closed logins.

#[test]
fn deactivated_doctors_and_archived_patients_cannot_sign_in() {
    let (f, ann, lee, _) = clinic();
    f.as_user("admin")
        .args(["doctors", "deactivate", &lee.to_string()])
        .assert()
        .success();
    let out = f.as_user("dr.lee").args(["patients"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("deactivated"), "{}", stderr(&out));
    f.as_user("admin")
        .args(["patients", "archive", &ann.to_string()])
        .assert()
        .success();
    let out = f
        .as_user("ann")
        .args(["history", &ann.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("archived"), "{}", stderr(&out));
    // Back again, they can.
    f.as_user("admin")
        .args(["doctors", "activate", &lee.to_string()])
        .assert()
        .success();
    f.as_user("dr.lee").args(["patients"]).assert().success();
}

// 7. The demo on a real clinic.

#[test]
fn demo_refuses_a_clinic_that_has_its_first_admin() {
    let f = Fixture::empty();
    f.cmd()
        .args(["init", "--admin", "desk"])
        .env("CLINIC_NEW_PASSWORD", PASSWORD)
        .assert()
        .success();
    let out = f.cmd().args(["demo", "--doctors", "2"]).output().unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    // No demo login with its published password was planted.
    for user in ["admin", "frontdesk", "doctor1", "patient1"] {
        let out = f
            .cmd()
            .args(["--user", user, "audit"])
            .env("CLINIC_PASSWORD", "demo-pass")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{user} exists");
    }
    assert_eq!(f.json(None, &["doctors"]), Value::Array(vec![]));
}

// 8. Staff usernames.

#[test]
fn patients_see_who_cancelled_by_role_or_name_never_by_username() {
    let (f, ann, _, slots) = clinic();
    let a = f.json(Some("ann"), &["book", &slots[0].to_string()]);
    let id = a["id"].to_string();
    f.json(Some("admin"), &["cancel", &id, "--reason", "doctor away"]);
    let seen = f.json(Some("ann"), &["appointment", &id]);
    assert_eq!(seen["cancelled_by"], "the front desk");
    let text = seen.to_string();
    assert!(!text.contains("\"admin\""), "{text}");
    let b = f.json(Some("ann"), &["book", &slots[1].to_string()]);
    f.json(
        Some("dr.lee"),
        &["cancel", &b["id"].to_string(), "--reason", "ill"],
    );
    let seen = f.json(Some("ann"), &["history", &ann.to_string()]);
    let cancelled_by: Vec<&Value> = seen
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["cancelled_by"])
        .collect();
    assert!(cancelled_by.contains(&&Value::from("Ada Lee")), "{seen}");
    assert!(!seen.to_string().contains("dr.lee"), "{seen}");
}

// 9 and 10. Backups.

#[test]
fn a_backup_never_follows_a_link_at_the_destination_and_is_private() {
    let (f, _, _, _) = clinic();
    let target = f.dir().join("elsewhere").join("stolen.db");
    std::fs::create_dir(f.dir().join("elsewhere")).unwrap();
    let link = f.dir().join("backup.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = f.cmd().arg("backup").arg(&link).output().unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(!target.exists(), "the link was followed");
    let good = f.dir().join("good.db");
    f.cmd().arg("backup").arg(&good).assert().success();
    let mode = std::fs::metadata(&good).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    f.cmd_on(&good).arg("check").assert().success();
    // Nothing but the backup was left beside it.
    let names: Vec<String> = std::fs::read_dir(f.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("good"))
        .collect();
    assert_eq!(names, ["good.db"]);
}

#[test]
fn a_backup_finishes_while_eight_processes_keep_booking() {
    let f = Fixture::empty();
    f.cmd()
        .args([
            "demo",
            "--doctors",
            "40",
            "--patients",
            "2000",
            "--days",
            "60",
        ])
        .assert()
        .success();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let booked = std::sync::atomic::AtomicUsize::new(0);
    let started = Instant::now();
    let backup = f.dir().join("nightly.db");
    let result = std::thread::scope(|s| {
        for k in 0..8 {
            let (f, stop, booked) = (&f, &stop, &booked);
            s.spawn(move || {
                // Each booker walks its own doctor's free slots tomorrow and after.
                let doctor = (k + 1).to_string();
                let mut day = 1;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) && day < 40 {
                    let date = format!("2030-01-{:02}", 7 + day);
                    let free = f.json(
                        None,
                        &[
                            "slots", "--date", &date, "--doctor", &doctor, "--free", "--limit", "1",
                        ],
                    );
                    let Some(slot) = free.as_array().and_then(|l| l.first()) else {
                        day += 1;
                        continue;
                    };
                    let out = f
                        .cmd()
                        .args(["--user", "admin", "book", &slot["id"].to_string()])
                        .args(["--patient", &(k * 10 + day + 1).to_string()])
                        .args(["--override", "load test"])
                        .env("CLINIC_PASSWORD", "demo-pass")
                        .output()
                        .unwrap();
                    if out.status.success() {
                        booked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    day += 1;
                }
            });
        }
        // Let the bookers get going, then back up; the old online backup restarted after
        // every commit and never finished under this load.
        std::thread::sleep(Duration::from_millis(500));
        let mut child = f
            .std_cmd()
            .arg("backup")
            .arg(&backup)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(120);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        status
    });
    let status = result.expect("the backup did not finish while others booked");
    assert!(status.success());
    assert!(
        booked.load(std::sync::atomic::Ordering::Relaxed) > 0,
        "nobody booked"
    );
    let _ = started;
    f.cmd_on(&backup).arg("check").assert().success();
    f.assert_check_ok();
}

#[test]
fn a_backup_that_runs_out_of_room_blames_the_destination_and_leaves_nothing() {
    let (f, _, _, _) = clinic();
    let size = std::fs::metadata(&f.db).unwrap().len();
    let dest = f.dir().join("full").join("backup.db");
    std::fs::create_dir(f.dir().join("full")).unwrap();
    let out = with_file_size_limit(&f, size / 3, &["backup", dest.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("backup"), "{err}");
    assert!(!err.contains("database"), "blames the database: {err}");
    assert_eq!(
        std::fs::read_dir(f.dir().join("full")).unwrap().count(),
        0,
        "a partial file or a journal was left"
    );
}

/// Runs `clinic ARGS` where no file may grow past `bytes`: a stand-in for a full disk.
/// SIGXFSZ is ignored (the shell's `trap` is inherited), so a write fails instead of killing.
fn with_file_size_limit(f: &Fixture, bytes: u64, args: &[&str]) -> Output {
    let plain = f.std_cmd();
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(r#"trap "" XFSZ; exec prlimit --fsize="$0" "$@""#)
        .arg(bytes.to_string())
        .arg(plain.get_program())
        .args(plain.get_args());
    for (k, v) in plain.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd.args(args)
        .output()
        .expect("run clinic under prlimit (util-linux)")
}

#[test]
fn a_full_disk_is_named_as_such_not_as_a_stranger_file() {
    let (f, _, _, _) = clinic();
    // Close the clinic cleanly, so opening it needs new -wal and -shm files.
    f.cmd().arg("check").assert().success();
    let out = with_file_size_limit(&f, 1000, &["doctors"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(8), "{err}");
    assert!(err.contains("cannot use"), "{err}");
    assert!(err.contains("disk"), "{err}");
    assert!(!err.contains("not a clinic"), "{err}");
    assert_eq!(
        err.lines().count(),
        1,
        "one line, nothing from the logger: {err}"
    );
}

// 11. Files that are not clinics.

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn an_empty_file_or_a_cut_backup_is_refused_untouched_by_every_command_but_init() {
    let (f, _, _, _) = clinic();
    let good = f.dir().join("whole.db");
    f.cmd().arg("backup").arg(&good).assert().success();
    let whole = std::fs::read(&good).unwrap();
    let dir = f.dir().join("strangers");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("empty.db"), b"").unwrap();
    std::fs::write(dir.join("cut.db"), &whole[..whole.len() / 2]).unwrap();
    for name in ["empty.db", "cut.db"] {
        let path = dir.join(name);
        for args in [
            vec!["check"],
            vec!["doctors"],
            vec!["slots", "--date", TOMORROW],
            vec!["backup", dir.join("copy.db").to_str().unwrap()],
        ] {
            let before = snapshot(&dir);
            let out = f.cmd_on(&path).args(&args).output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(8),
                "{name} {args:?}: {}",
                stderr(&out)
            );
            assert!(!stderr(&out).contains("ok"), "{}", stderr(&out));
            assert_eq!(snapshot(&dir), before, "{name} {args:?} touched the files");
        }
    }
    // `init` makes a clinic of the empty file.
    f.cmd_on(&dir.join("empty.db"))
        .args(["init", "--admin", "desk"])
        .env("CLINIC_NEW_PASSWORD", PASSWORD)
        .assert()
        .success();
    f.cmd_on(&dir.join("empty.db"))
        .arg("check")
        .assert()
        .success();
}

// 12. First `init`s racing.

#[test]
fn sixteen_identical_first_inits_all_succeed_with_one_admin() {
    let f = Fixture::empty();
    let commands: Vec<Command> = (0..16)
        .map(|_| {
            let mut c = f.std_cmd();
            c.args(["--json", "init", "--admin", "desk"])
                .env("CLINIC_NEW_PASSWORD", PASSWORD);
            c
        })
        .collect();
    let outs = all_at_once(commands);
    for out in &outs {
        assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    }
    let created = outs
        .iter()
        .filter(|o| serde_json::from_slice::<Value>(&o.stdout).unwrap()["created"] == true)
        .count();
    assert_eq!(created, 1);
    f.as_user("desk").arg("audit").assert().success();
}

// 15. Clock changes.

/// London's rules as a POSIX TZ string: no time-zone database needed.
const LONDON: &str = "GMT0BST,M3.5.0/1,M10.5.0";

#[test]
fn a_time_the_clocks_skip_is_refused_and_a_visit_over_the_change_lasts_its_minutes() {
    let f = Fixture::new();
    let lee = f.add_doctor("dr.lee", "Ada Lee", "Cardiology");
    let ann = f.add_patient("ann", "Ann Archer");
    f.as_user("admin")
        .args(["settings", "--opens", "00:00", "--closes", "23:55"])
        .assert()
        .success();
    // 2030-03-31 01:00 → 02:00 in London: 01:30 does not exist.
    let out = f
        .as_user("admin")
        .env("TZ", LONDON)
        .args(["slots", "declare", "--doctor", &lee.to_string()])
        .args([
            "--date",
            "2030-03-31",
            "--from",
            "01:30",
            "--to",
            "02:30",
            "--length",
            "60",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    // 2030-10-27 02:00 → 01:00: a visit at 00:30 for 60 minutes ends an hour later.
    let slot = f.json(
        Some("admin"),
        &[
            "slots",
            "declare",
            "--doctor",
            &lee.to_string(),
            "--date",
            "2030-10-27",
            "--from",
            "00:30",
            "--to",
            "01:30",
            "--length",
            "60",
        ],
    );
    let slot = slot[0]["id"].to_string();
    f.json(
        Some("admin"),
        &["book", &slot, "--patient", &ann.to_string()],
    );
    let out = f
        .as_user("admin")
        .env("TZ", LONDON)
        .args(["export", "ics", "--patient", &ann.to_string()])
        .output()
        .unwrap();
    let ics = String::from_utf8_lossy(&out.stdout);
    assert!(ics.contains("DTSTART:20301026T233000Z"), "{ics}");
    assert!(ics.contains("DTEND:20301027T003000Z"), "{ics}");
}

// 16. Invisible characters.

#[test]
fn names_with_invisible_or_bidi_characters_are_refused_and_names_are_nfc() {
    let f = Fixture::new();
    for bad in [
        "Paula One\u{200b}",
        "Ann\u{202e}rehcrA",
        "Ann\u{2028}Archer",
    ] {
        let out = f
            .as_user("admin")
            .args(["patients", "add", "--full-name", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(7), "{bad:?}: {}", stderr(&out));
    }
    let p = f.json(
        Some("admin"),
        &["patients", "add", "--full-name", "  E\u{301}mile Zola "],
    );
    assert_eq!(p["full_name"], "\u{c9}mile Zola");
}

// 17. Plain messages.

#[test]
fn usage_errors_with_json_print_the_json_error_object() {
    let f = Fixture::new();
    let out = f
        .cmd()
        .args(["--json", "slots", "--bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).expect("a JSON error object");
    assert_eq!(v["error"]["kind"], "usage");
    assert!(v["error"]["message"].as_str().unwrap().contains("--bogus"));
}

#[test]
fn the_last_day_of_year_9999_is_listed_like_any_other_and_limit_zero_is_refused_alike() {
    let f = Fixture::new();
    let lee = f.add_doctor("dr.lee", "Ada Lee", "Cardiology");
    let ann = f.add_patient("ann", "Ann Archer");
    let slots = f.declare(lee, "9999-12-31", "09:00", "10:00");
    f.json(
        Some("admin"),
        &["book", &slots[0].to_string(), "--patient", &ann.to_string()],
    );
    let listed = f.json(Some("admin"), &["slots", "--free", "--date", "9999-12-31"]);
    assert_eq!(listed.as_array().unwrap().len(), 1, "the free one");
    let all = f.json(Some("admin"), &["slots", "--date", "9999-12-31"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    let top = f.json(Some("admin"), &["report", "top", "--date", "9999-12-31"]);
    assert_eq!(top.as_array().unwrap().len(), 1);
    for args in [
        vec!["slots", "--limit", "0"],
        vec!["--user", "admin", "appointments", "--limit", "0"],
    ] {
        let out = f
            .cmd()
            .env("CLINIC_PASSWORD", PASSWORD)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

/// Runs `clinic ARGS` as the unprivileged `nobody` (tests often run as root, whom
/// permissions do not stop).
fn as_nobody(f: &Fixture, db: &Path, args: &[&str]) -> Output {
    let plain = f.std_cmd_on(db);
    let root = std::fs::metadata("/proc/self").map(|m| {
        use std::os::unix::fs::MetadataExt;
        m.uid() == 0
    });
    let mut cmd = if root.unwrap_or(false) {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(plain.get_program());
        c
    } else {
        Command::new(plain.get_program())
    };
    cmd.args(plain.get_args());
    for (k, v) in plain.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd.args(args)
        .output()
        .expect("run clinic (setpriv is in util-linux)")
}

#[test]
fn a_read_only_folder_is_named_as_such_not_as_a_stranger_file() {
    let (f, _, _, _) = clinic();
    let dir = f.dir().join("ro");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("clinic.db");
    f.cmd().arg("backup").arg(&db).assert().success();
    std::fs::set_permissions(f.dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = as_nobody(&f, &db, &["doctors"]);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(8), "{err}");
    assert!(err.contains("not writable"), "{err}");
    assert!(!err.contains("not a clinic"), "{err}");
}

// 13. The R4 override of a reschedule is audited.

#[test]
fn a_reschedule_past_the_daily_limit_records_its_override_in_the_audit_log() {
    let f = Fixture::new();
    let out = f
        .as_user("admin")
        .env("CLINIC_NEW_PASSWORD", PASSWORD)
        .args([
            "--json",
            "register",
            "--role",
            "doctor",
            "--username",
            "dr.one",
        ])
        .args([
            "--full-name",
            "Una One",
            "--specialty",
            "Cardiology",
            "--max-per-day",
            "1",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let one = id_of(&out);
    let ann = f.add_patient("ann", "Ann Archer");
    let bob = f.add_patient("bob", "Bob Baker");
    let tomorrow = f.declare(one, TOMORROW, "09:00", "10:00");
    let later = f.declare(one, "2030-01-09", "09:00", "10:00");
    f.json(
        Some("admin"),
        &[
            "book",
            &tomorrow[0].to_string(),
            "--patient",
            &ann.to_string(),
        ],
    );
    let b = f.json(
        Some("admin"),
        &["book", &later[0].to_string(), "--patient", &bob.to_string()],
    );
    let out = f
        .as_user("admin")
        .args(["reschedule", &b["id"].to_string(), &tomorrow[1].to_string()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(6),
        "the limit holds without a reason"
    );
    f.json(
        Some("admin"),
        &[
            "reschedule",
            &b["id"].to_string(),
            &tomorrow[1].to_string(),
            "--override",
            "urgent follow-up",
        ],
    );
    let log = f.json(Some("admin"), &["audit", "--limit", "5"]);
    let entry = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "reschedule")
        .expect("the reschedule is audited");
    assert!(
        entry["detail"]
            .as_str()
            .unwrap()
            .contains("override: urgent follow-up"),
        "{entry}"
    );
}

// 14. Name search in every script, without accents.

#[test]
fn name_search_ignores_case_and_accents_in_every_script() {
    let f = Fixture::new();
    let lee = f.add_doctor("dr.lee", "Ada Lee", "Cardiology");
    let slots = f.declare(lee, TOMORROW, "09:00", "11:00");
    for (i, name) in [
        "Émile Zola",
        "Ångström Lind",
        "Ελένη Παπαδοπούλου",
        "Anna Ivanova",
    ]
    .iter()
    .enumerate()
    {
        let p = f.json(
            Some("admin"),
            &[
                "patients",
                "add",
                "--full-name",
                name,
                "--phone",
                "+44 20 7946 0958",
            ],
        );
        f.json(
            Some("admin"),
            &[
                "book",
                &slots[i].to_string(),
                "--patient",
                &p["id"].to_string(),
            ],
        );
    }
    let found = |args: &[&str]| -> Vec<String> {
        f.json(Some("admin"), args)
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p.get("patient_name")
                    .unwrap_or(&p["full_name"])
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    for (typed, name) in [
        ("émile", "Émile Zola"),
        ("EMILE", "Émile Zola"),
        ("angstrom", "Ångström Lind"),
        ("ÅNGSTRÖM", "Ångström Lind"),
        ("ελενη", "Ελένη Παπαδοπούλου"),
        ("ΕΛΈΝΗ", "Ελένη Παπαδοπούλου"),
        ("zo", "Émile Zola"),
    ] {
        assert_eq!(found(&["patients", "--search", typed]), [name], "{typed}");
        assert_eq!(
            found(&["appointments", "--search", typed]),
            [name],
            "{typed}"
        );
    }
    assert_eq!(found(&["patients", "--search", "7946 0958"]).len(), 4);
}
